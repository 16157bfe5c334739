"""NPS with intervals: monthly NPS of customers served through social media, with 95%
confidence intervals, and whether the last change is more than noise.

    python examples/python/nps_with_intervals.py
"""

from __future__ import annotations

import random

import otklik

# Survey answers (0-10) of three months: a fixed seed stands in for a real survey export.
rng = random.Random(2025)
weights = {
    "2025-07": [2, 1, 1, 2, 2, 4, 6, 14, 20, 24, 24],
    "2025-08": [1, 1, 1, 2, 2, 3, 5, 13, 20, 26, 26],
    "2025-09": [1, 1, 1, 1, 2, 3, 4, 12, 20, 27, 28],
}
months = {m: otklik.nps(rng.choices(range(11), weights=w, k=300)) for m, w in weights.items()}

for month, r in months.items():
    interval = r.interval(confidence=0.95)  # adjusted-Wald: good coverage at any n
    assert interval is not None
    low, high = interval
    print(f"{month}  n={r.n}  NPS {r.rounded(1):+.1f}  95% CI [{low:+.1f}, {high:+.1f}]")

# Different respondents each month: the independent test.
change = otklik.compare_nps(months["2025-08"], months["2025-09"])
verdict = "significant" if change.p_value is not None and change.p_value < 0.05 else "not significant"
print(f"Aug -> Sep: {change.difference:+.1f} points, p = {change.p_value:.3f} ({verdict})")

# eNPS of the team: the same arithmetic on staff answers (one year 0, the next 60).
for year, counts in {"2022": (15, 70, 15), "2023": (70, 20, 10)}.items():
    p, pa, d = counts
    print(f"eNPS {year}: {otklik.nps_from_counts(promoters=p, passives=pa, detractors=d).score:+.0f}")

"""Writes survey.csv: made-up NPS answers of Zorya Bank customers served through social media,
and eNPS answers of the bank's social-care team. Deterministic (seed 2025); run it from this
directory to regenerate: python3 survey.py > survey.csv
"""

import csv
import random
import sys

rng = random.Random(2025)

# Share of promoters and detractors per channel: the Telegram bot and Instagram do well, the app
# stores carry the angry reviews. The last two months improve after the reply scripts were
# rewritten.
CHANNELS = {
    "telegram_bot": (0.58, 0.14, 150),
    "instagram": (0.50, 0.18, 110),
    "facebook": (0.44, 0.22, 80),
    "x": (0.36, 0.28, 50),
    "telegram": (0.46, 0.20, 40),
    "google_play": (0.30, 0.38, 45),
    "app_store": (0.32, 0.36, 35),
    "google_maps": (0.38, 0.30, 30),
}
MONTHS = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01"]
REGIONS = ["kyiv", "lviv", "kharkiv", "odesa", "dnipro", "minsk", "almaty"]


def answer(promoters: float, detractors: float) -> int:
    u = rng.random()
    if u < promoters:
        return rng.choice([9, 10, 10])
    if u < promoters + detractors:
        return rng.choice([0, 2, 3, 4, 5, 5, 6, 6, 6])
    return rng.choice([7, 8, 8])


def main() -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["respondent", "survey", "answered_on", "score", "segment", "region"])
    n = 0
    for channel, (promoters, detractors, count) in CHANNELS.items():
        for _ in range(count):
            month = rng.choice(MONTHS)
            lift = 0.10 if month in ("2025-12", "2026-01") else 0.0
            day = rng.randint(1, 28)
            n += 1
            out.writerow([
                f"c{n:04d}", "nps", f"{month}-{day:02d}",
                answer(promoters + lift, max(detractors - lift / 2, 0.0)),
                channel, rng.choice(REGIONS),
            ])
    # eNPS of the care team: in 2024 most answered 7 or 8 (eNPS 0), in 2025 most promote (+60).
    team = [("2024-12-10", [9, 9, 10] + [7] * 6 + [8] * 8 + [5, 6, 4]),
            ("2025-12-09", [9] * 7 + [10] * 9 + [7] * 3 + [8] * 5 + [6])]
    for day, scores in team:
        for k, score in enumerate(scores):
            out.writerow([f"e{day[:4]}-{k + 1:02d}", "enps", day, score,
                          "smm" if k % 3 == 0 else "support", ""])


main()

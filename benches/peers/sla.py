"""Business-time durations: otklik (Rust, and the Python binding) against businesstimedelta.

1,000,000 (start, end) pairs: starts anywhere in 2025 (seeded), lengths from a minute to three
days, as in ``benches/benches/sla.rs``. The calendar: Moscow, weekdays 09:00-13:00 and
14:00-18:00 (a lunch break), closed on the weekday days off of ``examples/holidays/ru.toml``. The
working Saturdays of that file are left out, as businesstimedelta cannot express them.

- otklik, Rust: ``Calendar::business_duration`` over all pairs in a release binary
  (``peers sla``), best of 3;
- otklik, Python batch call: ``Calendar.business_durations(starts, ends)`` if the binding has it
  (it is tried with lists of aware datetimes), over all pairs; otherwise reported missing, and a
  Python loop of ``Calendar.business_duration`` is timed on a sample instead;
- businesstimedelta: ``Rules([WorkDayRule, LunchTimeRule, HolidayRule]).difference`` on a
  sample (it computes a few thousand durations a second), extrapolated.

Every result checked is compared with the Rust one, pair by pair; differing pairs are counted.
Run: ``python benches/peers/sla.py`` (``--help`` for sample sizes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import subprocess
import time
import tomllib
from array import array

from common import DEFAULT_DATA, ROOT, peers_bin


ZONE = "Europe/Moscow"


def days_off() -> list[dt.date]:
    file = tomllib.loads((ROOT / "examples" / "holidays" / "ru.toml").read_text("utf-8"))
    return [dt.date.fromisoformat(d["date"]) for d in file["day"] if d["status"] == "day_off"]


def calendar_toml(holidays: list[dt.date]) -> str:
    lines = [
        f'name = "Moscow weekdays with lunch"\nzone = "{ZONE}"\n',
        '[hours]\nweekdays = ["09:00-13:00", "14:00-18:00"]\n',
    ]
    for d in holidays:
        lines.append(f'[[day]]\ndate = "{d.isoformat()}"\nstatus = "day_off"\n')
    return "\n".join(lines)


def pairs(n: int) -> array:
    rng = random.Random(7)
    year = int(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc).timestamp())
    out = array("q")
    for _ in range(n):
        start = year + rng.randrange(0, 360 * 86_400)
        out.append(start)
        out.append(start + rng.randrange(60, 3 * 86_400))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=pathlib.Path, default=DEFAULT_DATA)
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--peer-sample", type=int, default=20_000,
                    help="pairs businesstimedelta computes (its rate is extrapolated)")
    ap.add_argument("--loop-sample", type=int, default=200_000,
                    help="pairs of the Python loop of business_duration (without a batch call)")
    args = ap.parse_args()

    import businesstimedelta
    import otklik
    import pytz

    data: pathlib.Path = args.data
    data.mkdir(parents=True, exist_ok=True)
    holidays = days_off()
    calendar_file = data / "sla-calendar.toml"
    calendar_file.write_text(calendar_toml(holidays), "utf-8")
    instants = pairs(args.pairs)
    pairs_file = data / "sla-pairs.bin"
    pairs_file.write_bytes(instants.tobytes())
    n = args.pairs

    # otklik, Rust.
    rust_out = data / "sla-durations.bin"
    proc = subprocess.run(
        peers_bin() + ["sla", str(calendar_file), str(pairs_file), "3", str(rust_out)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    rust = json.loads(proc.stdout)
    expected = array("q")
    expected.frombytes(rust_out.read_bytes())
    rows: list[tuple[str, float, int, str]] = [
        ("otklik, Rust `business_duration`", rust["durations_per_s"], n, "reference")
    ]

    utc = dt.timezone.utc
    starts = [dt.datetime.fromtimestamp(instants[2 * i], utc) for i in range(n)]
    ends = [dt.datetime.fromtimestamp(instants[2 * i + 1], utc) for i in range(n)]
    cal = otklik.Calendar.from_file(calendar_file)

    def check(got: list[float], count: int) -> str:
        bad = sum(1 for i in range(count) if round(got[i]) != expected[i])
        return f"{bad} of {count:,} differ"

    batch = getattr(cal, "business_durations", None)
    missing = batch is None
    if batch is not None:
        batch(starts[:1000], ends[:1000])
        start = time.perf_counter()
        result = batch(starts, ends)
        seconds = time.perf_counter() - start
        got = [r.total_seconds() if isinstance(r, dt.timedelta) else float(r) for r in result]
        rows.append(("otklik, Python `Calendar.business_durations` (batch)", n / seconds, n,
                     check(got, n)))
    m = min(n, args.loop_sample)
    start = time.perf_counter()
    looped = [cal.business_duration(s, e) for s, e in zip(starts[:m], ends[:m])]
    seconds = time.perf_counter() - start
    rows.append(("otklik, Python loop of `Calendar.business_duration`", m / seconds, m,
                 check([d.total_seconds() for d in looped], m)))

    tz = pytz.timezone(ZONE)
    workday = businesstimedelta.WorkDayRule(
        start_time=dt.time(9), end_time=dt.time(18), working_days=[0, 1, 2, 3, 4], tz=tz)
    lunch = businesstimedelta.LunchTimeRule(
        start_time=dt.time(13), end_time=dt.time(14), working_days=[0, 1, 2, 3, 4], tz=tz)
    closed = businesstimedelta.HolidayRule(set(holidays), tz=tz)
    rules = businesstimedelta.Rules([workday, lunch, closed])
    k = min(n, args.peer_sample)

    def btd(s: dt.datetime, e: dt.datetime) -> float:
        d = rules.difference(s, e)
        return d.hours * 3600 + d.seconds

    start = time.perf_counter()
    peer = [btd(s, e) for s, e in zip(starts[:k], ends[:k])]
    seconds = time.perf_counter() - start
    peer_rate = k / seconds
    rows.append(("businesstimedelta `Rules.difference`", peer_rate, k, check(peer, k)))

    # The same without holidays (the calendar the issue quotes businesstimedelta's speed on),
    # checked against otklik on a calendar without days off.
    plain = businesstimedelta.Rules([workday, lunch])
    plain_cal = otklik.Calendar.from_toml(calendar_toml([]))
    start = time.perf_counter()
    plain_peer = [plain.difference(s, e) for s, e in zip(starts[:k], ends[:k])]
    seconds = time.perf_counter() - start
    plain_rate = k / seconds
    plain_bad = sum(
        1 for i, d in enumerate(plain_peer)
        if d.hours * 3600 + d.seconds != plain_cal.business_duration(starts[i], ends[i]).total_seconds()
    )
    print(f"businesstimedelta without the holiday rule: {plain_rate:,.0f} durations/s "
          f"({plain_bad} of {k:,} differ from otklik on a calendar without days off); "
          f"otklik Rust / that = {rust['durations_per_s'] / plain_rate:,.0f}x\n")

    print(f"{n:,} pairs of 2025, {ZONE} weekdays 09:00-13:00 and 14:00-18:00, "
          f"{len(holidays)} weekday days off of 2024-2026\n")
    print("| engine | durations/s | pairs timed | vs businesstimedelta | results vs Rust |")
    print("|---|---:|---:|---:|---|")
    for name, rate, count, note in rows:
        print(f"| {name} | {rate:,.0f} | {count:,} | {rate / peer_rate:,.0f}x | {note} |")
    if missing:
        print("\nmissing from the binding: Calendar.business_durations(starts, ends), a batch call "
              "(GIL released) taking two equal-length sequences of aware datetimes, or int64 "
              "Unix-second arrays (numpy / Arrow), and returning the business seconds of each "
              "pair; the batch row above is absent until it exists.")


if __name__ == "__main__":
    main()

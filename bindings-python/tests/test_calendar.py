"""Calendars: the shared cases of core/testdata/calendar.toml, the constructor, errors and
datetime round trips across DST."""

from __future__ import annotations

import datetime as dt
import pathlib
import tomllib
import zoneinfo
from typing import Any

import pytest

import otklik

UTC = dt.timezone.utc


def ts(text: str) -> dt.datetime:
    """An instant of the vectors, written `2025-10-06T03:00:00Z`."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def run(cal: otklik.Calendar, case: dict[str, Any]) -> object:
    at = ts(case["at"])
    try:
        match case["op"]:
            case "add":
                return cal.add_business_time(at, dt.timedelta(seconds=case["seconds"]))
            case "subtract":
                return cal.subtract_business_time(at, dt.timedelta(seconds=case["seconds"]))
            case "duration":
                return cal.business_duration(at, ts(case["to"])).total_seconds()
            case "is_open":
                return cal.is_open(at)
            case "next_open":
                return cal.next_open(at)
            case "next_close":
                return cal.next_close(at)
    except otklik.CalendarError as e:
        return ("error", e.kind)
    raise AssertionError(case["op"])


def expected(case: dict[str, Any]) -> object:
    if "expect_instant" in case:
        return ts(case["expect_instant"])
    if "expect_seconds" in case:
        return float(case["expect_seconds"])
    if "expect_bool" in case:
        return case["expect_bool"]
    if "expect_error" in case:
        return ("error", case["expect_error"])
    assert case.get("expect_none") is True
    return None


def test_shared_cases(root: pathlib.Path) -> None:
    data: dict[str, Any] = tomllib.loads((root / "core/testdata/calendar.toml").read_text("utf-8"))
    calendars = {name: otklik.Calendar.from_toml(c["toml"]) for name, c in data["calendar"].items()}
    assert len(data["case"]) >= 40
    failures = []
    for case in data["case"]:
        got, want = run(calendars[case["calendar"]], case), expected(case)
        if got != want:
            failures.append(f"{case['name']}: got {got!r}, want {want!r}")
    assert not failures, "\n".join(failures)


def test_constructor_as_documented() -> None:
    cal = otklik.Calendar(
        timezone="Europe/Kyiv",
        hours={"mon": [("09:00", "13:00"), ("14:00", "18:00")], "sat": [("10:00", "15:00")]},
        holidays=[dt.date(2024, 1, 1)],
    )
    t0 = dt.datetime(2024, 1, 1, 8, 0, tzinfo=UTC)  # a Monday, but a holiday
    assert not cal.is_open(t0)
    assert cal.next_open(t0) == dt.datetime(2024, 1, 6, 8, 0, tzinfo=UTC)  # Sat 10:00 EET
    assert cal.business_duration(t0, t0 + dt.timedelta(days=7)) == dt.timedelta(hours=6)
    assert cal.add_business_time(t0, dt.timedelta(hours=2)) == dt.datetime(2024, 1, 6, 10, 0, tzinfo=UTC)
    assert cal.timezone == "Europe/Kyiv" and cal.hours_on(dt.date(2024, 1, 8)) == [("09:00", "13:00"), ("14:00", "18:00")]
    assert cal.hours_on(dt.date(2024, 1, 1)) == []


def test_night_shifts_24_00_layers_and_special_days() -> None:
    cal = otklik.Calendar(
        timezone="UTC",
        hours={"daily": ["00:00-24:00"], "weekdays": [("22:00", "06:00")], "fri": [("09:00", "24:00")]},
        holidays={dt.date(2025, 1, 1): "New Year"},
        special_days={dt.date(2025, 1, 4): [("10:00", "12:00")]},
        name="desk",
    )
    assert cal.name == "desk"
    assert cal.hours_on(dt.date(2025, 1, 6)) == [("22:00", "06:00")]  # Monday
    assert cal.hours_on(dt.date(2025, 1, 5)) == [("00:00", "24:00")]  # Sunday
    assert cal.hours_on(dt.date(2025, 1, 3)) == [("09:00", "24:00")]  # Friday
    # Tuesday 31 Dec 22:00 runs into the holiday: the night shift belongs to Tuesday.
    assert cal.is_open(dt.datetime(2025, 1, 1, 3, 0, tzinfo=UTC))
    assert not cal.is_open(dt.datetime(2025, 1, 1, 12, 0, tzinfo=UTC))
    assert cal.open_intervals(dt.datetime(2025, 1, 4, tzinfo=UTC), dt.datetime(2025, 1, 5, tzinfo=UTC)) == [
        (dt.datetime(2025, 1, 4, 10, tzinfo=UTC), dt.datetime(2025, 1, 4, 12, tzinfo=UTC))
    ]
    assert otklik.Calendar.always().next_close(dt.datetime(2025, 1, 1, tzinfo=UTC)) is None


def test_errors() -> None:
    with pytest.raises(otklik.CalendarError) as info:
        otklik.Calendar(timezone="Europe/Kiyv", hours={"mon": [("09:00", "18:00")]})
    assert info.value.kind == "unknown_zone" and isinstance(info.value, otklik.SlaError)
    with pytest.raises(otklik.CalendarError, match="25:00"):
        otklik.Calendar(timezone="UTC", hours={"mon": [("09:00", "25:00")]})
    with pytest.raises(otklik.CalendarError, match="unknown day `monday`"):
        otklik.Calendar(timezone="UTC", hours={"monday": [("09:00", "18:00")]})
    with pytest.raises(otklik.CalendarError, match="overlap"):
        otklik.Calendar(timezone="UTC", hours={"mon": [("09:00", "13:00"), ("12:00", "18:00")]})
    with pytest.raises(otklik.CalendarError) as info:
        otklik.Calendar(timezone="UTC", hours={})
    assert info.value.kind == "never_open"
    with pytest.raises(TypeError):
        otklik.Calendar(timezone="UTC", hours={"mon": [(9, 18)]})  # type: ignore[dict-item]
    cal = otklik.Calendar.always()
    t = dt.datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(otklik.CalendarError) as info:
        cal.business_duration(t, t - dt.timedelta(seconds=1))
    assert info.value.kind == "end_before_start"
    with pytest.raises(TypeError, match="naive"):
        cal.is_open(dt.datetime(2025, 1, 1, 12, 0))
    with pytest.raises(otklik.CalendarError) as info:
        otklik.Calendar.from_toml('zone = "UTC"\n[hours]\nmon = "09:00-18:00"\nfoo = 1\n')
    assert (info.value.kind, info.value.line, info.value.column) == ("invalid_value", 4, 7)
    with pytest.raises(otklik.CalendarError) as info:
        otklik.Calendar.from_toml('zone = "UTC"\nzone_name = 1\n')
    assert (info.value.kind, info.value.line) == ("syntax", 2)


def test_files_with_holidays(tmp_path: pathlib.Path, root: pathlib.Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(
        f'zone = "Europe/Moscow"\nholidays = ["{(root / "examples/holidays/ru.toml").as_posix()}"]\n'
        '[hours]\nweekdays = "09:00-18:00"\n',
        "utf-8",
    )
    cal = otklik.Calendar.from_file(path)
    assert cal.hours_on(dt.date(2025, 11, 1)) == [("09:00", "18:00")]  # a working Saturday
    assert cal.hours_on(dt.date(2025, 11, 4)) == []
    with pytest.raises(FileNotFoundError):
        otklik.Calendar.from_file(tmp_path / "none.toml")


@pytest.mark.parametrize("zone", ["Europe/Kyiv", "America/New_York"])
def test_datetimes_round_trip_across_dst(zone: str) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    cal = otklik.Calendar(timezone=zone, hours={"daily": [("00:00", "24:00")]})
    # Local midnights around both changes of 2025: days of 23, 24 and 25 real hours.
    for start in [dt.date(2025, 3, 8), dt.date(2025, 3, 29), dt.date(2025, 11, 1), dt.date(2025, 10, 25)]:
        for k in range(3):
            a = dt.datetime.combine(start + dt.timedelta(days=k), dt.time(), tz)
            b = dt.datetime.combine(start + dt.timedelta(days=k + 1), dt.time(), tz)
            real = b.astimezone(UTC) - a.astimezone(UTC)
            assert cal.business_duration(a, b) == real
            end = cal.add_business_time(a, real)
            assert end == b and end.tzinfo == UTC
            assert end.astimezone(tz).hour == 0


def test_business_durations_batch_equals_single_calls() -> None:
    cal = otklik.Calendar(timezone="Europe/Kyiv", hours={"weekdays": ["09:00-13:00", "14:00-18:00"]})
    utc = dt.timezone.utc
    t0 = dt.datetime(2025, 3, 3, 6, 0, tzinfo=utc)
    starts = [t0 + dt.timedelta(hours=7 * i) for i in range(50)]
    ends = [s + dt.timedelta(hours=5 + i) for i, s in enumerate(starts)]
    batch = cal.business_durations(starts, ends)
    assert batch == [cal.business_duration(s, e) for s, e in zip(starts, ends)]
    assert any(d > dt.timedelta(0) for d in batch)
    with pytest.raises(otklik.CalendarError, match="pair 1:") as info:
        cal.business_durations([t0, t0], [t0, t0 - dt.timedelta(hours=1)])
    assert getattr(info.value, "index") == 1
    with pytest.raises(ValueError, match="2 starts for 1 ends"):
        cal.business_durations([t0, t0], [t0])

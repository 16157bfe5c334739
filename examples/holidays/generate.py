#!/usr/bin/env python3
"""Generate and check the holiday tables in this folder from python-holidays.

Not needed at build or test time: the .toml files are committed. Run it by hand, in a throwaway
virtual environment outside the repository, when a new year's decrees are out:

    python3 -m venv /tmp/hol && /tmp/hol/bin/pip install 'holidays==0.109'
    /tmp/hol/bin/python examples/holidays/generate.py            # print the four files
    /tmp/hol/bin/python examples/holidays/generate.py --write    # rewrite ru/by/kz/ua.toml
    /tmp/hol/bin/python examples/holidays/generate.py --check    # verify the committed files

--check needs only the standard library to parse and check the files (tomllib, Python 3.11+); it
compares them with python-holidays when the package is installed. After a regeneration, review the
diff and the header texts below (decrees, notes) by hand before committing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
YEARS = (2024, 2025, 2026)
PINNED_VERSION = "0.109"  # the version the committed files were generated with

# Per-country texts. `decrees` go into the header and into the `source` key; they were read from
# the references in holidays/countries/<country>.py and checked against the published texts.
COUNTRIES = {
    "RU": {
        "file": "ru.toml",
        "lang": "ru",
        "title": "Days off and transferred working days of Russia",
        "decrees_header": [
            "Labour Code of the Russian Federation, Art. 112 (public holidays, and a holiday that",
            "falls on a Saturday or Sunday moves to the next working day) and the annual Government",
            "decrees \"On the transfer of days off\" (О переносе выходных дней):",
            "  2024: Government Decree No. 1314 of 10 August 2023",
            "  2025: Government Decree No. 1335 of 4 October 2024",
            "  2026: Government Decree No. 1466 of 24 September 2025",
            "python-holidays cites them as consultant.ru documents LAW_455140 (2024), LAW_481586",
            "(2025) and LAW_515170 (2026), and the 2026 production calendar for the Art. 112 moves",
            "(8 March -> 9 March, 9 May -> 11 May).",
        ],
        "source": (
            "Labour Code Art. 112; Government Decrees No. 1314 of 10.08.2023 (2024), "
            "No. 1335 of 04.10.2024 (2025), No. 1466 of 24.09.2025 (2026)"
        ),
        "notes": [
            "Not included: shortened pre-holiday working days (one hour shorter, Labour Code",
            "Art. 95), e.g. 2025-03-07, 2025-04-30, 2025-06-11, 2025-11-01; this table has no",
            "short-day status. Regional holidays (Tatarstan, Bashkortostan, ...) are not included.",
        ],
        "sat": "Рабочая суббота",
        "sun": "Рабочее воскресенье",
        "ww_local": "выходной перенесён на {d}",
        "ww_en": "day off moved to {wd} {iso}",
    },
    "BY": {
        "file": "by.toml",
        "lang": "be",
        "title": "Days off and transferred working days of Belarus",
        "decrees_header": [
            "Presidential Decree (Указ) No. 157 of 26 March 1998 as amended (public holidays and",
            "non-working days) and the annual Council of Ministers resolutions on the transfer of",
            "working days (О переносе рабочих дней):",
            "  2024: Council of Ministers Resolution No. 814 of 23 November 2023",
            "  2025: Council of Ministers Resolution No. 839 of 14 November 2024",
            "  2026: Council of Ministers Resolution No. 397 of 22 July 2025",
            "python-holidays cites the president.gov.by holiday pages and Belarusbank's published",
            "transfer schedules for 2024-2026 (belarusbank.by/en/financial-institutions/11151,",
            "11160, 11163).",
        ],
        "source": (
            "Decree No. 157 of 26.03.1998 as amended; Council of Ministers Resolutions "
            "No. 814 of 23.11.2023 (2024), No. 839 of 14.11.2024 (2025), No. 397 of 22.07.2025 (2026)"
        ),
        "notes": [
            "Belarus does NOT move a holiday that falls on a weekend (e.g. 8 March 2025, a Saturday,",
            "gives no Monday off). The resolutions let an organisation transfer working days",
            "differently, so a bank may follow its own schedule: edit this file if it does.",
            "Commemorative days that are working days (23 February, 15 March, 2 April, ...; the",
            "`workday` category of python-holidays) and the Catholic and Orthodox Easter Sundays",
            "are not listed: they do not change the Monday-Friday week. Shortened pre-holiday days",
            "are not included.",
        ],
        "sat": "Працоўная субота",
        "sun": "Працоўная нядзеля",
        "ww_local": "перанос працоўнага дня з {d}",
        "ww_en": "working day moved from {wd} {iso}",
    },
    "KZ": {
        "file": "kz.toml",
        "lang": "kk",
        "title": "Days off and transferred working days of Kazakhstan",
        "decrees_header": [
            "Law No. 267-II of 13 December 2001 \"On holidays in the Republic of Kazakhstan\" (a",
            "holiday that falls on a Saturday or Sunday moves to the next working day; religious",
            "holidays - Orthodox Christmas, Kurban Ait - do not move), Labour Code Art. 85(3), and",
            "the transfer orders for a five-day working week:",
            "  2024: order of the Minister of Labour and Social Protection of 17 April 2024",
            "        (adilet.zan.kz G24G0000109): day off moved from Sat 4 May to Wed 8 May",
            "  2025: order of the Minister of Labour and Social Protection, November 2024",
            "        (adilet.zan.kz G24G0000436): day off moved from Sun 5 January to Fri 3 January",
            "  2026: python-holidays 0.109 has NO transfer order for 2026 (its references end at",
            "        2025), so 2026 below holds only the fixed holidays and the days moved by the law",
            "        from weekends. Check adilet.zan.kz for a 2026 order before relying on it.",
        ],
        "source": (
            "Law No. 267-II of 13.12.2001 On holidays; Labour Code Art. 85(3); "
            "transfer orders G24G0000109 (2024) and G24G0000436 (2025); no 2026 transfer in the package"
        ),
        "notes": [
            "Transfers apply to the five-day working week. Kurban Ait (Eid al-Adha) is set every",
            "year by the Spiritual Administration of Muslims. 2026-05-27 is python-holidays'",
            "ESTIMATE (marked \"бағаланған / estimated\"); press reports of the official 2026",
            "calendar give the same date. Re-check it for every new year.",
            "Constitution Day: 30 August up to 2025; the constitution adopted by the referendum of",
            "15 March 2026 moves it to 15 March from 2027, so 2026 has no Constitution Day off.",
        ],
        "sat": "Жұмыс күні, сенбі",
        "sun": "Жұмыс күні, жексенбі",
        "ww_local": "демалыс күні {d} күніне ауыстырылды",
        "ww_en": "day off moved to {wd} {iso}",
    },
    "UA": {
        "file": "ua.toml",
        "lang": "uk",
        "title": "Days off of Ukraine (effective table: EMPTY under martial law)",
    },
}

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SUBST_RE = re.compile(r"substituted from (\d\d)/(\d\d)/(\d{4})")


def _holidays():
    try:
        import holidays  # noqa: PLC0415
    except ImportError:
        return None
    return holidays


def q(s: str) -> str:
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def entries(hol, cc: str):
    """(date, status, name, comment) rows for YEARS, from python-holidays.

    day_off: every public holiday / day off of python-holidays that falls Mon-Fri.
    working_day: every date of `weekend_workdays` (a Sat/Sun made a working day by decree).
    """
    spec = COUNTRIES[cc]
    span = range(min(YEARS) - 1, max(YEARS) + 2)  # a decree may move a day across New Year
    local = hol.country_holidays(cc, years=span, language=spec["lang"])
    en = hol.country_holidays(cc, years=span, language="en_US")
    rows = []
    moved_to = {}  # working Sat/Sun -> the weekday that became a day off
    for d in sorted(en):
        m = SUBST_RE.search(en[d])
        if m:
            moved_to[dt.date(int(m[3]), int(m[1]), int(m[2]))] = d
        if d.year not in YEARS or d.weekday() >= 5:
            continue
        en_name = SUBST_RE.sub(
            lambda m: "moved from {} {}-{}-{}".format(
                WEEKDAYS_EN[dt.date(int(m[3]), int(m[1]), int(m[2])).weekday()], m[3], m[1], m[2]
            ),
            en[d],
        )
        comment = None
        if "estimated" in en_name:
            comment = "date estimated by python-holidays (Islamic calendar): confirm it"
        rows.append((d, "day_off", f"{local[d]} / {en_name}", comment))
    for d in sorted(en.weekend_workdays):
        if d.year not in YEARS:
            continue
        assert d.weekday() >= 5, (cc, d)
        label = spec["sat"] if d.weekday() == 5 else spec["sun"]
        en_label = "Working Saturday" if d.weekday() == 5 else "Working Sunday"
        other = moved_to.get(d)
        if other is None:
            name = f"{label} / {en_label}"
        else:
            name = "{} ({}) / {} ({})".format(
                label,
                spec["ww_local"].format(d=ddmmyyyy(other)),
                en_label,
                spec["ww_en"].format(wd=WEEKDAYS_EN[other.weekday()], iso=other.isoformat()),
            )
        rows.append((d, "working_day", name, None))
    rows.sort()
    return rows


def render(hol, cc: str, today: str) -> str:
    if cc == "UA":
        return render_ua(hol, today)
    spec = COUNTRIES[cc]
    version = hol.__version__
    out = [
        f"# {spec['title']}, {YEARS[0]}-{YEARS[-1]}.",
        "#",
        f"# Source: python-holidays {version} (https://pypi.org/project/holidays/), module",
        f"# holidays/countries/{hol.country_holidays(cc).__class__.__module__.rsplit('.', 1)[-1]}.py,"
        " which follows",
    ]
    out += [f"# {line}" for line in spec["decrees_header"]]
    out += [
        "#",
        f"# Generated on {today} by examples/holidays/generate.py --write (python-holidays public",
        "# holidays that fall Monday-Friday -> day_off; its weekend_workdays -> working_day), and",
        "# checked by hand against the decree texts as published and reported (see README.md).",
        "#",
        "# Only days that differ from a normal Monday-Friday week are listed: day_off on a weekday,",
        "# working_day on a Saturday or Sunday. A holiday that falls on a weekend is not listed; the",
        "# weekday it moves to (by law or by decree) is, as its own day_off.",
        "#",
    ]
    out += [f"# {line}" for line in spec["notes"]]
    out += [
        "",
        f'country = "{cc}"',
        f"years = [{', '.join(str(y) for y in YEARS)}]",
        f"source = {q(f'python-holidays {version}; ' + spec['source'])}",
    ]
    rows = entries(hol, cc)
    for year in YEARS:
        yrows = [r for r in rows if r[0].year == year]
        n_off = sum(r[1] == "day_off" for r in yrows)
        n_work = sum(r[1] == "working_day" for r in yrows)
        out += ["", f"# ---- {year}: {n_off} weekday(s) off, {n_work} working weekend day(s) ----"]
        if cc == "KZ" and year == 2026:
            out += [
                "# 2026: fixed holidays and the law's weekend moves only. python-holidays "
                f"{version} has no",
                "# 2026 transfer order for Kazakhstan; add one here if the Ministry issues it.",
            ]
        for d, status, name, comment in yrows:
            out += ["", "[[day]]"]
            if comment:
                out.append(f"# {comment}")
            out += [f'date = "{d.isoformat()}"  # {WEEKDAYS_EN[d.weekday()]}',
                    f'status = "{status}"', f"name = {q(name)}"]
    return "\n".join(out) + "\n"


def ua_reference(hol):
    """The normal (peacetime) Ukrainian days off for YEARS: public holidays on weekdays, and for
    each holiday on a Saturday or Sunday the next working day (Labour Code Art. 67 part 3, the
    rule python-holidays applies to Ukraine outside martial law). python-holidays 0.109 puts
    these holidays in its `workday` category for 2023 on; the weekend moves are computed here."""
    rows = []
    for year in YEARS:
        loc = hol.country_holidays("UA", years=year, categories=("workday",), language="uk")
        en = hol.country_holidays("UA", years=year, categories=("workday",), language="en_US")
        taken = set(loc)
        for d in sorted(loc):
            if d.weekday() < 5:
                rows.append((d, f"{loc[d]} / {en[d]}"))
            else:
                o = d + dt.timedelta(days=1)
                while o.weekday() >= 5 or o in taken:
                    o += dt.timedelta(days=1)
                taken.add(o)
                rows.append((o, f"{loc[d]} (вихідний) / {en[d]} (observed, from "
                                f"{WEEKDAYS_EN[d.weekday()]} {d.isoformat()})"))
    return sorted(rows)


def render_ua(hol, today: str) -> str:
    version = hol.__version__
    out = f"""\
# Days off of Ukraine, {YEARS[0]}-{YEARS[-1]}: the effective table is EMPTY.
#
# Source: python-holidays {version} (https://pypi.org/project/holidays/), module
# holidays/countries/ukraine.py: "There is no public holidays in Ukraine during the period of
# martial law", citing Law of Ukraine No. 2136-IX of 15 March 2022 "On the organisation of labour
# relations under martial law" (https://zakon.rada.gov.ua/laws/show/2136-20). Martial law has
# been in force since 24 February 2022 and is extended by law every 90 days; while it lasts the
# public holidays of Labour Code Art. 73 are ordinary working days and a holiday that falls on a
# weekend does not move to Monday. python-holidays {version} has 0 public holidays for UA in
# {YEARS[0]}, {YEARS[1]} and {YEARS[2]} and no transferred working days.
#
# Generated on {today} by examples/holidays/generate.py --write; checked by hand against the
# package source above.
#
# A Ukrainian bank's calendar is therefore a per-year table that its team edits: `day = []`
# below means "no day differs from the Monday-Friday week". When martial law ends (or if the bank
# closes on some holidays anyway), delete the `day = []` line and uncomment the entries of the
# year concerned. They list the normal public holidays (Labour Code Art. 73) that fall Monday-
# Friday, and for a holiday on a Saturday or Sunday the next working day (Art. 67 part 3), as
# python-holidays would give them outside martial law. Before martial law the Cabinet of
# Ministers also recommended yearly transfers of working days; none exist for these years.

country = "UA"
years = [{', '.join(str(y) for y in YEARS)}]
source = "python-holidays {version}; Law No. 2136-IX of 15.03.2022 (no public holidays under martial law); reference list: Labour Code Art. 73, Art. 67"

day = []
"""
    lines = [out.rstrip("\n")]
    rows = ua_reference(hol)
    for year in YEARS:
        yrows = [r for r in rows if r[0].year == year]
        lines += ["", f"# ---- {year} without martial law: {len(yrows)} weekday(s) off "
                      "(NOT in effect) ----"]
        for d, name in yrows:
            lines += ["#", "# [[day]]", f'# date = "{d.isoformat()}"  # {WEEKDAYS_EN[d.weekday()]}',
                      '# status = "day_off"', f"# name = {q(name)}"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------
# check


def check(hol) -> int:
    errors = []
    print(f"{'file':8} {'year':>4} {'day_off':>8} {'working_day':>12}  python-holidays")
    for cc, spec in COUNTRIES.items():
        path = HERE / spec["file"]
        with path.open("rb") as f:
            data = tomllib.load(f)
        err = lambda msg: errors.append(f"{spec['file']}: {msg}")  # noqa: E731
        if data.get("country") != cc:
            err(f"country is {data.get('country')!r}, expected {cc!r}")
        if data.get("years") != list(YEARS):
            err(f"years is {data.get('years')!r}")
        src = data.get("source", "")
        m = re.match(r"python-holidays (\S+);", src)
        if not m:
            err("source does not start with 'python-holidays <version>;'")
        elif hol is not None and m[1] != hol.__version__:
            print(f"  note: {spec['file']} was generated with {m[1]}, installed is "
                  f"{hol.__version__}: comparing with the installed version")
        days = data.get("day")
        if not isinstance(days, list):
            err("missing `day` array")
            continue
        dates = []
        for i, e in enumerate(days):
            if set(e) != {"date", "status", "name"}:
                err(f"day[{i}] has keys {sorted(e)}")
                continue
            d = dt.date.fromisoformat(e["date"])
            dates.append(d)
            if d.year not in YEARS:
                err(f"{d} outside {YEARS}")
            if e["status"] == "day_off" and d.weekday() >= 5:
                err(f"{d} is day_off on a {WEEKDAYS_EN[d.weekday()]}")
            elif e["status"] == "working_day" and d.weekday() < 5:
                err(f"{d} is working_day on a {WEEKDAYS_EN[d.weekday()]}")
            elif e["status"] not in ("day_off", "working_day"):
                err(f"{d} has status {e['status']!r}")
            if " / " not in e["name"]:
                err(f"{d}: name is not 'local / English'")
        if dates != sorted(dates):
            err("dates are not sorted")
        if len(dates) != len(set(dates)):
            err("duplicate dates")
        expected = None
        if hol is not None:
            expected = {(r[0], r[1]) for r in entries(hol, cc)} if cc != "UA" else set()
            got = {(dt.date.fromisoformat(e["date"]), e["status"]) for e in days}
            if got != expected:
                err(f"differs from python-holidays {hol.__version__}: missing "
                    f"{sorted(expected - got)}, extra {sorted(got - expected)}")
        for year in YEARS:
            ny = [e for e in days if e["date"].startswith(str(year))]
            off = sum(e["status"] == "day_off" for e in ny)
            work = sum(e["status"] == "working_day" for e in ny)
            ref = "not installed"
            if expected is not None:
                eo = sum(1 for d, s in expected if d.year == year and s == "day_off")
                ew = sum(1 for d, s in expected if d.year == year and s == "working_day")
                ref = f"{eo} / {ew}" + ("" if (eo, ew) == (off, work) else "  MISMATCH")
            print(f"{spec['file']:8} {year:>4} {off:>8} {work:>12}  {ref}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(COUNTRIES) - len({e.split(':')[0] for e in errors})} passed, "
          f"{len({e.split(':')[0] for e in errors})} failed")
    return 1 if errors else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="rewrite the .toml files")
    g.add_argument("--check", action="store_true", help="verify the .toml files")
    ap.add_argument("--date", default=dt.date.today().isoformat(), help="date for the header")
    args = ap.parse_args()
    hol = _holidays()
    if args.check:
        return check(hol)
    if hol is None:
        sys.exit("python-holidays is not installed (pip install 'holidays==%s')" % PINNED_VERSION)
    if hol.__version__ != PINNED_VERSION:
        print(f"warning: python-holidays {hol.__version__}, the files were made with "
              f"{PINNED_VERSION}: review the headers", file=sys.stderr)
    for cc, spec in COUNTRIES.items():
        text = render(hol, cc, args.date)
        if args.write:
            (HERE / spec["file"]).write_text(text, encoding="utf-8")
            print(f"wrote {spec['file']}", file=sys.stderr)
        else:
            print(f"==> {spec['file']} <==\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

//! Business calendars: the shared cases of testdata/calendar.toml, the holiday files shipped in
//! examples/holidays, and the algebra of business time as property tests.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use otklik::sla::{Calendar, SlaErrorKind};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    calendar: BTreeMap<String, CalendarText>,
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarText {
    toml: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    calendar: String,
    op: String,
    at: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
    seconds: Option<i64>,
    expect_instant: Option<DateTime<Utc>>,
    expect_seconds: Option<i64>,
    expect_bool: Option<bool>,
    expect_error: Option<String>,
    #[serde(default)]
    expect_none: bool,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load() -> (BTreeMap<String, Calendar>, Vec<Case>) {
    let text = std::fs::read_to_string(root().join("testdata/calendar.toml")).unwrap();
    let file: File = toml::from_str(&text).unwrap();
    let calendars = file
        .calendar
        .into_iter()
        .map(|(name, c)| {
            let calendar = Calendar::from_toml(&c.toml).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, calendar)
        })
        .collect();
    (calendars, file.case)
}

/// What a case's operation gives, in the terms of the expectations.
#[derive(Debug, PartialEq)]
enum Outcome {
    Instant(DateTime<Utc>),
    Seconds(i64),
    Bool(bool),
    None,
    Error(String),
}

fn run(calendar: &Calendar, case: &Case) -> Outcome {
    let seconds = || TimeDelta::seconds(case.seconds.expect("case needs `seconds`"));
    let result = match case.op.as_str() {
        "add" => calendar
            .add_business_time(case.at, seconds())
            .map(Outcome::Instant),
        "subtract" => calendar
            .subtract_business_time(case.at, seconds())
            .map(Outcome::Instant),
        "duration" => calendar
            .business_duration(case.at, case.to.expect("case needs `to`"))
            .map(|d| Outcome::Seconds(d.num_seconds())),
        "is_open" => calendar.is_open(case.at).map(Outcome::Bool),
        "next_open" => calendar
            .next_open(case.at)
            .map(|t| t.map_or(Outcome::None, Outcome::Instant)),
        "next_close" => calendar
            .next_close(case.at)
            .map(|t| t.map_or(Outcome::None, Outcome::Instant)),
        other => panic!("unknown op {other}"),
    };
    result.unwrap_or_else(|e| Outcome::Error(e.kind().as_str().to_owned()))
}

fn expected(case: &Case) -> Outcome {
    let mut all = Vec::new();
    if let Some(t) = case.expect_instant {
        all.push(Outcome::Instant(t));
    }
    if let Some(s) = case.expect_seconds {
        all.push(Outcome::Seconds(s));
    }
    if let Some(b) = case.expect_bool {
        all.push(Outcome::Bool(b));
    }
    if let Some(e) = &case.expect_error {
        all.push(Outcome::Error(e.clone()));
    }
    if case.expect_none {
        all.push(Outcome::None);
    }
    assert_eq!(all.len(), 1, "{}: exactly one expectation", case.name);
    all.pop().unwrap()
}

#[test]
fn shared_cases() {
    let (calendars, cases) = load();
    assert!(cases.len() >= 40);
    let mut failures = Vec::new();
    for case in &cases {
        let calendar = &calendars[&case.calendar];
        let got = run(calendar, case);
        let want = expected(case);
        if got != want {
            failures.push(format!("{}: got {got:?}, want {want:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn holiday_files_load_and_change_the_business_time() {
    let dir = root().join("../examples/holidays");
    for (country, zone) in [
        ("ru", "Europe/Moscow"),
        ("by", "Europe/Minsk"),
        ("kz", "Asia/Almaty"),
        ("ua", "Europe/Kyiv"),
    ] {
        let file = std::env::temp_dir().join(format!("otklik-calendar-{country}.toml"));
        let holidays = dir.join(format!("{country}.toml"));
        std::fs::write(
            &file,
            format!(
                "zone = \"{zone}\"\nholidays = [{:?}]\n[hours]\nweekdays = \"09:00-18:00\"\n",
                holidays.display().to_string()
            ),
        )
        .unwrap();
        let calendar = Calendar::from_path(&file).unwrap_or_else(|e| panic!("{country}: {e}"));
        let jan1 = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let closed_new_year = calendar.hours_on(jan1).is_empty();
        // New Year's Day 2025 (a Wednesday) is a day off everywhere but in Ukraine under martial law.
        assert_eq!(closed_new_year, country != "ua", "{country}");
    }
    // Russia 2025: 1 November (a Saturday) is a working day, 3 and 4 November are days off.
    let ru = std::env::temp_dir().join("otklik-calendar-ru.toml");
    let calendar = Calendar::from_path(&ru).unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2025, 11, d).unwrap();
    assert!(!calendar.hours_on(day(1)).is_empty());
    assert!(calendar.hours_on(day(3)).is_empty() && calendar.hours_on(day(4)).is_empty());
}

#[test]
fn errors_in_a_holiday_file_name_that_file() {
    let dir = std::env::temp_dir().join("otklik-bad-holidays");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        "country = \"XX\"\n[[day]]\ndate = \"2025-13-01\"\nstatus = \"day_off\"\n",
    )
    .unwrap();
    let calendar = dir.join("calendar.toml");
    std::fs::write(
        &calendar,
        "zone = \"UTC\"\nholidays = [\"bad.toml\", \"missing.toml\"]\n[hours]\ndaily = \"09:00-18:00\"\n",
    )
    .unwrap();
    let err = Calendar::from_path(&calendar).unwrap_err();
    assert!(err.file().unwrap().ends_with("bad.toml"), "{err}");
    assert_eq!((err.line(), err.column()), (Some(3), Some(8)));
    std::fs::write(dir.join("bad.toml"), "[[day]]\n").unwrap();
    std::fs::write(
        &calendar,
        "zone = \"UTC\"\nholidays = [\"missing.toml\"]\n[hours]\ndaily = \"09:00-18:00\"\n",
    )
    .unwrap();
    let err = Calendar::from_path(&calendar).unwrap_err();
    assert_eq!(err.kind(), SlaErrorKind::Io);
    assert!(err.file().unwrap().ends_with("calendar.toml"), "{err}");
    assert_eq!(err.line(), Some(2));
}

/// Calendars for the property tests: office hours with lunch and a holiday, night shifts, a
/// sparse weekend desk, and around the clock, in zones with and without DST.
fn calendars() -> Vec<Calendar> {
    [
        "zone = \"Europe/Kyiv\"\n[hours]\nweekdays = [\"09:00-13:00\", \"14:00-18:00\"]\n[[day]]\ndate = \"2025-03-31\"\nstatus = \"day_off\"\n",
        "zone = \"America/New_York\"\n[hours]\ndaily = \"22:00-06:00\"\nsun = \"01:30-03:00\"\n",
        "zone = \"Asia/Almaty\"\n[hours]\nsat = \"10:00-10:30\"\n",
        "zone = \"Europe/Kyiv\"\n[hours]\ndaily = \"00:00-24:00\"\n",
        "zone = \"Australia/Lord_Howe\"\n[hours]\nweekdays = \"01:45-02:15, 09:00-17:00\"\n",
    ]
    .iter()
    .map(|t| Calendar::from_toml(t).unwrap())
    .collect()
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2023 to 2027, to the second.
    (1_672_531_200i64..1_830_297_600).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_then_measuring_gives_the_duration(
        which in 0usize..5, start in instant(), secs in 0i64..40 * 86_400,
    ) {
        let calendar = &calendars()[which];
        let d = TimeDelta::seconds(secs);
        let end = calendar.add_business_time(start, d).unwrap();
        prop_assert!(end >= start);
        prop_assert_eq!(calendar.business_duration(start, end).unwrap(), d);
        // Earliest: a second earlier the duration is not used up.
        if secs > 0 {
            prop_assert!(calendar.business_duration(start, end - TimeDelta::seconds(1)).unwrap() < d);
        }
        let back = calendar.subtract_business_time(end, d).unwrap();
        prop_assert!(back >= start);
        prop_assert_eq!(calendar.business_duration(back, end).unwrap(), d);
    }

    #[test]
    fn business_time_never_exceeds_calendar_time_and_grows_with_the_end(
        which in 0usize..5, start in instant(), a in 0i64..20 * 86_400, b in 0i64..20 * 86_400,
    ) {
        let calendar = &calendars()[which];
        let (near, far) = (start + TimeDelta::seconds(a.min(b)), start + TimeDelta::seconds(a.max(b)));
        let short = calendar.business_duration(start, near).unwrap();
        let long = calendar.business_duration(start, far).unwrap();
        prop_assert!(short <= long);
        prop_assert!(long <= far - start);
        // Additive over a split point.
        prop_assert_eq!(long, short + calendar.business_duration(near, far).unwrap());
    }

    #[test]
    fn openings_and_closings_agree_with_is_open(which in 0usize..5, t in instant()) {
        let calendar = &calendars()[which];
        let open = calendar.is_open(t).unwrap();
        let next_open = calendar.next_open(t).unwrap().unwrap();
        prop_assert_eq!(open, next_open == t);
        prop_assert!(calendar.is_open(next_open).unwrap());
        if let Some(close) = calendar.next_close(t).unwrap() {
            prop_assert_eq!(!open, close == t);
            prop_assert!(!calendar.is_open(close).unwrap());
            // Open all the way from t to the closing.
            prop_assert_eq!(calendar.business_duration(t, close).unwrap(), close - t);
        }
    }

    #[test]
    fn reading_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = Calendar::from_toml(&text);
    }

    #[test]
    fn reading_any_hours_never_panics(hours in "[0-9:, \\-–]{0,30}") {
        let _ = Calendar::from_toml(&format!("zone = \"UTC\"\n[hours]\nmon = {hours:?}\n"));
    }
}

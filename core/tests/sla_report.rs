//! Service-level reports: the shared cases of testdata/report.toml, pooling over periods, the
//! three renderings, and a report built from clocks.

use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use otklik::sla::{
    AbandonedAs, Clock, Comparison, Event, GroupBy, Metric, MetricState, OpenLateAs,
    PercentileMethod, Policy, Report, ReportItem, ServiceLevel, Subject, percentile,
};
use otklik::{Kind, Platform};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    percentile: Vec<PercentileCase>,
    service_level: Vec<SlCase>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PercentileCase {
    data: Vec<f64>,
    p: f64,
    nearest_rank: f64,
    linear: f64,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SlCase {
    name: String,
    limit: i64,
    items: Vec<ItemGroup>,
    abandoned: Option<String>,
    short_abandon: Option<i64>,
    comparison: Option<String>,
    open_late: Option<String>,
    expect_met: u64,
    expect_missed: u64,
    expect_service_level: Option<f64>,
    expect_table: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemGroup {
    n: usize,
    state: String,
    elapsed: i64,
    stopped: Option<bool>,
}

fn load() -> File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/report.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn state(name: &str) -> MetricState {
    [
        MetricState::NotStarted,
        MetricState::Active,
        MetricState::Paused,
        MetricState::Met,
        MetricState::Breached,
        MetricState::Abandoned,
    ]
    .into_iter()
    .find(|s| s.as_str() == name)
    .unwrap_or_else(|| panic!("unknown state {name}"))
}

fn convention(case: &SlCase) -> ServiceLevel {
    let mut sl = ServiceLevel::default();
    if let Some(a) = &case.abandoned {
        sl = sl.abandoned(match a.as_str() {
            "ignored" => AbandonedAs::Ignored,
            "missed" => AbandonedAs::Missed,
            "met" => AbandonedAs::Met,
            other => panic!("{other}"),
        });
    }
    if let Some(s) = case.short_abandon {
        sl = sl.short_abandon(TimeDelta::seconds(s));
    }
    if let Some(c) = &case.comparison {
        sl = sl.comparison(if c == "below" {
            Comparison::Below
        } else {
            Comparison::AtMost
        });
    }
    if let Some(o) = &case.open_late {
        sl = sl.open_late(if o == "ignored" {
            OpenLateAs::Ignored
        } else {
            OpenLateAs::Missed
        });
    }
    sl
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap()
}

#[test]
fn percentiles() {
    for case in load().percentile {
        let got = (
            percentile(&case.data, case.p, PercentileMethod::NearestRank),
            percentile(&case.data, case.p, PercentileMethod::Linear),
        );
        assert_eq!(
            got.0,
            Some(case.nearest_rank),
            "{:?} p{}",
            case.data,
            case.p
        );
        assert!(
            (got.1.unwrap() - case.linear).abs() < 1e-9,
            "{:?} p{}",
            case.data,
            case.p
        );
    }
    assert_eq!(percentile(&[1.0], 101.0, PercentileMethod::Linear), None);
    assert_eq!(percentile(&[1.0], f64::NAN, PercentileMethod::Linear), None);
}

#[test]
fn service_level_conventions() {
    let file = load();
    assert!(file.service_level.len() >= 12);
    for case in &file.service_level {
        let mut items = Vec::new();
        for group in &case.items {
            for i in 0..group.n {
                let mut item = ReportItem::new(
                    format!("c{}", items.len() + i),
                    Metric::FirstReply,
                    TimeDelta::seconds(case.limit),
                    t0(),
                )
                .outcome(state(&group.state), TimeDelta::seconds(group.elapsed));
                if let Some(stopped) = group.stopped {
                    item.stopped = stopped;
                }
                items.push(item);
            }
        }
        let report = Report::build(&items, &[], convention(case), PercentileMethod::NearestRank);
        let total = &report.total;
        assert_eq!(
            (total.met, total.missed),
            (case.expect_met, case.expect_missed),
            "{}",
            case.name
        );
        match (total.service_level, case.expect_service_level) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 1e-12, "{}: {got}", case.name),
            (got, want) => assert_eq!(got, want, "{}", case.name),
        }
        let table = report.to_table();
        let total_line = table.lines().find(|l| l.starts_with("total")).unwrap();
        assert!(
            total_line
                .split_whitespace()
                .any(|cell| cell == case.expect_table),
            "{}: {total_line}",
            case.name
        );
    }
}

#[test]
fn a_month_pools_its_counts_instead_of_averaging_days() {
    // Day 1: 900 of 1000 in time (90%); day 2: 50 of 100 (50%). Mean of days 70%; pooled 86.4%.
    let limit = TimeDelta::seconds(120);
    let mut items = Vec::new();
    for (day, total, met) in [(1, 1000, 900), (2, 100, 50)] {
        let start = Utc.with_ymd_and_hms(2025, 3, day, 12, 0, 0).unwrap();
        for i in 0..total {
            let (state, secs) = if i < met {
                (MetricState::Met, 60)
            } else {
                (MetricState::Breached, 600)
            };
            items.push(
                ReportItem::new(format!("{day}-{i}"), Metric::FirstReply, limit, start)
                    .outcome(state, TimeDelta::seconds(secs)),
            );
        }
    }
    let days = Report::build(
        &items,
        &[GroupBy::Day],
        ServiceLevel::default(),
        PercentileMethod::NearestRank,
    );
    let sl: Vec<f64> = days.rows.iter().map(|r| r.service_level.unwrap()).collect();
    assert_eq!(sl, [0.9, 0.5]);
    let month = Report::build(
        &items,
        &[GroupBy::Month],
        ServiceLevel::default(),
        PercentileMethod::NearestRank,
    );
    assert_eq!(month.rows.len(), 1);
    assert!((month.rows[0].service_level.unwrap() - 950.0 / 1100.0).abs() < 1e-12);
    assert!(month.to_table().contains("86.4%"));
}

#[test]
fn months_are_taken_in_the_calendar_zone() {
    // 31 January 23:30 UTC is 1 February 01:30 in Kyiv.
    let policy = Policy::from_toml(
        "[calendars.kyiv]\nzone = \"Europe/Kyiv\"\nhours = { daily = \"00:00-24:00\" }\n[[target]]\nname = \"bot\"\nmetric = \"first_reply\"\nwithin = \"120s\"\ncalendar = \"kyiv\"\n",
    )
    .unwrap();
    let subject = Subject::new(Platform::TelegramBot, Kind::Message);
    let mut clock = Clock::new(policy.select(&subject));
    let t = Utc.with_ymd_and_hms(2025, 1, 31, 23, 30, 0).unwrap();
    clock.push(Event::created(t)).unwrap();
    clock
        .push(Event::agent_replied(
            t + TimeDelta::seconds(97),
            Some("olena"),
        ))
        .unwrap();
    let status = clock.status(t + TimeDelta::hours(1)).unwrap();
    let item =
        ReportItem::from_status("chat", status.first_reply.as_ref().unwrap(), &subject, None)
            .unwrap();
    let report = Report::build(
        &[item],
        &[GroupBy::Month, GroupBy::Platform, GroupBy::Agent],
        ServiceLevel::default(),
        PercentileMethod::NearestRank,
    );
    assert_eq!(report.rows[0].key, ["2025-02", "telegram_bot", "olena"]);
}

#[test]
fn renderings_agree() {
    let limit = TimeDelta::seconds(120);
    let mut items = Vec::new();
    for (i, (platform, tags, state, secs)) in [
        (Platform::TelegramBot, vec!["card"], MetricState::Met, 30),
        (
            Platform::TelegramBot,
            vec!["card", "fraud"],
            MetricState::Breached,
            500,
        ),
        (Platform::Instagram, vec![], MetricState::Met, 90),
    ]
    .into_iter()
    .enumerate()
    {
        let mut item = ReportItem::new(format!("c{i}"), Metric::FirstReply, limit, t0())
            .outcome(state, TimeDelta::seconds(secs));
        item.platform = platform;
        item.tags = tags.into_iter().map(str::to_owned).collect();
        items.push(item);
    }
    let report = Report::build(
        &items,
        &[GroupBy::Platform, GroupBy::Tag],
        ServiceLevel::default(),
        PercentileMethod::Linear,
    );
    let keys: Vec<String> = report.rows.iter().map(|r| r.key.join("/")).collect();
    assert_eq!(
        keys,
        [
            "instagram/(none)",
            "telegram_bot/card",
            "telegram_bot/fraud"
        ]
    );
    assert_eq!(report.total.count, 3);

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 3);
    assert_eq!(json["rows"][1]["tag"], "card");
    assert_eq!(json["rows"][1]["service_level"], 0.5);
    assert_eq!(json["total"]["platform"], "(total)");
    assert_eq!(json["percentile_method"], "linear");
    assert_eq!(json["rows"][0]["p90_seconds"], 90.0);

    let csv = report.to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, report.columns());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[1].iter().take(3).collect::<Vec<_>>(),
        ["telegram_bot", "card", "2"]
    );
    assert_eq!(&rows[3][0], "(total)");
    let table = report.to_table();
    assert!(
        table.lines().count() == 6 && table.contains("50.0%"),
        "{table}"
    );
}

#[test]
fn weeks_and_days_are_taken_in_the_item_zone() {
    // 29 December 2024 22:30 UTC is Monday 30 December 00:30 in Kyiv: ISO week 1 of 2025.
    let start = Utc.with_ymd_and_hms(2024, 12, 29, 22, 30, 0).unwrap();
    let mut item = ReportItem::new("c", Metric::FirstReply, TimeDelta::seconds(120), start)
        .outcome(MetricState::Met, TimeDelta::seconds(60));
    item.zone = chrono_tz::Europe::Kyiv;
    let by = |item: &ReportItem, g: GroupBy| {
        let report = Report::build(
            std::slice::from_ref(item),
            &[g],
            ServiceLevel::default(),
            PercentileMethod::NearestRank,
        );
        report.rows[0].key[0].clone()
    };
    assert_eq!(by(&item, GroupBy::Month), "2024-12");
    assert_eq!(by(&item, GroupBy::Week), "2025-W01");
    assert_eq!(by(&item, GroupBy::Day), "2024-12-30");
    item.zone = chrono_tz::UTC;
    assert_eq!(by(&item, GroupBy::Week), "2024-W52");
    assert_eq!(by(&item, GroupBy::Day), "2024-12-29");
}

#[test]
fn a_report_without_groups_prints_the_total_once() {
    let items: Vec<ReportItem> = (0..3)
        .map(|i| {
            ReportItem::new(
                format!("c{i}"),
                Metric::FirstReply,
                TimeDelta::seconds(120),
                t0(),
            )
            .outcome(MetricState::Met, TimeDelta::seconds(30 * i))
        })
        .collect();
    let report = Report::build(&items, &[], ServiceLevel::default(), Default::default());
    let table = report.to_table();
    assert_eq!(
        table.lines().filter(|l| l.starts_with("total")).count(),
        1,
        "{table}"
    );
    let csv = report.to_csv();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    // Nothing at all: a table, a CSV and JSON, without a panic.
    let empty = Report::build(
        &[],
        &[GroupBy::Month],
        ServiceLevel::default(),
        Default::default(),
    );
    assert!(empty.rows.is_empty() && empty.total.service_level.is_none());
    assert!(empty.to_table().contains("total"));
    assert_eq!(empty.to_csv().lines().count(), 2);
    let json: serde_json::Value = serde_json::from_str(&empty.to_json()).unwrap();
    assert!(json["total"]["service_level"].is_null());
}

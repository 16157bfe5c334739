//! SLA clocks: `business_duration`, `add_business_time` and full clock evaluation on a
//! weekday-hours calendar (Moscow, 09:00-13:00 and 14:00-18:00, with the Russian holiday file of
//! `examples/holidays/ru.toml`), over 1,000 spans or conversations of 2025.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use otklik::sla::{Calendar, Clock, Event, Policy, Subject};
use otklik::{Kind, Platform};

fn calendar_file() -> std::path::PathBuf {
    let holidays = otklik_benches::workspace().join("examples/holidays/ru.toml");
    let file = std::env::temp_dir().join("otklik-bench-calendar.toml");
    std::fs::write(
        &file,
        format!(
            "zone = \"Europe/Moscow\"\nholidays = [{:?}]\n[hours]\nweekdays = [\"09:00-13:00\", \"14:00-18:00\"]\n",
            holidays.display().to_string()
        ),
    )
    .unwrap();
    file
}

/// Spans of 2025: starts anywhere in the year, lengths from a minute to three days.
fn spans(n: usize) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut rng = fastrand::Rng::with_seed(7);
    let year = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    (0..n)
        .map(|_| {
            let start = year + TimeDelta::seconds(rng.i64(0..360 * 86_400));
            (start, start + TimeDelta::seconds(rng.i64(60..3 * 86_400)))
        })
        .collect()
}

fn sla(c: &mut Criterion) {
    let calendar = Calendar::from_path(calendar_file()).unwrap();
    let spans = spans(1000);
    let mut group = c.benchmark_group("sla");
    group.throughput(Throughput::Elements(spans.len() as u64));
    group.bench_function("business_duration", |b| {
        b.iter(|| {
            spans
                .iter()
                .map(|&(s, e)| {
                    calendar
                        .business_duration(black_box(s), black_box(e))
                        .unwrap()
                })
                .sum::<TimeDelta>()
        })
    });
    group.bench_function("add_business_time", |b| {
        b.iter(|| {
            spans
                .iter()
                .map(|&(s, e)| {
                    calendar
                        .add_business_time(black_box(s), black_box(e - s))
                        .unwrap()
                })
                .max()
        })
    });

    // A fresh calendar answering its first question builds one year of open intervals.
    let text = std::fs::read_to_string(calendar_file()).unwrap();
    let inline = text.replace(
        &text[text.find("holidays").unwrap()..text.find("[hours]").unwrap()],
        "",
    );
    group.throughput(Throughput::Elements(1));
    group.bench_function("first_query_of_a_year", |b| {
        b.iter(|| {
            let fresh = Calendar::from_toml(black_box(&inline)).unwrap();
            fresh.business_duration(spans[0].0, spans[0].1).unwrap()
        })
    });
    group.throughput(Throughput::Elements(spans.len() as u64));

    // Conversations: created, a reply, a follow-up, a pause and a resume, a second reply;
    // evaluated at an instant when some are open and some are done.
    let policy_text = format!(
        "[calendars]\noffice = {:?}\n[[target]]\nname = \"first\"\nmetric = \"first_reply\"\nwithin = \"2h\"\ncalendar = \"office\"\n\
         [[target]]\nname = \"next\"\nmetric = \"next_reply\"\nwithin = \"1h\"\ncalendar = \"office\"\n\
         [[target]]\nname = \"resolve\"\nmetric = \"resolution\"\nwithin = \"8h\"\ncalendar = \"office\"\n",
        calendar_file().display().to_string()
    );
    let policy_file = std::env::temp_dir().join("otklik-bench-policy.toml");
    std::fs::write(&policy_file, policy_text).unwrap();
    let policy = Policy::from_path(&policy_file).unwrap();
    let selection = policy.select(&Subject::new(Platform::Instagram, Kind::Comment));
    let clocks: Vec<(Clock, DateTime<Utc>)> = spans
        .iter()
        .map(|&(s, e)| {
            let step = (e - s) / 6;
            let mut clock = Clock::new(selection.clone());
            clock
                .extend([
                    Event::created(s),
                    Event::agent_replied(s + step, Some("agent")),
                    Event::customer_replied(s + step * 2),
                    Event::paused(s + step * 3, "waiting on customer"),
                    Event::resumed(s + step * 4),
                    Event::agent_replied(s + step * 5, None),
                ])
                .unwrap();
            (clock, s + step * 4 + step / 2)
        })
        .collect();
    group.bench_function("clock_status", |b| {
        b.iter(|| {
            clocks
                .iter()
                .map(|(clock, now)| clock.status(black_box(*now)).unwrap().metrics().count())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = sla
}
criterion_main!(benches);

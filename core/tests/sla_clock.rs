//! Conversation clocks: the shared cases of testdata/clock.toml and properties of replay.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use otklik::sla::{
    Clock, Event, EventKind, Metric, MetricState, Policy, Selection, Subject, Target,
};
use otklik::{Kind, Platform};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    policy: BTreeMap<String, PolicyText>,
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyText {
    toml: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    policy: String,
    platform: Option<String>,
    kind: Option<String>,
    events: Vec<RawEvent>,
    error: Option<String>,
    error_at: Option<usize>,
    #[serde(default)]
    expect: Vec<Expect>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    at: DateTime<Utc>,
    kind: String,
    agent: Option<String>,
    reason: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    now: DateTime<Utc>,
    metric: String,
    state: String,
    cycle: Option<usize>,
    elapsed: Option<i64>,
    remaining: Option<i64>,
    warning: Option<bool>,
    deadline: Option<String>,
    breached_at: Option<String>,
    stopped_at: Option<String>,
    agent: Option<String>,
}

fn event(raw: &RawEvent) -> Event {
    let mut e = Event::new(raw.at, EventKind::from_name(&raw.kind).expect("known kind"));
    e.agent.clone_from(&raw.agent);
    e.reason.clone_from(&raw.reason);
    e
}

fn instant_text(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(
        || "none".to_owned(),
        |t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

#[test]
fn shared_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/clock.toml");
    let file: File = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let policies: BTreeMap<String, Policy> = file
        .policy
        .iter()
        .map(|(name, p)| (name.clone(), Policy::from_toml(&p.toml).unwrap()))
        .collect();
    assert!(file.case.len() >= 12);
    let mut failures = Vec::new();
    for case in &file.case {
        let subject = Subject::new(
            Platform::from_name(case.platform.as_deref().unwrap_or("other")),
            Kind::from_name(case.kind.as_deref().unwrap_or("message")),
        );
        let mut clock = Clock::new(policies[&case.policy].select(&subject));
        let refused = case
            .events
            .iter()
            .enumerate()
            .find_map(|(i, e)| clock.push(event(e)).err().map(|err| (i, err)));
        match (&case.error, refused) {
            (None, None) => {}
            (Some(kind), Some((i, err))) => {
                if (kind.as_str(), case.error_at) != (err.kind().as_str(), Some(i)) {
                    failures.push(format!("{}: refused event {i}: {err}", case.name));
                }
            }
            (want, got) => {
                failures.push(format!("{}: want error {want:?}, got {got:?}", case.name))
            }
        }
        for x in &case.expect {
            let status = clock.status(x.now).unwrap();
            let metric = Metric::from_name(&x.metric).expect("known metric");
            let Some(m) = status.get(metric) else {
                failures.push(format!("{}: no {} status", case.name, x.metric));
                continue;
            };
            let mut check = |what: &str, got: String, want: Option<String>| {
                if let Some(want) = want
                    && got != want
                {
                    failures.push(format!(
                        "{} at {} {}: {what} is {got}, want {want}",
                        case.name, x.now, x.metric
                    ));
                }
            };
            check("state", m.state.as_str().to_owned(), Some(x.state.clone()));
            check("cycle", m.cycle.to_string(), x.cycle.map(|c| c.to_string()));
            check(
                "elapsed",
                m.elapsed.num_seconds().to_string(),
                x.elapsed.map(|s| s.to_string()),
            );
            check(
                "remaining",
                m.remaining.num_seconds().to_string(),
                x.remaining.map(|s| s.to_string()),
            );
            check(
                "warning",
                m.warning.to_string(),
                x.warning.map(|w| w.to_string()),
            );
            check("deadline", instant_text(m.deadline), x.deadline.clone());
            check(
                "breached_at",
                instant_text(m.breached_at),
                x.breached_at.clone(),
            );
            check(
                "stopped_at",
                instant_text(m.stopped_at),
                x.stopped_at.clone(),
            );
            check(
                "agent",
                m.agent.clone().unwrap_or_default(),
                x.agent.clone(),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn office_policy() -> Policy {
    Policy::from_toml(
        r#"
[calendars.office]
zone = "Europe/Kyiv"
hours = { weekdays = ["09:00-13:00", "14:00-18:00"], sat = "10:00-14:00" }
[[target]]
name = "first"
metric = "first_reply"
within = "1h"
calendar = "office"
[[target]]
name = "next"
metric = "next_reply"
within = "30m"
[[target]]
name = "resolve"
metric = "resolution"
within = "6h"
calendar = "office"
"#,
    )
    .unwrap()
}

/// Random conversations: a created event, then any kinds at non-decreasing times (some are
/// refused, which must leave the clock as it was).
fn conversation() -> impl Strategy<Value = Vec<Event>> {
    let start = 1_735_689_600i64; // 2025-01-01
    (
        0i64..365 * 86_400,
        prop::collection::vec((0usize..7, 0i64..20_000), 0..25),
    )
        .prop_map(move |(offset, steps)| {
            let mut t = Utc.timestamp_opt(start + offset, 0).unwrap();
            let mut events = vec![Event::created(t)];
            for (kind, gap) in steps {
                t += TimeDelta::seconds(gap);
                let kind = EventKind::ALL[kind];
                let mut e = Event::new(t, kind);
                if kind == EventKind::AgentReplied {
                    e.agent = Some(format!("agent{}", gap % 3));
                }
                events.push(e);
            }
            events
        })
}

fn feed(clock: &mut Clock, events: &[Event]) {
    for e in events {
        let before = clock.clone();
        if clock.push(e.clone()).is_err() {
            assert_eq!(*clock, before, "a refused event changed the clock");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn splitting_the_events_and_resuming_gives_the_same_clock(
        events in conversation(), split in 0usize..30,
    ) {
        let selection = office_policy().select(&Subject::new(Platform::Instagram, Kind::Comment));
        let mut whole = Clock::new(selection.clone());
        feed(&mut whole, &events);
        let split = split.min(events.len());
        let mut resumed = Clock::new(selection);
        feed(&mut resumed, &events[..split]);
        let paused_copy = resumed.clone();
        let _ = paused_copy.status(events[split.saturating_sub(1)].at).unwrap();
        feed(&mut resumed, &events[split..]);
        prop_assert_eq!(&resumed, &whole);
        let end = events.last().unwrap().at + TimeDelta::hours(30);
        prop_assert_eq!(resumed.status(end).unwrap(), whole.status(end).unwrap());
    }

    #[test]
    fn the_status_at_an_instant_depends_only_on_the_events_up_to_it(
        events in conversation(), pick in 0usize..30, at_an_event in any::<bool>(),
    ) {
        let selection = office_policy().select(&Subject::new(Platform::Instagram, Kind::Comment));
        let mut whole = Clock::new(selection.clone());
        feed(&mut whole, &events);
        // Just after an event, or exactly at it (the events at `now` are taken).
        let at = events[pick.min(events.len() - 1)].at;
        let now = if at_an_event { at } else { at + TimeDelta::seconds(1) };
        let mut known = Clock::new(selection);
        let upto: Vec<Event> = events.iter().filter(|e| e.at <= now).cloned().collect();
        feed(&mut known, &upto);
        let (a, b) = (whole.status(now).unwrap(), known.status(now).unwrap());
        prop_assert_eq!(&a, &b);
        for m in a.metrics() {
            // The metric states agree with the conversation's flags at `now`.
            if m.is_open() {
                let states: &[MetricState] = if a.paused {
                    &[MetricState::Paused, MetricState::Breached]
                } else {
                    &[MetricState::Active, MetricState::Breached]
                };
                prop_assert!(states.contains(&m.state), "{:?} while paused={}", m.state, a.paused);
            }
            if m.started_at.is_some() {
                // No deadline only while paused within the limit.
                prop_assert_eq!(m.deadline.is_none(), m.state == MetricState::Paused);
            }
            let span = now - m.started_at.unwrap_or(now);
            prop_assert!(m.elapsed <= span, "business time within calendar time");
            prop_assert_eq!(m.remaining, m.target.within() - m.elapsed);
            if let (Some(d), Some(s)) = (m.deadline, m.started_at) {
                prop_assert!(d >= s);
            }
        }
    }
}

/// Targets made by hand skip `Policy::new`'s checks; the clock still answers sensibly.
#[test]
fn limits_out_of_the_policy_range() {
    let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    let office = otklik::sla::Calendar::from_toml(
        "zone = \"Europe/Kyiv\"\n[hours]\nweekdays = \"09:00-18:00\"",
    )
    .unwrap();
    let clock_with = |target: Target| {
        let selection = Selection {
            first_reply: Some(std::sync::Arc::new(target.calendar(office.clone()))),
            ..Selection::default()
        };
        Clock::new(selection)
    };

    // A limit of zero is used up at the first open instant the clock counts, not at an opening
    // inside a pause: created Saturday, paused over Monday, resumed Tuesday 10:00.
    let mut clock = clock_with(Target::new("zero", Metric::FirstReply, TimeDelta::zero()));
    clock
        .push(Event::created(t("2025-10-04T07:00:00Z")))
        .unwrap();
    clock
        .push(Event::paused(t("2025-10-04T08:00:00Z"), "waiting"))
        .unwrap();
    clock
        .push(Event::resumed(t("2025-10-07T07:00:00Z")))
        .unwrap();
    clock
        .push(Event::agent_replied(t("2025-10-07T08:00:00Z"), None))
        .unwrap();
    let first = clock
        .status(t("2025-10-08T00:00:00Z"))
        .unwrap()
        .first_reply
        .unwrap();
    assert_eq!(first.state, MetricState::Breached);
    assert_eq!(first.breached_at, Some(t("2025-10-07T07:00:00Z")));

    // A negative limit counts as zero (no panic).
    let mut clock = clock_with(Target::new("negative", Metric::FirstReply, TimeDelta::MIN));
    clock
        .push(Event::created(t("2025-10-06T07:00:00Z")))
        .unwrap();
    let first = clock
        .status(t("2025-10-06T08:00:00Z"))
        .unwrap()
        .first_reply
        .unwrap();
    assert_eq!(first.state, MetricState::Breached);
    assert_eq!(first.breached_at, Some(t("2025-10-06T07:00:00Z")));

    // A limit longer than 292 years: the time left is still the limit less the time used.
    let huge = TimeDelta::seconds(i64::MAX / 1000);
    let mut clock = clock_with(Target::new("huge", Metric::FirstReply, huge));
    clock
        .push(Event::created(t("2025-10-06T07:00:00Z")))
        .unwrap();
    let first = clock
        .status(t("2025-10-06T08:00:00Z"))
        .unwrap()
        .first_reply
        .unwrap();
    assert_eq!(first.elapsed, TimeDelta::hours(1));
    assert_eq!(first.remaining, huge - TimeDelta::hours(1));
    assert_eq!((first.state, first.deadline), (MetricState::Active, None));
}

//! Calendars, policies and clocks from Kotlin, mirroring `otklik::sla`, with `java.time` types.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use chrono::{NaiveDate, TimeDelta};

use crate::error::{OtklikError, clamp};
use crate::mention::{from_system_time, to_system_time};

fn delta(d: Duration) -> Result<TimeDelta, OtklikError> {
    TimeDelta::from_std(d).map_err(|_| OtklikError::invalid("duration is too long"))
}

/// A non-negative `TimeDelta` as a `java.time.Duration` (negative ones are never passed here).
fn duration(d: TimeDelta) -> Duration {
    d.to_std().unwrap_or_default()
}

/// When the desk is open: weekly hours in an IANA zone, holidays and special days. Safe to
/// share across threads; `AutoCloseable`.
#[derive(uniffi::Object)]
pub struct Calendar {
    inner: otklik::sla::Calendar,
}

#[uniffi::export]
impl Calendar {
    /// A calendar from weekly hours (`"mon"` .. `"sun"`, `"weekdays"`, `"weekend"`, `"daily"`
    /// to lists like `"09:00-13:00"`; `"22:00-06:00"` is a night shift of its start day) in an
    /// IANA time zone, and holidays as ISO dates (`"2025-12-25"`).
    #[uniffi::constructor]
    pub fn new(
        timezone: String,
        hours: HashMap<String, Vec<String>>,
        holidays: Vec<String>,
    ) -> Result<Arc<Calendar>, OtklikError> {
        let zone = otklik::sla::parse_zone(&timezone)?;
        let mut entries = Vec::with_capacity(hours.len());
        for (key, list) in hours {
            let shifts = otklik::sla::Shift::parse_list(&list.join(","))?;
            entries.push((key, shifts));
        }
        let mut builder =
            otklik::sla::Calendar::builder(zone, otklik::sla::WeekHours::from_keys(entries)?);
        for day in holidays {
            let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
                OtklikError::invalid(format!("holiday {day:?} is not a date like 2025-12-25"))
            })?;
            builder = builder.day(date, otklik::sla::DayRule::closed(""));
        }
        Ok(Arc::new(Calendar {
            inner: builder.build()?,
        }))
    }

    /// A calendar from the text of a calendar file.
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<Calendar>, OtklikError> {
        Ok(Arc::new(Calendar {
            inner: otklik::sla::Calendar::from_toml(&text)?,
        }))
    }

    /// A calendar file; the holiday files it names are read relative to it.
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<Calendar>, OtklikError> {
        Ok(Arc::new(Calendar {
            inner: otklik::sla::Calendar::from_path(&path)?,
        }))
    }

    /// Open around the clock every day.
    #[uniffi::constructor]
    pub fn always() -> Arc<Calendar> {
        Arc::new(Calendar {
            inner: otklik::sla::Calendar::always_open(),
        })
    }

    /// The IANA time zone of the opening hours.
    pub fn timezone(&self) -> String {
        self.inner.zone().name().to_owned()
    }

    /// Whether the desk is open at `at`.
    pub fn is_open(&self, at: SystemTime) -> Result<bool, OtklikError> {
        Ok(self.inner.is_open(from_system_time(at)?)?)
    }

    /// `at` if open, else the next opening; null if it never opens again.
    pub fn next_open(&self, at: SystemTime) -> Result<Option<SystemTime>, OtklikError> {
        Ok(self
            .inner
            .next_open(from_system_time(at)?)?
            .map(to_system_time))
    }

    /// `at` if closed, else the end of the open interval around it; null if it never closes.
    pub fn next_close(&self, at: SystemTime) -> Result<Option<SystemTime>, OtklikError> {
        Ok(self
            .inner
            .next_close(from_system_time(at)?)?
            .map(to_system_time))
    }

    /// Business time in `[start, end)`; `end` before `start` throws `OtklikException.Sla`
    /// with kind `end_before_start`.
    pub fn business_duration(
        &self,
        start: SystemTime,
        end: SystemTime,
    ) -> Result<Duration, OtklikError> {
        let d = self
            .inner
            .business_duration(from_system_time(start)?, from_system_time(end)?)?;
        Ok(duration(d))
    }

    /// The deadline: the earliest instant at which `duration` of business time is used up.
    pub fn add_business_time(
        &self,
        start: SystemTime,
        duration: Duration,
    ) -> Result<SystemTime, OtklikError> {
        let t = self
            .inner
            .add_business_time(from_system_time(start)?, delta(duration)?)?;
        Ok(to_system_time(t))
    }

    /// The latest instant from which `duration` of business time runs up to `end`.
    pub fn subtract_business_time(
        &self,
        end: SystemTime,
        duration: Duration,
    ) -> Result<SystemTime, OtklikError> {
        let t = self
            .inner
            .subtract_business_time(from_system_time(end)?, delta(duration)?)?;
        Ok(to_system_time(t))
    }
}

/// Reply-time targets; for each metric the first target in written order whose conditions
/// hold applies. Safe to share across threads; `AutoCloseable`.
#[derive(uniffi::Object)]
pub struct Policy {
    inner: otklik::sla::Policy,
}

#[uniffi::export]
impl Policy {
    /// A policy from the text of a policy file (inline calendars).
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<Policy>, OtklikError> {
        Ok(Arc::new(Policy {
            inner: otklik::sla::Policy::from_toml(&text)?,
        }))
    }

    /// A policy file; calendars given as paths are read relative to it.
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<Policy>, OtklikError> {
        Ok(Arc::new(Policy {
            inner: otklik::sla::Policy::from_path(&path)?,
        }))
    }

    /// The names of the targets, in precedence order.
    pub fn target_names(&self) -> Vec<String> {
        self.inner
            .targets()
            .iter()
            .map(|t| t.name().to_owned())
            .collect()
    }
}

/// What happened in a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum EventKind {
    /// The first customer message.
    Created,
    /// A reply of the bank.
    AgentReplied,
    /// A further customer message.
    CustomerReplied,
    /// The clocks stop counting.
    Paused,
    /// The clocks count again.
    Resumed,
    /// The conversation is resolved.
    Resolved,
    /// A resolved conversation is open again.
    Reopened,
}

impl From<EventKind> for otklik::sla::EventKind {
    fn from(k: EventKind) -> Self {
        use otklik::sla::EventKind as K;
        match k {
            EventKind::Created => K::Created,
            EventKind::AgentReplied => K::AgentReplied,
            EventKind::CustomerReplied => K::CustomerReplied,
            EventKind::Paused => K::Paused,
            EventKind::Resumed => K::Resumed,
            EventKind::Resolved => K::Resolved,
            EventKind::Reopened => K::Reopened,
        }
    }
}

/// One metric of a conversation at an instant.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct MetricStatus {
    /// `first_reply`, `next_reply` or `resolution`.
    pub metric: String,
    /// The target's name.
    pub target: String,
    /// `not_started`, `active`, `paused`, `met`, `breached` or `abandoned`.
    pub state: String,
    /// Past the warning fraction while running or paused.
    pub warning: bool,
    /// Business time used.
    pub elapsed: Duration,
    /// Limit minus business time used, in seconds (negative once over).
    pub remaining_seconds: i64,
    /// When the limit is (or was) used up; null while paused within it.
    pub deadline: Option<SystemTime>,
    /// When it was breached, if it was.
    pub breached_at: Option<SystemTime>,
    /// Who replied, if known.
    pub agent: Option<String>,
}

/// All metrics of a conversation at an instant (null where the policy has no target).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ClockStatus {
    /// First reply.
    pub first_reply: Option<MetricStatus>,
    /// The latest next-reply cycle.
    pub next_reply: Option<MetricStatus>,
    /// Resolution.
    pub resolution: Option<MetricStatus>,
    /// Whether the clocks are paused.
    pub paused: bool,
    /// Whether the conversation is resolved.
    pub resolved: bool,
}

fn metric_status(m: &otklik::sla::MetricStatus) -> MetricStatus {
    MetricStatus {
        metric: m.metric.as_str().to_owned(),
        target: m.target.name().to_owned(),
        state: m.state.as_str().to_owned(),
        warning: m.warning,
        elapsed: duration(m.elapsed),
        remaining_seconds: m.remaining.num_seconds(),
        deadline: m.deadline.map(to_system_time),
        breached_at: m.breached_at.map(to_system_time),
        agent: m.agent.clone(),
    }
}

/// The reply-time clocks of one conversation, fed its events in time order. Safe to share
/// across threads; `AutoCloseable`.
#[derive(uniffi::Object)]
pub struct Clock {
    inner: Mutex<otklik::sla::Clock>,
}

#[uniffi::export]
impl Clock {
    /// A clock with the targets `policy` selects for a conversation on `platform` whose first
    /// message is of `kind`, with these tags and priority (`low` .. `urgent`, or null).
    #[uniffi::constructor]
    pub fn new(
        policy: Arc<Policy>,
        platform: String,
        kind: String,
        tags: Vec<String>,
        priority: Option<String>,
    ) -> Result<Arc<Clock>, OtklikError> {
        use otklik::rules::Priority;
        let mut subject = otklik::sla::Subject::new(
            otklik::Platform::from_name(&platform),
            otklik::Kind::from_name(&kind),
        )
        .with_tags(tags);
        if let Some(p) = priority {
            let p = Priority::from_name(&p)
                .ok_or_else(|| OtklikError::invalid(format!("unknown priority {p:?}")))?;
            subject = subject.with_priority(p);
        }
        Ok(Arc::new(Clock {
            inner: Mutex::new(otklik::sla::Clock::new(policy.inner.select(&subject))),
        }))
    }

    /// Adds the next event; a refused one throws `OtklikException.Sla` (`event_order`,
    /// `event_state`) and changes nothing.
    pub fn push(
        &self,
        kind: EventKind,
        at: SystemTime,
        agent: Option<String>,
        reason: Option<String>,
    ) -> Result<(), OtklikError> {
        let mut event = otklik::sla::Event::new(from_system_time(at)?, kind.into());
        event.agent = agent;
        event.reason = reason;
        let mut clock = self
            .inner
            .lock()
            .map_err(|_| OtklikError::invalid("the clock was poisoned by an earlier failure"))?;
        Ok(clock.push(event)?)
    }

    /// When the conversation first moved to a private channel (a `Paused` event with reason
    /// `moved_to_private`), or null.
    pub fn moved_to_private_at(&self) -> Result<Option<SystemTime>, OtklikError> {
        let clock = self
            .inner
            .lock()
            .map_err(|_| OtklikError::invalid("the clock was poisoned by an earlier failure"))?;
        Ok(clock.moved_to_private_at().map(to_system_time))
    }

    /// The status of every metric with a target, as of `now`.
    pub fn status(&self, now: SystemTime) -> Result<ClockStatus, OtklikError> {
        let clock = self
            .inner
            .lock()
            .map_err(|_| OtklikError::invalid("the clock was poisoned by an earlier failure"))?;
        let s = clock.status(from_system_time(now)?)?;
        Ok(ClockStatus {
            first_reply: s.first_reply.as_ref().map(metric_status),
            next_reply: s.next_reply.as_ref().map(metric_status),
            resolution: s.resolution.as_ref().map(metric_status),
            paused: s.paused,
            resolved: s.resolved,
        })
    }
}

/// The service level of reply times against a target, and reply-time statistics.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ServiceLevelResult {
    /// Items.
    pub count: i64,
    /// Counted as met.
    pub met: i64,
    /// Counted as missed.
    pub missed: i64,
    /// Not answered yet.
    pub open: i64,
    /// met / (met + missed), 0 to 1; null when nothing is counted.
    pub service_level: Option<f64>,
    /// p90 of reply time by nearest rank, in seconds.
    pub p90_seconds: Option<f64>,
}

/// The service level of reply times against `target` (null = not answered yet).
#[uniffi::export]
pub fn service_level(
    reply_times: Vec<Option<Duration>>,
    target: Duration,
) -> Result<ServiceLevelResult, OtklikError> {
    let times = reply_times
        .into_iter()
        .map(|t| t.map(delta).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    let row = otklik::sla::service_level(
        &times,
        delta(target)?,
        otklik::sla::ServiceLevel::default(),
        otklik::sla::PercentileMethod::NearestRank,
    )?;
    Ok(ServiceLevelResult {
        count: clamp(row.count),
        met: clamp(row.met),
        missed: clamp(row.missed),
        open: clamp(row.open + row.open_late),
        service_level: row.service_level,
        p90_seconds: row.percentiles_seconds[1],
    })
}

/// One open clock in the live queue.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct QueueEntry {
    /// The conversation's key (its thread).
    pub conversation: String,
    /// `first_reply` or `next_reply` (or `resolution`).
    pub metric: String,
    /// The target's name.
    pub target: String,
    /// `active`, `paused` or `breached`.
    pub state: String,
    /// Business time left, in seconds (negative once over).
    pub remaining_seconds: i64,
    /// When the limit is used up; null while paused within it.
    pub deadline: Option<SystemTime>,
    /// In the warning zone.
    pub warning: bool,
}

/// The open reply clocks of `mentions` at `now`, most urgent first: conversations are found by
/// thread, the bank's own replies (`authorIsBrand`) are agent replies, and, when `rules` is
/// given, tags and priority choose the targets and mentions that need no reply get no clock.
#[uniffi::export]
pub fn live_queue(
    mentions: Vec<crate::mention::Mention>,
    policy: Arc<Policy>,
    now: SystemTime,
    rules: Option<Arc<crate::rules::RuleSet>>,
) -> Result<Vec<QueueEntry>, OtklikError> {
    let mentions = mentions
        .into_iter()
        .map(otklik::Mention::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let taggings = rules.map(|r| r.core().tag_mentions(&mentions));
    let clocks = otklik::sla::clocks(&mentions, taggings.as_deref(), &policy.inner)?;
    let queue = otklik::sla::live_queue(
        clocks
            .iter()
            .map(|c| (c.conversation.key.as_str(), &c.clock)),
        from_system_time(now)?,
    )?;
    Ok(queue
        .into_iter()
        .map(|e| QueueEntry {
            conversation: e.conversation,
            metric: e.metric.as_str().to_owned(),
            target: e.target,
            state: e.state.as_str().to_owned(),
            remaining_seconds: e.remaining.num_seconds(),
            deadline: e.deadline.map(to_system_time),
            warning: e.warning,
        })
        .collect())
}

/// One group of an SLA report.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ReportRow {
    /// The group's values, one per grouping (empty for the total).
    pub key: Vec<String>,
    /// Items.
    pub count: i64,
    /// Counted as met.
    pub met: i64,
    /// Counted as missed.
    pub missed: i64,
    /// Still open (within or past the limit).
    pub open: i64,
    /// met / (met + missed), 0 to 1; null when nothing is counted.
    pub service_level: Option<f64>,
    /// Median reply time in seconds.
    pub median_seconds: Option<f64>,
    /// p90 of reply time (nearest rank) in seconds.
    pub p90_seconds: Option<f64>,
    /// Items whose conversation moved to a private channel.
    pub moved_to_private: i64,
}

/// An SLA report: rows, total, and the renderings of the core.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct SlaReport {
    /// One row per group, sorted by key.
    pub rows: Vec<ReportRow>,
    /// All items.
    pub total: ReportRow,
    /// An aligned text table with the convention under it.
    pub table: String,
    /// The report as JSON.
    pub json: String,
    /// The report as CSV.
    pub csv: String,
}

fn report_row(r: &otklik::sla::ReportRow) -> ReportRow {
    ReportRow {
        key: r.key.clone(),
        count: clamp(r.count),
        met: clamp(r.met),
        missed: clamp(r.missed),
        open: clamp(r.open + r.open_late),
        service_level: r.service_level,
        median_seconds: r.median_seconds,
        p90_seconds: r.percentiles_seconds[1],
        moved_to_private: clamp(r.moved_to_private),
    }
}

/// The SLA report of `mentions` at `now`, grouped by `month`, `week`, `day`, `platform`,
/// `kind`, `agent`, `tag`, `queue`, `metric` or `target` (abandons left out, `<=`, open and
/// late counted as missed, nearest-rank percentiles).
#[uniffi::export]
pub fn sla_report(
    mentions: Vec<crate::mention::Mention>,
    policy: Arc<Policy>,
    now: SystemTime,
    rules: Option<Arc<crate::rules::RuleSet>>,
    group_by: Vec<String>,
) -> Result<SlaReport, OtklikError> {
    let groups = group_by
        .iter()
        .map(|g| {
            otklik::sla::GroupBy::from_name(g)
                .ok_or_else(|| OtklikError::invalid(format!("cannot group by {g:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mentions = mentions
        .into_iter()
        .map(otklik::Mention::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let taggings = rules.map(|r| r.core().tag_mentions(&mentions));
    let items = otklik::sla::report_items(
        &mentions,
        taggings.as_deref(),
        &policy.inner,
        from_system_time(now)?,
    )?;
    let report = otklik::sla::Report::build(
        &items,
        &groups,
        otklik::sla::ServiceLevel::default(),
        otklik::sla::PercentileMethod::NearestRank,
    );
    Ok(SlaReport {
        rows: report.rows.iter().map(report_row).collect(),
        total: report_row(&report.total),
        table: report.to_table(),
        json: report.to_json(),
        csv: report.to_csv(),
    })
}

/// A conversation found among mentions.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Conversation {
    /// Its thread: `threadId`, or the id of the root of its `parentId` chain.
    pub key: String,
    /// Indices of its mentions in the input, in time order.
    pub mentions: Vec<i64>,
    /// Index of its first customer message.
    pub first_customer: i64,
    /// Its events: kind and instant, with the agent of a reply.
    pub events: Vec<ConversationEvent>,
}

/// One event of a conversation.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ConversationEvent {
    /// What happened.
    pub kind: EventKind,
    /// When.
    pub at: SystemTime,
    /// Who replied, for a reply of the bank.
    pub agent: Option<String>,
}

/// Groups mentions into conversations by thread; the bank's own replies (`authorIsBrand`) are
/// the agent replies.
#[uniffi::export]
pub fn conversations(
    mentions: Vec<crate::mention::Mention>,
) -> Result<Vec<Conversation>, OtklikError> {
    use otklik::sla::EventKind as K;
    let mentions = mentions
        .into_iter()
        .map(otklik::Mention::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(otklik::sla::conversations(&mentions)
        .into_iter()
        .map(|c| Conversation {
            key: c.key,
            mentions: c.mentions.iter().map(|&i| clamp(i as u64)).collect(),
            first_customer: clamp(c.first_customer as u64),
            events: c
                .events
                .into_iter()
                .map(|e| ConversationEvent {
                    kind: match e.kind {
                        K::Created => EventKind::Created,
                        K::AgentReplied => EventKind::AgentReplied,
                        K::CustomerReplied => EventKind::CustomerReplied,
                        K::Paused => EventKind::Paused,
                        K::Resumed => EventKind::Resumed,
                        K::Resolved => EventKind::Resolved,
                        K::Reopened => EventKind::Reopened,
                    },
                    at: to_system_time(e.at),
                    agent: e.agent,
                })
                .collect(),
        })
        .collect())
}

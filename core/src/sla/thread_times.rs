//! One row per conversation: its first reply and its resolution, measured and already counted
//! under a service-level convention, so that a report is a plain aggregation (sums of met and
//! missed, percentiles of reply seconds) in whatever engine groups the rows: Spark, a SQL
//! database, a data frame.
//!
//! This is what a distributed job computes for each group of mentions that share a thread: the
//! conversations among them (usually one), each with a row of [`ThreadTimes`]. A [`Report`]
//! grouped by month and platform over the same mentions has the counts that summing these rows
//! by `month` and `platform` gives, and the same reply-time statistics over `reply_seconds`.
//!
//! [`Report`]: super::Report

use chrono::{DateTime, TimeDelta, Utc};

use super::clock::{MetricState, MetricStatus};
use super::error::SlaError;
use super::pipeline::{ClockBuilder, ConversationClock};
use super::policy::{Metric, Policy};
use super::report::{GroupBy, Outcome, ReportItem, ServiceLevel};
use crate::rules::{Priority, Tagging};
use crate::{Kind, Mention, Platform};

/// How [`thread_times`] measures: the convention the rows are counted under, and whether a
/// conversation left idle after the bank's reply counts as resolved
/// ([`ClockBuilder::resolve_when_idle`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThreadTimesOptions {
    /// The service-level convention of `met` and `missed`.
    pub service_level: ServiceLevel,
    /// Resolve a conversation whose last message is the bank's after this much silence.
    pub resolve_idle: Option<TimeDelta>,
}

impl ThreadTimesOptions {
    /// The default convention, no idle resolution.
    pub fn new() -> ThreadTimesOptions {
        ThreadTimesOptions::default()
    }

    /// Counts under this convention.
    pub fn service_level(mut self, service_level: ServiceLevel) -> ThreadTimesOptions {
        self.service_level = service_level;
        self
    }

    /// Resolves conversations left idle this long after the bank's last reply.
    pub fn resolve_when_idle(mut self, idle: TimeDelta) -> ThreadTimesOptions {
        self.resolve_idle = Some(idle);
        self
    }
}

/// One metric of one conversation, as a report counts it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MetricTimes {
    /// The target's name.
    pub target: String,
    /// The target's limit.
    pub limit: TimeDelta,
    /// When the metric started (the customer's message).
    pub started_at: DateTime<Utc>,
    /// The month it started, `2025-01`, in the target calendar's zone (as reports group it).
    pub month: String,
    /// Its ISO week, `2025-W03`, in the same zone.
    pub week: String,
    /// Its day, `2025-01-15`, in the same zone.
    pub day: String,
    /// The state at the instant of measuring.
    pub state: MetricState,
    /// How it counts under the convention.
    pub outcome: Outcome,
    /// Counted as met.
    pub met: bool,
    /// Counted as missed.
    pub missed: bool,
    /// Business time used so far, in seconds (millisecond precision, as reports take it).
    pub elapsed_seconds: f64,
    /// The reply time in seconds when the bank replied (stopped, not abandoned); what reports
    /// take means and percentiles of.
    pub reply_seconds: Option<f64>,
    /// When it stopped, if it did.
    pub stopped_at: Option<DateTime<Utc>>,
    /// When it is or was due, if known.
    pub deadline: Option<DateTime<Utc>>,
    /// Who replied, if known.
    pub agent: Option<String>,
}

impl MetricTimes {
    /// The times of a metric status (`None` when it has not started), counted as `service_level`
    /// counts the report item of the same status.
    pub fn of(
        status: &MetricStatus,
        item: &ReportItem,
        service_level: &ServiceLevel,
    ) -> MetricTimes {
        let outcome = service_level.outcome(item);
        let counted = service_level.counts_as(outcome);
        let period = |g: GroupBy| g.values_of(item).pop().unwrap_or_default();
        let elapsed_seconds = item.elapsed.num_milliseconds() as f64 / 1000.0;
        MetricTimes {
            target: item.target.clone(),
            limit: item.limit,
            started_at: item.started_at,
            month: period(GroupBy::Month),
            week: period(GroupBy::Week),
            day: period(GroupBy::Day),
            state: item.state,
            outcome,
            met: counted == Some(true),
            missed: counted == Some(false),
            elapsed_seconds,
            reply_seconds: (item.answered() && outcome != Outcome::NotStarted)
                .then_some(elapsed_seconds),
            stopped_at: status.stopped_at,
            deadline: status.deadline,
            agent: item.agent.clone(),
        }
    }
}

/// One conversation's row: who, where, what, and its first reply and resolution.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ThreadTimes {
    /// The conversation's key (its thread).
    pub key: String,
    /// The id of its first customer message.
    pub first_mention: String,
    /// How many mentions it has (the bank's included).
    pub mentions: usize,
    /// Where it happened (its first customer message's platform).
    pub platform: Platform,
    /// What its first customer message is.
    pub kind: Kind,
    /// The tags of its first customer message, when tagged.
    pub tags: Vec<String>,
    /// The priority of that tagging.
    pub priority: Option<Priority>,
    /// The queue of that tagging.
    pub queue: Option<String>,
    /// Whether the conversation moved to a private channel.
    pub moved_to_private: bool,
    /// Its first reply, when the policy has a target for it and it has started.
    pub first_reply: Option<MetricTimes>,
    /// Its resolution, likewise.
    pub resolution: Option<MetricTimes>,
    /// How many next-reply cycles it has (follow-ups of the customer after a reply).
    pub next_replies: usize,
}

impl ThreadTimes {
    /// The row of one conversation's clock at `now`; `first_mention` is the id of its first
    /// customer message.
    pub fn of(
        clock: &ConversationClock,
        first_mention: &str,
        now: DateTime<Utc>,
        service_level: &ServiceLevel,
    ) -> Result<ThreadTimes, SlaError> {
        let moved = clock.clock.moved_to_private_at().is_some();
        let metric = |metric: Metric| -> Result<Option<MetricTimes>, SlaError> {
            let cycles = clock.clock.cycles(metric, now)?;
            Ok(cycles.first().and_then(|status| {
                ReportItem::from_status(
                    &clock.conversation.key,
                    status,
                    &clock.subject,
                    clock.queue.as_deref(),
                )
                .map(|item| MetricTimes::of(status, &item.moved_to_private(moved), service_level))
            }))
        };
        Ok(ThreadTimes {
            key: clock.conversation.key.clone(),
            first_mention: first_mention.to_owned(),
            mentions: clock.conversation.mentions.len(),
            platform: clock.subject.platform.clone(),
            kind: clock.subject.kind.clone(),
            tags: clock.subject.tags.clone(),
            priority: clock.subject.priority,
            queue: clock.queue.clone(),
            moved_to_private: moved,
            first_reply: metric(Metric::FirstReply)?,
            resolution: metric(Metric::Resolution)?,
            next_replies: clock.clock.cycles(Metric::NextReply, now)?.len(),
        })
    }

    /// The metric's times, if any (`None` for the next reply: rows keep only its count).
    pub fn metric(&self, metric: Metric) -> Option<&MetricTimes> {
        match metric {
            Metric::FirstReply => self.first_reply.as_ref(),
            Metric::Resolution => self.resolution.as_ref(),
            Metric::NextReply => None,
        }
    }
}

/// The row of every conversation among `mentions` at `now`, in the order of their first
/// customer message: the clocks of [`clocks`](super::clocks) (with `taggings`, one per mention,
/// selecting targets as there), measured and counted under `options`.
///
/// The mentions may come in any order and hold several threads: a distributed job hands it
/// the mentions of one thread key, or of a few. Mentions published outside the years clocks
/// cover (1678 to 2261) are left out, as the main job leaves them out.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{thread_times, Metric, Outcome, Policy, Target, ThreadTimesOptions};
/// use otklik::{Kind, Mention, Platform};
///
/// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
/// let policy = Policy::new(vec![
///     Target::new("comments", Metric::FirstReply, TimeDelta::minutes(10)),
///     Target::new("resolved", Metric::Resolution, TimeDelta::hours(8)),
/// ])?;
/// let mut answer = Mention::new("2", Platform::Vk, Kind::Reply, "Готово", t0 + TimeDelta::minutes(4));
/// answer.parent_id = Some("1".into());
/// answer.author_is_brand = true;
/// let question = Mention::new("1", Platform::Vk, Kind::Comment, "Не працює картка", t0);
/// let now = t0 + TimeDelta::days(2);
/// let options = ThreadTimesOptions::new().resolve_when_idle(TimeDelta::hours(24));
/// let rows = thread_times(&[answer, question], None, &policy, now, &options)?;
/// assert_eq!((rows[0].key.as_str(), rows[0].first_mention.as_str()), ("1", "1"));
/// let first = rows[0].first_reply.as_ref().unwrap();
/// assert_eq!((first.outcome, first.met, first.reply_seconds), (Outcome::Met, true, Some(240.0)));
/// assert_eq!(first.month, "2025-03");
/// let resolution = rows[0].resolution.as_ref().unwrap();
/// assert_eq!(resolution.reply_seconds, Some(240.0)); // resolved at the reply, after 24 h idle
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn thread_times(
    mentions: &[Mention],
    taggings: Option<&[Tagging]>,
    policy: &Policy,
    now: DateTime<Utc>,
    options: &ThreadTimesOptions,
) -> Result<Vec<ThreadTimes>, SlaError> {
    if let Some(t) = taggings
        && t.len() != mentions.len()
    {
        return Err(super::error::invalid(format!(
            "{} taggings for {} mentions: give one tagging per mention",
            t.len(),
            mentions.len()
        )));
    }
    let mut builder = ClockBuilder::new();
    if let Some(idle) = options.resolve_idle {
        builder = builder.resolve_when_idle(idle, now);
    }
    // Pushed mentions, by push index: those the clocks can take.
    let mut pushed: Vec<usize> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        if super::timeline::to_nanos(m.published_at).is_ok() {
            builder.push(m, taggings.map(|t| &t[i]));
            pushed.push(i);
        }
    }
    builder
        .finish(policy)
        .map(|clock| {
            let clock = clock?;
            let first = &mentions[pushed[clock.conversation.first_customer]].id;
            ThreadTimes::of(&clock, first, now, &options.service_level)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::{Report, ReportItem, Target};
    use chrono::TimeZone;

    fn mention(id: &str, thread: &str, brand: bool, minute: i64, platform: Platform) -> Mention {
        let t0 = Utc.with_ymd_and_hms(2025, 1, 31, 23, 50, 0).unwrap();
        let mut m = Mention::new(
            id,
            platform,
            Kind::Comment,
            "",
            t0 + TimeDelta::minutes(minute),
        );
        m.thread_id = Some(thread.into());
        m.author_is_brand = brand;
        m
    }

    fn policy() -> Policy {
        Policy::new(vec![
            Target::new("comments", Metric::FirstReply, TimeDelta::minutes(10)),
            Target::new("follow-ups", Metric::NextReply, TimeDelta::minutes(30)),
            Target::new("resolved", Metric::Resolution, TimeDelta::hours(2)),
        ])
        .unwrap()
    }

    /// Summing the rows by month and platform gives the report's counts and reply times.
    #[test]
    fn rows_sum_to_the_report() {
        let mentions = vec![
            mention("a1", "a", false, 0, Platform::Vk), // 2025-01, met in 5 min
            mention("a2", "a", true, 5, Platform::Vk),
            mention("b1", "b", false, 15, Platform::Vk), // 2025-02, missed (30 min)
            mention("b2", "b", true, 45, Platform::Vk),
            mention("b3", "b", false, 50, Platform::Vk), // a follow-up, never answered
            mention("c1", "c", false, 20, Platform::X),  // open and late by `now`
            mention("d0", "d", true, 0, Platform::X),    // the bank alone: no conversation
        ];
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 3, 0, 0).unwrap();
        let options = ThreadTimesOptions::new().resolve_when_idle(TimeDelta::hours(1));
        let rows = thread_times(&mentions, None, &policy(), now, &options).unwrap();
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let first: Vec<(&str, Outcome, bool, bool)> = rows
            .iter()
            .map(|r| {
                let f = r.first_reply.as_ref().unwrap();
                (f.month.as_str(), f.outcome, f.met, f.missed)
            })
            .collect();
        assert_eq!(
            first,
            [
                ("2025-01", Outcome::Met, true, false),
                ("2025-02", Outcome::Missed, false, true),
                ("2025-02", Outcome::OpenLate, false, true),
            ]
        );
        assert_eq!(rows[1].next_replies, 1);
        assert_eq!(rows[0].mentions, 2);
        // a was answered and left idle for more than an hour: resolved at the reply.
        assert_eq!(
            rows[0].resolution.as_ref().unwrap().reply_seconds,
            Some(300.0)
        );
        // b's customer wrote last: not resolved, still running.
        assert_eq!(
            rows[1].resolution.as_ref().unwrap().outcome,
            Outcome::OpenLate
        );

        // The report over the same conversations.
        let mut builder = ClockBuilder::new().resolve_when_idle(TimeDelta::hours(1), now);
        for m in &mentions {
            builder.push(m, None);
        }
        let mut items = Vec::new();
        for c in builder.finish(&policy()) {
            let c = c.unwrap();
            for status in c.clock.cycles(Metric::FirstReply, now).unwrap() {
                items.extend(ReportItem::from_status(
                    &c.conversation.key,
                    &status,
                    &c.subject,
                    None,
                ));
            }
        }
        let report = Report::build(
            &items,
            &[GroupBy::Month, GroupBy::Platform],
            ServiceLevel::default(),
            Default::default(),
        );
        for row in &report.rows {
            let of_group: Vec<&MetricTimes> = rows
                .iter()
                .filter(|r| r.platform.as_str() == row.key[1])
                .filter_map(|r| r.first_reply.as_ref())
                .filter(|f| f.month == row.key[0])
                .collect();
            assert_eq!(of_group.len() as u64, row.count, "{:?}", row.key);
            assert_eq!(of_group.iter().filter(|f| f.met).count() as u64, row.met);
            assert_eq!(
                of_group.iter().filter(|f| f.missed).count() as u64,
                row.missed
            );
            let replies: Vec<f64> = of_group.iter().filter_map(|f| f.reply_seconds).collect();
            assert_eq!(replies.len() as u64, row.answered);
            let mean =
                (!replies.is_empty()).then(|| replies.iter().sum::<f64>() / replies.len() as f64);
            assert_eq!(mean, row.mean_seconds);
        }
        assert_eq!(report.rows.len(), 3);
    }

    #[test]
    fn conventions_change_the_counts_not_the_outcome() {
        let mentions = vec![mention("c1", "c", false, 0, Platform::X)];
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 3, 0, 0).unwrap();
        let ignore_late = ThreadTimesOptions::new()
            .service_level(ServiceLevel::default().open_late(super::super::OpenLateAs::Ignored));
        let rows = thread_times(&mentions, None, &policy(), now, &ignore_late).unwrap();
        let f = rows[0].first_reply.as_ref().unwrap();
        assert_eq!(
            (f.outcome, f.met, f.missed),
            (Outcome::OpenLate, false, false)
        );
        assert_eq!(f.reply_seconds, None);
        assert!(f.deadline.is_some());
    }

    #[test]
    fn out_of_range_mentions_are_left_out_and_lengths_checked() {
        let mut old = mention("o1", "o", false, 0, Platform::X);
        old.published_at = Utc.with_ymd_and_hms(1500, 1, 1, 0, 0, 0).unwrap();
        let mentions = vec![old, mention("c1", "c", false, 0, Platform::X)];
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 3, 0, 0).unwrap();
        let rows =
            thread_times(&mentions, None, &policy(), now, &ThreadTimesOptions::new()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].first_mention, "c1");
        let err = thread_times(
            &mentions,
            Some(&[]),
            &policy(),
            now,
            &ThreadTimesOptions::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("0 taggings for 2 mentions"),
            "{err}"
        );
    }
}

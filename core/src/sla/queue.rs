//! The live queue: what an agent screen shows.

use chrono::{DateTime, TimeDelta, Utc};

use super::clock::{Clock, MetricState};
use super::error::SlaError;
use super::policy::Metric;

/// One open clock in the live queue.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct QueueEntry {
    /// The conversation's key.
    pub conversation: String,
    /// The metric that runs.
    pub metric: Metric,
    /// The target's name.
    pub target: String,
    /// Its state: active, paused or breached.
    pub state: MetricState,
    /// Business time left (negative once more than the limit is used).
    pub remaining: TimeDelta,
    /// When the limit is used up (`None` while paused within it).
    pub deadline: Option<DateTime<Utc>>,
    /// When it was breached, if it was.
    pub breached_at: Option<DateTime<Utc>>,
    /// In the warning zone (and not breached).
    pub warning: bool,
}

impl QueueEntry {
    /// Whether the limit has passed.
    pub fn is_breached(&self) -> bool {
        self.state == MetricState::Breached
    }
}

/// Every running or paused metric of the clocks at `now`, most urgent first: the breached
/// (longest breached first), then by deadline (soonest first), the paused last; ties by
/// conversation key and metric.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{live_queue, Clock, Event, Metric, Policy, Subject, Target};
/// use otklik::{Kind, Platform};
///
/// let policy = Policy::new(vec![Target::new("chats", Metric::FirstReply, TimeDelta::seconds(120))])?;
/// let chats = policy.select(&Subject::new(Platform::TelegramBot, Kind::Message));
/// let t0 = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
/// let mut clocks = Vec::new();
/// for (key, second) in [("late", 0), ("soon", 40), ("fresh", 110)] {
///     let mut clock = Clock::new(chats.clone());
///     clock.push(Event::created(t0 + TimeDelta::seconds(second)))?;
///     clocks.push((key.to_owned(), clock));
/// }
/// let queue = live_queue(clocks.iter().map(|(k, c)| (k.as_str(), c)), t0 + TimeDelta::seconds(150))?;
/// let order: Vec<&str> = queue.iter().map(|e| e.conversation.as_str()).collect();
/// assert_eq!(order, ["late", "soon", "fresh"]);
/// assert!(queue[0].is_breached() && queue[1].warning && !queue[2].warning);
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn live_queue<'a>(
    clocks: impl IntoIterator<Item = (&'a str, &'a Clock)>,
    now: DateTime<Utc>,
) -> Result<Vec<QueueEntry>, SlaError> {
    let mut entries = Vec::new();
    for (key, clock) in clocks {
        let status = clock.status(now)?;
        for m in status.metrics().filter(|m| m.is_open()) {
            entries.push(QueueEntry {
                conversation: key.to_owned(),
                metric: m.metric,
                target: m.target.name().to_owned(),
                state: m.state,
                remaining: m.remaining,
                deadline: m.deadline,
                breached_at: m.breached_at,
                warning: m.warning,
            });
        }
    }
    entries.sort_by(|a, b| {
        let rank = |e: &QueueEntry| {
            (
                !e.is_breached(),
                e.breached_at,
                e.deadline.is_none(),
                e.deadline,
            )
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.conversation.cmp(&b.conversation))
            .then_with(|| a.metric.cmp(&b.metric))
    });
    Ok(entries)
}

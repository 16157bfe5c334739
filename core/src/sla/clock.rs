//! [`Clock`]: the reply-time clocks of one conversation, fed its events.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use super::error::{SlaError, SlaErrorKind};
use super::policy::{Metric, Selection, Target};
use super::timeline::{Nanos, from_nanos, to_nanos};

/// What happened in a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The first customer message: starts the first-reply and resolution clocks.
    Created,
    /// A reply of the bank: stops the first-reply clock and the running next-reply cycle.
    AgentReplied,
    /// A customer message after the first: after a bank reply it starts a next-reply cycle; on a
    /// paused conversation it resumes the clocks; on a resolved one it reopens it.
    CustomerReplied,
    /// The clocks stop counting (waiting on the customer, moved to private messages).
    Paused,
    /// The clocks count again.
    Resumed,
    /// The conversation is resolved: stops the resolution clock; a reply clock still running is
    /// abandoned (closed without a reply).
    Resolved,
    /// A resolved conversation is open again: the resolution clock goes on from where it stopped.
    Reopened,
}

impl EventKind {
    /// All kinds.
    pub const ALL: [EventKind; 7] = [
        EventKind::Created,
        EventKind::AgentReplied,
        EventKind::CustomerReplied,
        EventKind::Paused,
        EventKind::Resumed,
        EventKind::Resolved,
        EventKind::Reopened,
    ];

    /// The kind of a snake_case name, if any.
    ///
    /// ```
    /// use otklik::sla::EventKind;
    /// assert_eq!(EventKind::from_name("agent_replied"), Some(EventKind::AgentReplied));
    /// assert_eq!(EventKind::from_name("replied"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The snake_case name used by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::AgentReplied => "agent_replied",
            EventKind::CustomerReplied => "customer_replied",
            EventKind::Paused => "paused",
            EventKind::Resumed => "resumed",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
        }
    }
}

/// The pause reason of a conversation moved to a private channel (direct messages, the bot, a
/// call) because it needs personal data; reports count them.
pub const MOVED_TO_PRIVATE: &str = "moved_to_private";

/// One event of a conversation: when, what, and for replies the agent, for pauses the reason.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use otklik::sla::{Event, EventKind};
///
/// let at = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
/// let reply = Event::agent_replied(at, Some("olena"));
/// assert_eq!((reply.kind, reply.agent.as_deref()), (EventKind::AgentReplied, Some("olena")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened.
    pub kind: EventKind,
    /// Who replied ([`EventKind::AgentReplied`]).
    pub agent: Option<String>,
    /// Why the clocks were paused ([`EventKind::Paused`]).
    pub reason: Option<String>,
}

impl Event {
    /// An event with no agent and no reason.
    pub fn new(at: DateTime<Utc>, kind: EventKind) -> Event {
        Event {
            at,
            kind,
            agent: None,
            reason: None,
        }
    }

    /// The first customer message.
    pub fn created(at: DateTime<Utc>) -> Event {
        Event::new(at, EventKind::Created)
    }

    /// A reply of the bank, by an agent if known.
    pub fn agent_replied(at: DateTime<Utc>, agent: Option<&str>) -> Event {
        Event {
            agent: agent.map(str::to_owned),
            ..Event::new(at, EventKind::AgentReplied)
        }
    }

    /// A further customer message.
    pub fn customer_replied(at: DateTime<Utc>) -> Event {
        Event::new(at, EventKind::CustomerReplied)
    }

    /// The clocks pause, for a reason.
    pub fn paused(at: DateTime<Utc>, reason: &str) -> Event {
        Event {
            reason: Some(reason.to_owned()),
            ..Event::new(at, EventKind::Paused)
        }
    }

    /// The clocks pause because the conversation moved to a private channel (the reason
    /// [`MOVED_TO_PRIVATE`]); reports count such conversations.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use otklik::sla::{Clock, Event, Selection};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
    /// let mut clock = Clock::new(Selection::default());
    /// clock.push(Event::created(t0))?;
    /// clock.push(Event::agent_replied(t0, None))?;
    /// clock.push(Event::moved_to_private(t0))?;
    /// assert_eq!(clock.moved_to_private_at(), Some(t0));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn moved_to_private(at: DateTime<Utc>) -> Event {
        Event::paused(at, MOVED_TO_PRIVATE)
    }

    /// The clocks resume.
    pub fn resumed(at: DateTime<Utc>) -> Event {
        Event::new(at, EventKind::Resumed)
    }

    /// The conversation is resolved.
    pub fn resolved(at: DateTime<Utc>) -> Event {
        Event::new(at, EventKind::Resolved)
    }

    /// The conversation is reopened.
    pub fn reopened(at: DateTime<Utc>) -> Event {
        Event::new(at, EventKind::Reopened)
    }
}

/// How a cycle stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// The bank replied (reply metrics) or the conversation was resolved (resolution).
    Fulfilled,
    /// The conversation was resolved without a reply.
    Abandoned,
}

/// A span in which a cycle does not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Gap {
    start: Nanos,
    end: Option<Nanos>,
    /// A resolved span closed by a reopen (the resolution clock): before the reopen it reads
    /// as a stop.
    resolved: bool,
}

/// One run of a metric: from its start to its stop, less the gaps (pauses, and for resolution
/// the time spent resolved before a reopen).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cycle {
    start: Nanos,
    stop: Option<(Nanos, Stop)>,
    gaps: Vec<Gap>,
    agent: Option<String>,
}

impl Cycle {
    fn new(start: Nanos) -> Cycle {
        Cycle {
            start,
            stop: None,
            gaps: Vec::new(),
            agent: None,
        }
    }

    fn running(&self) -> bool {
        self.stop.is_none()
    }

    fn open_gap(&mut self, at: Nanos) {
        if self.running() && self.gaps.last().is_none_or(|g| g.end.is_some()) {
            self.gaps.push(Gap {
                start: at,
                end: None,
                resolved: false,
            });
        }
    }

    fn close_gap(&mut self, at: Nanos) {
        if let Some(gap) = self.gaps.last_mut().filter(|g| g.end.is_none()) {
            gap.end = Some(at);
        }
    }

    fn stop(&mut self, at: Nanos, how: Stop) {
        if self.running() {
            self.close_gap(at);
            self.stop = Some((at, how));
        }
    }
}

/// The state of one metric at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricState {
    /// Not started at that instant (before the conversation, or no customer message awaits a
    /// next reply).
    NotStarted,
    /// Counting, within the limit.
    Active,
    /// Paused, within the limit.
    Paused,
    /// Stopped within the limit.
    Met,
    /// The limit passed before the stop, or passed and the clock still runs (or is paused).
    Breached,
    /// Stopped within the limit without a reply: the conversation was resolved first.
    Abandoned,
}

impl MetricState {
    /// The snake_case name used by the bindings and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricState::NotStarted => "not_started",
            MetricState::Active => "active",
            MetricState::Paused => "paused",
            MetricState::Met => "met",
            MetricState::Breached => "breached",
            MetricState::Abandoned => "abandoned",
        }
    }
}

impl fmt::Display for MetricState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One metric of a conversation at an instant `now`: its state, the business time used, the
/// time left, the deadline and when it was breached.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MetricStatus {
    /// The metric.
    pub metric: Metric,
    /// The target it is measured against.
    pub target: Arc<Target>,
    /// Which cycle this is (0 for first reply and resolution; next-reply cycles count from 0).
    pub cycle: usize,
    /// The state at `now`.
    pub state: MetricState,
    /// Whether the warning fraction of the limit is used while the clock still runs or is
    /// paused (never set once met or breached).
    pub warning: bool,
    /// When the cycle started.
    pub started_at: Option<DateTime<Utc>>,
    /// When it stopped (a reply, the resolution), if it stopped by `now`.
    pub stopped_at: Option<DateTime<Utc>>,
    /// Business time used, in the target's calendar.
    pub elapsed: TimeDelta,
    /// The limit less the business time used: negative once more than the limit is used. (A
    /// clock breached while the desk is closed shows zero until the desk opens.)
    pub remaining: TimeDelta,
    /// The instant the limit is (or was, or would have been) used up, moved by pauses; `None`
    /// while paused within the limit, since it depends on when the clock resumes (and when it
    /// would fall after the year 2261).
    pub deadline: Option<DateTime<Utc>>,
    /// When the limit was passed, if it was by `now` (or by the stop).
    pub breached_at: Option<DateTime<Utc>>,
    /// Who replied, for a cycle stopped by a reply that named its agent.
    pub agent: Option<String>,
    /// Whether the cycle stopped because the conversation was resolved without a reply (within
    /// the limit the state is [`MetricState::Abandoned`]; past it, [`MetricState::Breached`]).
    pub abandoned: bool,
}

impl MetricStatus {
    /// Whether the clock still counts or is paused (started, not stopped).
    pub fn is_open(&self) -> bool {
        self.started_at.is_some() && self.stopped_at.is_none()
    }
}

/// All metrics of a conversation at an instant.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ClockStatus {
    /// The instant the status is for.
    pub now: DateTime<Utc>,
    /// First reply, if the conversation has a target for it.
    pub first_reply: Option<MetricStatus>,
    /// The latest next-reply cycle started by `now`, if there is a target for it.
    pub next_reply: Option<MetricStatus>,
    /// Resolution, if there is a target for it.
    pub resolution: Option<MetricStatus>,
    /// Whether the clocks are paused at `now`.
    pub paused: bool,
    /// Whether the conversation is resolved at `now`.
    pub resolved: bool,
}

impl ClockStatus {
    /// The status of a metric.
    pub fn get(&self, metric: Metric) -> Option<&MetricStatus> {
        match metric {
            Metric::FirstReply => self.first_reply.as_ref(),
            Metric::NextReply => self.next_reply.as_ref(),
            Metric::Resolution => self.resolution.as_ref(),
        }
    }

    /// The statuses that exist, in metric order.
    pub fn metrics(&self) -> impl Iterator<Item = &MetricStatus> {
        [&self.first_reply, &self.next_reply, &self.resolution]
            .into_iter()
            .flatten()
    }
}

/// The reply-time clocks of one conversation. Feed it the conversation's events in time order
/// with [`Clock::push`]; ask [`Clock::status`] at any instant. The status at `now` depends only
/// on the events up to `now`, so replaying the same events always gives the same figures.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{Clock, Event, MetricState, Metric, Policy, Subject, Target};
/// use otklik::{Kind, Platform};
///
/// let policy = Policy::new(vec![
///     Target::new("bot chats", Metric::FirstReply, TimeDelta::seconds(120)),
/// ])?;
/// let subject = Subject::new(Platform::TelegramBot, Kind::Message);
/// let mut clock = Clock::new(policy.select(&subject));
/// let t0 = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
/// clock.push(Event::created(t0))?;
///
/// let status = clock.status(t0 + TimeDelta::seconds(100))?;
/// let first = status.first_reply.unwrap();
/// assert_eq!((first.state, first.warning), (MetricState::Active, true)); // 100 s of 120: past 80%
/// assert_eq!(first.remaining, TimeDelta::seconds(20));
///
/// clock.push(Event::agent_replied(t0 + TimeDelta::seconds(131), Some("olena")))?;
/// let first = clock.status(t0 + TimeDelta::hours(1))?.first_reply.unwrap();
/// assert_eq!(first.state, MetricState::Breached);
/// assert_eq!(first.breached_at, Some(t0 + TimeDelta::seconds(120)));
/// assert_eq!(first.elapsed, TimeDelta::seconds(131));
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    selection: Selection,
    created: Option<Nanos>,
    last: Option<Nanos>,
    paused_since: Option<Nanos>,
    resolved_since: Option<Nanos>,
    replied: bool,
    first_reply: Option<Cycle>,
    next_reply: Vec<Cycle>,
    resolution: Option<Cycle>,
    /// The instants and kinds of the events taken, for the flags as of an instant.
    log: Vec<(Nanos, EventKind)>,
    /// When the conversation first moved to a private channel.
    moved_to_private: Option<Nanos>,
}

impl Clock {
    /// A clock with the targets a policy selected.
    pub fn new(selection: Selection) -> Clock {
        Clock {
            selection,
            created: None,
            last: None,
            paused_since: None,
            resolved_since: None,
            replied: false,
            first_reply: None,
            next_reply: Vec::new(),
            resolution: None,
            log: Vec::new(),
            moved_to_private: None,
        }
    }

    /// The targets of this clock.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// When the conversation first moved to a private channel ([`Event::moved_to_private`]).
    pub fn moved_to_private_at(&self) -> Option<DateTime<Utc>> {
        self.moved_to_private.map(from_nanos)
    }

    /// When the conversation was created, once it was.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        self.created.map(from_nanos)
    }

    fn running_cycles(&mut self) -> impl Iterator<Item = &mut Cycle> {
        self.first_reply
            .iter_mut()
            .chain(self.next_reply.last_mut())
            .chain(self.resolution.iter_mut())
            .filter(|c| c.running())
    }

    /// Adds the next event. Errors ([`SlaErrorKind::EventOrder`]): an event before the previous
    /// one, any event before `created`; ([`SlaErrorKind::EventState`]): a second `created`, a
    /// pause while paused or resolved, a resume without a pause, a resolve while resolved, a
    /// reopen of a conversation that is not resolved; ([`SlaErrorKind::OutOfRange`]): an instant
    /// outside the years 1678 to 2261. A refused event changes nothing.
    pub fn push(&mut self, event: Event) -> Result<(), SlaError> {
        let at = to_nanos(event.at)?;
        let state_error = |what: &str| {
            SlaError::new(
                SlaErrorKind::EventState,
                format!("{} at {}: {what}", event.kind.as_str(), event.at),
            )
        };
        match (self.created, event.kind) {
            (None, EventKind::Created) => {}
            (None, kind) => {
                return Err(SlaError::new(
                    SlaErrorKind::EventOrder,
                    format!(
                        "{} at {} comes before the conversation was created",
                        kind.as_str(),
                        event.at
                    ),
                ));
            }
            (Some(_), EventKind::Created) => {
                return Err(state_error("the conversation was already created"));
            }
            _ => {}
        }
        if let Some(last) = self.last
            && at < last
        {
            return Err(SlaError::new(
                SlaErrorKind::EventOrder,
                format!(
                    "{} at {} comes before the previous event at {}",
                    event.kind.as_str(),
                    event.at,
                    from_nanos(last)
                ),
            ));
        }
        match event.kind {
            EventKind::Created => {
                self.created = Some(at);
                self.first_reply = Some(Cycle::new(at));
                self.resolution = Some(Cycle::new(at));
            }
            EventKind::AgentReplied => {
                self.replied = true;
                for cycle in self
                    .first_reply
                    .iter_mut()
                    .chain(self.next_reply.last_mut())
                {
                    if cycle.running() {
                        cycle.stop(at, Stop::Fulfilled);
                        cycle.agent.clone_from(&event.agent);
                    }
                }
            }
            EventKind::CustomerReplied => {
                if self.resolved_since.is_some() {
                    self.reopen(at);
                }
                if self.paused_since.is_some() {
                    self.resume(at);
                }
                let awaiting = self.first_reply.as_ref().is_some_and(Cycle::running)
                    || self.next_reply.last().is_some_and(Cycle::running);
                if self.replied && !awaiting {
                    self.next_reply.push(Cycle::new(at));
                }
            }
            EventKind::Paused => {
                if self.resolved_since.is_some() {
                    return Err(state_error("the conversation is resolved"));
                }
                if self.paused_since.is_some() {
                    return Err(state_error("the clocks are already paused"));
                }
                self.paused_since = Some(at);
                if event.reason.as_deref() == Some(MOVED_TO_PRIVATE) {
                    self.moved_to_private.get_or_insert(at);
                }
                self.running_cycles().for_each(|c| c.open_gap(at));
            }
            EventKind::Resumed => {
                if self.paused_since.is_none() {
                    return Err(state_error("the clocks are not paused"));
                }
                self.resume(at);
            }
            EventKind::Resolved => {
                if self.resolved_since.is_some() {
                    return Err(state_error("the conversation is already resolved"));
                }
                if self.paused_since.is_some() {
                    self.resume(at);
                }
                for cycle in self
                    .first_reply
                    .iter_mut()
                    .chain(self.next_reply.last_mut())
                {
                    cycle.stop(at, Stop::Abandoned);
                }
                if let Some(resolution) = &mut self.resolution {
                    resolution.stop(at, Stop::Fulfilled);
                }
                self.resolved_since = Some(at);
            }
            EventKind::Reopened => {
                if self.resolved_since.is_none() {
                    return Err(state_error("the conversation is not resolved"));
                }
                self.reopen(at);
            }
        }
        self.last = Some(at);
        self.log.push((at, event.kind));
        Ok(())
    }

    /// Adds events in order; stops at the first refused one and returns its error (the events
    /// before it are kept).
    pub fn extend(&mut self, events: impl IntoIterator<Item = Event>) -> Result<(), SlaError> {
        events.into_iter().try_for_each(|e| self.push(e))
    }

    /// Whether the conversation is paused and whether it is resolved, as of `n`.
    fn flags_at(&self, n: Nanos) -> (bool, bool) {
        let (mut paused, mut resolved) = (false, false);
        for &(_, kind) in self.log.iter().take_while(|(at, _)| *at <= n) {
            match kind {
                EventKind::Paused => paused = true,
                EventKind::Resumed => paused = false,
                EventKind::CustomerReplied | EventKind::Reopened => {
                    paused = false;
                    resolved = false;
                }
                EventKind::Resolved => {
                    paused = false;
                    resolved = true;
                }
                EventKind::Created | EventKind::AgentReplied => {}
            }
        }
        (paused, resolved)
    }

    fn resume(&mut self, at: Nanos) {
        self.paused_since = None;
        for cycle in self
            .first_reply
            .iter_mut()
            .chain(self.next_reply.last_mut())
            .chain(self.resolution.iter_mut())
        {
            cycle.close_gap(at);
        }
    }

    fn reopen(&mut self, at: Nanos) {
        if let (Some(since), Some(resolution)) = (self.resolved_since, &mut self.resolution) {
            resolution.stop = None;
            resolution.gaps.push(Gap {
                start: since,
                end: Some(at),
                resolved: true,
            });
        }
        self.resolved_since = None;
    }

    /// The status of every metric that has a target, at `now`.
    pub fn status(&self, now: DateTime<Utc>) -> Result<ClockStatus, SlaError> {
        let n = to_nanos(now)?;
        let (paused, resolved) = self.flags_at(n);
        let status = |metric: Metric, cycle: Option<(usize, &Cycle)>| -> Option<MetricStatus> {
            let target = self.selection.get(metric)?;
            Some(match cycle {
                Some((index, cycle)) if cycle.start <= n => {
                    evaluate(metric, target, index, cycle, n)
                }
                _ => not_started(metric, target),
            })
        };
        let latest_next = self
            .next_reply
            .iter()
            .enumerate()
            .rev()
            .find(|(_, c)| c.start <= n);
        Ok(ClockStatus {
            now,
            first_reply: status(
                Metric::FirstReply,
                self.first_reply.as_ref().map(|c| (0, c)),
            ),
            next_reply: status(Metric::NextReply, latest_next),
            resolution: status(Metric::Resolution, self.resolution.as_ref().map(|c| (0, c))),
            paused,
            resolved,
        })
    }

    /// Every cycle of a metric started by `now` (several for next reply), for reports.
    pub fn cycles(
        &self,
        metric: Metric,
        now: DateTime<Utc>,
    ) -> Result<Vec<MetricStatus>, SlaError> {
        let n = to_nanos(now)?;
        let Some(target) = self.selection.get(metric) else {
            return Ok(Vec::new());
        };
        let cycles: Vec<&Cycle> = match metric {
            Metric::FirstReply => self.first_reply.iter().collect(),
            Metric::NextReply => self.next_reply.iter().collect(),
            Metric::Resolution => self.resolution.iter().collect(),
        };
        Ok(cycles
            .into_iter()
            .enumerate()
            .filter(|(_, c)| c.start <= n)
            .map(|(i, c)| evaluate(metric, target, i, c, n))
            .collect())
    }
}

fn not_started(metric: Metric, target: &Arc<Target>) -> MetricStatus {
    MetricStatus {
        metric,
        target: Arc::clone(target),
        cycle: 0,
        state: MetricState::NotStarted,
        warning: false,
        started_at: None,
        stopped_at: None,
        elapsed: TimeDelta::zero(),
        remaining: target.within(),
        deadline: None,
        breached_at: None,
        agent: None,
        abandoned: false,
    }
}

/// A cycle as of `now` (events after `now` ignored).
fn evaluate(
    metric: Metric,
    target: &Arc<Target>,
    index: usize,
    cycle: &Cycle,
    now: Nanos,
) -> MetricStatus {
    let calendar = target.calendar_ref();
    // A target made by hand may bypass `Policy::new`'s checks: a negative limit counts as zero.
    let limit = match target.within().num_nanoseconds() {
        Some(n) => n.max(0),
        None if target.within() < TimeDelta::zero() => 0,
        None => i64::MAX,
    };
    // A resolved span that a reopen after `now` closed reads as the stop it was at `now`.
    let reopened_later = cycle
        .gaps
        .iter()
        .find(|g| g.resolved && g.start <= now && g.end.is_some_and(|e| now < e));
    let stop = match reopened_later {
        Some(g) => Some((g.start, Stop::Fulfilled)),
        None => cycle.stop.filter(|&(s, _)| s <= now),
    };
    let end = stop.map_or(now, |(s, _)| s);
    // Walk the counting segments: from the start to the end, less the gaps.
    let mut elapsed: i64 = 0;
    let mut deadline: Option<Nanos> = None;
    let mut paused = false;
    let mut from = cycle.start;
    let count = |a: Nanos, b: Nanos, elapsed: &mut i64, deadline: &mut Option<Nanos>| {
        if b <= a {
            return;
        }
        let part = calendar.business_nanos(a, b);
        // `part > 0`: with nothing left of the limit (a zero limit) the deadline is the first
        // open instant of a segment, not an opening inside a later gap.
        if deadline.is_none() && part > 0 && elapsed.saturating_add(part) >= limit {
            *deadline = calendar.add_nanos(a, limit - *elapsed).ok();
        }
        *elapsed = elapsed.saturating_add(part);
    };
    for gap in &cycle.gaps {
        // A gap that starts at `end` still counts: a clock paused at `now` reads as paused.
        if gap.start > end {
            break;
        }
        count(from, gap.start, &mut elapsed, &mut deadline);
        match gap.end {
            Some(e) if e <= end => from = e,
            _ => {
                // The gap lasts to the end: paused (unless stopped).
                from = end;
                paused = stop.is_none();
                break;
            }
        }
    }
    count(from, end, &mut elapsed, &mut deadline);
    let breached_at = deadline.filter(|&d| d < end);
    let state = match (stop, breached_at) {
        (_, Some(_)) => MetricState::Breached,
        (Some((_, Stop::Abandoned)), None) => MetricState::Abandoned,
        (Some((_, Stop::Fulfilled)), None) => MetricState::Met,
        (None, None) if paused => MetricState::Paused,
        (None, None) => MetricState::Active,
    };
    if deadline.is_none() && !paused {
        // Not used up yet: where it would be if the clock ran on from the end.
        deadline = calendar.add_nanos(end, (limit - elapsed).max(0)).ok();
    }
    let warn = (limit as f64 * target.warn_at()) as i64;
    MetricStatus {
        metric,
        target: Arc::clone(target),
        cycle: index,
        state,
        warning: matches!(state, MetricState::Active | MetricState::Paused) && elapsed >= warn,
        started_at: Some(from_nanos(cycle.start)),
        stopped_at: stop.map(|(s, _)| from_nanos(s)),
        elapsed: TimeDelta::nanoseconds(elapsed),
        // From the limit itself: a limit beyond i64 nanoseconds (292 years) stays exact.
        remaining: target
            .within()
            .checked_sub(&TimeDelta::nanoseconds(elapsed))
            .unwrap_or(TimeDelta::MIN),
        deadline: deadline.map(from_nanos),
        breached_at: breached_at.map(from_nanos),
        agent: stop.and(cycle.agent.clone()),
        abandoned: matches!(stop, Some((_, Stop::Abandoned))),
    }
}

//! From mentions to clocks and report items in one call: conversations, their subjects (the
//! first customer message and its tagging), the targets a policy selects, the clocks.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use super::clock::{Clock, Event, EventKind};
use super::error::{SlaError, invalid};
use super::policy::{Metric, Policy, Subject};
use super::report::ReportItem;
use super::threads::{Conversation, Threaded, groups};
use crate::Mention;
use crate::rules::Tagging;

/// One conversation with its subject and its clock, fed all its events.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ConversationClock {
    /// The conversation (its key, mentions and events).
    pub conversation: Conversation,
    /// What the policy selected its targets on.
    pub subject: Subject,
    /// The queue of its first customer message's tagging, if any.
    pub queue: Option<String>,
    /// Its clock.
    pub clock: Clock,
}

/// The clocks of every conversation among `mentions`. `taggings`, when given, holds the
/// tagging of each mention (same length and order); the tags and priority of a conversation's
/// first customer message select its targets, and its queue is kept for reports. A conversation
/// whose first customer message has tags but none that needs a reply (thanks, spam, off-topic)
/// gets no clock; one without tags does (it may need a reply nobody wrote a rule for). In the
/// same way a later customer message that needs no reply (a closing "thanks") starts no
/// next-reply cycle. When the first customer message's tagging says the case moves to a
/// private channel ([`Tagging::move_to_private`]), the clock records the move
/// ([`Event::moved_to_private`]) with the bank's first reply.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{clocks, Metric, Policy, Target};
/// use otklik::{Kind, Mention, Platform};
///
/// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
/// let mentions = vec![Mention::new("1", Platform::Vk, Kind::Comment, "Алло?", t0)];
/// let policy = Policy::new(vec![Target::new("comments", Metric::FirstReply, TimeDelta::minutes(10))])?;
/// let found = clocks(&mentions, None, &policy)?;
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].conversation.key, "1");
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn clocks(
    mentions: &[Mention],
    taggings: Option<&[Tagging]>,
    policy: &Policy,
) -> Result<Vec<ConversationClock>, SlaError> {
    if let Some(t) = taggings
        && t.len() != mentions.len()
    {
        return Err(invalid(format!(
            "{} taggings for {} mentions: give one tagging per mention",
            t.len(),
            mentions.len()
        )));
    }
    let mut builder = ClockBuilder::new();
    for (i, m) in mentions.iter().enumerate() {
        builder.push(m, taggings.map(|t| &t[i]));
    }
    builder.finish(policy).collect()
}

/// Builds the clocks of conversations from mentions given one at a time, in any order, keeping
/// only what clocks need of each (ids, time, author, and the subject of a customer message):
/// never its text. This is how a stream too large for memory gets its service level; [`clocks`]
/// is the same over a slice.
///
/// Mention indices in the conversations it yields count pushes from 0.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{ClockBuilder, Metric, MetricState, Policy, Target};
/// use otklik::{Kind, Mention, Platform};
///
/// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
/// let policy = Policy::new(vec![Target::new("comments", Metric::FirstReply, TimeDelta::minutes(10))])?;
/// let mut answer = Mention::new("2", Platform::Vk, Kind::Reply, "Перевіримо", t0 + TimeDelta::minutes(4));
/// answer.parent_id = Some("1".into());
/// answer.author_is_brand = true;
/// let mut builder = ClockBuilder::new();
/// builder.push(&answer, None); // the reply may come first in a stream
/// builder.push(&Mention::new("1", Platform::Vk, Kind::Comment, "Алло?", t0), None);
/// let found: Vec<_> = builder.finish(&policy).collect::<Result<_, _>>()?;
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].conversation.mentions, [1, 0]);
/// let first = found[0].clock.status(t0 + TimeDelta::hours(1))?.first_reply.unwrap();
/// assert_eq!((first.state, first.elapsed), (MetricState::Met, TimeDelta::minutes(4)));
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Debug, Default)]
pub struct ClockBuilder {
    stubs: Vec<Stub>,
    /// The distinct subjects and queues of customer messages, interned.
    profiles: Vec<(Subject, Option<String>)>,
    profile_ids: HashMap<(Subject, Option<String>), u32>,
    agents: HashSet<Arc<str>>,
    /// Resolve a conversation whose last message is the bank's, left idle this long by `now`.
    resolve_idle: Option<(TimeDelta, DateTime<Utc>)>,
}

/// What a [`ClockBuilder`] keeps of one mention.
#[derive(Debug)]
struct Stub {
    id: Box<str>,
    /// `None` when the thread is the mention's own id (a root), or when it has no thread id
    /// (`own_thread` tells which).
    thread_id: Option<Box<str>>,
    own_thread: bool,
    parent_id: Option<Box<str>>,
    published_at: DateTime<Utc>,
    /// The author of a bank message (the agent); `None` for customers.
    agent: Option<Arc<str>>,
    brand: bool,
    /// Tagged, and no tag needs a reply.
    no_reply_needed: bool,
    /// Its tagging says the case moves to a private channel.
    move_to_private: bool,
    /// Index into `profiles` (customer messages only).
    profile: u32,
}

impl Threaded for Stub {
    fn id(&self) -> &str {
        &self.id
    }
    fn thread_id(&self) -> Option<&str> {
        if self.own_thread {
            Some(&self.id)
        } else {
            self.thread_id.as_deref()
        }
    }
    fn parent_id(&self) -> Option<&str> {
        self.parent_id.as_deref()
    }
    fn published_at(&self) -> DateTime<Utc> {
        self.published_at
    }
    fn author_is_brand(&self) -> bool {
        self.brand
    }
    fn author(&self) -> Option<&str> {
        self.agent.as_deref()
    }
}

impl ClockBuilder {
    /// An empty builder.
    pub fn new() -> ClockBuilder {
        ClockBuilder::default()
    }

    /// Treats a conversation as resolved at the bank's last reply when the customer has not
    /// written since (or only a message that needs no reply, such as thanks) and `idle` has
    /// passed by `now`: the auto-close rule of help desks, for sources that record no resolution.
    /// Without it, conversations are never resolved and a resolution target only runs.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::{ClockBuilder, Metric, MetricState, Policy, Target};
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
    /// let policy = Policy::new(vec![Target::new("resolved", Metric::Resolution, TimeDelta::hours(8))])?;
    /// let mut answer = Mention::new("2", Platform::Vk, Kind::Reply, "Готово", t0 + TimeDelta::hours(1));
    /// answer.parent_id = Some("1".into());
    /// answer.author_is_brand = true;
    /// let now = t0 + TimeDelta::days(2);
    /// let mut builder = ClockBuilder::new().resolve_when_idle(TimeDelta::hours(24), now);
    /// builder.push(&Mention::new("1", Platform::Vk, Kind::Comment, "Не працює картка", t0), None);
    /// builder.push(&answer, None);
    /// let found: Vec<_> = builder.finish(&policy).collect::<Result<_, _>>()?;
    /// let resolution = found[0].clock.status(now)?.resolution.unwrap();
    /// assert_eq!((resolution.state, resolution.elapsed), (MetricState::Met, TimeDelta::hours(1)));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn resolve_when_idle(mut self, idle: TimeDelta, now: DateTime<Utc>) -> ClockBuilder {
        self.resolve_idle = Some((idle, now));
        self
    }

    /// Takes one mention and, if it was tagged, its tagging.
    pub fn push(&mut self, mention: &Mention, tagging: Option<&Tagging>) {
        let (agent, profile) = if mention.author_is_brand {
            let agent = mention.author.as_deref().map(|a| match self.agents.get(a) {
                Some(known) => known.clone(),
                None => {
                    let new: Arc<str> = a.into();
                    self.agents.insert(new.clone());
                    new
                }
            });
            (agent, 0)
        } else {
            let key = (
                Subject::of(mention, tagging),
                tagging.and_then(|t| t.queue.clone()),
            );
            let profile = match self.profile_ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.profiles.len() as u32;
                    self.profiles.push(key.clone());
                    self.profile_ids.insert(key, id);
                    id
                }
            };
            (None, profile)
        };
        let own_thread = mention.thread_id.as_deref() == Some(mention.id.as_str());
        self.stubs.push(Stub {
            id: mention.id.as_str().into(),
            own_thread,
            thread_id: mention
                .thread_id
                .as_deref()
                .filter(|_| !own_thread)
                .map(Into::into),
            // With a thread id the parent is never followed.
            parent_id: match mention.thread_id {
                Some(_) => None,
                None => mention.parent_id.as_deref().map(Into::into),
            },
            published_at: mention.published_at,
            agent,
            brand: mention.author_is_brand,
            no_reply_needed: tagging.is_some_and(no_reply_needed),
            move_to_private: tagging.is_some_and(|t| t.move_to_private),
            profile,
        });
    }

    /// The report items of every conversation at `now`, as [`report_items`] gives them for a
    /// slice (with this builder's settings, such as [`ClockBuilder::resolve_when_idle`]).
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::{ClockBuilder, Metric, MetricState, Policy, Target};
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
    /// let policy = Policy::new(vec![Target::new("resolved", Metric::Resolution, TimeDelta::hours(8))])?;
    /// let mut answer = Mention::new("2", Platform::Vk, Kind::Reply, "Готово", t0 + TimeDelta::hours(1));
    /// (answer.parent_id, answer.author_is_brand) = (Some("1".into()), true);
    /// let now = t0 + TimeDelta::days(2);
    /// let mut builder = ClockBuilder::new().resolve_when_idle(TimeDelta::hours(24), now);
    /// builder.push(&Mention::new("1", Platform::Vk, Kind::Comment, "Не працює картка", t0), None);
    /// builder.push(&answer, None);
    /// let items = builder.report_items(&policy, now)?;
    /// assert_eq!(items[0].state, MetricState::Met);
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn report_items(
        self,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Vec<ReportItem>, SlaError> {
        let clocks = self.finish(policy).collect::<Result<Vec<_>, _>>()?;
        items_of(clocks, now)
    }

    /// How many mentions it has taken.
    pub fn len(&self) -> usize {
        self.stubs.len()
    }

    /// Whether it has taken no mention.
    pub fn is_empty(&self) -> bool {
        self.stubs.is_empty()
    }

    /// The clock of every conversation, in the order of their first customer message, each
    /// built when the iterator reaches it. A conversation whose first customer message was
    /// tagged but needs no reply is left out, as in [`clocks`].
    pub fn finish(
        self,
        policy: &Policy,
    ) -> impl Iterator<Item = Result<ConversationClock, SlaError>> + '_ {
        let found = groups(&self.stubs);
        found.into_iter().filter_map(move |g| {
            let needs_reply = !self.stubs[g.members[g.start]].no_reply_needed;
            needs_reply.then(|| self.clock_of(g.conversation(&self.stubs), policy))
        })
    }

    /// The clock of one conversation.
    fn clock_of(
        &self,
        conversation: Conversation,
        policy: &Policy,
    ) -> Result<ConversationClock, SlaError> {
        let first = &self.stubs[conversation.first_customer];
        let (subject, queue) = &self.profiles[first.profile as usize];
        let mut clock = Clock::new(policy.select(subject));
        let start = conversation
            .mentions
            .iter()
            .position(|&i| i == conversation.first_customer)
            .unwrap_or(0);
        let mut last = None;
        // A case that must move to a private channel moves with the bank's first reply.
        let mut moving = first.move_to_private;
        for (event, &i) in conversation
            .events
            .iter()
            .zip(&conversation.mentions[start..])
        {
            if event.kind == EventKind::CustomerReplied && self.stubs[i].no_reply_needed {
                continue;
            }
            clock.push(event.clone())?;
            last = Some(event);
            if moving && event.kind == EventKind::AgentReplied {
                clock.push(Event::moved_to_private(event.at))?;
                moving = false;
            }
        }
        if let (Some((idle, now)), Some(last)) = (self.resolve_idle, last)
            && last.kind == EventKind::AgentReplied
            && now - last.at >= idle
        {
            clock.push(Event::resolved(last.at))?;
        }
        Ok(ConversationClock {
            queue: queue.clone(),
            subject: subject.clone(),
            conversation,
            clock,
        })
    }
}

/// Whether a tagging says its mention needs no reply: it has tags, and none needs one.
fn no_reply_needed(tagging: &Tagging) -> bool {
    !tagging.tags.is_empty() && !tagging.needs_reply
}

/// The report items of every conversation at `now`: its first reply, each next-reply cycle and
/// its resolution, where the policy has a target and the clock has started.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{report_items, GroupBy, Metric, Policy, Report, ServiceLevel, Target};
/// use otklik::{Kind, Mention, Platform};
///
/// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
/// let mentions = vec![Mention::new("1", Platform::Vk, Kind::Comment, "Алло?", t0)];
/// let policy = Policy::new(vec![Target::new("comments", Metric::FirstReply, TimeDelta::minutes(10))])?;
/// let items = report_items(&mentions, None, &policy, t0 + TimeDelta::hours(1))?;
/// let report = Report::build(&items, &[GroupBy::Platform], ServiceLevel::default(), Default::default());
/// assert_eq!((report.rows[0].open_late, report.rows[0].missed), (1, 1)); // no reply after an hour
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn report_items(
    mentions: &[Mention],
    taggings: Option<&[Tagging]>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Vec<ReportItem>, SlaError> {
    items_of(clocks(mentions, taggings, policy)?, now)
}

fn items_of(
    clocks: impl IntoIterator<Item = ConversationClock>,
    now: DateTime<Utc>,
) -> Result<Vec<ReportItem>, SlaError> {
    let mut items = Vec::new();
    for c in clocks {
        for metric in Metric::ALL {
            for status in c.clock.cycles(metric, now)? {
                let moved = c.clock.moved_to_private_at().is_some();
                items.extend(
                    ReportItem::from_status(
                        &c.conversation.key,
                        &status,
                        &c.subject,
                        c.queue.as_deref(),
                    )
                    .map(|item| item.moved_to_private(moved)),
                );
            }
        }
    }
    Ok(items)
}

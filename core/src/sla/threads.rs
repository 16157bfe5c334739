//! From threads of mentions to conversations and their clock events.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::clock::{Clock, Event};
use super::error::SlaError;
use super::policy::Selection;
use crate::Mention;

/// One conversation found among mentions: a thread with at least one customer message, its
/// mentions in time order, and the events a [`Clock`] needs.
///
/// Events: the first customer message is `created`; after it, each message of the bank's own
/// account (`author_is_brand`) is `agent_replied` (its author is the agent) and each customer
/// message is `customer_replied`. Bank messages before the first customer message start no
/// conversation and are skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Conversation {
    /// The thread's key: its `thread_id`, or the id of the root of its `parent_id` chain (the
    /// id of a parent that is not among the mentions when the chain leaves them).
    pub key: String,
    /// Indices of its mentions in the input, in time order (ties in input order).
    pub mentions: Vec<usize>,
    /// Index of its first customer message in the input: what the policy selects targets on.
    pub first_customer: usize,
    /// The clock events, in time order.
    pub events: Vec<Event>,
}

impl Conversation {
    /// A clock with these targets, fed the conversation's events.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::{conversations, Metric, Policy, Subject, Target};
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
    /// let question = Mention::new("1", Platform::Instagram, Kind::Comment, "Де моя картка?", t0);
    /// let mut answer = Mention::new("2", Platform::Instagram, Kind::Reply, "Перевіримо!", t0 + TimeDelta::minutes(7));
    /// answer.parent_id = Some("1".into());
    /// answer.author_is_brand = true;
    /// answer.author = Some("zorya_bank".into());
    /// let mentions = vec![question, answer];
    ///
    /// let policy = Policy::new(vec![Target::new("comments", Metric::FirstReply, TimeDelta::minutes(10))])?;
    /// let found = conversations(&mentions);
    /// assert_eq!(found.len(), 1);
    /// let subject = Subject::of(&mentions[found[0].first_customer], None);
    /// let clock = found[0].clock(policy.select(&subject))?;
    /// let first = clock.status(t0 + TimeDelta::hours(1))?.first_reply.unwrap();
    /// assert_eq!(first.elapsed, TimeDelta::minutes(7));
    /// assert_eq!(first.agent.as_deref(), Some("zorya_bank"));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn clock(&self, selection: Selection) -> Result<Clock, SlaError> {
        let mut clock = Clock::new(selection);
        clock.extend(self.events.iter().cloned())?;
        Ok(clock)
    }
}

/// Groups mentions into conversations by thread (`thread_id`, else the `parent_id` chain) and
/// builds each one's events. Conversations come in the order of their first customer message.
/// Never fails: a `parent_id` loop ends the chain where it closes.
pub fn conversations(mentions: &[Mention]) -> Vec<Conversation> {
    group(mentions)
}

/// What grouping needs of a message: a [`Mention`], or the light record a
/// [`ClockBuilder`](super::ClockBuilder) keeps of one.
pub(crate) trait Threaded {
    fn id(&self) -> &str;
    fn thread_id(&self) -> Option<&str>;
    fn parent_id(&self) -> Option<&str>;
    fn published_at(&self) -> DateTime<Utc>;
    fn author_is_brand(&self) -> bool;
    fn author(&self) -> Option<&str>;
}

impl Threaded for Mention {
    fn id(&self) -> &str {
        &self.id
    }
    fn thread_id(&self) -> Option<&str> {
        self.thread_id.as_deref()
    }
    fn parent_id(&self) -> Option<&str> {
        self.parent_id.as_deref()
    }
    fn published_at(&self) -> DateTime<Utc> {
        self.published_at
    }
    fn author_is_brand(&self) -> bool {
        self.author_is_brand
    }
    fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }
}

/// One thread with a customer message, before its events are built.
pub(crate) struct Group {
    pub(crate) key: Box<str>,
    /// Its messages in time order (ties in input order).
    pub(crate) members: Vec<usize>,
    /// Where its first customer message is in `members`.
    pub(crate) start: usize,
}

impl Group {
    /// The conversation, with its events.
    pub(crate) fn conversation<T: Threaded>(self, mentions: &[T]) -> Conversation {
        let events = self.members[self.start..]
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let m = &mentions[i];
                if n == 0 {
                    Event::created(m.published_at())
                } else if m.author_is_brand() {
                    Event::agent_replied(m.published_at(), m.author())
                } else {
                    Event::customer_replied(m.published_at())
                }
            })
            .collect();
        Conversation {
            key: self.key.into(),
            first_customer: self.members[self.start],
            mentions: self.members,
            events,
        }
    }
}

/// [`conversations`] over any threaded messages.
pub(crate) fn group<T: Threaded>(mentions: &[T]) -> Vec<Conversation> {
    groups(mentions)
        .into_iter()
        .map(|g| g.conversation(mentions))
        .collect()
}

/// The threads with a customer message, in the order of their first customer message; their
/// events are built later, one conversation at a time.
pub(crate) fn groups<T: Threaded>(mentions: &[T]) -> Vec<Group> {
    // Only chains without a thread id need the index of ids.
    let by_id: HashMap<&str, usize> = if mentions
        .iter()
        .any(|m| m.thread_id().is_none() && m.parent_id().is_some())
    {
        mentions
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id(), i))
            .collect()
    } else {
        HashMap::new()
    };
    let mut keys: Vec<Option<Box<str>>> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let mut index: HashMap<Box<str>, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for i in 0..mentions.len() {
        let slot = match mentions[i].thread_id() {
            // The common case: the thread is named; nothing to memoise.
            Some(thread) => index.get(thread).copied(),
            None => None,
        };
        let slot = slot.unwrap_or_else(|| {
            let key: Box<str> = match mentions[i].thread_id() {
                Some(thread) => thread.into(),
                None => {
                    if keys.is_empty() {
                        keys = vec![None; mentions.len()];
                    }
                    thread_key(mentions, &by_id, &mut keys, i)
                }
            };
            *index.entry(key).or_insert_with(|| {
                order.push(members.len());
                members.push(Vec::new());
                members.len() - 1
            })
        });
        members[slot].push(i);
    }
    drop(keys);
    let mut names: Vec<Option<Box<str>>> = vec![None; members.len()];
    for (key, slot) in index {
        names[slot] = Some(key);
    }
    let mut found: Vec<Group> = order
        .into_iter()
        .filter_map(|slot| {
            let mut group = std::mem::take(&mut members[slot]);
            group.sort_by_key(|&i| (mentions[i].published_at(), i));
            let start = group.iter().position(|&i| !mentions[i].author_is_brand())?;
            Some(Group {
                key: names[slot].take()?,
                members: group,
                start,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        let t = |g: &Group| {
            let first = g.members[g.start];
            (mentions[first].published_at(), first)
        };
        t(a).cmp(&t(b))
    });
    found
}

/// The thread key of mention `i`, memoised in `keys`.
fn thread_key<T: Threaded>(
    mentions: &[T],
    by_id: &HashMap<&str, usize>,
    keys: &mut [Option<Box<str>>],
    i: usize,
) -> Box<str> {
    // Walk up the chain until a known key, a thread id, a root or a missing parent.
    let mut chain = Vec::new();
    // Membership in the chain, for loops: a set, so a long chain walks in linear time.
    let mut in_chain = std::collections::HashSet::new();
    let mut at = i;
    let key: Box<str> = loop {
        if let Some(key) = &keys[at] {
            break key.clone();
        }
        let m = &mentions[at];
        if let Some(thread) = m.thread_id() {
            break thread.into();
        }
        chain.push(at);
        in_chain.insert(at);
        match m.parent_id() {
            None => break m.id().into(),
            Some(parent) => match by_id.get(parent) {
                None => break parent.into(),
                // A loop: the chain closes on itself; its first mention is the root.
                Some(&p) if in_chain.contains(&p) => {
                    break mentions[p].id().into();
                }
                Some(&p) => at = p,
            },
        }
    };
    for j in chain {
        keys[j] = Some(key.clone());
    }
    keys[i] = Some(key.clone());
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, Platform};
    use chrono::{TimeDelta, TimeZone, Utc};

    fn mention(id: &str, parent: Option<&str>, brand: bool, minute: i64) -> Mention {
        let t0 = Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0).unwrap();
        let mut m = Mention::new(
            id,
            Platform::X,
            Kind::Post,
            "",
            t0 + TimeDelta::minutes(minute),
        );
        m.parent_id = parent.map(str::to_owned);
        m.author_is_brand = brand;
        m
    }

    #[test]
    fn chains_missing_parents_and_loops() {
        let mentions = vec![
            mention("b0", None, true, 0), // a brand post: its thread starts at c1
            mention("c1", Some("b0"), false, 1), // customer comment under it
            mention("b2", Some("c1"), true, 5),
            mention("x1", Some("gone"), false, 2), // parent not in the data
            mention("x2", Some("gone"), false, 3), // same missing parent: same thread
            mention("l1", Some("l2"), false, 4),   // a loop
            mention("l2", Some("l1"), true, 6),
        ];
        let found = conversations(&mentions);
        let keys: Vec<&str> = found.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["b0", "gone", "l1"]);
        assert_eq!(found[0].mentions, [0, 1, 2]);
        assert_eq!(found[0].first_customer, 1);
        assert_eq!(found[0].events.len(), 2);
        assert_eq!(found[1].mentions, [3, 4]);
        assert_eq!(found[2].events.len(), 2);
    }

    #[test]
    fn brand_only_threads_are_no_conversation() {
        let mentions = vec![
            mention("b", None, true, 0),
            mention("b2", Some("b"), true, 1),
        ];
        assert!(conversations(&mentions).is_empty());
    }
}

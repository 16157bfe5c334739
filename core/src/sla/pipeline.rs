//! From mentions to clocks and report items in one call: conversations, their subjects (the
//! first customer message and its tagging), the targets a policy selects, the clocks.

use chrono::{DateTime, Utc};

use super::clock::{Clock, EventKind};
use super::error::{SlaError, invalid};
use super::policy::{Metric, Policy, Subject};
use super::report::ReportItem;
use super::threads::{Conversation, conversations};
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
/// next-reply cycle.
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
    conversations(mentions)
        .into_iter()
        .filter(|c| taggings.is_none_or(|t| !no_reply_needed(&t[c.first_customer])))
        .map(|conversation| {
            let first = conversation.first_customer;
            let tagging = taggings.map(|t| &t[first]);
            let subject = Subject::of(&mentions[first], tagging);
            let mut clock = Clock::new(policy.select(&subject));
            let start = conversation
                .mentions
                .iter()
                .position(|&i| i == first)
                .unwrap_or(0);
            for (event, &i) in conversation
                .events
                .iter()
                .zip(&conversation.mentions[start..])
            {
                let needs_no_reply = taggings.is_some_and(|t| no_reply_needed(&t[i]));
                if event.kind == EventKind::CustomerReplied && needs_no_reply {
                    continue;
                }
                clock.push(event.clone())?;
            }
            Ok(ConversationClock {
                queue: tagging.and_then(|t| t.queue.clone()),
                conversation,
                subject,
                clock,
            })
        })
        .collect()
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
    let mut items = Vec::new();
    for c in clocks(mentions, taggings, policy)? {
        for metric in Metric::ALL {
            for status in c.clock.cycles(metric, now)? {
                items.extend(ReportItem::from_status(
                    &c.conversation.key,
                    &status,
                    &c.subject,
                    c.queue.as_deref(),
                ));
            }
        }
    }
    Ok(items)
}

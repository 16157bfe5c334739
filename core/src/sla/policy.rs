//! [`Policy`]: which reply-time targets apply to a conversation.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use chrono::TimeDelta;
use serde::Deserialize;
use toml::Spanned;

use super::calendar::Calendar;
use super::duration::{format_duration, parse_duration};
use super::error::{SlaError, SlaErrorKind, invalid};
use crate::rules::{Priority, Tagging};
use crate::{Kind, Mention, Platform};

/// What a target measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    /// From the first customer message to the first reply of the bank.
    FirstReply,
    /// From each customer message that follows a bank reply to the next bank reply; every such
    /// message starts a new cycle.
    NextReply,
    /// From the first customer message until the conversation is resolved (time while resolved
    /// before a reopen is not counted).
    Resolution,
}

impl Metric {
    /// All metrics, in report order.
    pub const ALL: [Metric; 3] = [Metric::FirstReply, Metric::NextReply, Metric::Resolution];

    /// The snake_case name used in files and by the bindings.
    ///
    /// ```
    /// use otklik::sla::Metric;
    /// assert_eq!(Metric::NextReply.as_str(), "next_reply");
    /// assert_eq!(Metric::from_name("first_reply"), Some(Metric::FirstReply));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::FirstReply => "first_reply",
            Metric::NextReply => "next_reply",
            Metric::Resolution => "resolution",
        }
    }

    /// The metric of a snake_case name, if any.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a policy selects targets on: the conversation's first mention and its tagging.
///
/// ```
/// use otklik::sla::Subject;
/// use otklik::{Kind, Platform};
///
/// let subject = Subject::new(Platform::TelegramBot, Kind::Message).with_tags(["fraud"]);
/// assert_eq!(subject.tags, ["fraud"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Subject {
    /// Where the conversation happens.
    pub platform: Platform,
    /// What its first mention is.
    pub kind: Kind,
    /// The ids of its tags.
    pub tags: Vec<String>,
    /// Its priority (from tagging), if any.
    pub priority: Option<Priority>,
}

impl Subject {
    /// A subject with no tags and no priority.
    pub fn new(platform: Platform, kind: Kind) -> Subject {
        Subject {
            platform,
            kind,
            tags: Vec::new(),
            priority: None,
        }
    }

    /// The subject of a mention and, if it was tagged, its tagging (tags and priority).
    pub fn of(mention: &Mention, tagging: Option<&Tagging>) -> Subject {
        Subject {
            platform: mention.platform.clone(),
            kind: mention.kind.clone(),
            tags: tagging.map_or_else(Vec::new, |t| {
                t.tag_ids().into_iter().map(str::to_owned).collect()
            }),
            priority: tagging.and_then(|t| t.priority),
        }
    }

    /// Sets the tags.
    pub fn with_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Subject {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the priority.
    pub fn with_priority(mut self, priority: Priority) -> Subject {
        self.priority = Some(priority);
        self
    }
}

/// One reply-time target: a metric, a limit, the calendar it is counted in, the fraction of the
/// limit at which it warns, and the conditions under which it applies.
///
/// Conditions: each list, when not empty, must contain the subject's value (for tags: one of
/// the subject's tags); all non-empty lists must hold.
///
/// ```
/// use chrono::TimeDelta;
/// use otklik::sla::{Metric, Subject, Target};
/// use otklik::{Kind, Platform};
///
/// let bot = Target::new("bot chats", Metric::FirstReply, TimeDelta::seconds(120))
///     .platforms([Platform::TelegramBot]);
/// assert!(bot.applies_to(&Subject::new(Platform::TelegramBot, Kind::Message)));
/// assert!(!bot.applies_to(&Subject::new(Platform::Instagram, Kind::Comment)));
/// assert_eq!(bot.warn_at(), 0.8);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    name: String,
    metric: Metric,
    within: TimeDelta,
    calendar: Calendar,
    calendar_name: String,
    warn_at: f64,
    platforms: Vec<Platform>,
    kinds: Vec<Kind>,
    tags: Vec<String>,
    priorities: Vec<Priority>,
}

impl Target {
    /// A target on a 24/7 calendar that warns at 80% of the limit and applies to everything.
    pub fn new(name: impl Into<String>, metric: Metric, within: TimeDelta) -> Target {
        Target {
            name: name.into(),
            metric,
            within,
            calendar: Calendar::always_open(),
            calendar_name: "24/7".to_owned(),
            warn_at: 0.8,
            platforms: Vec::new(),
            kinds: Vec::new(),
            tags: Vec::new(),
            priorities: Vec::new(),
        }
    }

    /// Counts the target in business time of this calendar.
    pub fn calendar(mut self, calendar: Calendar) -> Target {
        self.calendar_name = calendar.name().unwrap_or("calendar").to_owned();
        self.calendar = calendar;
        self
    }

    /// Warns when this fraction of the limit is used (checked by [`Policy::new`]: above 0, at
    /// most 1).
    pub fn warning_at(mut self, fraction: f64) -> Target {
        self.warn_at = fraction;
        self
    }

    /// Applies only on these platforms.
    pub fn platforms(mut self, platforms: impl IntoIterator<Item = Platform>) -> Target {
        self.platforms = platforms.into_iter().collect();
        self
    }

    /// Applies only to these kinds of first mention.
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = Kind>) -> Target {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// Applies only to conversations with one of these tags.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Target {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Applies only at these priorities.
    pub fn priorities(mut self, priorities: impl IntoIterator<Item = Priority>) -> Target {
        self.priorities = priorities.into_iter().collect();
        self
    }

    /// The target's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What it measures.
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The limit.
    pub fn within(&self) -> TimeDelta {
        self.within
    }

    /// The calendar it is counted in.
    pub fn calendar_ref(&self) -> &Calendar {
        &self.calendar
    }

    /// The name of that calendar (`24/7` for the built-in one).
    pub fn calendar_name(&self) -> &str {
        &self.calendar_name
    }

    /// The fraction of the limit at which it warns.
    pub fn warn_at(&self) -> f64 {
        self.warn_at
    }

    /// Whether it has no conditions (applies to every conversation).
    pub fn is_catch_all(&self) -> bool {
        self.platforms.is_empty()
            && self.kinds.is_empty()
            && self.tags.is_empty()
            && self.priorities.is_empty()
    }

    /// Whether its conditions hold for a subject.
    pub fn applies_to(&self, subject: &Subject) -> bool {
        (self.platforms.is_empty() || self.platforms.contains(&subject.platform))
            && (self.kinds.is_empty() || self.kinds.contains(&subject.kind))
            && (self.tags.is_empty() || subject.tags.iter().any(|t| self.tags.contains(t)))
            && (self.priorities.is_empty()
                || subject
                    .priority
                    .is_some_and(|p| self.priorities.contains(&p)))
    }

    fn check(&self) -> Result<(), SlaError> {
        if self.within <= TimeDelta::zero() {
            return Err(invalid(format!(
                "target `{}`: the limit must be above zero, not {}",
                self.name,
                format_duration(self.within)
            )));
        }
        if !(self.warn_at > 0.0 && self.warn_at <= 1.0) {
            return Err(invalid(format!(
                "target `{}`: warn_at is a fraction of the limit above 0 and at most 1, not {}",
                self.name, self.warn_at
            )));
        }
        Ok(())
    }
}

/// The targets chosen for one conversation, one per metric at most.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The first-reply target, if any applies.
    pub first_reply: Option<Arc<Target>>,
    /// The next-reply target, if any applies.
    pub next_reply: Option<Arc<Target>>,
    /// The resolution target, if any applies.
    pub resolution: Option<Arc<Target>>,
}

impl Selection {
    /// The target of a metric.
    pub fn get(&self, metric: Metric) -> Option<&Arc<Target>> {
        match metric {
            Metric::FirstReply => self.first_reply.as_ref(),
            Metric::NextReply => self.next_reply.as_ref(),
            Metric::Resolution => self.resolution.as_ref(),
        }
    }

    fn slot(&mut self, metric: Metric) -> &mut Option<Arc<Target>> {
        match metric {
            Metric::FirstReply => &mut self.first_reply,
            Metric::NextReply => &mut self.next_reply,
            Metric::Resolution => &mut self.resolution,
        }
    }
}

/// Reply-time targets, and the rule that picks them: **for each metric, the first target in
/// the written order whose conditions hold applies.** Write specific targets first and a
/// catch-all (a target without conditions) last; a target that comes after a catch-all of its
/// metric can never apply and is refused.
///
/// ```
/// use chrono::TimeDelta;
/// use otklik::rules::Priority;
/// use otklik::sla::{Metric, Policy, Subject, Target};
/// use otklik::{Kind, Platform};
///
/// let policy = Policy::new(vec![
///     Target::new("urgent", Metric::FirstReply, TimeDelta::minutes(5)).priorities([Priority::Urgent]),
///     Target::new("public comments", Metric::FirstReply, TimeDelta::minutes(10))
///         .kinds([Kind::Comment, Kind::Reply]),
///     Target::new("mentions", Metric::FirstReply, TimeDelta::hours(2)),
/// ])?;
/// let comment = Subject::new(Platform::Instagram, Kind::Comment);
/// let chosen = policy.select(&comment);
/// assert_eq!(chosen.first_reply.unwrap().name(), "public comments");
/// let fraud = comment.with_priority(Priority::Urgent);
/// assert_eq!(policy.select(&fraud).first_reply.unwrap().name(), "urgent");
/// assert!(policy.select(&fraud).resolution.is_none());
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    targets: Vec<Arc<Target>>,
}

impl Policy {
    /// A policy of targets in precedence order. Errors: a limit that is not above zero, a
    /// warning fraction outside (0, 1], two targets with one name, a target after a catch-all
    /// of its metric.
    pub fn new(targets: Vec<Target>) -> Result<Policy, SlaError> {
        let mut catch_all: BTreeMap<Metric, String> = BTreeMap::new();
        let mut names = std::collections::HashSet::new();
        for target in &targets {
            target.check()?;
            if !names.insert(target.name.as_str()) {
                return Err(invalid(format!("two targets are named `{}`", target.name)));
            }
            if let Some(first) = catch_all.get(&target.metric) {
                return Err(invalid(format!(
                    "target `{}` can never apply: `{first}` before it applies to every {} conversation",
                    target.name, target.metric
                )));
            }
            if target.is_catch_all() {
                catch_all.insert(target.metric, target.name.clone());
            }
        }
        Ok(Policy {
            targets: targets.into_iter().map(Arc::new).collect(),
        })
    }

    /// The targets, in precedence order.
    pub fn targets(&self) -> &[Arc<Target>] {
        &self.targets
    }

    /// The target that applies to a subject for each metric.
    pub fn select(&self, subject: &Subject) -> Selection {
        let mut selection = Selection::default();
        for target in &self.targets {
            let slot = selection.slot(target.metric);
            if slot.is_none() && target.applies_to(subject) {
                *slot = Some(Arc::clone(target));
            }
        }
        selection
    }
}

// ---- the TOML form ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    calendars: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    target: Vec<RawTarget>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: Spanned<String>,
    metric: Spanned<String>,
    within: Spanned<String>,
    calendar: Option<Spanned<String>>,
    warn_at: Option<Spanned<f64>>,
    #[serde(default)]
    platform: Vec<Spanned<String>>,
    #[serde(default)]
    kind: Vec<Spanned<String>>,
    #[serde(default)]
    tag: Vec<String>,
    #[serde(default)]
    priority: Vec<Spanned<String>>,
}

/// The number of single-character edits between two short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A platform or kind name: known names and other names are taken, but a name one or two
/// letters away from a known one is a typo and refused.
fn named<T>(
    what: &str,
    value: &Spanned<String>,
    from_name: fn(&str) -> T,
    known: &[&str],
) -> Result<T, (std::ops::Range<usize>, SlaError)> {
    let name = value.get_ref();
    if !known.contains(&name.as_str()) {
        // Short names are too close to each other to guess ("ok" is Odnoklassniki, not "vk").
        let typo = match name.chars().count() {
            0..=3 => 0,
            4..=5 => 1,
            _ => 2,
        };
        if let Some(close) = known.iter().find(|k| edit_distance(name, k) <= typo) {
            return Err((
                value.span(),
                invalid(format!("unknown {what} {name:?}; did you mean {close:?}?")),
            ));
        }
    }
    Ok(from_name(name))
}

const PLATFORMS: &[&str] = &[
    "instagram",
    "facebook",
    "x",
    "twitter",
    "telegram",
    "telegram_bot",
    "vk",
    "youtube",
    "tiktok",
    "app_store",
    "google_play",
    "google_maps",
    "yandex_maps",
    "forum",
    "news",
    "web",
    "other",
];
const KINDS: &[&str] = &["post", "comment", "reply", "review", "message"];

fn parse(text: &str, dir: Option<&Path>) -> Result<Policy, SlaError> {
    let at = |span: std::ops::Range<usize>, e: SlaError| e.at_offset(text, span.start);
    let raw: RawPolicy = toml::from_str(text).map_err(|e| {
        let err = SlaError::new(SlaErrorKind::Syntax, e.message().trim().to_owned());
        match e.span() {
            Some(span) => at(span, err),
            None => err,
        }
    })?;
    let mut calendars: BTreeMap<String, Calendar> = BTreeMap::new();
    calendars.insert("24/7".to_owned(), Calendar::always_open());
    for (name, value) in &raw.calendars {
        let calendar = match (value.get_ref(), dir) {
            (toml::Value::String(path), Some(dir)) => Calendar::from_path(dir.join(path))
                .map_err(|e| e.in_file(dir.join(path).display().to_string()))?,
            (toml::Value::String(_), None) => {
                return Err(at(
                    value.span(),
                    invalid(format!(
                        "calendar `{name}` is a file; files are read only by Policy::from_path"
                    )),
                ));
            }
            (toml::Value::Table(table), _) => {
                let inline = toml::to_string(table).map_err(|e| invalid(e.to_string()))?;
                Calendar::from_toml(&inline).map_err(|e| {
                    at(
                        value.span(),
                        SlaError::new(e.kind(), format!("calendar `{name}`: {}", e.reason())),
                    )
                })?
            }
            _ => {
                return Err(at(
                    value.span(),
                    invalid(format!(
                        "calendar `{name}` is a table of calendar keys or the path of a calendar file"
                    )),
                ));
            }
        };
        let calendar = if calendar.name().is_none() {
            calendar.with_name(name)
        } else {
            calendar
        };
        calendars.insert(name.clone(), calendar);
    }
    let mut targets = Vec::with_capacity(raw.target.len());
    for t in &raw.target {
        let metric = Metric::from_name(t.metric.get_ref()).ok_or_else(|| {
            at(
                t.metric.span(),
                invalid(format!(
                    "unknown metric {:?}; use \"first_reply\", \"next_reply\" or \"resolution\"",
                    t.metric.get_ref()
                )),
            )
        })?;
        let within = parse_duration(t.within.get_ref()).map_err(|e| at(t.within.span(), e))?;
        let mut target = Target::new(t.name.get_ref(), metric, within);
        if let Some(c) = &t.calendar {
            let calendar = calendars.get(c.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = calendars.keys().map(String::as_str).collect();
                at(
                    c.span(),
                    SlaError::new(
                        SlaErrorKind::UnknownName,
                        format!(
                            "no calendar named {:?}; the policy has {}",
                            c.get_ref(),
                            known.join(", ")
                        ),
                    ),
                )
            })?;
            target = target.calendar(calendar.clone());
            target.calendar_name = c.get_ref().clone();
        }
        if let Some(w) = &t.warn_at {
            target = target.warning_at(*w.get_ref());
        }
        let platforms = t
            .platform
            .iter()
            .map(|p| named("platform", p, Platform::from_name, PLATFORMS))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|(span, e)| at(span, e))?;
        let kinds = t
            .kind
            .iter()
            .map(|k| named("kind", k, Kind::from_name, KINDS))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|(span, e)| at(span, e))?;
        let priorities = t
            .priority
            .iter()
            .map(|p| {
                Priority::from_name(p.get_ref()).ok_or_else(|| {
                    at(
                        p.span(),
                        invalid(format!(
                            "unknown priority {:?}; use low, normal, high or urgent",
                            p.get_ref()
                        )),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        target = target
            .platforms(platforms)
            .kinds(kinds)
            .tags(t.tag.clone())
            .priorities(priorities);
        targets.push((t.name.span(), target));
    }
    // Check target by target so that an error points at the target at fault.
    let mut checked = Vec::with_capacity(targets.len());
    for (span, target) in targets {
        checked.push(target);
        if let Err(e) = Policy::new(checked.clone()) {
            return Err(at(span, e));
        }
    }
    Policy::new(checked)
}

impl Policy {
    /// Reads a policy from its TOML form. Calendars are inline tables here (`Policy::from_path`
    /// also reads calendar files); the calendar `24/7` is built in.
    ///
    /// ```
    /// use otklik::sla::{Metric, Policy, Subject};
    /// use otklik::{Kind, Platform};
    ///
    /// let policy = Policy::from_toml(r#"
    /// [calendars.office]
    /// zone = "Europe/Kyiv"
    /// hours = { weekdays = "09:00-18:00" }
    ///
    /// [[target]]
    /// name = "Telegram bot chats"
    /// metric = "first_reply"
    /// within = "120s"
    /// platform = ["telegram_bot"]
    ///
    /// [[target]]
    /// name = "mentions"
    /// metric = "first_reply"
    /// within = "2h"
    /// calendar = "office"
    /// warn_at = 0.75
    /// "#)?;
    /// let review = Subject::new(Platform::GooglePlay, Kind::Review);
    /// let target = policy.select(&review).first_reply.unwrap();
    /// assert_eq!((target.name(), target.calendar_name()), ("mentions", "office"));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Policy, SlaError> {
        parse(text, None)
    }

    /// Reads a policy file; calendars given as paths are read relative to its directory.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Policy, SlaError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            SlaError::new(SlaErrorKind::Io, format!("cannot read policy file: {e}")).in_file(&file)
        })?;
        parse(&text, Some(path.parent().unwrap_or(Path::new(".")))).map_err(|e| e.in_file(&file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SlaError {
        Policy::from_toml(text).unwrap_err()
    }

    #[test]
    fn errors_point_at_the_target() {
        let head = "[[target]]\nname = \"a\"\nmetric = \"first_reply\"\n";
        let e = err(&format!("{head}within = \"10 minutes\"\n"));
        assert_eq!((e.line(), e.column()), (Some(4), Some(10)));
        let e = err(&format!(
            "{head}within = \"10m\"\nplatform = [\"telegramm\"]\n"
        ));
        assert_eq!(
            e.reason(),
            "unknown platform \"telegramm\"; did you mean \"telegram\"?"
        );
        assert_eq!(e.line(), Some(5));
        let e = err(&format!("{head}within = \"10m\"\ncalendar = \"office\"\n"));
        assert_eq!(e.kind(), SlaErrorKind::UnknownName);
        let e = err(&format!("{head}within = \"10m\"\nwarn_at = 1.5\n"));
        assert_eq!(e.line(), Some(2));
        let e = err(&format!(
            "{head}within = \"10m\"\n[[target]]\nname = \"b\"\nmetric = \"first_reply\"\nwithin = \"5m\"\n"
        ));
        assert!(e.reason().starts_with("target `b` can never apply"), "{e}");
        assert_eq!(e.line(), Some(6));
        let e = err("[calendars.office]\nzone = \"Mars/Olympus\"\n");
        assert_eq!(e.kind(), SlaErrorKind::UnknownZone);
        assert_eq!(e.line(), Some(1));
        let e = err(&format!("{head}within = \"0s\"\n"));
        assert!(e.reason().contains("above zero"), "{e}");
    }

    #[test]
    fn other_platform_names_are_kept() {
        let policy = Policy::from_toml(
            "[[target]]\nname = \"forum\"\nmetric = \"first_reply\"\nwithin = \"4h\"\nplatform = [\"banki_ru\"]\n",
        )
        .unwrap();
        let subject = Subject::new(Platform::from_name("banki_ru"), Kind::Post);
        assert!(policy.select(&subject).first_reply.is_some());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("telegramm", "telegram"), 1);
        assert_eq!(edit_distance("vk", "x"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}

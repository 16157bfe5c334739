//! Service-level reports over many clocks: counts, service level with an explicit convention,
//! reply-time statistics, grouped by period and by attributes.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use chrono_tz::Tz;

use super::clock::{MetricState, MetricStatus};
use super::policy::{Metric, Subject};
use super::stats::{PercentileMethod, median, percentile};
use crate::{Kind, Platform};

/// One measured cycle of a metric: the input of a [`Report`].
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{Metric, MetricState, ReportItem};
///
/// let started = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
/// let item = ReportItem::new("chat-1", Metric::FirstReply, TimeDelta::seconds(120), started)
///     .outcome(MetricState::Met, TimeDelta::seconds(97));
/// assert!(item.answered());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ReportItem {
    /// The conversation's key.
    pub conversation: String,
    /// The metric measured.
    pub metric: Metric,
    /// The target's name.
    pub target: String,
    /// The target's limit.
    pub limit: TimeDelta,
    /// When the cycle started (the customer's message); periods are taken from it.
    pub started_at: DateTime<Utc>,
    /// The zone in which months, weeks and days are taken (the target calendar's).
    pub zone: Tz,
    /// The state when the report was made.
    pub state: MetricState,
    /// Business time used (the reply time, for an answered cycle).
    pub elapsed: TimeDelta,
    /// Whether the cycle stopped (by a reply, a resolution, or an abandon).
    pub stopped: bool,
    /// Whether it stopped because the conversation was resolved without a reply.
    pub abandoned: bool,
    /// Where the conversation happened.
    pub platform: Platform,
    /// What its first mention was.
    pub kind: Kind,
    /// Who replied, if known.
    pub agent: Option<String>,
    /// The conversation's tags.
    pub tags: Vec<String>,
    /// The queue it went to, if any.
    pub queue: Option<String>,
    /// Whether the conversation moved to a private channel.
    pub moved_to_private: bool,
}

impl ReportItem {
    /// An item not yet measured (active, nothing used), in UTC, with no attributes.
    pub fn new(
        conversation: impl Into<String>,
        metric: Metric,
        limit: TimeDelta,
        started_at: DateTime<Utc>,
    ) -> ReportItem {
        ReportItem {
            conversation: conversation.into(),
            metric,
            target: String::new(),
            limit,
            started_at,
            zone: Tz::UTC,
            state: MetricState::Active,
            elapsed: TimeDelta::zero(),
            stopped: false,
            abandoned: false,
            platform: Platform::Unspecified,
            kind: Kind::Post,
            agent: None,
            tags: Vec::new(),
            queue: None,
            moved_to_private: false,
        }
    }

    /// Sets the state and the business time used; `stopped` and `abandoned` follow from the
    /// state (a breached item is taken as answered late; use the fields to say otherwise).
    pub fn outcome(mut self, state: MetricState, elapsed: TimeDelta) -> ReportItem {
        self.state = state;
        self.elapsed = elapsed;
        self.stopped = matches!(
            state,
            MetricState::Met | MetricState::Breached | MetricState::Abandoned
        );
        self.abandoned = state == MetricState::Abandoned;
        self
    }

    /// The item of a metric status (`None` when it has not started), with the conversation's
    /// key, subject and queue.
    pub fn from_status(
        conversation: &str,
        status: &MetricStatus,
        subject: &Subject,
        queue: Option<&str>,
    ) -> Option<ReportItem> {
        let started_at = status.started_at?;
        Some(ReportItem {
            conversation: conversation.to_owned(),
            metric: status.metric,
            target: status.target.name().to_owned(),
            limit: status.target.within(),
            started_at,
            zone: status.target.calendar_ref().zone(),
            state: status.state,
            elapsed: status.elapsed,
            stopped: status.stopped_at.is_some(),
            abandoned: status.abandoned,
            platform: subject.platform.clone(),
            kind: subject.kind.clone(),
            agent: status.agent.clone(),
            tags: subject.tags.clone(),
            queue: queue.map(str::to_owned),
            moved_to_private: false,
        })
    }

    /// Marks the conversation as moved to a private channel (or not).
    pub fn moved_to_private(mut self, moved: bool) -> ReportItem {
        self.moved_to_private = moved;
        self
    }

    /// Whether the bank replied (stopped, not abandoned).
    pub fn answered(&self) -> bool {
        self.stopped && !self.abandoned
    }
}

/// How an abandoned item (resolved or left without a reply, within the limit) counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AbandonedAs {
    /// Left out of the service level (Cisco "ignore abandons").
    #[default]
    Ignored,
    /// Counted as a miss ("abandons negative").
    Missed,
    /// Counted as met ("abandons positive").
    Met,
}

/// How a reply time is compared with the limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// Met when replied by the deadline: reply time `<=` limit (a reply after a deadline that
    /// fell at closing time is late even though no business time passed after it).
    #[default]
    AtMost,
    /// Met only when strictly faster: reply time `<` limit (Amazon Connect's `LT`).
    Below,
}

/// How an item still open but already past its limit counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OpenLateAs {
    /// Counted as a miss now: it cannot be met any more.
    #[default]
    Missed,
    /// Left out until it stops.
    Ignored,
}

/// The service-level convention: `service level = met / (met + missed)`, with what counts as
/// met and missed stated. Items still open within their limit are never counted.
///
/// ```
/// use chrono::TimeDelta;
/// use otklik::sla::{AbandonedAs, Comparison, ServiceLevel};
///
/// let contact_centre = ServiceLevel::default()
///     .abandoned(AbandonedAs::Missed)
///     .short_abandon(TimeDelta::seconds(5))
///     .comparison(Comparison::Below);
/// assert_eq!(contact_centre.describe(),
///     "met / (met + missed); met when reply time < limit; abandoned: missed (under 5s: left out); open and late: missed");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ServiceLevel {
    abandoned: AbandonedAs,
    short_abandon: Option<TimeDelta>,
    comparison: Comparison,
    open_late: OpenLateAs,
}

impl ServiceLevel {
    /// How abandoned items count.
    pub fn abandoned(mut self, how: AbandonedAs) -> ServiceLevel {
        self.abandoned = how;
        self
    }

    /// Abandoned items with less business time than this are left out whatever
    /// [`AbandonedAs`] says (short abandons: the customer left at once).
    pub fn short_abandon(mut self, below: TimeDelta) -> ServiceLevel {
        self.short_abandon = Some(below);
        self
    }

    /// How reply times are compared with the limit.
    pub fn comparison(mut self, comparison: Comparison) -> ServiceLevel {
        self.comparison = comparison;
        self
    }

    /// How items open and late count.
    pub fn open_late(mut self, how: OpenLateAs) -> ServiceLevel {
        self.open_late = how;
        self
    }

    /// The convention in words, for the foot of a report.
    pub fn describe(&self) -> String {
        let comparison = match self.comparison {
            Comparison::AtMost => "met when replied by the deadline (reply time <= limit)",
            Comparison::Below => "met when reply time < limit",
        };
        let abandoned = match self.abandoned {
            AbandonedAs::Ignored => "left out",
            AbandonedAs::Missed => "missed",
            AbandonedAs::Met => "met",
        };
        let short = self.short_abandon.map_or(String::new(), |d| {
            format!(" (under {}: left out)", super::duration::format_duration(d))
        });
        let open_late = match self.open_late {
            OpenLateAs::Missed => "missed",
            OpenLateAs::Ignored => "left out",
        };
        format!(
            "met / (met + missed); {comparison}; abandoned: {abandoned}{short}; open and late: {open_late}"
        )
    }

    /// How an item counts under this convention: its [`Outcome`], and through
    /// [`ServiceLevel::counts_as`] whether it is met, missed or left out. This is what a
    /// [`Report`] does to each item; engines that aggregate elsewhere (Spark, SQL) call it per
    /// item and only sum.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::{Metric, MetricState, Outcome, ReportItem, ServiceLevel};
    ///
    /// let t = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
    /// let late = ReportItem::new("chat-1", Metric::FirstReply, TimeDelta::seconds(120), t)
    ///     .outcome(MetricState::Breached, TimeDelta::seconds(300));
    /// let sl = ServiceLevel::default();
    /// assert_eq!(sl.outcome(&late), Outcome::Missed);
    /// assert_eq!(sl.counts_as(Outcome::Missed), Some(false)); // counted, as missed
    /// assert_eq!(sl.counts_as(Outcome::Open), None); // open within the limit: not counted
    /// ```
    pub fn outcome(&self, item: &ReportItem) -> Outcome {
        if item.state == MetricState::NotStarted {
            return Outcome::NotStarted;
        }
        if !item.stopped {
            return if item.state == MetricState::Breached {
                Outcome::OpenLate
            } else {
                Outcome::Open
            };
        }
        if item.abandoned {
            if item.state == MetricState::Breached {
                // The limit passed before the abandon: a miss whatever the convention.
                return Outcome::Missed;
            }
            if self.short_abandon.is_some_and(|d| item.elapsed < d) {
                return Outcome::ShortAbandoned;
            }
            return Outcome::Abandoned;
        }
        let in_time = item.state == MetricState::Met
            && (self.comparison == Comparison::AtMost || item.elapsed < item.limit);
        if in_time {
            Outcome::Met
        } else {
            Outcome::Missed
        }
    }

    /// Whether an item of this outcome counts as met (`Some(true)`), as missed (`Some(false)`),
    /// or not at all (`None`) under this convention.
    ///
    /// ```
    /// use otklik::sla::{Outcome, ServiceLevel};
    ///
    /// let sl = ServiceLevel::default();
    /// assert_eq!(sl.counts_as(Outcome::Met), Some(true));
    /// assert_eq!(sl.counts_as(Outcome::ShortAbandoned), None);
    /// ```
    pub fn counts_as(&self, outcome: Outcome) -> Option<bool> {
        match outcome {
            Outcome::NotStarted | Outcome::Open | Outcome::ShortAbandoned => None,
            Outcome::Met => Some(true),
            Outcome::Missed => Some(false),
            Outcome::OpenLate => (self.open_late == OpenLateAs::Missed).then_some(false),
            Outcome::Abandoned => match self.abandoned {
                AbandonedAs::Ignored => None,
                AbandonedAs::Missed => Some(false),
                AbandonedAs::Met => Some(true),
            },
        }
    }
}

/// How one report item counts: what [`ServiceLevel::outcome`] says of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Not started by the report's instant: not an item.
    NotStarted,
    /// Still open within its limit (never counted).
    Open,
    /// Still open past its limit (missed or left out, by the convention).
    OpenLate,
    /// Met.
    Met,
    /// Missed: replied late, or abandoned after the limit.
    Missed,
    /// Abandoned within the limit (left out, missed or met, by the convention).
    Abandoned,
    /// Abandoned within the short-abandon threshold (never counted).
    ShortAbandoned,
}

impl Outcome {
    /// The snake_case name used by the bindings and in tables.
    ///
    /// ```
    /// assert_eq!(otklik::sla::Outcome::OpenLate.as_str(), "open_late");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotStarted => "not_started",
            Outcome::Open => "open",
            Outcome::OpenLate => "open_late",
            Outcome::Met => "met",
            Outcome::Missed => "missed",
            Outcome::Abandoned => "abandoned",
            Outcome::ShortAbandoned => "short_abandoned",
        }
    }
}

/// What a report groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// `2025-01`, in the item's zone.
    Month,
    /// ISO week, `2025-W03`, in the item's zone.
    Week,
    /// `2025-01-15`, in the item's zone.
    Day,
    /// The platform.
    Platform,
    /// The kind of the first mention.
    Kind,
    /// The agent who replied (`(none)` when unknown or unanswered).
    Agent,
    /// Each tag (an item with two tags counts in both groups; `(none)` without tags).
    Tag,
    /// The queue (`(none)` when unset).
    Queue,
    /// The metric.
    Metric,
    /// The target's name.
    Target,
}

impl GroupBy {
    /// The snake_case name used as a column name and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Month => "month",
            GroupBy::Week => "week",
            GroupBy::Day => "day",
            GroupBy::Platform => "platform",
            GroupBy::Kind => "kind",
            GroupBy::Agent => "agent",
            GroupBy::Tag => "tag",
            GroupBy::Queue => "queue",
            GroupBy::Metric => "metric",
            GroupBy::Target => "target",
        }
    }

    /// The grouping of a snake_case name, if any.
    pub fn from_name(name: &str) -> Option<GroupBy> {
        [
            GroupBy::Month,
            GroupBy::Week,
            GroupBy::Day,
            GroupBy::Platform,
            GroupBy::Kind,
            GroupBy::Agent,
            GroupBy::Tag,
            GroupBy::Queue,
            GroupBy::Metric,
            GroupBy::Target,
        ]
        .into_iter()
        .find(|g| g.as_str() == name)
    }

    /// The groups an item falls in under this grouping, as a report names them: one value, or
    /// one per tag for [`GroupBy::Tag`].
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::{GroupBy, Metric, ReportItem};
    ///
    /// let t = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
    /// let item = ReportItem::new("chat-1", Metric::FirstReply, TimeDelta::seconds(120), t);
    /// assert_eq!(GroupBy::Week.values_of(&item), ["2025-W03"]);
    /// ```
    pub fn values_of(self, item: &ReportItem) -> Vec<String> {
        let local = item.started_at.with_timezone(&item.zone);
        let none = || "(none)".to_owned();
        match self {
            GroupBy::Month => vec![format!("{:04}-{:02}", local.year(), local.month())],
            GroupBy::Week => {
                let w = local.iso_week();
                vec![format!("{:04}-W{:02}", w.year(), w.week())]
            }
            GroupBy::Day => vec![local.format("%Y-%m-%d").to_string()],
            GroupBy::Platform => vec![item.platform.as_str().to_owned()],
            GroupBy::Kind => vec![item.kind.as_str().to_owned()],
            GroupBy::Agent => vec![item.agent.clone().unwrap_or_else(none)],
            GroupBy::Tag if item.tags.is_empty() => vec![none()],
            GroupBy::Tag => item.tags.clone(),
            GroupBy::Queue => vec![item.queue.clone().unwrap_or_else(none)],
            GroupBy::Metric => vec![item.metric.as_str().to_owned()],
            GroupBy::Target => vec![item.target.clone()],
        }
    }
}

/// One line of a report: the counts, the service level and reply-time statistics of a group.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ReportRow {
    /// The group's values, one per [`GroupBy`] of the report (empty for the total).
    pub key: Vec<String>,
    /// Items in the group (not-started items are not items).
    pub count: u64,
    /// Answered by the bank (stopped by a reply).
    pub answered: u64,
    /// Counted as met.
    pub met: u64,
    /// Counted as missed.
    pub missed: u64,
    /// Still open within the limit (not counted).
    pub open: u64,
    /// Still open past the limit (counted as missed or not, by the convention).
    pub open_late: u64,
    /// Abandoned within the limit, short abandons included.
    pub abandoned: u64,
    /// Abandoned within the short-abandon threshold (never counted).
    pub short_abandoned: u64,
    /// Items whose conversation moved to a private channel.
    pub moved_to_private: u64,
    /// `met / (met + missed)`, from 0 to 1; `None` when nothing is counted.
    pub service_level: Option<f64>,
    /// Mean reply time of the answered items, in seconds.
    pub mean_seconds: Option<f64>,
    /// Median reply time (the mean of the two middle values for an even count), in seconds.
    pub median_seconds: Option<f64>,
    /// Percentiles 50, 90, 95 and 99 of reply time, by the report's method, in seconds.
    pub percentiles_seconds: [Option<f64>; 4],
}

/// The percentiles every report row has.
pub const REPORT_PERCENTILES: [f64; 4] = [50.0, 90.0, 95.0, 99.0];

#[derive(Debug, Default)]
struct Accumulator {
    count: u64,
    met: u64,
    missed: u64,
    open: u64,
    open_late: u64,
    abandoned: u64,
    short_abandoned: u64,
    moved_to_private: u64,
    replies: Vec<f64>,
}

impl Accumulator {
    fn add(&mut self, item: &ReportItem, outcome: Outcome, sl: &ServiceLevel) {
        self.count += 1;
        if item.moved_to_private && outcome != Outcome::NotStarted {
            self.moved_to_private += 1;
        }
        match outcome {
            Outcome::NotStarted => self.count -= 1,
            Outcome::Open => self.open += 1,
            Outcome::OpenLate => self.open_late += 1,
            Outcome::Abandoned => self.abandoned += 1,
            Outcome::ShortAbandoned => {
                self.abandoned += 1;
                self.short_abandoned += 1;
            }
            Outcome::Met | Outcome::Missed => {}
        }
        match sl.counts_as(outcome) {
            Some(true) => self.met += 1,
            Some(false) => self.missed += 1,
            None => {}
        }
        if item.answered() && outcome != Outcome::NotStarted {
            self.replies
                .push(item.elapsed.num_milliseconds() as f64 / 1000.0);
        }
    }

    fn row(mut self, key: Vec<String>, method: PercentileMethod) -> ReportRow {
        self.replies.sort_by(f64::total_cmp);
        let counted = self.met + self.missed;
        let n = self.replies.len();
        ReportRow {
            key,
            count: self.count,
            answered: n as u64,
            met: self.met,
            missed: self.missed,
            open: self.open,
            open_late: self.open_late,
            abandoned: self.abandoned,
            short_abandoned: self.short_abandoned,
            moved_to_private: self.moved_to_private,
            service_level: (counted > 0).then(|| self.met as f64 / counted as f64),
            mean_seconds: (n > 0).then(|| self.replies.iter().sum::<f64>() / n as f64),
            median_seconds: median(&self.replies),
            percentiles_seconds: REPORT_PERCENTILES.map(|p| percentile(&self.replies, p, method)),
        }
    }
}

/// A service-level report: rows per group, sorted by key, and a total row. A group's service
/// level pools its counts (never a mean of daily percentages).
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{GroupBy, Metric, MetricState, Report, ReportItem, ServiceLevel};
///
/// let t = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
/// let limit = TimeDelta::seconds(120);
/// let items: Vec<ReportItem> = [(MetricState::Met, 97), (MetricState::Met, 30), (MetricState::Breached, 300)]
///     .into_iter()
///     .enumerate()
///     .map(|(i, (state, secs))| {
///         ReportItem::new(format!("chat-{i}"), Metric::FirstReply, limit, t)
///             .outcome(state, TimeDelta::seconds(secs))
///     })
///     .collect();
/// let report = Report::build(&items, &[GroupBy::Month], ServiceLevel::default(), Default::default());
/// let row = &report.rows[0];
/// assert_eq!((row.key[0].as_str(), row.count, row.met, row.missed), ("2025-01", 3, 2, 1));
/// assert!((row.service_level.unwrap() - 2.0 / 3.0).abs() < 1e-12);
/// assert_eq!(row.percentiles_seconds[1], Some(300.0)); // p90 by nearest rank
/// # assert!(report.to_table().contains("66.7%"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// What the rows are grouped by.
    pub group_by: Vec<GroupBy>,
    /// The service-level convention used.
    pub service_level: ServiceLevel,
    /// The percentile method used.
    pub method: PercentileMethod,
    /// One row per group, sorted by key.
    pub rows: Vec<ReportRow>,
    /// All items together.
    pub total: ReportRow,
}

/// Builds a [`Report`] from items given one at a time, keeping only counts and reply times
/// (8 bytes per answered item and group): how a report over a stream of conversations stays
/// small. [`Report::build`] is the same over a slice.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use otklik::sla::{GroupBy, Metric, MetricState, ReportBuilder, ReportItem, ServiceLevel};
///
/// let t0 = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
/// let mut builder = ReportBuilder::new(&[GroupBy::Month], ServiceLevel::default(), Default::default());
/// for seconds in [40, 90, 300] {
///     let item = ReportItem::new("chat", Metric::FirstReply, TimeDelta::seconds(120), t0)
///         .outcome(if seconds <= 120 { MetricState::Met } else { MetricState::Breached }, TimeDelta::seconds(seconds));
///     builder.add(&item); // the item can be dropped now
/// }
/// let report = builder.finish();
/// assert_eq!((report.total.met, report.total.missed), (2, 1));
/// assert_eq!(report.rows[0].key, ["2025-01"]);
/// ```
#[derive(Debug)]
pub struct ReportBuilder {
    group_by: Vec<GroupBy>,
    service_level: ServiceLevel,
    method: PercentileMethod,
    groups: BTreeMap<Vec<String>, Accumulator>,
    total: Accumulator,
}

impl ReportBuilder {
    /// An empty report grouped by `group_by`, with this convention and percentile method.
    pub fn new(
        group_by: &[GroupBy],
        service_level: ServiceLevel,
        method: PercentileMethod,
    ) -> ReportBuilder {
        ReportBuilder {
            group_by: group_by.to_vec(),
            service_level,
            method,
            groups: BTreeMap::new(),
            total: Accumulator::default(),
        }
    }

    /// Counts one item.
    pub fn add(&mut self, item: &ReportItem) {
        let sl = &self.service_level;
        let outcome = sl.outcome(item);
        self.total.add(item, outcome, sl);
        for key in keys(item, &self.group_by) {
            self.groups.entry(key).or_default().add(item, outcome, sl);
        }
    }

    /// The report.
    pub fn finish(self) -> Report {
        let method = self.method;
        Report {
            group_by: self.group_by,
            service_level: self.service_level,
            method,
            rows: self
                .groups
                .into_iter()
                .filter(|(_, acc)| acc.count > 0)
                .map(|(key, acc)| acc.row(key, method))
                .collect(),
            total: self.total.row(Vec::new(), method),
        }
    }
}

impl Report {
    /// Builds a report over items.
    pub fn build(
        items: &[ReportItem],
        group_by: &[GroupBy],
        service_level: ServiceLevel,
        method: PercentileMethod,
    ) -> Report {
        let mut builder = ReportBuilder::new(group_by, service_level, method);
        for item in items {
            builder.add(item);
        }
        builder.finish()
    }

    /// The rows to print before the total: none without grouping, where the one row would
    /// repeat the total.
    fn group_rows(&self) -> impl Iterator<Item = &ReportRow> {
        let shown = if self.group_by.is_empty() {
            0
        } else {
            self.rows.len()
        };
        self.rows.iter().take(shown)
    }

    /// The column names of [`Report::to_csv`] and of the JSON objects.
    pub fn columns(&self) -> Vec<String> {
        let mut columns: Vec<String> = self
            .group_by
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect();
        columns.extend(
            [
                "count",
                "answered",
                "met",
                "missed",
                "open",
                "open_late",
                "abandoned",
                "short_abandoned",
                "moved_to_private",
                "service_level",
                "mean_seconds",
                "median_seconds",
                "p50_seconds",
                "p90_seconds",
                "p95_seconds",
                "p99_seconds",
            ]
            .map(str::to_owned),
        );
        columns
    }

    fn values(row: &ReportRow, groups: usize) -> Vec<serde_json::Value> {
        use serde_json::Value;
        let number = |x: Option<f64>| {
            x.and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number)
        };
        let mut values: Vec<Value> = if row.key.is_empty() {
            vec![Value::String("(total)".to_owned()); groups]
        } else {
            row.key.iter().cloned().map(Value::String).collect()
        };
        values.extend(
            [
                row.count,
                row.answered,
                row.met,
                row.missed,
                row.open,
                row.open_late,
                row.abandoned,
                row.short_abandoned,
                row.moved_to_private,
            ]
            .map(Value::from),
        );
        values.push(number(row.service_level));
        values.push(number(row.mean_seconds));
        values.push(number(row.median_seconds));
        values.extend(row.percentiles_seconds.map(number));
        values
    }

    /// The report as JSON: `{"group_by": [...], "service_level": "...", "percentile_method":
    /// "...", "rows": [{column: value}], "total": {...}}`; service level as a fraction 0 to 1,
    /// times in seconds, `null` where there is no value.
    pub fn to_json(&self) -> String {
        let columns = self.columns();
        let object = |row: &ReportRow| {
            serde_json::Value::Object(
                columns
                    .iter()
                    .cloned()
                    .zip(Report::values(row, self.group_by.len()))
                    .collect(),
            )
        };
        serde_json::json!({
            "group_by": self.group_by.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
            "service_level": self.service_level.describe(),
            "percentile_method": self.method.as_str(),
            "rows": self.rows.iter().map(object).collect::<Vec<_>>(),
            "total": object(&self.total),
        })
        .to_string()
    }

    /// The rows as CSV with a header line ([`Report::columns`]); the total is the last line,
    /// with `(total)` in the group columns (without grouping it is the only line). Empty cells
    /// where there is no value.
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        let groups = self.group_by.len();
        let cell = |v: serde_json::Value| match v {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        // Writing to memory cannot fail.
        let _ = out.write_record(self.columns());
        for row in self.group_rows().chain(std::iter::once(&self.total)) {
            let _ = out.write_record(Report::values(row, groups).into_iter().map(cell));
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The report as an aligned text table: groups, counts, service level in percent with one
    /// decimal, and reply times in seconds; the convention in a last line.
    pub fn to_table(&self) -> String {
        // Without groups the table still has a label column, for the total.
        let groups = self.group_by.len().max(1);
        let mut header: Vec<String> = self
            .group_by
            .iter()
            .map(|g| g.as_str().to_owned())
            .collect();
        header.resize(groups, String::new());
        header.extend(
            [
                "count",
                "met",
                "missed",
                "open",
                "abandoned",
                "SL",
                "mean",
                "median",
                "p90",
                "p95",
                "p99",
            ]
            .map(str::to_owned),
        );
        let seconds = |x: Option<f64>| x.map_or("-".to_owned(), |s| format!("{s:.0}s"));
        let mut lines: Vec<Vec<String>> = vec![header];
        for row in self.group_rows().chain(std::iter::once(&self.total)) {
            let mut line: Vec<String> = if row.key.is_empty() {
                let mut total = vec![String::new(); groups];
                if let Some(first) = total.first_mut() {
                    *first = "total".to_owned();
                }
                total
            } else {
                row.key.clone()
            };
            line.extend([
                row.count.to_string(),
                row.met.to_string(),
                row.missed.to_string(),
                (row.open + row.open_late).to_string(),
                row.abandoned.to_string(),
                row.service_level
                    .map_or("-".to_owned(), |sl| format!("{:.1}%", sl * 100.0)),
                seconds(row.mean_seconds),
                seconds(row.median_seconds),
                seconds(row.percentiles_seconds[1]),
                seconds(row.percentiles_seconds[2]),
                seconds(row.percentiles_seconds[3]),
            ]);
            lines.push(line);
        }
        let widths: Vec<usize> = (0..lines[0].len())
            .map(|c| {
                lines
                    .iter()
                    .map(|l| l[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for line in &lines {
            let cells: Vec<String> = line
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    if c < groups {
                        format!("{cell:<w$}", w = widths[c])
                    } else {
                        format!("{cell:>w$}", w = widths[c])
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", cells.join("  ").trim_end());
        }
        let _ = writeln!(
            out,
            "SL = {}; percentiles by {}",
            self.service_level.describe(),
            self.method
        );
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_table())
    }
}

/// The group keys of an item: the cross product of each grouping's values.
fn keys(item: &ReportItem, group_by: &[GroupBy]) -> Vec<Vec<String>> {
    let mut keys: Vec<Vec<String>> = vec![Vec::new()];
    for g in group_by {
        let values = g.values_of(item);
        keys = keys
            .into_iter()
            .flat_map(|k| {
                values.iter().map(move |v| {
                    let mut k = k.clone();
                    k.push(v.clone());
                    k
                })
            })
            .collect();
    }
    keys
}

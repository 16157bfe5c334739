//! Policies, conversation clocks, SLA reports and the live queue, mirroring `otklik::sla`.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, TimeDelta, Utc};
use otklik::rules::{Priority, Tagging};
use otklik::sla::{
    Clock, ClockBuilder, ClockStatus, Event, EventKind, GroupBy, Metric, MetricStatus, Policy,
    QueueEntry, Report, Subject, Target, ThreadTimesOptions,
};
use otklik::{Kind, Mention, Platform};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::convert::{os_error, to_utc};
use crate::errors::{SlaPlace, sla_error};
use crate::mention::PyMention;
use crate::rules::TagResult;
use crate::sla::{PyReportRow, convention, percentile_method};

fn priority(name: Option<&str>) -> PyResult<Option<Priority>> {
    name.map(|p| {
        Priority::from_name(p).ok_or_else(|| {
            PyValueError::new_err(format!(
                "priority must be \"low\", \"normal\", \"high\" or \"urgent\", not {p:?}"
            ))
        })
    })
    .transpose()
}

fn metric(name: &str) -> PyResult<Metric> {
    Metric::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "metric must be \"first_reply\", \"next_reply\" or \"resolution\", not {name:?}"
        ))
    })
}

/// Reply-time targets; for each metric the first target in written order whose conditions
/// hold applies.
#[pyclass(name = "Policy", module = "otklik", frozen)]
pub struct PyPolicy {
    inner: Policy,
}

#[pymethods]
impl PyPolicy {
    /// A policy from the text of a policy file (inline calendars only).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Policy::from_toml(text).map_err(|e| sla_error(py, &e, SlaPlace::Policy))?;
        Ok(PyPolicy { inner })
    }

    /// A policy file; calendars given as paths are read relative to it.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        if let Err(e) = std::fs::metadata(&path) {
            return Err(os_error(
                format!("cannot read policy file {}", path.display()),
                e,
            ));
        }
        let inner = Policy::from_path(&path).map_err(|e| sla_error(py, &e, SlaPlace::Policy))?;
        Ok(PyPolicy { inner })
    }

    /// The targets, in precedence order.
    #[getter]
    fn targets(&self) -> Vec<PyTarget> {
        self.inner
            .targets()
            .iter()
            .map(|t| PyTarget::from(&**t))
            .collect()
    }

    /// The target that applies for each metric: `{"first_reply": Target | None, ...}`.
    #[pyo3(signature = (*, platform = "other", kind = "post", tags = Vec::new(), priority = None))]
    fn select(
        &self,
        platform: &str,
        kind: &str,
        tags: Vec<String>,
        priority: Option<&str>,
    ) -> PyResult<Vec<(&'static str, Option<PyTarget>)>> {
        let subject = subject(platform, kind, tags, priority)?;
        let selection = self.inner.select(&subject);
        Ok(Metric::ALL
            .into_iter()
            .map(|m| (m.as_str(), selection.get(m).map(|t| PyTarget::from(&**t))))
            .collect())
    }

    fn __repr__(&self) -> String {
        format!("Policy({} targets)", self.inner.targets().len())
    }
}

fn subject(
    platform: &str,
    kind: &str,
    tags: Vec<String>,
    priority: Option<&str>,
) -> PyResult<Subject> {
    let mut subject =
        Subject::new(Platform::from_name(platform), Kind::from_name(kind)).with_tags(tags);
    if let Some(p) = self::priority(priority)? {
        subject = subject.with_priority(p);
    }
    Ok(subject)
}

/// One reply-time target.
#[pyclass(name = "Target", module = "otklik", frozen, get_all)]
pub struct PyTarget {
    name: String,
    /// `first_reply`, `next_reply` or `resolution`.
    metric: &'static str,
    within: TimeDelta,
    calendar: String,
    warn_at: f64,
}

impl From<&Target> for PyTarget {
    fn from(t: &Target) -> PyTarget {
        PyTarget {
            name: t.name().to_owned(),
            metric: t.metric().as_str(),
            within: t.within(),
            calendar: t.calendar_name().to_owned(),
            warn_at: t.warn_at(),
        }
    }
}

#[pymethods]
impl PyTarget {
    fn __repr__(&self) -> String {
        format!(
            "Target({:?}, metric={:?}, within={}s)",
            self.name,
            self.metric,
            self.within.num_seconds()
        )
    }
}

/// The reply-time clocks of one conversation.
#[pyclass(name = "Clock", module = "otklik", frozen)]
pub struct PyClock {
    inner: Mutex<Clock>,
}

#[pymethods]
impl PyClock {
    /// A clock with the targets `policy` selects for this subject.
    #[new]
    #[pyo3(signature = (policy, *, platform = "other", kind = "post", tags = Vec::new(), priority = None))]
    fn new(
        policy: &PyPolicy,
        platform: &str,
        kind: &str,
        tags: Vec<String>,
        priority: Option<&str>,
    ) -> PyResult<Self> {
        let subject = subject(platform, kind, tags, priority)?;
        Ok(PyClock {
            inner: Mutex::new(Clock::new(policy.inner.select(&subject))),
        })
    }

    /// Adds the next event: `created`, `agent_replied`, `customer_replied`, `paused`,
    /// `resumed`, `resolved`, `reopened`. A refused event raises ClockError and changes nothing.
    #[pyo3(signature = (kind, at, *, agent = None, reason = None))]
    fn push(
        &self,
        py: Python<'_>,
        kind: &str,
        at: &Bound<'_, PyAny>,
        agent: Option<String>,
        reason: Option<String>,
    ) -> PyResult<()> {
        let kind = EventKind::from_name(kind).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown event {kind:?}; use created, agent_replied, customer_replied, paused, resumed, resolved or reopened"
            ))
        })?;
        let mut event = Event::new(to_utc(at, "at")?, kind);
        event.agent = agent;
        event.reason = reason;
        self.lock()?
            .push(event)
            .map_err(|e| sla_error(py, &e, SlaPlace::Clock))
    }

    /// When the conversation first moved to a private channel (a `paused` event with reason
    /// `moved_to_private`), or None.
    #[getter]
    fn moved_to_private_at(&self) -> PyResult<Option<chrono::DateTime<chrono::Utc>>> {
        Ok(self.lock()?.moved_to_private_at())
    }

    /// The status of every metric with a target, at `now`.
    fn status(&self, py: Python<'_>, now: &Bound<'_, PyAny>) -> PyResult<PyClockStatus> {
        let now = to_utc(now, "now")?;
        let status = self
            .lock()?
            .status(now)
            .map_err(|e| sla_error(py, &e, SlaPlace::Clock))?;
        Ok(PyClockStatus::from(status))
    }

    /// Every cycle of a metric started by `now` (several for next_reply).
    fn cycles(
        &self,
        py: Python<'_>,
        metric: &str,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<PyMetricStatus>> {
        let metric = self::metric(metric)?;
        let now = to_utc(now, "now")?;
        let cycles = self
            .lock()?
            .cycles(metric, now)
            .map_err(|e| sla_error(py, &e, SlaPlace::Clock))?;
        Ok(cycles.iter().map(PyMetricStatus::from).collect())
    }
}

impl PyClock {
    fn lock(&self) -> PyResult<std::sync::MutexGuard<'_, Clock>> {
        self.inner
            .lock()
            .map_err(|_| PyValueError::new_err("the clock was poisoned by an earlier failure"))
    }
}

/// One metric of a conversation at an instant.
#[pyclass(name = "MetricStatus", module = "otklik", frozen, get_all)]
pub struct PyMetricStatus {
    metric: &'static str,
    /// The target's name.
    target: String,
    /// The target's limit.
    limit: TimeDelta,
    cycle: usize,
    /// `not_started`, `active`, `paused`, `met`, `breached` or `abandoned`.
    state: &'static str,
    warning: bool,
    started_at: Option<DateTime<Utc>>,
    stopped_at: Option<DateTime<Utc>>,
    elapsed: TimeDelta,
    remaining: TimeDelta,
    deadline: Option<DateTime<Utc>>,
    breached_at: Option<DateTime<Utc>>,
    agent: Option<String>,
    abandoned: bool,
}

impl From<&MetricStatus> for PyMetricStatus {
    fn from(m: &MetricStatus) -> PyMetricStatus {
        PyMetricStatus {
            metric: m.metric.as_str(),
            target: m.target.name().to_owned(),
            limit: m.target.within(),
            cycle: m.cycle,
            state: m.state.as_str(),
            warning: m.warning,
            started_at: m.started_at,
            stopped_at: m.stopped_at,
            elapsed: m.elapsed,
            remaining: m.remaining,
            deadline: m.deadline,
            breached_at: m.breached_at,
            agent: m.agent.clone(),
            abandoned: m.abandoned,
        }
    }
}

#[pymethods]
impl PyMetricStatus {
    fn __repr__(&self) -> String {
        format!(
            "MetricStatus({:?}, state={:?}, elapsed={}s, remaining={}s)",
            self.metric,
            self.state,
            self.elapsed.num_seconds(),
            self.remaining.num_seconds()
        )
    }
}

/// All metrics of a conversation at an instant.
#[pyclass(name = "ClockStatus", module = "otklik", frozen, get_all)]
pub struct PyClockStatus {
    now: DateTime<Utc>,
    first_reply: Option<Py<PyMetricStatus>>,
    next_reply: Option<Py<PyMetricStatus>>,
    resolution: Option<Py<PyMetricStatus>>,
    paused: bool,
    resolved: bool,
}

impl From<ClockStatus> for PyClockStatus {
    fn from(s: ClockStatus) -> PyClockStatus {
        Python::attach(|py| {
            let wrap = |m: &Option<MetricStatus>| {
                m.as_ref()
                    .and_then(|m| Py::new(py, PyMetricStatus::from(m)).ok())
            };
            PyClockStatus {
                now: s.now,
                first_reply: wrap(&s.first_reply),
                next_reply: wrap(&s.next_reply),
                resolution: wrap(&s.resolution),
                paused: s.paused,
                resolved: s.resolved,
            }
        })
    }
}

/// A conversation found among mentions.
#[pyclass(name = "Conversation", module = "otklik", frozen, get_all)]
pub struct PyConversation {
    /// The thread's key.
    key: String,
    /// Indices of its mentions in the input, in time order.
    mentions: Vec<usize>,
    /// Index of its first customer message.
    first_customer: usize,
    /// Its clock events as `(kind, at, agent)`.
    events: Vec<(&'static str, DateTime<Utc>, Option<String>)>,
}

fn mentions_of(items: &Bound<'_, PyAny>) -> PyResult<Vec<Mention>> {
    items
        .try_iter()?
        .enumerate()
        .map(|(i, m)| {
            let m = m?;
            m.cast::<PyMention>()
                .map(|m| m.borrow().inner.clone())
                .map_err(|_| {
                    PyTypeError::new_err(format!("mentions[{i}] is not an otklik.Mention"))
                })
        })
        .collect()
}

fn taggings_of(items: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<Tagging>>> {
    items
        .map(|items| {
            items
                .try_iter()?
                .enumerate()
                .map(|(i, t)| {
                    let t = t?;
                    t.cast::<TagResult>()
                        .map(|t| t.get().tagging().clone())
                        .map_err(|_| {
                            PyTypeError::new_err(format!(
                                "taggings[{i}] is not an otklik.TagResult"
                            ))
                        })
                })
                .collect()
        })
        .transpose()
}

/// Groups mentions into conversations by thread and builds their clock events.
#[pyfunction]
pub fn conversations(py: Python<'_>, mentions: &Bound<'_, PyAny>) -> PyResult<Vec<PyConversation>> {
    let mentions = mentions_of(mentions)?;
    let found = py.detach(|| otklik::sla::conversations(&mentions));
    Ok(found
        .into_iter()
        .map(|c| PyConversation {
            key: c.key,
            mentions: c.mentions,
            first_customer: c.first_customer,
            events: c
                .events
                .into_iter()
                .map(|e| (e.kind.as_str(), e.at, e.agent))
                .collect(),
        })
        .collect())
}

/// A service-level report: rows per group and a total.
#[pyclass(name = "Report", module = "otklik", frozen)]
pub struct PyReport {
    inner: Report,
}

#[pymethods]
impl PyReport {
    /// What the rows are grouped by.
    #[getter]
    fn group_by(&self) -> Vec<&'static str> {
        self.inner.group_by.iter().map(|g| g.as_str()).collect()
    }

    /// One row per group, sorted by key.
    #[getter]
    fn rows(&self) -> Vec<PyReportRow> {
        self.inner
            .rows
            .iter()
            .cloned()
            .map(PyReportRow::from)
            .collect()
    }

    /// All items together.
    #[getter]
    fn total(&self) -> PyReportRow {
        PyReportRow::from(self.inner.total.clone())
    }

    /// The service-level convention, in words.
    #[getter]
    fn convention(&self) -> String {
        self.inner.service_level.describe()
    }

    /// An aligned text table.
    fn to_table(&self) -> String {
        self.inner.to_table()
    }

    /// JSON: group_by, convention, percentile method, rows and total.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// CSV with a header line; the total is the last line.
    fn to_csv(&self) -> String {
        self.inner.to_csv()
    }

    /// The rows as an Arrow table (pyarrow when installed): `pl.from_arrow(report.to_arrow())`,
    /// `report.to_arrow().to_pandas()`.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::arrow::report_table(py, &self.inner)
    }

    /// The column names of `to_csv` and `to_arrow`.
    fn columns(&self) -> Vec<String> {
        self.inner.columns()
    }

    fn __str__(&self) -> String {
        self.inner.to_table()
    }

    fn __repr__(&self) -> String {
        format!("Report({} rows)", self.inner.rows.len())
    }
}

fn group_by(names: Vec<String>) -> PyResult<Vec<GroupBy>> {
    names
        .iter()
        .map(|n| {
            GroupBy::from_name(n).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "cannot group by {n:?}; use month, week, day, platform, kind, agent, tag, queue, metric or target"
                ))
            })
        })
        .collect()
}

/// The SLA report of mentions at `now`: conversations, clocks under `policy`, items of every
/// metric, grouped and counted under the stated convention. `taggings` (one TagResult per
/// mention) lets tags and priority select targets and gives the queue.
#[pyfunction]
#[pyo3(signature = (
    mentions, policy, now, *, taggings = None, group_by = vec!["month".to_owned()],
    abandoned = "ignored", short_abandon = None, comparison = "<=", open_late = "missed",
    percentiles = "nearest_rank", resolve_idle = None
))]
#[allow(clippy::too_many_arguments)]
pub fn sla_report(
    py: Python<'_>,
    mentions: &Bound<'_, PyAny>,
    policy: &PyPolicy,
    now: &Bound<'_, PyAny>,
    taggings: Option<&Bound<'_, PyAny>>,
    group_by: Vec<String>,
    abandoned: &str,
    short_abandon: Option<TimeDelta>,
    comparison: &str,
    open_late: &str,
    percentiles: &str,
    resolve_idle: Option<TimeDelta>,
) -> PyResult<PyReport> {
    let mentions = mentions_of(mentions)?;
    let taggings = taggings_of(taggings)?;
    let now = to_utc(now, "now")?;
    let groups = self::group_by(group_by)?;
    let sl = convention(abandoned, short_abandon, comparison, open_late)?;
    let method = percentile_method(percentiles)?;
    let report = py
        .detach(|| match resolve_idle {
            None => otklik::sla::report_items(&mentions, taggings.as_deref(), &policy.inner, now),
            Some(idle) => {
                if let Some(t) = &taggings
                    && t.len() != mentions.len()
                {
                    // The same check, and message, as without idle resolution.
                    return otklik::sla::report_items(&mentions, Some(t), &policy.inner, now);
                }
                let mut builder = ClockBuilder::new().resolve_when_idle(idle, now);
                for (i, m) in mentions.iter().enumerate() {
                    builder.push(m, taggings.as_ref().map(|t| &t[i]));
                }
                builder.report_items(&policy.inner, now)
            }
        })
        .map(|items| Report::build(&items, &groups, sl, method))
        .map_err(|e| sla_error(py, &e, SlaPlace::Clock))?;
    Ok(PyReport { inner: report })
}

/// One row per conversation among the mentions of an Arrow table (columns named as
/// `Mention`'s fields): its first reply and resolution at `now`, counted under the stated
/// convention, as an Arrow table. `rules` tags the customers' mentions (as the main job does);
/// a row without an id or a valid `published_at` is left out.
#[pyfunction]
#[pyo3(signature = (
    data, policy, now, *, rules = None, resolve_idle = None, text_column = "text",
    abandoned = "ignored", short_abandon = None, comparison = "<=", open_late = "missed"
))]
#[allow(clippy::too_many_arguments)]
pub fn thread_times<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    policy: &PyPolicy,
    now: &Bound<'py, PyAny>,
    rules: Option<&crate::rules::PyRuleSet>,
    resolve_idle: Option<TimeDelta>,
    text_column: &str,
    abandoned: &str,
    short_abandon: Option<TimeDelta>,
    comparison: &str,
    open_late: &str,
) -> PyResult<Bound<'py, PyAny>> {
    use pyo3_arrow::input::AnyRecordBatch;
    let input: AnyRecordBatch = data.extract().map_err(|_| {
        PyTypeError::new_err(
            "thread_times: expected an Arrow table or record batch (an object with \
             __arrow_c_stream__ or __arrow_c_array__, such as a pyarrow.Table)",
        )
    })?;
    let now = to_utc(now, "now")?;
    let mut options = ThreadTimesOptions::new().service_level(convention(
        abandoned,
        short_abandon,
        comparison,
        open_late,
    )?);
    if let Some(idle) = resolve_idle {
        options = options.resolve_when_idle(idle);
    }
    let reader = input.into_reader()?;
    crate::arrow_rows::check_types(&reader.schema())
        .map_err(|e| PyValueError::new_err(format!("thread_times: {e}")))?;
    let rows = py.detach(|| -> Result<Vec<otklik::sla::ThreadTimes>, String> {
        let mut mentions = Vec::new();
        let mut has_text = Vec::new();
        for batch in reader {
            let batch = batch.map_err(|e| e.to_string())?;
            let (found, texts) = crate::arrow_rows::mentions_of(&batch, text_column, true)?;
            for (m, t) in found.into_iter().zip(texts) {
                if let Some(m) = m {
                    mentions.push(m);
                    has_text.push(t);
                }
            }
        }
        let taggings: Option<Vec<Tagging>> = rules.map(|r| {
            // Customers' mentions with a text are tagged; the bank's and empty rows are not
            // (an empty tagging selects targets as no tagging does).
            let tagged: Vec<usize> = (0..mentions.len())
                .filter(|&i| has_text[i] && !mentions[i].author_is_brand)
                .collect();
            let of: Vec<Mention> = tagged.iter().map(|&i| mentions[i].clone()).collect();
            let mut all = vec![Tagging::default(); mentions.len()];
            for (i, t) in tagged.into_iter().zip(r.inner.tag_mentions(&of)) {
                all[i] = t;
            }
            all
        });
        otklik::sla::thread_times(&mentions, taggings.as_deref(), &policy.inner, now, &options)
            .map_err(|e| e.to_string())
    });
    let rows = rows.map_err(|e| PyValueError::new_err(format!("thread_times: {e}")))?;
    let batch = crate::arrow_rows::times_batch(&rows).map_err(PyValueError::new_err)?;
    let schema = crate::arrow_rows::times_schema();
    crate::arrow::export(py, pyo3_arrow::PyTable::try_new(vec![batch], schema)?)
}

/// One open clock in the live queue.
#[pyclass(name = "QueueEntry", module = "otklik", frozen, get_all)]
pub struct PyQueueEntry {
    conversation: String,
    metric: &'static str,
    target: String,
    state: &'static str,
    remaining: TimeDelta,
    deadline: Option<DateTime<Utc>>,
    breached_at: Option<DateTime<Utc>>,
    warning: bool,
}

impl From<QueueEntry> for PyQueueEntry {
    fn from(e: QueueEntry) -> PyQueueEntry {
        PyQueueEntry {
            conversation: e.conversation,
            metric: e.metric.as_str(),
            target: e.target,
            state: e.state.as_str(),
            remaining: e.remaining,
            deadline: e.deadline,
            breached_at: e.breached_at,
            warning: e.warning,
        }
    }
}

#[pymethods]
impl PyQueueEntry {
    fn __repr__(&self) -> String {
        format!(
            "QueueEntry({:?}, {:?}, state={:?}, remaining={}s)",
            self.conversation,
            self.metric,
            self.state,
            self.remaining.num_seconds()
        )
    }
}

/// The open clocks of mentions at `now`, most urgent first (breached, then by deadline).
#[pyfunction]
#[pyo3(signature = (mentions, policy, now, *, taggings = None))]
pub fn live_queue(
    py: Python<'_>,
    mentions: &Bound<'_, PyAny>,
    policy: &PyPolicy,
    now: &Bound<'_, PyAny>,
    taggings: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyQueueEntry>> {
    let mentions = mentions_of(mentions)?;
    let taggings = taggings_of(taggings)?;
    let now = to_utc(now, "now")?;
    let queue = py
        .detach(|| {
            let clocks = otklik::sla::clocks(&mentions, taggings.as_deref(), &policy.inner)?;
            otklik::sla::live_queue(
                clocks
                    .iter()
                    .map(|c| (c.conversation.key.as_str(), &c.clock)),
                now,
            )
        })
        .map_err(|e| sla_error(py, &e, SlaPlace::Clock))?;
    Ok(queue.into_iter().map(PyQueueEntry::from).collect())
}

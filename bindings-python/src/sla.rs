//! Calendars and service levels, mirroring `otklik::sla`.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use otklik::sla::{
    AbandonedAs, Calendar, Comparison, DayRule, OpenLateAs, PercentileMethod, ReportRow,
    ServiceLevel, Shift, WeekHours,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::convert::{os_error, to_utc};
use crate::errors::{SlaPlace, sla_error};

fn calendar_error(py: Python<'_>) -> impl Fn(otklik::sla::SlaError) -> PyErr + '_ {
    move |e| sla_error(py, &e, SlaPlace::Calendar)
}

/// Intervals of one day from Python: a list of `("HH:MM", "HH:MM")` pairs or `"HH:MM-HH:MM"`
/// strings.
fn shifts(py: Python<'_>, value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Shift>> {
    let list = value.cast::<PyList>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what}: expected a list of (\"09:00\", \"18:00\") pairs"
        ))
    })?;
    let mut out = Vec::with_capacity(list.len());
    for item in list.iter() {
        let shift = if let Ok(pair) = item.cast::<PyTuple>() {
            let (start, end): (String, String) = pair.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{what}: an interval is a pair of \"HH:MM\" strings"
                ))
            })?;
            format!("{start}-{end}").parse::<Shift>()
        } else if let Ok(text) = item.extract::<String>() {
            text.parse::<Shift>()
        } else {
            return Err(PyTypeError::new_err(format!(
                "{what}: an interval is a (\"09:00\", \"18:00\") pair"
            )));
        };
        out.push(shift.map_err(|e| prefix(py, sla_error(py, &e, SlaPlace::Calendar), what))?);
    }
    Ok(out)
}

/// Puts `what: ` in front of an exception's message, keeping its class and attributes.
fn prefix(py: Python<'_>, err: PyErr, what: &str) -> PyErr {
    let value = err.value(py);
    if let Ok(args) = value.getattr("args")
        && let Ok((message,)) = args.extract::<(String,)>()
    {
        let _ = value.setattr("args", (format!("{what}: {message}"),));
    }
    err
}

fn date(value: &Bound<'_, PyAny>, what: &str) -> PyResult<NaiveDate> {
    value
        .extract::<NaiveDate>()
        .map_err(|_| PyTypeError::new_err(format!("{what}: expected a datetime.date")))
}

/// When the desk is open: weekly hours in an IANA time zone, holidays and special days.
#[pyclass(name = "Calendar", module = "otklik", frozen)]
pub struct PyCalendar {
    inner: Calendar,
}

#[pymethods]
impl PyCalendar {
    #[new]
    #[pyo3(signature = (timezone, hours, *, holidays = None, special_days = None, name = None))]
    fn new(
        py: Python<'_>,
        timezone: &str,
        hours: &Bound<'_, PyDict>,
        holidays: Option<&Bound<'_, PyAny>>,
        special_days: Option<&Bound<'_, PyDict>>,
        name: Option<String>,
    ) -> PyResult<Self> {
        let zone = otklik::sla::parse_zone(timezone).map_err(calendar_error(py))?;
        let mut entries = Vec::with_capacity(hours.len());
        for (key, value) in hours.iter() {
            let key: String = key
                .extract()
                .map_err(|_| PyTypeError::new_err("hours: keys are day names such as \"mon\""))?;
            let list = shifts(py, &value, &format!("hours[{key:?}]"))?;
            entries.push((key, list));
        }
        let week = WeekHours::from_keys(entries).map_err(calendar_error(py))?;
        let mut builder = Calendar::builder(zone, week);
        if let Some(name) = name {
            builder = builder.name(name);
        }
        if let Some(holidays) = holidays {
            if let Ok(map) = holidays.cast::<PyDict>() {
                for (day, label) in map.iter() {
                    let label: String = label.extract().unwrap_or_default();
                    builder = builder.day(date(&day, "holidays")?, DayRule::closed(label));
                }
            } else {
                for day in holidays.try_iter()? {
                    builder = builder.day(date(&day?, "holidays")?, DayRule::closed(""));
                }
            }
        }
        if let Some(days) = special_days {
            for (day, value) in days.iter() {
                let when = date(&day, "special_days")?;
                let list = shifts(py, &value, &format!("special_days[{when}]"))?;
                builder = builder.day(when, DayRule::hours(list, ""));
            }
        }
        let inner = builder.build().map_err(calendar_error(py))?;
        Ok(PyCalendar { inner })
    }

    /// Open around the clock every day (UTC).
    #[staticmethod]
    fn always() -> Self {
        PyCalendar {
            inner: Calendar::always_open(),
        }
    }

    /// A calendar from the text of a calendar file.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Calendar::from_toml(text).map_err(calendar_error(py))?;
        Ok(PyCalendar { inner })
    }

    /// A calendar file; the holiday files it names are read relative to it.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        if let Err(e) = std::fs::metadata(&path) {
            return Err(os_error(
                format!("cannot read calendar file {}", path.display()),
                e,
            ));
        }
        let inner = Calendar::from_path(&path).map_err(calendar_error(py))?;
        Ok(PyCalendar { inner })
    }

    /// The calendar's name, if any.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// The IANA time zone of the opening hours.
    #[getter]
    fn timezone(&self) -> &'static str {
        self.inner.zone().name()
    }

    /// The opening intervals of a local date, as `("HH:MM", "HH:MM")` pairs.
    fn hours_on(&self, day: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
        let day = date(day, "hours_on")?;
        Ok(self
            .inner
            .hours_on(day)
            .iter()
            .map(|s| (s.start().to_string(), s.end().to_string()))
            .collect())
    }

    /// Whether the desk is open at an aware datetime.
    fn is_open(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        self.inner
            .is_open(to_utc(at, "at")?)
            .map_err(calendar_error(py))
    }

    /// The first instant at or after `at` when the desk is open (None: never again).
    fn next_open(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<Option<DateTime<Utc>>> {
        self.inner
            .next_open(to_utc(at, "at")?)
            .map_err(calendar_error(py))
    }

    /// The first instant at or after `at` when the desk is closed (None: never, as 24/7).
    fn next_close(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<Option<DateTime<Utc>>> {
        self.inner
            .next_close(to_utc(at, "at")?)
            .map_err(calendar_error(py))
    }

    /// Business time between two aware datetimes; `end` before `start` raises CalendarError.
    fn business_duration(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<TimeDelta> {
        self.inner
            .business_duration(to_utc(start, "start")?, to_utc(end, "end")?)
            .map_err(calendar_error(py))
    }

    /// Business time of many (start, end) pairs at once, with the GIL released while the
    /// engine computes: `starts[i]` to `ends[i]`, aware datetimes. A pair that is refused
    /// raises CalendarError naming its index.
    fn business_durations(
        &self,
        py: Python<'_>,
        starts: Vec<Bound<'_, PyAny>>,
        ends: Vec<Bound<'_, PyAny>>,
    ) -> PyResult<Vec<TimeDelta>> {
        if starts.len() != ends.len() {
            return Err(PyValueError::new_err(format!(
                "{} starts for {} ends: give one end per start",
                starts.len(),
                ends.len()
            )));
        }
        let pairs = starts
            .iter()
            .zip(&ends)
            .map(|(s, e)| Ok((to_utc(s, "start")?, to_utc(e, "end")?)))
            .collect::<PyResult<Vec<_>>>()?;
        let calendar = &self.inner;
        let result = py.detach(|| {
            pairs
                .iter()
                .enumerate()
                .map(|(i, &(s, e))| calendar.business_duration(s, e).map_err(|err| (i, err)))
                .collect::<Result<Vec<_>, _>>()
        });
        result.map_err(|(i, err)| {
            let e = calendar_error(py)(err);
            let value = e.value(py);
            let message = format!("pair {i}: {value}");
            match value
                .setattr("args", (message,))
                .and_then(|()| value.setattr("index", i))
            {
                Ok(()) => e,
                Err(failed) => failed,
            }
        })
    }

    /// The deadline: the earliest instant at which `duration` of business time is used up.
    fn add_business_time(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        duration: TimeDelta,
    ) -> PyResult<DateTime<Utc>> {
        self.inner
            .add_business_time(to_utc(start, "start")?, duration)
            .map_err(calendar_error(py))
    }

    /// The latest instant from which `duration` of business time runs up to `end`.
    fn subtract_business_time(
        &self,
        py: Python<'_>,
        end: &Bound<'_, PyAny>,
        duration: TimeDelta,
    ) -> PyResult<DateTime<Utc>> {
        self.inner
            .subtract_business_time(to_utc(end, "end")?, duration)
            .map_err(calendar_error(py))
    }

    /// The open intervals within `[start, end)`.
    fn open_intervals(
        &self,
        py: Python<'_>,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
        self.inner
            .open_intervals(to_utc(start, "start")?, to_utc(end, "end")?)
            .map_err(calendar_error(py))
    }

    fn __repr__(&self) -> String {
        format!(
            "Calendar(name={:?}, timezone={:?})",
            self.inner.name(),
            self.inner.zone().name()
        )
    }
}

/// Counts, service level and reply-time statistics of a group.
#[pyclass(name = "ServiceLevelResult", module = "otklik", frozen, get_all)]
pub struct PyReportRow {
    /// The group's values (empty for a total).
    key: Vec<String>,
    count: u64,
    answered: u64,
    met: u64,
    missed: u64,
    open: u64,
    open_late: u64,
    abandoned: u64,
    short_abandoned: u64,
    /// Items whose conversation moved to a private channel.
    moved_to_private: u64,
    /// met / (met + missed), 0 to 1; None when nothing is counted.
    service_level: Option<f64>,
    mean: Option<TimeDelta>,
    median: Option<TimeDelta>,
    p50: Option<TimeDelta>,
    p90: Option<TimeDelta>,
    p95: Option<TimeDelta>,
    p99: Option<TimeDelta>,
}

fn seconds(s: Option<f64>) -> Option<TimeDelta> {
    s.and_then(|s| TimeDelta::try_milliseconds((s * 1000.0).round() as i64))
}

impl From<ReportRow> for PyReportRow {
    fn from(r: ReportRow) -> PyReportRow {
        let [p50, p90, p95, p99] = r.percentiles_seconds.map(seconds);
        PyReportRow {
            key: r.key,
            count: r.count,
            answered: r.answered,
            met: r.met,
            missed: r.missed,
            open: r.open,
            open_late: r.open_late,
            abandoned: r.abandoned,
            short_abandoned: r.short_abandoned,
            moved_to_private: r.moved_to_private,
            service_level: r.service_level,
            mean: seconds(r.mean_seconds),
            median: seconds(r.median_seconds),
            p50,
            p90,
            p95,
            p99,
        }
    }
}

#[pymethods]
impl PyReportRow {
    fn __repr__(&self) -> String {
        let sl = self
            .service_level
            .map_or("None".to_owned(), |s| format!("{:.1}%", s * 100.0));
        format!(
            "ServiceLevelResult(count={}, met={}, missed={}, service_level={sl})",
            self.count, self.met, self.missed
        )
    }
}

/// A service-level convention from keyword arguments.
pub(crate) fn convention(
    abandoned: &str,
    short_abandon: Option<TimeDelta>,
    comparison: &str,
    open_late: &str,
) -> PyResult<ServiceLevel> {
    let mut sl = ServiceLevel::default();
    sl = sl.abandoned(match abandoned {
        "ignored" => AbandonedAs::Ignored,
        "missed" => AbandonedAs::Missed,
        "met" => AbandonedAs::Met,
        other => {
            return Err(PyValueError::new_err(format!(
                "abandoned must be \"ignored\", \"missed\" or \"met\", not {other:?}"
            )));
        }
    });
    if let Some(d) = short_abandon {
        sl = sl.short_abandon(d);
    }
    sl = sl.comparison(match comparison {
        "<=" | "at_most" => Comparison::AtMost,
        "<" | "below" => Comparison::Below,
        other => {
            return Err(PyValueError::new_err(format!(
                "comparison must be \"<=\" or \"<\", not {other:?}"
            )));
        }
    });
    sl = sl.open_late(match open_late {
        "missed" => OpenLateAs::Missed,
        "ignored" => OpenLateAs::Ignored,
        other => {
            return Err(PyValueError::new_err(format!(
                "open_late must be \"missed\" or \"ignored\", not {other:?}"
            )));
        }
    });
    Ok(sl)
}

pub(crate) fn percentile_method(name: &str) -> PyResult<PercentileMethod> {
    match name {
        "nearest_rank" => Ok(PercentileMethod::NearestRank),
        "linear" => Ok(PercentileMethod::Linear),
        other => Err(PyValueError::new_err(format!(
            "percentiles must be \"nearest_rank\" or \"linear\", not {other:?}"
        ))),
    }
}

/// The service level of reply times against a target: `None` is a conversation not answered
/// yet (open, not counted).
#[pyfunction]
#[pyo3(signature = (reply_times, target, *, comparison = "<=", percentiles = "nearest_rank"))]
pub fn service_level(
    py: Python<'_>,
    reply_times: Vec<Option<TimeDelta>>,
    target: TimeDelta,
    comparison: &str,
    percentiles: &str,
) -> PyResult<PyReportRow> {
    let convention = convention("ignored", None, comparison, "missed")?;
    let method = percentile_method(percentiles)?;
    otklik::sla::service_level(&reply_times, target, convention, method)
        .map(PyReportRow::from)
        .map_err(|e| sla_error(py, &e, SlaPlace::Clock))
}

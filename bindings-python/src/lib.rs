//! The native module `otklik._otklik`. Thin: converts types and errors and calls the core.
//! Its modules mirror the core's one to one (`mention`, `io`, `rules`, `sla`, `metrics`, `pii`, `replies`); the public Python API is the
//! package `otklik` (python/otklik/__init__.py) with its hand-written `_otklik.pyi`.

mod arrow;
mod arrow_rows;
mod clock;
mod convert;
mod errors;
mod io;
mod mention;
mod metrics;
mod pii;
mod replies;
mod rules;
mod sla;

/// The native part of otklik. Import `otklik`, not this module.
#[pyo3::pymodule(gil_used = false)]
mod _otklik {
    #[pymodule_export]
    use crate::clock::{
        PyClock, PyClockStatus, PyConversation, PyMetricStatus, PyPolicy, PyQueueEntry, PyReport,
        PyTarget, conversations, live_queue, sla_report, thread_times,
    };
    #[pymodule_export]
    use crate::errors::{
        CalendarError, ClockError, InputError, MetricsError, OtklikError, PolicyError, ReplyError,
        RuleError, SlaError,
    };
    #[pymodule_export]
    use crate::io::{ReadResult, read_csv, read_jsonl, write_csv, write_jsonl};
    #[pymodule_export]
    use crate::mention::PyMention;
    #[pymodule_export]
    use crate::metrics::{
        PyMeanRating, PyNps, PyNpsComparison, PyNpsRow, PyPeriodRate, PyPostCounts, PyRateChange,
        PyShare, PyWeightedNps, ces, compare_nps, compare_nps_paired, csat, holm, nps,
        nps_from_counts, nps_margin_of_error, nps_sample_size, nps_segments, nps_trend,
        period_rate, rate_change, weighted_nps,
    };
    #[pymodule_export]
    use crate::pii::{PyPiiFinding, find_pii, redact, redact_mention};
    #[pymodule_export]
    use crate::replies::{
        PyDraftCheck, PyDraftFinding, PyScriptBook, PySuggestion, PyToneChecker, detect_language,
        suggest_replies, x_length,
    };
    #[pymodule_export]
    use crate::rules::{LintFinding, PyRuleSet, TagInfo, TagResult, TagSpan, normalize};
    #[pymodule_export]
    use crate::sla::{PyCalendar, PyReportRow, service_level};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}

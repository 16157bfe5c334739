//! Python exceptions: `OtklikError(ValueError)` and one subclass per core error kind.

use pyo3::prelude::*;

pyo3::create_exception!(
    otklik,
    OtklikError,
    pyo3::exceptions::PyValueError,
    "Base class of every error otklik raises for bad input."
);
pyo3::create_exception!(
    otklik,
    InputError,
    OtklikError,
    "A record that could not be read: `.line`, `.column`, `.field`, `.kind`, `.reason`."
);

/// Converts a core [`otklik::io::InputError`] into an `otklik.InputError` with its place.
pub(crate) fn input_error(py: Python<'_>, err: &otklik::io::InputError) -> PyErr {
    let exc = InputError::new_err(err.to_string());
    let value = exc.value(py);
    let set = || -> PyResult<()> {
        value.setattr("line", err.line())?;
        value.setattr("column", err.column())?;
        value.setattr("field", err.field())?;
        value.setattr("kind", err.kind().as_str())?;
        value.setattr("reason", err.reason())
    };
    match set() {
        Ok(()) => exc,
        Err(e) => e,
    }
}
pyo3::create_exception!(
    otklik,
    RuleError,
    OtklikError,
    "A rule file that does not compile: `.kind`, `.line`, `.column`, `.tag`, `.example`, `.reason`."
);
pyo3::create_exception!(
    otklik,
    SlaError,
    OtklikError,
    "A calendar, policy or clock problem: `.kind`, `.file`, `.line`, `.column`, `.reason`."
);
pyo3::create_exception!(
    otklik,
    CalendarError,
    SlaError,
    "A calendar that cannot be built or a calendar computation refused (end before start, out of range)."
);
pyo3::create_exception!(
    otklik,
    PolicyError,
    SlaError,
    "A policy that cannot be built: an invalid target, an unknown calendar, a target that can never apply."
);
pyo3::create_exception!(
    otklik,
    ClockError,
    SlaError,
    "A conversation event refused by a clock: out of order, before creation, or impossible in its state."
);
pyo3::create_exception!(
    otklik,
    MetricsError,
    OtklikError,
    "An NPS, CSAT, CES or engagement input refused: `.kind`, `.position`, `.value`, `.reason`."
);

pyo3::create_exception!(
    otklik,
    ReplyError,
    OtklikError,
    "A reply-script or tone-of-voice file refused: `.kind`, `.file`, `.line`, `.column`, `.item`, `.reason`."
);

/// Sets attributes on a fresh exception; an error while setting them replaces the exception.
fn with_attributes(py: Python<'_>, exc: PyErr, attributes: &[(&str, Py<PyAny>)]) -> PyErr {
    let value = exc.value(py);
    for (name, attribute) in attributes {
        if let Err(e) = value.setattr(*name, attribute) {
            return e;
        }
    }
    exc
}

fn object<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> Py<PyAny> {
    use pyo3::IntoPyObjectExt;
    value.into_py_any(py).unwrap_or_else(|_| py.None())
}

/// Converts a core [`otklik::rules::RuleError`] into an `otklik.RuleError` with its place.
pub(crate) fn rule_error(py: Python<'_>, err: &otklik::rules::RuleError) -> PyErr {
    with_attributes(
        py,
        RuleError::new_err(err.to_string()),
        &[
            ("kind", object(py, err.kind().as_str())),
            ("line", object(py, err.line())),
            ("column", object(py, err.column())),
            ("tag", object(py, err.tag())),
            ("example", object(py, err.example())),
            ("reason", object(py, err.reason())),
        ],
    )
}

/// Which SLA exception class an error becomes: where it arose.
#[derive(Clone, Copy)]
pub(crate) enum SlaPlace {
    Calendar,
    Policy,
    Clock,
}

/// Converts a core [`otklik::sla::SlaError`] into `otklik.CalendarError`, `PolicyError` or
/// `ClockError` (all `otklik.SlaError`) with its place.
pub(crate) fn sla_error(py: Python<'_>, err: &otklik::sla::SlaError, place: SlaPlace) -> PyErr {
    let message = err.to_string();
    let exc = match place {
        SlaPlace::Calendar => CalendarError::new_err(message),
        SlaPlace::Policy => PolicyError::new_err(message),
        SlaPlace::Clock => ClockError::new_err(message),
    };
    with_attributes(
        py,
        exc,
        &[
            ("kind", object(py, err.kind().as_str())),
            ("file", object(py, err.file())),
            ("line", object(py, err.line())),
            ("column", object(py, err.column())),
            ("reason", object(py, err.reason())),
        ],
    )
}

/// Converts a core [`otklik::metrics::MetricsError`] into an `otklik.MetricsError`.
pub(crate) fn metrics_error(py: Python<'_>, err: &otklik::metrics::MetricsError) -> PyErr {
    with_attributes(
        py,
        MetricsError::new_err(err.to_string()),
        &[
            ("kind", object(py, err.kind().as_str())),
            ("position", object(py, err.position())),
            ("value", object(py, err.value())),
            ("reason", object(py, err.reason())),
        ],
    )
}

/// An `otklik.MetricsError` raised by the binding itself (no core error behind it).
pub(crate) fn plain_metrics_error(py: Python<'_>, kind: &str, message: &str) -> PyErr {
    with_attributes(
        py,
        MetricsError::new_err(message.to_owned()),
        &[
            ("kind", object(py, kind)),
            ("position", py.None()),
            ("value", py.None()),
            ("reason", object(py, message)),
        ],
    )
}

/// Converts a core [`otklik::replies::ReplyError`] into an `otklik.ReplyError` with its place.
pub(crate) fn reply_error(py: Python<'_>, err: &otklik::replies::ReplyError) -> PyErr {
    with_attributes(
        py,
        ReplyError::new_err(err.to_string()),
        &[
            ("kind", object(py, err.kind().as_str())),
            ("file", object(py, err.file())),
            ("line", object(py, err.line())),
            ("column", object(py, err.column())),
            ("item", object(py, err.item())),
            ("reason", object(py, err.reason())),
        ],
    )
}

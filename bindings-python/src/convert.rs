//! Conversions between Python values and core types that pyo3 does not do the way we want.

use chrono::{DateTime, Utc};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyTzInfo};

/// An aware `datetime` (any zone) as a UTC instant. Naive datetimes are refused: guessing
/// the zone would silently shift reply times by hours.
pub(crate) fn to_utc(value: &Bound<'_, PyAny>, what: &str) -> PyResult<DateTime<Utc>> {
    let py = value.py();
    let dt = value
        .cast::<PyDateTime>()
        .map_err(|_| PyTypeError::new_err(format!("{what}: expected a datetime.datetime")))?;
    let offset = dt.call_method0("utcoffset")?;
    if offset.is_none() {
        return Err(PyTypeError::new_err(format!(
            "{what}: naive datetime {}; pass an aware one, e.g. datetime(..., tzinfo=datetime.timezone.utc)",
            dt.str()?
        )));
    }
    dt.call_method1("astimezone", (PyTzInfo::utc(py)?,))?
        .extract()
}

/// A JSON value (as held in `Mention.extra`) as a Python object, through the `json` module.
pub(crate) fn json_to_py<'py>(
    py: Python<'py>,
    value: &serde_json::Value,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// A Python object (dicts, lists, str, int, float, bool, None) as a JSON value.
pub(crate) fn py_to_json(value: &Bound<'_, PyAny>, what: &str) -> PyResult<serde_json::Value> {
    let py = value.py();
    let text: String = py
        .import("json")?
        .call_method1("dumps", (value,))
        .map_err(|e| PyTypeError::new_err(format!("{what}: not JSON-serializable: {e}")))?
        .extract()?;
    serde_json::from_str(&text).map_err(|e| PyTypeError::new_err(format!("{what}: {e}")))
}

/// An I/O error as the matching `OSError` subclass (`FileNotFoundError`, `PermissionError`, ...),
/// with `context` (what was being done, to which path) in front of the message.
pub(crate) fn os_error(context: String, err: std::io::Error) -> PyErr {
    os_error_of(err.kind(), format!("{context}: {err}"))
}

/// The `OSError` subclass for an I/O error kind, with a finished message.
pub(crate) fn os_error_of(kind: std::io::ErrorKind, message: String) -> PyErr {
    use pyo3::exceptions::{
        PyFileExistsError, PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError,
    };
    match kind {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        std::io::ErrorKind::AlreadyExists => PyFileExistsError::new_err(message),
        std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

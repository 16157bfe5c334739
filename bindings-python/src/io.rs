//! Reading and writing mentions: JSON Lines and CSV files, mirroring `otklik::io`.

use std::path::PathBuf;

use otklik::Mention;
use otklik::io::{Format, InputError, OnError, ReadOptions, ReadOutcome, read_file, write_file};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::{os_error, os_error_of};
use crate::errors::input_error;
use crate::mention::PyMention;

/// The mentions read from a file, and the bad records skipped (with `on_error="skip"`).
///
/// Iterating, `len()` and indexing work on the mentions.
#[pyclass(module = "otklik", frozen)]
pub struct ReadResult {
    /// The mentions read, in file order.
    #[pyo3(get)]
    mentions: Py<PyList>,
    /// The skipped records as `otklik.InputError` instances, in file order.
    #[pyo3(get)]
    errors: Py<PyList>,
}

#[pymethods]
impl ReadResult {
    fn __len__(&self, py: Python<'_>) -> usize {
        self.mentions.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.mentions
            .bind(py)
            .as_any()
            .try_iter()
            .map(Bound::into_any)
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.mentions.bind(py).as_any().get_item(index)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "ReadResult({} mentions, {} errors)",
            self.mentions.bind(py).len(),
            self.errors.bind(py).len()
        )
    }
}

fn options(on_error: &str, max_record_bytes: Option<usize>) -> PyResult<ReadOptions> {
    let policy = match on_error {
        "stop" => OnError::Stop,
        "skip" => OnError::Skip,
        other => {
            return Err(PyValueError::new_err(format!(
                "on_error must be \"stop\" or \"skip\", not {other:?}"
            )));
        }
    };
    let mut options = ReadOptions::new().on_error(policy);
    if let Some(bytes) = max_record_bytes {
        options = options.max_record_bytes(bytes);
    }
    Ok(options)
}

/// Turns what a reader produced into a `ReadResult`, or raises the fatal error (a file that
/// cannot be opened as the matching `OSError` subclass).
fn finish(py: Python<'_>, outcome: Result<ReadOutcome, InputError>) -> PyResult<ReadResult> {
    let outcome = outcome.map_err(|e| match e.io_error() {
        Some(io) if e.line() == 0 => os_error_of(io.kind(), e.reason().to_owned()),
        _ => input_error(py, &e),
    })?;
    let mentions = PyList::new(
        py,
        outcome
            .mentions
            .into_iter()
            .map(|inner| PyMention { inner }),
    )?;
    let errors = PyList::new(
        py,
        outcome
            .errors
            .iter()
            .map(|e| input_error(py, e).into_value(py)),
    )?;
    Ok(ReadResult {
        mentions: mentions.unbind(),
        errors: errors.unbind(),
    })
}

fn read(
    py: Python<'_>,
    path: PathBuf,
    format: Format,
    on_error: &str,
    max: Option<usize>,
) -> PyResult<ReadResult> {
    let options = options(on_error, max)?;
    let outcome = py.detach(|| read_file(&path, format, options));
    finish(py, outcome)
}

/// Reads a JSON Lines file of mentions. The file is read with the GIL released.
#[pyfunction]
#[pyo3(signature = (path, *, on_error = "stop", max_record_bytes = None))]
pub fn read_jsonl(
    py: Python<'_>,
    path: PathBuf,
    on_error: &str,
    max_record_bytes: Option<usize>,
) -> PyResult<ReadResult> {
    read(py, path, Format::JsonLines, on_error, max_record_bytes)
}

/// Reads a CSV file of mentions (header row first). The file is read with the GIL released.
#[pyfunction]
#[pyo3(signature = (path, *, on_error = "stop", max_record_bytes = None))]
pub fn read_csv(
    py: Python<'_>,
    path: PathBuf,
    on_error: &str,
    max_record_bytes: Option<usize>,
) -> PyResult<ReadResult> {
    read(py, path, Format::Csv, on_error, max_record_bytes)
}

fn write(
    py: Python<'_>,
    mentions: &Bound<'_, PyAny>,
    path: PathBuf,
    format: Format,
) -> PyResult<usize> {
    let mentions: Vec<Mention> = mentions
        .try_iter()?
        .map(|item| Ok(item?.extract::<PyMention>()?.inner))
        .collect::<PyResult<_>>()?;
    py.detach(|| write_file(&path, format, &mentions))
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                PyValueError::new_err(format!("{}: {e}", path.display()))
            } else {
                os_error(format!("cannot write {}", path.display()), e)
            }
        })
}

/// Writes mentions to a JSON Lines file (replacing it). Returns how many were written.
#[pyfunction]
pub fn write_jsonl(py: Python<'_>, mentions: &Bound<'_, PyAny>, path: PathBuf) -> PyResult<usize> {
    write(py, mentions, path, Format::JsonLines)
}

/// Writes mentions to a CSV file (replacing it). Returns how many were written.
#[pyfunction]
pub fn write_csv(py: Python<'_>, mentions: &Bound<'_, PyAny>, path: PathBuf) -> PyResult<usize> {
    write(py, mentions, path, Format::Csv)
}

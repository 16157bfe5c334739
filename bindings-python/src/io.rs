//! Reading and writing mentions: JSON Lines and CSV files, mirroring `otklik::io`.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};

use otklik::Mention;
use otklik::io::{
    CsvReader, CsvWriter, InputError, JsonlReader, JsonlWriter, OnError, ReadOptions,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::os_error;
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

fn open(path: &Path) -> PyResult<File> {
    File::open(path).map_err(|e| os_error(format!("cannot open {}", path.display()), e))
}

/// Turns what a reader produced into a `ReadResult`, or raises the fatal error.
fn finish(
    py: Python<'_>,
    outcome: Result<(Vec<Mention>, Vec<InputError>), InputError>,
) -> PyResult<ReadResult> {
    let (mentions, errors) = outcome.map_err(|e| input_error(py, &e))?;
    let mentions = PyList::new(py, mentions.into_iter().map(|inner| PyMention { inner }))?;
    let errors = PyList::new(py, errors.iter().map(|e| input_error(py, e).into_value(py)))?;
    Ok(ReadResult {
        mentions: mentions.unbind(),
        errors: errors.unbind(),
    })
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
    let options = options(on_error, max_record_bytes)?;
    let file = open(&path)?;
    let outcome = py.detach(|| {
        JsonlReader::new(BufReader::new(file), options)
            .read_all()
            .map(|o| (o.mentions, o.errors))
    });
    finish(py, outcome)
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
    let options = options(on_error, max_record_bytes)?;
    let file = open(&path)?;
    let outcome = py.detach(|| {
        CsvReader::new(BufReader::new(file), options)
            .read_all()
            .map(|o| (o.mentions, o.errors))
    });
    finish(py, outcome)
}

fn collect(mentions: &Bound<'_, PyAny>) -> PyResult<Vec<Mention>> {
    mentions
        .try_iter()?
        .map(|item| Ok(item?.extract::<PyMention>()?.inner))
        .collect()
}

fn create(path: &Path) -> PyResult<BufWriter<File>> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| os_error(format!("cannot create {}", path.display()), e))
}

fn write_error(path: &Path, e: std::io::Error) -> PyErr {
    if e.kind() == std::io::ErrorKind::InvalidData {
        PyValueError::new_err(format!("{}: {e}", path.display()))
    } else {
        os_error(format!("cannot write {}", path.display()), e)
    }
}

/// Writes mentions to a JSON Lines file (replacing it). Returns how many were written.
#[pyfunction]
pub fn write_jsonl(py: Python<'_>, mentions: &Bound<'_, PyAny>, path: PathBuf) -> PyResult<usize> {
    let mentions = collect(mentions)?;
    let out = create(&path)?;
    py.detach(|| {
        let mut writer = JsonlWriter::new(out);
        for m in &mentions {
            writer.write(m)?;
        }
        writer.into_inner().map(|_| mentions.len())
    })
    .map_err(|e| write_error(&path, e))
}

/// Writes mentions to a CSV file (replacing it). Returns how many were written.
#[pyfunction]
pub fn write_csv(py: Python<'_>, mentions: &Bound<'_, PyAny>, path: PathBuf) -> PyResult<usize> {
    let mentions = collect(mentions)?;
    let out = create(&path)?;
    py.detach(|| {
        let mut writer = CsvWriter::new(out);
        for m in &mentions {
            writer.write(m)?;
        }
        writer.into_inner().map(|_| mentions.len())
    })
    .map_err(|e| write_error(&path, e))
}

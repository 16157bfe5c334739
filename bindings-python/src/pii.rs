//! PII redaction, mirroring `otklik::pii`.

use otklik::pii::{PiiMatch, RedactOptions};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::mention::PyMention;

/// One piece of personal data found in a text.
#[pyclass(name = "PiiFinding", module = "otklik", frozen, get_all)]
pub struct PyPiiFinding {
    /// `card`, `iban`, `account`, `phone`, `email`, `tax_id` or `passport`.
    kind: &'static str,
    /// Start index into the input `str`.
    start: usize,
    /// End index (exclusive).
    end: usize,
    /// `input[start:end]`.
    found: String,
    /// What replaces it.
    masked: String,
}

#[pymethods]
impl PyPiiFinding {
    fn __repr__(&self) -> String {
        format!(
            "PiiFinding({:?}, {:?} -> {:?})",
            self.kind, self.found, self.masked
        )
    }
}

fn finding(text: &str, m: &PiiMatch) -> PyPiiFinding {
    PyPiiFinding {
        kind: m.kind.as_str(),
        start: m.char_start,
        end: m.char_end,
        found: text.get(m.start..m.end).unwrap_or("").to_owned(),
        masked: m.masked.clone(),
    }
}

fn options(kinds: Option<Vec<String>>, allow: Vec<String>) -> PyResult<RedactOptions> {
    RedactOptions::from_names(kinds.as_deref(), &allow).map_err(PyValueError::new_err)
}

/// The personal data in a text: cards (Luhn), IBANs (mod 97), Russian accounts, phones,
/// e-mails, tax ids and passports; `kinds` limits the kinds, `allow` lists values to keep (the
/// bank's own numbers).
#[pyfunction]
#[pyo3(signature = (text, *, kinds = None, allow = Vec::new()))]
pub fn find_pii(
    py: Python<'_>,
    text: &str,
    kinds: Option<Vec<String>>,
    allow: Vec<String>,
) -> PyResult<Vec<PyPiiFinding>> {
    let options = options(kinds, allow)?;
    let found = py.detach(|| otklik::pii::find_pii_with(text, &options));
    Ok(found.iter().map(|m| finding(text, m)).collect())
}

/// The text with its personal data masked (`**** **** **** 1111`), and what was found.
#[pyfunction]
#[pyo3(signature = (text, *, kinds = None, allow = Vec::new()))]
pub fn redact(
    py: Python<'_>,
    text: &str,
    kinds: Option<Vec<String>>,
    allow: Vec<String>,
) -> PyResult<(String, Vec<PyPiiFinding>)> {
    let options = options(kinds, allow)?;
    let r = py.detach(|| otklik::pii::redact_with(text, &options));
    let found = r.matches.iter().map(|m| finding(text, m)).collect();
    Ok((r.text, found))
}

/// A copy of a mention with its text redacted, and what was found.
#[pyfunction]
#[pyo3(signature = (mention, *, kinds = None, allow = Vec::new()))]
pub fn redact_mention(
    mention: &PyMention,
    kinds: Option<Vec<String>>,
    allow: Vec<String>,
) -> PyResult<(PyMention, Vec<PyPiiFinding>)> {
    let options = options(kinds, allow)?;
    let (m, found) = otklik::pii::redact_mention_with(&mention.inner, &options);
    let findings = found
        .iter()
        .map(|f| finding(&mention.inner.text, f))
        .collect();
    Ok((PyMention { inner: m }, findings))
}

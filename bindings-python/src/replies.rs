//! Reply scripts and the draft checker, mirroring `otklik::replies`.

use std::collections::HashMap;
use std::path::PathBuf;

use otklik::Platform;
use otklik::replies::{DraftCheck, DraftContext, Finding, ScriptBook, Suggestion, ToneChecker};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::reply_error;
use crate::mention::PyMention;
use crate::rules::TagResult;

/// A known platform by name, or a `ValueError`.
fn platform(name: &str) -> PyResult<Platform> {
    let p = Platform::from_name(name);
    if p.is_known() {
        Ok(p)
    } else {
        Err(PyValueError::new_err(format!("unknown platform {name:?}")))
    }
}

/// A script chosen for a mention, with its variant filled.
#[pyclass(name = "Suggestion", module = "otklik", frozen, get_all)]
pub struct PySuggestion {
    /// The script's id.
    script: String,
    /// The reply's language.
    lang: String,
    /// Which variant (0-based) was filled, of `variants`.
    variant: usize,
    /// How many variants the script has.
    variants: usize,
    /// How many tags the script matched.
    matched_tags: usize,
    /// Whether the script moves the customer to a private channel.
    private: bool,
    /// The reply, or `None` while a placeholder has no value.
    text: Option<String>,
    /// The placeholders with no value.
    missing: Vec<String>,
    /// The reply with missing placeholders shown as `[name]` (for the agent, never to post).
    preview: String,
}

impl From<Suggestion> for PySuggestion {
    fn from(s: Suggestion) -> PySuggestion {
        PySuggestion {
            script: s.script,
            lang: s.lang,
            variant: s.variant,
            variants: s.variants,
            matched_tags: s.matched_tags,
            private: s.private,
            text: s.reply.text,
            missing: s.reply.missing,
            preview: s.reply.preview,
        }
    }
}

#[pymethods]
impl PySuggestion {
    fn __repr__(&self) -> String {
        format!(
            "Suggestion({:?}, lang={:?}, missing={:?})",
            self.script, self.lang, self.missing
        )
    }
}

/// A file of reply scripts keyed by tags, language and platform.
#[pyclass(name = "ScriptBook", module = "otklik", frozen)]
pub struct PyScriptBook {
    inner: ScriptBook,
}

#[pymethods]
impl PyScriptBook {
    /// Reads a script book from TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        ScriptBook::from_toml(text)
            .map(|inner| PyScriptBook { inner })
            .map_err(|e| reply_error(py, &e))
    }

    /// Reads a script book from a file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        ScriptBook::from_path(path)
            .map(|inner| PyScriptBook { inner })
            .map_err(|e| reply_error(py, &e))
    }

    /// The script ids, in file order.
    #[getter]
    fn scripts(&self) -> Vec<String> {
        self.inner.scripts().iter().map(|s| s.id.clone()).collect()
    }

    /// The scripts that fit these tags, platform and language, most specific first.
    #[pyo3(signature = (tags, platform, lang, values = HashMap::new(), variant_seed = 0))]
    fn suggest(
        &self,
        tags: Vec<String>,
        platform: &str,
        lang: &str,
        values: HashMap<String, String>,
        variant_seed: u64,
    ) -> PyResult<Vec<PySuggestion>> {
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        Ok(self
            .inner
            .suggest(
                &tags,
                &self::platform(platform)?,
                lang,
                &values,
                variant_seed,
            )
            .into_iter()
            .map(PySuggestion::from)
            .collect())
    }

    fn __repr__(&self) -> String {
        format!("ScriptBook({} scripts)", self.inner.scripts().len())
    }
}

/// The scripts for a tagged mention in its language (given, else detected).
#[pyfunction]
#[pyo3(signature = (book, mention, tagging, values = HashMap::new()))]
pub fn suggest_replies(
    book: &PyScriptBook,
    mention: &PyMention,
    tagging: &TagResult,
    values: HashMap<String, String>,
) -> Vec<PySuggestion> {
    otklik::replies::suggest_replies(&book.inner, &mention.inner, tagging.tagging(), &values)
        .into_iter()
        .map(PySuggestion::from)
        .collect()
}

/// One problem of a draft reply.
#[pyclass(name = "DraftFinding", module = "otklik", frozen, get_all)]
pub struct PyDraftFinding {
    /// `forbidden`, `missing`, `too_long`, `personal_data` or `secret_request`.
    kind: &'static str,
    /// The rule's id.
    rule: String,
    /// `info`, `warning` or `error`.
    severity: &'static str,
    /// What to do about it.
    message: String,
    /// Start index into the draft `str`, when the finding is a part of it.
    start: Option<usize>,
    /// End index (exclusive).
    end: Option<usize>,
}

impl From<&Finding> for PyDraftFinding {
    fn from(f: &Finding) -> PyDraftFinding {
        PyDraftFinding {
            kind: f.kind.as_str(),
            rule: f.rule.clone(),
            severity: f.severity.as_str(),
            message: f.message.clone(),
            start: f.span.map(|s| s.char_start),
            end: f.span.map(|s| s.char_end),
        }
    }
}

#[pymethods]
impl PyDraftFinding {
    fn __repr__(&self) -> String {
        format!(
            "DraftFinding({:?}, {:?}, {:?})",
            self.severity, self.kind, self.rule
        )
    }
}

/// The result of checking a draft.
#[pyclass(name = "DraftCheck", module = "otklik", frozen, get_all)]
pub struct PyDraftCheck {
    /// The findings, errors first.
    findings: Vec<Py<PyDraftFinding>>,
    /// The draft's length as the platform counts it.
    length: usize,
    /// The platform's limit, if any.
    limit: Option<usize>,
    /// No error and no warning.
    passed: bool,
    /// At least one error.
    has_errors: bool,
}

impl PyDraftCheck {
    fn new(py: Python<'_>, check: &DraftCheck) -> PyResult<PyDraftCheck> {
        Ok(PyDraftCheck {
            findings: check
                .findings
                .iter()
                .map(|f| Py::new(py, PyDraftFinding::from(f)))
                .collect::<PyResult<_>>()?,
            length: check.length,
            limit: check.limit.map(|l| l.max),
            passed: check.passed(),
            has_errors: check.has_errors(),
        })
    }
}

#[pymethods]
impl PyDraftCheck {
    fn __repr__(&self) -> String {
        format!(
            "DraftCheck(passed={}, findings={}, length={})",
            self.passed,
            self.findings.len(),
            self.length
        )
    }
}

/// A compiled tone-of-voice file: forbidden wording, required elements, length limits, plus
/// the checks no file can turn off (personal data in public replies, requests for secrets).
#[pyclass(name = "ToneChecker", module = "otklik", frozen)]
pub struct PyToneChecker {
    inner: ToneChecker,
}

#[pymethods]
impl PyToneChecker {
    /// Only the built-in checks and the platforms' limits.
    #[staticmethod]
    fn builtin() -> Self {
        PyToneChecker {
            inner: ToneChecker::builtin(),
        }
    }

    /// Compiles a tone-of-voice file given as TOML text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        ToneChecker::from_toml(text)
            .map(|inner| PyToneChecker { inner })
            .map_err(|e| reply_error(py, &e))
    }

    /// Reads and compiles a tone-of-voice file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        ToneChecker::from_path(path)
            .map(|inner| PyToneChecker { inner })
            .map_err(|e| reply_error(py, &e))
    }

    /// Checks a draft reply on `platform`; `public` defaults to every platform but the
    /// Telegram bot; `tags` are the customer's mention's tags.
    #[pyo3(signature = (draft, platform, *, public = None, tags = Vec::new()))]
    fn check(
        &self,
        py: Python<'_>,
        draft: &str,
        platform: &str,
        public: Option<bool>,
        tags: Vec<String>,
    ) -> PyResult<PyDraftCheck> {
        let mut context = DraftContext::new(self::platform(platform)?).with_tags(tags);
        if let Some(public) = public {
            context = context.public(public);
        }
        let check = py.detach(|| self.inner.check(draft, &context));
        PyDraftCheck::new(py, &check)
    }
}

/// The length of a post as X counts it (URLs 23, emoji 2, CJK 2, others 1).
#[pyfunction]
pub fn x_length(text: &str) -> usize {
    otklik::replies::x_length(text)
}

/// `"uk"`, `"ru"`, `"be"` or `"en"` by the letters of a text; `None` when too short to tell.
#[pyfunction]
pub fn detect_language(text: &str) -> Option<&'static str> {
    otklik::replies::detect_language(text)
}

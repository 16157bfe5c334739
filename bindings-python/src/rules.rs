//! Rule sets and tagging, mirroring `otklik::rules`, and text normalization (`otklik::text`).

use std::path::PathBuf;

use otklik::Mention;
use otklik::rules::{Lint, RuleSet, TagDef, Tagging};
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::os_error;
use crate::errors::rule_error;
use crate::mention::PyMention;

/// A compiled rule file: tags with Boolean queries, checked against their examples.
#[pyclass(name = "RuleSet", module = "otklik", frozen)]
pub struct PyRuleSet {
    pub(crate) inner: RuleSet,
}

/// What can be tagged: a text (read in place from the Python string, never copied), or a
/// mention (its text and, for field filters, its fields).
enum Item<'py> {
    Text(Bound<'py, PyString>),
    Mention(Box<Mention>),
}

impl<'py> Item<'py> {
    fn extract(value: &Bound<'py, PyAny>, position: Option<usize>) -> PyResult<Item<'py>> {
        if let Ok(text) = value.cast::<PyString>() {
            return Ok(Item::Text(text.clone()));
        }
        if let Ok(mention) = value.cast::<PyMention>() {
            return Ok(Item::Mention(Box::new(mention.borrow().inner.clone())));
        }
        let at = position.map_or(String::new(), |i| format!(" at index {i}"));
        Err(PyTypeError::new_err(format!(
            "expected a str or an otklik.Mention{at}, got {}",
            value.get_type().name()?
        )))
    }

    /// The text a result keeps for its matches: a reference to the Python string, or the
    /// mention's own.
    fn into_text(self) -> Text {
        match self {
            Item::Text(text) => Text::Python(text.unbind()),
            Item::Mention(m) => Text::Owned(m.text),
        }
    }
}

#[pymethods]
impl PyRuleSet {
    /// Compiles a TOML rule file given as text.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = py
            .detach(|| RuleSet::from_toml(text))
            .map_err(|e| rule_error(py, &e))?;
        Ok(PyRuleSet { inner })
    }

    /// Compiles a JSON rule file given as text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = py
            .detach(|| RuleSet::from_json(text))
            .map_err(|e| rule_error(py, &e))?;
        Ok(PyRuleSet { inner })
    }

    /// Reads and compiles a rule file (`.json` as JSON, anything else as TOML).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| os_error(format!("cannot read rule file {}", path.display()), e))?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let inner = py
            .detach(|| {
                if json {
                    RuleSet::from_json(&text)
                } else {
                    RuleSet::from_toml(&text)
                }
            })
            .map_err(|e| rule_error(py, &e))?;
        Ok(PyRuleSet { inner })
    }

    /// The tags, in rule-file order.
    #[getter]
    fn tags(&self) -> Vec<TagInfo> {
        self.inner.tags().iter().map(TagInfo::from).collect()
    }

    /// Findings about rules that compile but deserve a look.
    #[getter]
    fn lint(&self) -> Vec<LintFinding> {
        self.inner.lint().iter().map(LintFinding::from).collect()
    }

    /// Tags a text or a mention.
    fn tag(&self, py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<TagResult> {
        let item = Item::extract(item, None)?;
        let tagging = match &item {
            Item::Text(text) => {
                let text = text.to_str()?;
                py.detach(|| self.inner.tag_text(text))
            }
            Item::Mention(m) => py.detach(|| self.inner.tag(m)),
        };
        Ok(TagResult::new(tagging, item.into_text()))
    }

    /// Tags many texts or mentions, in order, on all cores, with the GIL released.
    fn tag_many(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<Py<TagResult>>> {
        // Texts and mentions apart, so that each kind is tagged in one parallel call and each
        // mention is copied once; `is_mention` keeps the input order.
        let (mut texts, mut mentions, mut is_mention) = (Vec::new(), Vec::new(), Vec::new());
        for (i, item) in items.try_iter()?.enumerate() {
            let item = Item::extract(&item?, Some(i))?;
            is_mention.push(matches!(item, Item::Mention(_)));
            match item {
                Item::Text(text) => texts.push(text),
                Item::Mention(m) => mentions.push(*m),
            }
        }
        let strs = texts
            .iter()
            .map(|t| t.to_str())
            .collect::<PyResult<Vec<&str>>>()?;
        let rules = &self.inner;
        let (from_texts, from_mentions) =
            py.detach(|| (rules.tag_many(&strs), rules.tag_mentions(&mentions)));
        drop(strs);
        let mut texts = texts.into_iter().zip(from_texts);
        let mut mentions = mentions.into_iter().zip(from_mentions);
        is_mention
            .into_iter()
            .map(|m| {
                let (text, tagging) = if m {
                    mentions.next().map(|(m, t)| (Text::Owned(m.text), t))
                } else {
                    texts.next().map(|(s, t)| (Text::Python(s.unbind()), t))
                }
                .ok_or_else(|| PyRuntimeError::new_err("tag_many: a result went missing"))?;
                Py::new(py, TagResult::new(tagging, text)).map(untracked)
            })
            .collect()
    }

    /// Tags the string column of an Arrow table (pyarrow, polars, arro3, ...) and returns an
    /// Arrow table of the id column, `tags`, `needs_reply`, `priority` and `queue`. With
    /// `mentions=True` each row is read as a mention, so field filters see its other columns.
    #[pyo3(signature = (data, *, text_column = "text", id_column = Some("id"), mentions = false))]
    fn tag_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        text_column: &str,
        id_column: Option<&str>,
        mentions: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::arrow::tag_arrow(py, &self.inner, data, text_column, id_column, mentions)
    }

    fn __len__(&self) -> usize {
        self.inner.tags().len()
    }

    fn __repr__(&self) -> String {
        format!("RuleSet({} tags)", self.inner.tags().len())
    }
}

/// `result`, no longer followed by the cycle collector. A result holds a `str` and Rust data,
/// neither of which can be part of a reference cycle, and it cannot be subclassed (so it has no
/// `__dict__`); every pyclass is a GC type all the same. Untracked, the many results of a batch
/// are not traversed by each collection that creating them sets off (measured on 20,000 texts
/// at 1,000 rules: 6% fewer instructions a text, `tag_many` 8% faster on two cores).
fn untracked(result: Py<TagResult>) -> Py<TagResult> {
    // SAFETY: `result` is a live object of a GC type. Untracking is allowed at any time, and
    // untracking an object that is not tracked does nothing (its deallocation untracks it
    // again).
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(result.as_ptr().cast()) };
    result
}

/// A tag of a rule set, as written in the rule file.
#[pyclass(module = "otklik", frozen, get_all)]
pub struct TagInfo {
    /// Its id.
    id: String,
    /// Its category.
    category: String,
    /// Its query, in canonical form.
    query: String,
    /// Whether a mention with this tag needs a reply.
    needs_reply: bool,
    /// `low`, `normal`, `high`, `urgent`, or None.
    priority: Option<&'static str>,
    /// The queue it goes to.
    queue: Option<String>,
    /// A description for people.
    description: Option<String>,
}

impl From<&TagDef> for TagInfo {
    fn from(t: &TagDef) -> TagInfo {
        TagInfo {
            id: t.id.clone(),
            category: t.category.clone(),
            query: t.query.to_string(),
            needs_reply: t.needs_reply,
            priority: t.priority.map(|p| p.as_str()),
            queue: t.queue.clone(),
            description: t.description.clone(),
        }
    }
}

#[pymethods]
impl TagInfo {
    fn __repr__(&self) -> String {
        format!("TagInfo({:?}, category={:?})", self.id, self.category)
    }
}

/// A finding about a rule.
#[pyclass(module = "otklik", frozen, get_all)]
pub struct LintFinding {
    /// The tag whose rule it is about.
    tag: String,
    /// `always_evaluated`, `never_matches`, `only_negative`, `short_wildcard`, `regex_case`.
    kind: &'static str,
    /// An explanation for the rule's author.
    message: String,
}

impl From<&Lint> for LintFinding {
    fn from(l: &Lint) -> LintFinding {
        LintFinding {
            tag: l.tag.clone(),
            kind: l.kind.as_str(),
            message: l.message.clone(),
        }
    }
}

#[pymethods]
impl LintFinding {
    fn __repr__(&self) -> String {
        format!("LintFinding({:?}, {:?})", self.tag, self.kind)
    }
}

/// The part of the text that made a tag fire.
#[pyclass(module = "otklik", frozen, get_all)]
pub struct TagSpan {
    /// The tag's id.
    tag: String,
    /// The tag's category.
    category: String,
    /// Start index into the input `str`.
    start: usize,
    /// End index (exclusive).
    end: usize,
    /// `input[start:end]`.
    text: String,
}

#[pymethods]
impl TagSpan {
    fn __repr__(&self) -> String {
        format!(
            "TagSpan({:?}, {}, {}, {:?})",
            self.tag, self.start, self.end, self.text
        )
    }
}

/// The text a [`TagResult`] was tagged from.
enum Text {
    /// The caller's string (a reference, not a copy).
    Python(Py<PyString>),
    /// A mention's text.
    Owned(String),
}

/// The result of tagging one text or mention.
#[pyclass(module = "otklik", frozen)]
pub struct TagResult {
    tagging: Tagging,
    text: Text,
}

impl TagResult {
    fn new(tagging: Tagging, text: Text) -> TagResult {
        TagResult { tagging, text }
    }

    /// The text, as UTF-8.
    fn text<'a>(&'a self, py: Python<'a>) -> PyResult<&'a str> {
        match &self.text {
            Text::Python(s) => s.bind(py).to_str(),
            Text::Owned(s) => Ok(s),
        }
    }

    /// The core result.
    pub(crate) fn tagging(&self) -> &Tagging {
        &self.tagging
    }
}

#[pymethods]
impl TagResult {
    /// The ids of the tags that fired, in rule-file order.
    #[getter]
    fn tags(&self) -> Vec<&str> {
        self.tagging.tag_ids()
    }

    /// The categories of the tags that fired, in the same order.
    #[getter]
    fn categories(&self) -> Vec<&str> {
        self.tagging.tags.iter().map(|t| &*t.category).collect()
    }

    /// The parts of the text that made each tag fire, tag by tag in rule-file order.
    #[getter]
    fn matches(&self, py: Python<'_>) -> PyResult<Vec<TagSpan>> {
        let text = self.text(py)?;
        Ok(self
            .tagging
            .tags
            .iter()
            .flat_map(|t| {
                t.spans.iter().map(|s| TagSpan {
                    tag: t.tag.to_string(),
                    category: t.category.to_string(),
                    start: s.char_start,
                    end: s.char_end,
                    text: text.get(s.start..s.end).unwrap_or("").to_owned(),
                })
            })
            .collect())
    }

    /// Whether any tag that fired needs a reply.
    #[getter]
    fn needs_reply(&self) -> bool {
        self.tagging.needs_reply
    }

    /// Whether the case should move to a private channel (a tag needs account details, or a
    /// public mention holds personal data).
    #[getter]
    fn move_to_private(&self) -> bool {
        self.tagging.move_to_private
    }

    /// The highest priority among the tags that fired: `low`, `normal`, `high`, `urgent`, or None.
    #[getter]
    fn priority(&self) -> Option<&'static str> {
        self.tagging.priority.map(|p| p.as_str())
    }

    /// The queue of the most urgent tag that names one.
    #[getter]
    fn queue(&self) -> Option<&str> {
        self.tagging.queue.as_deref()
    }

    /// Whether the text was too long and only its beginning was tagged.
    #[getter]
    fn truncated(&self) -> bool {
        self.tagging.truncated
    }

    /// Whether the tag with this id fired.
    fn has(&self, tag: &str) -> bool {
        self.tagging.has(tag)
    }

    fn __contains__(&self, tag: &str) -> bool {
        self.tagging.has(tag)
    }

    fn __repr__(&self) -> String {
        format!("TagResult(tags={:?})", self.tagging.tag_ids())
    }
}

/// The normalized form of a text, as rules see it: lower case, ё as е, Latin look-alikes in
/// Cyrillic words folded, apostrophes unified, NFKC.
#[pyfunction]
pub fn normalize(text: &str) -> String {
    otklik::text::normalize(text).as_str().to_owned()
}

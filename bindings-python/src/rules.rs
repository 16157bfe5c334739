//! Rule sets and tagging, mirroring `otklik::rules`, and text normalization (`otklik::text`).

use std::path::PathBuf;

use otklik::Mention;
use otklik::rules::{Lint, RuleSet, TagDef, Tagging};
use pyo3::exceptions::PyTypeError;
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

    /// What the core tags: the text as UTF-8 (a string with lone surrogates is an error), or
    /// the mention.
    fn job(&self) -> PyResult<Job<'_>> {
        Ok(match self {
            Item::Text(text) => Job::Text(text.to_str()?),
            Item::Mention(m) => Job::Mention(m),
        })
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

/// One item as the core tags it (see [`tag_jobs`]).
enum Job<'a> {
    Text(&'a str),
    Mention(&'a Mention),
}

/// Tags a chunk of items in order: the texts in one parallel call, the mentions in another.
fn tag_jobs(rules: &RuleSet, jobs: &[Job<'_>]) -> Vec<Tagging> {
    let texts: Vec<&str> = jobs
        .iter()
        .filter_map(|j| match j {
            Job::Text(t) => Some(*t),
            Job::Mention(_) => None,
        })
        .collect();
    if texts.len() == jobs.len() {
        return rules.tag_many(&texts);
    }
    let mentions: Vec<Mention> = jobs
        .iter()
        .filter_map(|j| match j {
            Job::Mention(m) => Some((*m).clone()),
            Job::Text(_) => None,
        })
        .collect();
    let mut from_texts = rules.tag_many(&texts).into_iter();
    let mut from_mentions = rules.tag_mentions(&mentions).into_iter();
    jobs.iter()
        .map(|j| match j {
            Job::Text(_) => from_texts.next(),
            Job::Mention(_) => from_mentions.next(),
        })
        .map(Option::unwrap_or_default)
        .collect()
}

/// Items per chunk of [`PyRuleSet::tag_many`]'s pipeline; batches up to this size are tagged
/// in one go.
const CHUNK: usize = 2048;

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
        let tagging = match item.job()? {
            Job::Text(text) => py.detach(|| self.inner.tag_text(text)),
            Job::Mention(m) => py.detach(|| self.inner.tag(m)),
        };
        Ok(TagResult::new(tagging, item.into_text()))
    }

    /// Tags many texts or mentions, in order, on all cores, with the GIL released.
    ///
    /// Large batches go through a pipeline of chunks: while a worker tags one chunk, this
    /// thread reads the next one's texts and makes the result objects of the one before, so
    /// the work that needs the interpreter overlaps the tagging.
    fn tag_many(&self, py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<Py<TagResult>>> {
        let mut all = Vec::new();
        for (i, item) in items.try_iter()?.enumerate() {
            all.push(Item::extract(&item?, Some(i))?);
        }
        let rules = &self.inner;
        let mut taggings: Vec<Tagging> = Vec::with_capacity(all.len());
        if all.len() <= CHUNK {
            let jobs = all.iter().map(Item::job).collect::<PyResult<Vec<_>>>()?;
            taggings = py.detach(|| tag_jobs(rules, &jobs));
        } else {
            pipeline(py, rules, &all, &mut taggings)?;
        }
        all.into_iter()
            .zip(taggings)
            .map(|(item, tagging)| Py::new(py, TagResult::new(tagging, item.into_text())))
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

/// Tags `items` chunk by chunk on a worker thread, while this thread (holding the GIL) reads the
/// texts of the next chunk; the taggings are appended to `out` in order.
fn pipeline(
    py: Python<'_>,
    rules: &RuleSet,
    items: &[Item<'_>],
    out: &mut Vec<Tagging>,
) -> PyResult<()> {
    use std::sync::mpsc::sync_channel;
    std::thread::scope(|scope| {
        let (jobs_tx, jobs_rx) = sync_channel::<Vec<Job<'_>>>(1);
        let (done_tx, mut done_rx) = sync_channel::<Vec<Tagging>>(1);
        scope.spawn(move || {
            for jobs in jobs_rx {
                if done_tx.send(tag_jobs(rules, &jobs)).is_err() {
                    break;
                }
            }
        });
        // Waits for the next chunk's taggings with the GIL released.
        let mut receive = |out: &mut Vec<Tagging>| {
            let rx = std::mem::replace(&mut done_rx, sync_channel(0).1);
            let (chunk, rx) = py.detach(move || (rx.recv(), rx));
            done_rx = rx;
            out.extend(chunk.unwrap_or_default());
        };
        let mut in_flight = 0;
        for chunk in items.chunks(CHUNK) {
            let jobs = chunk.iter().map(Item::job).collect::<PyResult<Vec<_>>>()?;
            if jobs_tx.send(jobs).is_err() {
                break;
            }
            in_flight += 1;
            if in_flight == 2 {
                receive(out);
                in_flight -= 1;
            }
        }
        drop(jobs_tx);
        for _ in 0..in_flight {
            receive(out);
        }
        Ok(())
    })
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

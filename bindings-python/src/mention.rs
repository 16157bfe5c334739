//! `otklik.Mention`: the core's [`otklik::Mention`] with Python types.

use chrono::{DateTime, Utc};
use otklik::{Kind, Mention, Platform, Rating};
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert::{json_to_py, py_to_json, to_utc};
use crate::errors::input_error;

/// A post, comment, reply, review or message about the bank.
#[pyclass(name = "Mention", module = "otklik", eq, from_py_object)]
#[derive(Clone, PartialEq)]
pub struct PyMention {
    pub(crate) inner: Mention,
}

fn rating(stars: Option<u8>) -> PyResult<Option<Rating>> {
    stars
        .map(|s| Rating::new(s).map_err(|e| PyValueError::new_err(e.to_string())))
        .transpose()
}

fn extra_from_py(extra: Option<&Bound<'_, PyDict>>) -> PyResult<otklik::mention::Extra> {
    let Some(extra) = extra else {
        return Ok(Default::default());
    };
    match py_to_json(extra.as_any(), "extra")? {
        serde_json::Value::Object(map) => {
            if let Some(key) = map.keys().find(|k| Mention::FIELDS.contains(&k.as_str())) {
                return Err(PyKeyError::new_err(format!(
                    "extra key {key:?} has the name of a known field"
                )));
            }
            Ok(map)
        }
        _ => Err(PyValueError::new_err("extra must be a dict")),
    }
}

/// Generates a getter and a setter for each optional field whose Python type is the Rust one.
macro_rules! plain_fields {
    ($($field:ident: $ty:ty => $get:ident / $set:ident),+ $(,)?) => {
        #[pymethods]
        impl PyMention {
            $(
                #[getter]
                fn $get(&self) -> $ty {
                    self.inner.$field.clone()
                }
                #[setter]
                fn $set(&mut self, value: $ty) {
                    self.inner.$field = value;
                }
            )+
        }
    };
}

plain_fields! {
    id: String => id / set_id,
    text: String => text / set_text,
    author: Option<String> => author / set_author,
    author_is_brand: bool => author_is_brand / set_author_is_brand,
    url: Option<String> => url / set_url,
    parent_id: Option<String> => parent_id / set_parent_id,
    thread_id: Option<String> => thread_id / set_thread_id,
    lang: Option<String> => lang / set_lang,
    region: Option<String> => region / set_region,
    reach: Option<u64> => reach / set_reach,
    reactions: Option<u64> => reactions / set_reactions,
    comments: Option<u64> => comments / set_comments,
    shares: Option<u64> => shares / set_shares,
    views: Option<u64> => views / set_views,
}

#[pymethods]
impl PyMention {
    #[new]
    #[pyo3(signature = (
        id, platform, kind, text, published_at, *, author = None, author_is_brand = false, url = None,
        parent_id = None, thread_id = None, lang = None, region = None, rating = None, reach = None,
        reactions = None, comments = None, shares = None, views = None, extra = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        platform: &str,
        kind: &str,
        text: String,
        published_at: &Bound<'_, PyAny>,
        author: Option<String>,
        author_is_brand: bool,
        url: Option<String>,
        parent_id: Option<String>,
        thread_id: Option<String>,
        lang: Option<String>,
        region: Option<String>,
        rating: Option<u8>,
        reach: Option<u64>,
        reactions: Option<u64>,
        comments: Option<u64>,
        shares: Option<u64>,
        views: Option<u64>,
        extra: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let platform = platform
            .parse::<Platform>()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let kind = kind
            .parse::<Kind>()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let mut m = Mention::new(
            id,
            platform,
            kind,
            text,
            to_utc(published_at, "published_at")?,
        );
        m.author = author;
        m.author_is_brand = author_is_brand;
        m.url = url;
        m.parent_id = parent_id;
        m.thread_id = thread_id;
        m.lang = lang;
        m.region = region;
        m.rating = self::rating(rating)?;
        m.reach = reach;
        m.reactions = reactions;
        m.comments = comments;
        m.shares = shares;
        m.views = views;
        m.extra = extra_from_py(extra)?;
        Ok(PyMention { inner: m })
    }

    /// Reads one mention from a JSON object (one line of JSON Lines).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let mut reader =
            otklik::io::JsonlReader::new(text.as_bytes(), otklik::io::ReadOptions::new());
        match reader.next() {
            Some(Ok(inner)) => match reader.next() {
                None => Ok(PyMention { inner }),
                Some(Ok(_)) => Err(PyValueError::new_err(
                    "from_json: more than one mention in the text",
                )),
                Some(Err(err)) => Err(input_error(py, &err)),
            },
            Some(Err(err)) => Err(input_error(py, &err)),
            None => Err(PyValueError::new_err(
                "from_json: the text holds no mention",
            )),
        }
    }

    /// The mention as one JSON object (one line of JSON Lines, without the newline).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    #[getter]
    fn platform(&self) -> &str {
        self.inner.platform.as_str()
    }

    #[setter]
    fn set_platform(&mut self, value: &str) -> PyResult<()> {
        self.inner.platform = value
            .parse()
            .map_err(|e: otklik::mention::EmptyName| PyValueError::new_err(e.to_string()))?;
        Ok(())
    }

    #[getter]
    fn kind(&self) -> &str {
        self.inner.kind.as_str()
    }

    #[setter]
    fn set_kind(&mut self, value: &str) -> PyResult<()> {
        self.inner.kind = value
            .parse()
            .map_err(|e: otklik::mention::EmptyName| PyValueError::new_err(e.to_string()))?;
        Ok(())
    }

    #[getter]
    fn published_at(&self) -> DateTime<Utc> {
        self.inner.published_at
    }

    #[setter]
    fn set_published_at(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.published_at = to_utc(value, "published_at")?;
        Ok(())
    }

    #[getter]
    fn rating(&self) -> Option<u8> {
        self.inner.rating.map(Rating::get)
    }

    #[setter]
    fn set_rating(&mut self, value: Option<u8>) -> PyResult<()> {
        self.inner.rating = rating(value)?;
        Ok(())
    }

    /// Unknown fields, as a new dict (changing it does not change the mention; assign instead).
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_py(py, &serde_json::Value::Object(self.inner.extra.clone()))
    }

    #[setter]
    fn set_extra(&mut self, value: &Bound<'_, PyDict>) -> PyResult<()> {
        self.inner.extra = extra_from_py(Some(value))?;
        Ok(())
    }

    /// Whether this mention answers another one.
    fn is_reply(&self) -> bool {
        self.inner.is_reply()
    }

    /// The conversation this mention belongs to: `thread_id`, else `parent_id`, else `id`.
    fn conversation_id(&self) -> &str {
        self.inner.conversation_id()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let text: String = self.inner.text.chars().take(40).collect();
        let ellipsis = if text.len() < self.inner.text.len() {
            "…"
        } else {
            ""
        };
        Ok(format!(
            "Mention(id={}, platform={}, kind={}, text={}{ellipsis}, published_at={})",
            repr(&self.inner.id)?,
            repr(self.inner.platform.as_str())?,
            repr(self.inner.kind.as_str())?,
            repr(&text)?,
            otklik::mention::format_timestamp(&self.inner.published_at),
        ))
    }
}

//! Rule files: TOML (hand-written) or JSON (machine-made), read into one neutral form that
//! remembers where each query sits in the file, so errors can name the line and column.

use std::collections::BTreeMap;

use chrono::DateTime;
use serde::Deserialize;

use super::error::{RuleError, RuleErrorKind, line_column};
use crate::{Kind, Mention, Platform, Rating};

/// How urgent a tag is. Ordered: `Low < Normal < High < Urgent`.
///
/// ```
/// use otklik::rules::Priority;
///
/// assert!(Priority::Urgent > Priority::High);
/// assert_eq!(Priority::High.as_str(), "high");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Can wait.
    Low,
    /// The usual.
    Normal,
    /// Answer first.
    High,
    /// Drop everything (fraud, threats).
    Urgent,
}

impl Priority {
    /// Every priority, from low to urgent.
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    /// The priority of a lower-case name, if any.
    ///
    /// ```
    /// use otklik::rules::Priority;
    /// assert_eq!(Priority::from_name("urgent"), Some(Priority::Urgent));
    /// assert_eq!(Priority::from_name("Urgent"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

/// Text from the file and where it starts in the file (byte offset), when known.
#[derive(Clone, Debug)]
pub(crate) struct Located {
    pub(crate) text: String,
    pub(crate) offset: Option<usize>,
}

#[derive(Clone, Debug)]
pub(crate) struct SourceTag {
    pub(crate) id: Located,
    pub(crate) category: Located,
    pub(crate) query: Located,
    pub(crate) needs_reply: bool,
    pub(crate) private: bool,
    pub(crate) priority: Option<Priority>,
    pub(crate) queue: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) examples_match: Vec<Mention>,
    pub(crate) examples_no_match: Vec<Mention>,
}

#[derive(Clone, Debug)]
pub(crate) struct SourceFile {
    pub(crate) text: String,
    pub(crate) implicit_and: bool,
    pub(crate) categories: Vec<String>,
    pub(crate) aliases: Vec<(String, Located)>,
    pub(crate) tags: Vec<SourceTag>,
}

impl SourceFile {
    /// An error at a place of the file (or without a place when unknown).
    pub(crate) fn error_at(
        &self,
        kind: RuleErrorKind,
        message: impl Into<String>,
        offset: Option<usize>,
    ) -> RuleError {
        let err = RuleError::new(kind, message);
        match offset {
            Some(offset) => {
                let (line, column) = line_column(&self.text, offset);
                err.at(line, column)
            }
            None => err,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "S: Deserialize<'de>"))]
struct RawFile<S> {
    implicit_operator: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    aliases: BTreeMap<String, S>,
    #[serde(default)]
    tag: Vec<RawTag<S>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "S: Deserialize<'de>"))]
struct RawTag<S> {
    id: S,
    category: S,
    query: S,
    #[serde(default)]
    needs_reply: bool,
    #[serde(default)]
    private: bool,
    priority: Option<Priority>,
    queue: Option<String>,
    description: Option<String>,
    #[serde(default)]
    examples: RawExamples,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(rename = "match", default)]
    matches: Vec<RawExample>,
    #[serde(default)]
    no_match: Vec<RawExample>,
}

/// An example: a bare text, or a mention with the fields a rule filters on.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawExample {
    Text(String),
    Mention(RawExampleMention),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExampleMention {
    text: String,
    platform: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
    region: Option<String>,
    author: Option<String>,
    url: Option<String>,
    rating: Option<u8>,
    reach: Option<u64>,
    parent_id: Option<String>,
    author_is_brand: Option<bool>,
}

impl RawExample {
    fn into_mention(self) -> Result<Mention, (String, String)> {
        let fields = match self {
            RawExample::Text(text) => RawExampleMention {
                text,
                platform: None,
                kind: None,
                lang: None,
                region: None,
                author: None,
                url: None,
                rating: None,
                reach: None,
                parent_id: None,
                author_is_brand: None,
            },
            RawExample::Mention(m) => m,
        };
        let platform = fields
            .platform
            .as_deref()
            .map_or(Platform::Unspecified, Platform::from_name);
        let kind = fields.kind.as_deref().map_or(Kind::Post, Kind::from_name);
        let mut m = Mention::new("example", platform, kind, fields.text, DateTime::UNIX_EPOCH);
        m.lang = fields.lang;
        m.region = fields.region;
        m.author = fields.author;
        m.url = fields.url;
        m.rating = fields
            .rating
            .map(Rating::new)
            .transpose()
            .map_err(|e| (e.to_string(), m.text.clone()))?;
        m.reach = fields.reach;
        m.parent_id = fields.parent_id;
        m.author_is_brand = fields.author_is_brand.unwrap_or(false);
        Ok(m)
    }
}

/// What the two file formats give for a located string.
trait Source {
    fn into_located(self, file: &str) -> Located;
}

impl Source for String {
    fn into_located(self, file: &str) -> Located {
        // JSON: find the string in the file when it appears there verbatim and only once.
        let quoted = serde_json::to_string(&self).unwrap_or_default();
        let offset = match (file.find(&quoted), file.rfind(&quoted)) {
            (Some(a), Some(b)) if a == b => Some(a + 1),
            _ => None,
        };
        Located { text: self, offset }
    }
}

impl Source for toml::Spanned<String> {
    fn into_located(self, file: &str) -> Located {
        let span = self.span();
        let raw = file.get(span.clone()).unwrap_or("");
        let delimiter = ["'''", "\"\"\"", "'", "\""]
            .into_iter()
            .find(|d| raw.starts_with(d));
        let mut offset = span.start + delimiter.map_or(0, str::len);
        // A newline right after a multi-line opening delimiter is not part of the value.
        if delimiter.is_some_and(|d| d.len() == 3) && file[offset..].starts_with('\n') {
            offset += 1;
        }
        Located {
            text: self.into_inner(),
            offset: Some(offset),
        }
    }
}

fn build<S: Source>(raw: RawFile<S>, text: String) -> Result<SourceFile, RuleError> {
    let implicit_and = match raw.implicit_operator.as_deref() {
        None | Some("error") => false,
        Some("and") => true,
        Some(other) => {
            return Err(RuleError::new(
                RuleErrorKind::InvalidValue,
                format!("implicit_operator must be \"error\" or \"and\", not {other:?}"),
            ));
        }
    };
    let aliases = raw
        .aliases
        .into_iter()
        .map(|(name, q)| (name, q.into_located(&text)))
        .collect();
    let mut tags = Vec::with_capacity(raw.tag.len());
    for tag in raw.tag {
        let id = tag.id.into_located(&text);
        let examples = |list: Vec<RawExample>| -> Result<Vec<Mention>, RuleError> {
            list.into_iter()
                .map(|e| {
                    e.into_mention().map_err(|(reason, example)| {
                        let err = RuleError::new(RuleErrorKind::InvalidValue, reason)
                            .in_tag(&id.text)
                            .with_example(&example);
                        match id.offset.map(|o| line_column(&text, o)) {
                            Some((line, column)) => err.at(line, column),
                            None => err,
                        }
                    })
                })
                .collect()
        };
        tags.push(SourceTag {
            category: tag.category.into_located(&text),
            query: tag.query.into_located(&text),
            needs_reply: tag.needs_reply,
            private: tag.private,
            priority: tag.priority,
            queue: tag.queue,
            description: tag.description,
            examples_match: examples(tag.examples.matches)?,
            examples_no_match: examples(tag.examples.no_match)?,
            id,
        });
    }
    Ok(SourceFile {
        text,
        implicit_and,
        categories: raw.categories,
        aliases,
        tags,
    })
}

/// Reads a TOML rule file.
pub(crate) fn from_toml(text: &str) -> Result<SourceFile, RuleError> {
    let raw: RawFile<toml::Spanned<String>> = toml::from_str(text).map_err(|e| {
        let mut err = RuleError::new(RuleErrorKind::Syntax, e.message().trim().to_owned());
        if let Some(span) = e.span() {
            let (line, column) = line_column(text, span.start);
            err = err.at(line, column);
        }
        err
    })?;
    build(raw, text.to_owned())
}

/// Reads a JSON rule file (the same structure as TOML: `{"tag": [{"id": ..., ...}]}`).
pub(crate) fn from_json(text: &str) -> Result<SourceFile, RuleError> {
    let raw: RawFile<String> = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = message
            .strip_suffix(&position)
            .unwrap_or(&message)
            .to_owned();
        RuleError::new(RuleErrorKind::Syntax, message).at(e.line(), e.column())
    })?;
    build(raw, text.to_owned())
}

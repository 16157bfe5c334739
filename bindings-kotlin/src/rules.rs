//! Rule sets and tagging from Kotlin, mirroring `otklik::rules`, and text normalization.

use std::sync::Arc;

use crate::error::{OtklikError, clamp};
use crate::mention::Mention;

/// A compiled rule file. Immutable and safe to share across threads; it holds native memory,
/// so `close()` it (it is `AutoCloseable`) when done, or let the cleaner free it.
#[derive(uniffi::Object)]
pub struct RuleSet {
    inner: otklik::rules::RuleSet,
}

/// The part of a text that made a tag fire: `text.substring(start, end) == matched` (UTF-16
/// indices, as Kotlin strings count).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TagSpan {
    /// The tag's id.
    pub tag: String,
    /// Start index into the Kotlin string (UTF-16 units).
    pub start: i64,
    /// End index, exclusive.
    pub end: i64,
    /// The matched part of the text.
    pub matched: String,
}

/// The result of tagging one text or mention.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TagResult {
    /// The ids of the tags that fired, in rule-file order.
    pub tags: Vec<String>,
    /// The category of each tag in `tags`.
    pub categories: Vec<String>,
    /// The parts of the text that made each tag fire, tag by tag.
    pub matches: Vec<TagSpan>,
    /// Whether any tag that fired needs a reply.
    pub needs_reply: bool,
    /// Whether the case should move to a private channel (a tag needs account details, or a
    /// public mention holds personal data).
    pub move_to_private: bool,
    /// The highest priority among the tags that fired: `low`, `normal`, `high`, `urgent`.
    pub priority: Option<String>,
    /// The queue of the most urgent tag that names one.
    pub queue: Option<String>,
    /// Whether the text was too long and only its beginning was tagged.
    pub truncated: bool,
}

/// A tag of a rule set, as written in the rule file.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TagInfo {
    /// Its id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its query in canonical form.
    pub query: String,
    /// Whether a mention with this tag needs a reply.
    pub needs_reply: bool,
    /// `low`, `normal`, `high`, `urgent`, or null.
    pub priority: Option<String>,
    /// The queue it goes to.
    pub queue: Option<String>,
}

/// Something about a rule that compiles but deserves a look.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct LintFinding {
    /// The tag whose rule it is about.
    pub tag: String,
    /// `always_evaluated`, `never_matches`, `only_negative`, `short_wildcard`, `regex_case`.
    pub kind: String,
    /// An explanation for the rule's author.
    pub message: String,
}

/// UTF-16 index of a byte offset of `text` (Kotlin strings count UTF-16 units).
fn utf16_index(text: &str, byte: usize) -> i64 {
    clamp(text.get(..byte).map_or(0, |s| s.encode_utf16().count()) as u64)
}

fn result(tagging: otklik::rules::Tagging, text: &str) -> TagResult {
    TagResult {
        tags: tagging.tags.iter().map(|t| t.tag.to_string()).collect(),
        categories: tagging
            .tags
            .iter()
            .map(|t| t.category.to_string())
            .collect(),
        matches: tagging
            .tags
            .iter()
            .flat_map(|t| {
                t.spans.iter().map(|s| TagSpan {
                    tag: t.tag.to_string(),
                    start: utf16_index(text, s.start),
                    end: utf16_index(text, s.end),
                    matched: text.get(s.start..s.end).unwrap_or("").to_owned(),
                })
            })
            .collect(),
        needs_reply: tagging.needs_reply,
        move_to_private: tagging.move_to_private,
        priority: tagging.priority.map(|p| p.as_str().to_owned()),
        queue: tagging.queue,
        truncated: tagging.truncated,
    }
}

impl RuleSet {
    /// The core rule set.
    pub(crate) fn core(&self) -> &otklik::rules::RuleSet {
        &self.inner
    }
}

#[uniffi::export]
impl RuleSet {
    /// Compiles a TOML rule file given as text; throws `OtklikException.Rule` with line, column
    /// and tag.
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<RuleSet>, OtklikError> {
        Ok(Arc::new(RuleSet {
            inner: otklik::rules::RuleSet::from_toml(&text)?,
        }))
    }

    /// Compiles a JSON rule file given as text.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<RuleSet>, OtklikError> {
        Ok(Arc::new(RuleSet {
            inner: otklik::rules::RuleSet::from_json(&text)?,
        }))
    }

    /// Reads and compiles a rule file (`.json` as JSON, anything else as TOML).
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<RuleSet>, OtklikError> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| OtklikError::io(format!("cannot read rule file {path}"), &e))?;
        let inner = if path.to_ascii_lowercase().ends_with(".json") {
            otklik::rules::RuleSet::from_json(&text)?
        } else {
            otklik::rules::RuleSet::from_toml(&text)?
        };
        Ok(Arc::new(RuleSet { inner }))
    }

    /// The tags, in rule-file order.
    pub fn tags(&self) -> Vec<TagInfo> {
        self.inner
            .tags()
            .iter()
            .map(|t| TagInfo {
                id: t.id.clone(),
                category: t.category.clone(),
                query: t.query.to_string(),
                needs_reply: t.needs_reply,
                priority: t.priority.map(|p| p.as_str().to_owned()),
                queue: t.queue.clone(),
            })
            .collect()
    }

    /// Findings about rules that compile but deserve a look.
    pub fn lint(&self) -> Vec<LintFinding> {
        self.inner
            .lint()
            .iter()
            .map(|l| LintFinding {
                tag: l.tag.clone(),
                kind: l.kind.as_str().to_owned(),
                message: l.message.clone(),
            })
            .collect()
    }

    /// Tags a text.
    pub fn tag(&self, text: String) -> TagResult {
        result(self.inner.tag_text(&text), &text)
    }

    /// Tags a mention: its text and, for field filters, its fields.
    pub fn tag_mention(&self, mention: Mention) -> Result<TagResult, OtklikError> {
        let m: otklik::Mention = mention.try_into()?;
        Ok(result(self.inner.tag(&m), &m.text))
    }

    /// Tags many texts, in order, on all cores.
    pub fn tag_many(&self, texts: Vec<String>) -> Vec<TagResult> {
        self.inner
            .tag_many(&texts)
            .into_iter()
            .zip(&texts)
            .map(|(t, text)| result(t, text))
            .collect()
    }
}

/// The text as rules see it: lower case, ё as е, Latin look-alikes in Cyrillic words folded,
/// apostrophes unified, NFKC.
#[uniffi::export]
pub fn normalize(text: String) -> String {
    otklik::text::normalize(&text).as_str().to_owned()
}

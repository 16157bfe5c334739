//! Reply scripts: templates keyed by tags, language and platform, chosen for a tagged mention.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::{ReplyError, ReplyErrorKind, line_column, read_file};
use super::lang::detect_language;
use super::template::{Filled, Template};
use crate::rules::Tagging;
use crate::{Mention, Platform};

/// The languages scripts may be written in.
pub const SCRIPT_LANGUAGES: &[&str] = &["uk", "ru", "be", "en", "kk"];

/// One script: when it applies and its variants.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Script {
    /// Its id, unique in the book.
    pub id: String,
    /// The tags a mention must all have (a combination); empty for a fallback that fits any.
    pub tags: Vec<String>,
    /// The languages it is written in (usually one).
    pub langs: Vec<String>,
    /// The platforms it is for; empty for all.
    pub platforms: Vec<Platform>,
    /// Whether it moves the customer to a private channel.
    pub private: bool,
    /// Its variants (rotated so that the same words are not posted twice in a row).
    pub variants: Vec<Template>,
}

/// A script chosen for a mention, its variant filled with the values that were known.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Suggestion {
    /// The script's id.
    pub script: String,
    /// The language of the reply.
    pub lang: String,
    /// Which variant (0-based) was filled.
    pub variant: usize,
    /// How many variants the script has.
    pub variants: usize,
    /// How many of the mention's tags the script matched (more is more specific).
    pub matched_tags: usize,
    /// Whether the script moves the customer to a private channel.
    pub private: bool,
    /// The filled reply: `text` is `None` while a placeholder has no value (listed in
    /// `missing`).
    pub reply: Filled,
}

/// A file of reply scripts.
///
/// ```toml
/// # languages answered in another: surzhyk gets a Ukrainian reply
/// answer_in = { mixed = "uk" }
/// default_lang = "uk"          # when no script is in the mention's language
///
/// [[script]]
/// id = "card-blocked-uk"
/// tags = ["complaint", "blocking"]
/// lang = "uk"
/// platforms = ["instagram", "facebook"]
/// private = true
/// variants = ["{name}, вітаємо! Перепрошуємо за незручності. Напишіть нам у Direct, ..."]
/// ```
///
/// ```
/// use std::collections::HashMap;
/// use otklik::Platform;
/// use otklik::replies::ScriptBook;
///
/// let book = ScriptBook::from_toml(r#"
/// [[script]]
/// id = "any-uk"
/// lang = "uk"
/// variants = ["Дякуємо, що написали! Уже дивимося."]
///
/// [[script]]
/// id = "complaint-uk"
/// tags = ["complaint"]
/// lang = "uk"
/// variants = ["{name}, перепрошуємо! Номер звернення {case_id}."]
/// "#)?;
/// let values = HashMap::from([("name".to_owned(), "Олено".to_owned())]);
/// let found = book.suggest(&["complaint", "card"], &Platform::Instagram, "uk", &values, 0);
/// assert_eq!(found[0].script, "complaint-uk"); // the most specific first
/// assert_eq!(found[0].reply.missing, ["case_id"]);
/// assert_eq!(found[0].reply.text, None);
/// assert_eq!(found[1].reply.text.as_deref(), Some("Дякуємо, що написали! Уже дивимося."));
/// # Ok::<(), otklik::replies::ReplyError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptBook {
    scripts: Vec<Script>,
    answer_in: HashMap<String, String>,
    default_lang: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    #[serde(default)]
    answer_in: HashMap<String, String>,
    default_lang: Option<Spanned<String>>,
    #[serde(default)]
    script: Vec<RawScript>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    id: Spanned<String>,
    #[serde(default)]
    tags: Vec<String>,
    lang: Spanned<OneOrMany>,
    #[serde(default)]
    platforms: Vec<Spanned<String>>,
    #[serde(default)]
    private: bool,
    variants: Spanned<Vec<Spanned<String>>>,
}

/// A TOML error placed at its line and column.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> ReplyError {
    let err = ReplyError::new(ReplyErrorKind::Syntax, e.message().to_owned());
    match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            err.at(line, column)
        }
        None => err,
    }
}

/// An error at a spanned value.
pub(crate) fn error_at<T>(
    text: &str,
    at: &Spanned<T>,
    kind: ReplyErrorKind,
    message: String,
) -> ReplyError {
    let (line, column) = line_column(text, at.span().start);
    ReplyError::new(kind, message).at(line, column)
}

/// Checks a language code against [`SCRIPT_LANGUAGES`] and `mixed`.
fn known_language(lang: &str) -> bool {
    SCRIPT_LANGUAGES.contains(&lang)
}

impl ScriptBook {
    /// Reads a script book from TOML. Unknown keys, duplicate ids, unknown languages or
    /// platforms, a script with no variant and a template that does not parse are errors with
    /// line, column and script id.
    pub fn from_toml(text: &str) -> Result<ScriptBook, ReplyError> {
        let raw: RawBook = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut scripts: Vec<Script> = Vec::new();
        for s in raw.script {
            let id = s.id.get_ref().clone();
            let here = |at_span: std::ops::Range<usize>, kind, message: String| {
                let (line, column) = line_column(text, at_span.start);
                ReplyError::new(kind, message).at(line, column).in_item(&id)
            };
            if id.is_empty() || id.trim() != id {
                return Err(here(
                    s.id.span(),
                    ReplyErrorKind::InvalidValue,
                    format!("script id {id:?}: give a non-empty id without surrounding spaces"),
                ));
            }
            if scripts.iter().any(|known| known.id == id) {
                return Err(here(
                    s.id.span(),
                    ReplyErrorKind::DuplicateId,
                    format!("a second script with id `{id}`"),
                ));
            }
            let lang_span = s.lang.span();
            let langs = s.lang.into_inner().into_vec();
            if langs.is_empty() {
                return Err(here(
                    lang_span,
                    ReplyErrorKind::InvalidValue,
                    "no language".into(),
                ));
            }
            if let Some(bad) = langs.iter().find(|l| !known_language(l)) {
                return Err(here(
                    lang_span,
                    ReplyErrorKind::InvalidValue,
                    format!(
                        "unknown language `{bad}`: use one of {}",
                        SCRIPT_LANGUAGES.join(", ")
                    ),
                ));
            }
            let mut platforms = Vec::new();
            for p in &s.platforms {
                let platform = Platform::from_name(p.get_ref());
                if !platform.is_known() {
                    return Err(here(
                        p.span(),
                        ReplyErrorKind::InvalidValue,
                        format!("unknown platform `{}`", p.get_ref()),
                    ));
                }
                platforms.push(platform);
            }
            if s.variants.get_ref().is_empty() {
                return Err(here(
                    s.variants.span(),
                    ReplyErrorKind::InvalidValue,
                    "no variant: give at least one reply text".into(),
                ));
            }
            let mut variants = Vec::new();
            for v in s.variants.into_inner() {
                let template = Template::parse(v.get_ref()).map_err(|e| {
                    // In a plain one-line string the text starts after the quote, byte for
                    // byte; in a multi-line or escaped one it does not: point at the string.
                    let span = v.span();
                    let raw = text.get(span.clone()).unwrap_or("");
                    let multi_line = raw.starts_with(r#"""""#) || raw.starts_with("'''");
                    let escaped = raw.starts_with('"') && raw.contains('\\');
                    let plain = !multi_line && !escaped;
                    let at = if plain {
                        span.start + 1 + e.offset
                    } else {
                        span.start
                    };
                    here(at..span.end, ReplyErrorKind::Template, e.reason)
                })?;
                variants.push(template);
            }
            scripts.push(Script {
                id,
                tags: s.tags,
                langs,
                platforms,
                private: s.private,
                variants,
            });
        }
        for (from, to) in &raw.answer_in {
            if !known_language(to) {
                return Err(ReplyError::new(
                    ReplyErrorKind::InvalidValue,
                    format!("answer_in: `{from}` is answered in unknown language `{to}`"),
                ));
            }
        }
        if let Some(d) = &raw.default_lang
            && !known_language(d.get_ref())
        {
            return Err(error_at(
                text,
                d,
                ReplyErrorKind::InvalidValue,
                format!("unknown default_lang `{}`", d.get_ref()),
            ));
        }
        Ok(ScriptBook {
            scripts,
            answer_in: raw.answer_in,
            default_lang: raw.default_lang.map(Spanned::into_inner),
        })
    }

    /// Reads a script book from a file; errors name the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<ScriptBook, ReplyError> {
        read_file(path.as_ref(), ScriptBook::from_toml)
    }

    /// The scripts, in file order.
    pub fn scripts(&self) -> &[Script] {
        &self.scripts
    }

    /// The scripts that fit a mention with these tags on this platform in language `lang`
    /// (after `answer_in`; if none is in it, in `default_lang`), most specific first: more
    /// matched tags, then platform-specific before general, then file order. Each has one
    /// variant filled: `variant_seed % variants` (pass a hash of the mention id to rotate).
    pub fn suggest(
        &self,
        tags: &[&str],
        platform: &Platform,
        lang: &str,
        values: &HashMap<String, String>,
        variant_seed: u64,
    ) -> Vec<Suggestion> {
        let lang = self.answer_in.get(lang).map_or(lang, String::as_str);
        let mut found = self.matching(tags, platform, lang);
        if found.is_empty()
            && let Some(default) = &self.default_lang
            && default != lang
        {
            found = self.matching(tags, platform, default);
        }
        found
            .into_iter()
            .map(|(script, lang)| {
                let variant = (variant_seed % script.variants.len() as u64) as usize;
                Suggestion {
                    script: script.id.clone(),
                    lang: lang.to_owned(),
                    variant,
                    variants: script.variants.len(),
                    matched_tags: script.tags.len(),
                    private: script.private,
                    reply: script.variants[variant].fill(values),
                }
            })
            .collect()
    }

    fn matching<'a>(
        &'a self,
        tags: &[&str],
        platform: &Platform,
        lang: &'a str,
    ) -> Vec<(&'a Script, &'a str)> {
        let mut found: Vec<(usize, &Script)> = self
            .scripts
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.langs.iter().any(|l| l == lang)
                    && (s.platforms.is_empty() || s.platforms.contains(platform))
                    && s.tags.iter().all(|t| tags.contains(&t.as_str()))
            })
            .collect();
        found.sort_by_key(|(i, s)| (std::cmp::Reverse(s.tags.len()), s.platforms.is_empty(), *i));
        found.into_iter().map(|(_, s)| (s, lang)).collect()
    }
}

/// The scripts for a tagged mention, in its language (its `lang`, else detected from its
/// text, else the book's `default_lang`, else Ukrainian), with a variant chosen from its id so
/// that replies in one thread rotate. See [`ScriptBook::suggest`].
///
/// ```
/// use std::collections::HashMap;
/// use chrono::{TimeZone, Utc};
/// use otklik::{Kind, Mention, Platform};
/// use otklik::replies::{ScriptBook, suggest_replies};
/// use otklik::rules::RuleSet;
///
/// let rules = RuleSet::from_toml("[[tag]]\nid = \"complaint\"\ncategory = \"type\"\nquery = '~заблокували'\n")?;
/// let book = ScriptBook::from_toml(r#"
/// [[script]]
/// id = "complaint-ru"
/// tags = ["complaint"]
/// lang = "ru"
/// variants = ["Здравствуйте! Очень жаль. Напишите нам в личные сообщения."]
/// "#)?;
/// let m = Mention::new("1", Platform::Vk, Kind::Comment, "Карту заблокували, почему?", Utc.timestamp_opt(0, 0).unwrap());
/// let found = suggest_replies(&book, &m, &rules.tag(&m), &HashMap::new());
/// assert_eq!(found[0].script, "complaint-ru");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn suggest_replies(
    book: &ScriptBook,
    mention: &Mention,
    tagging: &Tagging,
    values: &HashMap<String, String>,
) -> Vec<Suggestion> {
    let lang = mention
        .lang
        .as_deref()
        .or_else(|| detect_language(&mention.text))
        .or(book.default_lang.as_deref())
        .unwrap_or("uk");
    let tags = tagging.tag_ids();
    book.suggest(&tags, &mention.platform, lang, values, fnv1a(&mention.id))
}

/// FNV-1a of a string: a stable seed (the std hasher is randomised per process).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

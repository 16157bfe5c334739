//! Reply scripts and the draft checker from Kotlin, mirroring `otklik::replies`.

use std::collections::HashMap;
use std::sync::Arc;

use otklik::Platform;
use otklik::replies::{DraftContext, Suggestion as CoreSuggestion};
use otklik::rules::{TagMatch, Tagging};

use crate::error::{OtklikError, clamp};

fn platform(name: &str) -> Result<Platform, OtklikError> {
    let p = Platform::from_name(name);
    if p.is_known() {
        Ok(p)
    } else {
        Err(OtklikError::invalid(format!("unknown platform {name:?}")))
    }
}

/// A script chosen for a mention, its variant filled with the values that were known.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Suggestion {
    /// The script's id.
    pub script: String,
    /// The reply's language.
    pub lang: String,
    /// Which variant (0-based) was filled.
    pub variant: i64,
    /// How many variants the script has.
    pub variants: i64,
    /// How many tags the script matched.
    pub matched_tags: i64,
    /// Whether the script moves the customer to a private channel.
    pub private: bool,
    /// The reply, or null while a placeholder has no value.
    pub text: Option<String>,
    /// The placeholders with no value.
    pub missing: Vec<String>,
    /// The reply with missing placeholders shown as `[name]` (for the agent, never to post).
    pub preview: String,
}

impl From<CoreSuggestion> for Suggestion {
    fn from(s: CoreSuggestion) -> Suggestion {
        Suggestion {
            script: s.script,
            lang: s.lang,
            variant: clamp(s.variant as u64),
            variants: clamp(s.variants as u64),
            matched_tags: clamp(s.matched_tags as u64),
            private: s.private,
            text: s.reply.text,
            missing: s.reply.missing,
            preview: s.reply.preview,
        }
    }
}

/// Reply scripts keyed by tags, language and platform. Immutable and thread-safe.
#[derive(uniffi::Object)]
pub struct ScriptBook {
    inner: otklik::replies::ScriptBook,
}

#[uniffi::export]
impl ScriptBook {
    /// Reads a script book from TOML text; a bad file throws `OtklikException.Reply`.
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<ScriptBook>, OtklikError> {
        Ok(Arc::new(ScriptBook {
            inner: otklik::replies::ScriptBook::from_toml(&text)?,
        }))
    }

    /// Reads a script book from a file.
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<ScriptBook>, OtklikError> {
        Ok(Arc::new(ScriptBook {
            inner: otklik::replies::ScriptBook::from_path(&path)?,
        }))
    }

    /// The script ids, in file order.
    pub fn scripts(&self) -> Vec<String> {
        self.inner.scripts().iter().map(|s| s.id.clone()).collect()
    }

    /// The scripts that fit these tags, platform and language, most specific first, each with
    /// variant `variantSeed % variants` filled from `values`.
    pub fn suggest(
        &self,
        tags: Vec<String>,
        platform: String,
        lang: String,
        values: HashMap<String, String>,
        variant_seed: u64,
    ) -> Result<Vec<Suggestion>, OtklikError> {
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        Ok(self
            .inner
            .suggest(
                &tags,
                &self::platform(&platform)?,
                &lang,
                &values,
                variant_seed,
            )
            .into_iter()
            .map(Suggestion::from)
            .collect())
    }

    /// The scripts for a mention with these tags, in its language (its `lang`, else detected
    /// from its text), with a variant chosen from its id.
    pub fn suggest_for(
        &self,
        mention: crate::mention::Mention,
        tags: Vec<String>,
        values: HashMap<String, String>,
    ) -> Result<Vec<Suggestion>, OtklikError> {
        let m: otklik::Mention = mention.try_into()?;
        let tagging = Tagging {
            tags: tags
                .into_iter()
                .map(|tag| TagMatch {
                    tag: tag.into(),
                    category: "".into(),
                    spans: Default::default(),
                })
                .collect(),
            ..Tagging::default()
        };
        Ok(
            otklik::replies::suggest_replies(&self.inner, &m, &tagging, &values)
                .into_iter()
                .map(Suggestion::from)
                .collect(),
        )
    }
}

/// One problem of a draft: `draft.substring(start, end)` when it is a part of it (UTF-16).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct DraftFinding {
    /// `forbidden`, `missing`, `too_long`, `personal_data` or `secret_request`.
    pub kind: String,
    /// The rule's id.
    pub rule: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    /// What to do about it.
    pub message: String,
    /// Start index into the draft.
    pub start: Option<i64>,
    /// End index, exclusive.
    pub end: Option<i64>,
}

/// The result of checking a draft.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct DraftCheck {
    /// The findings, errors first.
    pub findings: Vec<DraftFinding>,
    /// The draft's length as the platform counts it.
    pub length: i64,
    /// The platform's limit, if any.
    pub limit: Option<i64>,
    /// No error and no warning.
    pub passed: bool,
    /// At least one error.
    pub has_errors: bool,
}

fn utf16(text: &str, byte: usize) -> i64 {
    clamp(text.get(..byte).map_or(0, |s| s.encode_utf16().count()) as u64)
}

/// A compiled tone-of-voice file plus the checks no file can turn off. Immutable, thread-safe.
#[derive(uniffi::Object)]
pub struct ToneChecker {
    inner: otklik::replies::ToneChecker,
}

#[uniffi::export]
impl ToneChecker {
    /// Only the built-in checks and the platforms' limits.
    #[uniffi::constructor]
    pub fn builtin() -> Arc<ToneChecker> {
        Arc::new(ToneChecker {
            inner: otklik::replies::ToneChecker::builtin(),
        })
    }

    /// Compiles a tone-of-voice file given as TOML text.
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<ToneChecker>, OtklikError> {
        Ok(Arc::new(ToneChecker {
            inner: otklik::replies::ToneChecker::from_toml(&text)?,
        }))
    }

    /// Reads and compiles a tone-of-voice file.
    #[uniffi::constructor]
    pub fn from_file(path: String) -> Result<Arc<ToneChecker>, OtklikError> {
        Ok(Arc::new(ToneChecker {
            inner: otklik::replies::ToneChecker::from_path(&path)?,
        }))
    }

    /// Checks a draft on `platform`; `public` null means every platform but the Telegram bot;
    /// `tags` are the customer's mention's tags.
    pub fn check(
        &self,
        draft: String,
        platform: String,
        public: Option<bool>,
        tags: Vec<String>,
    ) -> Result<DraftCheck, OtklikError> {
        let mut context = DraftContext::new(self::platform(&platform)?).with_tags(tags);
        if let Some(public) = public {
            context = context.public(public);
        }
        let check = self.inner.check(&draft, &context);
        Ok(DraftCheck {
            findings: check
                .findings
                .iter()
                .map(|f| DraftFinding {
                    kind: f.kind.as_str().to_owned(),
                    rule: f.rule.clone(),
                    severity: f.severity.as_str().to_owned(),
                    message: f.message.clone(),
                    start: f.span.map(|s| utf16(&draft, s.start)),
                    end: f.span.map(|s| utf16(&draft, s.end)),
                })
                .collect(),
            length: clamp(check.length as u64),
            limit: check.limit.map(|l| clamp(l.max as u64)),
            passed: check.passed(),
            has_errors: check.has_errors(),
        })
    }
}

/// The length of a post as X counts it (URLs 23, emoji 2, CJK 2, others 1).
#[uniffi::export]
pub fn x_length(text: String) -> i64 {
    clamp(otklik::replies::x_length(&text) as u64)
}

/// `uk`, `ru`, `be` or `en` by the letters of a text; null when too short to tell.
#[uniffi::export]
pub fn detect_language(text: String) -> Option<String> {
    otklik::replies::detect_language(&text).map(str::to_owned)
}

//! The draft checker: a team's tone-of-voice file (forbidden wording, required elements, length
//! limits, written in the tagging query language) plus checks no team may turn off: personal
//! data in a public reply, and a request for a card number, PIN, CVV or SMS code.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use super::error::{ReplyError, ReplyErrorKind, line_column, read_file};
use super::length::{Limit, platform_limit};
use super::scripts::{error_at, toml_error};
use crate::pii::find_pii;
use crate::rules::{RuleSet, Span, Tagging};
use crate::{Kind, Mention, Platform};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Should be fixed before posting.
    Warning,
    /// Must not be posted.
    Error,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingKind {
    /// Wording the team bans.
    Forbidden,
    /// An element the team requires is missing.
    Missing,
    /// Longer than the platform allows.
    TooLong,
    /// Personal data in a public reply.
    PersonalData,
    /// The reply asks for a card number, PIN, CVV, SMS code or password.
    SecretRequest,
}

impl FindingKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Forbidden => "forbidden",
            FindingKind::Missing => "missing",
            FindingKind::TooLong => "too_long",
            FindingKind::PersonalData => "personal_data",
            FindingKind::SecretRequest => "secret_request",
        }
    }
}

/// One problem of a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
    /// The rule's id (`length`, `pii:card`, `secret:pin`, or the tone file's id).
    pub rule: String,
    /// How serious.
    pub severity: Severity,
    /// What to do about it.
    pub message: String,
    /// Where in the draft, when it is a part of it.
    pub span: Option<Span>,
}

/// The result of checking a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DraftCheck {
    /// The findings, errors first, then in text order.
    pub findings: Vec<Finding>,
    /// The draft's length as the platform counts it.
    pub length: usize,
    /// The platform's limit, if it has one.
    pub limit: Option<Limit>,
}

impl DraftCheck {
    /// Whether the draft may be posted as it is: no error and no warning.
    pub fn passed(&self) -> bool {
        self.findings.iter().all(|f| f.severity == Severity::Info)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Where a draft will be posted, and what it answers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DraftContext {
    /// The platform.
    pub platform: Platform,
    /// Whether everyone can read it (a comment, a review reply) rather than only the customer.
    pub public: bool,
    /// The tags of the customer's mention (required elements may depend on them).
    pub tags: Vec<String>,
}

impl DraftContext {
    /// A reply on `platform`: public unless it is the Telegram bot.
    pub fn new(platform: Platform) -> DraftContext {
        DraftContext {
            public: platform != Platform::TelegramBot,
            platform,
            tags: Vec::new(),
        }
    }

    /// A reply to this mention: on its platform, public unless it was a private message.
    pub fn reply_to(mention: &Mention, tagging: &Tagging) -> DraftContext {
        DraftContext {
            public: mention.platform != Platform::TelegramBot && mention.kind != Kind::Message,
            platform: mention.platform.clone(),
            tags: tagging.tag_ids().into_iter().map(str::to_owned).collect(),
        }
    }

    /// Sets whether the reply is public.
    pub fn public(mut self, public: bool) -> DraftContext {
        self.public = public;
        self
    }

    /// Sets the customer's tags.
    pub fn with_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> DraftContext {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }
}

#[derive(Clone, Debug)]
struct ToneRule {
    id: String,
    /// Its tag in the compiled rule set (`forbid:<id>` or `require:<id>`).
    tag: String,
    severity: Severity,
    message: String,
    platforms: Vec<Platform>,
    /// For required elements: only when the customer's mention has one of these tags.
    when_tags: Vec<String>,
}

/// A compiled tone-of-voice file: immutable, `Send + Sync`.
///
/// ```toml
/// [aliases]
/// greeting = 'вітаємо OR "добрий день" OR здравствуйте OR hello OR hi'
///
/// [limits]
/// telegram = 1000            # the team's own limit, below the platform's
///
/// [[forbid]]
/// id = "bureaucratic"
/// query = '"ваше звернення зареєстровано" OR "в порядке очереди"'
/// severity = "warning"       # info, warning or error
/// message = "Say it plainly, as a person would"
///
/// [[require]]
/// id = "apology"
/// query = 'перепрошуємо OR вибачте OR извините OR sorry OR apologi*'
/// when_tags = ["complaint"]  # only in replies to complaints
/// severity = "warning"
/// message = "Apologise to a customer who complains"
/// ```
///
/// ```
/// use otklik::Platform;
/// use otklik::replies::{DraftContext, FindingKind, ToneChecker};
///
/// let checker = ToneChecker::from_toml(r#"
/// [[forbid]]
/// id = "bureaucratic"
/// query = '"в порядке очереди"'
/// severity = "warning"
/// message = "Say it plainly"
/// "#)?;
/// let ctx = DraftContext::new(Platform::Instagram);
/// let check = checker.check("Ваше обращение будет рассмотрено в порядке очереди.", &ctx);
/// assert_eq!(check.findings[0].kind, FindingKind::Forbidden);
/// let fraud = checker.check("Напишите, пожалуйста, CVV и код из СМС", &ctx);
/// assert!(fraud.has_errors()); // always, whatever the file says
/// assert!(checker.check("Вітаємо! Дякуємо, що написали 🙏", &ctx).passed());
/// # Ok::<(), otklik::replies::ReplyError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ToneChecker {
    rules: Option<RuleSet>,
    forbid: Vec<ToneRule>,
    require: Vec<ToneRule>,
    limits: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTone {
    #[serde(default)]
    aliases: toml::Table,
    #[serde(default)]
    limits: HashMap<String, Spanned<usize>>,
    #[serde(default)]
    forbid: Vec<RawRule>,
    #[serde(default)]
    require: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    query: Spanned<String>,
    #[serde(default = "default_severity")]
    severity: Severity,
    message: String,
    #[serde(default)]
    platforms: Vec<Spanned<String>>,
    #[serde(default)]
    when_tags: Vec<String>,
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// The checks no team may turn off: asking for secrets. Written in the query language and
/// checked, sentence by sentence, by the same engine; the examples are tests run at compile
/// time of every checker.
const SECRET_RULES: &str = r#"
[aliases]
ask = 'надішл* OR надсил* OR напиш* OR вкаж* OR повідом* OR продикт* OR назв* OR скин* OR введ* OR відправ* OR пришл* OR присыл* OR укаж* OR сообщ* OR отправ* OR дашл* OR напіш* OR пакаж* OR паведам* OR send OR provide OR tell OR share OR give OR enter OR type OR confirm OR dm OR "reply with"'
never = '''ніколи OR никогда OR ніколі OR never OR "не повідомляйте" OR "не сообщайте" OR "не паведамляйце" OR "не передавайте" OR "не кажіть" OR "не говорите" OR "не надсилайте" OR "не отправляйте" OR "do not" OR "don't" OR "не просимо" OR "не просим" OR "не запитуємо" OR "не спрашиваем"'''

[[tag]]
id = "secret:code"
category = "type"
query = '@alias(ask) NEAR/6 (cvv OR cvc OR cvv2 OR cvc2 OR pin OR "pin-код" OR "пін-код" OR "пин-код" OR пін OR пин OR "код з смс" OR "код із смс" OR "код из смс" OR "смс-код" OR "sms code" OR "sms-код" OR "код з sms" OR "код из sms" OR otp OR "one-time password" OR пароль OR password OR "тризначний код" OR "трехзначный код" OR "three-digit code") AND NOT @alias(never)'
examples.match = ["Напишіть, будь ласка, CVV-код з картки", "Продиктуйте код из СМС", "Please send us your PIN", "Дашліце код з СМС"]
examples.no_match = ["Ніколи не повідомляйте нікому PIN та CVV", "We will never ask for your PIN", "Код з СМС прийде протягом хвилини"]

[[tag]]
id = "secret:card_number"
category = "type"
query = '@alias(ask) NEAR/6 ("номер картки" OR "номер карти" OR "номер карты" OR "нумар карткі" OR "card number" OR "full card" OR "повний номер" OR "полный номер" OR "реквізити картки" OR "реквизиты карты" OR "термін дії" OR "срок действия" OR "expiry date") AND NOT (@alias(never) OR останн* OR последн* OR апошн* OR last)'
examples.match = ["Надішліть номер картки в особисті", "Укажите полный номер карты и срок действия", "Please DM us your card number"]
examples.no_match = ["Напишіть останні 4 цифри номера картки", "Never share your card number", "Номер картки бачимо в профілі"]
"#;

fn secret_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        // Checked by the unit test `secret_rules_compile_with_their_examples`.
        RuleSet::from_toml(SECRET_RULES).unwrap_or_else(|e| panic!("built-in secret rules: {e}"))
    })
}

impl ToneChecker {
    /// A checker with no tone file: only the limits of the platforms and the checks no team
    /// may turn off.
    pub fn builtin() -> ToneChecker {
        ToneChecker {
            rules: None,
            forbid: Vec::new(),
            require: Vec::new(),
            limits: HashMap::new(),
        }
    }

    /// Compiles a tone-of-voice file. Unknown keys, duplicate ids, unknown platforms and
    /// queries that do not compile are errors with line, column and rule id.
    pub fn from_toml(text: &str) -> Result<ToneChecker, ReplyError> {
        let raw: RawTone = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut limits = HashMap::new();
        for (name, max) in &raw.limits {
            if !Platform::from_name(name).is_known() {
                return Err(error_at(
                    text,
                    max,
                    ReplyErrorKind::InvalidValue,
                    format!("limits: unknown platform `{name}`"),
                ));
            }
            limits.insert(
                Platform::from_name(name).as_str().to_owned(),
                *max.get_ref(),
            );
        }
        let mut generated = String::new();
        if !raw.aliases.is_empty() {
            generated.push_str("[aliases]\n");
            generated.push_str(
                &toml::to_string(&raw.aliases).map_err(|e| {
                    ReplyError::new(ReplyErrorKind::Syntax, format!("aliases: {e}"))
                })?,
            );
        }
        let mut ids: Vec<String> = Vec::new();
        let mut spans: HashMap<String, (String, std::ops::Range<usize>)> = HashMap::new();
        let mut convert = |group: &str, rules: Vec<RawRule>| -> Result<Vec<ToneRule>, ReplyError> {
            let mut out = Vec::new();
            for r in rules {
                let id = r.id.get_ref().clone();
                if id.is_empty() || id.trim() != id {
                    return Err(error_at(
                        text,
                        &r.id,
                        ReplyErrorKind::InvalidValue,
                        format!("rule id {id:?}: give a non-empty id without surrounding spaces"),
                    )
                    .in_item(&id));
                }
                if ids.contains(&id) {
                    return Err(error_at(
                        text,
                        &r.id,
                        ReplyErrorKind::DuplicateId,
                        format!("a second rule with id `{id}`"),
                    )
                    .in_item(&id));
                }
                ids.push(id.clone());
                let mut platforms = Vec::new();
                for p in &r.platforms {
                    let platform = Platform::from_name(p.get_ref());
                    if !platform.is_known() {
                        return Err(error_at(
                            text,
                            p,
                            ReplyErrorKind::InvalidValue,
                            format!("unknown platform `{}`", p.get_ref()),
                        )
                        .in_item(&id));
                    }
                    platforms.push(platform);
                }
                let tag = format!("{group}:{id}");
                generated.push_str(&format!(
                    "[[tag]]\nid = {}\ncategory = \"type\"\nquery = {}\n",
                    toml::Value::String(tag.clone()),
                    toml::Value::String(r.query.get_ref().clone())
                ));
                spans.insert(tag.clone(), (id.clone(), r.query.span()));
                out.push(ToneRule {
                    id,
                    tag,
                    severity: r.severity,
                    message: r.message,
                    platforms,
                    when_tags: r.when_tags,
                });
            }
            Ok(out)
        };
        let forbid = convert("forbid", raw.forbid)?;
        let require = convert("require", raw.require)?;
        let rules = if forbid.is_empty() && require.is_empty() {
            None
        } else {
            Some(RuleSet::from_toml(&generated).map_err(|e| {
                let place = e.tag().and_then(|t| spans.get(t));
                let mut err = ReplyError::from_rule(e.clone());
                if let Some((id, span)) = place {
                    let (line, column) = line_column(text, span.start);
                    err = err.at(line, column).in_item(id);
                }
                err
            })?)
        };
        Ok(ToneChecker {
            rules,
            forbid,
            require,
            limits,
        })
    }

    /// Reads and compiles a tone-of-voice file; errors name the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<ToneChecker, ReplyError> {
        read_file(path.as_ref(), ToneChecker::from_toml)
    }

    /// The limit that applies on a platform: the file's, else the platform's own.
    pub fn limit(&self, platform: &Platform) -> Option<Limit> {
        let own = platform_limit(platform);
        match self.limits.get(platform.as_str()) {
            Some(&max) => Some(Limit {
                max,
                weighted: own.is_some_and(|l| l.weighted),
            }),
            None => own,
        }
    }

    /// Checks a draft reply.
    pub fn check(&self, draft: &str, context: &DraftContext) -> DraftCheck {
        let mut findings = Vec::new();
        let applies =
            |r: &ToneRule| r.platforms.is_empty() || r.platforms.contains(&context.platform);
        if let Some(rules) = &self.rules {
            let tagging = rules.tag_text(draft);
            for r in self.forbid.iter().filter(|r| applies(r)) {
                if let Some(hit) = tagging.tags.iter().find(|t| *t.tag == *r.tag) {
                    findings.push(Finding {
                        kind: FindingKind::Forbidden,
                        rule: r.id.clone(),
                        severity: r.severity,
                        message: r.message.clone(),
                        span: hit.spans.first().copied(),
                    });
                }
            }
            for r in self.require.iter().filter(|r| applies(r)) {
                let wanted =
                    r.when_tags.is_empty() || r.when_tags.iter().any(|t| context.tags.contains(t));
                if wanted && !tagging.has(&r.tag) {
                    findings.push(Finding {
                        kind: FindingKind::Missing,
                        rule: r.id.clone(),
                        severity: r.severity,
                        message: r.message.clone(),
                        span: None,
                    });
                }
            }
        }
        let limit = self.limit(&context.platform);
        let length = limit.map_or_else(|| draft.chars().count(), |l| l.length(draft));
        if let Some(l) = limit
            && length > l.max
        {
            findings.push(Finding {
                kind: FindingKind::TooLong,
                rule: "length".into(),
                severity: Severity::Error,
                message: format!(
                    "{length} characters{} where {} allows {}: shorten it",
                    if l.weighted { " as X counts them" } else { "" },
                    context.platform,
                    l.max
                ),
                span: None,
            });
        }
        if context.public {
            for found in find_pii(draft) {
                findings.push(Finding {
                    kind: FindingKind::PersonalData,
                    rule: format!("pii:{}", found.kind.as_str()),
                    severity: Severity::Error,
                    message: format!(
                        "a {} in a public reply: remove it and move the conversation to a private channel",
                        found.kind.as_str()
                    ),
                    span: Some(Span {
                        start: found.start,
                        end: found.end,
                        char_start: found.char_start,
                        char_end: found.char_end,
                    }),
                });
            }
        }
        findings.extend(secret_requests(draft));
        findings.sort_by_key(|f| {
            (
                std::cmp::Reverse(f.severity),
                f.span.map_or(usize::MAX, |s| s.start),
            )
        });
        DraftCheck {
            findings,
            length,
            limit,
        }
    }
}

/// Requests for secrets, found sentence by sentence (so that "we never ask for your PIN" in one
/// sentence does not hide "send us the code" in the next).
fn secret_requests(draft: &str) -> Vec<Finding> {
    let rules = secret_rules();
    let mut findings = Vec::new();
    let (mut start, mut chars_before) = (0usize, 0usize);
    // Sentence ends: after each of these (all one byte), and the end of the draft.
    for end in draft
        .bytes()
        .enumerate()
        .filter(|&(_, b)| matches!(b, b'.' | b'!' | b'?' | b'\n' | b';'))
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(draft.len()))
    {
        if end <= start {
            continue;
        }
        let sentence = &draft[start..end];
        for t in rules.tag_text(sentence).tags {
            let kind = t.tag.trim_start_matches("secret:").to_owned();
            findings.push(Finding {
                kind: FindingKind::SecretRequest,
                rule: t.tag.to_string(),
                severity: Severity::Error,
                message: format!(
                    "the reply asks for a {}: a bank never does, and fraudsters do; remove it",
                    kind.replace('_', " ")
                ),
                span: t.spans.first().map(|s| Span {
                    start: s.start + start,
                    end: s.end + start,
                    char_start: s.char_start + chars_before,
                    char_end: s.char_end + chars_before,
                }),
            });
        }
        chars_before += sentence.chars().count();
        start = end;
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_rules_compile_with_their_examples() {
        RuleSet::from_toml(SECRET_RULES).unwrap();
    }

    #[test]
    fn a_request_after_a_warning_is_still_found() {
        let found = secret_requests("Ніколи не повідомляйте PIN. Надішліть код з СМС, будь ласка.");
        assert_eq!(found.len(), 1);
        let span = found[0].span.unwrap();
        let draft = "Ніколи не повідомляйте PIN. Надішліть код з СМС, будь ласка.";
        assert!(
            draft[span.start..span.end].starts_with("Надішліть")
                || draft[span.start..span.end].contains("код")
        );
    }
}

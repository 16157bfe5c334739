//! Replies: response scripts chosen by tag, language and platform, and a checker of agents'
//! drafts against the team's tone of voice, with the checks no team may turn off.
//!
//! - [`ScriptBook`] reads a TOML file of templates keyed by tags (a combination), language and
//!   platform; [`suggest_replies`] returns the scripts that fit a tagged mention, most specific
//!   first, filled with the values known; a placeholder with no value is listed in
//!   [`Filled::missing`] and the reply's `text` stays `None`: `{name}` is never rendered.
//! - [`ToneChecker`] reads a tone-of-voice file (forbidden wording, required elements such as a
//!   greeting, an apology for a complaint or a next step, and the team's length limits), written
//!   in the tagging query language and compiled by the same engine. It also checks the length
//!   as each platform counts it ([`x_length`] for X), personal data in a public reply (by the
//!   [`pii`](crate::pii) detector, with the advice to move to a private channel), and any
//!   request for a card number, PIN, CVV, SMS code or password (always an error).
//! - [`detect_language`] guesses `uk`, `ru`, `be` or `en` when a mention has no `lang`.

mod checker;
mod error;
mod lang;
mod length;
mod scripts;
mod template;

pub use checker::{DraftCheck, DraftContext, Finding, FindingKind, Severity, ToneChecker};
pub use error::{ReplyError, ReplyErrorKind};
pub use lang::detect_language;
pub use length::{Limit, X_URL_LENGTH, platform_limit, x_length};
pub use scripts::{SCRIPT_LANGUAGES, Script, ScriptBook, Suggestion, suggest_replies};
pub use template::{Filled, Template, TemplateError};

//! Rules: the query language, rule files, and the compiled [`RuleSet`] that tags mentions.
//!
//! A rule file declares tags, each with a query in a Boolean language that takes the common core
//! of Brandwatch, YouScan, Talkwalker and Meltwater (DESIGN 3.3):
//!
//! | syntax | meaning |
//! |---|---|
//! | `word`, `"a phrase"` | that word (a whole token) or those words in this order; normalized like the text |
//! | `AND`, `OR`, `NOT`, `-word`, `( )` | Boolean logic, precedence NOT > AND > OR |
//! | `word*`, `w?rd` | wildcards: `*` any letters, `?` exactly one |
//! | `~word` | any form of the word (Snowball stemming: Russian, Ukrainian, English) |
//! | `a NEAR/n b`, `a NEAR/nf b`, `a ONEAR/n b` | at most n words between them; `f`/`ONEAR`: a comes first |
//! | `#hashtag`, `@handle` | a hashtag or handle token |
//! | `platform:x`, `kind:review`, `lang:uk`, `region:kyiv`, `author:a`, `url:zorya.ua`, `rating:<=2`, `reach:>1000`, `is_reply:true`, `brand:false` | conditions on the mention's fields |
//! | `/regex/` | a Rust regex over the normalized text (linear time) |
//! | `{BT}` | exact case-sensitive spelling |
//! | `@alias(name)` | a named query from the file's `[aliases]` |
//!
//! Two bare words side by side are an error by default (AND in some tools, proximity in
//! others); a rule file can set `implicit_operator = "and"`.

mod parse;
mod query;

pub use parse::{
    MAX_DEPTH, MAX_QUERY_BYTES, MAX_QUERY_PARTS, ParseOptions, QueryError, parse_query,
};
pub use query::{Cmp, FIELD_NAMES, Field, Query, Term};

mod compile;
mod error;
mod file;
mod lint;
mod matcher;
mod prefetch;
mod stem;
mod tagging;
mod terms;

pub use compile::{KNOWN_CATEGORIES, RuleSet, TagDef};
pub(crate) use error::line_column;
pub use error::{RuleError, RuleErrorKind};
pub use file::Priority;
pub use lint::{Lint, LintKind};
pub use matcher::{MAX_SPANS_PER_TAG, MAX_TEXT_BYTES};
pub use tagging::{Span, Spans, TagMatch, Tagging};

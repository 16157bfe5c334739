//! The query AST and its canonical printed form.

use std::fmt::{self, Write as _};

use crate::{Kind, Platform};

/// A parsed query (DESIGN 3.3). Words are stored normalized, so `Сбeрбанк` in a rule is
/// `сбербанк` here; [`Display`](fmt::Display) prints the canonical form, which parses back to
/// the same query.
///
/// ```
/// use otklik::rules::{parse_query, ParseOptions};
///
/// let q = parse_query("(\"Не работает\" OR \"списали деньги\") -тест", &ParseOptions::default()).unwrap();
/// assert_eq!(q.to_string(), "(\"не работает\" OR \"списали деньги\") AND NOT тест");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Query {
    /// One term.
    Term(Term),
    /// Words in this order, adjacent (`"списали деньги"`); at least two words.
    Phrase(Vec<String>),
    /// Every part must match (at least two parts, none of them an `And`).
    And(Vec<Query>),
    /// Some part must match (at least two parts, none of them an `Or`).
    Or(Vec<Query>),
    /// The part must not match.
    Not(Box<Query>),
    /// Both sides match with at most `distance` words between them; `ordered`: left first.
    Near {
        /// Left side: a term, a phrase or a group of them joined by OR.
        left: Box<Query>,
        /// Right side, like the left.
        right: Box<Query>,
        /// The most words allowed between the two sides.
        distance: u32,
        /// Whether the left side must come first (`NEAR/nf`, `ONEAR/n`).
        ordered: bool,
    },
    /// A condition on a mention's fields (`platform:instagram`, `rating:<=2`).
    Field(Field),
    /// A regular expression over the normalized text (Rust `regex` syntax, linear time).
    Regex(String),
}

/// A single-word term.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Term {
    /// This word only, as a whole token (normalized).
    Word(String),
    /// A word with `*` (any run of letters) and `?` (one letter) wildcards (normalized).
    Wildcard(String),
    /// Any form of this word, by Snowball stemming in Russian, Ukrainian or English (`~word`).
    Stem(String),
    /// This exact spelling, case-sensitive (`{BT}`); not normalized.
    Exact(String),
    /// A hashtag (`#зорябанк`), without the `#` (normalized).
    Hashtag(String),
    /// A handle (`@zoryabank`), without the `@` (normalized).
    Handle(String),
}

/// A comparison in a numeric field filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=` (or no operator)
    Eq,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

impl Cmp {
    /// Whether `value` compares to `bound` this way.
    pub fn holds(self, value: u64, bound: u64) -> bool {
        match self {
            Cmp::Lt => value < bound,
            Cmp::Le => value <= bound,
            Cmp::Eq => value == bound,
            Cmp::Ge => value >= bound,
            Cmp::Gt => value > bound,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }
}

/// A condition on a mention's fields. Text values compare case-insensitively; `url:` matches
/// when the URL contains the value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `platform:instagram`
    Platform(Platform),
    /// `kind:review`
    Kind(Kind),
    /// `lang:uk`
    Lang(String),
    /// `region:kyiv`
    Region(String),
    /// `author:olena`
    Author(String),
    /// `url:zorya.ua`
    Url(String),
    /// `rating:<=2`
    Rating(Cmp, u64),
    /// `reach:>1000`
    Reach(Cmp, u64),
    /// `is_reply:true`
    IsReply(bool),
    /// `brand:true` (written by the bank's own accounts)
    Brand(bool),
}

/// The field names a query may filter on.
pub const FIELD_NAMES: &[&str] = &[
    "platform", "kind", "lang", "region", "author", "url", "rating", "reach", "is_reply", "brand",
];

/// Binding strength, for printing parentheses only where needed.
fn precedence(q: &Query) -> u8 {
    match q {
        Query::Or(_) => 1,
        Query::And(_) => 2,
        Query::Not(_) => 3,
        Query::Near { .. } => 4,
        _ => 5,
    }
}

fn write_child(f: &mut fmt::Formatter<'_>, child: &Query, min: u8) -> fmt::Result {
    if precedence(child) < min {
        write!(f, "({child})")
    } else {
        write!(f, "{child}")
    }
}

/// Whether a word prints bare and lexes back as the same single word.
fn is_bare(word: &str) -> bool {
    !word.is_empty()
        && !matches!(word, "AND" | "OR" | "NOT")
        && !word.starts_with(['-', '~', '#', '@', '{', '/'])
        && !word.starts_with("NEAR/")
        && !word.starts_with("ONEAR/")
        && !word
            .chars()
            .any(|c| c.is_whitespace() || "()\"*?:{}".contains(c))
}

fn write_quoted(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        if c == '"' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('"')
}

fn write_value(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if is_bare(text) && !text.contains(['(', ')']) {
        f.write_str(text)
    } else {
        write_quoted(f, text)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Word(w) if is_bare(w) => f.write_str(w),
            Term::Word(w) => write_quoted(f, w),
            Term::Wildcard(w) => f.write_str(w),
            Term::Stem(w) => write!(f, "~{w}"),
            Term::Exact(w) => write!(f, "{{{w}}}"),
            Term::Hashtag(w) => write!(f, "#{w}"),
            Term::Handle(w) => write!(f, "@{w}"),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Platform(p) => write!(f, "platform:{p}"),
            Field::Kind(k) => write!(f, "kind:{k}"),
            Field::Lang(v) => f.write_str("lang:").and_then(|()| write_value(f, v)),
            Field::Region(v) => f.write_str("region:").and_then(|()| write_value(f, v)),
            Field::Author(v) => f.write_str("author:").and_then(|()| write_value(f, v)),
            Field::Url(v) => f.write_str("url:").and_then(|()| write_value(f, v)),
            Field::Rating(c, n) => write!(f, "rating:{}{n}", c.as_str()),
            Field::Reach(c, n) => write!(f, "reach:{}{n}", c.as_str()),
            Field::IsReply(b) => write!(f, "is_reply:{b}"),
            Field::Brand(b) => write!(f, "brand:{b}"),
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Term(t) => write!(f, "{t}"),
            Query::Phrase(words) => write_quoted(f, &words.join(" ")),
            Query::And(parts) | Query::Or(parts) => {
                let (op, min) = if matches!(self, Query::And(_)) {
                    (" AND ", 3)
                } else {
                    (" OR ", 2)
                };
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(op)?;
                    }
                    write_child(f, part, min)?;
                }
                Ok(())
            }
            Query::Not(inner) => {
                f.write_str("NOT ")?;
                write_child(f, inner, 3)
            }
            Query::Near {
                left,
                right,
                distance,
                ordered,
            } => {
                write_child(f, left, 5)?;
                write!(f, " NEAR/{distance}{} ", if *ordered { "f" } else { "" })?;
                write_child(f, right, 5)
            }
            Query::Field(field) => write!(f, "{field}"),
            Query::Regex(re) => write!(f, "/{}/", re.replace('/', "\\/")),
        }
    }
}

impl Query {
    /// Visits this query and every sub-query, parents first.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Query)) {
        visit(self);
        match self {
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|p| p.walk(visit)),
            Query::Not(inner) => inner.walk(visit),
            Query::Near { left, right, .. } => {
                left.walk(visit);
                right.walk(visit);
            }
            _ => {}
        }
    }
}

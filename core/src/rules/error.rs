//! [`RuleError`]: a rule file that does not compile, with the place and the reason.

use std::fmt;

/// What kind of problem a [`RuleError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The file is not valid TOML or JSON, or has an unknown or missing key.
    Syntax,
    /// A query does not parse.
    Query,
    /// Two tags have the same id.
    DuplicateId,
    /// A tag's category is neither a known one nor declared in `categories`.
    UnknownCategory,
    /// A value is out of its domain (an empty id or query, an unknown `implicit_operator`).
    InvalidValue,
    /// An alias is unknown, or refers to itself.
    Alias,
    /// An example of a tag does not behave as the file says.
    Example,
}

impl RuleErrorKind {
    /// A stable snake_case name, as the bindings spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleErrorKind::Syntax => "syntax",
            RuleErrorKind::Query => "query",
            RuleErrorKind::DuplicateId => "duplicate_id",
            RuleErrorKind::UnknownCategory => "unknown_category",
            RuleErrorKind::InvalidValue => "invalid_value",
            RuleErrorKind::Alias => "alias",
            RuleErrorKind::Example => "example",
        }
    }
}

/// A rule file that does not compile: what is wrong, and where (line and column in the file
/// where known, the tag, the example).
///
/// ```
/// use otklik::rules::{RuleErrorKind, RuleSet};
///
/// let err = RuleSet::from_toml(r#"
/// [[tag]]
/// id = "complaint"
/// category = "type"
/// query = 'не працює OR "списали гроші"'
/// "#).unwrap_err();
/// assert_eq!(err.kind(), RuleErrorKind::Query);
/// assert_eq!((err.line(), err.column(), err.tag()), (Some(5), Some(13), Some("complaint")));
/// assert!(err.to_string().starts_with("line 5, column 13, tag `complaint`: two terms side by side"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct RuleError {
    kind: RuleErrorKind,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
    tag: Option<String>,
    example: Option<String>,
}

impl RuleError {
    pub(crate) fn new(kind: RuleErrorKind, message: impl Into<String>) -> Self {
        RuleError {
            kind,
            message: message.into(),
            line: None,
            column: None,
            tag: None,
            example: None,
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub(crate) fn in_tag(mut self, tag: &str) -> Self {
        self.tag = Some(tag.to_owned());
        self
    }

    pub(crate) fn with_example(mut self, example: &str) -> Self {
        self.example = Some(example.to_owned());
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> RuleErrorKind {
        self.kind
    }

    /// The line in the rule file, from 1, where known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The column (in characters) in that line, from 1, where known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The id of the tag at fault, where known.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The example at fault ([`RuleErrorKind::Example`]).
    pub fn example(&self) -> Option<&str> {
        self.example.as_deref()
    }

    /// The reason alone, without the place.
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(line) = self.line {
            place.push(format!("line {line}"));
        }
        if let Some(column) = self.column {
            place.push(format!("column {column}"));
        }
        if let Some(tag) = &self.tag {
            place.push(format!("tag `{tag}`"));
        }
        if let Some(example) = &self.example {
            place.push(format!("example {example:?}"));
        }
        if !place.is_empty() {
            write!(f, "{}: ", place.join(", "))?;
        }
        f.write_str(&self.message)
    }
}

/// Line and column (1-based, column in characters) of a byte offset in a text.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

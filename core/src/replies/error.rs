//! Errors of reply-script and tone-of-voice files.

use std::fmt;

use crate::rules::RuleError;

/// What went wrong in a reply-script or tone-of-voice file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReplyErrorKind {
    /// The file could not be read.
    Io,
    /// Not valid TOML, or a key of the wrong type, or an unknown key.
    Syntax,
    /// Two scripts or rules with the same id.
    DuplicateId,
    /// A template with an unclosed `{`, a stray `}` or an empty placeholder.
    Template,
    /// A query that does not parse or compile (the rule engine's error is the source).
    Query,
    /// A value out of its range: an unknown severity, platform or language, an empty list.
    InvalidValue,
}

impl ReplyErrorKind {
    /// The snake_case name used by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyErrorKind::Io => "io",
            ReplyErrorKind::Syntax => "syntax",
            ReplyErrorKind::DuplicateId => "duplicate_id",
            ReplyErrorKind::Template => "template",
            ReplyErrorKind::Query => "query",
            ReplyErrorKind::InvalidValue => "invalid_value",
        }
    }
}

/// An error in a reply-script or tone-of-voice file, with the place: file, line, column, and
/// the id of the script or rule.
///
/// ```
/// use otklik::replies::{ReplyErrorKind, ScriptBook};
///
/// let err = ScriptBook::from_toml("[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = [\"Вітаємо, {name\"]\n").unwrap_err();
/// assert_eq!(err.kind(), ReplyErrorKind::Template);
/// assert_eq!((err.item(), err.line()), (Some("a"), Some(4)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ReplyError {
    kind: ReplyErrorKind,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    item: Option<String>,
    #[source]
    rule: Option<Box<RuleError>>,
}

impl ReplyError {
    pub(crate) fn new(kind: ReplyErrorKind, message: impl Into<String>) -> ReplyError {
        ReplyError {
            kind,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            item: None,
            rule: None,
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> ReplyError {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub(crate) fn in_item(mut self, id: &str) -> ReplyError {
        self.item = Some(id.to_owned());
        self
    }

    pub(crate) fn in_file(mut self, file: &str) -> ReplyError {
        self.file = Some(file.to_owned());
        self
    }

    pub(crate) fn from_rule(rule: RuleError) -> ReplyError {
        let mut e = ReplyError::new(ReplyErrorKind::Query, rule.reason().to_owned());
        e.rule = Some(Box::new(rule));
        e
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ReplyErrorKind {
        self.kind
    }

    /// What is wrong, without the place.
    pub fn reason(&self) -> &str {
        &self.message
    }

    /// The file, when read from one.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// 1-based column (in characters), when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The id of the script or rule, when the problem is in one.
    pub fn item(&self) -> Option<&str> {
        self.item.as_deref()
    }
}

impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, "{line}:{column}:")?;
        }
        if self.file.is_some() || self.line.is_some() {
            f.write_str(" ")?;
        }
        if let Some(item) = &self.item {
            write!(f, "`{item}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Reads a file and parses its text; every error (reading or parsing) names the file.
pub(crate) fn read_file<T>(
    path: &std::path::Path,
    parse: impl FnOnce(&str) -> Result<T, ReplyError>,
) -> Result<T, ReplyError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ReplyError::new(ReplyErrorKind::Io, e.to_string()).in_file(&name))?;
    parse(&text).map_err(|e| e.in_file(&name))
}

/// Line and column (1-based, in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

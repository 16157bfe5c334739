//! [`InputError`]: a bad record, with the line (and where known the column and field) it is on.

use std::fmt;

/// What kind of problem an [`InputError`] is.
///
/// ```
/// use otklik::io::{InputErrorKind, JsonlReader, ReadOptions};
///
/// let data = "{\"id\": \"1\"\n";
/// let err = JsonlReader::new(data.as_bytes(), ReadOptions::new()).next().unwrap().unwrap_err();
/// assert_eq!(err.kind(), InputErrorKind::Syntax);
/// assert_eq!(err.line(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputErrorKind {
    /// Reading failed (the file, pipe or socket reported an error). Always ends the reading.
    Io,
    /// The record is not valid UTF-8.
    InvalidUtf8,
    /// The record is longer than [`ReadOptions::max_record_bytes`](super::ReadOptions::max_record_bytes).
    TooLarge,
    /// Malformed JSON or CSV, including a truncated last line.
    Syntax,
    /// A required field is missing.
    MissingField,
    /// A field has the wrong type or an impossible value (a rating of 7, a date without a zone).
    InvalidValue,
    /// More bad records than [`ReadOptions::max_errors`](super::ReadOptions::max_errors) allows.
    TooManyErrors,
}

impl InputErrorKind {
    /// A stable snake_case name of the kind, as the bindings and the test vectors spell it.
    ///
    /// ```
    /// assert_eq!(otklik::io::InputErrorKind::InvalidUtf8.as_str(), "invalid_utf8");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            InputErrorKind::Io => "io",
            InputErrorKind::InvalidUtf8 => "invalid_utf8",
            InputErrorKind::TooLarge => "too_large",
            InputErrorKind::Syntax => "syntax",
            InputErrorKind::MissingField => "missing_field",
            InputErrorKind::InvalidValue => "invalid_value",
            InputErrorKind::TooManyErrors => "too_many_errors",
        }
    }
}

impl fmt::Display for InputErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record that could not be read: where it is and what is wrong with it.
///
/// Lines are counted from 1 as in a text editor; columns are 1-based byte offsets within the
/// line (JSON Lines only). For CSV the field is the column's header name.
///
/// ```
/// use otklik::io::{InputErrorKind, JsonlReader, ReadOptions};
///
/// let data = concat!(
///     r#"{"id":"1","platform":"x","kind":"post","text":"ok","published_at":"2025-01-01T00:00:00Z"}"#, "\n",
///     r#"{"id":"2","platform":"x","kind":"post","text":"ok","published_at":"2025-01-01T00:00:00Z","rating":9}"#, "\n",
/// );
/// let errors: Vec<_> = JsonlReader::new(data.as_bytes(), ReadOptions::new())
///     .filter_map(Result::err)
///     .collect();
/// assert_eq!(errors[0].line(), 2);
/// assert_eq!(errors[0].field(), Some("rating"));
/// assert_eq!(errors[0].kind(), InputErrorKind::InvalidValue);
/// assert!(errors[0].to_string().starts_with("line 2, column "));
/// ```
#[derive(Debug, thiserror::Error)]
pub struct InputError {
    line: u64,
    column: Option<u64>,
    field: Option<String>,
    kind: InputErrorKind,
    message: String,
    #[source]
    source: Option<std::io::Error>,
}

impl InputError {
    pub(crate) fn new(line: u64, kind: InputErrorKind, message: impl Into<String>) -> InputError {
        InputError {
            line,
            column: None,
            field: None,
            kind,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn io(line: u64, source: std::io::Error) -> InputError {
        let mut err = InputError::new(line, InputErrorKind::Io, format!("read failed: {source}"));
        err.source = Some(source);
        err
    }

    pub(crate) fn io_at(path: &std::path::Path, source: std::io::Error) -> InputError {
        let mut err = InputError::new(
            0,
            InputErrorKind::Io,
            format!("cannot open {}: {source}", path.display()),
        );
        err.source = Some(source);
        err
    }

    /// The I/O error behind an error of kind [`InputErrorKind::Io`].
    pub fn io_error(&self) -> Option<&std::io::Error> {
        self.source.as_ref()
    }

    pub(crate) fn with_column(mut self, column: u64) -> InputError {
        self.column = Some(column);
        self
    }

    pub(crate) fn with_field(mut self, field: impl Into<String>) -> InputError {
        self.field = Some(field.into());
        self
    }

    /// The line the record starts on, counted from 1 (0 when the error is not tied to a line).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The 1-based byte column within the line, where known.
    pub fn column(&self) -> Option<u64> {
        self.column
    }

    /// The field (JSON key or CSV column) that was being read, where known.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> InputErrorKind {
        self.kind
    }

    /// The reason alone, without the place.
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}", self.line)?;
        } else {
            f.write_str("input")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_place() {
        let err = InputError::new(7, InputErrorKind::InvalidValue, "bad")
            .with_column(3)
            .with_field("reach");
        assert_eq!(err.to_string(), "line 7, column 3, field `reach`: bad");
        assert_eq!(
            InputError::new(0, InputErrorKind::TooManyErrors, "x").to_string(),
            "input: x"
        );
    }

    #[test]
    fn io_errors_keep_their_source() {
        use std::error::Error as _;
        let err = InputError::io(3, std::io::Error::other("disk on fire"));
        assert_eq!(err.kind(), InputErrorKind::Io);
        assert!(err.source().unwrap().to_string().contains("disk on fire"));
    }
}

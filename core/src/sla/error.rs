//! [`SlaError`]: a calendar, policy or clock problem, with the place and the reason.

use std::fmt;

/// What kind of problem an [`SlaError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SlaErrorKind {
    /// A calendar or policy file is not valid TOML, or has an unknown or missing key.
    Syntax,
    /// A value is out of its domain: a time of day such as `25:00`, overlapping intervals, a
    /// negative duration, a warning threshold outside 0 to 1.
    InvalidValue,
    /// A time zone name that is not in the IANA database.
    UnknownZone,
    /// A file could not be read (a holiday file named by a calendar, a policy file).
    Io,
    /// A span whose end is before its start.
    EndBeforeStart,
    /// An instant or a duration outside the supported range (years 1678 to 2261), or a
    /// deadline (a start) that would fall after (before) that range.
    OutOfRange,
    /// A calendar that is never open after (before) some instant, so a deadline (a start)
    /// cannot be found.
    NeverOpen,
    /// A conversation event before the previous one, or before the conversation was created.
    EventOrder,
    /// A conversation event that makes no sense in the conversation's state (a second
    /// `created`, a `resumed` without a pause).
    EventState,
    /// A name that is not defined (a calendar named by a policy target).
    UnknownName,
}

impl SlaErrorKind {
    /// A stable snake_case name, as the bindings spell it.
    ///
    /// ```
    /// assert_eq!(otklik::sla::SlaErrorKind::EndBeforeStart.as_str(), "end_before_start");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SlaErrorKind::Syntax => "syntax",
            SlaErrorKind::InvalidValue => "invalid_value",
            SlaErrorKind::UnknownZone => "unknown_zone",
            SlaErrorKind::Io => "io",
            SlaErrorKind::EndBeforeStart => "end_before_start",
            SlaErrorKind::OutOfRange => "out_of_range",
            SlaErrorKind::NeverOpen => "never_open",
            SlaErrorKind::EventOrder => "event_order",
            SlaErrorKind::EventState => "event_state",
            SlaErrorKind::UnknownName => "unknown_name",
        }
    }
}

/// A calendar, policy or clock problem: what is wrong, and where (the file, line and column,
/// the key, the event) where known.
///
/// ```
/// use otklik::sla::{Calendar, SlaErrorKind};
///
/// let err = Calendar::from_toml("zone = \"Europe/Kyiv\"\n[hours]\nmon = \"09:00-25:00\"\n")
///     .unwrap_err();
/// assert_eq!(err.kind(), SlaErrorKind::InvalidValue);
/// assert_eq!((err.line(), err.column()), (Some(3), Some(7)));
/// assert_eq!(
///     err.to_string(),
///     "line 3, column 7: \"09:00-25:00\": 25:00 is not a time of day (00:00 to 24:00)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct SlaError {
    kind: SlaErrorKind,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

impl SlaError {
    pub(crate) fn new(kind: SlaErrorKind, message: impl Into<String>) -> Self {
        SlaError {
            kind,
            message: message.into(),
            file: None,
            line: None,
            column: None,
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the error at a byte offset of a text, unless it already has a place.
    pub(crate) fn at_offset(self, text: &str, offset: usize) -> Self {
        if self.line.is_some() {
            return self;
        }
        let (line, column) = crate::rules::line_column(text, offset);
        self.at(line, column)
    }

    pub(crate) fn in_file(mut self, file: impl Into<String>) -> Self {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> SlaErrorKind {
        self.kind
    }

    /// The file at fault, where the error comes from a file read from a path.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The line in the file, from 1, where known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The column (in characters) in that line, from 1, where known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// The reason alone, without the place.
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SlaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = Vec::new();
        if let Some(file) = &self.file {
            place.push(file.clone());
        }
        if let Some(line) = self.line {
            place.push(format!("line {line}"));
        }
        if let Some(column) = self.column {
            place.push(format!("column {column}"));
        }
        if !place.is_empty() {
            write!(f, "{}: ", place.join(", "))?;
        }
        f.write_str(&self.message)
    }
}

/// Shorthand for an [`SlaErrorKind::InvalidValue`] error.
pub(crate) fn invalid(message: impl Into<String>) -> SlaError {
    SlaError::new(SlaErrorKind::InvalidValue, message)
}

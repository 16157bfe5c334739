//! Streaming readers and writers of mentions: JSON Lines and CSV.
//!
//! Readers are iterators of `Result<Mention, InputError>` that hold one record in memory at a
//! time, so a 1 GB file is read in constant memory. What happens at a bad record is the caller's
//! choice ([`OnError`]): stop there, or skip it and keep the error for later.
//!
//! ```
//! use otklik::io::{JsonlReader, JsonlWriter, OnError, ReadOptions};
//!
//! let input = concat!(
//!     r#"{"id":"1","platform":"telegram_bot","kind":"message","text":"Де мій переказ?","published_at":"2025-10-01T09:00:00Z","chat":"c-1"}"#, "\n",
//!     "not json\n",
//!     r#"{"id":"2","platform":"instagram","kind":"comment","text":"Дякую!","published_at":"2025-10-01T09:05:00Z"}"#, "\n",
//! );
//! let mut reader = JsonlReader::new(input.as_bytes(), ReadOptions::new().on_error(OnError::Skip));
//! let mut out = JsonlWriter::new(Vec::new());
//! for mention in reader.by_ref() {
//!     out.write(&mention?)?;
//! }
//! let errors = reader.take_errors();
//! assert_eq!(errors.len(), 1);
//! assert_eq!(errors[0].line(), 2);
//! // The unknown field `chat` is written back unchanged.
//! let written = String::from_utf8(out.into_inner()?).unwrap();
//! assert!(written.lines().next().unwrap().ends_with(r#""chat":"c-1"}"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod csv;
mod error;
mod file;
mod jsonl;

pub use self::csv::{CsvReader, CsvSource, CsvWriter};
pub use error::{InputError, InputErrorKind};
pub use file::{Format, read_file, write_file};
pub use jsonl::{JsonlReader, JsonlSource, JsonlWriter};

use crate::Mention;

/// What a reader does at a bad record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OnError {
    /// Yield the error and stop reading (the default).
    #[default]
    Stop,
    /// Keep the error (see [`MentionReader::errors`]) and go on with the next record.
    /// I/O errors still stop the reading, since nothing after them can be trusted.
    Skip,
}

/// How to read: what to do at bad records and the limits that keep memory bounded.
///
/// ```
/// use otklik::io::{OnError, ReadOptions};
///
/// let options = ReadOptions::new().on_error(OnError::Skip).max_record_bytes(1 << 20);
/// assert_eq!(options.get_max_record_bytes(), 1 << 20);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    on_error: OnError,
    max_record_bytes: usize,
    max_errors: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions::new()
    }
}

impl ReadOptions {
    /// Default record limit: 64 MiB, far above any real post (a 10 MB text reads fine).
    pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;
    /// Default number of bad records kept in [`OnError::Skip`] mode before giving up.
    pub const DEFAULT_MAX_ERRORS: usize = 100_000;

    /// Stop at the first bad record; records up to 64 MiB.
    pub fn new() -> ReadOptions {
        ReadOptions {
            on_error: OnError::Stop,
            max_record_bytes: Self::DEFAULT_MAX_RECORD_BYTES,
            max_errors: Self::DEFAULT_MAX_ERRORS,
        }
    }

    /// Sets what to do at a bad record.
    pub fn on_error(mut self, on_error: OnError) -> ReadOptions {
        self.on_error = on_error;
        self
    }

    /// Sets the longest record accepted, in bytes. A longer record is an error of kind
    /// [`InputErrorKind::TooLarge`]; a JSON Lines reader skips it without holding it in memory.
    pub fn max_record_bytes(mut self, bytes: usize) -> ReadOptions {
        self.max_record_bytes = bytes;
        self
    }

    /// Sets how many bad records [`OnError::Skip`] keeps before it stops with
    /// [`InputErrorKind::TooManyErrors`] (so a file of garbage cannot fill memory with errors).
    pub fn max_errors(mut self, count: usize) -> ReadOptions {
        self.max_errors = count;
        self
    }

    /// The bad-record policy.
    pub fn get_on_error(&self) -> OnError {
        self.on_error
    }

    /// The record size limit in bytes.
    pub fn get_max_record_bytes(&self) -> usize {
        self.max_record_bytes
    }

    /// The limit on kept errors.
    pub fn get_max_errors(&self) -> usize {
        self.max_errors
    }
}

/// Where records come from: one format's parser over one input.
///
/// Implemented by [`JsonlSource`] and [`CsvSource`]; a [`MentionReader`] adds the error policy.
pub trait RecordSource {
    /// The next record, or `None` at the end. Errors of every kind are returned here; the
    /// reader decides whether to stop.
    fn next_record(&mut self) -> Option<Result<Mention, InputError>>;

    /// Whether the last error leaves nothing readable (a CSV header that is wrong), so the
    /// reader must stop even in [`OnError::Skip`] mode.
    fn failed(&self) -> bool {
        false
    }
}

/// An iterator of mentions from a [`RecordSource`], applying the [`OnError`] policy.
///
/// Use it through [`JsonlReader`] or [`CsvReader`].
#[derive(Debug)]
pub struct MentionReader<S> {
    source: S,
    on_error: OnError,
    max_errors: usize,
    errors: Vec<InputError>,
    finished: bool,
}

/// Everything [`MentionReader::read_all`] read: the good records and, in skip mode, the bad ones.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// The records read, in input order.
    pub mentions: Vec<Mention>,
    /// The bad records skipped, in input order (always empty in [`OnError::Stop`] mode).
    pub errors: Vec<InputError>,
}

impl<S: RecordSource> MentionReader<S> {
    /// A reader over `source` with the policy of `options`.
    pub fn from_source(source: S, options: &ReadOptions) -> MentionReader<S> {
        MentionReader {
            source,
            on_error: options.on_error,
            max_errors: options.max_errors,
            errors: Vec::new(),
            finished: false,
        }
    }

    /// The bad records skipped so far ([`OnError::Skip`] mode).
    pub fn errors(&self) -> &[InputError] {
        &self.errors
    }

    /// Takes the bad records skipped so far, leaving none.
    pub fn take_errors(&mut self) -> Vec<InputError> {
        std::mem::take(&mut self.errors)
    }

    /// Reads everything into memory. In stop mode the first bad record is the error; in skip mode
    /// bad records are returned in [`ReadOutcome::errors`] and only a fatal error (I/O, too many
    /// errors) is returned as `Err`.
    ///
    /// ```
    /// use otklik::io::{JsonlReader, OnError, ReadOptions};
    ///
    /// let data = "\n{\"broken\n";
    /// let outcome = JsonlReader::new(data.as_bytes(), ReadOptions::new().on_error(OnError::Skip))
    ///     .read_all()
    ///     .unwrap();
    /// assert!(outcome.mentions.is_empty());
    /// assert_eq!(outcome.errors[0].line(), 2);
    /// ```
    pub fn read_all(mut self) -> Result<ReadOutcome, InputError> {
        let mut mentions = Vec::new();
        for item in self.by_ref() {
            mentions.push(item?);
        }
        Ok(ReadOutcome {
            mentions,
            errors: self.errors,
        })
    }
}

impl<S: RecordSource> Iterator for MentionReader<S> {
    type Item = Result<Mention, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            let err = match self.source.next_record()? {
                Ok(mention) => return Some(Ok(mention)),
                Err(err) => err,
            };
            if self.on_error == OnError::Stop
                || err.kind() == InputErrorKind::Io
                || self.source.failed()
            {
                self.finished = true;
                return Some(Err(err));
            }
            if self.errors.len() >= self.max_errors {
                self.finished = true;
                let message = format!(
                    "more than {} bad records; the last one: {err}",
                    self.max_errors
                );
                return Some(Err(InputError::new(
                    err.line(),
                    InputErrorKind::TooManyErrors,
                    message,
                )));
            }
            self.errors.push(err);
        }
        None
    }
}

//! Reading and writing mention files from Kotlin, mirroring `otklik::io`.

use otklik::io::{Format, InputError, ReadOptions, read_file, write_file};

use crate::error::{OtklikError, clamp};
use crate::mention::Mention;

/// What a reader does at a bad record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum OnError {
    /// Throw `OtklikException.Input` at the first bad record.
    Stop,
    /// Keep the bad record in `ReadResult.errors` and go on.
    Skip,
}

/// A record skipped in `OnError.SKIP` mode: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct BadRecord {
    /// The line the record starts on, from 1.
    pub line: i64,
    /// The 1-based byte column (JSON Lines), where known.
    pub column: Option<i64>,
    /// The JSON key or CSV column being read, where known.
    pub field: Option<String>,
    /// `invalid_utf8`, `syntax`, `missing_field`, `invalid_value`, ...
    pub kind: String,
    /// The reason alone.
    pub reason: String,
    /// Place and reason together.
    pub detail: String,
}

impl From<&InputError> for BadRecord {
    fn from(err: &InputError) -> Self {
        BadRecord {
            line: clamp(err.line()),
            column: err.column().map(clamp),
            field: err.field().map(str::to_owned),
            kind: err.kind().as_str().to_owned(),
            reason: err.reason().to_owned(),
            detail: err.to_string(),
        }
    }
}

/// The mentions read from a file and the bad records skipped.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ReadResult {
    /// The mentions read, in file order.
    pub mentions: Vec<Mention>,
    /// The bad records skipped, in file order.
    pub errors: Vec<BadRecord>,
}

fn options(on_error: OnError) -> ReadOptions {
    ReadOptions::new().on_error(match on_error {
        OnError::Stop => otklik::io::OnError::Stop,
        OnError::Skip => otklik::io::OnError::Skip,
    })
}

fn read(path: &str, format: Format, on_error: Option<OnError>) -> Result<ReadResult, OtklikError> {
    let outcome =
        read_file(path, format, options(on_error.unwrap_or(OnError::Stop))).map_err(|e| match e
            .io_error()
        {
            Some(_) if e.line() == 0 => OtklikError::Io {
                detail: e.reason().to_owned(),
            },
            _ => OtklikError::from(e),
        })?;
    Ok(ReadResult {
        errors: outcome.errors.iter().map(BadRecord::from).collect(),
        mentions: outcome.mentions.into_iter().map(Mention::from).collect(),
    })
}

/// Reads a JSON Lines file of mentions.
#[uniffi::export(default(on_error = None))]
pub fn read_jsonl(path: String, on_error: Option<OnError>) -> Result<ReadResult, OtklikError> {
    read(&path, Format::JsonLines, on_error)
}

/// Reads a CSV file of mentions with a header row; unknown columns go to `extraJson`.
#[uniffi::export(default(on_error = None))]
pub fn read_csv(path: String, on_error: Option<OnError>) -> Result<ReadResult, OtklikError> {
    read(&path, Format::Csv, on_error)
}

fn write(mentions: Vec<Mention>, path: &str, format: Format) -> Result<u64, OtklikError> {
    let core = mentions
        .into_iter()
        .map(otklik::Mention::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let written = write_file(path, format, &core)
        .map_err(|e| OtklikError::io(format!("cannot write {path}"), &e))?;
    Ok(written as u64)
}

/// Writes mentions as JSON Lines (replacing the file). Returns how many were written.
#[uniffi::export]
pub fn write_jsonl(mentions: Vec<Mention>, path: String) -> Result<u64, OtklikError> {
    write(mentions, &path, Format::JsonLines)
}

/// Writes mentions as CSV with every known column and an `extra` JSON column.
#[uniffi::export]
pub fn write_csv(mentions: Vec<Mention>, path: String) -> Result<u64, OtklikError> {
    write(mentions, &path, Format::Csv)
}

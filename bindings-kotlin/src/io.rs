//! Reading and writing mention files from Kotlin, mirroring `otklik::io`.

use std::fs::File;
use std::io::{BufReader, BufWriter};

use otklik::io::{CsvReader, CsvWriter, InputError, JsonlReader, JsonlWriter, ReadOptions};

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
    pub line: i64,
    pub column: Option<i64>,
    pub field: Option<String>,
    pub kind: String,
    pub reason: String,
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
    pub mentions: Vec<Mention>,
    pub errors: Vec<BadRecord>,
}

fn options(on_error: OnError) -> ReadOptions {
    ReadOptions::new().on_error(match on_error {
        OnError::Stop => otklik::io::OnError::Stop,
        OnError::Skip => otklik::io::OnError::Skip,
    })
}

fn open(path: &str) -> Result<BufReader<File>, OtklikError> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| OtklikError::io(format!("cannot open {path}"), &e))
}

fn finish(outcome: Result<otklik::io::ReadOutcome, InputError>) -> Result<ReadResult, OtklikError> {
    let outcome = outcome?;
    Ok(ReadResult {
        errors: outcome.errors.iter().map(BadRecord::from).collect(),
        mentions: outcome.mentions.into_iter().map(Mention::from).collect(),
    })
}

/// Reads a JSON Lines file of mentions.
#[uniffi::export(default(on_error = None))]
pub fn read_jsonl(path: String, on_error: Option<OnError>) -> Result<ReadResult, OtklikError> {
    let options = options(on_error.unwrap_or(OnError::Stop));
    finish(JsonlReader::new(open(&path)?, options).read_all())
}

/// Reads a CSV file of mentions with a header row; unknown columns go to `extraJson`.
#[uniffi::export(default(on_error = None))]
pub fn read_csv(path: String, on_error: Option<OnError>) -> Result<ReadResult, OtklikError> {
    let options = options(on_error.unwrap_or(OnError::Stop));
    finish(CsvReader::new(open(&path)?, options).read_all())
}

fn write_all<W>(
    mentions: Vec<Mention>,
    path: &str,
    make: impl FnOnce(BufWriter<File>) -> W,
    mut write: impl FnMut(&mut W, &otklik::Mention) -> std::io::Result<()>,
    finish: impl FnOnce(W) -> std::io::Result<()>,
) -> Result<u64, OtklikError> {
    let core = mentions
        .into_iter()
        .map(otklik::Mention::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let file =
        File::create(path).map_err(|e| OtklikError::io(format!("cannot create {path}"), &e))?;
    let mut writer = make(BufWriter::new(file));
    let failed = |e: std::io::Error| OtklikError::io(format!("cannot write {path}"), &e);
    for m in &core {
        write(&mut writer, m).map_err(failed)?;
    }
    finish(writer).map_err(failed)?;
    Ok(core.len() as u64)
}

/// Writes mentions as JSON Lines (replacing the file). Returns how many were written.
#[uniffi::export]
pub fn write_jsonl(mentions: Vec<Mention>, path: String) -> Result<u64, OtklikError> {
    write_all(
        mentions,
        &path,
        JsonlWriter::new,
        |w, m| w.write(m),
        |w| w.into_inner().map(drop),
    )
}

/// Writes mentions as CSV with every known column and an `extra` JSON column.
#[uniffi::export]
pub fn write_csv(mentions: Vec<Mention>, path: String) -> Result<u64, OtklikError> {
    write_all(
        mentions,
        &path,
        CsvWriter::new,
        |w, m| w.write(m),
        |w| w.into_inner().map(drop),
    )
}

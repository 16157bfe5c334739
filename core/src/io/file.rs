//! Whole files: read or write mentions in a [`Format`] chosen by the caller or by the extension.

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::path::Path;

use super::{CsvReader, CsvWriter, InputError, JsonlReader, JsonlWriter, ReadOptions, ReadOutcome};
use crate::Mention;

/// A file format of mentions.
///
/// ```
/// use otklik::io::Format;
///
/// assert_eq!(Format::from_path("mentions.jsonl"), Some(Format::JsonLines));
/// assert_eq!(Format::from_path("export.CSV"), Some(Format::Csv));
/// assert_eq!(Format::from_path("notes.txt"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// CSV with a header row (`.csv`).
    Csv,
}

impl Format {
    /// The format a file name's extension names, if any.
    pub fn from_path(path: impl AsRef<Path>) -> Option<Format> {
        let ext = path.as_ref().extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads a whole file of mentions. Opening the file fails with an [`InputError`] of kind
/// [`Io`](super::InputErrorKind::Io) whose `source()` is the `std::io::Error`.
///
/// ```no_run
/// use otklik::io::{read_file, Format, OnError, ReadOptions};
///
/// let outcome = read_file("examples/data/mentions.jsonl", Format::JsonLines, ReadOptions::new().on_error(OnError::Skip))?;
/// println!("{} mentions, {} bad records", outcome.mentions.len(), outcome.errors.len());
/// # Ok::<(), otklik::io::InputError>(())
/// ```
pub fn read_file(
    path: impl AsRef<Path>,
    format: Format,
    options: ReadOptions,
) -> Result<ReadOutcome, InputError> {
    let path = path.as_ref();
    let file = File::open(path).map_err(|e| InputError::io_at(path, e))?;
    let input = BufReader::new(file);
    match format {
        Format::JsonLines => JsonlReader::new(input, options).read_all(),
        Format::Csv => CsvReader::new(input, options).read_all(),
    }
}

/// Writes mentions to a file (replacing it); returns how many were written. Fails on I/O
/// errors, and with [`io::ErrorKind::InvalidData`] when an `extra` key has a field's name.
pub fn write_file<'a>(
    path: impl AsRef<Path>,
    format: Format,
    mentions: impl IntoIterator<Item = &'a Mention>,
) -> io::Result<usize> {
    let out = BufWriter::new(File::create(path)?);
    let mut count = 0;
    match format {
        Format::JsonLines => {
            let mut w = JsonlWriter::new(out);
            for m in mentions {
                w.write(m)?;
                count += 1;
            }
            w.into_inner()?;
        }
        Format::Csv => {
            let mut w = CsvWriter::new(out);
            for m in mentions {
                w.write(m)?;
                count += 1;
            }
            w.into_inner()?;
        }
    }
    Ok(count)
}

//! CSV with a header row: one column per known field, unknown columns kept in `extra`.
//!
//! The columns are the names of [`Mention::FIELDS`] in any order (only `id`, `platform`, `kind`,
//! `text` and `published_at` are required), plus an optional `extra` column holding a JSON object,
//! plus any other column, whose cells are kept as strings in [`Mention::extra`]. An empty cell
//! means "absent" for optional fields. [`CsvWriter`] writes every known column and `extra`, so a
//! file written by otklik reads back to the same mentions.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};

use super::{InputError, InputErrorKind, MentionReader, ReadOptions, RecordSource};
use crate::mention::{Extra, Kind, Mention, Platform, Rating, format_timestamp, parse_timestamp};

/// Reads mentions from CSV with a header row.
///
/// ```
/// use otklik::io::{CsvReader, ReadOptions};
/// use otklik::Platform;
///
/// let data = "id,platform,kind,text,published_at,rating,campaign\n\
///             gm-1,google_maps,review,\"Черга, як завжди\",2025-10-01T08:00:00Z,2,autumn\n";
/// let m = CsvReader::new(data.as_bytes(), ReadOptions::new()).next().unwrap().unwrap();
/// assert_eq!(m.platform, Platform::GoogleMaps);
/// assert_eq!(m.rating.unwrap().get(), 2);
/// assert_eq!(m.extra["campaign"], "autumn");
/// ```
pub type CsvReader<R> = MentionReader<CsvSource<R>>;

impl<R: Read> MentionReader<CsvSource<R>> {
    /// A CSV reader over any input; the first row must be the header.
    pub fn new(reader: R, options: ReadOptions) -> Self {
        let newlines = Arc::new(Mutex::new(VecDeque::new()));
        let source = CsvSource {
            reader: ::csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(LineCounter {
                    inner: reader,
                    consumed: 0,
                    newlines: newlines.clone(),
                }),
            newlines,
            lines_before: 0,
            columns: None,
            record: ::csv::ByteRecord::new(),
            max_record_bytes: options.get_max_record_bytes(),
            failed: false,
        };
        MentionReader::from_source(source, &options)
    }
}

/// The CSV parser behind [`CsvReader`].
#[derive(Debug)]
pub struct CsvSource<R> {
    reader: ::csv::Reader<LineCounter<R>>,
    /// Byte offsets of the newlines read ahead by the parser and not yet passed by a record.
    newlines: Arc<Mutex<VecDeque<u64>>>,
    /// Newlines before the last record's start.
    lines_before: u64,
    columns: Option<Vec<Column>>,
    record: ::csv::ByteRecord,
    max_record_bytes: usize,
    /// Set when the header was bad: no record can be read after it.
    failed: bool,
}

/// What a CSV column holds.
#[derive(Clone, Debug, PartialEq)]
enum Column {
    /// A known field, by its name in [`Mention::FIELDS`].
    Field(&'static str),
    /// The JSON object of extra fields.
    Extra,
    /// Any other column, kept in `extra` under its header name.
    Unknown(String),
}

/// Passes bytes through to the CSV parser, noting where the newlines are, so that records can
/// be given the line they start on (the parser's own count is off after `\r\n` and blank lines).
#[derive(Debug)]
pub(crate) struct LineCounter<R> {
    inner: R,
    consumed: u64,
    newlines: Arc<Mutex<VecDeque<u64>>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut newlines = self
            .newlines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (i, _) in buf[..n].iter().enumerate().filter(|(_, b)| **b == b'\n') {
            newlines.push_back(self.consumed + i as u64);
        }
        self.consumed += n as u64;
        Ok(n)
    }
}

const REQUIRED: [&str; 5] = ["id", "platform", "kind", "text", "published_at"];

impl<R: Read> CsvSource<R> {
    /// Reads the next raw row into `self.record`; `None` at the end.
    /// The line (from 1) a record starts on, given the byte offset the parser reports for it.
    ///
    /// The parser may report the offset of line endings it skipped before the record (the `\n`
    /// of a `\r\n`, blank lines): newlines at, or one byte after, the current position are
    /// skipped too. Real records are longer than one byte (a mention has five columns).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut newlines = self
            .newlines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut at = byte;
        while let Some(&n) = newlines.front() {
            if n < at {
                newlines.pop_front();
                self.lines_before += 1;
            } else if n <= at + 1 {
                newlines.pop_front();
                self.lines_before += 1;
                at = n + 1;
            } else {
                break;
            }
        }
        self.lines_before + 1
    }

    fn read_row(&mut self) -> Option<Result<u64, InputError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let byte = self.record.position().map_or(0, ::csv::Position::byte);
                Some(Ok(self.line_at(byte)))
            }
            Err(err) => {
                let byte = err.position().map_or(0, ::csv::Position::byte);
                let line = self.line_at(byte);
                Some(Err(csv_error(line, err)))
            }
        }
    }

    fn read_header(&mut self) -> Result<Vec<Column>, InputError> {
        let line = match self.read_row() {
            None => return Ok(Vec::new()),
            Some(line) => line?,
        };
        let mut columns = Vec::with_capacity(self.record.len());
        for (i, cell) in self.record.iter().enumerate() {
            let name = std::str::from_utf8(cell).map_err(|_| {
                InputError::new(
                    line,
                    InputErrorKind::InvalidUtf8,
                    format!("header cell {} is not valid UTF-8", i + 1),
                )
            })?;
            let name = if i == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                name
            }
            .trim();
            let column = match Mention::FIELDS.iter().find(|f| **f == name) {
                Some(field) => Column::Field(field),
                None if name == "extra" => Column::Extra,
                None => Column::Unknown(name.to_owned()),
            };
            if columns.contains(&column) {
                return Err(InputError::new(
                    line,
                    InputErrorKind::Syntax,
                    format!("column {name:?} appears twice in the header"),
                ));
            }
            columns.push(column);
        }
        for required in REQUIRED {
            if !columns.contains(&Column::Field(required)) {
                return Err(InputError::new(
                    line,
                    InputErrorKind::MissingField,
                    "required column is missing from the header",
                )
                .with_field(required));
            }
        }
        Ok(columns)
    }
}

impl<R: Read> RecordSource for CsvSource<R> {
    fn failed(&self) -> bool {
        self.failed
    }

    fn next_record(&mut self) -> Option<Result<Mention, InputError>> {
        if self.failed {
            return None;
        }
        if self.columns.is_none() {
            match self.read_header() {
                Ok(columns) => self.columns = Some(columns),
                Err(err) => {
                    self.failed = true;
                    return Some(Err(err));
                }
            }
        }
        let line = match self.read_row()? {
            Ok(line) => line,
            Err(err) => return Some(Err(err)),
        };
        let size = self.record.as_slice().len();
        if size > self.max_record_bytes {
            let message = format!(
                "record longer than the limit of {} bytes",
                self.max_record_bytes
            );
            return Some(Err(InputError::new(
                line,
                InputErrorKind::TooLarge,
                message,
            )));
        }
        let columns = self.columns.as_deref().unwrap_or_default();
        Some(parse_row(columns, &self.record, line))
    }
}

fn csv_error(line: u64, err: ::csv::Error) -> InputError {
    match err.into_kind() {
        ::csv::ErrorKind::Io(source) => InputError::io(line, source),
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => InputError::new(
            line,
            InputErrorKind::Syntax,
            format!("expected {expected_len} cells as in the header, found {len}"),
        ),
        other => InputError::new(line, InputErrorKind::Syntax, format!("{other:?}")),
    }
}

/// The cells of one row, with their line, for typed access with errors that name the column.
struct Row<'a> {
    line: u64,
    record: &'a ::csv::ByteRecord,
}

impl Row<'_> {
    fn error(&self, field: &str, kind: InputErrorKind, message: impl Into<String>) -> InputError {
        InputError::new(self.line, kind, message).with_field(field)
    }

    fn text(&self, index: usize, field: &str) -> Result<&str, InputError> {
        let cell = self.record.get(index).unwrap_or_default();
        std::str::from_utf8(cell).map_err(|err| {
            self.error(
                field,
                InputErrorKind::InvalidUtf8,
                format!("invalid UTF-8 after byte {}", err.valid_up_to()),
            )
        })
    }

    fn required(&self, index: usize, field: &str) -> Result<&str, InputError> {
        let text = self.text(index, field)?;
        if text.is_empty() {
            return Err(self.error(
                field,
                InputErrorKind::MissingField,
                "required value is empty",
            ));
        }
        Ok(text)
    }

    fn optional(&self, index: usize, field: &str) -> Result<Option<String>, InputError> {
        let text = self.text(index, field)?;
        Ok((!text.is_empty()).then(|| text.to_owned()))
    }

    fn count(&self, index: usize, field: &str) -> Result<Option<u64>, InputError> {
        let text = self.text(index, field)?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| {
            self.error(
                field,
                InputErrorKind::InvalidValue,
                format!("expected a non-negative integer, found {text:?}"),
            )
        })
    }

    fn flag(&self, index: usize, field: &str) -> Result<bool, InputError> {
        let text = self.text(index, field)?.trim();
        match text.to_ascii_lowercase().as_str() {
            "" | "false" | "0" => Ok(false),
            "true" | "1" => Ok(true),
            _ => Err(self.error(
                field,
                InputErrorKind::InvalidValue,
                format!("expected true or false, found {text:?}"),
            )),
        }
    }
}

fn parse_row(
    columns: &[Column],
    record: &::csv::ByteRecord,
    line: u64,
) -> Result<Mention, InputError> {
    let row = Row { line, record };
    // The header check guarantees the required columns; a short row reads as empty cells.
    let index = |name: &str| {
        columns
            .iter()
            .position(|c| matches!(c, Column::Field(f) if *f == name))
            .unwrap_or(usize::MAX)
    };
    let required = |name: &'static str| row.required(index(name), name);
    let invalid =
        |name: &str, message: String| row.error(name, InputErrorKind::InvalidValue, message);

    let id = required("id")?.to_owned();
    let platform = Platform::from_name(required("platform")?);
    let kind = Kind::from_name(required("kind")?);
    let text = row.text(index("text"), "text")?.to_owned();
    let published_at = parse_timestamp(required("published_at")?)
        .map_err(|e| invalid("published_at", e.to_string()))?;
    let mut mention = Mention::new(id, platform, kind, text, published_at);

    for (i, column) in columns.iter().enumerate() {
        match column {
            Column::Field(name) => match *name {
                "id" | "platform" | "kind" | "text" | "published_at" => {}
                "author" => mention.author = row.optional(i, name)?,
                "author_is_brand" => mention.author_is_brand = row.flag(i, name)?,
                "url" => mention.url = row.optional(i, name)?,
                "parent_id" => mention.parent_id = row.optional(i, name)?,
                "thread_id" => mention.thread_id = row.optional(i, name)?,
                "lang" => mention.lang = row.optional(i, name)?,
                "region" => mention.region = row.optional(i, name)?,
                "rating" => {
                    mention.rating = match row.count(i, name)? {
                        None => None,
                        Some(stars) => Some(
                            Rating::from_u64(stars).map_err(|e| invalid(name, e.to_string()))?,
                        ),
                    }
                }
                "reach" => mention.reach = row.count(i, name)?,
                "reactions" => mention.reactions = row.count(i, name)?,
                "comments" => mention.comments = row.count(i, name)?,
                "shares" => mention.shares = row.count(i, name)?,
                "views" => mention.views = row.count(i, name)?,
                other => {
                    return Err(invalid(
                        other,
                        "field is not handled by the CSV reader".into(),
                    ));
                }
            },
            Column::Extra => {
                let cell = row.text(i, "extra")?;
                if cell.trim().is_empty() {
                    continue;
                }
                let object: Extra = serde_json::from_str(cell)
                    .map_err(|e| invalid("extra", format!("expected a JSON object: {e}")))?;
                for (key, value) in object {
                    insert_extra(&mut mention.extra, key, value, &row)?;
                }
            }
            Column::Unknown(name) => {
                let value = serde_json::Value::String(row.text(i, name)?.to_owned());
                insert_extra(&mut mention.extra, name.clone(), value, &row)?;
            }
        }
    }
    Ok(mention)
}

fn insert_extra(
    extra: &mut Extra,
    key: String,
    value: serde_json::Value,
    row: &Row<'_>,
) -> Result<(), InputError> {
    if Mention::FIELDS.contains(&key.as_str()) || extra.contains_key(&key) {
        return Err(row.error(
            "extra",
            InputErrorKind::InvalidValue,
            format!("key {key:?} is given twice"),
        ));
    }
    extra.insert(key, value);
    Ok(())
}

/// Writes mentions as CSV: a header, then one row per mention with every known column and
/// `extra` (a JSON object, empty when there is nothing extra).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use otklik::{Kind, Mention, Platform};
/// use otklik::io::CsvWriter;
///
/// let mut m = Mention::new("1", Platform::Forum, Kind::Post, "a, \"b\"", Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap());
/// m.extra.insert("topic".into(), "кредит".into());
/// let mut w = CsvWriter::new(Vec::new());
/// w.write(&m).unwrap();
/// let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
/// let row = out.lines().nth(1).unwrap();
/// assert!(row.starts_with(r#"1,forum,post,"a, ""b""",2025-01-02T03:04:05Z,,false,"#));
/// assert!(row.ends_with(r#","{""topic"":""кредит""}""#));
/// ```
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: ::csv::Writer<W>,
    wrote_header: bool,
}

impl<W: Write> CsvWriter<W> {
    /// A writer into `out`; the header is written with the first row (or by [`Self::into_inner`]).
    pub fn new(out: W) -> Self {
        CsvWriter {
            out: ::csv::Writer::from_writer(out),
            wrote_header: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.wrote_header {
            self.wrote_header = true;
            self.out
                .write_record(Mention::FIELDS.iter().copied().chain(["extra"]))?;
        }
        Ok(())
    }

    /// Writes one mention as a row. Fails on I/O errors, and with
    /// [`io::ErrorKind::InvalidData`] when an `extra` key has the name of a known field.
    pub fn write(&mut self, m: &Mention) -> io::Result<()> {
        if let Some(key) = m
            .extra
            .keys()
            .find(|k| Mention::FIELDS.contains(&k.as_str()) || *k == "extra")
        {
            let message = format!(
                "mention {:?}: extra key {key:?} has the name of a column",
                m.id
            );
            return Err(io::Error::new(io::ErrorKind::InvalidData, message));
        }
        self.header()?;
        fn opt(v: &Option<String>) -> Cow<'_, str> {
            Cow::Borrowed(v.as_deref().unwrap_or_default())
        }
        let num = |v: Option<u64>| v.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()));
        let extra = if m.extra.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&m.extra)?
        };
        let cells: [Cow<'_, str>; 19] = [
            Cow::Borrowed(&m.id),
            Cow::Borrowed(m.platform.as_str()),
            Cow::Borrowed(m.kind.as_str()),
            Cow::Borrowed(&m.text),
            Cow::Owned(format_timestamp(&m.published_at)),
            opt(&m.author),
            Cow::Borrowed(if m.author_is_brand { "true" } else { "false" }),
            opt(&m.url),
            opt(&m.parent_id),
            opt(&m.thread_id),
            opt(&m.lang),
            opt(&m.region),
            num(m.rating.map(|r| u64::from(r.get()))),
            num(m.reach),
            num(m.reactions),
            num(m.comments),
            num(m.shares),
            num(m.views),
            Cow::Owned(extra),
        ];
        self.out.write_record(cells.iter().map(|c| c.as_bytes()))?;
        Ok(())
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Writes the header if no row was written, flushes, and returns the underlying writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.header()?;
        self.out
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

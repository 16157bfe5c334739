//! JSON Lines: one mention object per line.

use std::cell::Cell;
use std::io::{self, BufRead, Write};

use serde::de::DeserializeSeed;

use super::{InputError, InputErrorKind, MentionReader, ReadOptions, RecordSource};
use crate::Mention;
use crate::mention::MentionSeed;

/// Reads mentions from JSON Lines, one record in memory at a time.
///
/// Blank lines are skipped (but counted, so line numbers match an editor's), `\r\n` endings and
/// a leading byte-order mark are accepted.
///
/// ```
/// use otklik::io::{JsonlReader, ReadOptions};
///
/// let data = r#"{"id":"a","platform":"vk","kind":"post","text":"Привет","published_at":"2025-09-01T10:00:00Z"}"#;
/// let mentions: Vec<_> = JsonlReader::new(data.as_bytes(), ReadOptions::new())
///     .collect::<Result<_, _>>()
///     .unwrap();
/// assert_eq!(mentions[0].text, "Привет");
/// ```
pub type JsonlReader<R> = MentionReader<JsonlSource<R>>;

impl<R: BufRead> MentionReader<JsonlSource<R>> {
    /// A JSON Lines reader over any buffered input (`BufReader<File>`, `&[u8]`, stdin lock).
    pub fn new(reader: R, options: ReadOptions) -> Self {
        let source = JsonlSource {
            reader,
            buf: Vec::new(),
            line: 0,
            max_record_bytes: options.get_max_record_bytes(),
        };
        MentionReader::from_source(source, &options)
    }
}

/// The JSON Lines parser behind [`JsonlReader`].
#[derive(Debug)]
pub struct JsonlSource<R> {
    reader: R,
    buf: Vec<u8>,
    line: u64,
    max_record_bytes: usize,
}

/// How reading one line ended.
enum LineRead {
    /// A line (possibly without a final newline) is in the buffer.
    Line,
    /// The line was longer than the limit; it was consumed but not kept.
    TooLarge,
    /// No more input.
    Eof,
}

/// Reads up to and including the next `\n` into `buf`, keeping at most `limit` bytes of it.
fn read_line_limited<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<LineRead> {
    let mut seen_any = false;
    let mut too_large = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok(match (seen_any, too_large) {
                (false, _) => LineRead::Eof,
                (true, true) => LineRead::TooLarge,
                (true, false) => LineRead::Line,
            });
        }
        seen_any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        if !too_large {
            if buf.len() + chunk.len() > limit {
                too_large = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = chunk.len();
        reader.consume(used);
        if done {
            return Ok(if too_large {
                LineRead::TooLarge
            } else {
                LineRead::Line
            });
        }
    }
}

impl<R: BufRead> RecordSource for JsonlSource<R> {
    fn next_record(&mut self) -> Option<Result<Mention, InputError>> {
        loop {
            self.buf.clear();
            self.line += 1;
            // Room for "\r\n", which is not part of the record.
            let limit = self.max_record_bytes.saturating_add(2);
            let too_large = match read_line_limited(&mut self.reader, &mut self.buf, limit) {
                Err(err) => return Some(Err(InputError::io(self.line, err))),
                Ok(LineRead::Eof) => return None,
                Ok(LineRead::TooLarge) => true,
                Ok(LineRead::Line) => false,
            };
            let mut bytes = self.buf.as_slice();
            bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if too_large || bytes.len() > self.max_record_bytes {
                let message = format!(
                    "record longer than the limit of {} bytes",
                    self.max_record_bytes
                );
                return Some(Err(InputError::new(
                    self.line,
                    InputErrorKind::TooLarge,
                    message,
                )));
            }
            if self.line == 1 {
                bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_line(bytes, self.line));
        }
    }
}

/// Parses one JSON Lines record, naming the line, column and field of any error.
fn parse_line(bytes: &[u8], line: u64) -> Result<Mention, InputError> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let column = err.valid_up_to() as u64 + 1;
        InputError::new(line, InputErrorKind::InvalidUtf8, "invalid UTF-8").with_column(column)
    })?;
    let field = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    MentionSeed { field: &field }
        .deserialize(&mut de)
        .and_then(|mention| de.end().map(|()| mention))
        .map_err(|err| json_error(line, &err, field.get()))
}

fn json_error(line: u64, err: &serde_json::Error, field: Option<&'static str>) -> InputError {
    use serde_json::error::Category;
    let full = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let mut message = full.strip_suffix(&position).unwrap_or(&full).to_owned();
    let kind = match err.classify() {
        Category::Io => InputErrorKind::Io,
        Category::Syntax => InputErrorKind::Syntax,
        Category::Eof => {
            message.push_str(" (the line is truncated)");
            InputErrorKind::Syntax
        }
        Category::Data if message.starts_with("missing field") => InputErrorKind::MissingField,
        Category::Data => InputErrorKind::InvalidValue,
    };
    let mut error = InputError::new(line, kind, message);
    if err.column() > 0 {
        error = error.with_column(err.column() as u64);
    }
    match field {
        Some(name) => error.with_field(name),
        None => error,
    }
}

/// Writes mentions as JSON Lines, one object per line, known fields first, then `extra`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use otklik::{Kind, Mention, Platform};
/// use otklik::io::JsonlWriter;
///
/// let m = Mention::new("1", Platform::X, Kind::Post, "hi", Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap());
/// let mut w = JsonlWriter::new(Vec::new());
/// w.write(&m).unwrap();
/// let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
/// assert_eq!(
///     out,
///     "{\"id\":\"1\",\"platform\":\"x\",\"kind\":\"post\",\"text\":\"hi\",\"published_at\":\"2025-01-02T03:04:05Z\",\"author_is_brand\":false}\n"
/// );
/// ```
#[derive(Debug)]
pub struct JsonlWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer into `out`. Wrap files in a `BufWriter`.
    pub fn new(out: W) -> Self {
        JsonlWriter { out }
    }

    /// Writes one mention and its line ending. Fails on I/O errors, and with
    /// [`io::ErrorKind::InvalidData`] when an `extra` key has the name of a known field.
    pub fn write(&mut self, mention: &Mention) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, mention).map_err(io::Error::from)?;
        self.out.write_all(b"\n")
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_dropped_without_losing_the_next_one() {
        let mut input = Vec::new();
        input.extend(std::iter::repeat_n(b'x', 100));
        input.extend_from_slice(b"\nshort\n");
        let mut reader = io::BufReader::with_capacity(8, input.as_slice());
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 10).unwrap(),
            LineRead::TooLarge
        ));
        buf.clear();
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 10).unwrap(),
            LineRead::Line
        ));
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 10).unwrap(),
            LineRead::Eof
        ));
    }

    #[test]
    fn a_record_of_exactly_the_limit_fits() {
        let options = ReadOptions::new().max_record_bytes(10);
        let mut reader = super::JsonlReader::new(&b"0123456789\r\n0123456789a\n"[..], options);
        // The first record fits (it is not JSON, but it was read); the second is too long.
        assert_eq!(
            reader.next().unwrap().unwrap_err().kind(),
            InputErrorKind::Syntax
        );
        let options = ReadOptions::new().max_record_bytes(10);
        let mut reader = super::JsonlReader::new(&b"0123456789a\r\n"[..], options);
        assert_eq!(
            reader.next().unwrap().unwrap_err().kind(),
            InputErrorKind::TooLarge
        );
    }
}

//! Arrow rows as mentions, and per-conversation reply times as an Arrow table: what a
//! distributed engine (Spark's `mapInArrow` and `applyInArrow`) hands over and takes back.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::{DateTime, Utc};
use otklik::sla::{MetricTimes, ThreadTimes};
use otklik::{Kind, Mention, Platform, Rating};

/// The columns of a batch that hold mention fields, by name; absent columns read as unset.
struct Columns<'a> {
    id: Option<&'a ArrayRef>,
    text: Option<&'a ArrayRef>,
    published_at: Option<&'a ArrayRef>,
    platform: Option<&'a ArrayRef>,
    kind: Option<&'a ArrayRef>,
    author: Option<&'a ArrayRef>,
    author_is_brand: Option<&'a ArrayRef>,
    url: Option<&'a ArrayRef>,
    parent_id: Option<&'a ArrayRef>,
    thread_id: Option<&'a ArrayRef>,
    lang: Option<&'a ArrayRef>,
    region: Option<&'a ArrayRef>,
    rating: Option<&'a ArrayRef>,
    reach: Option<&'a ArrayRef>,
    reactions: Option<&'a ArrayRef>,
    comments: Option<&'a ArrayRef>,
    shares: Option<&'a ArrayRef>,
    views: Option<&'a ArrayRef>,
}

/// A string cell (Utf8, LargeUtf8, Utf8View); `None` for a null or another type.
fn string_at(column: Option<&ArrayRef>, row: usize) -> Option<&str> {
    let c = column?;
    if c.is_null(row) {
        return None;
    }
    match c.data_type() {
        DataType::Utf8 => Some(c.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Some(c.as_string::<i64>().value(row)),
        DataType::Utf8View => Some(c.as_string_view().value(row)),
        _ => None,
    }
}

/// An integer cell of any integer type, as `i128` so no value is cut; `None` for null.
fn integer_at(column: Option<&ArrayRef>, row: usize) -> Option<i128> {
    let c = column?;
    if c.is_null(row) {
        return None;
    }
    macro_rules! of {
        ($($t:ty),*) => {
            $(if let Some(a) = c.as_primitive_opt::<$t>() {
                return Some(i128::from(a.value(row)));
            })*
        };
    }
    of!(
        Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type
    );
    None
}

fn count_at(column: Option<&ArrayRef>, row: usize) -> Option<u64> {
    integer_at(column, row).and_then(|v| u64::try_from(v).ok())
}

fn bool_at(column: Option<&ArrayRef>, row: usize) -> Option<bool> {
    let c = column?;
    if c.is_null(row) {
        return None;
    }
    c.as_boolean_opt().map(|a| a.value(row))
}

/// A timestamp cell: an Arrow timestamp with a time zone (any unit), or an RFC 3339 string.
fn instant_at(column: Option<&ArrayRef>, row: usize) -> Option<DateTime<Utc>> {
    let c = column?;
    if c.is_null(row) {
        return None;
    }
    match c.data_type() {
        DataType::Timestamp(unit, _) => {
            let v = match unit {
                TimeUnit::Second => c.as_primitive::<TimestampSecondType>().value(row),
                TimeUnit::Millisecond => c.as_primitive::<TimestampMillisecondType>().value(row),
                TimeUnit::Microsecond => c.as_primitive::<TimestampMicrosecondType>().value(row),
                TimeUnit::Nanosecond => c.as_primitive::<TimestampNanosecondType>().value(row),
            };
            match unit {
                TimeUnit::Second => DateTime::from_timestamp(v, 0),
                TimeUnit::Millisecond => DateTime::from_timestamp_millis(v),
                TimeUnit::Microsecond => DateTime::from_timestamp_micros(v),
                TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(v)),
            }
        }
        _ => string_at(Some(c), row).and_then(|t| otklik::mention::parse_timestamp(t).ok()),
    }
}

/// Why a batch cannot be read as mentions: a column of a type that cannot hold its field.
pub(crate) fn check_types(schema: &Schema) -> Result<(), String> {
    let strings = [
        "id",
        "platform",
        "kind",
        "author",
        "url",
        "parent_id",
        "thread_id",
        "lang",
        "region",
    ];
    let integers = [
        "rating",
        "reach",
        "reactions",
        "comments",
        "shares",
        "views",
    ];
    for field in schema.fields() {
        let name = field.name().as_str();
        let t = field.data_type();
        let is_string = matches!(
            t,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        );
        let ok = if strings.contains(&name) {
            is_string
        } else if integers.contains(&name) {
            t.is_integer() || *t == DataType::Null
        } else if name == "author_is_brand" {
            matches!(t, DataType::Boolean | DataType::Null)
        } else if name == "published_at" {
            match t {
                DataType::Timestamp(_, None) => {
                    return Err(
                        "column \"published_at\" is a timestamp without a time zone; give it one \
                         (UTC), as guessing the zone would shift reply times"
                            .to_owned(),
                    );
                }
                DataType::Timestamp(_, Some(_)) => true,
                _ => is_string,
            }
        } else {
            true
        };
        if !ok {
            return Err(format!(
                "column {name:?} is of type {t}, which cannot hold a mention's {name}"
            ));
        }
    }
    Ok(())
}

/// The mentions of a batch, row by row, and whether each row has a text. With `for_clocks`, a
/// row without an id or without a valid `published_at` (null, or a string that is not
/// RFC 3339) is `None`; without it (for tagging, which needs neither) such a row reads with an
/// empty id and the Unix epoch. The text comes from `text_column` (a null text reads as
/// empty); a platform or kind that is absent reads as `other` / `post`; a rating outside 1 to 5
/// reads as none.
pub(crate) fn mentions_of(
    batch: &RecordBatch,
    text_column: &str,
    for_clocks: bool,
) -> Result<(Vec<Option<Mention>>, Vec<bool>), String> {
    let schema = batch.schema();
    check_types(&schema)?;
    let col = |name: &str| schema.index_of(name).ok().map(|i| batch.column(i));
    let c = Columns {
        id: col("id"),
        text: col(text_column),
        published_at: col("published_at"),
        platform: col("platform"),
        kind: col("kind"),
        author: col("author"),
        author_is_brand: col("author_is_brand"),
        url: col("url"),
        parent_id: col("parent_id"),
        thread_id: col("thread_id"),
        lang: col("lang"),
        region: col("region"),
        rating: col("rating"),
        reach: col("reach"),
        reactions: col("reactions"),
        comments: col("comments"),
        shares: col("shares"),
        views: col("views"),
    };
    if let Some(t) = c.text
        && !matches!(
            t.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        )
    {
        return Err(format!(
            "column {text_column:?} is of type {}, not a string column",
            t.data_type()
        ));
    }
    let owned = |column: Option<&ArrayRef>, row: usize| string_at(column, row).map(str::to_owned);
    let mut mentions = Vec::with_capacity(batch.num_rows());
    let mut texts = Vec::with_capacity(batch.num_rows());
    for row in 0..batch.num_rows() {
        let text = string_at(c.text, row);
        texts.push(text.is_some());
        let (id, at) = (string_at(c.id, row), instant_at(c.published_at, row));
        let (id, at) = match (id, at) {
            (Some(id), Some(at)) => (id, at),
            _ if for_clocks => {
                mentions.push(None);
                continue;
            }
            (id, at) => (id.unwrap_or(""), at.unwrap_or(DateTime::UNIX_EPOCH)),
        };
        let platform =
            string_at(c.platform, row).map_or(Platform::Other(String::new()), Platform::from_name);
        let kind = string_at(c.kind, row).map_or(Kind::Post, Kind::from_name);
        let mut m = Mention::new(id, platform, kind, text.unwrap_or(""), at);
        m.author = owned(c.author, row);
        m.author_is_brand = bool_at(c.author_is_brand, row).unwrap_or(false);
        m.url = owned(c.url, row);
        m.parent_id = owned(c.parent_id, row);
        m.thread_id = owned(c.thread_id, row);
        m.lang = owned(c.lang, row);
        m.region = owned(c.region, row);
        m.rating = integer_at(c.rating, row)
            .and_then(|r| u8::try_from(r).ok())
            .and_then(|r| Rating::new(r).ok());
        m.reach = count_at(c.reach, row);
        m.reactions = count_at(c.reactions, row);
        m.comments = count_at(c.comments, row);
        m.shares = count_at(c.shares, row);
        m.views = count_at(c.views, row);
        mentions.push(Some(m));
    }
    Ok((mentions, texts))
}

fn utc_micros() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

/// A column's name and how to make its type.
type ColumnSpec = (&'static str, fn() -> DataType);

/// The columns of one metric's times, each prefixed with the metric's name.
const METRIC_COLUMNS: [ColumnSpec; 15] = [
    ("target", || DataType::Utf8),
    ("limit_seconds", || DataType::Float64),
    ("started_at", utc_micros),
    ("month", || DataType::Utf8),
    ("week", || DataType::Utf8),
    ("day", || DataType::Utf8),
    ("state", || DataType::Utf8),
    ("outcome", || DataType::Utf8),
    ("met", || DataType::Boolean),
    ("missed", || DataType::Boolean),
    ("elapsed_seconds", || DataType::Float64),
    ("reply_seconds", || DataType::Float64),
    ("stopped_at", utc_micros),
    ("deadline", utc_micros),
    ("agent", || DataType::Utf8),
];

/// The schema of [`times_batch`]: the conversation, then `first_reply_*` and `resolution_*`.
pub(crate) fn times_schema() -> SchemaRef {
    let mut fields = vec![
        Field::new("thread", DataType::Utf8, false),
        Field::new("first_mention", DataType::Utf8, false),
        Field::new("mentions", DataType::Int64, false),
        Field::new("platform", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new(
            "tags",
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
            false,
        ),
        Field::new("priority", DataType::Utf8, true),
        Field::new("queue", DataType::Utf8, true),
        Field::new("moved_to_private", DataType::Boolean, false),
        Field::new("next_replies", DataType::Int64, false),
    ];
    for metric in ["first_reply", "resolution"] {
        for (name, t) in METRIC_COLUMNS {
            fields.push(Field::new(format!("{metric}_{name}"), t(), true));
        }
    }
    Arc::new(Schema::new(fields))
}

/// Builders of one metric's columns.
struct MetricBuilders {
    target: StringBuilder,
    limit: Float64Builder,
    started_at: TimestampMicrosecondBuilder,
    month: StringBuilder,
    week: StringBuilder,
    day: StringBuilder,
    state: StringBuilder,
    outcome: StringBuilder,
    met: BooleanBuilder,
    missed: BooleanBuilder,
    elapsed: Float64Builder,
    reply: Float64Builder,
    stopped_at: TimestampMicrosecondBuilder,
    deadline: TimestampMicrosecondBuilder,
    agent: StringBuilder,
}

impl MetricBuilders {
    fn new() -> MetricBuilders {
        let ts = || TimestampMicrosecondBuilder::new().with_timezone("UTC");
        MetricBuilders {
            target: StringBuilder::new(),
            limit: Float64Builder::new(),
            started_at: ts(),
            month: StringBuilder::new(),
            week: StringBuilder::new(),
            day: StringBuilder::new(),
            state: StringBuilder::new(),
            outcome: StringBuilder::new(),
            met: BooleanBuilder::new(),
            missed: BooleanBuilder::new(),
            elapsed: Float64Builder::new(),
            reply: Float64Builder::new(),
            stopped_at: ts(),
            deadline: ts(),
            agent: StringBuilder::new(),
        }
    }

    fn push(&mut self, m: Option<&MetricTimes>) {
        let micros = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp_micros());
        self.target.append_option(m.map(|m| &m.target));
        self.limit
            .append_option(m.map(|m| m.limit.num_milliseconds() as f64 / 1000.0));
        self.started_at
            .append_option(micros(m.map(|m| m.started_at)));
        self.month.append_option(m.map(|m| &m.month));
        self.week.append_option(m.map(|m| &m.week));
        self.day.append_option(m.map(|m| &m.day));
        self.state.append_option(m.map(|m| m.state.as_str()));
        self.outcome.append_option(m.map(|m| m.outcome.as_str()));
        self.met.append_option(m.map(|m| m.met));
        self.missed.append_option(m.map(|m| m.missed));
        self.elapsed.append_option(m.map(|m| m.elapsed_seconds));
        self.reply.append_option(m.and_then(|m| m.reply_seconds));
        self.stopped_at
            .append_option(micros(m.and_then(|m| m.stopped_at)));
        self.deadline
            .append_option(micros(m.and_then(|m| m.deadline)));
        self.agent.append_option(m.and_then(|m| m.agent.as_deref()));
    }

    fn finish(mut self, into: &mut Vec<ArrayRef>) {
        into.extend([
            Arc::new(self.target.finish()) as ArrayRef,
            Arc::new(self.limit.finish()),
            Arc::new(self.started_at.finish()),
            Arc::new(self.month.finish()),
            Arc::new(self.week.finish()),
            Arc::new(self.day.finish()),
            Arc::new(self.state.finish()),
            Arc::new(self.outcome.finish()),
            Arc::new(self.met.finish()),
            Arc::new(self.missed.finish()),
            Arc::new(self.elapsed.finish()),
            Arc::new(self.reply.finish()),
            Arc::new(self.stopped_at.finish()),
            Arc::new(self.deadline.finish()),
            Arc::new(self.agent.finish()),
        ]);
    }
}

/// The rows of conversations as one Arrow batch of [`times_schema`].
pub(crate) fn times_batch(rows: &[ThreadTimes]) -> Result<RecordBatch, String> {
    let mut thread = StringBuilder::new();
    let mut first = StringBuilder::new();
    let mut mentions = Int64Builder::new();
    let mut platform = StringBuilder::new();
    let mut kind = StringBuilder::new();
    let mut tags = ListBuilder::new(StringBuilder::new());
    let mut priority = StringBuilder::new();
    let mut queue = StringBuilder::new();
    let mut moved = BooleanBuilder::new();
    let mut next = Int64Builder::new();
    let mut first_reply = MetricBuilders::new();
    let mut resolution = MetricBuilders::new();
    for r in rows {
        thread.append_value(&r.key);
        first.append_value(&r.first_mention);
        mentions.append_value(r.mentions as i64);
        platform.append_value(r.platform.as_str());
        kind.append_value(r.kind.as_str());
        for t in &r.tags {
            tags.values().append_value(t);
        }
        tags.append(true);
        priority.append_option(r.priority.map(|p| p.as_str()));
        queue.append_option(r.queue.as_deref());
        moved.append_value(r.moved_to_private);
        next.append_value(r.next_replies as i64);
        first_reply.push(r.first_reply.as_ref());
        resolution.push(r.resolution.as_ref());
    }
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(thread.finish()),
        Arc::new(first.finish()),
        Arc::new(mentions.finish()),
        Arc::new(platform.finish()),
        Arc::new(kind.finish()),
        Arc::new(tags.finish()),
        Arc::new(priority.finish()),
        Arc::new(queue.finish()),
        Arc::new(moved.finish()),
        Arc::new(next.finish()),
    ];
    first_reply.finish(&mut columns);
    resolution.finish(&mut columns);
    RecordBatch::try_new(times_schema(), columns).map_err(|e| e.to_string())
}

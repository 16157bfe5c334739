//! Columnar tagging: Arrow tables in (anything with the Arrow PyCapsule interface: pyarrow,
//! polars, arro3, DuckDB results), an Arrow table out, without a Python object per row.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use otklik::Mention;
use otklik::rules::{RuleSet, Tagging};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;

/// The texts of a string column (Utf8, LargeUtf8 or Utf8View); `None` for nulls.
fn texts(column: &ArrayRef) -> Result<Vec<Option<&str>>, String> {
    Ok(match column.data_type() {
        DataType::Utf8 => column.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => column.as_string::<i64>().iter().collect(),
        DataType::Utf8View => column.as_string_view().iter().collect(),
        other => return Err(format!("is of type {other}, not a string column")),
    })
}

/// The output schema: the id column as it came (if any), then the tagging.
fn output_schema(id: Option<&Field>) -> SchemaRef {
    let mut fields: Vec<Field> = id.into_iter().cloned().collect();
    fields.extend([
        Field::new(
            "tags",
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
            true,
        ),
        Field::new("needs_reply", DataType::Boolean, true),
        Field::new("priority", DataType::Utf8, true),
        Field::new("queue", DataType::Utf8, true),
    ]);
    Arc::new(Schema::new(fields))
}

/// Tags one batch: the text column in (or, with `as_mentions`, each row read as a mention, its
/// other columns giving the fields that field filters see), the output batch out. Null texts
/// give null rows.
fn tag_batch(
    rules: &RuleSet,
    batch: &RecordBatch,
    (text_name, text_index): (&str, usize),
    id_index: Option<usize>,
    as_mentions: bool,
    schema: &SchemaRef,
) -> Result<RecordBatch, String> {
    let (present, taggings): (Vec<bool>, Vec<Tagging>) = if as_mentions {
        let (mentions, has_text) = crate::arrow_rows::mentions_of(batch, text_name, false)?;
        let tagged: Vec<Mention> = mentions
            .into_iter()
            .zip(&has_text)
            .filter(|(_, t)| **t)
            .filter_map(|(m, _)| m)
            .collect();
        (has_text, rules.tag_mentions(&tagged))
    } else {
        let column = batch.column(text_index);
        let texts = texts(column).map_err(|e| format!("column {text_name:?} {e}"))?;
        let present: Vec<&str> = texts.iter().flatten().copied().collect();
        let taggings = rules.tag_many(&present);
        (texts.iter().map(Option::is_some).collect(), taggings)
    };
    let mut taggings = taggings.into_iter();
    let mut tags = ListBuilder::new(StringBuilder::new());
    let mut needs_reply = BooleanBuilder::with_capacity(present.len());
    let mut priority = StringBuilder::new();
    let mut queue = StringBuilder::new();
    for &has_text in &present {
        let tagging: Option<Tagging> = if has_text { taggings.next() } else { None };
        match tagging {
            Some(t) => {
                for m in &t.tags {
                    tags.values().append_value(&m.tag);
                }
                tags.append(true);
                needs_reply.append_value(t.needs_reply);
                priority.append_option(t.priority.map(|p| p.as_str()));
                queue.append_option(t.queue.as_deref());
            }
            None => {
                tags.append(false);
                needs_reply.append_null();
                priority.append_null();
                queue.append_null();
            }
        }
    }
    let mut columns: Vec<ArrayRef> = id_index
        .map(|i| batch.column(i).clone())
        .into_iter()
        .collect();
    columns.extend([
        Arc::new(tags.finish()) as ArrayRef,
        Arc::new(needs_reply.finish()),
        Arc::new(priority.finish()),
        Arc::new(queue.finish()),
    ]);
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())
}

/// Finds a column by name, or a `KeyError` that lists the columns.
fn position(schema: &Schema, name: &str, role: &str) -> PyResult<usize> {
    schema.index_of(name).map_err(|_| {
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        PyKeyError::new_err(format!(
            "{role} column {name:?} is not in the data; its columns are {names:?}"
        ))
    })
}

/// Hands a table to the caller as a `pyarrow.Table` when pyarrow is installed, else as an
/// `arro3.core.Table` when arro3 is, else as an object with `__arrow_c_stream__` (that
/// `polars.DataFrame(...)` and `pyarrow.table(...)` accept).
pub(crate) fn export(py: Python<'_>, table: PyTable) -> PyResult<Bound<'_, PyAny>> {
    if py.import("pyarrow").is_ok() {
        return table.into_pyarrow(py);
    }
    if py.import("arro3.core").is_ok() {
        return table.into_arro3(py);
    }
    Ok(Bound::new(py, table)?.into_any())
}

/// Tags the string column `text_column` of an Arrow table or record batch (or a stream of
/// them) and returns an Arrow table of `id_column` (as it came, unless None), `tags`
/// (list of strings), `needs_reply`, `priority` and `queue`. With `as_mentions`, each row is
/// read as a mention (columns named as `Mention`'s fields), so field filters see its
/// platform, kind, rating, ... The GIL is released while tagging.
pub(crate) fn tag_arrow<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    data: &Bound<'py, PyAny>,
    text_column: &str,
    id_column: Option<&str>,
    as_mentions: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let input: AnyRecordBatch = data.extract().map_err(|_| {
        PyTypeError::new_err(
            "tag_arrow: expected an Arrow table or record batch (an object with \
             __arrow_c_stream__ or __arrow_c_array__, such as a pyarrow.Table or a polars.DataFrame)",
        )
    })?;
    let reader = input.into_reader()?;
    let input_schema = reader.schema();
    let text_index = position(&input_schema, text_column, "text")?;
    let id_index = id_column
        .map(|name| position(&input_schema, name, "id"))
        .transpose()?;
    if as_mentions {
        crate::arrow_rows::check_types(&input_schema)
            .map_err(|e| PyValueError::new_err(format!("tag_arrow: {e}")))?;
    }
    let schema = output_schema(id_index.map(|i| input_schema.field(i)));
    let batches = py.detach(|| -> Result<Vec<RecordBatch>, String> {
        let mut out = Vec::new();
        for batch in reader {
            let batch = batch.map_err(|e: ArrowError| e.to_string())?;
            out.push(tag_batch(
                rules,
                &batch,
                (text_column, text_index),
                id_index,
                as_mentions,
                &schema,
            )?);
        }
        Ok(out)
    });
    let batches = batches.map_err(|e| PyValueError::new_err(format!("tag_arrow: {e}")))?;
    export(py, PyTable::try_new(batches, schema)?)
}

/// A report as an Arrow table: one string column per grouping, then the counts (uint64), the
/// service level (float64, 0 to 1) and reply times in seconds (float64); nulls where there is
/// no value. The total is not a row (it is `Report.total`).
pub(crate) fn report_table<'py>(
    py: Python<'py>,
    report: &otklik::sla::Report,
) -> PyResult<Bound<'py, PyAny>> {
    use arrow_array::{Float64Array, StringArray, UInt64Array};
    let columns = report.columns();
    let groups = report.group_by.len();
    let rows = &report.rows;
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
    for g in 0..groups {
        arrays.push(Arc::new(StringArray::from_iter_values(
            rows.iter().map(|r| r.key[g].as_str()),
        )));
    }
    let counts: [fn(&otklik::sla::ReportRow) -> u64; 9] = [
        |r| r.count,
        |r| r.answered,
        |r| r.met,
        |r| r.missed,
        |r| r.open,
        |r| r.open_late,
        |r| r.abandoned,
        |r| r.short_abandoned,
        |r| r.moved_to_private,
    ];
    for count in counts {
        arrays.push(Arc::new(UInt64Array::from_iter_values(
            rows.iter().map(count),
        )));
    }
    let floats: [fn(&otklik::sla::ReportRow) -> Option<f64>; 7] = [
        |r| r.service_level,
        |r| r.mean_seconds,
        |r| r.median_seconds,
        |r| r.percentiles_seconds[0],
        |r| r.percentiles_seconds[1],
        |r| r.percentiles_seconds[2],
        |r| r.percentiles_seconds[3],
    ];
    for float in floats {
        arrays.push(Arc::new(Float64Array::from_iter(rows.iter().map(float))));
    }
    let fields: Vec<Field> = columns
        .iter()
        .zip(&arrays)
        .map(|(name, array)| Field::new(name, array.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    export(py, PyTable::try_new(vec![batch], schema)?)
}

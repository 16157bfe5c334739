//! The CRM export: one row per mention with its tags by category, reply need, priority, queue,
//! its conversation's SLA state and times, and its text with personal data masked.
//!
//! JSON Lines keeps the structure (`tags` is an object of category → tag ids, SLA cells are
//! objects); CSV flattens it: one `tags.<category>` column per category of the rule set (ids
//! joined by `;`) and `first_reply.*` / `resolution.*` columns. Both read back to the same
//! [`CrmRow`]s ([`read_jsonl`], [`read_csv`]), as long as no tag id holds a `;` (the CSV list
//! separator); empty strings are written as no value in both.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use otklik::Mention;
use otklik::pii::Redacted;
use otklik::rules::{RuleSet, Tagging};
use serde::{Deserialize, Serialize};

use crate::pipeline::Formats;

/// The state of one SLA metric of a conversation, as of the report's instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaCell {
    /// The target's name.
    pub target: String,
    /// `active`, `paused`, `met`, `breached` (stopped late, or running past the limit),
    /// `abandoned`.
    pub state: String,
    /// Business seconds used (the reply time once stopped).
    pub elapsed_seconds: i64,
    /// When the limit is (or was) used up.
    pub deadline: Option<DateTime<Utc>>,
    /// When it stopped (the reply, the resolution).
    pub stopped_at: Option<DateTime<Utc>>,
}

/// One row of the CRM export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmRow {
    /// The mention's id.
    pub id: String,
    /// Its platform.
    pub platform: String,
    /// Its kind.
    pub kind: String,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// Its author.
    pub author: Option<String>,
    /// Whether the bank wrote it.
    pub author_is_brand: bool,
    /// Its permalink.
    pub url: Option<String>,
    /// The conversation (thread key) it belongs to, if it is on a clock.
    pub conversation: Option<String>,
    /// What it answers.
    pub parent_id: Option<String>,
    /// Its language.
    pub lang: Option<String>,
    /// Its region.
    pub region: Option<String>,
    /// Its star rating.
    pub rating: Option<u8>,
    /// Tag ids by category (customer mentions only).
    pub tags: BTreeMap<String, Vec<String>>,
    /// Whether a tag says it needs a reply.
    pub needs_reply: bool,
    /// The highest priority of its tags.
    pub priority: Option<String>,
    /// The queue it goes to.
    pub queue: Option<String>,
    /// Its conversation's first reply.
    pub first_reply: Option<SlaCell>,
    /// Its conversation's resolution.
    pub resolution: Option<SlaCell>,
    /// The kinds of personal data masked in the text.
    pub pii: Vec<String>,
    /// The text with personal data masked.
    pub text: String,
}

impl CrmRow {
    /// The row of a mention.
    pub fn new(
        m: &Mention,
        tagging: Option<&Tagging>,
        conversation: Option<&str>,
        first_reply: Option<SlaCell>,
        resolution: Option<SlaCell>,
        redacted: Redacted,
    ) -> CrmRow {
        // An empty value is no value: CSV cannot tell them apart, so JSON Lines does not either.
        let some = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in tagging.map(|t| t.tags.as_slice()).unwrap_or_default() {
            tags.entry(t.category.to_string())
                .or_default()
                .push(t.tag.to_string());
        }
        CrmRow {
            id: m.id.clone(),
            platform: m.platform.as_str().to_owned(),
            kind: m.kind.as_str().to_owned(),
            published_at: m.published_at,
            author: some(&m.author),
            author_is_brand: m.author_is_brand,
            url: some(&m.url),
            conversation: conversation.map(str::to_owned),
            parent_id: some(&m.parent_id),
            lang: some(&m.lang),
            region: some(&m.region),
            rating: m.rating.map(|r| r.get()),
            tags,
            needs_reply: tagging.is_some_and(|t| t.needs_reply),
            priority: tagging
                .and_then(|t| t.priority)
                .map(|p| p.as_str().to_owned()),
            queue: tagging.and_then(|t| some(&t.queue)),
            first_reply,
            resolution,
            pii: redacted
                .matches
                .iter()
                .map(|f| f.kind.as_str().to_owned())
                .collect(),
            text: redacted.text,
        }
    }
}

const SLA_FIELDS: [&str; 5] = [
    "target",
    "state",
    "elapsed_seconds",
    "deadline",
    "stopped_at",
];

/// The CSV header for a rule set's categories.
fn csv_header(categories: &[String]) -> Vec<String> {
    let mut h: Vec<String> = [
        "id",
        "platform",
        "kind",
        "published_at",
        "author",
        "author_is_brand",
        "url",
        "conversation",
        "parent_id",
        "lang",
        "region",
        "rating",
    ]
    .map(str::to_owned)
    .to_vec();
    h.extend(categories.iter().map(|c| format!("tags.{c}")));
    h.extend(["needs_reply", "priority", "queue"].map(str::to_owned));
    for cell in ["first_reply", "resolution"] {
        h.extend(SLA_FIELDS.iter().map(|f| format!("{cell}.{f}")));
    }
    h.extend(["pii", "text"].map(str::to_owned));
    h
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The CSV record of a row, in the order of [`csv_header`].
fn csv_record(row: &CrmRow, categories: &[String]) -> Vec<String> {
    let mut r = vec![
        row.id.clone(),
        row.platform.clone(),
        row.kind.clone(),
        time(Some(row.published_at)),
        opt(&row.author),
        row.author_is_brand.to_string(),
        opt(&row.url),
        opt(&row.conversation),
        opt(&row.parent_id),
        opt(&row.lang),
        opt(&row.region),
        row.rating.map(|r| r.to_string()).unwrap_or_default(),
    ];
    r.extend(
        categories
            .iter()
            .map(|c| row.tags.get(c).map(|t| t.join(";")).unwrap_or_default()),
    );
    r.extend([
        row.needs_reply.to_string(),
        opt(&row.priority),
        opt(&row.queue),
    ]);
    for cell in [&row.first_reply, &row.resolution] {
        match cell {
            Some(c) => r.extend([
                c.target.clone(),
                c.state.clone(),
                c.elapsed_seconds.to_string(),
                time(c.deadline),
                time(c.stopped_at),
            ]),
            None => r.extend(std::iter::repeat_n(String::new(), SLA_FIELDS.len())),
        }
    }
    r.extend([row.pii.join(";"), row.text.clone()]);
    r
}

/// The writers of the chosen CRM formats in one directory.
pub struct CrmWriters {
    jsonl: Option<(PathBuf, BufWriter<File>)>,
    csv: Option<(PathBuf, csv::Writer<BufWriter<File>>)>,
    categories: Vec<String>,
}

impl CrmWriters {
    /// Creates the directory and the files (`crm.jsonl`, `crm.csv`) of the chosen formats.
    pub fn create(dir: &Path, formats: Formats, rules: &RuleSet) -> Result<CrmWriters, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let create = |name: &str| {
            let path = dir.join(name);
            File::create(&path)
                .map(|f| (path.clone(), BufWriter::new(f)))
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        let mut categories: Vec<String> = Vec::new();
        for t in rules.tags() {
            if !categories.contains(&t.category) {
                categories.push(t.category.clone());
            }
        }
        let jsonl = if formats.jsonl {
            Some(create("crm.jsonl")?)
        } else {
            None
        };
        let csv = if formats.csv {
            let (path, file) = create("crm.csv")?;
            let mut w = csv::Writer::from_writer(file);
            w.write_record(csv_header(&categories))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Some((path, w))
        } else {
            None
        };
        Ok(CrmWriters {
            jsonl,
            csv,
            categories,
        })
    }

    /// Writes one row to each file.
    pub fn write(&mut self, row: &CrmRow) -> Result<(), String> {
        if let Some((path, w)) = &mut self.jsonl {
            serde_json::to_writer(&mut *w, row)
                .map_err(|e| e.to_string())
                .and_then(|()| w.write_all(b"\n").map_err(|e| e.to_string()))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        if let Some((path, w)) = &mut self.csv {
            w.write_record(csv_record(row, &self.categories))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }

    /// Flushes and closes the files; returns their paths.
    pub fn finish(self) -> Result<Vec<PathBuf>, String> {
        let mut written = Vec::new();
        if let Some((path, mut w)) = self.jsonl {
            w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
            written.push(path);
        }
        if let Some((path, mut w)) = self.csv {
            w.flush().map_err(|e| format!("{}: {e}", path.display()))?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Reads a `crm.jsonl` back.
pub fn read_jsonl(path: &Path) -> Result<Vec<CrmRow>, String> {
    let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    BufReader::new(file)
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
            serde_json::from_str(&line)
                .map_err(|e| format!("{}: line {}: {e}", path.display(), n + 1))
        })
        .collect()
}

/// Reads a `crm.csv` back.
pub fn read_csv(path: &Path) -> Result<Vec<CrmRow>, String> {
    let place = |n: usize, e: &dyn std::fmt::Display| format!("{}: row {n}: {e}", path.display());
    let mut reader = csv::Reader::from_path(path).map_err(|e| place(0, &e))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| place(0, &e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| place(n + 1, &e))?;
        let get = |name: &str| -> Result<&str, String> {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .ok_or_else(|| place(n + 1, &format!("no column `{name}`")))
        };
        let some = |name: &str| -> Result<Option<String>, String> {
            get(name).map(|v| (!v.is_empty()).then(|| v.to_owned()))
        };
        let parse_time = |name: &str| -> Result<Option<DateTime<Utc>>, String> {
            match get(name)? {
                "" => Ok(None),
                v => DateTime::parse_from_rfc3339(v)
                    .map(|t| Some(t.with_timezone(&Utc)))
                    .map_err(|e| place(n + 1, &format!("{name}: {e}"))),
            }
        };
        let list = |v: &str| -> Vec<String> {
            v.split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let cell = |prefix: &str| -> Result<Option<SlaCell>, String> {
            let target = get(&format!("{prefix}.target"))?;
            if target.is_empty() {
                return Ok(None);
            }
            Ok(Some(SlaCell {
                target: target.to_owned(),
                state: get(&format!("{prefix}.state"))?.to_owned(),
                elapsed_seconds: get(&format!("{prefix}.elapsed_seconds"))?
                    .parse()
                    .map_err(|e| place(n + 1, &e))?,
                deadline: parse_time(&format!("{prefix}.deadline"))?,
                stopped_at: parse_time(&format!("{prefix}.stopped_at"))?,
            }))
        };
        let mut tags = BTreeMap::new();
        for h in &header {
            if let Some(category) = h.strip_prefix("tags.") {
                let ids = list(get(h)?);
                if !ids.is_empty() {
                    tags.insert(category.to_owned(), ids);
                }
            }
        }
        rows.push(CrmRow {
            id: get("id")?.to_owned(),
            platform: get("platform")?.to_owned(),
            kind: get("kind")?.to_owned(),
            published_at: parse_time("published_at")?
                .ok_or_else(|| place(n + 1, &"published_at is empty"))?,
            author: some("author")?,
            author_is_brand: get("author_is_brand")? == "true",
            url: some("url")?,
            conversation: some("conversation")?,
            parent_id: some("parent_id")?,
            lang: some("lang")?,
            region: some("region")?,
            rating: some("rating")?
                .map(|r| r.parse().map_err(|e| place(n + 1, &e)))
                .transpose()?,
            tags,
            needs_reply: get("needs_reply")? == "true",
            priority: some("priority")?,
            queue: some("queue")?,
            first_reply: cell("first_reply")?,
            resolution: cell("resolution")?,
            pii: list(get("pii")?),
            text: get("text")?.to_owned(),
        });
    }
    Ok(rows)
}

//! The pipeline: two streaming passes over the mentions file, so memory stays bounded by the
//! number of conversations (a few dozen bytes each), never by the texts.
//!
//! Pass 1 tags every customer mention, counts tags by category and engagement by channel, and
//! feeds a [`ClockBuilder`]. Between the passes the clocks give the SLA report, the live queue
//! and each conversation's SLA state. Pass 2 reads the file again and writes one CRM row per
//! mention, its text redacted, with its conversation's SLA state.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use otklik::io::{JsonlReader, OnError, ReadOptions};
use otklik::metrics::{EngagementCounts, EngagementRate, InteractionSet, period_rate};
use otklik::pii::{RedactOptions, redact_with};
use otklik::replies::{ScriptBook, suggest_replies};
use otklik::rules::RuleSet;
use otklik::sla::{
    ClockBuilder, GroupBy, Metric, MetricState, MetricStatus, PercentileMethod, Policy, QueueEntry,
    Report, ReportBuilder, ServiceLevel, Target, live_queue,
};
use otklik::{Kind, Mention};

use crate::crm::{CrmRow, CrmWriters, SlaCell};
use crate::survey::{self, SurveySummary};

/// Where the inputs are.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// Mentions, JSON Lines.
    pub mentions: PathBuf,
    /// The rule set (TOML).
    pub rules: PathBuf,
    /// The SLA policy (TOML).
    pub policy: PathBuf,
    /// The survey answers (CSV), if any.
    pub survey: Option<PathBuf>,
    /// Reply scripts (TOML), if any: each queued mention gets a suggested reply.
    pub scripts: Option<PathBuf>,
}

impl Inputs {
    /// The bundled example data of the fictional Zorya Bank.
    pub fn bundled() -> Inputs {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        Inputs {
            mentions: here.join("data/mentions.jsonl"),
            rules: here.join("rules/bank.toml"),
            policy: here.join("sla/policy.toml"),
            survey: Some(here.join("data/survey.csv")),
            scripts: Some(here.join("replies/scripts.toml")),
        }
    }
}

/// Which exports to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Formats {
    /// `crm.jsonl`
    pub jsonl: bool,
    /// `crm.csv`
    pub csv: bool,
    /// `report.html`
    pub html: bool,
}

impl Formats {
    /// Every format.
    pub const ALL: Formats = Formats {
        jsonl: true,
        csv: true,
        html: true,
    };

    /// Parses `jsonl,csv,html` (any subset).
    pub fn parse(list: &str) -> Result<Formats, String> {
        let mut f = Formats::default();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "jsonl" => f.jsonl = true,
                "csv" => f.csv = true,
                "html" => f.html = true,
                other => {
                    return Err(format!(
                        "unknown format `{other}`: choose from jsonl, csv, html"
                    ));
                }
            }
        }
        Ok(f)
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The instant the report is made at: clocks, queue and "open" are as of it.
    pub now: DateTime<Utc>,
    /// Where exports go; `None` writes none.
    pub out_dir: Option<PathBuf>,
    /// Which exports.
    pub formats: Formats,
    /// How many queue items to show.
    pub top: usize,
    /// The service-level goal drawn as the target line (0.9 = 90 % within the limit).
    pub goal: f64,
    /// A conversation whose last message is the bank's is resolved after this much silence.
    pub resolve_idle: TimeDelta,
    /// Show a progress bar for inputs of this many bytes or more (on a terminal).
    pub progress_from_bytes: u64,
}

impl Options {
    /// Defaults at `now`: no exports, top 10, goal 90 %, resolved after 24 h of silence,
    /// progress from 16 MiB.
    pub fn at(now: DateTime<Utc>) -> Options {
        Options {
            now,
            out_dir: None,
            formats: Formats::default(),
            top: 10,
            goal: 0.9,
            resolve_idle: TimeDelta::hours(24),
            progress_from_bytes: 16 << 20,
        }
    }
}

/// The count of one tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCount {
    /// The tag id.
    pub tag: String,
    /// Customer mentions with it.
    pub mentions: usize,
}

/// The tags of one category, largest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryCount {
    /// The category.
    pub category: String,
    /// Customer mentions with at least one tag of it.
    pub mentions: usize,
    /// Each tag of it that fired.
    pub tags: Vec<TagCount>,
}

/// One line of the live queue, with the customer's message (redacted) for context.
#[derive(Clone, Debug)]
pub struct QueueLine {
    /// The queue entry.
    pub entry: QueueEntry,
    /// The first customer message's id.
    pub mention: String,
    /// Its platform.
    pub platform: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its text, redacted and cut to 60 characters.
    pub excerpt: String,
    /// The best reply script for it, if a script book was given: its id and the reply with
    /// any value still missing shown as `[name]`.
    pub suggestion: Option<(String, String)>,
}

/// Engagement of the bank's own posts on one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct EngagementLine {
    /// The platform.
    pub platform: String,
    /// The bank's posts.
    pub posts: u64,
    /// Reactions + comments + shares + saves.
    pub interactions: u64,
    /// Sum of reach.
    pub reach: u64,
    /// ERR: interactions per reach, % (ratio of sums).
    pub err: Option<f64>,
    /// ER by views, % (ratio of sums).
    pub er_views: Option<f64>,
}

/// Everything the job found; printed as tables and drawn in the HTML report.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The mentions file.
    pub source: String,
    /// As of when.
    pub now: DateTime<Utc>,
    /// Mentions read.
    pub read: usize,
    /// Bad records skipped, with where and why.
    pub skipped: Vec<String>,
    /// Mentions by customers and third parties.
    pub customers: usize,
    /// Mentions by the bank's own accounts.
    pub from_bank: usize,
    /// Customer mentions from and to.
    pub span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Tags in the rule set.
    pub rule_tags: usize,
    /// Customer mentions that need a reply by their tags.
    pub needs_reply: usize,
    /// Customer mentions with no tag.
    pub untagged: usize,
    /// Tags by category, in rule-file order of categories.
    pub categories: Vec<CategoryCount>,
    /// Conversations on a clock.
    pub conversations: usize,
    /// The live queue's most urgent lines.
    pub queue: Vec<QueueLine>,
    /// How many metrics are running or paused in all.
    pub queue_total: usize,
    /// How many of them are breached.
    pub queue_breached: usize,
    /// How many are in their warning zone.
    pub queue_warning: usize,
    /// Service level by month and platform (first reply).
    pub sla_by_month_platform: Report,
    /// Service level and reply-time percentiles by platform (first reply).
    pub sla_by_platform: Report,
    /// Service level by month (first reply), for the chart.
    pub sla_by_month: Report,
    /// Service level by target, every metric.
    pub sla_by_target: Report,
    /// The goal line.
    pub goal: f64,
    /// Survey scores, if a survey was given.
    pub survey: Option<SurveySummary>,
    /// Engagement per channel.
    pub engagement: Vec<EngagementLine>,
    /// Personal data masked in the export, by kind.
    pub pii_masked: BTreeMap<String, usize>,
    /// Files written.
    pub written: Vec<PathBuf>,
}

/// What is kept of each conversation between the passes.
#[derive(Clone, Debug)]
struct ConversationSla {
    key: Box<str>,
    first_reply: Option<Cell>,
    resolution: Option<Cell>,
}

/// One metric's state between the passes (the target is shared, not copied).
#[derive(Clone, Debug)]
struct Cell {
    target: Arc<Target>,
    state: MetricState,
    elapsed_seconds: i64,
    deadline: Option<DateTime<Utc>>,
    stopped_at: Option<DateTime<Utc>>,
}

impl Cell {
    fn of(status: &MetricStatus) -> Cell {
        Cell {
            target: status.target.clone(),
            state: status.state,
            elapsed_seconds: status.elapsed.num_seconds(),
            deadline: status.deadline,
            stopped_at: status.stopped_at,
        }
    }

    fn export(&self) -> SlaCell {
        SlaCell {
            target: self.target.name().to_owned(),
            state: self.state.as_str().to_owned(),
            elapsed_seconds: self.elapsed_seconds,
            deadline: self.deadline,
            stopped_at: self.stopped_at,
        }
    }
}

/// Runs the whole job.
pub fn run(inputs: &Inputs, options: &Options) -> Result<Summary, String> {
    let at = |p: &Path, e: &dyn std::fmt::Display| format!("{}: {e}", p.display());
    let rules = RuleSet::from_path(&inputs.rules).map_err(|e| at(&inputs.rules, &e))?;
    let policy = Policy::from_path(&inputs.policy).map_err(|e| at(&inputs.policy, &e))?;
    let scripts = match &inputs.scripts {
        Some(path) => Some(ScriptBook::from_path(path).map_err(|e| e.to_string())?),
        None => None,
    };
    let survey = match &inputs.survey {
        Some(path) => Some(survey::summarize(&survey::read_answers(path)?)?),
        None => None,
    };

    // Pass 1: tag, count, feed the clocks.
    let mut builder = ClockBuilder::new().resolve_when_idle(options.resolve_idle, options.now);
    let mut tallies: HashMap<String, usize> = HashMap::new();
    let mut category_mentions: HashMap<String, usize> = HashMap::new();
    let mut posts: BTreeMap<String, Vec<EngagementCounts>> = BTreeMap::new();
    let (mut read, mut customers, mut needs_reply, mut untagged) = (0, 0, 0, 0);
    let mut span: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    let mut out_of_range: Vec<String> = Vec::new();
    let mut reader = open(&inputs.mentions, options, "reading")?;
    for item in reader.by_ref() {
        let m = item.map_err(|e| at(&inputs.mentions, &e))?;
        read += 1;
        if !clock_range(&m) {
            out_of_range.push(format!(
                "{}: mention {} published at {} is outside the years clocks handle (1678-2261)",
                inputs.mentions.display(),
                m.id,
                m.published_at
            ));
            continue;
        }
        if m.author_is_brand {
            if m.kind == Kind::Post {
                posts
                    .entry(m.platform.as_str().to_owned())
                    .or_default()
                    .push(engagement_of(&m));
            }
            builder.push(&m, None);
            continue;
        }
        customers += 1;
        let t = m.published_at;
        span = Some(span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
        let tagging = rules.tag(&m);
        needs_reply += usize::from(tagging.needs_reply);
        untagged += usize::from(tagging.tags.is_empty());
        let mut seen_categories: Vec<&str> = Vec::new();
        for tag in &tagging.tags {
            *tallies.entry(tag.tag.to_string()).or_default() += 1;
            if !seen_categories.contains(&&*tag.category) {
                seen_categories.push(&tag.category);
                *category_mentions
                    .entry(tag.category.to_string())
                    .or_default() += 1;
            }
        }
        builder.push(&m, Some(&tagging));
    }
    let mut skipped: Vec<String> = reader
        .take_errors()
        .iter()
        .map(|e| at(&inputs.mentions, e))
        .collect();
    skipped.append(&mut out_of_range);
    reader.finish_progress();

    // Between the passes: clocks to report items, queue, per-conversation state.
    let mentions_pushed = builder.len();
    let mut conversation_of = vec![u32::MAX; mentions_pushed];
    let mut states: Vec<ConversationSla> = Vec::new();
    let sl = ServiceLevel::default();
    let method = PercentileMethod::default();
    let report = |group_by: &[GroupBy]| ReportBuilder::new(group_by, sl, method);
    let mut by_month_platform = report(&[GroupBy::Month, GroupBy::Platform]);
    let mut by_month = report(&[GroupBy::Month]);
    let mut by_platform = report(&[GroupBy::Platform]);
    let mut by_target = report(&[GroupBy::Metric, GroupBy::Target]);
    let mut open_clocks = Vec::new();
    for found in builder.finish(&policy) {
        let c = found.map_err(|e| at(&inputs.mentions, &format!("conversation clocks: {e}")))?;
        let index = states.len() as u32;
        for &i in &c.conversation.mentions {
            conversation_of[i] = index;
        }
        let status = c.clock.status(options.now).map_err(|e| e.to_string())?;
        states.push(ConversationSla {
            key: c.conversation.key.as_str().into(),
            first_reply: status.first_reply.as_ref().map(Cell::of),
            resolution: status.resolution.as_ref().map(Cell::of),
        });
        for metric in Metric::ALL {
            for cycle in c
                .clock
                .cycles(metric, options.now)
                .map_err(|e| e.to_string())?
            {
                let moved = c.clock.moved_to_private_at().is_some();
                if let Some(item) = otklik::sla::ReportItem::from_status(
                    &c.conversation.key,
                    &cycle,
                    &c.subject,
                    c.queue.as_deref(),
                )
                .map(|item| item.moved_to_private(moved))
                {
                    if metric == Metric::FirstReply {
                        by_month_platform.add(&item);
                        by_month.add(&item);
                        by_platform.add(&item);
                    }
                    by_target.add(&item);
                }
            }
        }
        if status.metrics().any(MetricStatus::is_open) {
            open_clocks.push((c.conversation.first_customer, c.clock));
        }
    }
    let conversations = states.len();
    let by_key: Vec<(String, &otklik::sla::Clock)> = open_clocks
        .iter()
        .map(|(first, clock)| (first.to_string(), clock))
        .collect();
    let queue_all = live_queue(by_key.iter().map(|(k, c)| (k.as_str(), *c)), options.now)
        .map_err(|e| e.to_string())?;
    let queue_total = queue_all.len();
    let queue_breached = queue_all.iter().filter(|e| e.is_breached()).count();
    let queue_warning = queue_all.iter().filter(|e| e.warning).count();
    let mut shown = std::collections::HashSet::new();
    let mut queue: Vec<QueueLine> = queue_all
        .into_iter()
        .filter(|e| shown.insert(e.conversation.clone()))
        .take(options.top)
        .map(|entry| QueueLine {
            entry,
            mention: String::new(),
            platform: String::new(),
            tags: Vec::new(),
            excerpt: String::new(),
            suggestion: None,
        })
        .collect();
    // The queue's conversations are keyed by their first customer mention's index.
    let wanted: HashMap<usize, Vec<usize>> =
        queue
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut acc, (slot, line)| {
                if let Ok(i) = line.entry.conversation.parse::<usize>() {
                    acc.entry(i).or_default().push(slot);
                }
                acc
            });
    drop(open_clocks);

    let sla_by_month_platform = by_month_platform.finish();
    let sla_by_month = by_month.finish();
    let sla_by_platform = by_platform.finish();
    let sla_by_target = by_target.finish();

    // Pass 2: CRM rows, and the queue's texts.
    let mut writers = match &options.out_dir {
        Some(dir) => Some(CrmWriters::create(dir, options.formats, &rules)?),
        None => None,
    };
    let redaction = RedactOptions::new().allow("0 800 300 900");
    let mut pii_masked: BTreeMap<String, usize> = BTreeMap::new();
    let mut reader = open(&inputs.mentions, options, "exporting")?;
    let mut index = 0usize;
    for item in reader.by_ref() {
        let m = item.map_err(|e| at(&inputs.mentions, &e))?;
        // Mentions the clocks could not take (reported as skipped) are exported without SLA.
        let i = if clock_range(&m) {
            index += 1;
            index - 1
        } else {
            usize::MAX
        };
        let in_queue = wanted.get(&i);
        if writers.is_none() && in_queue.is_none() {
            continue;
        }
        let redacted = redact_with(&m.text, &redaction);
        let tagging = (!m.author_is_brand).then(|| rules.tag(&m));
        if let Some(slots) = in_queue {
            for &slot in slots {
                let line = &mut queue[slot];
                line.mention = m.id.clone();
                // Keyed by mention index until now; the conversation's own key from here on.
                if let Some(state) = conversation_of.get(i).and_then(|&c| states.get(c as usize)) {
                    line.entry.conversation = state.key.to_string();
                }
                line.platform = m.platform.as_str().to_owned();
                line.tags = tagging
                    .as_ref()
                    .map(|t| t.tag_ids().iter().map(|s| (*s).to_owned()).collect())
                    .unwrap_or_default();
                line.excerpt = excerpt(&redacted.text, 60);
                if let (Some(book), Some(t)) = (&scripts, &tagging) {
                    // Address the customer by the first word of their name, unless a handle.
                    let mut values = HashMap::new();
                    if let Some(first) = m
                        .author
                        .as_deref()
                        .and_then(|a| a.split_whitespace().next())
                        && !first.starts_with('@')
                        && !first.contains('_')
                    {
                        values.insert("name".to_owned(), first.to_owned());
                    }
                    line.suggestion = suggest_replies(book, &m, t, &values)
                        .into_iter()
                        .next()
                        .map(|s| (s.script, s.reply.preview));
                }
            }
        }
        if let Some(w) = writers.as_mut() {
            for found in &redacted.matches {
                *pii_masked
                    .entry(found.kind.as_str().to_owned())
                    .or_default() += 1;
            }
            let conversation = conversation_of
                .get(i)
                .filter(|&&c| c != u32::MAX)
                .map(|&c| &states[c as usize]);
            let row = CrmRow::new(
                &m,
                tagging.as_ref(),
                conversation.map(|c| &*c.key),
                conversation.and_then(|c| c.first_reply.as_ref().map(Cell::export)),
                conversation.and_then(|c| c.resolution.as_ref().map(Cell::export)),
                redacted,
            );
            w.write(&row)?;
        }
    }
    reader.finish_progress();
    if index != mentions_pushed {
        return Err(format!(
            "{}: the file changed between the passes ({mentions_pushed} then {index} mentions)",
            inputs.mentions.display()
        ));
    }

    let mut categories: Vec<CategoryCount> = Vec::new();
    for def in rules.tags() {
        let Some(&count) = tallies.get(&def.id) else {
            continue;
        };
        let tag = TagCount {
            tag: def.id.clone(),
            mentions: count,
        };
        match categories.iter_mut().find(|c| c.category == def.category) {
            Some(c) => c.tags.push(tag),
            None => categories.push(CategoryCount {
                category: def.category.clone(),
                mentions: category_mentions.get(&def.category).copied().unwrap_or(0),
                tags: vec![tag],
            }),
        }
    }
    for c in &mut categories {
        c.tags
            .sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.tag.cmp(&b.tag)));
    }

    let engagement = posts
        .into_iter()
        .map(|(platform, posts)| {
            let set = InteractionSet::ALL;
            EngagementLine {
                posts: posts.len() as u64,
                interactions: posts
                    .iter()
                    .map(|p| p.interactions(set))
                    .fold(0, u64::saturating_add),
                reach: posts
                    .iter()
                    .filter_map(|p| p.reach)
                    .fold(0, u64::saturating_add),
                err: period_rate(&posts, EngagementRate::InteractionsPerReach, set).ratio_of_sums,
                er_views: period_rate(&posts, EngagementRate::InteractionsPerViews, set)
                    .ratio_of_sums,
                platform,
            }
        })
        .collect();

    let mut summary = Summary {
        source: inputs.mentions.display().to_string(),
        now: options.now,
        read,
        skipped,
        customers,
        from_bank: read - customers,
        span,
        rule_tags: rules.tags().len(),
        needs_reply,
        untagged,
        categories,
        conversations,
        queue,
        queue_total,
        queue_breached,
        queue_warning,
        sla_by_month_platform,
        sla_by_platform,
        sla_by_month,
        sla_by_target,
        goal: options.goal,
        survey,
        engagement,
        pii_masked,
        written: Vec::new(),
    };
    if let Some(w) = writers {
        summary.written = w.finish()?;
    }
    if let (Some(dir), true) = (&options.out_dir, options.formats.html) {
        let path = dir.join("report.html");
        std::fs::write(&path, crate::html::render(&summary))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        summary.written.push(path);
    }
    Ok(summary)
}

/// Whether a mention's time is within the years SLA clocks handle (nanoseconds in an `i64`).
fn clock_range(m: &Mention) -> bool {
    m.published_at.timestamp_nanos_opt().is_some()
}

/// The engagement counts of a post.
fn engagement_of(m: &Mention) -> EngagementCounts {
    EngagementCounts {
        reactions: m.reactions.unwrap_or(0),
        comments: m.comments.unwrap_or(0),
        shares: m.shares.unwrap_or(0),
        views: m.views,
        reach: m.reach,
        ..EngagementCounts::default()
    }
}

/// The first `chars` characters of a text on one line, with `…` when cut.
pub fn excerpt(text: &str, chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// A mentions reader over a file, with a progress bar on large files.
struct Source {
    reader: JsonlReader<BufReader<Box<dyn Read>>>,
    bar: Option<ProgressBar>,
}

impl Iterator for Source {
    type Item = Result<Mention, otklik::io::InputError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.reader.next()
    }
}

impl Source {
    fn take_errors(&mut self) -> Vec<otklik::io::InputError> {
        self.reader.take_errors()
    }

    fn finish_progress(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn open(path: &Path, options: &Options, what: &'static str) -> Result<Source, String> {
    let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let (read, bar): (Box<dyn Read>, _) = if size >= options.progress_from_bytes {
        let bar = ProgressBar::new(size).with_message(what);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:>10} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .map_err(|e| e.to_string())?
            .progress_chars("=> "),
        );
        (Box::new(bar.wrap_read(file)), Some(bar))
    } else {
        (Box::new(file), None)
    };
    let reader = JsonlReader::new(
        BufReader::with_capacity(1 << 16, read),
        ReadOptions::new().on_error(OnError::Skip),
    );
    Ok(Source { reader, bar })
}

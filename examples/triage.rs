//! The main job of otklik on the bundled data of the fictional Zorya Bank.
//!
//! At this stage it reads the mentions, tags them with the bank's rule set and prints what is in
//! them: per platform, language and kind, the tags by category, and how many need a reply. Later
//! stages queue them by deadline and report service level, NPS and engagement.
//!
//! ```text
//! cargo run --release -p otklik-examples --bin triage [-- mentions.jsonl [rules.toml]]
//! ```

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

use otklik::io::{JsonlReader, OnError, ReadOptions};
use otklik::rules::RuleSet;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let here = env!("CARGO_MANIFEST_DIR");
    let path = args
        .next()
        .unwrap_or_else(|| format!("{here}/data/mentions.jsonl"));
    let rules = args
        .next()
        .unwrap_or_else(|| format!("{here}/rules/bank.toml"));
    match run(&path, &rules) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("triage: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Counts of one kind of thing, printed largest first.
#[derive(Default)]
struct Tally(BTreeMap<String, usize>);

impl Tally {
    fn add(&mut self, key: &str) {
        *self.0.entry(key.to_owned()).or_default() += 1;
    }

    fn print(&self, title: &str, total: usize) {
        println!("\n{title}");
        let mut rows: Vec<_> = self.0.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (key, count) in rows {
            let share = 100.0 * *count as f64 / total.max(1) as f64;
            println!("  {key:<14} {count:>5}  {share:>5.1}%");
        }
    }
}

fn run(path: &str, rules_path: &str) -> Result<(), String> {
    let rules = RuleSet::from_path(rules_path).map_err(|e| format!("{rules_path}: {e}"))?;
    let file = File::open(path).map_err(|e| format!("cannot open {path}: {e}"))?;
    let mut reader = JsonlReader::new(
        BufReader::new(file),
        ReadOptions::new().on_error(OnError::Skip),
    );

    let (mut platforms, mut langs, mut kinds) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut by_category = BTreeMap::<String, Tally>::new();
    let (mut needs_reply, mut untagged) = (0usize, 0usize);
    let mut conversations = BTreeMap::<String, usize>::new();
    let (mut total, mut from_bank) = (0usize, 0usize);
    let mut first = None;
    let mut last = None;
    for item in reader.by_ref() {
        let m = item.map_err(|e| format!("{path}: {e}"))?;
        total += 1;
        *conversations
            .entry(m.conversation_id().to_owned())
            .or_default() += 1;
        if m.author_is_brand {
            from_bank += 1;
            continue;
        }
        let tagging = rules.tag(&m);
        needs_reply += usize::from(tagging.needs_reply);
        untagged += usize::from(tagging.tags.is_empty());
        for t in &tagging.tags {
            by_category
                .entry(t.category.clone())
                .or_default()
                .add(&t.tag);
        }
        platforms.add(m.platform.as_str());
        kinds.add(m.kind.as_str());
        langs.add(m.lang.as_deref().unwrap_or("?"));
        first = first.min(Some(m.published_at)).or(Some(m.published_at));
        last = last.max(Some(m.published_at));
    }
    let errors = reader.take_errors();

    let customers = total - from_bank;
    println!("otklik triage: {path}");
    println!(
        "  {total} mentions read, {} bad records skipped",
        errors.len()
    );
    println!("  {customers} from customers, {from_bank} replies from the bank's own accounts");
    let threads = conversations.values().filter(|n| **n > 1).count();
    println!(
        "  {} conversations, {threads} of them with more than one message",
        conversations.len()
    );
    if let (Some(first), Some(last)) = (first, last) {
        println!(
            "  customer mentions from {} to {}",
            first.format("%Y-%m-%d"),
            last.format("%Y-%m-%d")
        );
    }
    println!(
        "  {} tags in {rules_path}; {needs_reply} customer mentions need a reply, {untagged} got no tag",
        rules.tags().len()
    );
    platforms.print("Customer mentions by platform", customers);
    langs.print("By language", customers);
    kinds.print("By kind", customers);
    for (category, tally) in &by_category {
        tally.print(&format!("Tags of category `{category}`"), customers);
    }
    for err in &errors {
        eprintln!("skipped: {err}");
    }
    Ok(())
}

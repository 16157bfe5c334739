//! The Rust side of the Python binding benchmark (`benches/python/tag_many.py`): reads the same
//! rule file and texts (one JSON string per line), tags them all with `RuleSet::tag_many` a few
//! times, and prints the best time as JSON.
//!
//! `cargo run --release -p otklik-benches --bin tag-batch -- RULES TEXTS ROUNDS`

use std::time::Instant;

use otklik::rules::RuleSet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, rules, texts, rounds] = args.as_slice() else {
        return Err("usage: tag-batch RULES TEXTS ROUNDS".into());
    };
    let rules = RuleSet::from_path(rules)?;
    let texts: Vec<String> = std::fs::read_to_string(texts)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let rounds: usize = rounds.parse()?;
    let mut best = f64::INFINITY;
    let mut tags = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let results = rules.tag_many(&texts);
        best = best.min(start.elapsed().as_secs_f64());
        tags = results.iter().map(|t| t.tags.len()).sum::<usize>();
    }
    println!(
        "{{\"texts\": {}, \"tags\": {tags}, \"seconds\": {best}}}",
        texts.len()
    );
    Ok(())
}

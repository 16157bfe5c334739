//! One run, the figures of the tagging issue side by side: compile time and resident memory of
//! 1,000, 10,000 and 100,000 generated rules, single-thread tagging throughput, and the ratio to
//! a bare Aho-Corasick overlapping scan at 10,000 rules (both by their median passes).
//!
//! `cargo run --release -p otklik-benches --bin tagging-report`

use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use otklik::rules::RuleSet;
use otklik_benches::{Generator, PassRates, terms_of, timed_passes};

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// Passes over the texts, timed one by one ([`timed_passes`]).
const PASSES: usize = 9;

/// Mentions per second of the median and of the fastest of [`PASSES`] passes of `texts`.
fn throughput(texts: &[String], mut f: impl FnMut(&str) -> usize) -> PassRates {
    let mut sink = 0;
    let rates = timed_passes(PASSES, texts.len(), || {
        for t in texts {
            sink += f(t);
        }
    });
    std::hint::black_box(sink);
    rates
}

fn main() {
    println!(
        "{:>8} {:>10} {:>10} {:>14} {:>14} {:>10}",
        "rules", "compile s", "RSS MiB", "mentions/s", "best pass", "tags/text"
    );
    for n in [1_000, 10_000, 100_000] {
        let file = Generator::new(42, n * 2).rules(n);
        let texts = Generator::new(42, n * 2).mentions(20_000);
        let before = resident_kib();
        let start = Instant::now();
        let rules = RuleSet::from_toml(&file).unwrap();
        let compile = start.elapsed().as_secs_f64();
        let memory = resident_kib().saturating_sub(before) as f64 / 1024.0;
        let tags: usize = texts.iter().map(|t| rules.tag_text(t).tags.len()).sum();
        let PassRates { median: rate, best } = throughput(&texts, |t| rules.tag_text(t).tags.len());
        println!(
            "{n:>8} {compile:>10.3} {memory:>10.1} {rate:>14.0} {best:>14.0} {:>10.2}",
            tags as f64 / texts.len() as f64
        );
        if n == 10_000 {
            let normalized: Vec<String> = texts
                .iter()
                .map(|t| otklik::text::normalize(t).as_str().to_owned())
                .collect();
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(terms_of(&rules))
                .unwrap();
            let bare = throughput(&normalized, |t| ac.find_overlapping_iter(t).count()).median;
            println!(
                "         bare Aho-Corasick scan at 10,000 rules: {bare:.0} mentions/s; tagging / bare = {:.2}",
                rate / bare
            );
        }
        drop(rules);
    }
}

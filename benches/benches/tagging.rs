//! Tagging throughput (single thread) on generated tweet-sized mentions with 1,000, 10,000 and
//! 100,000 generated Boolean rules; compile time; and the bare Aho-Corasick overlapping scan of
//! the same normalized texts with the same term dictionary, the limit tagging is measured against.

use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use otklik::rules::RuleSet;
use otklik_benches::Generator;

const MENTIONS: usize = 10_000;

fn tagging(c: &mut Criterion) {
    let mut group = c.benchmark_group("tag_text");
    group.throughput(Throughput::Elements(MENTIONS as u64));
    for rules in [1_000, 10_000, 100_000] {
        let mut g = Generator::new(42, rules * 2);
        let file = g.rules(rules);
        let set = RuleSet::from_toml(&file).unwrap();
        let texts = g.mentions(MENTIONS);
        group.bench_with_input(BenchmarkId::from_parameter(rules), &texts, |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| set.tag_text(black_box(t)).tags.len())
                    .sum::<usize>()
            })
        });
        if rules == 10_000 {
            // The limit: one overlapping scan of the already-normalized texts with every term.
            let normalized: Vec<String> = texts
                .iter()
                .map(|t| otklik::text::normalize(t).as_str().to_owned())
                .collect();
            let terms = otklik_benches::terms_of(&set);
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&terms)
                .unwrap();
            group.bench_with_input(
                BenchmarkId::new("bare_aho_corasick", rules),
                &normalized,
                |b, texts| {
                    b.iter(|| {
                        texts
                            .iter()
                            .map(|t| ac.find_overlapping_iter(black_box(t.as_str())).count())
                            .sum::<usize>()
                    })
                },
            );
        }
    }
    group.finish();

    let mut group = c.benchmark_group("compile");
    group.sample_size(10);
    for rules in [1_000, 10_000] {
        let file = Generator::new(42, rules * 2).rules(rules);
        group.bench_with_input(BenchmarkId::from_parameter(rules), &file, |b, file| {
            b.iter(|| RuleSet::from_toml(black_box(file)).unwrap().tags().len())
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = tagging
}
criterion_main!(benches);

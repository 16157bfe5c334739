//! Tags generated mentions in a loop, for profilers (`perf record`, `valgrind --tool=callgrind`)
//! and for comparing two builds: it prints the number of tags found, and on standard error the
//! mentions per second of the fastest round and of the median one.
//!
//! `cargo run --release -p otklik-benches --example profile_tagging -- [rules] [rounds]`

fn main() {
    let mut args = std::env::args().skip(1);
    let rules: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut g = otklik_benches::Generator::new(42, rules * 2);
    let set = otklik::rules::RuleSet::from_toml(&g.rules(rules)).unwrap();
    let texts = g.mentions(10_000);
    let mut tags = 0;
    let rates = otklik_benches::timed_passes(rounds.max(1), texts.len(), || {
        for t in &texts {
            tags += set.tag_text(t).tags.len();
        }
    });
    println!("{tags}");
    eprintln!(
        "mentions/s: best round {:.0}, median round {:.0}",
        rates.best, rates.median
    );
}

//! Tags generated mentions in a loop, for profilers (`perf record`, `valgrind --tool=callgrind`)
//! and for comparing two builds: it prints the number of tags found, and on standard error the
//! mentions per second of the fastest round and of the median one.
//!
//! `cargo run --release -p otklik-benches --example profile_tagging -- [rules] [rounds]`

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let rules: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut g = otklik_benches::Generator::new(42, rules * 2);
    let set = otklik::rules::RuleSet::from_toml(&g.rules(rules)).unwrap();
    let texts = g.mentions(10_000);
    let mut tags = 0;
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        for t in &texts {
            tags += set.tag_text(t).tags.len();
        }
        times.push(start.elapsed().as_secs_f64());
    }
    println!("{tags}");
    times.sort_by(f64::total_cmp);
    if let (Some(best), Some(median)) = (times.first(), times.get(rounds / 2)) {
        let rate = |t: f64| texts.len() as f64 / t;
        eprintln!(
            "mentions/s: best round {:.0}, median round {:.0}",
            rate(*best),
            rate(*median)
        );
    }
}

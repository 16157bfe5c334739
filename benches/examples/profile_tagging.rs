//! Tags generated mentions in a loop, for profilers (`perf record`, `valgrind --tool=callgrind`).
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
    for _ in 0..rounds {
        for t in &texts {
            tags += set.tag_text(t).tags.len();
        }
    }
    println!("{tags}");
}

//! The Rust side of the peer comparisons (`benches/peers/`, `benches/lucene-monitor/`).
//!
//! ```text
//! peers gen DIR                               corpus, rule files and Lucene translations
//! peers tag RULES TEXTS COUNT ROUNDS OUT      single-thread tagging of the first COUNT texts
//! peers sla CALENDAR PAIRS ROUNDS OUT         business durations of (start, end) pairs
//! peers spark-gen DIR COUNT RULES             mentions and keyword rules for benches/spark
//! ```
//!
//! `gen` writes, for 1,000, 10,000 and 100,000 rules (names drawn from the same seeded
//! generator as `tagging-report`):
//!
//! - `texts-N.jsonl`: 20,000 generated mentions, one JSON string per line;
//! - `rules-N.toml`: the Boolean rules (alias lists, phrases with NOT, NEAR, prefix wildcards,
//!   stems, hashtags, field filters) and `keywords-N.toml` / `keywords-N.json`: the keyword-only
//!   variant (`a OR b OR c`) and its keyword lists;
//! - `lucene-rules-N.tsv`, `lucene-keywords-N.tsv`: every tag translated for Lucene as
//!   `id TAB exact TAB s-expression` (`exact` is 1 when Lucene expresses the rule identically on
//!   these texts: everything but `~stem` and `{Exact}` terms, regexes and fields other than
//!   `platform`);
//!
//! and for the real tweets of `../shared/data/sentirueval2016-banks.jsonl`: `real-texts.jsonl`
//! and keyword-only rules of 1,000 and 10,000 tags whose words are drawn from the tweets' own
//! vocabulary (`real-keywords-N.toml`, `.json`, `lucene-real-keywords-N.tsv`).
//!
//! `spark-gen` writes `spark-mentions-COUNT.jsonl` (one `{"id", "text"}` object a line, texts
//! from the same seeded generator as `gen`) and the keyword-only rules of RULES tags,
//! `spark-keywords-RULES.toml` and `.json`, with the vocabulary of that rule count: the inputs
//! of the Spark benchmark (`benches/spark/bench.py`).
//!
//! `tag` prints `{"texts": n, "tags": n, "seconds": best, "mentions_per_s": x}` and writes one
//! line per text with the ids of the tags that fired, space-separated. `sla` reads pairs of
//! little-endian `i64` Unix seconds, prints the same kind of JSON and writes each duration as a
//! little-endian `i64` of seconds.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Utc};
use otklik::rules::{Field, Query, RuleSet, Term};
use otklik::sla::Calendar;
use otklik_benches::{Generator, shared_data};

type Error = Box<dyn std::error::Error>;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const TEXTS: usize = 20_000;
const REAL_SIZES: [usize; 2] = [1_000, 10_000];

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["gen", dir] => generate(Path::new(dir)),
        ["tag", rules, texts, count, rounds, out] => {
            tag(rules, texts, count.parse()?, rounds.parse()?, out)
        }
        ["sla", calendar, pairs, rounds, out] => sla(calendar, pairs, rounds.parse()?, out),
        ["spark-gen", dir, count, rules] => {
            spark_gen(Path::new(dir), count.parse()?, rules.parse()?)
        }
        _ => Err(
            "usage: peers gen DIR | peers tag RULES TEXTS COUNT ROUNDS OUT | \
                  peers sla CALENDAR PAIRS ROUNDS OUT | peers spark-gen DIR COUNT RULES"
                .into(),
        ),
    }
}

fn spark_gen(dir: &Path, count: usize, rules: usize) -> Result<(), Error> {
    std::fs::create_dir_all(dir)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(
        dir.join(format!("spark-mentions-{count}.jsonl")),
    )?);
    let mut generator = Generator::new(42, rules * 2);
    for i in 0..count {
        let line = serde_json::json!({"id": format!("m{i}"), "text": generator.mention()});
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    let (file, keywords) = Generator::new(42, rules * 2).keyword_rules(rules);
    std::fs::write(dir.join(format!("spark-keywords-{rules}.toml")), file)?;
    std::fs::write(
        dir.join(format!("spark-keywords-{rules}.json")),
        serde_json::to_string(&keywords)?,
    )?;
    eprintln!(
        "wrote {count} mentions and {rules} keyword rules to {}",
        dir.display()
    );
    Ok(())
}

fn write_texts(path: &Path, texts: &[String]) -> Result<(), Error> {
    let mut out = String::new();
    for t in texts {
        out.push_str(&serde_json::to_string(t)?);
        out.push('\n');
    }
    std::fs::write(path, out)?;
    Ok(())
}

fn write_keywords(
    dir: &Path,
    stem: &str,
    file: &str,
    keywords: &[Vec<String>],
) -> Result<(), Error> {
    std::fs::write(dir.join(format!("{stem}.toml")), file)?;
    std::fs::write(
        dir.join(format!("{stem}.json")),
        serde_json::to_string(keywords)?,
    )?;
    write_lucene(dir, &format!("lucene-{stem}.tsv"), file)
}

fn write_lucene(dir: &Path, name: &str, rules: &str) -> Result<(), Error> {
    let rules = RuleSet::from_toml(rules)?;
    let mut out = String::new();
    for tag in rules.tags() {
        let (expr, exact) = lucene(&tag.query);
        let _ = writeln!(out, "{}\t{}\t{expr}", tag.id, u8::from(exact));
    }
    std::fs::write(dir.join(name), out)?;
    Ok(())
}

fn generate(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir)?;
    for n in SIZES {
        let texts = Generator::new(42, n * 2).mentions(TEXTS);
        write_texts(&dir.join(format!("texts-{n}.jsonl")), &texts)?;
        let rules = Generator::new(42, n * 2).rules(n);
        std::fs::write(dir.join(format!("rules-{n}.toml")), &rules)?;
        write_lucene(dir, &format!("lucene-rules-{n}.tsv"), &rules)?;
        let (file, keywords) = Generator::new(42, n * 2).keyword_rules(n);
        write_keywords(dir, &format!("keywords-{n}"), &file, &keywords)?;
        eprintln!("wrote the files of {n} rules");
    }
    let tweets: Vec<String> = std::fs::read_to_string(shared_data("sentirueval2016-banks.jsonl"))?
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v["text"].as_str().unwrap_or_default().to_owned())
        })
        .collect::<Result<_, Error>>()?;
    write_texts(&dir.join("real-texts.jsonl"), &tweets)?;
    // The tweets' vocabulary: words of letters only, three letters or more, normalized.
    let mut vocabulary = BTreeSet::new();
    for t in &tweets {
        let norm = otklik::text::normalize(t);
        for token in otklik::text::tokenize(norm.as_str()) {
            let word = &norm.as_str()[token.start..token.end];
            if token.kind == otklik::text::TokenKind::Word
                && word.chars().count() >= 3
                && word.chars().all(char::is_alphabetic)
                && !["and", "or", "not", "near", "onear"].contains(&word)
            {
                vocabulary.insert(word.to_owned());
            }
        }
    }
    let vocabulary: Vec<String> = vocabulary.into_iter().collect();
    let mut rng = fastrand::Rng::with_seed(42);
    for n in REAL_SIZES {
        let mut file = String::new();
        let mut keywords = Vec::with_capacity(n);
        for i in 0..n {
            let words: Vec<String> = (0..3)
                .map(|_| vocabulary[rng.usize(..vocabulary.len())].clone())
                .collect();
            let _ = writeln!(
                file,
                "[[tag]]\nid = \"r{i}\"\ncategory = \"type\"\nquery = '{}'\n",
                words.join(" OR ")
            );
            keywords.push(words);
        }
        write_keywords(dir, &format!("real-keywords-{n}"), &file, &keywords)?;
    }
    eprintln!(
        "wrote {} real tweets and keyword rules from their {} words",
        tweets.len(),
        vocabulary.len()
    );
    Ok(())
}

/// A query for the Lucene peer as an s-expression, and whether Lucene expresses it identically
/// on these texts (a field `text` of letter-or-digit tokens, lower case, `ё` as `е`, and a
/// field `tags` of `#hashtag` and `@handle` tokens).
fn lucene(q: &Query) -> (String, bool) {
    let all = |parts: &[Query], op: &str| {
        let mut exact = true;
        let mut out = format!("({op}");
        for p in parts {
            let (e, x) = lucene(p);
            exact &= x;
            out.push(' ');
            out.push_str(&e);
        }
        out.push(')');
        (out, exact)
    };
    match q {
        Query::Term(t) => match t {
            Term::Word(w) => (format!("(word {w})"), true),
            Term::Wildcard(w) => {
                let body = w.trim_end_matches('*');
                if w.ends_with('*') && !body.contains(['*', '?']) {
                    (format!("(prefix {body})"), true)
                } else {
                    (format!("(wildcard {w})"), true)
                }
            }
            // Lucene has no stemmer that agrees with otklik's on made-up names: the word itself.
            Term::Stem(w) => (format!("(word {w})"), false),
            Term::Exact(w) => (format!("(word {})", w.to_lowercase()), false),
            Term::Hashtag(w) => (format!("(hashtag {w})"), true),
            Term::Handle(w) => (format!("(handle {w})"), true),
        },
        Query::Phrase(words) => (format!("(phrase {})", words.join(" ")), true),
        Query::And(parts) => all(parts, "and"),
        Query::Or(parts) => all(parts, "or"),
        Query::Not(inner) => {
            let (e, x) = lucene(inner);
            (format!("(not {e})"), x)
        }
        Query::Near {
            left,
            right,
            distance,
            ordered,
        } => {
            let (l, lx) = lucene(left);
            let (r, rx) = lucene(right);
            (
                format!("(near {distance} {} {l} {r})", u8::from(*ordered)),
                lx && rx,
            )
        }
        Query::Field(Field::Platform(p)) => (format!("(field platform {})", p.as_str()), true),
        Query::Field(_) | Query::Regex(_) => ("(none)".to_owned(), false),
    }
}

fn read_texts(path: &str) -> Result<Vec<String>, Error> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?)
}

fn tag(rules: &str, texts: &str, count: usize, rounds: usize, out: &str) -> Result<(), Error> {
    let rules = RuleSet::from_path(rules)?;
    let mut texts = read_texts(texts)?;
    texts.truncate(count);
    let mut best = f64::INFINITY;
    let mut results = Vec::new();
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let r: Vec<_> = texts.iter().map(|t| rules.tag_text(t)).collect();
        best = best.min(start.elapsed().as_secs_f64());
        results = r;
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut tags = 0;
    for r in &results {
        tags += r.tags.len();
        let ids: Vec<&str> = r.tags.iter().map(|t| &*t.tag).collect();
        writeln!(file, "{}", ids.join(" "))?;
    }
    file.flush()?;
    println!(
        "{{\"texts\": {}, \"tags\": {tags}, \"seconds\": {best}, \"mentions_per_s\": {}}}",
        texts.len(),
        texts.len() as f64 / best
    );
    Ok(())
}

fn sla(calendar: &str, pairs: &str, rounds: usize, out: &str) -> Result<(), Error> {
    let calendar = Calendar::from_path(calendar)?;
    let bytes = std::fs::read(pairs)?;
    let at = |i: usize| -> Result<DateTime<Utc>, Error> {
        let mut b = [0u8; 8];
        b.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
        DateTime::from_timestamp(i64::from_le_bytes(b), 0).ok_or_else(|| "bad instant".into())
    };
    let pairs: Vec<(DateTime<Utc>, DateTime<Utc>)> = (0..bytes.len() / 16)
        .map(|i| Ok((at(2 * i)?, at(2 * i + 1)?)))
        .collect::<Result<_, Error>>()?;
    let mut best = f64::INFINITY;
    let mut seconds = Vec::new();
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        let d: Vec<i64> = pairs
            .iter()
            .map(|&(s, e)| calendar.business_duration(s, e).map(|d| d.num_seconds()))
            .collect::<Result<_, _>>()?;
        best = best.min(start.elapsed().as_secs_f64());
        seconds = d;
    }
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    for s in &seconds {
        file.write_all(&s.to_le_bytes())?;
    }
    file.flush()?;
    println!(
        "{{\"pairs\": {}, \"seconds\": {best}, \"durations_per_s\": {}}}",
        pairs.len(),
        pairs.len() as f64 / best
    );
    Ok(())
}

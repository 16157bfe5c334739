//! Writes everything the tagging engine answers for a fixed set of corpora, one line per text,
//! so that two builds of the engine can be compared with `diff` (a change to the hot path must
//! not change a single tag, span, priority or queue).
//!
//! `cargo run --release -p otklik-benches --example tag_dump -- OUT_FILE`
//!
//! The corpora: generated mentions with generated rule sets of 1,000, 10,000 and 100,000
//! rules (the last past the sizes where the matcher changes its ways: no lazy atoms, slots
//! prefetched), texts of tricky characters (look-alikes, apostrophes, combining marks, tags,
//! emoji) with rules over their words, the example mentions with the example rules (as
//! mentions, field filters included), and the real tweets of `../shared/data/` with the example
//! rules and the bank rules of the tests. For the tricky texts the normalized text, its offset
//! map and the tokens are written too.

use std::fmt::Write as _;
use std::io::Write as _;

use otklik::rules::{RuleSet, Tagging};
use otklik::text::{normalize, tokenize};
use otklik_benches::{Generator, shared_data, workspace};

fn line(out: &mut String, t: &Tagging) {
    let _ = write!(
        out,
        "reply={} private={} prio={:?} queue={:?} trunc={} |",
        t.needs_reply, t.move_to_private, t.priority, t.queue, t.truncated
    );
    for m in &t.tags {
        let _ = write!(out, " {}/{}", m.tag, m.category);
        for s in &m.spans {
            let _ = write!(
                out,
                "[{}..{} {}..{}]",
                s.start, s.end, s.char_start, s.char_end
            );
        }
    }
    out.push('\n');
}

fn texts_of(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .collect()
}

/// Tricky texts: words of a small vocabulary, each written with a random mix of case, Latin
/// and Cyrillic look-alikes, apostrophes, stress marks, soft hyphens, fancy letters, tag
/// markers and quotes, joined by random separators.
fn tricky(seed: u64, n: usize) -> (Vec<String>, String) {
    const WORDS: &[&str] = &[
        "зоря",
        "zorya",
        "банк",
        "bank",
        "сбербанк",
        "картка",
        "карта",
        "пам'ять",
        "з'ява",
        "кредит",
        "credit",
        "ощадбанк",
        "привіт",
        "їжак",
        "ґанок",
        "ёлка",
        "йогурт",
        "3оря",
        "онлайн",
        "app",
        "0ffer",
        "card",
        "кешбек",
        "cafe",
        "naïve",
        "ещё",
    ];
    const SEPARATORS: &[&str] = &[
        " ",
        "  ",
        ", ",
        "! ",
        "-",
        "_",
        ".",
        "\n",
        " 😡 ",
        "👍🏽",
        " #",
        " @",
        " «",
        "» ",
        "'",
        "’",
        "ʼ",
        "\u{00AD}",
        "\u{200B}",
        " ",
        "\u{0301}",
        "/",
        "https://zorya.ua/x?a=1 ",
    ];
    let swaps: &[(char, char)] = &[
        ('а', 'a'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('с', 'c'),
        ('х', 'x'),
        ('к', 'k'),
        ('і', 'i'),
        ('a', 'а'),
        ('o', 'о'),
        ('e', 'е'),
        ('c', 'с'),
        ('y', 'у'),
        ('z', '𝐳'),
        ('b', 'Ｂ'),
        ('\'', '’'),
        ('\'', 'ʼ'),
    ];
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut texts = Vec::with_capacity(n);
    for _ in 0..n {
        let mut text = String::new();
        for _ in 0..rng.usize(1..12) {
            let word = WORDS[rng.usize(..WORDS.len())];
            for c in word.chars() {
                let mut c = c;
                if rng.u8(..8) == 0
                    && let Some(&(_, to)) = swaps.iter().find(|(from, _)| *from == c)
                {
                    c = to;
                }
                if rng.u8(..4) == 0 {
                    text.extend(c.to_uppercase());
                } else {
                    text.push(c);
                }
                if rng.u8(..30) == 0 {
                    text.push(['\u{0301}', '\u{00AD}', '\u{0306}'][rng.usize(..3)]);
                }
            }
            text.push_str(SEPARATORS[rng.usize(..SEPARATORS.len())]);
        }
        texts.push(text);
    }
    let mut rules = String::new();
    let queries = [
        "зоря OR zorya",
        "~банк AND NOT кредит",
        "#зоря OR @zorya OR #сбербанк",
        "\"зоря банк\" OR \"zorya bank\"",
        "карт* OR card*",
        "пам'ять OR з'ява",
        "кредит NEAR/2 банк",
        "кредит ONEAR/1 credit",
        "{Зоря} OR {ZORYA}",
        "/о[щш]адбанк/",
        "їжак OR ґанок OR елка OR йогурт",
        "cafe OR café OR naïve",
        "ещё OR еще",
        "онлайн AND app",
        "offer OR 0ffer OR зоря",
        "z?rya OR б?нк",
    ];
    for (i, q) in queries.iter().enumerate() {
        let _ = writeln!(
            rules,
            "[[tag]]\nid = \"q{i}\"\ncategory = \"type\"\nquery = '''{q}'''\nneeds_reply = {}\npriority = \"{}\"\nqueue = \"queue{}\"\n",
            i % 2 == 0,
            ["low", "normal", "high", "urgent"][i % 4],
            i % 3
        );
    }
    (texts, rules)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: tag_dump OUT_FILE")?;
    let mut out = String::new();

    for (seed, rules, texts) in [(42, 1_000, 8_000), (7, 10_000, 8_000), (9, 100_000, 4_000)] {
        let mut g = Generator::new(seed, rules * 2);
        let set = RuleSet::from_toml(&g.rules(rules))?;
        let _ = writeln!(out, "## generated {rules}");
        for t in g.mentions(texts) {
            line(&mut out, &set.tag_text(&t));
        }
    }

    let (texts, rules) = tricky(2026, 20_000);
    let set = RuleSet::from_toml(&rules)?;
    let _ = writeln!(out, "## tricky");
    for t in &texts {
        let n = normalize(t);
        let _ = write!(out, "{:?} ->", n.as_str());
        for (at, c) in n.as_str().char_indices() {
            let (a, b) = n.original_span(at, at + c.len_utf8());
            let _ = write!(out, " {a}-{b}");
        }
        out.push_str(" | tokens");
        for tok in tokenize(n.as_str()) {
            let _ = write!(
                out,
                " {:?}:{}-{}-{}@{}",
                tok.kind, tok.start, tok.body, tok.end, tok.position
            );
        }
        out.push_str("\n  ");
        line(&mut out, &set.tag_text(t));
    }

    let bank = RuleSet::from_path(workspace().join("examples/rules/bank.toml"))?;
    let mentions = otklik::io::read_file(
        workspace().join("examples/data/mentions.jsonl"),
        otklik::io::Format::JsonLines,
        otklik::io::ReadOptions::new(),
    )?;
    let _ = writeln!(out, "## example mentions");
    for m in &mentions.mentions {
        line(&mut out, &bank.tag(m));
    }
    let banks = RuleSet::from_path(workspace().join("core/testdata/sentirueval_banks.toml"))?;
    for name in ["sentirueval2016-banks.jsonl", "twcs-sample.jsonl"] {
        let _ = writeln!(out, "## {name}");
        for t in texts_of(&shared_data(name)) {
            line(&mut out, &bank.tag_text(&t));
            line(&mut out, &banks.tag_text(&t));
        }
    }
    std::fs::File::create(path)?.write_all(out.as_bytes())?;
    Ok(())
}

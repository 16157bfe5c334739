//! Benchmark support: a deterministic generator of tweet-sized mentions and of rule sets of the
//! kinds analysts write, and where the shared data sets are.
//!
//! The benchmarks themselves are in `benches/` (criterion): `cargo bench -p otklik-benches`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file of `../shared/data/` beside the project (real public data, never shipped).
pub fn shared_data(name: &str) -> PathBuf {
    workspace().join("../shared/data").join(name)
}

/// Everyday words of bank mentions, in Russian, Ukrainian and English.
const COMMON: &[&str] = &[
    "банк",
    "карта",
    "картка",
    "кредит",
    "депозит",
    "вклад",
    "перевод",
    "переказ",
    "деньги",
    "гроші",
    "приложение",
    "застосунок",
    "не",
    "работает",
    "працює",
    "списали",
    "верните",
    "поверніть",
    "отделение",
    "відділення",
    "банкомат",
    "кешбек",
    "ставка",
    "процент",
    "відсоток",
    "заблокировали",
    "заблокували",
    "почему",
    "чому",
    "как",
    "як",
    "уже",
    "вже",
    "опять",
    "знову",
    "спасибо",
    "дякую",
    "оператор",
    "поддержка",
    "підтримка",
    "очередь",
    "черга",
    "комиссия",
    "комісія",
    "лимит",
    "ліміт",
    "the",
    "bank",
    "card",
    "app",
    "not",
    "working",
    "my",
    "money",
    "transfer",
    "thanks",
    "support",
    "why",
    "again",
    "account",
    "blocked",
    "fee",
    "loan",
    "rate",
    "и",
    "в",
    "на",
    "з",
    "за",
    "что",
    "що",
    "это",
    "це",
    "мне",
    "мені",
    "сегодня",
    "сьогодні",
    "уже",
    "день",
    "час",
    "онлайн",
    "online",
];

const CYR: &[&str] = &[
    "ба", "ро", "ка", "зо", "ря", "ні", "ва", "ли", "ст", "ок", "ен", "ту", "мі", "ша", "пр", "ко",
];
const LAT: &[&str] = &[
    "ba", "ro", "ka", "zo", "rya", "ni", "va", "li", "st", "ok", "en", "tu", "mi", "sha", "pr",
    "ko",
];

/// A deterministic generator of words, mentions and rules.
pub struct Generator {
    rng: fastrand::Rng,
    /// Made-up brand and product names (the long tail rules are about).
    names: Vec<String>,
}

impl Generator {
    /// A generator with a fixed seed: the same seed gives the same corpus and rules.
    pub fn new(seed: u64, names: usize) -> Generator {
        let mut rng = fastrand::Rng::with_seed(seed);
        // Name i spells i + 256 in base 16 with syllables: distinct by construction.
        let set: Vec<String> = (0..names)
            .map(|i| {
                let syllables = if rng.bool() { CYR } else { LAT };
                let mut n = i + 256;
                let mut word = String::new();
                while n > 0 {
                    word.push_str(syllables[n % 16]);
                    n /= 16;
                }
                word
            })
            .collect();
        let mut names: Vec<String> = set.into_iter().collect();
        rng.shuffle(&mut names);
        Generator { rng, names }
    }

    /// A name, skewed so that a few are frequent and most are rare (Zipf-like).
    fn name(&mut self) -> String {
        let n = self.names.len() as f64;
        let r = self.rng.f64();
        let index = ((n + 1.0).powf(r) - 1.0) as usize;
        self.names[index.min(self.names.len() - 1)].clone()
    }

    /// A name drawn uniformly: rules are about the whole long tail.
    fn any_name(&mut self) -> String {
        self.names[self.rng.usize(..self.names.len())].clone()
    }

    fn common(&mut self) -> &'static str {
        COMMON[self.rng.usize(..COMMON.len())]
    }

    /// A tweet-sized text: 8 to 24 words, a name or two, sometimes a hashtag or handle.
    pub fn mention(&mut self) -> String {
        let words = self.rng.usize(8..25);
        let mut text = String::new();
        for i in 0..words {
            if i > 0 {
                text.push(' ');
            }
            match self.rng.u8(..20) {
                0..=2 => {
                    let name = self.name();
                    text.push_str(&name);
                }
                3 => {
                    let name = self.name();
                    let _ = write!(text, "#{name}");
                }
                4 => {
                    let name = self.name();
                    let _ = write!(text, "@{name}");
                }
                5 => text.push_str(if self.rng.bool() { "!" } else { "😡" }),
                _ => text.push_str(self.common()),
            }
        }
        text
    }

    /// `n` mentions.
    pub fn mentions(&mut self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.mention()).collect()
    }

    /// A rule file of `n` tags of the kinds analysts write: alias lists of names, phrases with
    /// NOT exclusions, NEAR, prefix wildcards, stems and field filters.
    pub fn rules(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n * 80);
        for i in 0..n {
            let q = match i % 6 {
                0 => format!(
                    "{} OR {} OR \"{} {}\"",
                    self.any_name(),
                    self.any_name(),
                    self.any_name(),
                    self.common()
                ),
                1 => format!(
                    "\"{} {}\" AND NOT {}",
                    self.any_name(),
                    self.common(),
                    self.common()
                ),
                2 => format!(
                    "{} NEAR/3 ({} OR {})",
                    self.any_name(),
                    self.common(),
                    self.common()
                ),
                3 => {
                    let name = self.any_name();
                    let prefix: String = name.chars().take(5).collect();
                    format!("{prefix}* AND {}", self.common())
                }
                4 => format!("~{} OR #{}", self.any_name(), self.any_name()),
                _ => format!("{} AND NOT platform:x", self.any_name()),
            };
            let _ = writeln!(
                out,
                "[[tag]]\nid = \"t{i}\"\ncategory = \"type\"\nquery = '{q}'\n"
            );
        }
        out
    }

    /// A keyword-only rule file of `n` tags (`a OR b OR c`), which every peer can express exactly.
    /// Returns the file and, per tag, its keywords.
    pub fn keyword_rules(&mut self, n: usize) -> (String, Vec<Vec<String>>) {
        let mut out = String::with_capacity(n * 60);
        let mut keywords = Vec::with_capacity(n);
        for i in 0..n {
            let words: Vec<String> = (0..3).map(|_| self.any_name()).collect();
            let _ = writeln!(
                out,
                "[[tag]]\nid = \"k{i}\"\ncategory = \"type\"\nquery = '{}'\n",
                words.join(" OR ")
            );
            keywords.push(words);
        }
        (out, keywords)
    }
}

/// The words of every term of a rule set (each word, phrase and wildcard prefix as printed),
/// normalized: the dictionary a bare Aho-Corasick scan would use.
pub fn terms_of(rules: &otklik::rules::RuleSet) -> Vec<String> {
    use otklik::rules::{Query, Term};
    let mut terms = std::collections::BTreeSet::new();
    for tag in rules.tags() {
        tag.query.walk(&mut |q| match q {
            Query::Term(Term::Word(w) | Term::Stem(w) | Term::Hashtag(w) | Term::Handle(w)) => {
                terms.insert(w.clone());
            }
            Query::Term(Term::Wildcard(w)) => {
                terms.insert(w.trim_end_matches(['*', '?']).to_owned());
            }
            Query::Phrase(words) => {
                terms.insert(words.join(" "));
            }
            _ => {}
        });
    }
    terms.into_iter().filter(|t| !t.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_rules_compile_and_match_some_mentions() {
        let mut g = Generator::new(7, 2_000);
        let rules = otklik::rules::RuleSet::from_toml(&g.rules(600)).unwrap();
        let texts = g.mentions(500);
        let tagged = rules
            .tag_many(&texts)
            .iter()
            .filter(|t| !t.tags.is_empty())
            .count();
        assert!(tagged > 50, "{tagged}");
        let (file, keywords) = g.keyword_rules(100);
        assert_eq!(
            otklik::rules::RuleSet::from_toml(&file)
                .unwrap()
                .tags()
                .len(),
            keywords.len()
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        assert_eq!(
            Generator::new(1, 100).mentions(5),
            Generator::new(1, 100).mentions(5)
        );
    }
}

/// Items a second of the median and of the fastest of several passes, each timed on its own
/// ([`timed_passes`]): the machines these run on drift in speed from one second to the next,
/// so one mean over all passes says less than these two.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PassRates {
    /// The median pass (the slower middle one for an even number of passes).
    pub median: f64,
    /// The fastest pass.
    pub best: f64,
}

/// Runs `pass` (which handles `items` items) `passes` times, timing each run.
///
/// ```
/// let rates = otklik_benches::timed_passes(3, 1_000, || {
///     std::hint::black_box((0..1_000u64).sum::<u64>());
/// });
/// assert!(rates.best >= rates.median && rates.median > 0.0);
/// ```
///
/// # Panics
///
/// When `passes` is 0.
pub fn timed_passes(passes: usize, items: usize, mut pass: impl FnMut()) -> PassRates {
    assert!(passes > 0, "no pass to time");
    let mut rates: Vec<f64> = (0..passes)
        .map(|_| {
            let start = std::time::Instant::now();
            pass();
            items as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    PassRates {
        median: rates[(passes - 1) / 2],
        best: rates[passes - 1],
    }
}

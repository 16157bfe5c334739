//! Word forms for `~word`: Snowball stemming in Russian, Ukrainian and English, and `*`/`?`
//! wildcard matching of single tokens.

use snowball_stemmers_rs::{Algorithm, Stemmer};

/// A stemming language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Lang {
    Ru,
    Uk,
    En,
}

impl Lang {
    /// The part of a normalized word that its stem in this language is a prefix of, when the
    /// stemmer only removes letters at the ends: the Russian Snowball algorithm deletes
    /// endings (its one replacement, `ё` -> `е`, cannot apply to normalized text); the
    /// Ukrainian one also deletes a leading `най`. A word whose base does not start with `s`
    /// cannot have the stem `s`: a cheap test that spares most stemming. `None` for English,
    /// which may add or change a letter (`hoping` -> `hope`, `happy` -> `happi`).
    pub(crate) fn stem_base(self, word: &str) -> Option<&str> {
        match self {
            Lang::Ru => Some(word),
            Lang::Uk => Some(word.strip_prefix("най").unwrap_or(word)),
            Lang::En => None,
        }
    }
}

/// The languages a query word may be in, from its letters: Ukrainian-only letters mean
/// Ukrainian, Russian-only letters mean Russian, other Cyrillic words are tried in both.
pub(crate) fn languages(word: &str) -> &'static [Lang] {
    if word
        .chars()
        .any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | '\''))
    {
        &[Lang::Uk]
    } else if word.chars().any(|c| matches!(c, 'ы' | 'э' | 'ъ')) {
        &[Lang::Ru]
    } else if word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        &[Lang::Ru, Lang::Uk]
    } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
        &[Lang::En]
    } else {
        &[]
    }
}

/// The Snowball stem of a normalized (lower-case) word.
pub(crate) fn stem(lang: Lang, word: &str) -> String {
    let mut out = String::new();
    stem_into(lang, word, &mut out);
    out
}

/// [`stem`] into a reused string (cleared first).
pub(crate) fn stem_into(lang: Lang, word: &str, out: &mut String) {
    let algorithm = match lang {
        Lang::Ru => Algorithm::Russian,
        Lang::Uk => Algorithm::Ukrainian,
        Lang::En => Algorithm::English,
    };
    out.clear();
    out.push_str(&Stemmer::create(algorithm).stem(word));
}

/// Whether `text` matches a pattern of literal characters, `*` (any run, possibly empty) and
/// `?` (exactly one character). Linear in practice; no backtracking blow-up.
pub(crate) fn glob_matches(pattern: &[char], text: &str) -> bool {
    let width = |at: usize| text[at..].chars().next().map_or(1, char::len_utf8);
    // `p` indexes pattern characters, `t` text bytes (always at a character boundary).
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let c = text[t..].chars().next().unwrap_or('\0');
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == c) {
            p += 1;
            t += c.len_utf8();
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            let next = st + width(st);
            p = sp + 1;
            t = next;
            star = Some((sp, next));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_letters() {
        assert_eq!(languages("картка"), [Lang::Ru, Lang::Uk]);
        assert_eq!(languages("гривні"), [Lang::Uk]);
        assert_eq!(languages("рублы"), [Lang::Ru]);
        assert_eq!(languages("cards"), [Lang::En]);
        assert!(languages("2025").is_empty());
    }

    #[test]
    fn stems_of_bank_words() {
        assert_eq!(stem(Lang::Ru, "сбербанке"), stem(Lang::Ru, "сбербанк"));
        assert_eq!(stem(Lang::Uk, "картки"), stem(Lang::Uk, "карткою"));
        assert_eq!(stem(Lang::En, "cards"), "card");
    }

    #[test]
    fn russian_and_ukrainian_stems_are_prefixes_of_their_bases() {
        // Inflected words of both languages, and every word of the example mentions and of the
        // real tweets beside the project (when present), normalized as texts are.
        let mut text = String::from(
            "банками банківських карткою кредитування зобов'язання зобов’язаннями пам'яті \
             сбербанком сбербанку отделениями обслуживание обслуживанием заблокировали \
             заблокували поверніть верните приложения застосунку безкоштовний ёлками \
             ощадбанківський найкращими наилучшейший ннн н ь ьь ии",
        );
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for file in [
            root.join("examples/data/mentions.jsonl"),
            root.join("../shared/data/sentirueval2016-banks.jsonl"),
        ] {
            text.push_str(&std::fs::read_to_string(file).unwrap_or_default());
        }
        let normalized = crate::text::normalize(&text);
        let mut checked = 0;
        for token in crate::text::tokenize(normalized.as_str()) {
            let word = &normalized.as_str()[token.body..token.end];
            for lang in [Lang::Ru, Lang::Uk] {
                let s = stem(lang, word);
                let base = lang.stem_base(word).unwrap_or_default();
                assert!(base.starts_with(&s), "{lang:?} {word} -> {s}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
        assert_eq!(stem(Lang::Uk, "найкращими"), "кращ");
        assert_eq!(Lang::En.stem_base("hoping"), None);
        assert!(!"hoping".starts_with(&stem(Lang::En, "hoping")));
    }

    #[test]
    fn globs() {
        let p = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(glob_matches(&p("кредит*"), "кредитка"));
        assert!(glob_matches(&p("кредит*"), "кредит"));
        assert!(!glob_matches(&p("кредит*"), "кредо"));
        assert!(glob_matches(&p("w?rd"), "word"));
        assert!(!glob_matches(&p("w?rd"), "wrd"));
        assert!(glob_matches(&p("*банк"), "ощадбанк"));
        assert!(glob_matches(&p("a*b*c"), "aXbYc"));
        assert!(!glob_matches(&p("a*b*c"), "aXbY"));
    }
}

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

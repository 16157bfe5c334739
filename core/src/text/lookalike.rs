//! Latin and Cyrillic look-alike letters inside words: `Сбeрбанк` (Latin e), `ZОRYA` (Cyrillic О).
//!
//! Works on lower-cased characters. A word's script is decided by its unambiguous letters
//! (letters with no look-alike in the other script); the look-alikes are then folded toward it.

/// Lower-case Latin letters that look like a Cyrillic letter (in either case), and that letter.
const LATIN_TO_CYRILLIC: [(char, char); 13] = [
    ('a', 'а'),
    ('b', 'в'),
    ('c', 'с'),
    ('e', 'е'),
    ('h', 'н'),
    ('i', 'і'),
    ('k', 'к'),
    ('m', 'м'),
    ('o', 'о'),
    ('p', 'р'),
    ('t', 'т'),
    ('x', 'х'),
    ('y', 'у'),
];

/// Lower-case Cyrillic letters that look like a Latin letter, and that letter.
const CYRILLIC_TO_LATIN: [(char, char); 15] = [
    ('а', 'a'),
    ('в', 'b'),
    ('с', 'c'),
    ('е', 'e'),
    ('н', 'h'),
    ('і', 'i'),
    ('к', 'k'),
    ('м', 'm'),
    ('о', 'o'),
    ('р', 'p'),
    ('т', 't'),
    ('х', 'x'),
    ('у', 'y'),
    ('ѕ', 's'),
    ('ј', 'j'),
];

fn lookup(table: &[(char, char)], c: char) -> Option<char> {
    table.iter().find(|(from, _)| *from == c).map(|(_, to)| *to)
}

use super::chars::{is_cyrillic, is_word};

fn is_word_char(c: char) -> bool {
    is_word(c) || c == '\''
}

#[derive(Clone, Copy, PartialEq)]
enum Script {
    Cyrillic,
    Latin,
}

/// The script a word's look-alikes should be folded toward, if any.
fn target_script(word: &[char]) -> Option<Script> {
    let (mut cyr, mut lat, mut cyr_any, mut lat_any) = (0, 0, 0, 0);
    for &c in word {
        if is_cyrillic(c) {
            cyr_any += 1;
            if lookup(&CYRILLIC_TO_LATIN, c).is_none() {
                cyr += 1;
            }
        } else if c.is_ascii_alphabetic() {
            lat_any += 1;
            if lookup(&LATIN_TO_CYRILLIC, c).is_none() {
                lat += 1;
            }
        }
    }
    if cyr_any == 0 || lat_any == 0 {
        // One script only (or none): nothing to fold, except digits in a Cyrillic word.
        return (cyr_any > 0).then_some(Script::Cyrillic);
    }
    let (a, b) = if cyr + lat > 0 {
        (cyr, lat)
    } else {
        (cyr_any, lat_any)
    };
    match a.cmp(&b) {
        std::cmp::Ordering::Greater => Some(Script::Cyrillic),
        std::cmp::Ordering::Less => Some(Script::Latin),
        std::cmp::Ordering::Equal => None,
    }
}

/// Folds look-alike letters (and a lone 3 or 0 in a Cyrillic word) in every word of `chars`.
pub(crate) fn fold_words(chars: &mut [char]) {
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_word_char(chars[i]) {
            i += 1;
        }
        let word = &mut chars[start..i];
        if word.iter().all(char::is_ascii) {
            continue;
        }
        match target_script(word) {
            Some(Script::Cyrillic) => {
                let letters = word
                    .iter()
                    .filter(|c| is_word(**c) && !c.is_ascii_digit())
                    .count();
                for j in 0..word.len() {
                    if let Some(cyr) = lookup(&LATIN_TO_CYRILLIC, word[j]) {
                        word[j] = cyr;
                    } else if matches!(word[j], '3' | '0') && letters >= 2 {
                        let lone = (j == 0 || !word[j - 1].is_ascii_digit())
                            && word.get(j + 1).is_none_or(|c| !c.is_ascii_digit());
                        if lone {
                            word[j] = if word[j] == '3' { 'з' } else { 'о' };
                        }
                    }
                }
            }
            Some(Script::Latin) => {
                for c in word.iter_mut() {
                    if let Some(lat) = lookup(&CYRILLIC_TO_LATIN, *c) {
                        *c = lat;
                    }
                }
            }
            None => {}
        }
    }
}

//! The one normalizer (DESIGN 3.2), used for rules and texts alike, with a map back to the
//! caller's original byte offsets.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, is_combining_mark};

use super::chars::{cyrillic_lower, is_cyrillic};
use super::lookalike;

/// A normalized text and the map from its characters back to the original text.
///
/// What normalization does, in order, character by character:
/// - Unicode NFKC ("fancy" 𝐙𝐨𝐫𝐲𝐚 and full-width Ｚｏｒｙａ letters become plain ones; `и` + U+0306
///   composes to `й`);
/// - stress marks (U+0301), soft hyphens (U+00AD) and zero-width spaces are dropped;
/// - lower case; `ё` becomes `е`; the apostrophes `’ ʼ ‘ ` ´` become `'`;
/// - inside a word written mostly in Cyrillic, Latin look-alike letters become Cyrillic
///   (`Сбeрбанк` with a Latin `e`, `ОщадбанK`), a lone `3` or `0` becomes `з` or `о` (`3оря`);
///   inside a Latin word, Cyrillic look-alikes become Latin (`ZОRYA` with a Cyrillic `О`).
///
/// Diacritics are never stripped generically: `й`, `ї`, `ґ`, `і`, `é` stay what they are.
///
/// ```
/// use otklik::text::normalize;
///
/// let n = normalize("Сбeрбанк, ЗОРЯ Бaнк і Ёлка");
/// assert_eq!(n.as_str(), "сбербанк, зоря банк і елка");
/// // Map a span of the normalized text back to the original.
/// let at = n.as_str().find("банк і").unwrap();
/// let (start, end) = n.original_span(at, at + "банк і".len());
/// assert_eq!(&"Сбeрбанк, ЗОРЯ Бaнк і Ёлка"[start..end], "Бaнк і");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// For each character of `text`: its byte offset in `text`, and the original byte range of
    /// the character (or cluster) it came from.
    map: Vec<CharOrigin>,
    original_len: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CharOrigin {
    at: u32,
    start: u32,
    end: u32,
}

impl Normalized {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte range in the original text that the normalized byte range `start..end` came from.
    ///
    /// Offsets inside a character are moved to its start (for `start`) or end (for `end`); an
    /// empty or out-of-range span maps to an empty range at the nearest character.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self
            .map
            .partition_point(|c| (c.at as usize) < start.min(self.text.len()));
        let last = self
            .map
            .partition_point(|c| (c.at as usize) < end.min(self.text.len()));
        if first >= last {
            let at = self.map.get(first).map_or(self.original_len, |c| c.start) as usize;
            return (at, at);
        }
        let start = self.map[first].start as usize;
        let end = self.map[last - 1].end as usize;
        (start, end.max(start))
    }
}

/// Characters removed outright: stress mark, soft hyphen, zero-width space, word joiner, BOM.
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\u{0301}' | '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Per-character folds applied after lower-casing.
fn fold(c: char) -> char {
    match c {
        'ё' => 'е',
        '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}' => '\'',
        other => other,
    }
}

/// Normalizes a text (see [`Normalized`] for what that means).
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    normalize_into(text, &mut out);
    out
}

/// Tracks whether the current word mixes scripts (or has a `3`/`0` among Cyrillic letters), so
/// the look-alike pass runs only on texts that need it.
#[derive(Default)]
struct WordScripts {
    latin: bool,
    cyrillic: bool,
    digit: bool,
    mixed: bool,
}

impl WordScripts {
    #[inline]
    fn see(&mut self, c: char) {
        if c.is_ascii_alphabetic() {
            self.latin = true;
        } else if c == '3' || c == '0' {
            self.digit = true;
        } else if is_cyrillic(c) {
            self.cyrillic = true;
        } else if !(c.is_alphanumeric() || c == '\'') {
            self.end();
            return;
        }
        if self.cyrillic && (self.latin || self.digit) {
            self.mixed = true;
        }
    }

    #[inline]
    fn end(&mut self) {
        self.latin = false;
        self.cyrillic = false;
        self.digit = false;
    }
}

/// [`normalize`] into a reused value (its buffers are kept).
pub(crate) fn normalize_into(text: &str, out: &mut Normalized) {
    out.text.clear();
    out.map.clear();
    out.original_len = text.len() as u32;
    out.text.reserve(text.len());
    out.map.reserve(text.len());
    let mut words = WordScripts::default();
    let mut push = |out: &mut Normalized, c: char, start: u32, end: u32| {
        words.see(c);
        out.map.push(CharOrigin {
            at: out.text.len() as u32,
            start,
            end,
        });
        out.text.push(c);
    };
    for (at, c) in text.char_indices() {
        let (start, end) = (at as u32, (at + c.len_utf8()) as u32);
        if c.is_ascii() {
            push(
                out,
                if c == '`' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                },
                start,
                end,
            );
            continue;
        }
        let c = fold(c);
        if c.is_ascii() {
            push(out, c, start, end);
            continue;
        }
        if is_cyrillic(c) {
            // Cyrillic letters are their own NFKC form, and lower-case to one letter.
            push(out, fold(cyrillic_lower(c)), start, end);
            continue;
        }
        // A stress mark on a Cyrillic vowel is dropped; on a Latin letter it composes (café).
        if is_dropped(c)
            && !(c == '\u{0301}'
                && out
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(|p| compose(p, c).is_some()))
        {
            continue;
        }
        if is_combining_mark(c)
            && let Some(prev) = out.text.chars().next_back()
            && let Some(composed) = compose(prev, c)
            && let [single] = composed.to_lowercase().map(fold).collect::<Vec<char>>()[..]
        {
            out.text.pop();
            out.text.push(single);
            if let Some(origin) = out.map.last_mut() {
                origin.end = end;
            }
            continue;
        }
        for d in std::iter::once(c).nfkc() {
            if !is_dropped(d) {
                for lower in d.to_lowercase() {
                    push(out, fold(lower), start, end);
                }
            }
        }
    }
    if words.mixed {
        let mut chars: Vec<char> = out.text.chars().collect();
        lookalike::fold_words(&mut chars);
        out.text.clear();
        for (c, origin) in chars.into_iter().zip(out.map.iter_mut()) {
            origin.at = out.text.len() as u32;
            out.text.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).as_str().to_owned()
    }

    #[test]
    fn case_yo_and_apostrophes() {
        assert_eq!(n("ЁЖИК Ёлка"), "ежик елка");
        assert_eq!(
            n("пам’ять пам\u{02BC}ять пам‘ять пам`ять"),
            "пам'ять пам'ять пам'ять пам'ять"
        );
    }

    #[test]
    fn stress_marks_soft_hyphens_and_zero_width_are_dropped() {
        assert_eq!(n("ба\u{0301}нк"), "банк");
        assert_eq!(n("кре\u{00AD}дит"), "кредит");
        assert_eq!(n("зо\u{200B}ря"), "зоря");
    }

    #[test]
    fn letters_with_marks_stay_letters() {
        assert_eq!(
            n("Йогурт Їжак Ґанок Іван café"),
            "йогурт їжак ґанок іван café"
        );
        // Decomposed й and ё compose; the ё then folds to е.
        assert_eq!(n("и\u{0306}ог е\u{0308}лка"), "йог елка");
    }

    #[test]
    fn nfkc_fancy_letters() {
        assert_eq!(n("𝐙𝐨𝐫𝐲𝐚 Ｂａｎｋ ﬁne"), "zorya bank fine");
    }

    #[test]
    fn lookalikes_fold_toward_the_word_script() {
        assert_eq!(n("Сбeрбанк"), "сбербанк"); // Latin e in a Cyrillic word
        assert_eq!(n("ОщадбанK"), "ощадбанк"); // Latin K
        assert_eq!(n("ZОRYA"), "zorya"); // Cyrillic О in a Latin word
        assert_eq!(n("3оря"), "зоря"); // digit three in a Cyrillic word
        assert_eq!(n("300 грн 3 дні"), "300 грн 3 дні"); // numbers stay numbers
        assert_eq!(n("Cбер"), "сбер"); // Latin C, the rest Cyrillic
        assert_eq!(n("pop music"), "pop music"); // plain Latin untouched
        assert_eq!(n("вітаю"), "вітаю"); // Ukrainian і is Cyrillic
    }

    #[test]
    fn hashtags_handles_urls_and_emoji_are_kept() {
        assert_eq!(
            n("#Сбербанк @ZoryaBank https://Zorya.ua/X 😡👍🏽"),
            "#сбербанк @zoryabank https://zorya.ua/x 😡👍🏽"
        );
    }

    #[test]
    fn offsets_map_back_through_every_rewrite() {
        let original = "Ба\u{0301}нк 𝐙𝐨𝐫𝐲𝐚 и\u{0306}ог";
        let norm = normalize(original);
        assert_eq!(norm.as_str(), "банк zorya йог");
        for word in ["банк", "zorya", "йог"] {
            let at = norm.as_str().find(word).unwrap();
            let (s, e) = norm.original_span(at, at + word.len());
            let back = &original[s..e];
            assert_eq!(n(back), word, "{back}");
        }
        assert_eq!(norm.original_span(0, 0), (0, 0));
        let end = norm.as_str().len();
        assert_eq!(
            norm.original_span(end, end + 5),
            (original.len(), original.len())
        );
    }
}

#[cfg(test)]
mod accents {
    use super::normalize;

    #[test]
    fn acute_accent_sign_is_an_apostrophe_and_combining_acute_composes_on_latin() {
        assert_eq!(normalize("пам´ять").as_str(), "пам'ять");
        assert_eq!(
            normalize("cafe\u{301}").as_str(),
            normalize("café").as_str()
        );
        assert_eq!(normalize("ба\u{301}нк").as_str(), "банк");
    }
}

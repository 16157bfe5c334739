//! The one normalizer (DESIGN 3.2), used for rules and texts alike, with a map back to the
//! caller's original byte offsets.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, is_combining_mark};

use super::blocks::{self, Kept};
use super::chars::is_cyrillic;
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
    /// the character (or cluster) it came from. Empty while `identity` holds.
    map: Vec<CharOrigin>,
    /// Whether every byte offset of `text` is also the offset of the same character in the
    /// original (each character became one character of the same UTF-8 length, nothing was
    /// dropped): the common case of plain Cyrillic and Latin text, which needs no map.
    identity: bool,
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
        if self.identity {
            // The same answer as the map would give: offsets move to the next character start.
            let ceil = |at: usize| {
                let mut at = at.min(self.text.len());
                while !self.text.is_char_boundary(at) {
                    at += 1;
                }
                at
            };
            let (start, end) = (ceil(start), ceil(end));
            return if start >= end {
                (start, start)
            } else {
                (start, end)
            };
        }
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

    /// Leaves identity mode: writes the map of the text so far, where every character is where
    /// it was in the original.
    fn materialize(&mut self) {
        if !self.identity {
            return;
        }
        self.identity = false;
        self.map.clear();
        self.map.reserve(self.text.len());
        for (at, c) in self.text.char_indices() {
            let at = at as u32;
            self.map.push(CharOrigin {
                at,
                start: at,
                end: at + c.len_utf8() as u32,
            });
        }
    }

    /// Appends `c`, which came from the original bytes `start..end`.
    #[inline]
    fn push(&mut self, c: char, start: u32, end: u32) {
        if self.identity {
            if self.text.len() == start as usize && c.len_utf8() == (end - start) as usize {
                self.text.push(c);
                return;
            }
            self.materialize();
        }
        self.map.push(CharOrigin {
            at: self.text.len() as u32,
            start,
            end,
        });
        self.text.push(c);
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

/// Word-script classes of characters, for finding words that mix scripts (or have a `3`/`0`
/// among Cyrillic letters), so that the look-alike pass runs only on texts that need it.
const LATIN: u8 = 1;
const DIGIT: u8 = 2;
const CYRILLIC: u8 = 4;
/// Not part of a word: the next character starts a new one.
const END: u8 = 8;

/// The class of a normalized character (see [`LATIN`]).
fn class_of(c: char) -> u8 {
    if c.is_ascii_alphabetic() {
        LATIN
    } else if c == '3' || c == '0' {
        DIGIT
    } else if is_cyrillic(c) {
        CYRILLIC
    } else if c.is_alphanumeric() || c == '\'' {
        0
    } else {
        END
    }
}

/// For each ASCII byte: its normalized byte (lower case, `` ` `` -> `'`) and its class.
static ASCII: [(u8, u8); 128] = {
    let mut table = [(0u8, 0u8); 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        let out = if byte == b'`' {
            b'\''
        } else {
            byte.to_ascii_lowercase()
        };
        let class = if out.is_ascii_alphabetic() {
            LATIN
        } else if out == b'3' || out == b'0' {
            DIGIT
        } else if out.is_ascii_digit() || out == b'\'' {
            0
        } else {
            END
        };
        table[b] = (out, class);
        b += 1;
    }
    table
};

/// For each character of the basic Cyrillic block (U+0400 + index): its lower case, folded
/// (`ё` -> `е`), which is in the block too. The same as `fold(cyrillic_lower(c))`.
static CYRILLIC_LOWER: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = 0x400 + i as u32;
        let lower = match c {
            0x410..=0x42F => c + 0x20,
            0x400..=0x40F => c + 0x50,
            0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x4FF if c.is_multiple_of(2) => c + 1,
            0x4C0 => 0x4CF,
            0x4C1..=0x4CE if !c.is_multiple_of(2) => c + 1,
            _ => c,
        };
        table[i] = if lower == 0x451 { 0x435 } else { lower as u16 };
        i += 1;
    }
    table
};

/// The word-script state after a character of class `class` (see [`LATIN`]) in state `state`,
/// at index `state | class`: the classes seen since the last [`END`] (in the high four bits), or
/// [`MIXED`] for good once a word has had a Cyrillic letter and a Latin letter or a `3`/`0`.
/// One table lookup a character, with no bounds check (a `u8` index into 256 entries).
static STEP: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut state = 0u8;
    while state < 16 {
        let mut class = 0u8;
        while class < 16 {
            let next = if state << 4 == MIXED {
                MIXED
            } else if class & END != 0 {
                0
            } else {
                let seen = state | class;
                if seen & CYRILLIC != 0 && seen & (LATIN | DIGIT) != 0 {
                    MIXED
                } else {
                    seen << 4
                }
            };
            table[((state as usize) << 4) | class as usize] = next;
            class += 1;
        }
        state += 1;
    }
    table
};

/// The state once some word mixed scripts: the look-alike pass must run.
const MIXED: u8 = 0xF0;

/// One step of the word-script state (see [`STEP`]).
#[inline(always)]
fn step(state: u8, class: u8) -> u8 {
    STEP[usize::from(state | class)]
}

/// For each character of the basic Cyrillic block (U+0400 + index): whether normalization
/// keeps it as it is (a small letter other than `ё`, or a sign).
static CYRILLIC_KEPT: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = CYRILLIC_LOWER[i] as usize == 0x400 + i;
        i += 1;
    }
    table
};

/// The UTF-8 bytes of [`CYRILLIC_LOWER`]'s characters.
static CYRILLIC_LOWER_UTF8: [[u8; 2]; 256] = {
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        let c = CYRILLIC_LOWER[i];
        table[i] = [0xC0 | (c >> 6) as u8, 0x80 | (c & 0x3F) as u8];
        i += 1;
    }
    table
};

/// [`CYRILLIC_LOWER`]'s characters as strings, to append without encoding them.
static CYRILLIC_LOWER_STR: [&str; 256] = {
    let mut table = [""; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = match std::str::from_utf8(&CYRILLIC_LOWER_UTF8[i]) {
            Ok(s) => s,
            Err(_) => panic!("not UTF-8"),
        };
        i += 1;
    }
    table
};

/// Whether the four UTF-8 bytes at the start of `b` (lead byte `0xF0`) are a character of
/// U+1F300..=U+1FAFF (emoji and other pictographs): characters that normalization keeps as they
/// are and that end words (the tests check every one).
#[inline]
fn is_pictograph(b: &[u8]) -> bool {
    b.len() >= 4 && b[1] == 0x9F && (0x8C..=0xAB).contains(&b[2])
}

/// Why [`scan`] stopped.
enum Stop {
    /// At the end of the text.
    End,
    /// At an ASCII byte that normalizes to this other byte.
    Ascii(u8),
    /// At a basic Cyrillic character (this index in [`CYRILLIC_LOWER`]) that normalizes to
    /// another one.
    Cyrillic(usize),
    /// At a character the fast path does not handle.
    Other,
}

/// Reads characters from `i` on while they are ASCII, basic Cyrillic or pictographs that stay
/// as they are, stepping the word-script state; returns where and why it stopped. With `BLOCKS`,
/// 16 bytes at a time where [`blocks::kept`] takes them ([`words_through`] steps the state),
/// else a character at a time to the end of that block. No calls and no writes, so the loop
/// keeps everything in registers.
///
/// The state is kept here as the classes seen in the current word and a flag for a mixed word
/// seen so far, the same as [`step`] but with no table load from one character to the next (a
/// load's latency, a character at a time, was most of the time of this loop).
#[inline]
fn scan<const BLOCKS: bool>(bytes: &[u8], mut i: usize, state: u8) -> (usize, u8, Stop) {
    let n = bytes.len();
    // Bit 3 of `mixed` is set once some word's `seen` has been over `CYRILLIC` (`seen` has no
    // `END` bit, so that is a Cyrillic letter with a Latin letter or a `3`/`0`).
    let mut mixed = if state == MIXED { END } else { 0 };
    let mut seen = if state == MIXED { 0 } else { state >> 4 };
    let see = |seen: &mut u8, mixed: &mut u8, class: u8| {
        // All bits when `class` goes on the word, none when it ends it.
        let keep = ((class >> 3) & 1).wrapping_sub(1);
        *seen = (*seen | class) & keep;
        *mixed |= *seen + (END - CYRILLIC - 1);
    };
    let stop = 'scan: loop {
        // Blocks of 16 bytes that stay as they are, while they last; then a character at a
        // time to the end of the block that did not.
        while BLOCKS
            && let Some(kept) = bytes
                .get(i..)
                .and_then(|rest| rest.first_chunk::<16>())
                .and_then(blocks::kept)
        {
            seen = words_through(&kept, seen, &mut mixed);
            i += kept.len;
        }
        // Fewer than 16 bytes left: the block that ends the text, without the bytes before `i`
        // (a character left out of it sends the rest a character at a time, as before).
        if BLOCKS
            && i < n
            && n - i < 16
            && let Some(kept) = bytes.last_chunk::<16>().and_then(blocks::kept)
        {
            seen = words_through(&kept.last(n - i), seen, &mut mixed);
            i = n;
        }
        if i >= n {
            break Stop::End;
        }
        let limit = (i + 16).min(n);
        while i < limit {
            let b = bytes[i];
            if b < 0x80 {
                let (c, class) = ASCII[b as usize];
                see(&mut seen, &mut mixed, class);
                if c != b {
                    break 'scan Stop::Ascii(c);
                }
                i += 1;
            } else if b & 0xFC == 0xD0 && i + 1 < n {
                let code = (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
                see(&mut seen, &mut mixed, CYRILLIC);
                if !CYRILLIC_KEPT[code] {
                    break 'scan Stop::Cyrillic(code);
                }
                i += 2;
            } else if b == 0xF0 && is_pictograph(&bytes[i..]) {
                see(&mut seen, &mut mixed, END);
                i += 4;
            } else {
                break 'scan Stop::Other;
            }
        }
    };
    (i, if mixed & END != 0 { MIXED } else { seen << 4 }, stop)
}

/// The word-script state after a block that stays as it is ([`blocks::kept`]), from the
/// classes `seen` in the word the block starts in; sets bit 3 of `mixed` (as [`scan`] does) when
/// a word mixes scripts up to the block's end. The same as stepping the block's characters one
/// at a time, with bit masks: adding a subset `x` of the word bits `word` to `word` carries
/// through each run of word bits that holds a bit of `x` and out into the bit just past the
/// run (a separator, or bit `len` for the run that reaches the block's end), and nowhere else.
/// So `(word + x) & !word` marks the ends of the words that hold a Latin letter (or a `3`/`0`)
/// for `x` the Latin bits, of those that hold a Cyrillic letter for `x` the Cyrillic ones, and
/// a word mixes scripts where both mark the same end.
#[inline(always)]
fn words_through(kept: &Kept, seen: u8, mixed: &mut u8) -> u8 {
    let word = kept.word;
    // The word the block starts in (when byte 0 is a word byte) keeps the classes seen so far.
    let carry = |class: u8| u32::from(seen & class != 0) & word;
    let ends = |x: u32| (word + x) & !word;
    let latin = ends(kept.latin_or_digit | carry(LATIN | DIGIT));
    let cyrillic = ends(kept.cyrillic | carry(CYRILLIC));
    if latin & cyrillic != 0 {
        *mixed |= END;
    }
    // The word that reaches the block's end goes on into the next block.
    (((latin >> kept.len) & 1) as u8 * LATIN) | (((cyrillic >> kept.len) & 1) as u8 * CYRILLIC)
}

/// Normalizes the longest beginning of `text` made of ASCII, basic Cyrillic and pictographs
/// (nearly every mention, whole) into `out.text`: each character becomes one character of the
/// same length, so the text stays in identity mode. Runs of characters that stay as they are
/// are copied at once. Returns where it stopped and the word-script state there.
#[inline]
fn fast_prefix<const BLOCKS: bool>(text: &str, out: &mut Normalized) -> (usize, u8) {
    let bytes = text.as_bytes();
    let (mut i, mut state) = (0, 0u8);
    loop {
        let run = i;
        let stop;
        (i, state, stop) = scan::<BLOCKS>(bytes, i, state);
        out.text.push_str(&text[run..i]);
        match stop {
            Stop::Ascii(c) => {
                out.text.push(c as char);
                i += 1;
            }
            Stop::Cyrillic(code) => {
                out.text.push_str(CYRILLIC_LOWER_STR[code]);
                i += 2;
            }
            Stop::End | Stop::Other => return (i, state),
        }
    }
}

/// [`normalize`] into a reused value (its buffers are kept).
pub(crate) fn normalize_into(text: &str, out: &mut Normalized) {
    normalize_with::<true>(text, out);
}

/// [`normalize_into`], reading the text's common beginning 16 bytes at a time when `BLOCKS`
/// holds (the tests compare it with a character at a time).
fn normalize_with<const BLOCKS: bool>(text: &str, out: &mut Normalized) {
    out.text.clear();
    out.map.clear();
    out.identity = true;
    out.original_len = text.len() as u32;
    out.text.reserve(text.len());
    let bytes = text.as_bytes();
    let (mut i, mut state) = fast_prefix::<BLOCKS>(text, out);
    while i < bytes.len() {
        let b = bytes[i];
        // Fast paths: ASCII, and the two-byte letters of the basic Cyrillic block (lead bytes
        // 0xD0..=0xD3, U+0400..=U+04FF), which stay one character of the same length.
        if b < 0x80 {
            let (c, class) = ASCII[b as usize];
            state = step(state, class);
            if out.identity {
                out.text.push(c as char);
            } else {
                out.push(c as char, i as u32, i as u32 + 1);
            }
            i += 1;
            continue;
        }
        if b & 0xFC == 0xD0 {
            let code = (usize::from(b & 0x03) << 6) | usize::from(bytes[i + 1] & 0x3F);
            let lower = u32::from(CYRILLIC_LOWER[code]);
            let c = char::from_u32(lower).unwrap_or('\u{FFFD}');
            state = step(state, CYRILLIC);
            if out.identity {
                out.text.push(c);
            } else {
                out.push(c, i as u32, i as u32 + 2);
            }
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        let (start, end) = (i as u32, (i + c.len_utf8()) as u32);
        i += c.len_utf8();
        let c = fold(c);
        if c.is_ascii() {
            state = step(state, class_of(c));
            out.push(c, start, end);
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
            // What follows is no longer where it was in the original.
            out.materialize();
            continue;
        }
        if is_combining_mark(c)
            && let Some(prev) = out.text.chars().next_back()
            && let Some(composed) = compose(prev, c)
            && let Some(single) = single_lower(composed)
        {
            out.materialize();
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
                    let lower = fold(lower);
                    state = step(state, class_of(lower));
                    out.push(lower, start, end);
                }
            }
        }
        if out.identity && out.text.len() != i {
            out.materialize();
        }
    }
    if state == MIXED {
        out.materialize();
        let mut chars: Vec<char> = out.text.chars().collect();
        lookalike::fold_words(&mut chars);
        out.text.clear();
        for (c, origin) in chars.into_iter().zip(out.map.iter_mut()) {
            origin.at = out.text.len() as u32;
            out.text.push(c);
        }
    } else if out.identity && out.text.len() != text.len() {
        // Something was dropped at the end: the map says where the original ends.
        out.materialize();
    }
}

/// The lower case of `c` folded, when it is one character.
fn single_lower(c: char) -> Option<char> {
    let mut lower = c.to_lowercase().map(fold);
    match (lower.next(), lower.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_without_a_map_are_the_offsets_of_the_map() {
        for text in ["банк zorya 😡 ок", "Сбербанк", "abc", "", "ї'ж #«зоря» @z"]
        {
            let plain = normalize(text);
            assert!(plain.identity, "{text}");
            let mut mapped = plain.clone();
            mapped.materialize();
            let len = text.len() + 2;
            for start in 0..len {
                for end in 0..len {
                    assert_eq!(
                        plain.original_span(start, end),
                        mapped.original_span(start, end),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
        // Dropped or rewritten characters move offsets: those texts keep a map.
        for text in ["ба\u{301}нк", "банк\u{AD}", "ﬁne", "Сбeрбанк", "пам’ять"]
        {
            assert!(!normalize(text).identity, "{text}");
        }
    }

    #[test]
    fn the_step_table_finds_the_words_that_mix_scripts() {
        // Every sequence of up to five classes: the table's verdict is the definition's.
        let classes = [0, LATIN, DIGIT, CYRILLIC, END];
        for n in 0..=5u32 {
            for code in 0..5usize.pow(n) {
                let seq: Vec<u8> = (0..n).map(|k| classes[code / 5usize.pow(k) % 5]).collect();
                let words = seq.split(|&c| c == END);
                let want = words
                    .map(|w| w.iter().fold(0, |a, &c| a | c))
                    .any(|seen| seen & CYRILLIC != 0 && seen & (LATIN | DIGIT) != 0);
                let got = seq.iter().fold(0, |state, &c| step(state, c)) == MIXED;
                assert_eq!(got, want, "{seq:?}");
            }
        }
    }

    #[test]
    fn pictographs_stay_as_they_are_and_end_words() {
        for c in '\u{1F300}'..='\u{1FAFF}' {
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            assert!(bytes[0] == 0xF0 && is_pictograph(bytes), "{c:?}");
            assert_eq!(std::iter::once(c).nfkc().collect::<String>(), c.to_string());
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string());
            assert!(!is_dropped(c) && !is_combining_mark(c) && fold(c) == c);
            assert_eq!(class_of(c), END);
            assert!(!super::super::chars::is_word(c));
            assert_eq!(normalize(&format!("a{c}Б")).as_str(), format!("a{c}б"));
        }
        for c in ['\u{1F2FF}', '\u{1FB00}', '\u{10000}', '\u{1F000}'] {
            let mut utf8 = [0; 4];
            assert!(!is_pictograph(c.encode_utf8(&mut utf8).as_bytes()), "{c:?}");
        }
    }

    #[test]
    fn tables_agree_with_the_char_functions() {
        for c in '\u{0400}'..='\u{04FF}' {
            let want = fold(super::super::chars::cyrillic_lower(c));
            assert_eq!(CYRILLIC_LOWER[c as usize - 0x400], want as u16, "{c:?}");
            assert!(is_cyrillic(want));
        }
        for (i, bytes) in CYRILLIC_LOWER_UTF8.iter().enumerate() {
            let c = char::from_u32(u32::from(CYRILLIC_LOWER[i])).unwrap();
            assert_eq!(c.encode_utf8(&mut [0; 4]).as_bytes(), bytes);
        }
        for b in 0u8..128 {
            let c = fold(b as char).to_ascii_lowercase();
            assert_eq!(ASCII[b as usize], (c as u8, class_of(c)), "{b}");
        }
    }

    /// Words of the kinds that decide the word-script state: one script, digits, a look-alike
    /// inside a word of the other script, and now and then a character no block keeps.
    fn word() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            6 => "[а-яіїєў]{1,9}",
            4 => "[a-z]{1,7}",
            2 => "[0-9]{1,3}",
            1 => "[а-я]{0,4}[a-z03][а-я]{0,4}",
            1 => "[a-z]{0,4}[а-я][a-z]{0,4}",
            1 => "[а-я]{4,8}[a-z03]",
            1 => "[a-z]{6,15}[а-я]",
            1 => "[а-яa-z][124-9']{1,14}[а-яa-z03]",
            1 => "[a-z]{1,3}'[a-z]{1,3}",
            1 => "[ЁБZЯ`ґёʼ😡\u{0301}é][а-я]{0,3}",
        ]
    }

    proptest::proptest! {
        /// Reading 16 bytes at a time gives what reading a character at a time gives: the
        /// text, the map and the word-script verdict, on texts long enough for many blocks,
        /// with words split across blocks, look-alikes, digits, capitals and emoji.
        #[test]
        fn blocks_normalize_as_characters_do(
            words in proptest::collection::vec((word(), "[ ,.!#@-]"), 0..24)
        ) {
            let text: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
            let (mut blocks, mut chars) = (Normalized::default(), Normalized::default());
            normalize_with::<true>(&text, &mut blocks);
            normalize_with::<false>(&text, &mut chars);
            proptest::prop_assert_eq!(blocks, chars);
        }
    }

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

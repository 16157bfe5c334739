//! Splitting a normalized text into tokens: words, `#hashtags` and `@handles`, with positions.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A run of letters and digits (apostrophes inside a word are part of it: `пам'ять`).
    Word,
    /// `#` and a tag; `#«Сбербанк»` is the hashtag `#сбербанк`.
    Hashtag,
    /// `@` and a handle (letters, digits, `_` and inner dots).
    Handle,
}

/// One token of a normalized text.
///
/// A hashtag or handle is also split into its words (`#zorya_bank` gives the hashtag and the
/// words `zorya` and `bank`), so a bare word in a rule matches inside tags too. The tag has the
/// position of its first word; words are numbered from 0 in text order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte range in the normalized text, marker included for tags.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Where the tag's name starts (after `#`, `@` and any opening quotes); `start` for words.
    pub body: usize,
    /// Word position, for phrases and NEAR.
    pub position: u32,
}

impl Token {
    /// A word from byte `start` to `end`, at word position `position`.
    fn word(start: usize, end: usize, position: u32) -> Token {
        Token {
            kind: TokenKind::Word,
            start,
            end,
            body: start,
            position,
        }
    }

    /// The marker of a tag (`#` or `@`), if any.
    pub fn marker(&self) -> Option<char> {
        match self.kind {
            TokenKind::Word => None,
            TokenKind::Hashtag => Some('#'),
            TokenKind::Handle => Some('@'),
        }
    }
}

use super::blocks;
use super::chars::is_word;

/// The kind of tag that the marker byte `marker` (`#` or `@`) starts.
fn tag_kind(marker: u8) -> TokenKind {
    if marker == b'#' {
        TokenKind::Hashtag
    } else {
        TokenKind::Handle
    }
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '«' | '"' | '“' | '„' | '\'' | '‹')
}

/// Splits normalized text into tokens (see [`Token`]).
///
/// ```
/// use otklik::text::{normalize, tokenize, TokenKind};
///
/// let text = normalize("Дякую #«ЗоряБанк» і @zorya_bank!");
/// let tokens = tokenize(text.as_str());
/// let shown: Vec<(TokenKind, &str, u32)> = tokens
///     .iter()
///     .map(|t| (t.kind, &text.as_str()[t.start..t.end], t.position))
///     .collect();
/// assert_eq!(shown, [
///     (TokenKind::Word, "дякую", 0),
///     (TokenKind::Hashtag, "#«зорябанк", 1),
///     (TokenKind::Word, "зорябанк", 1),
///     (TokenKind::Word, "і", 2),
///     (TokenKind::Handle, "@zorya_bank", 3),
///     (TokenKind::Word, "zorya", 3),
///     (TokenKind::Word, "bank", 4),
/// ]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut tokens);
    tokens
}

/// [`tokenize`] into a reused vector (cleared first).
///
/// Up to 64 bytes at a time are classified at once ([`Chunk`]): the words made of ASCII
/// letters, digits and two-byte Cyrillic letters are read from the bits, and everything else
/// (tags, other characters, apostrophes) goes the way of [`step`], a character at a time.
pub(crate) fn tokenize_into(text: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    let bytes = text.as_bytes();
    let mut position = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        let Some(chunk) = Chunk::at(bytes, i) else {
            (i, position) = step(text, i, position, tokens);
            continue;
        };
        let from = i;
        let mut events = chunk.starts() | chunk.special;
        while events != 0 {
            let bit = events.trailing_zeros() as usize;
            let at = from + bit;
            if chunk.special >> bit & 1 != 0 {
                if let Some((kind, end)) = chunk.plain_tag(bytes, from, bit) {
                    // `#word` or `@word`: the tag and its one word.
                    tokens.push(Token {
                        kind,
                        start: at,
                        end,
                        body: at + 1,
                        position,
                    });
                    tokens.push(Token::word(at + 1, end, position));
                    position += 1;
                    i = end;
                    events &= after(end - from);
                    continue;
                }
                (i, position) = step(text, at, position, tokens);
                // A word byte right after what the step read starts a word, though the bits
                // may not say so (after the continuation bytes of a special character).
                let next = i - from;
                events &= after(next);
                if next < 64 {
                    events |= chunk.word & (1 << next);
                }
                continue;
            }
            let mut end = at + (!(chunk.word >> bit)).trailing_zeros() as usize;
            if bytes.get(end).is_none_or(|&b| ENDS_WORD[b as usize]) {
                // The run of word bytes is the word, and holds no other event.
                events &= events - 1;
            } else {
                // The next byte may go on with the word: a word byte past the chunk, an
                // apostrophe, another character.
                end = word_end(text, at);
                events &= after(end - from);
            }
            tokens.push(Token::word(at, end, position));
            position += 1;
            i = end;
        }
        // The chunk's other bytes are separators, or inside what was read.
        i = i.max(from + chunk.len);
    }
}

/// The bits from bit `n` on (none when `n` is 64 or more).
#[inline(always)]
fn after(n: usize) -> u64 {
    u64::MAX.checked_shl(n as u32).unwrap_or(0)
}

/// Up to 64 bytes of a text from a character boundary, one bit a byte (bit `k` for byte `k`
/// of the chunk).
struct Chunk {
    /// The bytes in the chunk: 64, or what is left of the text.
    len: usize,
    /// The bytes that may be in a word ([`blocks::TokenBytes::word`]). From a word start on,
    /// they are ASCII letters and digits and two-byte Cyrillic letters: the continuation bytes
    /// of other characters follow a `special` lead.
    word: u64,
    /// The bytes a word of `word` bytes does not explain, each read by [`step`]: tag markers
    /// and the leads of other characters that are not ASCII.
    special: u64,
}

impl Chunk {
    /// The chunk of `bytes` that starts at `from` (a character boundary, before the end), or
    /// `None` where there is no fast way to classify bytes.
    #[inline(always)]
    fn at(bytes: &[u8], from: usize) -> Option<Chunk> {
        let len = (bytes.len() - from).min(64);
        let (mut word, mut special) = (0u64, 0u64);
        if let Some(full) = bytes[from..].first_chunk::<64>() {
            for (k, block) in full.as_chunks::<16>().0.iter().enumerate() {
                let b = blocks::token_bytes(block)?;
                word |= u64::from(b.word) << (16 * k);
                special |= u64::from(b.special) << (16 * k);
            }
            return Some(Chunk {
                len: 64,
                word,
                special,
            });
        }
        let mut k = 0;
        while k < len {
            let left = len - k;
            let b = if left >= 16 {
                let block = bytes[from + k..].first_chunk::<16>()?;
                blocks::token_bytes(block)?
            } else if let Some(block) = bytes.last_chunk::<16>() {
                // The block that ends the text, without the bytes before this chunk's rest.
                blocks::token_bytes(block)?.last(left)
            } else {
                let mut block = [0u8; 16];
                block[..left].copy_from_slice(&bytes[from + k..]);
                blocks::token_bytes(&block)?
            };
            word |= u64::from(b.word) << k;
            special |= u64::from(b.special) << k;
            k += 16;
        }
        // Past the text's end the bits are clear.
        Some(Chunk { len, word, special })
    }

    /// The kind and end of the tag whose marker is bit `bit` of this chunk (which starts at
    /// byte `from` of `bytes`) when its body is a run of word bytes that a byte ending tags (or
    /// the text's end) follows: then the body is one word. `None` for other bytes and other
    /// tags.
    #[inline(always)]
    fn plain_tag(&self, bytes: &[u8], from: usize, bit: usize) -> Option<(TokenKind, usize)> {
        let marker = bytes[from + bit];
        let body = bit + 1;
        if BYTE_CLASS[marker as usize] != MARKER || body >= 64 || self.word >> body & 1 == 0 {
            return None;
        }
        let end = from + body + (!(self.word >> body)).trailing_zeros() as usize;
        bytes
            .get(end)
            .is_none_or(|&b| ENDS_TAG[b as usize])
            .then_some((tag_kind(marker), end))
    }

    /// The word bytes that follow no word byte: where such a word starts, or inside a special
    /// character that [`step`] reads. (A word right after a special character is a start
    /// that these bits miss: the tokenizer adds it after the step.)
    #[inline(always)]
    fn starts(&self) -> u64 {
        self.word & !(self.word << 1)
    }
}

/// Bytes that end a word that has reached them: ASCII that is neither a letter nor a digit nor
/// an apostrophe (which is inside a word when a letter follows).
static ENDS_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(BYTE_CLASS[b], ASCII_SEPARATOR | MARKER) && b != b'\'' as usize;
        b += 1;
    }
    table
};

/// Bytes that end a tag's body that has reached them: those of [`ENDS_WORD`] but `_` and `.`
/// (inside handles).
static ENDS_TAG: [bool; 256] = {
    let mut table = ENDS_WORD;
    table[b'_' as usize] = false;
    table[b'.' as usize] = false;
    table
};

/// Reads the text from byte `i` (a character boundary, before the end) one step, a character at
/// a time: skips a separator, or pushes the word or tag that starts there (the next word being
/// at `position`). Returns where the next step starts and the next word's position.
fn step(text: &str, i: usize, position: u32, tokens: &mut Vec<Token>) -> (usize, u32) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    match BYTE_CLASS[b as usize] {
        ASCII_SEPARATOR => return (i + 1, position),
        ASCII_WORD | CYRILLIC_LETTER => {}
        MARKER if i + 1 < bytes.len() => {
            let mut body = i + 1;
            if b == b'#' {
                while body < text.len() && is_opening_quote(next_char(text, body)) {
                    body += next_char(text, body).len_utf8();
                }
            }
            let end = tag_end(text, body, b == b'@');
            if end <= body {
                return (i + 1, position);
            }
            tokens.push(Token {
                kind: tag_kind(b),
                start: i,
                end,
                body,
                position,
            });
            return (end, words_into(text, body, end, position, tokens));
        }
        // A marker at the end of the text.
        MARKER => return (i + 1, position),
        _ => {
            let (word, width) = word_char_at(text, i);
            if !word {
                return (i + width, position);
            }
        }
    }
    let end = word_end(text, i);
    tokens.push(Token::word(i, end, position));
    (end, position + 1)
}

/// The character at byte `at` (a character boundary), decoded without a full `chars()` step for
/// the one- and two-byte characters of nearly every mention.
#[inline]
fn next_char(text: &str, at: usize) -> char {
    let bytes = text.as_bytes();
    let b = bytes[at];
    if b < 0x80 {
        b as char
    } else if b < 0xE0 && at + 1 < bytes.len() {
        let code = (u32::from(b & 0x1F) << 6) | u32::from(bytes[at + 1] & 0x3F);
        char::from_u32(code).unwrap_or('\0')
    } else {
        text[at..].chars().next().unwrap_or('\0')
    }
}

/// Whether the character at byte `at` (a character boundary) is a word character, and its
/// width; ASCII and basic Cyrillic are answered from the bytes.
#[inline(always)]
fn word_char_at(text: &str, at: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b = bytes[at];
    if b < 0x80 {
        (b.is_ascii_alphanumeric(), 1)
    } else if b & 0xFC == 0xD0 && at + 1 < bytes.len() {
        // U+0482..=U+0489 (bytes D2 82..D2 89) are a sign and combining marks.
        (!(b == 0xD2 && (0x82..=0x89).contains(&bytes[at + 1])), 2)
    } else {
        let c = next_char(text, at);
        (is_word(c), c.len_utf8())
    }
}

/// What a byte at a character start says about the character: a one-byte word character, the
/// lead of a two-byte Cyrillic letter (U+0400..U+047F, U+04C0..U+04FF), another ASCII
/// character (a tag marker or not), or none of these (ask [`word_char_at`]).
const OTHER: u8 = 0;
const ASCII_WORD: u8 = 1;
const CYRILLIC_LETTER: u8 = 2;
const ASCII_SEPARATOR: u8 = 3;
const MARKER: u8 = 4;
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            ASCII_WORD
        } else if byte == b'#' || byte == b'@' {
            MARKER
        } else if byte.is_ascii() {
            ASCII_SEPARATOR
        } else if byte == 0xD0 || byte == 0xD1 || byte == 0xD3 {
            CYRILLIC_LETTER
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// For each byte: whether a word goes on through it when the word has reached it, the byte
/// being a one-byte word character, the lead of a two-byte Cyrillic letter, or a continuation
/// byte (which inside a word follows such a lead: other characters are stepped over whole).
/// [`word_end`] steps over such bytes four, then one, at a time, so the next load does not wait
/// for the width of the character before it.
pub(super) static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(BYTE_CLASS[b], ASCII_WORD | CYRILLIC_LETTER) || (b & 0xC0 == 0x80);
        b += 1;
    }
    table
};

/// The byte length of the word character at byte `at` (a character boundary), or 0 when it is
/// no word character (or `at` is the end).
#[inline(always)]
fn word_char_len(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at).map(|&b| BYTE_CLASS[b as usize]) {
        Some(ASCII_WORD) => 1,
        Some(CYRILLIC_LETTER) => 2,
        Some(ASCII_SEPARATOR | MARKER) | None => 0,
        Some(_) => match word_char_at(text, at) {
            (true, width) => width,
            (false, _) => 0,
        },
    }
}

/// End of a word whose characters run from `start` on (the word may have begun before it):
/// letters and digits, with apostrophes between them.
#[inline(always)]
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        // Sixteen bytes a test while 16 are left; `at_end`: stopped at a byte that ends the run.
        let at_end;
        (i, at_end) = over_blocks::<false>(bytes, i);
        if !at_end {
            // Four bytes a test while they last, then one at a time to the word's end (a test
            // a byte was most of the tokenizer's instructions; eight a test measured more).
            while let Some(four) = bytes.get(i..i + 4) {
                let word = |k: usize| WORD_BYTE[four[k] as usize];
                if !(word(0) & word(1) & word(2) & word(3)) {
                    break;
                }
                i += 4;
            }
            while i < bytes.len() && WORD_BYTE[bytes[i] as usize] {
                i += 1;
            }
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match BYTE_CLASS[b as usize] {
            OTHER => match word_char_at(text, i) {
                (true, width) => i += width,
                (false, _) => break,
            },
            // The apostrophe is inside the word when a letter follows.
            _ if b == b'\'' && word_char_len(text, i + 1) > 0 => i += 1,
            _ => break,
        }
    }
    i
}

/// Steps from `i` (a character boundary) over the bytes [`blocks::word_bytes`] sets, 16 at a
/// time, and over the last bytes of a text of at least 16 bytes as the block that ends it.
/// Returns where it stopped, and whether that is at a byte whose bit is clear or at the end (a
/// character boundary, where the run ends) rather than where there was no fast way to ask (then
/// possibly inside a character, and the run may go on).
#[inline(always)]
fn over_blocks<const TAG: bool>(bytes: &[u8], mut i: usize) -> (usize, bool) {
    while let Some(mask) = bytes
        .get(i..)
        .and_then(|rest| rest.first_chunk::<16>())
        .and_then(blocks::word_bytes::<TAG>)
    {
        // `!mask` has bit 16 set: a full block steps 16.
        i += (!mask).trailing_zeros() as usize;
        if mask != 0xFFFF {
            return (i, true);
        }
    }
    // Fewer than 16 bytes left: the block that ends the text, without the bytes before `i`
    // (its bits past the text's end are clear, and the end is a character boundary).
    let left = bytes.len() - i;
    if left > 0
        && let Some(mask) = bytes.last_chunk::<16>().and_then(blocks::word_bytes::<TAG>)
    {
        return (i + (!(mask >> (16 - left))).trailing_zeros() as usize, true);
    }
    (i, false)
}

/// End of a tag body: word characters and `_` (and inner dots for handles).
fn tag_end(text: &str, start: usize, handle: bool) -> usize {
    // Sixteen bytes a test over the body's letters, digits and `_`, back to a character
    // boundary, then a character at a time.
    let (mut i, _) = over_blocks::<true>(text.as_bytes(), start);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    tag_end_from(text, i, handle)
}

/// [`tag_end`] a character at a time from `i`, the body having run to `i` so far.
fn tag_end_from(text: &str, mut i: usize, handle: bool) -> usize {
    let bytes = text.as_bytes();
    let part = |at: usize| match bytes.get(at) {
        Some(b'_') => 1,
        _ => word_char_len(text, at),
    };
    let mut end = i;
    loop {
        let width = part(i);
        if width > 0 {
            i += width;
            end = i;
        } else if matches!(bytes.get(i), Some(b'\'')) || (handle && bytes.get(i) == Some(&b'.')) {
            if part(i + 1) == 0 {
                return end;
            }
            i += 1;
        } else {
            return end;
        }
    }
}

/// Pushes the words inside a tag body; returns the next free position.
fn words_into(
    text: &str,
    start: usize,
    end: usize,
    mut position: u32,
    tokens: &mut Vec<Token>,
) -> u32 {
    let body = &text[..end];
    let mut i = start;
    while i < end {
        if word_char_len(body, i) > 0 {
            let word_end = word_end(body, i);
            tokens.push(Token::word(i, word_end, position));
            position += 1;
            i = word_end;
        } else {
            i += next_char(body, i).len_utf8();
        }
    }
    position
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .map(|t| match t.marker() {
                Some(m) => format!("{m}{}", &text[t.body..t.end]),
                None => text[t.start..t.end].to_owned(),
            })
            .collect()
    }

    #[test]
    fn words_apostrophes_and_punctuation() {
        assert_eq!(
            words("пам'ять, 'цитата' онлайн-банк 5000грн"),
            ["пам'ять", "цитата", "онлайн", "банк", "5000грн"]
        );
    }

    #[test]
    fn hashtags_and_handles() {
        assert_eq!(
            words("#сбербанк #«сбербанк» @alfa_bank @a.b"),
            [
                "#сбербанк",
                "сбербанк",
                "#сбербанк",
                "сбербанк",
                "@alfa_bank",
                "alfa",
                "bank",
                "@a.b",
                "a",
                "b"
            ]
        );
        assert_eq!(words("# @ #! a@b"), ["a", "@b", "b"]);
        assert_eq!(words("a #"), ["a"]);
        assert_eq!(words("@"), Vec::<String>::new());
    }

    #[test]
    fn positions_count_words_only() {
        let t = tokenize("a #b c");
        let pos: Vec<u32> = t.iter().map(|t| t.position).collect();
        assert_eq!(pos, [0, 1, 1, 2]);
    }

    proptest::proptest! {
        /// Words are the maximal runs of letters and digits (by Unicode), with apostrophes
        /// between them, and every letter or digit is in one: the byte tables agree with
        /// `char::is_alphanumeric` on Cyrillic of every block, combining marks and emoji.
        #[test]
        fn words_are_maximal_runs_of_letters(
            text in "[а-яёa-z0-9ґїієѣӑ'ʼ ,.#@_\u{0483}\u{0301}\u{0488}😡é«-]{0,40}"
        ) {
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let mut covered = vec![false; text.len()];
            for t in tokenize(&text).iter().filter(|t| t.kind == TokenKind::Word) {
                let chars: Vec<char> = text[t.start..t.end].chars().collect();
                for (i, &c) in chars.iter().enumerate() {
                    let inner_apostrophe = c == '\''
                        && i > 0
                        && word(chars.get(i + 1).copied());
                    proptest::prop_assert!(c.is_alphanumeric() || inner_apostrophe, "{:?}", t);
                }
                let after = &text[t.end..];
                let mut next = after.chars();
                let first = next.next();
                proptest::prop_assert!(!word(first), "{:?} ends early", t);
                proptest::prop_assert!(
                    !(first == Some('\'') && word(next.next())),
                    "{:?} ends at an inner apostrophe", t
                );
                proptest::prop_assert!(!word(text[..t.start].chars().next_back()), "{:?}", t);
                covered[t.start..t.end].iter_mut().for_each(|c| *c = true);
            }
            for (at, c) in text.char_indices() {
                proptest::prop_assert!(!c.is_alphanumeric() || covered[at], "{c:?} at {at} lost");
            }
        }
    }

    /// The tokens of `text` read by [`step`] alone, a character at a time.
    fn by_steps(text: &str) -> Vec<Token> {
        let (mut tokens, mut position, mut i) = (Vec::new(), 0, 0);
        while i < text.len() {
            (i, position) = step(text, i, position, &mut tokens);
        }
        tokens
    }

    proptest::proptest! {
        /// Reading words from a chunk's bits finds the tokens a character at a time finds, for
        /// words that cross chunks, tags, apostrophes, other letters and marks around them.
        #[test]
        fn chunks_read_as_steps_do(
            text in "([а-яa-z0-9]{1,20}|[ґїієёӑé'ʼ_.,!«#@ \u{0301}\u{0483}😡]){0,40}"
        ) {
            proptest::prop_assert_eq!(tokenize(&text), by_steps(&text));
        }

        #[test]
        fn chunks_read_any_text_as_steps_do(text in "\\PC{0,200}") {
            proptest::prop_assert_eq!(tokenize(&text), by_steps(&text));
            let normalized = crate::text::normalize(&text);
            proptest::prop_assert_eq!(
                tokenize(normalized.as_str()),
                by_steps(normalized.as_str())
            );
        }
    }

    #[test]
    fn words_across_chunks_and_at_the_end() {
        for pad in 0..70 {
            for word in ["банк", "zorya", "пам'ять", "ґанок", "щ", "5"] {
                for tail in ["", " ", "!", "'", "😡", "#x", "é"] {
                    let text = format!(
                        "{}{word}{tail}",
                        "а ".repeat(pad / 3) + &" ".repeat(pad % 3)
                    );
                    assert_eq!(tokenize(&text), by_steps(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn tag_bodies_end_as_they_do_a_character_at_a_time() {
        let bodies = [
            "зорябанк_україна",
            "zorya_bank.ua",
            "ї'жак",
            "a1_б2",
            "бб.",
            "x__y'",
        ];
        for body in bodies {
            for pad in 0..20 {
                for tail in ["", " z", "!", "'", ".x", "😡", "\u{0483}б", "_"] {
                    let text = format!(
                        "{}{}{}{tail}",
                        "ж".repeat(pad / 2),
                        "q".repeat(pad % 2),
                        body.repeat(3)
                    );
                    let start = text.len() - body.len() * 3 - tail.len();
                    for handle in [false, true] {
                        assert_eq!(
                            tag_end(&text, start, handle),
                            tag_end_from(&text, start, handle),
                            "{text:?} {handle}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn emoji_and_urls() {
        assert_eq!(
            words("😡👍🏽 https://zorya.ua/x?a=1"),
            ["https", "zorya", "ua", "x", "a", "1"]
        );
    }
}

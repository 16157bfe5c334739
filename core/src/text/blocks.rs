//! Sixteen bytes at a time: what the normalizer and the tokenizer ask of each byte, asked of a
//! block of 16 bytes at once.
//!
//! On x86-64 this uses SSE2, which every x86-64 CPU has and every x86-64 target enables; a
//! block costs about as many instructions as one or two bytes did. Elsewhere the functions
//! answer `None` and the callers go on a byte at a time, with the same results. The tests check
//! the answers against a character-at-a-time reading for every character up to U+07FF (and
//! longer ones) at every place of a block, and against the tokenizer's byte table for every
//! byte value at every place.

/// What [`kept`] found in a block that normalization keeps as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Kept {
    /// The bytes taken: 16, or 15 when the last byte starts a two-byte character.
    pub(crate) len: usize,
    /// Bit `k`: byte `k` is part of a word (a letter or digit, an apostrophe, or a byte of a
    /// Cyrillic letter); the others are separators.
    pub(crate) word: u32,
    /// Bit `k`: byte `k` is a Latin letter, or the digit `3` or `0`.
    pub(crate) latin_or_digit: u32,
    /// Bit `k`: byte `k` starts a Cyrillic letter.
    pub(crate) cyrillic: u32,
}

impl Kept {
    /// What this block (of 16 bytes) says of its last `n` bytes (`n` at most 16), as if they
    /// were a block of their own.
    #[inline(always)]
    pub(crate) fn last(self, n: usize) -> Kept {
        let skip = 16 - n;
        Kept {
            len: n,
            word: self.word >> skip,
            latin_or_digit: self.latin_or_digit >> skip,
            cyrillic: self.cyrillic >> skip,
        }
    }
}

/// Whether normalization keeps each character of `block` as it is, with nothing to decide
/// character by character: the block holds only ASCII other than capitals and `` ` ``, and
/// the small Cyrillic letters U+0430..=U+045F other than `ё` (which all stay as they are).
/// Then it says where the words and scripts are; otherwise (any other character) `None`.
#[inline(always)]
pub(crate) fn kept(block: &[u8; 16]) -> Option<Kept> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: `sse2::kept` needs SSE2, which this build's target has (the `cfg` above).
        unsafe { sse2::kept(block) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        let _ = block;
        None
    }
}

/// Bit `k` is set when byte `k` of `block` lets a word go on through it (the tokenizer's
/// `WORD_BYTE`: an ASCII letter or digit, a lead byte `D0`, `D1` or `D3`, or a continuation
/// byte), or with `TAG` a hashtag's or handle's body (those bytes and `_`); `None` where there
/// is no fast way to ask.
#[inline(always)]
pub(crate) fn word_bytes<const TAG: bool>(block: &[u8; 16]) -> Option<u32> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: as in `kept`.
        Some(unsafe { sse2::word_bytes::<TAG>(block) })
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        let _ = block;
        None
    }
}

/// What the tokenizer asks of each byte of a block, one bit a byte (bit `k` for byte `k`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TokenBytes {
    /// The bytes of [`word_bytes`] (without `TAG`): an ASCII letter or digit, a lead byte
    /// `D0`, `D1` or `D3` of a two-byte (Cyrillic) letter, or a continuation byte: of the bytes
    /// that are not ASCII, those not in `special`.
    pub(crate) word: u32,
    /// A tag marker `#` or `@`, or the lead byte of a character that is not a two-byte
    /// Cyrillic letter (`C0`..=`FF` but `D0`, `D1` and `D3`).
    pub(crate) special: u32,
}

impl TokenBytes {
    /// What this block says of its last `n` bytes (`n` at most 16), as if they were a block of
    /// their own (the bits of the bytes after them clear).
    #[inline(always)]
    pub(crate) fn last(self, n: usize) -> TokenBytes {
        let skip = 16 - n;
        TokenBytes {
            word: self.word >> skip,
            special: self.special >> skip,
        }
    }
}

/// The tokenizer's classes of the bytes of `block` (see [`TokenBytes`]); `None` where there is
/// no fast way to ask.
#[inline(always)]
pub(crate) fn token_bytes(block: &[u8; 16]) -> Option<TokenBytes> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: as in `kept`.
        Some(unsafe { sse2::token_bytes(block) })
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        let _ = block;
        None
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8, _mm_srli_si128,
    };

    use super::{Kept, TokenBytes};

    /// The block as a vector (two 8-byte reads, which the compiler makes one load).
    #[target_feature(enable = "sse2")]
    fn load(block: &[u8; 16]) -> __m128i {
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&block[..8]);
        hi.copy_from_slice(&block[8..]);
        _mm_set_epi64x(i64::from_le_bytes(hi), i64::from_le_bytes(lo))
    }

    /// All ones in each byte of `v` that is in `from..from + count` (unsigned; `count` < 128).
    #[target_feature(enable = "sse2")]
    fn range(v: __m128i, from: u8, count: u8) -> __m128i {
        let shifted = _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(from) as i8));
        _mm_cmplt_epi8(shifted, _mm_set1_epi8((count as i8).wrapping_sub(-128)))
    }

    #[target_feature(enable = "sse2")]
    fn eq(v: __m128i, byte: u8) -> __m128i {
        _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8))
    }

    #[target_feature(enable = "sse2")]
    fn bits(v: __m128i) -> u32 {
        _mm_movemask_epi8(v) as u32
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn kept(block: &[u8; 16]) -> Option<Kept> {
        let v = load(block);
        // Byte k of `next` is byte k + 1 of the block (0 for the last).
        let next = _mm_srli_si128::<1>(v);
        let lower = range(v, b'a', 26);
        let changed = _mm_or_si128(range(v, b'A', 26), eq(v, b'`'));
        let lead = range(v, 0xC0, 64);
        let d0 = eq(v, 0xD0);
        let d1 = eq(v, 0xD1);
        // а..п after D0 (B0..BF); р..џ after D1 (80..9F) but ё (91).
        let after_d0 = range(next, 0xB0, 16);
        let after_d1 = _mm_andnot_si128(eq(next, 0x91), range(next, 0x80, 32));
        let letter = _mm_or_si128(_mm_and_si128(d0, after_d0), _mm_and_si128(d1, after_d1));
        let bad = bits(_mm_or_si128(changed, _mm_andnot_si128(letter, lead)));
        let leads = bits(lead);
        // A character that starts at the last byte is left to the next block.
        let (len, valid) = if leads & 0x8000 != 0 {
            (15, 0x7FFF)
        } else {
            (16, 0xFFFF)
        };
        if bad & valid != 0 {
            return None;
        }
        let digit = range(v, b'0', 10);
        let apostrophe = eq(v, b'\'');
        let non_ascii = bits(v);
        let word = bits(_mm_or_si128(_mm_or_si128(lower, digit), apostrophe)) | non_ascii;
        let three_or_zero = _mm_or_si128(eq(v, b'3'), eq(v, b'0'));
        Some(Kept {
            len,
            word: word & valid,
            latin_or_digit: bits(_mm_or_si128(lower, three_or_zero)) & valid,
            cyrillic: leads & valid,
        })
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn word_bytes<const TAG: bool>(block: &[u8; 16]) -> u32 {
        let v = load(block);
        let underscore = if TAG { bits(eq(v, b'_')) } else { 0 };
        words(v) | underscore
    }

    /// The word bytes of a loaded block (see [`super::word_bytes`]).
    #[target_feature(enable = "sse2")]
    fn words(v: __m128i) -> u32 {
        bits(_mm_or_si128(
            _mm_or_si128(alnum(v), range(v, 0x80, 64)),
            cyrillic_lead(v),
        ))
    }

    /// The ASCII letters and digits of a loaded block.
    #[target_feature(enable = "sse2")]
    fn alnum(v: __m128i) -> __m128i {
        let letter = range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', 26);
        _mm_or_si128(letter, range(v, b'0', 10))
    }

    /// The lead bytes `D0`, `D1` and `D3` of a loaded block.
    #[target_feature(enable = "sse2")]
    fn cyrillic_lead(v: __m128i) -> __m128i {
        _mm_andnot_si128(eq(v, 0xD2), range(v, 0xD0, 4))
    }

    #[target_feature(enable = "sse2")]
    pub(super) fn token_bytes(block: &[u8; 16]) -> TokenBytes {
        let v = load(block);
        let special_lead = _mm_andnot_si128(cyrillic_lead(v), range(v, 0xC0, 64));
        let marker = _mm_or_si128(eq(v, b'#'), eq(v, b'@'));
        TokenBytes {
            // Equal to `words(v)`: the top bit of a letter's or digit's all-ones, or of a
            // byte that is not ASCII and no special lead (one operation fewer).
            word: bits(_mm_or_si128(alnum(v), _mm_andnot_si128(special_lead, v))),
            special: bits(_mm_or_si128(special_lead, marker)),
        }
    }
}

#[cfg(all(test, target_arch = "x86_64", target_feature = "sse2"))]
mod tests {
    use super::*;

    /// What `kept` should answer, a character at a time, for a block that is the beginning of
    /// a valid UTF-8 text.
    fn kept_bytewise(block: &[u8; 16]) -> Option<Kept> {
        let mut k = Kept {
            len: 16,
            word: 0,
            latin_or_digit: 0,
            cyrillic: 0,
        };
        let mut i = 0;
        while i < 16 {
            let (b, bit) = (block[i], 1 << i);
            if b < 0x80 {
                if b.is_ascii_uppercase() || b == b'`' {
                    return None;
                }
                if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\'' {
                    k.word |= bit;
                }
                if b.is_ascii_lowercase() || b == b'3' || b == b'0' {
                    k.latin_or_digit |= bit;
                }
                i += 1;
                continue;
            }
            if i == 15 {
                k.len = 15;
                break;
            }
            let second = block[i + 1];
            let small = (b == 0xD0 && (0xB0..=0xBF).contains(&second))
                || (b == 0xD1 && (0x80..=0x9F).contains(&second) && second != 0x91);
            if !small {
                return None;
            }
            k.word |= 3 << i;
            k.cyrillic |= bit;
            i += 2;
        }
        Some(k)
    }

    /// Blocks that are the first 16 bytes of texts with `c` at every place among ASCII and
    /// Cyrillic characters.
    fn blocks_around(c: char) -> Vec<[u8; 16]> {
        let cycle = ['б', 'a', ' ', 'я', '\'', '3', 'ї', '0', '.', 'z'];
        let mut out = Vec::new();
        for at in 0..16 {
            for shift in 0..cycle.len() {
                let mut text = String::new();
                let mut fill = cycle.iter().cycle().skip(shift);
                while text.len() < at {
                    text.push(*fill.next().unwrap());
                }
                text.push(c);
                while text.len() < 16 {
                    text.push(*fill.next().unwrap());
                }
                out.push(text.as_bytes()[..16].try_into().unwrap());
            }
        }
        out
    }

    #[test]
    fn kept_agrees_with_the_characters_for_every_character_at_every_place() {
        let others = [
            '\u{0800}',
            '\u{2019}',
            '\u{FFFF}',
            '😡',
            '\u{10000}',
            '\u{10FFFF}',
        ];
        let chars = ('\0'..='\u{07FF}').chain(others);
        for c in chars {
            for block in blocks_around(c) {
                assert_eq!(kept(&block), kept_bytewise(&block), "{c:?} in {block:x?}");
            }
        }
    }

    #[test]
    fn kept_characters_are_the_ones_normalization_keeps() {
        for c in ('\0'..='\u{07FF}').filter(|c| c.len_utf8() == 2 || c.is_ascii()) {
            let block = blocks_around(c)[0];
            if kept(&block).is_some() {
                let text = c.to_string();
                assert_eq!(crate::text::normalize(&text).as_str(), text, "{c:?}");
            }
        }
    }

    #[test]
    fn token_bytes_agree_with_the_byte_classes() {
        for at in 0..16 {
            for b in 0..=255u8 {
                let mut block = [b' '; 16];
                block[at] = b;
                let bit = |yes: bool| if yes { 1 << at } else { 0 };
                let special_lead = b >= 0xC0 && !matches!(b, 0xD0 | 0xD1 | 0xD3);
                let want = TokenBytes {
                    word: bit(b.is_ascii_alphanumeric() || (b >= 0x80 && !special_lead)),
                    special: bit(special_lead || b == b'#' || b == b'@'),
                };
                assert_eq!(token_bytes(&block), Some(want), "{b:#x} at {at}");
                let words = word_bytes::<false>(&block).unwrap();
                assert_eq!(want.word, words, "{b:#x} at {at}: the word bytes of both");
                let shifted = token_bytes(&block).unwrap().last(16 - at);
                assert_eq!(shifted.word, want.word >> at, "{b:#x} at {at}");
                assert_eq!(shifted.special, want.special >> at, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn word_bytes_agree_with_the_byte_table() {
        for at in 0..16 {
            for b in 0..=255u8 {
                let mut block = [b' '; 16];
                block[at] = b;
                let want = crate::text::tokens::WORD_BYTE[b as usize];
                let got = word_bytes::<false>(&block).unwrap();
                assert_eq!(got, if want { 1 << at } else { 0 }, "{b:#x} at {at}");
                let tag = word_bytes::<true>(&block).unwrap();
                assert_eq!(
                    tag,
                    if want || b == b'_' { 1 << at } else { 0 },
                    "{b:#x} at {at}"
                );
            }
        }
    }
}

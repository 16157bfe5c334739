//! Character offsets of byte offsets in one text, for the spans of many tags: the characters
//! before each 8-byte block are counted once a text, and a lookup adds those of one block.

/// Character counts at the 8-byte block starts of one text, counted on its first lookup.
#[derive(Debug, Default)]
pub(crate) struct CharIndex {
    /// `marks[k]`: the characters in the text's first `8 * k` bytes; empty until counted.
    marks: Vec<u32>,
}

/// Marks the high bit of each byte of `word` that is a UTF-8 continuation byte (`10xxxxxx`).
#[inline(always)]
fn continuations(word: u64) -> u64 {
    word & !(word << 1) & 0x8080_8080_8080_8080
}

/// The number of bytes marked by [`continuations`]: the marks as ones in each byte, summed
/// into the top byte by one multiplication (baseline x86-64 has no population-count
/// instruction, and `count_ones` there is a long sequence).
#[inline(always)]
fn marked(bits: u64) -> usize {
    ((bits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Marks of more blocks than this (a text over 512 KiB) are dropped at the next text, not kept.
const KEEP_MARKS: usize = 1 << 16;

impl CharIndex {
    /// Forgets the previous text.
    pub(crate) fn start_text(&mut self) {
        if self.marks.capacity() > KEEP_MARKS {
            self.marks = Vec::new();
        }
        self.marks.clear();
    }

    /// Counts the characters before each block of `bytes` (once a text, out of line).
    #[inline(never)]
    fn count(&mut self, bytes: &[u8]) {
        debug_assert!(self.marks.is_empty(), "counted twice for one text");
        let mut total = 0u32;
        // Written once each (an iterator of known length: no zeroing first, no capacity test
        // a block).
        let blocks = bytes.chunks_exact(8).map(|chunk| {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            total += 8 - marked(continuations(word)) as u32;
            total
        });
        self.marks.extend(std::iter::once(0).chain(blocks));
    }

    /// The number of characters in `text[..byte]` (`byte` a character boundary of `text`, the
    /// same text since [`CharIndex::start_text`]).
    #[inline(always)]
    pub(crate) fn chars_before(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        if self.marks.is_empty() {
            self.count(bytes);
        }
        let (block, within) = (byte / 8, byte % 8);
        let before = self.marks[block] as usize;
        // The characters that start among the `within` bytes before `byte`, read as the top
        // bytes of the eight bytes that end there.
        match byte.checked_sub(8).and_then(|from| bytes.get(from..byte)) {
            Some(last8) if within > 0 => {
                let word = u64::from_le_bytes(last8.try_into().unwrap_or_default());
                let ours = word >> (8 * (8 - within));
                before + within - marked(continuations(ours))
            }
            Some(_) => before,
            None => bytes[..byte].iter().filter(|&&b| b & 0xC0 != 0x80).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_chars_do() {
        let text = "Дякую, Зоря! 😡 #«ЗоряБанк» café ґанок ".repeat(7);
        for short in [&text[..], "дякую", "", "ok"] {
            let mut index = CharIndex::default();
            index.start_text();
            // In both orders: lookups need not be sorted.
            let bounds: Vec<usize> = (0..=short.len())
                .filter(|&b| short.is_char_boundary(b))
                .collect();
            for &b in bounds.iter().chain(bounds.iter().rev()) {
                assert_eq!(
                    index.chars_before(short, b),
                    short[..b].chars().count(),
                    "{b}"
                );
            }
        }
    }

    #[test]
    fn a_new_text_forgets_the_old() {
        let mut index = CharIndex::default();
        let long = "ж".repeat(100);
        index.start_text();
        assert_eq!(index.chars_before(&long, 200), 100);
        let other = "z".repeat(100);
        index.start_text();
        assert_eq!(index.chars_before(&other, 100), 100);
    }
}

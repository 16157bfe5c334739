//! Character offsets of byte offsets in one text, for the spans of many tags: the characters
//! before each 8-byte block are counted once a text, and a lookup adds those of one block.

/// Character counts at the 8-byte block starts of one text, counted as far as lookups need.
#[derive(Debug, Default)]
pub(crate) struct CharIndex {
    /// `marks[k]`: the characters in the text's first `8 * k` bytes, for the blocks counted.
    marks: Vec<u32>,
}

/// Marks the high bit of each byte of `word` that is a UTF-8 continuation byte (`10xxxxxx`).
#[inline]
fn continuations(word: u64) -> u64 {
    word & !(word << 1) & 0x8080_8080_8080_8080
}

/// The number of bytes marked by [`continuations`]: the marks as ones in each byte, summed
/// into the top byte by one multiplication (baseline x86-64 has no population-count
/// instruction, and `count_ones` there is a long sequence).
#[inline]
fn marked(bits: u64) -> u32 {
    ((bits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as u32
}

/// The 8 bytes at `8 * block`, zero-padded past the end of `bytes` (a zero byte is no
/// continuation byte, and lookups never count past the end).
#[inline]
fn block(bytes: &[u8], block: usize) -> u64 {
    let from = 8 * block;
    if let Some(chunk) = bytes.get(from..from + 8) {
        return u64::from_le_bytes(chunk.try_into().unwrap_or_default());
    }
    let mut word = [0u8; 8];
    let to = bytes.len().min(from + 8);
    word[..to - from].copy_from_slice(&bytes[from..to]);
    u64::from_le_bytes(word)
}

/// Texts longer than this have their marks dropped after use, not kept for the next text.
const KEEP_MARKS: usize = 1 << 16;

impl CharIndex {
    /// Forgets the previous text.
    pub(crate) fn start_text(&mut self) {
        if self.marks.capacity() > KEEP_MARKS {
            self.marks = Vec::new();
        }
        self.marks.clear();
    }

    /// The number of characters in `text[..byte]` (`byte` a character boundary of `text`, the
    /// same text since [`CharIndex::start_text`]).
    #[inline]
    pub(crate) fn chars_before(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        let k = byte / 8;
        if self.marks.len() <= k {
            // Counted as far as this lookup needs: a text's spans are often all near its start.
            let from = self.marks.len().saturating_sub(1);
            let mut total = self.marks.last().copied().unwrap_or(0);
            self.marks.resize(k + 1, 0);
            let chunks = bytes[8 * from..8 * k].chunks_exact(8);
            for (mark, chunk) in self.marks[from + 1..].iter_mut().zip(chunks) {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                total += 8 - marked(continuations(word));
                *mark = total;
            }
        }
        let within = byte % 8;
        if within == 0 {
            return self.marks[k] as usize;
        }
        // The continuation bytes among the first `within` bytes of the block.
        let low = continuations(block(bytes, k)) & ((1u64 << (8 * within)) - 1);
        self.marks[k] as usize + within - marked(low) as usize
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

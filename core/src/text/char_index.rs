//! Character offsets of byte offsets in one text, for the spans of many tags: the characters
//! before each block of [`BLOCK`] bytes are counted once, so a lookup counts within one block
//! instead of from the start of the text.

/// Bytes a block; a lookup counts at most this many.
const BLOCK: usize = 32;

/// Character counts at the block starts of one text, built on the first lookup (texts of
/// under two blocks are counted directly).
#[derive(Debug, Default)]
pub(crate) struct CharIndex {
    /// `marks[k]`: the characters in the text's first `k * BLOCK` bytes; empty until built.
    marks: Vec<u32>,
}

/// Characters that start in `bytes` (those that are not UTF-8 continuation bytes).
#[inline]
fn starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl CharIndex {
    /// Forgets the previous text.
    pub(crate) fn start_text(&mut self) {
        self.marks.clear();
    }

    /// The number of characters in `text[..byte]` (`byte` a character boundary of `text`, the
    /// same text since [`CharIndex::start_text`]).
    pub(crate) fn chars_before(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        if bytes.len() < 2 * BLOCK {
            return starts(&bytes[..byte]);
        }
        if self.marks.is_empty() {
            let mut total = 0u32;
            self.marks.reserve(bytes.len() / BLOCK + 1);
            self.marks.push(0);
            for block in bytes.chunks_exact(BLOCK) {
                total += starts(block) as u32;
                self.marks.push(total);
            }
        }
        let block = byte / BLOCK;
        self.marks[block] as usize + starts(&bytes[block * BLOCK..byte])
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

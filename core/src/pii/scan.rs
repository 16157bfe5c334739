//! Digit groups and the chains they form: the one pass over the text that the number detectors
//! (cards, phones, СНИЛС, Russian accounts) share.
//!
//! A *group* is a maximal run of decimal digits. Two groups belong to one *chain* when only a
//! short separator lies between them: at most three characters of spaces, one dash or one dot,
//! and one parenthesis of each kind (`4111 1111`, `067-123`, `8 (050) 765`, `12.10`). A chain
//! longer than [`CHUNK`] groups is handed over in overlapping pieces, so memory stays bounded
//! whatever the input.

/// The value of a decimal digit: ASCII, full-width (U+FF10-FF19) and the mathematical digits
/// (U+1D7CE-1D7FF, bold, double-struck, sans-serif, monospace), which people use to dodge filters.
pub(super) fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{FF10}'..='\u{FF19}' => Some((u32::from(c) - 0xFF10) as u8),
        '\u{1D7CE}'..='\u{1D7FF}' => Some(((u32::from(c) - 0x1D7CE) % 10) as u8),
        _ => None,
    }
}

/// Space-like characters that may separate digit groups.
pub(super) fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}' | '\u{2002}' | '\u{2003}'
    )
}

/// Dashes that may separate digit groups (hyphen-minus, hyphen, non-breaking hyphen, figure
/// dash, en dash).
pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// The separator in front of a group (empty for the first group of a chain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Sep {
    /// Number of characters (0 for a chain start).
    pub chars: u8,
    pub spaces: u8,
    pub dash: bool,
    pub dot: bool,
    pub open: bool,
    pub close: bool,
    /// The separator when it is one character, spaces folded to `' '` and dashes to `'-'`.
    pub single: Option<char>,
}

impl Sep {
    /// Whether this group starts its chain.
    pub(super) fn is_start(&self) -> bool {
        self.chars == 0
    }

    /// Only spaces (one or two), as between unrelated numbers in running text.
    pub(super) fn is_spaces(&self) -> bool {
        self.chars > 0 && self.chars == self.spaces
    }

    fn add(&mut self, c: char) -> bool {
        if self.chars == 3 {
            return false;
        }
        if is_space(c) {
            if self.spaces == 2 {
                return false;
            }
            self.spaces += 1;
        } else if is_dash(c) {
            if self.dash || self.dot {
                return false;
            }
            self.dash = true;
        } else if c == '.' {
            if self.dash || self.dot {
                return false;
            }
            self.dot = true;
        } else if c == '(' {
            if self.open || self.close {
                return false;
            }
            self.open = true;
        } else if c == ')' {
            if self.close {
                return false;
            }
            self.close = true;
        } else {
            return false;
        }
        self.chars += 1;
        self.single = if self.chars == 1 {
            Some(if is_space(c) {
                ' '
            } else if is_dash(c) {
                '-'
            } else {
                c
            })
        } else {
            None
        };
        true
    }
}

/// One maximal run of digits.
#[derive(Clone, Copy, Debug)]
pub(super) struct Group {
    /// Byte offsets in the text.
    pub start: usize,
    pub end: usize,
    /// Number of digits.
    pub len: usize,
    /// What separates it from the previous group of its chain.
    pub sep: Sep,
}

/// A piece of a chain handed to the detectors.
pub(super) struct Chunk<'a> {
    pub groups: &'a [Group],
    /// Detectors look at the windows that start at these group indices; the groups after them
    /// are there so that every window that starts in range is complete.
    pub starts: std::ops::Range<usize>,
    /// Whether the chain's first group is glued to a letter or a slash on its left (`UA31 …`,
    /// `ID4111…`, `/status/1850…`), or continues a mask (`**** 1111`): then the chain is a code
    /// or the rest of a finding, not a card or a phone number.
    pub glued: bool,
}

/// Groups per piece of a long chain, and how many of them a piece hands over (the rest are
/// carried into the next piece). A window spans at most 20 groups, so no window is lost.
pub(super) const CHUNK: usize = 64;
const HANDED: usize = 40;

/// Whether a character glues a number to a word or a path: letters (any script), `_` and `/`.
fn glues(c: char) -> bool {
    c.is_alphabetic() || c == '/' || c == '_'
}

/// Whether the digits at byte `at` are glued to a word or a path on their left (`UA31`,
/// `ID4111`, `status/1850`), or continue a mask ([`after_mask`]). A `/` between digits (a date
/// `12/2025`, a fraction) does not glue.
pub(super) fn glued_left(text: &str, at: usize) -> bool {
    match char_before(text, at) {
        Some('/') => char_before(text, at - 1).is_none_or(|c| digit_value(c).is_none()),
        Some(c) => glues(c) || after_mask(text, at),
        None => false,
    }
}

/// Whether the digits that end at byte `at` are glued to a word or a path on their right, or a
/// mask follows ([`before_mask`]).
pub(super) fn glued_right(text: &str, at: usize) -> bool {
    match char_at(text, at) {
        Some('/') => char_at(text, at + 1).is_none_or(|c| digit_value(c).is_none()),
        Some(c) => glues(c) || before_mask(text, at),
        None => false,
    }
}

/// Characters that may stand between a mask and digits: stars, separators and `+`.
fn mask_char(c: char) -> bool {
    c == '*' || c == '+' || c == '.' || c == '(' || c == ')' || is_space(c) || is_dash(c)
}

/// How far around a number to look for a mask, and how many stars make one: three or more
/// stars among the stars and separators next to the digits (`**** 1111`, `*0005`,
/// `+*** ** *** ** 67`), while Markdown's `**4111 …**` has two.
const MASK_LOOK: usize = 12;
const MASK_STARS: usize = 3;

/// Whether the digits at byte `at` continue a mask on their left (the last four digits of a
/// masked card, the end of a masked phone number): such digits are what is left of a finding,
/// never the start of a new one, so that redacting redacted text changes nothing.
pub(super) fn after_mask(text: &str, at: usize) -> bool {
    let head = text.get(..at).unwrap_or("");
    let stars = head
        .chars()
        .rev()
        .take(MASK_LOOK)
        .take_while(|&c| mask_char(c))
        .filter(|&c| c == '*')
        .count();
    stars >= MASK_STARS
}

/// Whether a mask follows the digits that end at byte `at` (see [`after_mask`]).
pub(super) fn before_mask(text: &str, at: usize) -> bool {
    let tail = text.get(at..).unwrap_or("");
    let stars = tail
        .chars()
        .take(MASK_LOOK)
        .take_while(|&c| mask_char(c))
        .filter(|&c| c == '*')
        .count();
    stars >= MASK_STARS
}

/// The character just before byte `at`.
pub(super) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// The character at byte `at`.
pub(super) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

/// The digit values of `text[start..end]` (which holds digits only), appended to `out` while it
/// has room; returns whether all fitted.
pub(super) fn push_digits(
    text: &str,
    start: usize,
    end: usize,
    out: &mut super::checksum::Symbols,
) -> bool {
    text.get(start..end)
        .unwrap_or("")
        .chars()
        .filter_map(digit_value)
        .all(|d| out.push(d))
}

/// Calls `visit` for every chain of digit groups in `text`, in text order, in pieces of at most
/// [`CHUNK`] groups.
pub(super) fn for_each_chunk(text: &str, mut visit: impl FnMut(&Chunk<'_>)) {
    let mut groups: Vec<Group> = Vec::with_capacity(CHUNK);
    let mut glued = false;
    // The separator being read after the last group, if the chain may still go on.
    let mut sep: Option<Sep> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if digit_value(c).is_some() {
            let mut end = i + c.len_utf8();
            let mut len = 1usize;
            while let Some(&(j, d)) = chars.peek() {
                if digit_value(d).is_none() {
                    break;
                }
                end = j + d.len_utf8();
                len += 1;
                chars.next();
            }
            let before = match sep.take() {
                Some(s) if s.chars > 0 && !groups.is_empty() => s,
                _ => {
                    flush(&mut groups, glued, &mut visit);
                    glued = glued_left(text, i);
                    Sep::default()
                }
            };
            groups.push(Group {
                start: i,
                end,
                len,
                sep: before,
            });
            if groups.len() == CHUNK {
                visit(&Chunk {
                    groups: &groups,
                    starts: 0..HANDED,
                    glued,
                });
                groups.drain(..HANDED);
            }
            sep = Some(Sep::default());
            continue;
        }
        if let Some(s) = sep.as_mut()
            && !s.add(c)
        {
            sep = None;
            flush(&mut groups, glued, &mut visit);
        }
    }
    flush(&mut groups, glued, &mut visit);
}

fn flush(groups: &mut Vec<Group>, glued: bool, visit: &mut impl FnMut(&Chunk<'_>)) {
    if !groups.is_empty() {
        visit(&Chunk {
            groups,
            starts: 0..groups.len(),
            glued,
        });
        groups.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chains(text: &str) -> Vec<Vec<&str>> {
        let mut out: Vec<Vec<&str>> = Vec::new();
        for_each_chunk(text, |c| {
            let piece: Vec<&str> = c.groups[c.starts.clone()]
                .iter()
                .map(|g| &text[g.start..g.end])
                .collect();
            if c.groups[c.starts.start].sep.is_start() {
                out.push(piece);
            } else if let Some(last) = out.last_mut() {
                last.extend(piece);
            }
        });
        out
    }

    #[test]
    fn groups_and_separators() {
        assert_eq!(
            chains("тел. 8 (050) 765-43-21, карта 4111 1111 1111 1111!"),
            vec![
                vec!["8", "050", "765", "43", "21"],
                vec!["4111", "1111", "1111", "1111"]
            ]
        );
        assert_eq!(chains("1 250,50 UAH"), vec![vec!["1", "250"], vec!["50"]]);
        assert_eq!(chains("a 1 -- 2"), vec![vec!["1"], vec!["2"]]);
        assert_eq!(chains("１２ ３"), vec![vec!["１２", "３"]]);
        assert_eq!(chains(""), Vec::<Vec<&str>>::new());
    }

    #[test]
    fn long_chains_come_in_overlapping_pieces() {
        let text = "1 ".repeat(1000);
        let mut seen = 0;
        for_each_chunk(&text, |c| {
            assert!(c.groups.len() <= CHUNK);
            seen += c.starts.len();
        });
        assert_eq!(seen, 1000);
    }

    #[test]
    fn glued_chains() {
        let mut glued = Vec::new();
        for_each_chunk("UA31 3510 x 42 /123 ab_7 **** 1 **8 ***9", |c| {
            glued.push(c.glued)
        });
        assert_eq!(glued, [true, false, true, true, true, false, true]);
    }
}

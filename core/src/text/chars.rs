//! Character classes on the hot path, with fast answers for ASCII and Cyrillic (the scripts of
//! nearly every mention) before falling back to the full Unicode tables.

/// Whether `c` is a letter or digit (what words are made of).
#[inline]
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_cyrillic(c) {
        // U+0482..U+0489 are a sign and combining marks; the rest of the block are letters.
        !('\u{0482}'..='\u{0489}').contains(&c)
    } else if ('\u{1F300}'..='\u{1FAFF}').contains(&c) {
        // Emoji and other pictographs (no letters or digits there).
        false
    } else {
        c.is_alphanumeric()
    }
}

/// Whether `c` is in the basic Cyrillic block.
#[inline]
pub(crate) fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// The lower case of a Cyrillic letter of the basic block, which is always one character
/// (the normalizer uses a table made from the same rules; the tests check both).
#[cfg(test)]
pub(crate) fn cyrillic_lower(c: char) -> char {
    match c {
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        // From U+0460 on, capitals are at even code points and their small letters follow.
        '\u{0460}'..='\u{0481}' | '\u{048A}'..='\u{04BF}' | '\u{04D0}'..='\u{04FF}'
            if (c as u32).is_multiple_of(2) =>
        {
            char::from_u32(c as u32 + 1).unwrap_or(c)
        }
        'Ӏ' => 'ӏ',
        '\u{04C1}'..='\u{04CE}' if !(c as u32).is_multiple_of(2) => {
            char::from_u32(c as u32 + 1).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_agree_with_unicode() {
        for c in ('\u{0}'..='\u{0600}')
            .chain('\u{1F2F0}'..='\u{1FB10}')
            .chain(['😡', '𝐙', 'ﬁ', 'é'])
        {
            assert_eq!(is_word(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
            if is_cyrillic(c) {
                let lower: Vec<char> = c.to_lowercase().collect();
                assert_eq!(vec![cyrillic_lower(c)], lower, "{c:?} U+{:04X}", c as u32);
            }
        }
    }
}

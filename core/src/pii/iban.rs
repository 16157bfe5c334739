//! IBANs in running text: compact (`UA023220010000026208765432109`) or in groups
//! (`UA31 3510 0500 …`), checked for the country's length and MOD 97-10.

use super::PiiKind;
use super::checksum::{self, Symbols};
use super::detect::Candidate;
use super::scan::{is_dash, is_space};

/// The IBAN value of a letter: ASCII letters in either case, and the Cyrillic capitals that look
/// like Latin ones (a country code typed on a Cyrillic keyboard: `UА`, `ВY`, `КZ`).
fn letter(c: char) -> Option<u8> {
    let latin = match c {
        'A'..='Z' => c,
        'a'..='z' => c.to_ascii_uppercase(),
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        _ => return None,
    };
    Some(latin as u8 - b'A' + 10)
}

/// The IBAN value of a character (digit or letter).
fn symbol(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        _ => letter(c),
    }
}

/// Finds every valid IBAN.
pub(super) fn ibans(text: &str, out: &mut Vec<Candidate>) {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let word_start = !prev.is_some_and(char::is_alphanumeric);
        prev = Some(c);
        if word_start
            && letter(c).is_some()
            && let Some(end) = read(text, i)
        {
            out.push(Candidate {
                kind: PiiKind::Iban,
                start: i,
                end,
                checked: true,
                full: false,
            });
        }
    }
}

/// Reads an IBAN that starts at byte `start`; returns its end if it is a valid one.
///
/// Two letters and two digits, then letters and digits with at most one space or dash between
/// them, until the country's length is reached; the next character must not continue the word.
fn read(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start..)?;
    let mut chars = rest.char_indices();
    let mut s = Symbols::new();
    // The country code and the check digits, without separators.
    for want_letter in [true, true, false, false] {
        let (_, c) = chars.next()?;
        let v = symbol(c)?;
        if want_letter != (v > 9) {
            return None;
        }
        s.push(v);
    }
    let country = [b'A' + s.as_slice()[0] - 10, b'A' + s.as_slice()[1] - 10];
    let length = checksum::iban_length(std::str::from_utf8(&country).ok()?)?;
    let mut end = start + 4;
    let mut after_sep = false;
    while s.len() < length {
        let (i, c) = chars.next()?;
        if let Some(v) = symbol(c) {
            s.push(v);
            end = start + i + c.len_utf8();
            after_sep = false;
        } else if (is_space(c) || is_dash(c)) && !after_sep {
            after_sep = true;
        } else {
            return None;
        }
    }
    if text[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    checksum::iban_symbols_valid(s.as_slice()).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        ibans(text, &mut out);
        out.iter().map(|c| &text[c.start..c.end]).collect()
    }

    #[test]
    fn spaced_compact_and_lookalike() {
        assert_eq!(
            found("рахунок UA31 3510 0500 0002 6001 2345 6789 0 а вони"),
            ["UA31 3510 0500 0002 6001 2345 6789 0"]
        );
        assert_eq!(
            found("IBAN:UA023220010000026208765432109."),
            ["UA023220010000026208765432109"]
        );
        // Cyrillic В in the country code.
        assert_eq!(
            found("ВY13 NBRB 3600 9000 0000 2Z00 AB00"),
            ["ВY13 NBRB 3600 9000 0000 2Z00 AB00"]
        );
        assert!(found("UA31 3510 0500 0002 6001 2345 6789 01").is_empty());
        assert!(found("UA31 3510 0500 0002 6001 2345 6789 1").is_empty());
        assert!(found("xUA023220010000026208765432109").is_empty());
        assert!(found("UA31  3510 0500 0002 6001 2345 6789 0").is_empty());
        assert!(found("ua").is_empty());
    }
}

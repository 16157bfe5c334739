//! Phone numbers: Ukrainian, Belarusian, Russian and Kazakh formats, and any `+` number of 8 to
//! 15 digits (E.164).

use super::PiiKind;
use super::checksum::Symbols;
use super::detect::{Candidate, right_ok};
use super::scan::{Chunk, Group, char_at, char_before, digit_value, push_digits};

/// What a run of digits is as a phone number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Not a phone number of a known shape.
    No,
    /// A phone number; `known` when its country and length are known exactly (UA, BY, RU, KZ).
    Phone { known: bool },
    /// An organisation's toll-free number (0 800 … in Ukraine, 8 800 … and 8 804 … in Russia
    /// and Kazakhstan, 8 801 … in Belarus): public, not personal data.
    TollFree,
}

/// Classifies the digits of a candidate, written with a leading `+` or not.
fn classify(d: &[u8], plus: bool) -> Verdict {
    let n = d.len();
    let national = |from: usize| {
        if matches!(d.get(from..from + 3), Some([8, 0, 0 | 1 | 4])) {
            Verdict::TollFree
        } else {
            Verdict::Phone { known: true }
        }
    };
    if plus {
        return match d {
            [3, 8, 0, ..] | [3, 7, 5, ..] => {
                if n == 12 {
                    national(3)
                } else {
                    Verdict::No
                }
            }
            [7, ..] => {
                if n == 11 {
                    national(1)
                } else {
                    Verdict::No
                }
            }
            _ if (8..=15).contains(&n) => Verdict::Phone { known: false },
            _ => Verdict::No,
        };
    }
    match d {
        // Ukraine: 0XX XXX XX XX.
        [0, a, ..] if n == 10 && *a != 0 => national(1),
        // Ukraine (old trunk prefix) and Belarus: 8 0XX XXX XX XX.
        [8, 0, a, ..] if n == 11 && *a != 0 => national(2),
        // Russia and Kazakhstan: 8 or 7, then the area (3xx, 4xx, 8xx, 9xx; Kazakhstan 7xx).
        [7 | 8, 3 | 4 | 7 | 8 | 9, ..] if n == 11 => national(1),
        // Ukraine and Belarus with the country code but no `+`.
        [3, 8, 0, ..] | [3, 7, 5, ..] if n == 12 => national(3),
        _ => Verdict::No,
    }
}

/// Whether groups `s..=e` look like an amount written with thousands separators: a first group of
/// 1-3 digits, then groups of exactly 3 (`15 000 000`, `0 800 300 900`).
fn thousands(g: &[Group], s: usize, e: usize) -> bool {
    e > s
        && g[s].len <= 3
        && g[s + 1..=e]
            .iter()
            .all(|x| x.len == 3 && (x.sep.is_spaces() || x.sep.single == Some('.')))
}

/// Finds the phone numbers whose first group starts in `chunk.starts`.
pub(super) fn phones(text: &str, chunk: &Chunk<'_>, out: &mut Vec<Candidate>) {
    if chunk.glued {
        return;
    }
    let g = chunk.groups;
    for s in chunk.starts.clone() {
        let first = g[s];
        let (plus, start) = if first.sep.is_start() {
            match char_before(text, first.start) {
                Some('+') => {
                    let p = first.start - 1;
                    if char_before(text, p).is_some_and(|c| c.is_alphanumeric()) {
                        continue;
                    }
                    (true, p)
                }
                Some('(') if g.get(s + 1).is_some_and(|n| n.sep.close) => (false, first.start - 1),
                _ => (false, first.start),
            }
        } else if first.sep.is_spaces() {
            (false, first.start)
        } else {
            continue;
        };
        if !plus && after_number_sign(text, start) {
            continue;
        }
        let mut digits = Symbols::new();
        let mut dot = false;
        let mut dash = false;
        let mut best = None;
        for e in s..g.len() {
            if e > s {
                dot |= g[e].sep.dot;
                dash |= g[e].sep.dash;
                if dot && dash {
                    break;
                }
            }
            if digits.len() + g[e].len > 15 || !push_digits(text, g[e].start, g[e].end, &mut digits)
            {
                break;
            }
            let verdict = classify(digits.as_slice(), plus);
            let Verdict::Phone { known } = verdict else {
                continue;
            };
            if !right_ok(text, chunk, e, true) || decimal_after(text, g[e].end) {
                continue;
            }
            if !(plus && known) && thousands(g, s, e) {
                continue;
            }
            best = Some(e);
            if known {
                break;
            }
        }
        if let Some(e) = best {
            out.push(Candidate {
                kind: PiiKind::Phone,
                start,
                end: g[e].end,
                checked: false,
                full: false,
            });
        }
    }
}

/// Whether a number is the fractional or decimal part of an amount: `,5` or `.50` follows.
fn decimal_after(text: &str, end: usize) -> bool {
    matches!(char_at(text, end), Some(',' | '.'))
        && char_at(text, end + 1).and_then(digit_value).is_some()
}

/// Whether `№` or `#` (an order or ticket number) stands just before, maybe with a space.
fn after_number_sign(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    matches!(
        before.trim_end_matches([' ', '\u{A0}']).chars().next_back(),
        Some('№' | '#')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    #[test]
    fn shapes() {
        let phone = Verdict::Phone { known: true };
        assert_eq!(classify(&digits("380671234567"), true), phone);
        assert_eq!(classify(&digits("38067123456"), true), Verdict::No);
        assert_eq!(classify(&digits("77012345678"), true), phone);
        assert_eq!(classify(&digits("0671234567"), false), phone);
        assert_eq!(classify(&digits("80291234567"), false), phone);
        assert_eq!(classify(&digits("89161234567"), false), phone);
        assert_eq!(classify(&digits("0800300900"), false), Verdict::TollFree);
        assert_eq!(classify(&digits("88005553535"), false), Verdict::TollFree);
        assert_eq!(classify(&digits("7730019284"), false), Verdict::No);
        assert_eq!(classify(&digits("0012345678"), false), Verdict::No);
        assert_eq!(
            classify(&digits("442079460958"), true),
            Verdict::Phone { known: false }
        );
        assert_eq!(classify(&digits("4420794"), true), Verdict::No);
    }
}

//! Finding candidates (cards, СНИЛС, Russian accounts here; the rest in their own modules) and
//! choosing among overlapping ones.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::checksum::{self, Symbols};
use super::scan::{self, Chunk, Group, char_at, digit_value, glued_right, push_digits};
use super::{PiiKind, RedactOptions, email, iban, keyword, mask, phone};

/// A possible finding, before overlaps are settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Candidate {
    pub kind: PiiKind,
    /// Byte offsets in the text.
    pub start: usize,
    pub end: usize,
    /// Whether a check digit (or, for a passport, a keyword) confirmed it.
    pub checked: bool,
    /// Whether to mask all of it, even the part a mask normally keeps (see [`resolve`]).
    pub full: bool,
}

/// See [`Candidate::rank`].
type Rank = (Reverse<bool>, Reverse<usize>, usize, PiiKind);

impl Candidate {
    /// The order of preference: confirmed first, then longer, then earlier, then the kind listed
    /// first in [`PiiKind`].
    fn rank(&self) -> Rank {
        (
            Reverse(self.checked),
            Reverse(self.end - self.start),
            self.start,
            self.kind,
        )
    }
}

/// The value of the first digit of a group.
pub(super) fn first_digit(text: &str, g: &Group) -> Option<u8> {
    char_at(text, g.start).and_then(digit_value)
}

/// Whether a window may start at group `s`: the chain starts there, or only spaces separate it
/// from the group before (`12.10.2025 0671234567`, but not the `45-67` of `123-45-67`).
pub(super) fn left_ok(chunk: &Chunk<'_>, s: usize) -> bool {
    let sep = chunk.groups[s].sep;
    if sep.is_start() {
        !chunk.glued
    } else {
        sep.is_spaces()
    }
}

/// Whether a window may end at group `e`: the chain ends there and no letter or `/` is glued to
/// it, or only spaces (for a phone, spaces and an opening parenthesis) separate it from the next
/// group.
pub(super) fn right_ok(text: &str, chunk: &Chunk<'_>, e: usize, phone: bool) -> bool {
    match chunk.groups.get(e + 1) {
        Some(next) => {
            next.sep.is_spaces()
                || (phone
                    && next.sep.spaces > 0
                    && !next.sep.dash
                    && !next.sep.dot
                    && !next.sep.close)
        }
        None => {
            let end = chunk.groups[e].end;
            !glued_right(text, end)
        }
    }
}

/// Whether a card number's length fits its first digits. The rare short lengths are held to the
/// networks that issue them: 13 digits to Visa (4), 14 to Diners Club (30, 36, 38, 39), 15 to
/// American Express (34, 37) and JCB (1800, 2131). Waybill numbers (Nova Poshta's ТТН has 14
/// digits) and EAN-13 barcodes would otherwise pass Luhn one time in ten.
fn plausible_card(d: &[u8]) -> bool {
    match d.len() {
        13 => d[0] == 4,
        14 => matches!(d, [3, 0 | 6 | 8 | 9, ..]),
        15 => matches!(d, [3, 4 | 7, ..] | [1, 8, 0, 0, ..] | [2, 1, 3, 1, ..]),
        16..=19 => d[0] != 0,
        _ => false,
    }
}

/// Card numbers: 13-19 digits, Luhn-valid, written as one run or in groups separated by one
/// kind of single separator (a space or a dash): a first group of 4-6 digits, then groups of
/// 3-8 and a last group of 1-8 (`4111 1111 1111 1111`, `3782 822463 10005`, `4222 2222 2222 2`).
fn cards(text: &str, chunk: &Chunk<'_>, out: &mut Vec<Candidate>) {
    if chunk.glued {
        return;
    }
    let g = chunk.groups;
    for s in chunk.starts.clone() {
        if !left_ok(chunk, s) || first_digit(text, &g[s]) == Some(0) {
            continue;
        }
        let mut digits = Symbols::new();
        let mut sep = None;
        for e in s..g.len() {
            if e > s {
                let Some(c @ (' ' | '-')) = g[e].sep.single else {
                    break;
                };
                if sep.is_some_and(|p| p != c) {
                    break;
                }
                sep = Some(c);
                let inner = g[e - 1].len;
                let fits = if e - 1 == s {
                    (4..=6).contains(&inner)
                } else {
                    (3..=8).contains(&inner)
                };
                if !fits || g[e].len > 8 {
                    break;
                }
            }
            if digits.len() + g[e].len > 19 || !push_digits(text, g[e].start, g[e].end, &mut digits)
            {
                break;
            }
            if digits.len() >= 13
                && plausible_card(digits.as_slice())
                && right_ok(text, chunk, e, false)
                && checksum::luhn(digits.as_slice())
            {
                // Every valid window is a candidate, not only the longest: if the longest loses to
                // a better overlapping one, a shorter one must still be weighed.
                out.push(Candidate {
                    kind: PiiKind::Card,
                    start: g[s].start,
                    end: g[e].end,
                    checked: true,
                    full: false,
                });
            }
        }
    }
}

/// СНИЛС in its printed form `XXX-XXX-XXX YY` (or `XXX-XXX-XXX-YY`) with a valid check number.
/// Other spellings need a keyword (see [`keyword`]).
fn snils(text: &str, chunk: &Chunk<'_>, out: &mut Vec<Candidate>) {
    if chunk.glued {
        return;
    }
    let g = chunk.groups;
    for s in chunk.starts.clone() {
        let Some(w) = g.get(s..s + 4) else {
            continue;
        };
        let shape = w.iter().map(|x| x.len).eq([3, 3, 3, 2])
            && w[1].sep.single == Some('-')
            && w[2].sep.single == Some('-')
            && matches!(w[3].sep.single, Some(' ' | '-'));
        if !shape || !left_ok(chunk, s) || !right_ok(text, chunk, s + 3, false) {
            continue;
        }
        let mut d = Symbols::new();
        if w.iter().all(|x| push_digits(text, x.start, x.end, &mut d))
            && checksum::snils(d.as_slice())
        {
            out.push(Candidate {
                kind: PiiKind::TaxId,
                start: w[0].start,
                end: w[3].end,
                checked: true,
                full: false,
            });
        }
    }
}

/// How far (in bytes) a БИК may stand from the Russian account it validates: about 250
/// Cyrillic letters.
const BIK_DISTANCE: usize = 512;

/// Lone 20-digit numbers that may be Russian accounts, and 9-digit numbers starting with 04 that
/// may be a БИК.
fn accounts_and_biks(
    text: &str,
    chunk: &Chunk<'_>,
    accounts: &mut Vec<(usize, usize)>,
    biks: &mut Vec<(usize, [u8; 3])>,
) {
    if chunk.glued {
        return;
    }
    let g = chunk.groups;
    for s in chunk.starts.clone() {
        let x = g[s];
        if !(x.len == 20 || x.len == 9) || !left_ok(chunk, s) || !right_ok(text, chunk, s, false) {
            continue;
        }
        let mut d = Symbols::new();
        if !push_digits(text, x.start, x.end, &mut d) {
            continue;
        }
        match d.as_slice() {
            // 301…: the bank's correspondent account, public.
            [3, 0, 1, ..] => {}
            a if a.len() == 20 => accounts.push((x.start, x.end)),
            [0, 4, .., p, q, r] if d.len() == 9 => biks.push((x.start, [*p, *q, *r])),
            _ => {}
        }
    }
}

/// The accounts that a БИК near them validates.
fn validated_accounts(
    text: &str,
    accounts: &[(usize, usize)],
    biks: &[(usize, [u8; 3])],
    out: &mut Vec<Candidate>,
) {
    let mut first = 0;
    for &(start, end) in accounts {
        while first < biks.len() && biks[first].0 + BIK_DISTANCE < start {
            first += 1;
        }
        let mut d = Symbols::new();
        if !push_digits(text, start, end, &mut d) {
            continue;
        }
        let ok = biks[first..]
            .iter()
            .take_while(|(at, _)| *at <= end + BIK_DISTANCE)
            .any(|(_, tail)| checksum::ru_account(d.as_slice(), *tail));
        if ok {
            out.push(Candidate {
                kind: PiiKind::Account,
                start,
                end,
                checked: true,
                full: false,
            });
        }
    }
}

/// Every candidate of the kinds the options include, except allowed values.
pub(super) fn candidates(text: &str, options: &RedactOptions) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut accounts = Vec::new();
    let mut biks = Vec::new();
    let numbers = options.includes(PiiKind::Card)
        || options.includes(PiiKind::Phone)
        || options.includes(PiiKind::TaxId)
        || options.includes(PiiKind::Account);
    if numbers {
        scan::for_each_chunk(text, |chunk| {
            if options.includes(PiiKind::Card) {
                cards(text, chunk, &mut out);
            }
            if options.includes(PiiKind::Phone) {
                phone::phones(text, chunk, &mut out);
            }
            if options.includes(PiiKind::TaxId) {
                snils(text, chunk, &mut out);
            }
            if options.includes(PiiKind::Account) {
                accounts_and_biks(text, chunk, &mut accounts, &mut biks);
            }
        });
        validated_accounts(text, &accounts, &biks, &mut out);
    }
    if options.includes(PiiKind::Iban) {
        iban::ibans(text, &mut out);
    }
    if options.includes(PiiKind::Email) {
        email::emails(text, &mut out);
    }
    if options.includes(PiiKind::TaxId) {
        keyword::tax_ids(text, &mut out);
    }
    if options.includes(PiiKind::Passport) {
        keyword::passports(text, &mut out);
    }
    out.retain(|c| options.includes(c.kind) && !options.is_allowed(&text[c.start..c.end]));
    out
}

/// Keeps the candidates that do not overlap a better one, in text order.
///
/// Candidates are taken in the order of preference (confirmed by a check digit first, then the
/// longer, then the earlier), and each is kept unless it overlaps one already kept. So every
/// candidate left out overlaps a kept one at least as good.
///
/// A confirmed candidate left out may share with the kept one only characters that the kept
/// one's mask leaves in clear (the last four digits of a card that also begin another valid
/// card number). Then the kept one is masked in full: otherwise the digits left in clear would
/// still spell that other number.
pub(super) fn resolve(text: &str, mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_unstable_by_key(Candidate::rank);
    // Kept candidates by start. They never overlap, so those that overlap a range are the last
    // few that start before its end.
    let mut kept: BTreeMap<usize, Candidate> = BTreeMap::new();
    let overlapping = |kept: &BTreeMap<usize, Candidate>, c: &Candidate| -> Vec<usize> {
        kept.range(..c.end)
            .rev()
            .take_while(|(_, k)| k.end > c.start)
            .map(|(&s, _)| s)
            .collect()
    };
    let mut dropped = Vec::new();
    for c in candidates {
        // The kept one that starts last before `c` ends is the only one that can reach into it.
        let free = kept
            .range(..c.end)
            .next_back()
            .is_none_or(|(_, k)| k.end <= c.start);
        if free {
            kept.insert(c.start, c);
        } else if c.checked {
            dropped.push(c);
        }
    }
    for d in dropped {
        for s in overlapping(&kept, &d) {
            if let Some(k) = kept.get_mut(&s)
                && !k.full
                && !hides_any(text, k, d.start.max(k.start), d.end.min(k.end))
            {
                k.full = true;
            }
        }
    }
    kept.into_values().collect()
}

/// Whether the mask of `k` hides a letter or digit in bytes `from..to` of the text.
fn hides_any(text: &str, k: &Candidate, from: usize, to: usize) -> bool {
    let found = &text[k.start..k.end];
    let masked = mask::mask(k.kind, found, false);
    found
        .char_indices()
        .zip(masked.chars())
        .any(|((i, c), m)| (from..to).contains(&(k.start + i)) && c.is_alphanumeric() && m == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(PiiKind, &str)> {
        resolve(text, candidates(text, &RedactOptions::new()))
            .into_iter()
            .map(|c| (c.kind, &text[c.start..c.end]))
            .collect()
    }

    #[test]
    fn cards_in_groups() {
        assert_eq!(
            found("карта 4111 1111 1111 1111 12/26"),
            [(PiiKind::Card, "4111 1111 1111 1111")]
        );
        assert_eq!(
            found("15 000 4111 1111 1111 1111"),
            [(PiiKind::Card, "4111 1111 1111 1111")]
        );
        assert_eq!(
            found("amex 3782 822463 10005."),
            [(PiiKind::Card, "3782 822463 10005")]
        );
        assert_eq!(
            found("old visa 4222 2222 2222 2"),
            [(PiiKind::Card, "4222 2222 2222 2")]
        );
        assert!(found("4111-1111 1111-1111").is_empty());
        assert!(found("x4111111111111111").is_empty());
        assert!(found("https://x.com/a/status/4111111111111111").is_empty());
        assert!(found("0000 0000 0000 0000").is_empty());
        assert_eq!(
            found("12/2025 4111111111111111"),
            [(PiiKind::Card, "4111111111111111")]
        );
        assert!(found("ТТН 20450000000003").is_empty());
        assert_eq!(
            found("Diners 3056 930902 5904"),
            [(PiiKind::Card, "3056 930902 5904")]
        );
    }

    #[test]
    fn russian_accounts_need_their_bik() {
        assert_eq!(
            found("БИК 044525225, р/с 40817810899910004312"),
            [(PiiKind::Account, "40817810899910004312")]
        );
        assert_eq!(
            found("счёт 40817810899910004312, БИК 044525225"),
            [(PiiKind::Account, "40817810899910004312")]
        );
        assert!(found("р/с 40817810899910004312").is_empty());
        assert!(found("БИК 044525974 р/с 40817810899910004312").is_empty());
        assert!(found("к/с 30101810400000000225 БИК 044525225").is_empty());
    }

    #[test]
    fn the_checked_and_longer_candidate_wins() {
        let c = |kind, start, end, checked| Candidate {
            kind,
            start,
            end,
            checked,
            full: false,
        };
        let text = "x".repeat(50);
        let kept = resolve(
            &text,
            vec![
                c(PiiKind::Phone, 0, 10, false),
                c(PiiKind::Card, 2, 20, true),
                c(PiiKind::Email, 30, 40, false),
                c(PiiKind::Phone, 30, 40, false),
                c(PiiKind::Phone, 35, 45, false),
            ],
        );
        assert_eq!(
            kept,
            [
                c(PiiKind::Card, 2, 20, true),
                c(PiiKind::Phone, 30, 40, false)
            ]
        );
    }

    #[test]
    fn overlapping_cards_in_a_long_chain() {
        // 6636 2389 2964 7365 and 7365 4265 8832 3924 are both Luhn-valid and share 7365, which
        // the first one's mask would leave: the first is kept, and masked in full.
        let text = "6636 2389 2964 7365 4265 8832 3924";
        let kept = resolve(text, candidates(text, &RedactOptions::new()));
        assert_eq!(kept.len(), 1);
        assert_eq!(&text[kept[0].start..kept[0].end], "6636 2389 2964 7365");
        assert!(kept[0].full);
        // 6749 9750 7677 4807 and 9750 7677 4807 6517 share digits the first one's mask hides.
        let text = "6749 9750 7677 4807 6517";
        let kept = resolve(text, candidates(text, &RedactOptions::new()));
        assert_eq!(kept.len(), 1);
        assert_eq!(&text[kept[0].start..kept[0].end], "6749 9750 7677 4807");
        assert!(!kept[0].full);
    }
}

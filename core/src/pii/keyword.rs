//! Tax numbers and identity documents introduced by a keyword (`ІПН 3184710691`,
//! `паспорт МЕ 123456`).
//!
//! A lone 10- or 12-digit number passes a tax-number check digit about one time in ten (one in a
//! hundred for a 12-digit ИНН), and order numbers, transaction ids and phone numbers have those
//! lengths; so a tax number is masked only after a keyword that names it, with its check digit
//! valid. Passports and ID cards have no check digit here, so they too need a keyword and one of
//! a few fixed formats.

use std::sync::LazyLock;

use regex::Regex;

use super::PiiKind;
use super::checksum::{self, Symbols};
use super::detect::Candidate;
use super::scan::{char_at, char_before, digit_value, is_dash, is_space};

/// Words that introduce a tax number: Ukrainian РНОКПП / ІПН / код ДРФО, Russian ИНН and СНИЛС,
/// Kazakh ИИН / БИН (ЖСН / БСН in Kazakh), and English names.
static TAX_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:рнокпп|[іiи]пн|[иіi]нн|иин|бин|жсн|бсн|снилс|дрфо",
        r"|ідентифікаційн\p{L}*\s+(?:код|номер)|идентификационн\p{L}*\s+(?:код|номер)",
        r"|ідэнтыфікацыйн\p{L}*\s+нумар|податков\p{L}*\s+номер|налогов\p{L}*\s+номер",
        r"|tax\s*(?:id|number|no)|taxpayer\s+(?:id|number)|tin|inn|iin|snils|itn)",
    ))
    .ok()
});

/// Words that introduce an identity document: паспорт (uk, ru), пашпарт (be), passport,
/// ID-картка / ID-карта / ID card, удостоверение личности, посвідчення особи.
static DOCUMENT_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:паспорт\p{L}*|пашпарт\p{L}*|passport\p{L}*",
        r"|(?:id|ід|айді)[\s\-‐‑]?(?:карт\p{L}*|card)",
        r"|удостоверени\p{L}*\s+личност\p{L}*|посвідченн\p{L}*\s+особ\p{L}*)",
    ))
    .ok()
});

/// How many characters may separate a keyword from its number, and how many words.
const MAX_GAP: usize = 40;
const TAX_GAP_WORDS: usize = 2;
const DOCUMENT_GAP_WORDS: usize = 3;

/// The keyword matches that stand as whole words.
fn keywords<'t>(
    re: &'t LazyLock<Option<Regex>>,
    text: &'t str,
) -> impl Iterator<Item = usize> + 't {
    re.as_ref().into_iter().flat_map(move |re| {
        re.find_iter(text)
            .filter(|m| {
                !char_before(text, m.start()).is_some_and(char::is_alphanumeric)
                    && !char_at(text, m.end()).is_some_and(char::is_alphabetic)
            })
            .map(|m| m.end())
    })
}

/// The first digit after a keyword that ends at `from`, if it comes soon enough: within
/// [`MAX_GAP`] characters, at most `max_words` words, and no sentence break or `@` between.
fn number_after(text: &str, from: usize, max_words: usize) -> Option<usize> {
    let mut words = 0;
    let mut in_word = false;
    for (n, (i, c)) in text.get(from..)?.char_indices().enumerate() {
        if n > MAX_GAP {
            return None;
        }
        if digit_value(c).is_some() {
            return Some(from + i);
        }
        if matches!(c, '!' | '?' | ';' | '\n' | '\r' | '@') {
            return None;
        }
        if c.is_alphabetic() {
            if !in_word {
                words += 1;
                if words > max_words {
                    return None;
                }
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    None
}

/// Up to four digit groups joined by one space or dash, from byte `at`: (start, end, digits).
/// A group of more than 12 digits ends the reading (nothing here is that long).
fn groups_at(text: &str, at: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::with_capacity(4);
    let mut pos = at;
    while out.len() < 4 {
        let mut end = pos;
        let mut len = 0;
        for (i, c) in text[pos..].char_indices() {
            if digit_value(c).is_none() {
                break;
            }
            len += 1;
            end = pos + i + c.len_utf8();
            if len > 12 {
                break;
            }
        }
        if len == 0 {
            break;
        }
        out.push((pos, end, len));
        if len > 12 {
            break;
        }
        match char_at(text, end) {
            Some(c) if is_space(c) || is_dash(c) => {
                let next = end + c.len_utf8();
                if char_at(text, next).and_then(digit_value).is_none() {
                    break;
                }
                pos = next;
            }
            _ => break,
        }
    }
    out
}

/// The digits of some groups (at most 12 in all).
fn digits_of(text: &str, groups: &[(usize, usize, usize)]) -> Option<Symbols> {
    let mut d = Symbols::new();
    for &(start, end, len) in groups {
        if len > 12 || d.len() + len > 12 {
            return None;
        }
        for c in text[start..end].chars() {
            d.push(digit_value(c)?);
        }
    }
    Some(d)
}

/// Whether a number ending at `end` stands alone on its right (no letter glued to it).
fn ends_clean(text: &str, end: usize) -> bool {
    !char_at(text, end).is_some_and(char::is_alphanumeric)
}

/// Tax numbers after a tax keyword: РНОКПП or 10-digit ИНН, 12-digit ИНН or ИИН/БИН, СНИЛС
/// (11 digits, or `XXX XXX XXX YY`), each with a valid check.
pub(super) fn tax_ids(text: &str, out: &mut Vec<Candidate>) {
    for from in keywords(&TAX_WORDS, text) {
        let Some(at) = number_after(text, from, TAX_GAP_WORDS) else {
            continue;
        };
        if char_before(text, at).is_some_and(char::is_alphabetic) {
            continue;
        }
        let groups = groups_at(text, at);
        for k in (1..=groups.len()).rev() {
            let used = &groups[..k];
            if !ends_clean(text, used[k - 1].1) {
                continue;
            }
            let Some(d) = digits_of(text, used) else {
                continue;
            };
            let d = d.as_slice();
            let lens: Vec<usize> = used.iter().map(|g| g.2).collect();
            let valid = match lens.as_slice() {
                [10] => checksum::rnokpp(d) || checksum::inn10(d),
                [12] => checksum::inn12(d) || checksum::iin(d),
                [11] | [3, 3, 3, 2] => checksum::snils(d),
                _ => false,
            };
            if valid {
                out.push(Candidate {
                    kind: PiiKind::TaxId,
                    start: at,
                    end: used[k - 1].1,
                    checked: true,
                    full: false,
                });
                break;
            }
        }
    }
}

/// Two capital letters (Latin or Cyrillic) before the digits at `at`, maybe with a space or `№`
/// between (`МЕ 123456`, `MP1234567`, `АА №123456`), or a Latin `N` glued to them (Kazakh
/// passports, `N12345678`); not before byte `from`. Returns where they start and how many.
fn series_before(text: &str, at: usize, from: usize) -> Option<(usize, usize)> {
    let head = text.get(from..at)?;
    let mut rev = head.char_indices().rev().peekable();
    let mut skipped = 0;
    while let Some(&(_, c)) = rev.peek() {
        if skipped < 2 && (is_space(c) || c == '№' || c == '#') {
            rev.next();
            skipped += 1;
        } else {
            break;
        }
    }
    let mut letters = Vec::with_capacity(2);
    while let Some(&(i, c)) = rev.peek() {
        if c.is_alphabetic() && c.is_uppercase() && letters.len() < 3 {
            letters.push(from + i);
            rev.next();
        } else {
            break;
        }
    }
    let alone = !rev.peek().is_some_and(|&(_, c)| c.is_alphanumeric());
    match (letters.as_slice(), skipped) {
        ([_, first], _) if alone => Some((*first, 2)),
        ([n], 0) if alone && text[*n..].starts_with('N') => Some((*n, 1)),
        _ => None,
    }
}

/// Passports and ID cards after a document keyword, in the formats of the region: two letters
/// and 6 digits (Ukrainian passport book), two letters and 7 digits (Belarusian passport), `N`
/// and 8 digits (Kazakh passport), 9 digits (Ukrainian and Kazakh ID cards), 10 digits as
/// `XX XX XXXXXX` or `XXXX XXXXXX` (Russian passport).
pub(super) fn passports(text: &str, out: &mut Vec<Candidate>) {
    for from in keywords(&DOCUMENT_WORDS, text) {
        let Some(at) = number_after(text, from, DOCUMENT_GAP_WORDS) else {
            continue;
        };
        let groups = groups_at(text, at);
        let Some(&(_, first_end, first_len)) = groups.first() else {
            continue;
        };
        let found = match series_before(text, at, from) {
            Some((start, 2)) if groups.len() == 1 && matches!(first_len, 6 | 7) => {
                Some((start, first_end))
            }
            Some((start, 1)) if groups.len() == 1 && first_len == 8 => Some((start, first_end)),
            Some(_) => None,
            None if char_before(text, at).is_some_and(char::is_alphabetic) => None,
            None => (1..=groups.len()).rev().find_map(|k| {
                let lens: Vec<usize> = groups[..k].iter().map(|g| g.2).collect();
                matches!(lens.as_slice(), [9] | [10] | [4, 6] | [2, 2, 6])
                    .then_some((at, groups[k - 1].1))
            }),
        };
        if let Some((start, end)) = found
            && ends_clean(text, end)
        {
            out.push(Candidate {
                kind: PiiKind::Passport,
                start,
                end,
                checked: true,
                full: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tax(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tax_ids(text, &mut out);
        out.iter().map(|c| &text[c.start..c.end]).collect()
    }

    fn docs(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        passports(text, &mut out);
        out.iter().map(|c| &text[c.start..c.end]).collect()
    }

    #[test]
    fn patterns_compile() {
        assert!(TAX_WORDS.is_some() && DOCUMENT_WORDS.is_some());
    }

    #[test]
    fn tax_numbers_need_a_keyword_and_a_check_digit() {
        assert_eq!(tax("Мій ІПН: 3184710691."), ["3184710691"]);
        assert_eq!(tax("IПН 3184710691"), ["3184710691"]);
        assert_eq!(
            tax("ИНН организации 7707083893, КПП 773601001"),
            ["7707083893"]
        );
        assert_eq!(tax("мой ИНН - 500100732259"), ["500100732259"]);
        assert_eq!(tax("ИИН 900101300156"), ["900101300156"]);
        assert_eq!(tax("СНИЛС 112 233 445 95"), ["112 233 445 95"]);
        assert_eq!(tax("snils 11223344595"), ["11223344595"]);
        assert!(tax("ІПН 3184710692").is_empty());
        assert!(tax("3184710691").is_empty());
        assert!(tax("ИНН не помню, телефон 3184710691").is_empty());
        assert!(tax("инновации 7707083893").is_empty());
        assert!(tax("ІПН. 3184710691").len() == 1);
    }

    #[test]
    fn documents_need_a_keyword_and_a_format() {
        assert_eq!(docs("паспорт серії МЕ 123456"), ["МЕ 123456"]);
        assert_eq!(docs("пашпарт MP1234567"), ["MP1234567"]);
        assert_eq!(docs("passport N12345678"), ["N12345678"]);
        assert_eq!(docs("ID-картка № 012345678"), ["012345678"]);
        assert_eq!(docs("паспорт 45 08 123456"), ["45 08 123456"]);
        assert_eq!(docs("паспорта 4508 123456, выдан"), ["4508 123456"]);
        assert!(docs("паспорт 12345").is_empty());
        assert!(docs("паспорт коштує 1 000 грн").is_empty());
        assert!(docs("123456789").is_empty());
        assert!(docs("паспорт x123456789").is_empty());
    }
}

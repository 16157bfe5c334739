//! The masked form of each kind of finding.

use super::PiiKind;
use super::scan::digit_value;

/// The replacement for `found` (the original text of a finding of this kind).
///
/// Separators (spaces, dashes, dots, parentheses, `+`) keep their place, so the mask has the
/// shape of the original; each hidden digit or letter becomes one `*`.
///
/// With `full`, every letter and digit is hidden (see [`resolve`](super::detect::resolve)).
pub(super) fn mask(kind: PiiKind, found: &str, full: bool) -> String {
    if full {
        return all(found);
    }
    match kind {
        PiiKind::Card | PiiKind::Account => keep_last_digits(found, 4),
        PiiKind::Phone => keep_last_digits(found, 2),
        PiiKind::Iban => iban(found),
        PiiKind::Email => email(found),
        PiiKind::TaxId | PiiKind::Passport => all(found),
    }
}

/// Every digit but the last `keep` becomes `*`.
fn keep_last_digits(found: &str, keep: usize) -> String {
    let total = found.chars().filter(|&c| digit_value(c).is_some()).count();
    let hide = total.saturating_sub(keep);
    let mut seen = 0;
    found
        .chars()
        .map(|c| {
            if digit_value(c).is_some() {
                seen += 1;
                if seen <= hide {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// The country code and the last four characters stay; the check digits and the rest of the
/// account number become `*`.
fn iban(found: &str) -> String {
    let total = found.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    found
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen > 2 && seen + 4 <= total {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// `i***@example.com`: the first character of the local part, then the domain.
fn email(found: &str) -> String {
    let (local, domain) = found.rsplit_once('@').unwrap_or(("", found));
    let mut out = String::with_capacity(found.len());
    out.extend(local.chars().next());
    out.push_str("***@");
    out.push_str(domain);
    out
}

/// Every letter and digit becomes `*`.
fn all(found: &str) -> String {
    found
        .chars()
        .map(|c| if c.is_alphanumeric() { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_kept() {
        assert_eq!(
            mask(PiiKind::Card, "4000-0566-5566-5556", false),
            "****-****-****-5556"
        );
        assert_eq!(
            mask(PiiKind::Card, "４１１１111111111111", false),
            "************1111"
        );
        assert_eq!(
            mask(PiiKind::Iban, "UA31 3510 0500 0002 6001 2345 6789 0", false),
            "UA** **** **** **** **** **** *789 0"
        );
        assert_eq!(
            mask(PiiKind::Phone, "+380 67 123 45 67", false),
            "+*** ** *** ** 67"
        );
        assert_eq!(
            mask(PiiKind::Phone, "8 (050) 765-43-21", false),
            "* (***) ***-**-21"
        );
        assert_eq!(
            mask(PiiKind::Email, "danylo.shevchenko@i.ua", false),
            "d***@i.ua"
        );
        assert_eq!(
            mask(PiiKind::TaxId, "112-233-445 95", false),
            "***-***-*** **"
        );
        assert_eq!(mask(PiiKind::Passport, "МЕ 123456", false), "** ******");
        assert_eq!(
            mask(PiiKind::Account, "40817810899910004312", false),
            "****************4312"
        );
    }
}

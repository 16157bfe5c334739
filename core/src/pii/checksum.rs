//! Check digits of the identifiers [`find_pii`](super::find_pii) looks for, written out by hand.
//!
//! Each function takes the identifier as a person would type it: ASCII digits (and, for an
//! IBAN, letters), with spaces and dashes between groups ignored. Any other character, or the
//! wrong number of digits, makes the answer `false`; no function panics.
//!
//! | function | identifier | check |
//! |---|---|---|
//! | [`luhn_valid`] | payment card number (13-19 digits) | Luhn, ISO/IEC 7812-1 |
//! | [`iban_valid`] | IBAN | length of the country's format ([`iban_length`]) and ISO 7064 MOD 97-10, ISO 13616 |
//! | [`rnokpp_valid`] | Ukrainian РНОКПП / ІПН (10 digits) | weights −1 5 7 9 4 6 10 5 7, mod 11, mod 10 |
//! | [`inn_valid`] | Russian ИНН (10 digits for an organisation, 12 for a person) | weights of the Federal Tax Service, mod 11, mod 10 |
//! | [`iin_valid`] | Kazakh ИИН / БИН (12 digits) | weights 1-11, then 3-11 1 2, mod 11; and the date or type fields |
//! | [`snils_valid`] | Russian СНИЛС (11 digits) | weights 9…1, mod 101 |
//! | [`ru_account_valid`] | Russian bank account (20 digits) with its bank's БИК (9 digits) | weights 7 1 3, mod 10 |
//!
//! ```
//! use otklik::pii::checksum::{iban_valid, luhn_valid};
//!
//! assert!(luhn_valid("4111 1111 1111 1111"));
//! assert!(!luhn_valid("1234 5678 1234 5678"));
//! assert!(iban_valid("UA31 3510 0500 0002 6001 2345 6789 0"));
//! assert!(!iban_valid("UA31 3510 0500 0002 6001 2345 6789 1"));
//! ```

/// The longest identifier any function here reads (an IBAN has at most 34 characters).
const MAX_LEN: usize = 34;

/// Up to [`MAX_LEN`] symbols (digits 0-9, letters as 10-35), without allocation.
#[derive(Clone, Copy)]
pub(super) struct Symbols {
    buf: [u8; MAX_LEN],
    len: usize,
}

impl Symbols {
    pub(super) const fn new() -> Symbols {
        Symbols {
            buf: [0; MAX_LEN],
            len: 0,
        }
    }

    /// Appends one symbol; `false` when full.
    pub(super) fn push(&mut self, value: u8) -> bool {
        if self.len == MAX_LEN {
            return false;
        }
        self.buf[self.len] = value;
        self.len += 1;
        true
    }

    pub(super) fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Reads digits only, skipping spaces and dashes; `None` on anything else or when too long.
    fn digits(s: &str) -> Option<Symbols> {
        let mut out = Symbols::new();
        for c in s.chars() {
            match c {
                '0'..='9' => {
                    if !out.push(c as u8 - b'0') {
                        return None;
                    }
                }
                ' ' | '-' => {}
                _ => return None,
            }
        }
        Some(out)
    }
}

/// Whether a card number passes the Luhn check (ISO/IEC 7812-1) and has 13 to 19 digits.
///
/// Spaces and dashes between groups are ignored.
///
/// ```
/// use otklik::pii::checksum::luhn_valid;
///
/// assert!(luhn_valid("4000-0566-5566-5556"));
/// assert!(luhn_valid("378282246310005")); // 15 digits
/// assert!(!luhn_valid("5168 7420 1234 5673"));
/// assert!(!luhn_valid("0")); // too short to be a card
/// ```
pub fn luhn_valid(number: &str) -> bool {
    Symbols::digits(number).is_some_and(|d| (13..=19).contains(&d.len()) && luhn(d.as_slice()))
}

/// The Luhn check over digit values (any length).
pub(super) fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut x = u32::from(d);
        if i % 2 == 1 {
            x *= 2;
            if x > 9 {
                x -= 9;
            }
        }
        sum += x;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The IBAN length of each country in the SWIFT IBAN registry (ISO 13616), sorted by code.
const IBAN_LENGTHS: &[(&str, u8)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// The length of an IBAN of this country (two upper-case letters, ISO 3166-1), from the SWIFT
/// IBAN registry; `None` for a country that has no IBAN.
///
/// ```
/// use otklik::pii::checksum::iban_length;
///
/// assert_eq!(iban_length("UA"), Some(29));
/// assert_eq!(iban_length("BY"), Some(28));
/// assert_eq!(iban_length("KZ"), Some(20));
/// assert_eq!(iban_length("DE"), Some(22));
/// assert_eq!(iban_length("US"), None);
/// ```
pub fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .binary_search_by(|(code, _)| (*code).cmp(country))
        .ok()
        .map(|i| usize::from(IBAN_LENGTHS[i].1))
}

/// Whether an IBAN is valid: a country with IBANs, the length of its format, two check digits,
/// and the ISO 7064 MOD 97-10 check (ISO 13616).
///
/// Spaces and dashes are ignored and letters may be in either case; the format of the domestic
/// part (which positions are letters) is not checked.
///
/// ```
/// use otklik::pii::checksum::iban_valid;
///
/// assert!(iban_valid("UA023220010000026208765432109"));
/// assert!(iban_valid("KZ86 125K ZT50 0410 0100"));
/// assert!(iban_valid("de89 3704 0044 0532 0130 00"));
/// assert!(!iban_valid("UA02 3220 0100 0002 6208 7654 3210")); // too short for UA
/// ```
pub fn iban_valid(iban: &str) -> bool {
    let mut s = Symbols::new();
    for c in iban.chars() {
        let v = match c {
            '0'..='9' => c as u8 - b'0',
            'A'..='Z' => c as u8 - b'A' + 10,
            'a'..='z' => c as u8 - b'a' + 10,
            ' ' | '-' => continue,
            _ => return false,
        };
        if !s.push(v) {
            return false;
        }
    }
    iban_symbols_valid(s.as_slice())
}

/// [`iban_valid`] over symbols (digits 0-9, letters 10-35).
pub(super) fn iban_symbols_valid(s: &[u8]) -> bool {
    if s.len() < 5 || s[0] < 10 || s[1] < 10 || s[2] > 9 || s[3] > 9 {
        return false;
    }
    let country = [b'A' + s[0] - 10, b'A' + s[1] - 10];
    let Ok(country) = std::str::from_utf8(&country) else {
        return false;
    };
    if iban_length(country) != Some(s.len()) {
        return false;
    }
    // Check digits 00, 01 and 99 are never issued.
    let check = s[2] * 10 + s[3];
    if !(2..=98).contains(&check) {
        return false;
    }
    // Move the first four symbols to the end; letters count as two digits (A = 10 … Z = 35).
    let mut rem = 0u32;
    for &v in s[4..].iter().chain(&s[..4]) {
        rem = if v > 9 {
            (rem * 100 + u32::from(v)) % 97
        } else {
            (rem * 10 + u32::from(v)) % 97
        };
    }
    rem == 1
}

/// Σ digit × weight.
fn weighted(digits: &[u8], weights: &[i32]) -> i32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| i32::from(d) * w)
        .sum()
}

/// Whether a Ukrainian РНОКПП (ІПН, the taxpayer's registration number: 10 digits) has the right
/// check digit.
///
/// ```
/// use otklik::pii::checksum::rnokpp_valid;
///
/// assert!(rnokpp_valid("3184710691"));
/// assert!(!rnokpp_valid("3184710692"));
/// assert!(!rnokpp_valid("318471069")); // nine digits
/// ```
pub fn rnokpp_valid(number: &str) -> bool {
    Symbols::digits(number).is_some_and(|d| rnokpp(d.as_slice()))
}

pub(super) fn rnokpp(d: &[u8]) -> bool {
    d.len() == 10
        && weighted(d, &[-1, 5, 7, 9, 4, 6, 10, 5, 7]).rem_euclid(11) % 10 == i32::from(d[9])
}

/// Whether a Russian ИНН has the right check digits: 10 digits (an organisation, one check
/// digit) or 12 digits (a person or sole trader, two check digits).
///
/// ```
/// use otklik::pii::checksum::inn_valid;
///
/// assert!(inn_valid("7707083893"));
/// assert!(inn_valid("500100732259"));
/// assert!(!inn_valid("500100732258"));
/// assert!(!inn_valid("77070838931")); // 11 digits
/// ```
pub fn inn_valid(number: &str) -> bool {
    Symbols::digits(number).is_some_and(|d| inn10(d.as_slice()) || inn12(d.as_slice()))
}

pub(super) fn inn10(d: &[u8]) -> bool {
    d.len() == 10 && weighted(d, &[2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10 == i32::from(d[9])
}

pub(super) fn inn12(d: &[u8]) -> bool {
    d.len() == 12
        && weighted(d, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10 == i32::from(d[10])
        && weighted(d, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10 == i32::from(d[11])
}

/// Whether a Kazakh ИИН (a person: birth date YYMMDD, then century and sex 1-6) or БИН (an
/// organisation: YYMM, then type 4-6 and a kind 0-3) of 12 digits is well formed and has the
/// right check digit.
///
/// ```
/// use otklik::pii::checksum::iin_valid;
///
/// assert!(iin_valid("900101300156")); // born 1990-01-01
/// assert!(!iin_valid("900101300157"));
/// assert!(!iin_valid("901301300156")); // month 13
/// ```
pub fn iin_valid(number: &str) -> bool {
    Symbols::digits(number).is_some_and(|d| iin(d.as_slice()))
}

pub(super) fn iin(d: &[u8]) -> bool {
    if d.len() != 12 {
        return false;
    }
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    let person = (1..=12).contains(&month) && (1..=31).contains(&day) && (1..=6).contains(&d[6]);
    let organisation = (1..=12).contains(&month) && (4..=6).contains(&d[4]) && d[5] <= 3;
    if !person && !organisation {
        return false;
    }
    let mut check = weighted(d, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11;
    if check == 10 {
        check = weighted(d, &[3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11;
        if check == 10 {
            return false;
        }
    }
    check == i32::from(d[11])
}

/// Whether a Russian СНИЛС (11 digits, written `XXX-XXX-XXX YY`) has the right check number.
///
/// ```
/// use otklik::pii::checksum::snils_valid;
///
/// assert!(snils_valid("112-233-445 95"));
/// assert!(snils_valid("11223344595"));
/// assert!(!snils_valid("112-233-445 96"));
/// ```
pub fn snils_valid(number: &str) -> bool {
    Symbols::digits(number).is_some_and(|d| snils(d.as_slice()))
}

pub(super) fn snils(d: &[u8]) -> bool {
    if d.len() != 11 || d[..9].iter().all(|&x| x == 0) {
        return false;
    }
    let sum = weighted(d, &[9, 8, 7, 6, 5, 4, 3, 2, 1]);
    let check = match sum % 101 {
        100 => 0,
        r => r,
    };
    check == i32::from(d[9] * 10 + d[10])
}

/// Whether a Russian bank account (20 digits) is keyed right for the bank with this БИК (9
/// digits): the last three digits of the БИК, then the account, weighted 7 1 3 7 1 3 …, sum to a
/// multiple of 10 (Bank of Russia rules of 8 September 1997 № 515).
///
/// An account alone cannot be checked: the key depends on the bank. This is why
/// [`find_pii`](super::find_pii) masks a Russian account only when a БИК next to it validates
/// it.
///
/// ```
/// use otklik::pii::checksum::ru_account_valid;
///
/// assert!(ru_account_valid("40817810899910004312", "044525225"));
/// assert!(!ru_account_valid("40817810899910004312", "044525974"));
/// ```
pub fn ru_account_valid(account: &str, bik: &str) -> bool {
    match (Symbols::digits(account), Symbols::digits(bik)) {
        (Some(a), Some(b)) if b.len() == 9 => {
            ru_account(a.as_slice(), [b.buf[6], b.buf[7], b.buf[8]])
        }
        _ => false,
    }
}

/// The account key check with the last three digits of the БИК.
pub(super) fn ru_account(account: &[u8], bik_tail: [u8; 3]) -> bool {
    if account.len() != 20 {
        return false;
    }
    let sum: u32 = bik_tail
        .iter()
        .chain(account)
        .zip([7u32, 1, 3].iter().cycle())
        .map(|(&d, &w)| u32::from(d) * w)
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_table_is_sorted_and_unique() {
        assert!(IBAN_LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(IBAN_LENGTHS.iter().all(|(_, n)| (15..=34).contains(n)));
    }

    #[test]
    fn luhn_known_numbers() {
        for n in [
            "4111111111111111",
            "5555555555554444",
            "4000056655665556",
            "4242424242424242",
            "5105105105105100",
            "378282246310005",
            "30569309025904",
            "4222222222222",
            "6304000000000000000",
        ] {
            assert!(luhn_valid(n), "{n}");
        }
        for n in [
            "1234567812345678",
            "5168742012345673",
            "4111111111111112",
            "411111111111",
        ] {
            assert!(!luhn_valid(n), "{n}");
        }
        assert!(!luhn_valid("4111 1111 1111 111x"));
        assert!(!luhn(&[]));
    }

    #[test]
    fn ibans_from_the_registry_examples() {
        for iban in [
            "UA21 3223 1300 0002 6007 2335 6600 1",
            "BY13 NBRB 3600 9000 0000 2Z00 AB00",
            "KZ86 125K ZT50 0410 0100",
            "DE89 3704 0044 0532 0130 00",
            "FR14 2004 1010 0505 0001 3M02 606",
            "GB29 NWBK 6016 1331 9268 19",
            "PL61 1090 1014 0000 0712 1981 2874",
            "NO93 8601 1117 947",
            "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
            "LC55 HEMM 0001 0001 0012 0012 0002 3015",
        ] {
            assert!(iban_valid(iban), "{iban}");
        }
        for iban in [
            "UA21 3223 1300 0002 6007 2335 6600 2",
            "XX21 3223 1300 0002 6007 2335 6600 1",
            "GB29 NWBK 6016 1331 9268 1",
            "",
            "UA",
            "UA2!",
        ] {
            assert!(!iban_valid(iban), "{iban}");
        }
    }

    #[test]
    fn tax_numbers() {
        assert!(rnokpp_valid("3184710691") && rnokpp_valid("2999999992"));
        assert!(!rnokpp_valid("7730019284"));
        assert!(inn_valid("7707083893") && inn_valid("770708389324"));
        assert!(!inn_valid("7707083894"));
        assert!(iin_valid("850725401230") && iin_valid("040510500121"));
        assert!(iin_valid("020840203217")); // a БИН: 2002-08, legal entity
        assert!(!iin_valid("850725401231"));
        assert!(snils_valid("123-456-789 64") && snils_valid("987-654-321 83"));
        assert!(!snils_valid("000-000-000 00"));
        assert!(ru_account_valid("40702810938000000001", "044525225"));
        assert!(!ru_account_valid("40702810938000000002", "044525225"));
        assert!(!ru_account_valid("40702810938000000001", "04452522"));
    }

    #[test]
    fn snils_sum_of_100_and_101_gives_00() {
        // 9 digits whose weighted sum is exactly 100 and 101.
        let find = |target: i32| {
            (0..1_000_000_000u64)
                .step_by(7919)
                .map(|n| format!("{n:09}"))
                .find(|p| {
                    let d: Vec<u8> = p.bytes().map(|b| b - b'0').collect();
                    weighted(&d, &[9, 8, 7, 6, 5, 4, 3, 2, 1]) == target
                })
                .unwrap()
        };
        for target in [100, 101] {
            let p = find(target);
            assert!(snils_valid(&format!("{p}00")), "{p}");
            assert!(!snils_valid(&format!("{p}01")), "{p}");
        }
    }
}

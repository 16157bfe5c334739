//! Personal data: finding and masking card numbers, IBANs, phone numbers, e-mail addresses, tax
//! numbers and identity documents before a text goes to a CRM or a log (DESIGN 3.6).
//!
//! [`redact`] returns the text with every finding masked, and the findings themselves
//! ([`PiiMatch`]): their kind, where they are in the original text (bytes for Rust, characters
//! for Python and Kotlin, like [`Span`]), and the mask. [`find_pii`] only finds.
//!
//! ```
//! use otklik::pii::{PiiKind, redact};
//!
//! let text = "😡 Картка 4111 1111 1111 1111, телефон +380 67 123 45 67, пишіть на ivan@ukr.net";
//! let r = redact(text);
//! assert_eq!(
//!     r.text,
//!     "😡 Картка **** **** **** 1111, телефон +*** ** *** ** 67, пишіть на i***@ukr.net"
//! );
//! let kinds: Vec<&str> = r.matches.iter().map(|m| m.kind.as_str()).collect();
//! assert_eq!(kinds, ["card", "phone", "email"]);
//!
//! // Offsets refer to the original text: bytes for Rust, characters for Python and Kotlin.
//! let card = &r.matches[0];
//! assert_eq!(&text[card.start..card.end], "4111 1111 1111 1111");
//! assert_eq!((card.char_start, card.char_end), (9, 28));
//! assert_eq!(card.kind, PiiKind::Card);
//! ```
//!
//! # What is found
//!
//! | kind | what | masked as |
//! |---|---|---|
//! | [`Card`](PiiKind::Card) | 13-19 digits, **Luhn-valid**, in one run or in groups split by spaces or by dashes (`4111 1111 1111 1111`, `4000-0566-5566-5556`, `4242424242424242`, `3782 822463 10005`); 13 digits only for Visa (4…), 14 for Diners Club (30, 36, 38, 39), 15 for Amex (34, 37) and JCB (1800, 2131) | `**** **** **** 1111`: the last four digits stay, the grouping is kept |
//! | [`Iban`](PiiKind::Iban) | an IBAN of a country in the SWIFT registry, of that country's length and **MOD 97-10 valid**, compact or in groups (`UA31 3510 0500 …` 29 characters, `BY…` 28, `KZ…` 20, `DE…` 22, …) | `UA** **** … *789 0`: the country code and the last four characters stay |
//! | [`Account`](PiiKind::Account) | a Russian 20-digit account (`40817810…`), only when a БИК (9 digits, `04…`) within about 250 letters **validates its key**; the bank's correspondent account (`301…`) is public and left | last four digits stay |
//! | [`Phone`](PiiKind::Phone) | Ukraine `+380 XX XXX XX XX`, `0XX XXX XX XX`, `8 0XX …`; Belarus `+375 XX XXX-XX-XX`, `8 0XX …`; Russia `+7` / `8 (9XX) XXX-XX-XX`; Kazakhstan `+7 7XX …`, `8 7XX …`; any other `+` number of 8-15 digits (E.164); separated by spaces, dashes, dots, parentheses | `+*** ** *** ** 67`: the last two digits stay |
//! | [`Email`](PiiKind::Email) | `local@domain.tld`, Cyrillic names included | `i***@example.com` |
//! | [`TaxId`](PiiKind::TaxId) | after a keyword (ІПН, РНОКПП, ИНН, ИИН, БИН, СНИЛС, tax id …) and **with a valid check digit**: Ukrainian РНОКПП (10 digits), Russian ИНН (10 or 12), Kazakh ИИН / БИН (12), СНИЛС (11); a СНИЛС printed as `XXX-XXX-XXX YY` needs no keyword | every digit |
//! | [`Passport`](PiiKind::Passport) | after a keyword (паспорт, пашпарт, passport, ID-картка, удостоверение личности …): `МЕ 123456`, `MP1234567`, `N12345678`, 9 digits (ID card), `45 08 123456` | every letter and digit |
//!
//! Digits may also be full-width (`４１１１`) or mathematical (`𝟒𝟏𝟏𝟏`), and an IBAN's letters
//! Cyrillic look-alikes (`UА` with a Cyrillic А); offsets stay those of the original text.
//!
//! # What is left alone
//!
//! Being wrong the other way costs too: a masked amount or order number makes a complaint
//! unreadable. These are never masked:
//!
//! - amounts: `15 000 грн`, `1 500 000,00 руб`, `$1,250.00`, `+15 000 000`;
//! - dates and times: `12.03.2024`, `2024-03-12`, `01.01.2024-31.12.2024`, `10:30`;
//! - order, transaction and ticket numbers that fail the checksum: `order 1234567812345678`,
//!   `транзакція 7730019284`, `заявка №4820193`, or a phone-shaped number after `№`;
//! - a card already masked (`4149 **** **** 7788`), percentages, version numbers (`2.14.0`);
//! - Nova Poshta waybill numbers (ТТН, 14 digits from 20… or 59…) and EAN-13 barcodes, even
//!   when they pass Luhn: no card network issues those lengths with those first digits;
//! - numbers glued to letters or to a `/` (`UA31…` when the IBAN is invalid, `ID4111…`, the
//!   ids in `…/status/1850…`): codes and paths, not cards or phones;
//! - toll-free numbers (`0 800 300 900`, `8 800 555-35-35`, `8 801 …`) and role addresses
//!   (`care@zoryabank.ua`, `support@…`, `info@…`): the bank's own, not a person's;
//! - a 10- or 12-digit number that passes a tax check digit but has no keyword before it
//!   (one such number in ten passes by chance);
//! - a Russian 20-digit account with no БИК near it: its key depends on the bank, so it cannot
//!   be told from any other 20-digit number.
//!
//! [`RedactOptions`] chooses the kinds and lists values to keep (the bank's own numbers).
//!
//! # Overlaps
//!
//! When candidates overlap, the one confirmed by a check digit (or, for a document, a keyword)
//! wins, then the longer, then the earlier: candidates are taken in that order and each is kept
//! unless it overlaps one already kept. So the four-digit groups of a valid IBAN are never taken
//! for a card, and findings never overlap and come in text order. If a confirmed candidate left
//! out shares with the kept one only the digits its mask would keep (a card's last four digits
//! that also begin another valid card number), the kept one is masked in full.
//!
//! Digits that continue a mask (`**** **** **** 1111`, `+*** ** *** ** 67`: three stars or more
//! among the stars and separators next to them) are what is left of a finding, never a new one,
//! so redacting a redacted text finds no new card or IBAN. Two stars (Markdown's `**bold**`) do
//! not count.
//!
//! # Cost
//!
//! One pass over the text for digit groups, one for IBANs, one look around each `@`, and one
//! linear-time regex pass for the keywords: time is linear in the text, memory is that of the
//! findings (a long run of numbers is read in pieces of bounded size). No input panics.

pub mod checksum;
mod detect;
mod email;
mod iban;
mod keyword;
mod mask;
mod phone;
mod scan;

use std::fmt;

use crate::Mention;
use crate::rules::Span;

/// What kind of personal data a finding is.
///
/// ```
/// use otklik::pii::PiiKind;
///
/// assert_eq!(PiiKind::TaxId.as_str(), "tax_id");
/// assert_eq!(PiiKind::from_name("iban"), Some(PiiKind::Iban));
/// assert_eq!(PiiKind::ALL.len(), 7);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PiiKind {
    /// A payment card number (Luhn-valid).
    Card,
    /// An IBAN (MOD 97-10 valid).
    Iban,
    /// A Russian bank account validated by the БИК next to it.
    Account,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A tax number (РНОКПП, ИНН, ИИН / БИН, СНИЛС).
    TaxId,
    /// A passport or ID-card number.
    Passport,
}

impl PiiKind {
    /// Every kind, in the order of preference when candidates tie.
    pub const ALL: [PiiKind; 7] = [
        PiiKind::Card,
        PiiKind::Iban,
        PiiKind::Account,
        PiiKind::Phone,
        PiiKind::Email,
        PiiKind::TaxId,
        PiiKind::Passport,
    ];

    /// A stable snake_case name, as the bindings and `testdata/pii.toml` spell it.
    ///
    /// ```
    /// assert_eq!(otklik::pii::PiiKind::Card.as_str(), "card");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Card => "card",
            PiiKind::Iban => "iban",
            PiiKind::Account => "account",
            PiiKind::Phone => "phone",
            PiiKind::Email => "email",
            PiiKind::TaxId => "tax_id",
            PiiKind::Passport => "passport",
        }
    }

    /// The kind with this [`as_str`](Self::as_str) name (ASCII case ignored).
    ///
    /// ```
    /// use otklik::pii::PiiKind;
    ///
    /// assert_eq!(PiiKind::from_name("Phone"), Some(PiiKind::Phone));
    /// assert_eq!(PiiKind::from_name("ssn"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<PiiKind> {
        PiiKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name.trim()))
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for PiiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of personal data found in a text.
///
/// ```
/// use otklik::pii::{PiiKind, find_pii};
///
/// let text = "Мій ІПН 3184710691";
/// let m = &find_pii(text)[0];
/// assert_eq!(m.kind, PiiKind::TaxId);
/// assert_eq!(&text[m.start..m.end], "3184710691");
/// assert_eq!((m.char_start, m.char_end), (8, 18));
/// assert_eq!(m.masked, "**********");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PiiMatch {
    /// What it is.
    pub kind: PiiKind,
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Start in characters (Unicode scalar values).
    pub char_start: usize,
    /// End in characters (exclusive).
    pub char_end: usize,
    /// What replaces it in the redacted text.
    pub masked: String,
}

impl PiiMatch {
    /// Its place in the original text as a [`Span`].
    ///
    /// ```
    /// let m = &otklik::pii::find_pii("ivan@ukr.net")[0];
    /// assert_eq!((m.span().start, m.span().char_end), (0, 12));
    /// ```
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
            char_start: self.char_start,
            char_end: self.char_end,
        }
    }
}

/// A redacted text and what was masked in it.
///
/// ```
/// let r = otklik::pii::redact("дзвоніть 067-123-45-67");
/// assert_eq!(r.text, "дзвоніть ***-***-**-67");
/// assert_eq!(r.matches[0].start, 17); // in the original text
/// assert_eq!(&r.text[r.spans[0].start..r.spans[0].end], "***-***-**-67");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redacted {
    /// The text with every finding replaced by its mask.
    pub text: String,
    /// The findings, in text order; their offsets refer to the original text.
    pub matches: Vec<PiiMatch>,
    /// Where each finding's mask is in [`text`](Self::text): `spans[i]` belongs to `matches[i]`.
    pub spans: Vec<Span>,
}

/// Which kinds to look for, and values to leave alone.
///
/// By default every kind is looked for and nothing is allowed. A value on the allow list is
/// compared by its letters and digits only, ignoring case: `allow("0 800 300 900")` keeps
/// `0-800-300-900` too.
///
/// ```
/// use otklik::pii::{PiiKind, RedactOptions, redact_with};
///
/// let text = "Пишіть на olena.koval@ukr.net або дзвоніть +380 44 390 12 34";
/// let phones_only = RedactOptions::only(&[PiiKind::Phone]);
/// assert_eq!(
///     redact_with(text, &phones_only).text,
///     "Пишіть на olena.koval@ukr.net або дзвоніть +*** ** *** ** 34"
/// );
/// let ours = RedactOptions::new().allow("+380443901234");
/// assert_eq!(
///     redact_with(text, &ours).text,
///     "Пишіть на o***@ukr.net або дзвоніть +380 44 390 12 34"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedactOptions {
    kinds: u8,
    allow: Vec<String>,
}

impl Default for RedactOptions {
    fn default() -> RedactOptions {
        RedactOptions::new()
    }
}

impl RedactOptions {
    /// Every kind, nothing allowed.
    ///
    /// ```
    /// use otklik::pii::{PiiKind, RedactOptions};
    ///
    /// assert!(RedactOptions::new().includes(PiiKind::Passport));
    /// ```
    pub fn new() -> RedactOptions {
        RedactOptions {
            kinds: PiiKind::ALL.iter().fold(0, |bits, k| bits | k.bit()),
            allow: Vec::new(),
        }
    }

    /// Only these kinds.
    ///
    /// ```
    /// use otklik::pii::{PiiKind, RedactOptions};
    ///
    /// let o = RedactOptions::only(&[PiiKind::Card, PiiKind::Iban]);
    /// assert!(o.includes(PiiKind::Iban) && !o.includes(PiiKind::Phone));
    /// ```
    pub fn only(kinds: &[PiiKind]) -> RedactOptions {
        RedactOptions {
            kinds: kinds.iter().fold(0, |bits, k| bits | k.bit()),
            allow: Vec::new(),
        }
    }

    /// Looks for this kind or not.
    ///
    /// ```
    /// use otklik::pii::{PiiKind, RedactOptions};
    ///
    /// let o = RedactOptions::new().kind(PiiKind::Email, false);
    /// assert!(!o.includes(PiiKind::Email));
    /// ```
    pub fn kind(mut self, kind: PiiKind, on: bool) -> RedactOptions {
        if on {
            self.kinds |= kind.bit();
        } else {
            self.kinds &= !kind.bit();
        }
        self
    }

    /// Leaves this value alone wherever it is found (say, the bank's own hotline or address).
    ///
    /// ```
    /// use otklik::pii::{RedactOptions, find_pii_with};
    ///
    /// let o = RedactOptions::new().allow("olena@zoryabank.ua");
    /// assert!(find_pii_with("пишіть Olena@ZoryaBank.ua", &o).is_empty());
    /// ```
    pub fn allow(mut self, value: &str) -> RedactOptions {
        let key = allow_key(value);
        if !key.is_empty() {
            self.allow.push(key);
        }
        self
    }

    /// Options from the bindings' arguments: kind names (`None`: every kind) and allowed
    /// values. An unknown name is an error that names it and the known ones.
    ///
    /// ```
    /// use otklik::pii::RedactOptions;
    ///
    /// let o = RedactOptions::from_names(Some(&["email"]), &["care@zoryabank.ua"]).unwrap();
    /// assert!(otklik::pii::find_pii_with("067 123 45 67", &o).is_empty());
    /// assert!(RedactOptions::from_names(Some(&["ssn"]), &[] as &[&str]).unwrap_err().contains("ssn"));
    /// ```
    pub fn from_names<K: AsRef<str>, A: AsRef<str>>(
        kinds: Option<&[K]>,
        allow: &[A],
    ) -> Result<RedactOptions, String> {
        let mut options = match kinds {
            None => RedactOptions::new(),
            Some(names) => {
                let kinds = names
                    .iter()
                    .map(|n| {
                        PiiKind::from_name(n.as_ref()).ok_or_else(|| {
                            let known: Vec<&str> =
                                PiiKind::ALL.iter().map(|k| k.as_str()).collect();
                            format!("unknown kind {:?}; use {}", n.as_ref(), known.join(", "))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                RedactOptions::only(&kinds)
            }
        };
        for value in allow {
            options = options.allow(value.as_ref());
        }
        Ok(options)
    }

    /// Whether this kind is looked for.
    ///
    /// ```
    /// use otklik::pii::{PiiKind, RedactOptions};
    ///
    /// assert!(RedactOptions::default().includes(PiiKind::Card));
    /// ```
    pub fn includes(&self, kind: PiiKind) -> bool {
        self.kinds & kind.bit() != 0
    }

    /// Whether this value is on the allow list.
    fn is_allowed(&self, value: &str) -> bool {
        !self.allow.is_empty() && self.allow.contains(&allow_key(value))
    }
}

/// The letters (upper-cased) and digits (as ASCII) of a value.
fn allow_key(value: &str) -> String {
    let mut key = String::with_capacity(value.len());
    for c in value.chars() {
        if let Some(d) = scan::digit_value(c) {
            key.push(char::from(b'0' + d));
        } else if c.is_alphanumeric() {
            key.extend(c.to_uppercase());
        }
    }
    key
}

/// Finds the personal data in a text: every kind, sorted, non-overlapping.
///
/// ```
/// use otklik::pii::{PiiKind, find_pii};
///
/// let text = "Замовлення 1234567812345678 на 15 000 грн, картка 5555-5555-5555-4444";
/// let found = find_pii(text);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].kind, PiiKind::Card);
/// assert_eq!(found[0].masked, "****-****-****-4444");
/// ```
pub fn find_pii(text: &str) -> Vec<PiiMatch> {
    find_pii_with(text, &RedactOptions::new())
}

/// A cheap test that a text may hold personal data: an `@` (or a full-width one), or at least
/// six digits of any script (the shortest id, a passport's number). `false` means [`find_pii`] would find nothing.
///
/// ```
/// assert!(!otklik::pii::may_hold_pii("Дякую, все працює 👍 (2 дні)"));
/// assert!(otklik::pii::may_hold_pii("067 123 45 67"));
/// ```
pub fn may_hold_pii(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        if c == '@' || c == '＠' {
            return true;
        }
        // Any decimal digit: full-width and other scripts' digits are read as digits too.
        digits += usize::from(c.is_numeric());
        if digits >= 6 {
            return true;
        }
    }
    false
}

/// [`find_pii`] with options.
///
/// ```
/// use otklik::pii::{PiiKind, RedactOptions, find_pii_with};
///
/// let o = RedactOptions::only(&[PiiKind::Email]);
/// let found = find_pii_with("+380 67 123 45 67, ivan@ukr.net", &o);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].masked, "i***@ukr.net");
/// ```
pub fn find_pii_with(text: &str, options: &RedactOptions) -> Vec<PiiMatch> {
    let kept = detect::resolve(text, detect::candidates(text, options));
    let mut out = Vec::with_capacity(kept.len());
    let mut byte = 0;
    let mut chars = 0;
    for c in kept {
        chars += text[byte..c.start].chars().count();
        let char_start = chars;
        let found = &text[c.start..c.end];
        chars += found.chars().count();
        byte = c.end;
        out.push(PiiMatch {
            kind: c.kind,
            start: c.start,
            end: c.end,
            char_start,
            char_end: chars,
            masked: mask::mask(c.kind, found, c.full),
        });
    }
    out
}

/// Masks the personal data in a text (every kind).
///
/// ```
/// let r = otklik::pii::redact("Реквізити: UA023220010000026208765432109, дякую");
/// assert_eq!(r.text, "Реквізити: UA***********************2109, дякую");
/// assert_eq!(r.matches[0].kind.as_str(), "iban");
/// ```
pub fn redact(text: &str) -> Redacted {
    redact_with(text, &RedactOptions::new())
}

/// [`redact`] with options.
///
/// ```
/// use otklik::pii::{PiiKind, RedactOptions, redact_with};
///
/// let o = RedactOptions::new().kind(PiiKind::Phone, false);
/// let r = redact_with("067 123 45 67", &o);
/// assert_eq!(r.text, "067 123 45 67");
/// assert!(r.matches.is_empty());
/// ```
pub fn redact_with(text: &str, options: &RedactOptions) -> Redacted {
    let matches = find_pii_with(text, options);
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::with_capacity(matches.len());
    let mut byte = 0;
    let mut char_end = 0;
    let mut out_chars = 0;
    for m in &matches {
        out.push_str(&text[byte..m.start]);
        out_chars += m.char_start - char_end;
        let start = out.len();
        let char_start = out_chars;
        out.push_str(&m.masked);
        out_chars += m.masked.chars().count();
        spans.push(Span {
            start,
            end: out.len(),
            char_start,
            char_end: out_chars,
        });
        byte = m.end;
        char_end = m.char_end;
    }
    out.push_str(&text[byte..]);
    Redacted {
        text: out,
        matches,
        spans,
    }
}

/// A mention with its text redacted (every kind), and what was masked. Other fields are copied
/// as they are.
///
/// ```
/// use chrono::DateTime;
/// use otklik::{Kind, Mention, Platform};
/// use otklik::pii::redact_mention;
///
/// let m = Mention::new(
///     "tgb-1",
///     Platform::TelegramBot,
///     Kind::Message,
///     "Мій номер картки 4111 1111 1111 1111",
///     DateTime::UNIX_EPOCH,
/// );
/// let (clean, found) = redact_mention(&m);
/// assert_eq!(clean.text, "Мій номер картки **** **** **** 1111");
/// assert_eq!(clean.id, "tgb-1");
/// assert_eq!(found[0].char_start, 17);
/// ```
pub fn redact_mention(mention: &Mention) -> (Mention, Vec<PiiMatch>) {
    redact_mention_with(mention, &RedactOptions::new())
}

/// [`redact_mention`] with options.
///
/// ```
/// use chrono::DateTime;
/// use otklik::{Kind, Mention, Platform};
/// use otklik::pii::{RedactOptions, redact_mention_with};
///
/// let m = Mention::new("fb-1", Platform::Facebook, Kind::Reply,
///     "Наш номер: 0 800 300 900, або +380 44 390 12 34", DateTime::UNIX_EPOCH);
/// let ours = RedactOptions::new().allow("+380 44 390 12 34");
/// let (clean, found) = redact_mention_with(&m, &ours);
/// assert_eq!(clean.text, m.text);
/// assert!(found.is_empty());
/// ```
pub fn redact_mention_with(mention: &Mention, options: &RedactOptions) -> (Mention, Vec<PiiMatch>) {
    let r = redact_with(&mention.text, options);
    let mut out = mention.clone();
    out.text = r.text;
    (out, r.matches)
}

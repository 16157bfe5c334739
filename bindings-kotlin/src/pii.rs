//! PII redaction from Kotlin, mirroring `otklik::pii`.

use otklik::pii::RedactOptions;

use crate::error::{OtklikError, clamp};

/// One piece of personal data: `text.substring(start, end) == found` (UTF-16 indices).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PiiFinding {
    /// `card`, `iban`, `account`, `phone`, `email`, `tax_id` or `passport`.
    pub kind: String,
    /// Start index into the Kotlin string.
    pub start: i64,
    /// End index, exclusive.
    pub end: i64,
    /// The personal data found.
    pub found: String,
    /// What replaces it.
    pub masked: String,
}

/// A text with its personal data masked, and what was found.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Redacted {
    /// The masked text (`**** **** **** 1111`).
    pub text: String,
    /// The findings, with indices into the original text.
    pub findings: Vec<PiiFinding>,
}

fn utf16(text: &str, byte: usize) -> i64 {
    clamp(text.get(..byte).map_or(0, |s| s.encode_utf16().count()) as u64)
}

/// Masks the personal data of a text: cards (Luhn-valid), IBANs (mod 97), Russian accounts,
/// phones, e-mails, tax ids and passports; `kinds` (null: all) limits the kinds and `allow`
/// lists values to keep (the bank's own numbers).
#[uniffi::export]
pub fn redact(
    text: String,
    kinds: Option<Vec<String>>,
    allow: Vec<String>,
) -> Result<Redacted, OtklikError> {
    let options =
        RedactOptions::from_names(kinds.as_deref(), &allow).map_err(OtklikError::invalid)?;
    let r = otklik::pii::redact_with(&text, &options);
    Ok(Redacted {
        findings: r
            .matches
            .iter()
            .map(|m| PiiFinding {
                kind: m.kind.as_str().to_owned(),
                start: utf16(&text, m.start),
                end: utf16(&text, m.end),
                found: text.get(m.start..m.end).unwrap_or("").to_owned(),
                masked: m.masked.clone(),
            })
            .collect(),
        text: r.text,
    })
}

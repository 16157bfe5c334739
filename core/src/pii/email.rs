//! E-mail addresses.

use super::PiiKind;
use super::detect::Candidate;

/// The longest local part (RFC 5321) and domain (RFC 1035) read.
const MAX_LOCAL: usize = 64;
const MAX_DOMAIN: usize = 253;

/// Local parts of role addresses (`care@…`, `support@…`): they name a service desk, not a
/// person, so they are not personal data and are left as they are.
pub(super) const ROLE_LOCAL_PARTS: &[&str] = &[
    "abuse",
    "admin",
    "care",
    "contact",
    "contacts",
    "feedback",
    "hello",
    "help",
    "helpdesk",
    "hotline",
    "info",
    "noreply",
    "no-reply",
    "office",
    "postmaster",
    "press",
    "sales",
    "service",
    "support",
    "webmaster",
];

fn local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Finds every e-mail address that is not a role address.
pub(super) fn emails(text: &str, out: &mut Vec<Candidate>) {
    for (at, _) in text.match_indices('@') {
        if let Some((start, end)) = read(text, at) {
            let local = &text[start..at];
            if !ROLE_LOCAL_PARTS
                .iter()
                .any(|r| local.eq_ignore_ascii_case(r))
            {
                out.push(Candidate {
                    kind: PiiKind::Email,
                    start,
                    end,
                    checked: false,
                    full: false,
                });
            }
        }
    }
}

/// The address around the `@` at byte `at`, if there is one.
fn read(text: &str, at: usize) -> Option<(usize, usize)> {
    // The local part, read backwards; a run longer than MAX_LOCAL is not an address.
    let mut start = at;
    for (n, (i, c)) in text[..at].char_indices().rev().enumerate() {
        if !local_char(c) {
            break;
        }
        if n == MAX_LOCAL {
            return None;
        }
        start = i;
    }
    // It starts and ends with a letter or digit: `(.ivan@…` gives `ivan@…`.
    let local = text[start..at].trim_start_matches(|c: char| !c.is_alphanumeric());
    start = at - local.len();
    if local.is_empty() || local.ends_with('.') || local.contains("..") {
        return None;
    }
    // The domain: labels of letters, digits and inner dashes, at least two, the last (the
    // top-level domain) of two or more letters. A final dot ends the sentence, not the domain.
    let mut end = at + 1;
    for (n, (i, c)) in text[at + 1..].char_indices().enumerate() {
        if !(domain_char(c) || c == '.') {
            break;
        }
        if n == MAX_DOMAIN {
            return None;
        }
        end = at + 1 + i + c.len_utf8();
    }
    let domain = text[at + 1..end].trim_end_matches('.');
    end = at + 1 + domain.len();
    let tld = domain.rsplit('.').next().unwrap_or("");
    let ok = domain.contains('.')
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic)
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    ok.then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        emails(text, &mut out);
        out.iter().map(|c| &text[c.start..c.end]).collect()
    }

    #[test]
    fn addresses() {
        assert_eq!(
            found("на пошту marta.hnatiuk@ukr.net будь ласка."),
            ["marta.hnatiuk@ukr.net"]
        );
        assert_eq!(
            found("(ivan.petrenko88@gmail.com)."),
            ["ivan.petrenko88@gmail.com"]
        );
        assert_eq!(found("пишіть: олена@пошта.укр!"), ["олена@пошта.укр"]);
        assert_eq!(found("a+b@mail.example.co.uk,"), ["a+b@mail.example.co.uk"]);
        assert!(found("@zoryabank").is_empty());
        assert!(found("Дякую@zoryabank").is_empty());
        assert!(found("care@zoryabank.ua").is_empty());
        assert!(found("x@y.1").is_empty());
        assert!(found("x@-y.com").is_empty());
        assert!(found("x..y@y.com").is_empty());
        assert!(found("@@@@").is_empty());
        assert!(found(&format!("{}@x.com", "a".repeat(65))).is_empty());
    }
}

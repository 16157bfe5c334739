//! PII redaction: the shared cases of testdata/pii.toml, the special cases of the example data
//! (examples/data/README.md), large inputs, and properties over arbitrary text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use otklik::Mention;
use otklik::io::{JsonlReader, ReadOptions};
use otklik::pii::{self, PiiKind, RedactOptions, Redacted, redact, redact_mention, redact_with};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    lang: String,
    text: String,
    matches: Vec<Expected>,
    redacted: Option<String>,
    kinds: Option<Vec<String>>,
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    kind: String,
    found: String,
    masked: String,
    char_start: Option<usize>,
}

fn load() -> File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pii.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Everything a [`Redacted`] promises about its offsets, checked against the original text.
fn check_offsets(text: &str, r: &Redacted) {
    assert_eq!(r.matches.len(), r.spans.len());
    let mut rebuilt = String::new();
    let mut last_end = 0;
    for (m, out) in r.matches.iter().zip(&r.spans) {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
        assert!(last_end <= m.start, "overlap or disorder at {m:?}");
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(m.char_start, text[..m.start].chars().count(), "{m:?}");
        assert_eq!(m.char_end, text[..m.end].chars().count(), "{m:?}");
        assert_eq!(m.span().start, m.start);
        rebuilt.push_str(&text[last_end..m.start]);
        assert_eq!(out.start, rebuilt.len());
        assert_eq!(out.char_start, rebuilt.chars().count());
        rebuilt.push_str(&m.masked);
        assert_eq!(out.end, rebuilt.len());
        assert_eq!(out.char_end, rebuilt.chars().count());
        assert_eq!(&r.text[out.start..out.end], m.masked);
        last_end = m.end;
    }
    rebuilt.push_str(&text[last_end..]);
    assert_eq!(rebuilt, r.text);
}

fn options(case: &Case) -> RedactOptions {
    let mut o = match &case.kinds {
        Some(kinds) => RedactOptions::only(
            &kinds
                .iter()
                .map(|k| PiiKind::from_name(k).unwrap_or_else(|| panic!("kind {k}")))
                .collect::<Vec<_>>(),
        ),
        None => RedactOptions::new(),
    };
    for value in &case.allow {
        o = o.allow(value);
    }
    o
}

#[test]
fn shared_cases() {
    let file = load();
    assert!(file.case.len() >= 40, "{} cases", file.case.len());
    let langs: BTreeSet<&str> = file.case.iter().map(|c| c.lang.as_str()).collect();
    for lang in ["uk", "ru", "be", "kk-ru", "en", "mixed"] {
        assert!(langs.contains(lang), "no case in {lang}");
    }
    let near_misses = file.case.iter().filter(|c| c.matches.is_empty()).count();
    assert!(near_misses >= 15, "{near_misses} near-misses");
    let mut kinds_seen = BTreeSet::new();
    for case in &file.case {
        let o = options(case);
        let r = redact_with(&case.text, &o);
        check_offsets(&case.text, &r);
        let got: Vec<(&str, &str, &str)> = r
            .matches
            .iter()
            .map(|m| {
                (
                    m.kind.as_str(),
                    &case.text[m.start..m.end],
                    m.masked.as_str(),
                )
            })
            .collect();
        let want: Vec<(&str, &str, &str)> = case
            .matches
            .iter()
            .map(|m| (m.kind.as_str(), m.found.as_str(), m.masked.as_str()))
            .collect();
        assert_eq!(got, want, "case {:?}", case.name);
        for (m, e) in r.matches.iter().zip(&case.matches) {
            if let Some(c) = e.char_start {
                assert_eq!(m.char_start, c, "case {:?}", case.name);
                assert_eq!(
                    m.char_end,
                    c + e.found.chars().count(),
                    "case {:?}",
                    case.name
                );
            }
            kinds_seen.insert(m.kind);
        }
        if let Some(redacted) = &case.redacted {
            assert_eq!(&r.text, redacted, "case {:?}", case.name);
        }
        assert_eq!(pii::find_pii_with(&case.text, &o), r.matches);
        let again = redact_with(&r.text, &o);
        assert!(
            again
                .matches
                .iter()
                .all(|m| !matches!(m.kind, PiiKind::Card | PiiKind::Iban)),
            "case {:?}: {:?}",
            case.name,
            again.matches
        );
    }
    assert_eq!(kinds_seen.len(), PiiKind::ALL.len(), "a kind has no case");
}

/// The example data set: examples/data/README.md lists the records with personal data and the
/// near-misses; nothing else in the 438 records may be masked.
#[test]
fn example_data_special_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/mentions.jsonl");
    let file = std::fs::File::open(path).unwrap();
    let mentions: Vec<Mention> =
        JsonlReader::new(std::io::BufReader::new(file), ReadOptions::new())
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(mentions.len(), 438);

    use PiiKind::*;
    let expected: BTreeMap<&str, Vec<PiiKind>> = [
        // Luhn-valid cards.
        ("tgb-000963", vec![Card]),
        ("ig-002186", vec![Card]),
        ("tgb-000375", vec![Card]),
        ("tg-001037", vec![Card]),
        ("web-000345", vec![Phone, Card]),
        // IBANs that pass mod-97 (fb-001156 also has a phone).
        ("fb-001156", vec![Iban, Phone]),
        ("tgb-001004", vec![Iban]),
        ("fr-001133", vec![Iban]),
        // Phone numbers.
        ("tgb-000484", vec![Phone]),
        ("fb-000861", vec![Phone]),
        ("x-000488", vec![Phone]),
        ("vk-000935", vec![Phone]),
        ("tgb-001291", vec![Phone]),
        // E-mail addresses.
        ("tgb-000787", vec![Email]),
        ("tgb-001382", vec![Email]),
        ("as-001344", vec![Email]),
    ]
    .into_iter()
    .collect();
    // Near-misses: text that must come out unchanged.
    let kept: &[(&str, &str)] = &[
        ("x-000319", "15 000 грн"),
        ("x-000319", "№4820193"),
        ("ig-001321", "1 250,50 UAH"),
        ("tgb-001507", "12 999 грн"),
        ("tgb-001111", "4 500 грн"),
        ("tgb-001111", "45 грн"),
        ("tgb-001612", "24.12.2025"),
        ("tgb-001612", "2 399,00 грн"),
        ("tgb-001612", "4149 **** **** 7788"),
        ("fb-001156", "12.10.2025"),
        ("fr-000802", "03.02.2023"),
        ("tgb-000845", "7730019284"),
        ("tgb-000889", "5168 7420 1234 5673"),
        ("fb-000825", "0 800 300 900"),
        ("fb-000875", "0 800 300 900"),
    ];

    let mut found: BTreeMap<&str, Vec<PiiKind>> = BTreeMap::new();
    let mut by_id = BTreeMap::new();
    for m in &mentions {
        let (clean, matches) = redact_mention(m);
        check_offsets(
            &m.text,
            &Redacted {
                text: clean.text.clone(),
                spans: redact(&m.text).spans,
                matches: matches.clone(),
            },
        );
        assert_eq!(clean.id, m.id);
        assert_eq!(clean.extra, m.extra);
        if !matches.is_empty() {
            found.insert(m.id.as_str(), matches.iter().map(|x| x.kind).collect());
        }
        by_id.insert(m.id.as_str(), (m, clean));
    }
    assert_eq!(found, expected);
    for (id, text) in kept {
        let (m, clean) = &by_id[id];
        assert!(m.text.contains(text), "{id}: {text:?} is not in the record");
        assert!(clean.text.contains(text), "{id}: {text:?} was masked");
    }
    // The bank's reply to gm-000474 gives its own role address.
    let reply = mentions
        .iter()
        .find(|m| m.parent_id.as_deref() == Some("gm-000474"))
        .unwrap();
    assert!(reply.text.contains("care@zoryabank.ua"));
    assert!(redact_mention(reply).1.is_empty());
    // A spaced IBAN's groups are not a card; masks keep the country and the last four.
    let (_, clean) = &by_id["fb-001156"];
    assert!(clean.text.contains("UA** **** **** **** **** **** *789 0"));
    assert!(clean.text.contains("+*** ** *** ** 67"));
}

#[test]
fn options_choose_kinds() {
    let text = "4111 1111 1111 1111 +380 67 123 45 67 ivan@ukr.net ІПН 3184710691";
    for kind in PiiKind::ALL {
        let only = RedactOptions::only(&[kind]);
        assert!(
            pii::find_pii_with(text, &only)
                .iter()
                .all(|m| m.kind == kind)
        );
        let without = RedactOptions::new().kind(kind, false);
        assert!(
            pii::find_pii_with(text, &without)
                .iter()
                .all(|m| m.kind != kind)
        );
    }
    assert_eq!(pii::find_pii(text).len(), 4);
    assert!(pii::find_pii_with(text, &RedactOptions::only(&[])).is_empty());
}

/// Inputs where redacting the redacted text once found new cards (digits left after a mask).
#[test]
fn redacting_twice_finds_nothing_new() {
    for text in [
        "954665647092580 1702 9449 2256 50",
        "6636 2389 2964 7365 4265 8832 3924",
        "4111 1111 1111 1111 4111 1111 1111 1111 4111",
        "4222222222222 2 2222 2222 2222",
    ] {
        let r = redact(text);
        let again = redact(&r.text);
        assert!(
            again.matches.is_empty(),
            "{text:?} -> {:?} -> {:?}",
            r.text,
            again.matches
        );
    }
}

/// A large text: the same paragraph many times (16 MiB), and hostile runs of digits, stars,
/// `@` and IBAN-like starts. Everything is found, each copy the same, in linear time.
#[test]
fn large_and_hostile_inputs() {
    let paragraph = "Картка 4111 1111 1111 1111, 15 000 грн, 12.03.2024, тел. +380 67 123 45 67, \
                     ivan@ukr.net, UA31 3510 0500 0002 6001 2345 6789 0 😡👩‍💻\n";
    let copies = (16 << 20) / paragraph.len() + 1;
    let text = paragraph.repeat(copies);
    assert!(text.len() >= 16 << 20);
    let r = redact(&text);
    assert_eq!(r.matches.len(), 4 * copies);
    let last = &r.matches[r.matches.len() - 1];
    assert_eq!(last.kind, PiiKind::Iban);
    assert_eq!(
        last.char_end,
        text.chars().count() - " 😡👩‍💻\n".chars().count()
    );
    for hostile in [
        "1 ".repeat(1 << 20),
        "4111 ".repeat(1 << 18),
        "1-".repeat(1 << 20),
        "9".repeat(1 << 21),
        "@".repeat(1 << 20),
        format!("{}@", "a".repeat(1 << 20)),
        "a.".repeat(1 << 19) + "@x",
        "UA31 ".repeat(1 << 18),
        "*1 ".repeat(1 << 19),
        "ИНН ".repeat(1 << 18),
        "паспорт 1 ".repeat(1 << 17),
        "+7".repeat(1 << 19),
    ] {
        let r = redact(&hostile);
        check_offsets(&hostile, &r);
    }
}

/// A Luhn-valid card number of `len` digits starting with `prefix`, from `body` digits.
fn luhn_card(prefix: &[u8], body: &[u8], len: usize) -> String {
    let mut d: Vec<u8> = prefix
        .iter()
        .chain(body.iter())
        .copied()
        .take(len - 1)
        .collect();
    // The check digit that makes the sum a multiple of 10 (it is doubled from the right).
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 0 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    d.push(((10 - sum % 10) % 10) as u8);
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

fn is_luhn(digits: &str) -> bool {
    pii::checksum::luhn_valid(digits)
}

/// A card number written compact, or in fours with spaces or with dashes. 13-, 14- and 15-digit
/// numbers start as Visa, Diners Club and American Express numbers do.
fn card() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![2u8, 3, 4, 5, 6, 9]),
        prop::collection::vec(0u8..10, 18),
        13usize..=19,
        0..3usize,
    )
        .prop_map(|(first, body, len, style)| {
            let prefix: &[u8] = match len {
                13 => &[4],
                14 => &[3, 6],
                15 => &[3, 7],
                _ => &[first],
            };
            let digits = luhn_card(prefix, &body, len);
            let chars: Vec<char> = digits.chars().collect();
            match style {
                0 => digits,
                _ => chars
                    .chunks(4)
                    .map(|c| c.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join(if style == 1 { " " } else { "-" }),
            }
        })
}

/// Pieces that make the detectors work: digit groups, separators, stars, signs, IBAN starts,
/// keywords, e-mail parts, multi-byte characters, and whole card numbers.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[0-9]{1,6}",
        2 => card(),
        2 => "[1-9][0-9]{3}( [0-9]{4}){3,7}",
        3 => prop::sample::select(vec![" ", " ", "-", ".", " (", ") ", ",", "\n", "\u{a0}"])
            .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "+", "*", "**", "****", "@", "UA", "ua", "UА", "KZ", "ІПН ", "ИНН ", "паспорт ",
            "БИК 044525225 ", "картка", "ivan", ".ua", "№", "/", "😡", "👩‍💻", "é", "\u{301}",
            "４", "𝟒", "грн", "x",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Cyrillic words (with a few Latin look-alikes, apostrophes and emoji) joined by spaces.
fn cyrillic_words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => "[а-яёіїєґў]{1,12}",
            1 => "[А-ЯЁІЇЄҐЎ][а-я]{0,8}",
            1 => prop::sample::select(vec!["😡", "🙏", "Зоpя", "м'ята", "—", ",", "!"])
                .prop_map(str::to_owned),
        ],
        0..12,
    )
    .prop_map(|w| w.join(" "))
}

/// The digits of the redacted text around a byte range, across separators and stars.
fn digits_around(text: &str, start: usize, end: usize) -> String {
    let joins = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '*');
    let from = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| joins(c))
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .find(|&(_, c)| !joins(c))
        .map_or(text.len(), |(i, _)| end + i);
    text[from..to]
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_never_panics_and_offsets_hold(text in any::<String>()) {
        let r = redact(&text);
        check_offsets(&text, &r);
    }

    #[test]
    fn soup_offsets_masks_and_idempotence(text in soup()) {
        let r = redact(&text);
        check_offsets(&text, &r);
        for (m, out) in r.matches.iter().zip(&r.spans) {
            if m.kind != PiiKind::Card {
                continue;
            }
            let digits: String = text[m.start..m.end]
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if digits.chars().count() != text[m.start..m.end].chars().filter(|c| c.is_numeric()).count() {
                continue; // full-width or mathematical digits
            }
            prop_assert!(is_luhn(&digits), "{:?}", m);
            let kept = r.text[out.start..out.end].chars().filter(char::is_ascii_digit).count();
            prop_assert!(kept <= 4, "{:?}", m);
            let around = digits_around(&r.text, out.start, out.end);
            prop_assert!(!around.contains(&digits), "{:?} still readable in {:?}", m, r.text);
        }
        let again = redact(&r.text);
        let new: Vec<_> = again
            .matches
            .iter()
            .filter(|m| matches!(m.kind, PiiKind::Card | PiiKind::Iban))
            .collect();
        prop_assert!(new.is_empty(), "{:?} found again in {:?}", new, r.text);
    }

    #[test]
    fn cards_in_cyrillic_text_are_always_found(
        before in cyrillic_words(),
        card in card(),
        after in cyrillic_words(),
        tail in prop::sample::select(vec![" ", ", ", ". ", "! ", " — ", "\n"]),
    ) {
        let text = format!("{before} {card}{tail}{after}");
        let r = redact(&text);
        check_offsets(&text, &r);
        let cards: Vec<&str> = r
            .matches
            .iter()
            .filter(|m| m.kind == PiiKind::Card)
            .map(|m| &text[m.start..m.end])
            .collect();
        prop_assert_eq!(cards, vec![card.as_str()]);
        let last4: String = card.chars().filter(char::is_ascii_digit).collect::<Vec<_>>()
            [card.chars().filter(char::is_ascii_digit).count() - 4..]
            .iter()
            .collect();
        let masked = &r.matches.iter().find(|m| m.kind == PiiKind::Card).unwrap().masked;
        prop_assert_eq!(masked.chars().filter(char::is_ascii_digit).collect::<String>(), last4);
    }
}

/// The cheap pre-test never says "no" where the detector finds something.
#[test]
fn may_hold_pii_never_hides_a_finding() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pii.toml");
    let doc: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    for case in doc["case"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        if !otklik::pii::find_pii(text).is_empty() {
            assert!(otklik::pii::may_hold_pii(text), "{text}");
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
}

//! Tagging: the shared cases of testdata/tagging.toml, rule-file errors, lint, bounded work on
//! hostile input, and thread safety.

use std::path::Path;

use chrono::DateTime;
use otklik::rules::{LintKind, Priority, RuleErrorKind, RuleSet};
use otklik::{Kind, Mention, Platform, Rating};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
struct File {
    rules: String,
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    tags: Vec<String>,
    spans: Option<Vec<String>>,
    platform: Option<String>,
    kind: Option<String>,
    rating: Option<u8>,
    #[serde(default)]
    author_is_brand: bool,
}

fn load() -> File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tagging.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn shared_cases() {
    let file = load();
    let rules = RuleSet::from_toml(&file.rules).unwrap();
    assert!(file.case.len() >= 20);
    for case in &file.case {
        let mut m = Mention::new(
            "case",
            case.platform
                .as_deref()
                .map_or(Platform::Unspecified, Platform::from_name),
            case.kind.as_deref().map_or(Kind::Post, Kind::from_name),
            case.text.clone(),
            DateTime::UNIX_EPOCH,
        );
        m.rating = case.rating.map(|r| Rating::new(r).unwrap());
        m.author_is_brand = case.author_is_brand;
        let t = rules.tag(&m);
        assert_eq!(t.tag_ids(), case.tags, "{:?}", case.text);
        if let Some(spans) = &case.spans {
            let got: Vec<&str> = t.tags[0]
                .spans
                .iter()
                .map(|s| &case.text[s.start..s.end])
                .collect();
            assert_eq!(&got, spans, "{:?}", case.text);
            for s in &t.tags[0].spans {
                let by_chars: String = case
                    .text
                    .chars()
                    .skip(s.char_start)
                    .take(s.char_end - s.char_start)
                    .collect();
                assert_eq!(by_chars, &case.text[s.start..s.end]);
            }
        }
    }
}

#[test]
fn priority_queue_and_needs_reply_come_from_the_fired_tags() {
    let rules = RuleSet::from_toml(&load().rules).unwrap();
    let t = rules.tag_text("Зоря не працює, дзвонили зі служби безпеки, просили CVV");
    assert_eq!(t.tag_ids(), ["bank", "complaint", "fraud"]);
    assert!(t.needs_reply);
    assert_eq!(t.priority, Some(Priority::Urgent));
    assert_eq!(t.queue.as_deref(), Some("fraud"));
    let calm = rules.tag_text("Зоря");
    assert!(!calm.needs_reply);
    assert_eq!((calm.priority, calm.queue), (None, None));
}

fn compile_error(toml: &str) -> otklik::rules::RuleError {
    RuleSet::from_toml(toml).unwrap_err()
}

#[test]
fn rule_file_errors_name_the_place() {
    let err = compile_error("[[tag]]\nid = \"a\"\ncategory = \"type\"\nquery = 'x AND (y'\n");
    assert_eq!(
        (err.kind(), err.line(), err.column(), err.tag()),
        (RuleErrorKind::Query, Some(4), Some(18), Some("a"))
    );

    let err = compile_error(
        "[[tag]]\nid = \"a\"\ncategory = \"type\"\nquery = \"x\"\n[[tag]]\nid = \"a\"\ncategory = \"type\"\nquery = \"y\"\n",
    );
    assert_eq!(
        (err.kind(), err.line()),
        (RuleErrorKind::DuplicateId, Some(6))
    );
    assert!(err.to_string().contains("first at line 2"), "{err}");

    let err = compile_error("[[tag]]\nid = \"a\"\ncategory = \"sentiment\"\nquery = \"x\"\n");
    assert_eq!(
        (err.kind(), err.line(), err.column()),
        (RuleErrorKind::UnknownCategory, Some(3), Some(13))
    );

    let err = compile_error("[[tag]]\nid = \"a\"\ncategory = \"type\"\nquery = \"  \"\n");
    assert_eq!(
        (err.kind(), err.line()),
        (RuleErrorKind::InvalidValue, Some(4))
    );

    let err = compile_error(
        "[[tag]]\nid = \"a\"\ncategory = \"type\"\nquery = \"x\"\ncolour = \"red\"\n",
    );
    assert_eq!((err.kind(), err.line()), (RuleErrorKind::Syntax, Some(5)));
    assert!(err.to_string().contains("colour"), "{err}");

    let err = compile_error("[[tag]]\nid = \"a\"\nquery = \"x\"\n");
    assert_eq!(err.kind(), RuleErrorKind::Syntax);
    assert!(err.to_string().contains("category"), "{err}");

    let err = compile_error("[[tag]\nid = 1");
    assert_eq!((err.kind(), err.line()), (RuleErrorKind::Syntax, Some(1)));

    let err = compile_error("implicit_operator = \"near\"\n");
    assert_eq!(err.kind(), RuleErrorKind::InvalidValue);
}

#[test]
fn multi_line_queries_report_the_file_line() {
    let toml =
        "[[tag]]\nid = \"a\"\ncategory = \"type\"\nquery = '''\nкредит OR\nкарта AND (\n'''\n";
    let err = compile_error(toml);
    assert_eq!((err.line(), err.column()), (Some(7), Some(1)), "{err}");
}

#[test]
fn examples_are_checked_when_compiling() {
    let err = compile_error(
        "[[tag]]\nid = \"atm\"\ncategory = \"product\"\nquery = \"банкомат\"\nexamples.match = [\"Банкомати не працюють\"]\n",
    );
    assert_eq!(
        (err.kind(), err.tag(), err.example()),
        (
            RuleErrorKind::Example,
            Some("atm"),
            Some("Банкомати не працюють")
        )
    );
    assert!(
        err.reason()
            .contains("should match `банкомат`, but does not"),
        "{err}"
    );

    let err = compile_error(
        "[[tag]]\nid = \"atm\"\ncategory = \"product\"\nquery = \"банкомат*\"\nexamples.no_match = [\"банкоматний збій\"]\n",
    );
    assert!(
        err.reason().contains("but does on [\"банкоматний\"]"),
        "{err}"
    );

    // Examples can carry the fields a rule filters on.
    let ok = "[[tag]]\nid = \"bad\"\ncategory = \"type\"\nquery = \"rating:<=2\"\n\
              examples.match = [{ text = \"жах\", kind = \"review\", rating = 1 }]\nexamples.no_match = [\"жах\"]\n";
    RuleSet::from_toml(ok).unwrap();
}

#[test]
fn aliases_refer_to_each_other_but_not_in_cycles() {
    let ok = "[aliases]\nb = '@alias(a) OR zorya'\na = 'зоря'\n[[tag]]\nid = \"x\"\ncategory = \"type\"\nquery = '@alias(b)'\n";
    assert!(RuleSet::from_toml(ok).unwrap().tag_text("ZORYA").has("x"));
    let cycle = "[aliases]\na = '@alias(b)'\nb = '@alias(a)'\n";
    let err = compile_error(cycle);
    assert_eq!(err.kind(), RuleErrorKind::Alias);
    assert!(err.to_string().contains("cycle"), "{err}");
}

#[test]
fn json_rule_files_work_too() {
    let rules = RuleSet::from_json(r#"{"categories": ["risk"], "tag": [{"id": "f", "category": "risk", "query": "cvv", "priority": "urgent"}]}"#).unwrap();
    assert_eq!(rules.tag_text("send CVV").priority, Some(Priority::Urgent));
    let err = RuleSet::from_json(r#"{"tag": [{"id": "f", "category": "type", "query": "a b"}]}"#)
        .unwrap_err();
    assert_eq!((err.kind(), err.line()), (RuleErrorKind::Query, Some(1)));
    let err = RuleSet::from_json("{\"tag\": [}").unwrap_err();
    assert_eq!(err.kind(), RuleErrorKind::Syntax);
}

#[test]
fn lint_reports_unanchored_and_suspicious_rules() {
    let rules = RuleSet::from_toml(
        "[[tag]]\nid = \"reviews\"\ncategory = \"type\"\nquery = \"kind:review\"\n\
         [[tag]]\nid = \"not\"\ncategory = \"type\"\nquery = \"NOT тест\"\n\
         [[tag]]\nid = \"never\"\ncategory = \"type\"\nquery = \"a AND NOT a\"\n\
         [[tag]]\nid = \"short\"\ncategory = \"type\"\nquery = \"ка* OR *банк\"\n\
         [[tag]]\nid = \"fine\"\ncategory = \"type\"\nquery = \"кредит AND NOT тест\"\n",
    )
    .unwrap();
    let kinds: Vec<(&str, LintKind)> = rules
        .lint()
        .iter()
        .map(|l| (l.tag.as_str(), l.kind))
        .collect();
    assert!(kinds.contains(&("reviews", LintKind::AlwaysEvaluated)));
    assert!(kinds.contains(&("not", LintKind::AlwaysEvaluated)));
    assert!(kinds.contains(&("not", LintKind::OnlyNegative)));
    assert!(kinds.contains(&("never", LintKind::NeverMatches)));
    assert!(kinds.contains(&("short", LintKind::ShortWildcard)));
    assert!(kinds.contains(&("short", LintKind::AlwaysEvaluated)));
    assert!(!kinds.iter().any(|(t, _)| *t == "fine"));
    // Unanchored rules still match correctly.
    assert_eq!(rules.tag_text("ощадбанк").tag_ids(), ["not", "short"]);
}

#[test]
fn huge_texts_are_bounded() {
    let rules = RuleSet::from_toml(&load().rules).unwrap();
    let text = "Зоря не працює. ".repeat(500_000); // 14 MB
    let t = rules.tag_text(&text);
    assert_eq!(t.tag_ids(), ["bank", "complaint"]);
    assert!(!t.truncated);
    let bigger = "ж".repeat(9 << 20); // 18 MB
    let t = rules.tag_text(&bigger);
    assert!(t.truncated && t.tags.is_empty());
}

#[test]
fn a_rule_set_is_shared_across_threads() {
    let rules = RuleSet::from_toml(&load().rules).unwrap();
    let texts: Vec<String> = (0..2000)
        .map(|i| format!("Зоря #{i} картку заблокували"))
        .collect();
    let serial: Vec<_> = texts.iter().map(|t| rules.tag_text(t)).collect();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (rules, texts) = (rules.clone(), texts.clone());
            std::thread::spawn(move || rules.tag_many(&texts))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), serial);
    }
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RuleSet>();
}

proptest! {
    #[test]
    fn tagging_never_panics_and_spans_are_in_bounds(text in "\\PC{0,200}") {
        let rules = RuleSet::from_toml(&load().rules).unwrap();
        let t = rules.tag_text(&text);
        for tag in &t.tags {
            for s in &tag.spans {
                prop_assert!(s.start <= s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }

    #[test]
    fn normalizer_never_panics_and_maps_within_bounds(text in "\\PC{0,100}", a in 0usize..400, b in 0usize..400) {
        let n = otklik::text::normalize(&text);
        let (s, e) = n.original_span(a.min(b), a.max(b));
        prop_assert!(s <= e && e <= text.len());
        let _ = otklik::text::tokenize(n.as_str());
    }
}

#[test]
fn aliases_cannot_blow_up() {
    // Each alias doubles the previous one: 2^40 parts if expanded without a limit.
    let mut file = String::from("[aliases]\na0 = 'x OR y'\n");
    for k in 1..40 {
        file.push_str(&format!(
            "a{k} = '@alias(a{}) OR @alias(a{})'\n",
            k - 1,
            k - 1
        ));
    }
    let err = RuleSet::from_toml(&file).unwrap_err();
    assert!(err.to_string().contains("more than"), "{err}");
    // Each alias nests the previous one deeper.
    let mut file = String::from("[aliases]\nb0 = 'x'\n");
    for k in 1..1000 {
        file.push_str(&format!("b{k} = 'x AND NOT (@alias(b{}))'\n", k - 1));
    }
    let err = RuleSet::from_toml(&file).unwrap_err();
    assert!(err.to_string().contains("deeper than"), "{err}");
}

#[test]
fn near_on_many_repeats_stays_fast_and_correct() {
    let rules = RuleSet::from_toml(
        "[[tag]]\nid = \"n\"\ncategory = \"type\"\nquery = \"банк NEAR/3 кредит\"\n",
    )
    .unwrap();
    let far = format!(
        "{}{}",
        "банк ".repeat(40_000),
        "x x x x кредит ".repeat(40_000)
    );
    assert!(!rules.tag_text(&far).has("n"));
    let near = format!("{}кредит", "банк ".repeat(40_000));
    assert!(rules.tag_text(&near).has("n"));
}

#[test]
fn handles_with_dots_and_wildcards_with_punctuation() {
    let rules =
        RuleSet::from_toml("[[tag]]\nid = \"h\"\ncategory = \"type\"\nquery = \"@zorya.bank\"\n")
            .unwrap();
    assert!(rules.tag_text("пишу @zorya.bank").has("h"));
    assert!(!rules.tag_text("пишу @zorya").has("h"));
    let err =
        RuleSet::from_toml("[[tag]]\nid = \"w\"\ncategory = \"type\"\nquery = \"онлайн-банк*\"\n")
            .unwrap_err();
    assert!(
        err.to_string().contains("a wildcard matches one word"),
        "{err}"
    );
}

#[test]
fn stems_find_forms_whose_stem_is_not_a_prefix_of_the_word() {
    let rules = RuleSet::from_toml(
        "[[tag]]\nid = \"s\"\ncategory = \"type\"\nquery = \"~drive OR ~stories\"\n",
    )
    .unwrap();
    assert!(rules.tag_text("driving to the bank").has("s"));
    assert!(rules.tag_text("a story about a card").has("s"));
}

#[test]
fn capital_letters_in_regexes_are_linted() {
    let rules = RuleSet::from_toml(
        "[[tag]]\nid = \"r\"\ncategory = \"type\"\nquery = '/ATM \\d+/ OR банкомат'\n",
    )
    .unwrap();
    assert!(
        rules.lint().iter().any(|l| l.kind == LintKind::RegexCase),
        "{:?}",
        rules.lint()
    );
}

#[test]
fn a_bad_example_value_names_the_tag_and_example() {
    let err = RuleSet::from_toml(
        "[[tag]]\nid = \"bad\"\ncategory = \"type\"\nquery = \"rating:<=2\"\nexamples.match = [{ text = \"жах\", rating = 9 }]\n",
    )
    .unwrap_err();
    assert_eq!(
        (err.line(), err.tag(), err.example()),
        (Some(2), Some("bad"), Some("жах"))
    );
    assert!(err.reason().contains("rating must be 1 to 5"), "{err}");
}

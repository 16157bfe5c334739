//! The query language: the shared parse cases, limits, and the property that the canonical
//! printed form parses back to the same query.

use std::path::Path;

use otklik::rules::{Cmp, Field, ParseOptions, Query, Term, parse_query};
use otklik::{Kind, Platform};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    query: String,
    canonical: Option<String>,
    error: Option<String>,
    column: Option<usize>,
    #[serde(default)]
    implicit_and: bool,
}

#[test]
fn shared_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/queries.toml");
    let cases: Cases = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.case.len() >= 30);
    for case in &cases.case {
        let options = ParseOptions::default().implicit_and(case.implicit_and);
        let result = parse_query(&case.query, &options);
        match (&case.canonical, &case.error, result) {
            (Some(canonical), None, Ok(q)) => {
                assert_eq!(&q.to_string(), canonical, "{:?}", case.query);
                assert_eq!(
                    parse_query(canonical, &options).unwrap(),
                    q,
                    "{canonical:?} parses back"
                );
            }
            (None, Some(error), Err(e)) => {
                assert!(
                    e.to_string().contains(error.as_str()),
                    "{:?}: {e}",
                    case.query
                );
                assert_eq!(Some(e.column()), case.column, "{:?}: {e}", case.query);
            }
            (_, _, result) => panic!("{:?}: unexpected {result:?}", case.query),
        }
    }
}

#[test]
fn errors_name_line_and_column_of_multiline_queries() {
    let err = parse_query("кредит OR\n  карта AND\n  (", &ParseOptions::default()).unwrap_err();
    assert_eq!((err.line(), err.column()), (3, 4));
}

#[test]
fn pathological_queries_stay_bounded() {
    let ors = (0..10_000)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    match parse_query(&ors, &ParseOptions::default()).unwrap() {
        Query::Or(parts) => assert_eq!(parts.len(), 10_000),
        other => panic!("{other:?}"),
    }
    let nested = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert_eq!(
        parse_query(&nested, &ParseOptions::default())
            .unwrap()
            .to_string(),
        "a"
    );
    let too_deep = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
    let err = parse_query(&too_deep, &ParseOptions::default()).unwrap_err();
    assert!(err.to_string().contains("nested deeper than"), "{err}");
    let nots = format!("{}a", "NOT ".repeat(1000));
    assert!(parse_query(&nots, &ParseOptions::default()).is_err());
    let huge = "a ".repeat(1 << 20);
    assert!(
        parse_query(&huge, &ParseOptions::default())
            .unwrap_err()
            .to_string()
            .contains("longer than")
    );
}

#[test]
fn aliases_expand() {
    let banks = parse_query(
        "зоря OR зорябанк OR \"zorya bank\"",
        &ParseOptions::default(),
    )
    .unwrap();
    let options = ParseOptions::default().alias("bank", banks.clone());
    let q = parse_query("@alias(bank) AND ~кредит", &options).unwrap();
    assert_eq!(
        q,
        Query::And(vec![banks, Query::Term(Term::Stem("кредит".into()))])
    );
}

// ---- property: print then parse gives the same query ----

fn word() -> impl Strategy<Value = String> {
    prop_oneof!["[а-яіїєґ]{1,8}", "[a-z]{1,8}", "[a-z][a-z0-9]{0,5}"]
        .prop_filter("normalization-stable", |w| {
            otklik::text::normalize(w).as_str() == w
        })
        .prop_filter("single token", |w| otklik::text::tokenize(w).len() == 1)
}

fn term() -> impl Strategy<Value = Query> {
    prop_oneof![
        word().prop_map(|w| Query::Term(Term::Word(w))),
        word().prop_map(|w| Query::Term(Term::Wildcard(format!("{w}*")))),
        (word(), word()).prop_map(|(a, b)| Query::Term(Term::Wildcard(format!("{a}?{b}")))),
        word().prop_map(|w| Query::Term(Term::Stem(w))),
        "[A-Za-zА-Яа-я]{1,6}".prop_map(|w| Query::Term(Term::Exact(w))),
        word().prop_map(|w| Query::Term(Term::Hashtag(w))),
        word().prop_map(|w| Query::Term(Term::Handle(w))),
        proptest::collection::vec(word(), 2..4).prop_map(Query::Phrase),
        prop_oneof![
            proptest::sample::select(Platform::KNOWN.to_vec()).prop_map(Field::Platform),
            proptest::sample::select(Kind::KNOWN.to_vec()).prop_map(Field::Kind),
            word().prop_map(Field::Lang),
            word().prop_map(Field::Author),
            (
                proptest::sample::select(vec![Cmp::Lt, Cmp::Le, Cmp::Eq, Cmp::Ge, Cmp::Gt]),
                0u64..100_000
            )
                .prop_map(|(c, n)| Field::Reach(c, n)),
            any::<bool>().prop_map(Field::Brand),
        ]
        .prop_map(Query::Field),
        "[a-zа-я]{1,5}( [0-9]+)?".prop_map(Query::Regex),
    ]
}

fn flatten(parts: Vec<Query>, and: bool) -> Vec<Query> {
    parts
        .into_iter()
        .flat_map(|p| match (p, and) {
            (Query::And(inner), true) | (Query::Or(inner), false) => inner,
            (other, _) => vec![other],
        })
        .collect()
}

fn query() -> impl Strategy<Value = Query> {
    term().prop_recursive(4, 32, 4, |inner| {
        let operand = || {
            term().prop_filter("proximity operand", |t| {
                matches!(t, Query::Term(_) | Query::Phrase(_))
            })
        };
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4)
                .prop_map(|p| Query::And(flatten(p, true))),
            proptest::collection::vec(inner.clone(), 2..4)
                .prop_map(|p| Query::Or(flatten(p, false))),
            inner.prop_map(|q| Query::Not(Box::new(q))),
            (operand(), operand(), 0u32..10, any::<bool>()).prop_map(
                |(l, r, distance, ordered)| Query::Near {
                    left: Box::new(l),
                    right: Box::new(r),
                    distance,
                    ordered
                }
            ),
        ]
    })
}

proptest! {
    #[test]
    fn printed_queries_parse_back(q in query()) {
        let printed = q.to_string();
        let parsed = parse_query(&printed, &ParseOptions::default());
        prop_assert_eq!(parsed, Ok(q), "{}", printed);
    }

    #[test]
    fn the_parser_never_panics(text in "\\PC{0,80}") {
        let _ = parse_query(&text, &ParseOptions::default());
        let _ = parse_query(&text, &ParseOptions::default().implicit_and(true));
    }

    #[test]
    fn the_parser_never_panics_on_query_like_text(
        parts in proptest::collection::vec(prop_oneof![
            Just("AND".to_owned()), Just("OR".to_owned()), Just("NOT".to_owned()), Just("(".to_owned()),
            Just(")".to_owned()), Just("\"".to_owned()), Just("NEAR/2".to_owned()), Just("-".to_owned()),
            Just("platform:".to_owned()), Just("@alias(".to_owned()), Just("{".to_owned()), Just("/".to_owned()),
            "[a-zа-я*?~#@]{1,5}",
        ], 0..12)
    ) {
        let text = parts.join(" ");
        let _ = parse_query(&text, &ParseOptions::default());
    }
}

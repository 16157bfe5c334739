//! Readers and writers of mentions: the shared test vectors, round trips, the real data sets,
//! huge texts, and a property test that any mention survives JSON Lines and CSV.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use otklik::io::{
    CsvReader, CsvWriter, InputError, InputErrorKind, JsonlReader, JsonlWriter, OnError,
    ReadOptions,
};
use otklik::{Kind, Mention, Platform, Rating};
use proptest::prelude::*;

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

/// `../shared/data/` beside the project root; CI and developers have it.
fn shared_data(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: the shared data sets must sit beside the project",
        path.display()
    );
    path
}

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    format: String,
    input: String,
    ok: usize,
    kind: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    field: Option<String>,
}

const BASE: &str =
    r#""id":"1","platform":"x","kind":"post","text":"t","published_at":"2025-01-01T00:00:00Z""#;

/// Applies the conventions of `testdata/README.md`: `{BASE}` and `\xHH` raw bytes.
fn case_bytes(input: &str) -> Vec<u8> {
    let input = input.replace("{BASE}", BASE);
    let mut out = Vec::with_capacity(input.len());
    let mut rest = input.as_str();
    while let Some(at) = rest.find("\\x") {
        out.extend_from_slice(&rest.as_bytes()[..at]);
        let hex = &rest[at + 2..at + 4];
        out.push(u8::from_str_radix(hex, 16).expect("\\xHH needs two hex digits"));
        rest = &rest[at + 4..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

fn read(format: &str, bytes: &[u8], options: ReadOptions) -> Vec<Result<Mention, InputError>> {
    match format {
        "jsonl" => JsonlReader::new(bytes, options).collect(),
        "csv" => CsvReader::new(bytes, options).collect(),
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn shared_vectors() {
    let text = std::fs::read_to_string(testdata("mention_io.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    assert!(cases.case.len() >= 20);
    for case in &cases.case {
        let bytes = case_bytes(&case.input);
        let results = read(&case.format, &bytes, ReadOptions::new());
        let good = results.iter().take_while(|r| r.is_ok()).count();
        assert_eq!(
            good, case.ok,
            "{}: records read before the error",
            case.name
        );
        let err = results.iter().find_map(|r| r.as_ref().err());
        match (&case.kind, err) {
            (None, None) => assert_eq!(results.len(), case.ok, "{}", case.name),
            (Some(kind), Some(err)) => {
                assert_eq!(err.kind().as_str(), kind, "{}: {err}", case.name);
                assert_eq!(Some(err.line()), case.line, "{}: {err}", case.name);
                if case.column.is_some() {
                    assert_eq!(err.column(), case.column, "{}: {err}", case.name);
                }
                if case.field.is_some() {
                    assert_eq!(err.field(), case.field.as_deref(), "{}: {err}", case.name);
                }
                let shown = err.to_string();
                assert!(
                    shown.starts_with(&format!("line {}", err.line())),
                    "{}: {shown}",
                    case.name
                );
                // Stop mode ends at the first error.
                assert_eq!(results.len(), case.ok + 1, "{}", case.name);
            }
            (Some(kind), None) => panic!("{}: expected a {kind} error, read everything", case.name),
            (None, Some(err)) => panic!("{}: unexpected error {err}", case.name),
        }
    }
}

#[test]
fn skip_mode_collects_errors_and_goes_on() {
    let input = format!(
        "{{{BASE}}}\nbroken\n{{{BASE},\"rating\":9}}\n{{\"id\":\"2\",\"platform\":\"vk\",\"kind\":\"post\",\"text\":\"ok\",\"published_at\":\"2025-01-01T00:00:00Z\"}}\n"
    );
    let mut reader = JsonlReader::new(input.as_bytes(), ReadOptions::new().on_error(OnError::Skip));
    let ids: Vec<String> = reader.by_ref().map(|r| r.unwrap().id).collect();
    assert_eq!(ids, ["1", "2"]);
    let lines: Vec<u64> = reader.errors().iter().map(InputError::line).collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(reader.take_errors().len(), 2);
    assert!(reader.errors().is_empty());
}

#[test]
fn skip_mode_gives_up_after_too_many_errors() {
    let input = "a\nb\nc\nd\n";
    let options = ReadOptions::new().on_error(OnError::Skip).max_errors(2);
    let err = JsonlReader::new(input.as_bytes(), options)
        .read_all()
        .unwrap_err();
    assert_eq!(err.kind(), InputErrorKind::TooManyErrors);
    assert_eq!(err.line(), 3);
}

#[test]
fn stop_mode_read_all_returns_the_first_error() {
    let input = format!("{{{BASE}}}\n{{\n{{{BASE}}}\n");
    let err = JsonlReader::new(input.as_bytes(), ReadOptions::new())
        .read_all()
        .unwrap_err();
    assert_eq!((err.line(), err.kind()), (2, InputErrorKind::Syntax));
}

#[test]
fn records_over_the_limit_are_skipped_without_losing_sync() {
    let big = "я".repeat(600);
    let input = format!(
        "{{\"id\":\"1\",\"platform\":\"x\",\"kind\":\"post\",\"text\":\"{big}\",\"published_at\":\"2025-01-01T00:00:00Z\"}}\n{{{BASE}}}\n"
    );
    let options = ReadOptions::new()
        .on_error(OnError::Skip)
        .max_record_bytes(1000);
    let mut reader = JsonlReader::new(input.as_bytes(), options);
    let good: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(good.len(), 1);
    assert_eq!(reader.errors()[0].kind(), InputErrorKind::TooLarge);
    assert_eq!(reader.errors()[0].line(), 1);
    let csv = format!("id,platform,kind,text,published_at\n1,x,post,{big},2025-01-01T00:00:00Z\n");
    let options = ReadOptions::new().max_record_bytes(1000);
    let err = CsvReader::new(csv.as_bytes(), options)
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!((err.kind(), err.line()), (InputErrorKind::TooLarge, 2));
}

#[test]
fn io_errors_stop_even_in_skip_mode() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("connection reset"))
        }
    }
    let options = ReadOptions::new().on_error(OnError::Skip);
    let results: Vec<_> = JsonlReader::new(BufReader::new(Failing), options.clone()).collect();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap_err().kind(), InputErrorKind::Io);
    let results: Vec<_> = CsvReader::new(Failing, options).collect();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap_err().kind(), InputErrorKind::Io);
}

fn sample() -> Mention {
    let t = Utc.with_ymd_and_hms(2025, 10, 3, 7, 15, 0).unwrap();
    let mut m = Mention::new(
        "tgb-1",
        Platform::TelegramBot,
        Kind::Message,
        "Картку заблоковано,\n\"чому\"?",
        t,
    );
    m.author = Some("olena".into());
    m.rating = Some(Rating::new(2).unwrap());
    m.reach = Some(u64::MAX);
    m.extra.insert("vendor_sentiment".into(), (-1).into());
    m.extra.insert(
        "geo".into(),
        serde_json::json!({"lat": 50.45, "lon": 30.52}),
    );
    m
}

fn jsonl_round_trip(mentions: &[Mention]) -> Vec<Mention> {
    let mut writer = JsonlWriter::new(Vec::new());
    for m in mentions {
        writer.write(m).unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    JsonlReader::new(bytes.as_slice(), ReadOptions::new())
        .collect::<Result<_, _>>()
        .unwrap()
}

fn csv_round_trip(mentions: &[Mention]) -> Vec<Mention> {
    let mut writer = CsvWriter::new(Vec::new());
    for m in mentions {
        writer.write(m).unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    CsvReader::new(bytes.as_slice(), ReadOptions::new())
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn round_trips_keep_everything() {
    let m = sample();
    assert_eq!(
        jsonl_round_trip(std::slice::from_ref(&m)),
        std::slice::from_ref(&m)
    );
    assert_eq!(csv_round_trip(std::slice::from_ref(&m)), [m]);
}

#[test]
fn csv_writer_with_no_rows_writes_the_header() {
    let bytes = CsvWriter::new(Vec::new()).into_inner().unwrap();
    let header = String::from_utf8(bytes).unwrap();
    assert!(header.starts_with("id,platform,kind,text,published_at,"));
    assert!(header.trim_end().ends_with(",extra"));
    assert_eq!(
        CsvReader::new(header.as_bytes(), ReadOptions::new()).count(),
        0
    );
}

#[test]
fn unknown_csv_columns_move_into_the_extra_column() {
    let input =
        "id,platform,kind,text,published_at,sentiment\n1,x,post,ok,2025-01-01T00:00:00Z,neg\n";
    let m = CsvReader::new(input.as_bytes(), ReadOptions::new())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(m.extra["sentiment"], "neg");
    assert_eq!(csv_round_trip(std::slice::from_ref(&m)), [m]);
}

#[test]
fn extra_keys_named_like_fields_are_refused_by_writers() {
    let mut m = sample();
    m.extra.insert("platform".into(), "shadow".into());
    let err = JsonlWriter::new(Vec::new()).write(&m).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    let err = CsvWriter::new(Vec::new()).write(&m).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}

#[test]
fn ten_megabyte_texts_read_and_write() {
    let mut m = sample();
    m.text = "Зоря Банк 💳 ".repeat(10 * 1024 * 1024 / 22);
    assert!(m.text.len() >= 10 * 1000 * 1000);
    assert_eq!(
        jsonl_round_trip(std::slice::from_ref(&m))[0].text.len(),
        m.text.len()
    );
    assert_eq!(csv_round_trip(std::slice::from_ref(&m))[0], m);
}

#[test]
fn real_tweets_round_trip_through_jsonl_and_csv() {
    let file = File::open(shared_data("sentirueval2016-banks.jsonl")).unwrap();
    let outcome = JsonlReader::new(BufReader::new(file), ReadOptions::new())
        .read_all()
        .unwrap();
    assert_eq!(outcome.mentions.len(), 3313);
    // `twitter` is read as X; the gold labels are an unknown field, kept in `extra`.
    assert!(outcome.mentions.iter().all(|m| m.platform == Platform::X));
    assert!(
        outcome
            .mentions
            .iter()
            .all(|m| m.extra.get("labels").is_some_and(|l| l.is_object()))
    );
    assert_eq!(jsonl_round_trip(&outcome.mentions), outcome.mentions);
    assert_eq!(csv_round_trip(&outcome.mentions), outcome.mentions);
}

#[test]
fn example_data_reads_without_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/mentions.jsonl");
    let file = File::open(&path).unwrap();
    let outcome = JsonlReader::new(BufReader::new(file), ReadOptions::new())
        .read_all()
        .unwrap();
    assert!(outcome.mentions.len() >= 300, "{}", outcome.mentions.len());
    for platform in Platform::KNOWN {
        assert!(
            outcome.mentions.iter().any(|m| &m.platform == platform),
            "no {platform} mention"
        );
    }
    assert!(outcome.mentions.iter().any(|m| !m.platform.is_known()));
    assert!(outcome.mentions.iter().any(|m| !m.extra.is_empty()));
    assert_eq!(jsonl_round_trip(&outcome.mentions), outcome.mentions);
}

// ---- property test: any mention survives both formats ----

fn name_strategy() -> impl Strategy<Value = String> {
    "[a-z][a-z_]{0,12}"
}

fn platform_strategy() -> impl Strategy<Value = Platform> {
    prop_oneof![
        proptest::sample::select(Platform::KNOWN.to_vec()),
        name_strategy().prop_map(|n| Platform::from_name(&n)),
    ]
}

fn kind_strategy() -> impl Strategy<Value = Kind> {
    prop_oneof![
        proptest::sample::select(Kind::KNOWN.to_vec()),
        name_strategy().prop_map(|n| Kind::from_name(&n)),
    ]
}

fn json_strategy() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::vec(("[a-z]{1,6}", inner), 0..4)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Optional strings are never empty: CSV writes "absent" as an empty cell.
fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(any::<String>().prop_filter("non-empty", |s| !s.is_empty()))
}

prop_compose! {
    fn mention_strategy()(
        id in "[A-Za-z0-9_-]{1,20}",
        platform in platform_strategy(),
        kind in kind_strategy(),
        text in any::<String>(),
        secs in 0i64..4_102_444_800,
        nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000],
        (author, url, parent_id, thread_id, lang, region) in
            (opt_text(), opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        author_is_brand in any::<bool>(),
        rating in proptest::option::of(1u8..=5),
        counts in proptest::array::uniform5(proptest::option::of(any::<u64>())),
        extra in proptest::collection::vec((name_strategy().prop_map(|k| format!("x_{k}")), json_strategy()), 0..4),
    ) -> Mention {
        let published_at = DateTime::from_timestamp(secs, nanos).unwrap();
        let mut m = Mention::new(id, platform, kind, text, published_at);
        (m.author, m.url, m.parent_id, m.thread_id, m.lang, m.region) = (author, url, parent_id, thread_id, lang, region);
        m.author_is_brand = author_is_brand;
        m.rating = rating.map(|r| Rating::new(r).unwrap());
        [m.reach, m.reactions, m.comments, m.shares, m.views] = counts;
        m.extra = extra.into_iter().collect();
        m
    }
}

proptest! {
    #[test]
    fn any_mention_survives_json_lines(m in mention_strategy()) {
        let json = serde_json::to_string(&m).unwrap();
        let back: Mention = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &m);
        prop_assert_eq!(jsonl_round_trip(std::slice::from_ref(&m)), vec![m]);
    }

    #[test]
    fn any_mention_survives_csv(m in mention_strategy()) {
        prop_assert_eq!(csv_round_trip(std::slice::from_ref(&m)), vec![m]);
    }

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let options = ReadOptions::new().on_error(OnError::Skip);
        let _ = JsonlReader::new(bytes.as_slice(), options.clone()).count();
        let _ = CsvReader::new(bytes.as_slice(), options).count();
    }

    #[test]
    fn readers_never_panic_on_mutated_records(m in mention_strategy(), cut in 0usize..2000, byte in any::<u8>()) {
        let mut bytes = serde_json::to_vec(&m).unwrap();
        let at = cut.min(bytes.len());
        bytes.insert(at, byte);
        let results: Vec<_> = JsonlReader::new(bytes.as_slice(), ReadOptions::new()).collect();
        if let Some(Err(err)) = results.first() {
            prop_assert!(err.line() >= 1);
        }
    }
}

#[test]
fn a_bad_csv_header_stops_even_in_skip_mode() {
    let input = "id,platform,text,published_at\n1,x,ok,2025-01-01T00:00:00Z\n";
    let options = ReadOptions::new().on_error(OnError::Skip);
    let err = CsvReader::new(input.as_bytes(), options)
        .read_all()
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (InputErrorKind::MissingField, Some("kind"))
    );
}

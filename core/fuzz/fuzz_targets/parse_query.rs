//! Any text parses to a query or a typed error; a parsed query prints back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otklik::rules::{ParseOptions, parse_query};

fuzz_target!(|text: &str| {
    let options = ParseOptions::default().implicit_and(text.len() % 2 == 0);
    if let Ok(q) = parse_query(text, &options) {
        let printed = q.to_string();
        assert_eq!(parse_query(&printed, &options).as_ref(), Ok(&q), "{printed}");
    }
});

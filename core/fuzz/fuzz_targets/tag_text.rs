//! Normalizing and tagging any text never panics, and spans stay inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use otklik::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/rules/bank.toml"))
            .expect("examples/rules/bank.toml");
        RuleSet::from_toml(&file).expect("the example rules compile")
    })
}

fuzz_target!(|text: &str| {
    let n = otklik::text::normalize(text);
    let (s, e) = n.original_span(0, n.as_str().len());
    assert!(s <= e && e <= text.len());
    for tag in rules().tag_text(text).tags {
        for span in tag.spans {
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end) && span.start <= span.end);
        }
    }
});

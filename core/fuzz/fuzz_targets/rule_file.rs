//! Any bytes compile to a rule set or a typed error, as TOML and as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use otklik::rules::RuleSet;

fuzz_target!(|text: &str| {
    if let Ok(rules) = RuleSet::from_toml(text) {
        let _ = rules.tag_text(text);
    }
    let _ = RuleSet::from_json(text);
});

//! The example rule set of the fictional Zorya Bank compiles (with all its examples checked)
//! and tags the bundled example mentions sensibly.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use otklik::io::{JsonlReader, ReadOptions};
use otklik::rules::RuleSet;

fn workspace(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

#[test]
fn bank_rules_compile_with_their_examples() {
    let rules =
        RuleSet::from_path(workspace("examples/rules/bank.toml")).unwrap_or_else(|e| panic!("{e}"));
    for category in ["type", "product", "process", "region", "lead"] {
        assert!(
            rules.tags().iter().any(|t| t.category == category),
            "no {category} tag"
        );
    }
}

#[test]
fn bank_rules_tag_the_example_mentions() {
    let rules = RuleSet::from_path(workspace("examples/rules/bank.toml")).unwrap();
    let file = File::open(workspace("examples/data/mentions.jsonl")).unwrap();
    let mentions = JsonlReader::new(BufReader::new(file), ReadOptions::new())
        .read_all()
        .unwrap()
        .mentions;
    let customers: Vec<_> = mentions.iter().filter(|m| !m.author_is_brand).collect();
    let tagged = customers
        .iter()
        .filter(|m| !rules.tag(m).tags.is_empty())
        .count();
    // Nearly every customer mention gets at least one tag.
    assert!(
        tagged * 100 >= customers.len() * 85,
        "{tagged} of {} tagged",
        customers.len()
    );
    let by_id = |id: &str| mentions.iter().find(|m| m.id == id).unwrap();
    // Cases named in examples/data/README.md.
    assert!(
        rules.tag(by_id("gp-001178")).has("bank"),
        "Latin p in the bank's name"
    );
    assert!(
        rules.tag(by_id("x-000519")).has("bank"),
        "Cyrillic О in ZORYA"
    );
    assert!(
        rules.tag(by_id("fb-001235")).has("bank"),
        "digit 3 in the bank's name"
    );
    for id in ["fb-000861", "ig-001660", "tgb-000688"] {
        assert!(rules.tag(by_id(id)).has("fraud"), "{id} is a fraud report");
    }
    for id in ["ig-001056", "vk-001067", "yt-000994"] {
        assert!(rules.tag(by_id(id)).has("spam"), "{id} is spam");
    }
    for id in ["fb-001223", "x-000297", "web-000380"] {
        assert!(
            !rules.tag(by_id(id)).has("bank"),
            "{id} is not about the bank"
        );
    }
}

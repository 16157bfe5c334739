//! Conversations from real threads: first-reply times of the brands in "Customer Support on
//! Twitter" (../shared/data/twcs-sample.jsonl), computed through conversations and clocks, and
//! checked against an independent computation over the `response_ids` links.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use otklik::sla::{Metric, MetricState, Policy, Subject, Target, conversations};
use otklik::{Kind, Mention, Platform};

#[derive(serde::Deserialize)]
struct Tweet {
    id: String,
    author: String,
    inbound: bool,
    created_at: DateTime<Utc>,
    text: String,
    in_response_to: Option<String>,
    response_ids: Vec<String>,
}

fn tweets() -> Vec<Tweet> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/twcs-sample.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (shared data beside the project)", path.display()));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// First-reply seconds per brand, for threads rooted at a customer tweet, by the library.
fn by_library(tweets: &[Tweet]) -> BTreeMap<String, Vec<i64>> {
    let mentions: Vec<Mention> = tweets
        .iter()
        .map(|t| {
            let mut m = Mention::new(
                t.id.clone(),
                Platform::X,
                Kind::Post,
                t.text.clone(),
                t.created_at,
            );
            m.author = Some(t.author.clone());
            m.author_is_brand = !t.inbound;
            m.parent_id.clone_from(&t.in_response_to);
            m
        })
        .collect();
    let policy = Policy::new(vec![Target::new(
        "tweets",
        Metric::FirstReply,
        TimeDelta::hours(1),
    )])
    .unwrap();
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for conversation in conversations(&mentions) {
        let root = &mentions[conversation.first_customer];
        if root.parent_id.is_some() || conversation.key != root.id {
            continue;
        }
        let clock = conversation
            .clock(policy.select(&Subject::of(root, None)))
            .unwrap();
        let end = mentions[*conversation.mentions.last().unwrap()].published_at;
        let first = clock.status(end).unwrap().first_reply.unwrap();
        if matches!(first.state, MetricState::Met | MetricState::Breached) {
            out.entry(first.agent.unwrap())
                .or_default()
                .push(first.elapsed.num_seconds());
        }
    }
    out.values_mut().for_each(|v| v.sort_unstable());
    out
}

/// The same by hand: from each customer tweet without a parent, walk `response_ids` down the
/// tree and take the earliest brand tweet.
fn by_hand(tweets: &[Tweet]) -> BTreeMap<String, Vec<i64>> {
    let by_id: HashMap<&str, &Tweet> = tweets.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for root in tweets
        .iter()
        .filter(|t| t.inbound && t.in_response_to.is_none())
    {
        let mut stack: Vec<&str> = root.response_ids.iter().map(String::as_str).collect();
        let mut earliest: Option<&Tweet> = None;
        while let Some(id) = stack.pop() {
            let Some(t) = by_id.get(id) else { continue };
            if !t.inbound && earliest.is_none_or(|e| (t.created_at, &t.id) < (e.created_at, &e.id))
            {
                earliest = Some(t);
            }
            stack.extend(t.response_ids.iter().map(String::as_str));
        }
        if let Some(reply) = earliest {
            out.entry(reply.author.clone())
                .or_default()
                .push((reply.created_at - root.created_at).num_seconds());
        }
    }
    out.values_mut().for_each(|v| v.sort_unstable());
    out
}

#[test]
fn first_reply_times_per_brand_match_an_independent_computation() {
    let tweets = tweets();
    let library = by_library(&tweets);
    let hand = by_hand(&tweets);
    assert_eq!(library, hand);
    let replies: usize = library.values().map(Vec::len).sum();
    assert!(replies > 500, "{replies} first replies");
    assert!(library.len() > 20, "{} brands", library.len());
    // A plausibility anchor: AmazonHelp's median first reply is minutes, not hours.
    let amazon = &library["AmazonHelp"];
    let median = amazon[amazon.len() / 2];
    assert!((60..3600).contains(&median), "AmazonHelp median {median} s");
}

#[test]
fn conversations_that_need_no_reply_get_no_clock() {
    use otklik::rules::RuleSet;
    let rules = RuleSet::from_toml(
        "[[tag]]\nid = \"thanks\"\ncategory = \"type\"\nquery = \"дякую\"\n\
         [[tag]]\nid = \"complaint\"\ncategory = \"type\"\nquery = \"\\\"не працює\\\"\"\nneeds_reply = true\n",
    )
    .unwrap();
    let t0 = DateTime::parse_from_rfc3339("2025-03-03T10:00:00Z")
        .unwrap()
        .to_utc();
    let texts = ["Дякую!", "Застосунок не працює", "Де мій переказ?"];
    let mentions: Vec<Mention> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Mention::new(i.to_string(), Platform::Vk, Kind::Comment, *t, t0))
        .collect();
    let taggings = rules.tag_mentions(&mentions);
    let policy = Policy::new(vec![Target::new(
        "all",
        Metric::FirstReply,
        TimeDelta::hours(1),
    )])
    .unwrap();
    let keys: Vec<String> = otklik::sla::clocks(&mentions, Some(&taggings), &policy)
        .unwrap()
        .into_iter()
        .map(|c| c.conversation.key)
        .collect();
    // Thanks needs no reply; the complaint does; the untagged question may.
    assert_eq!(keys, ["1", "2"]);
    assert_eq!(
        otklik::sla::clocks(&mentions, None, &policy).unwrap().len(),
        3
    );
    let err = otklik::sla::clocks(&mentions, Some(&taggings[..1]), &policy).unwrap_err();
    assert!(err.reason().contains("1 taggings for 3 mentions"), "{err}");
}

#[test]
fn a_closing_thanks_starts_no_next_reply_cycle() {
    use otklik::rules::RuleSet;
    let rules =
        RuleSet::from_toml("[[tag]]\nid = \"thanks\"\ncategory = \"type\"\nquery = \"дякую\"\n")
            .unwrap();
    let t0 = DateTime::parse_from_rfc3339("2025-03-03T10:00:00Z")
        .unwrap()
        .to_utc();
    let at = |m| t0 + TimeDelta::minutes(m);
    let question = Mention::new("q", Platform::Vk, Kind::Comment, "Де мій переказ?", at(0));
    let mut answer = Mention::new("a", Platform::Vk, Kind::Reply, "Вже надійшов", at(5));
    (answer.parent_id, answer.author_is_brand) = (Some("q".into()), true);
    let mut thanks = Mention::new("t", Platform::Vk, Kind::Reply, "Дякую!", at(7));
    thanks.parent_id = Some("a".into());
    let mentions = vec![question, answer, thanks];
    let taggings = rules.tag_mentions(&mentions);
    let policy = Policy::new(vec![
        Target::new("first", Metric::FirstReply, TimeDelta::hours(1)),
        Target::new("next", Metric::NextReply, TimeDelta::hours(1)),
    ])
    .unwrap();
    let cycles = |taggings: Option<&[otklik::rules::Tagging]>| {
        let c = &otklik::sla::clocks(&mentions, taggings, &policy).unwrap()[0];
        c.clock.cycles(Metric::NextReply, at(120)).unwrap().len()
    };
    assert_eq!(cycles(Some(&taggings)), 0);
    assert_eq!(cycles(None), 1);
}

/// A [`ClockBuilder`] fed the example mentions in reverse order (replies before the messages
/// they answer) builds the same clocks as [`clocks`] over the slice: same conversations, same
/// mention indices (counted in push order), same status at every metric.
#[test]
fn clock_builder_in_any_order_equals_clocks_on_the_slice() {
    use otklik::io::{JsonlReader, ReadOptions};
    use otklik::rules::RuleSet;
    use otklik::sla::{ClockBuilder, Policy, clocks};

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let file = std::fs::File::open(root.join("examples/data/mentions.jsonl")).unwrap();
    let mentions = JsonlReader::new(std::io::BufReader::new(file), ReadOptions::new())
        .read_all()
        .unwrap()
        .mentions;
    let rules = RuleSet::from_path(root.join("examples/rules/bank.toml")).unwrap();
    let policy = Policy::from_path(root.join("examples/sla/policy.toml")).unwrap();
    let taggings: Vec<_> = mentions.iter().map(|m| rules.tag(m)).collect();
    let expected = clocks(&mentions, Some(&taggings), &policy).unwrap();
    assert!(expected.len() > 100, "{} conversations", expected.len());

    let n = mentions.len();
    let mut builder = ClockBuilder::new();
    for (m, t) in mentions.iter().zip(&taggings).rev() {
        builder.push(m, Some(t));
    }
    assert_eq!(builder.len(), n);
    let found: Vec<_> = builder.finish(&policy).collect::<Result<_, _>>().unwrap();
    assert_eq!(found.len(), expected.len());
    let now = mentions.iter().map(|m| m.published_at).max().unwrap();
    for (got, want) in found.iter().zip(&expected) {
        assert_eq!(got.conversation.key, want.conversation.key);
        let reversed: Vec<usize> = got
            .conversation
            .mentions
            .iter()
            .map(|i| n - 1 - i)
            .collect();
        let mut wanted = want.conversation.mentions.clone();
        // Ties in time keep push order, which is reversed here.
        let mut sorted = reversed.clone();
        sorted.sort_unstable();
        wanted.sort_unstable();
        assert_eq!(sorted, wanted, "{}", want.conversation.key);
        assert_eq!(got.subject, want.subject);
        assert_eq!(got.queue, want.queue);
        assert_eq!(
            got.clock.status(now).unwrap(),
            want.clock.status(now).unwrap()
        );
    }
}

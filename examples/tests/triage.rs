//! The main job end to end on the bundled data, as of a fixed instant: the figures, the CRM
//! exports read back, personal data masked, and the HTML report's charts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, Utc};
use otklik_examples::crm::{CrmRow, read_csv, read_jsonl};
use otklik_examples::pipeline::{Formats, Inputs, Options, Summary, run};

const NOW: &str = "2026-01-29T12:00:00Z";

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn bundled(dir: &str) -> (Summary, PathBuf) {
    let out = out_dir(dir);
    let mut options = Options::at(NOW.parse::<DateTime<Utc>>().unwrap());
    options.out_dir = Some(out.clone());
    options.formats = Formats::ALL;
    (run(&Inputs::bundled(), &options).unwrap(), out)
}

fn by_id(rows: &[CrmRow]) -> HashMap<&str, &CrmRow> {
    rows.iter().map(|r| (r.id.as_str(), r)).collect()
}

#[test]
fn counts_match_the_data_description() {
    let (s, _) = bundled("counts");
    // examples/data/README.md: 438 records, 292 customer or third-party, 146 from the bank.
    assert_eq!((s.read, s.customers, s.from_bank), (438, 292, 146));
    assert!(s.skipped.is_empty());
    // Every category of the rule set shows up, and a category's count is at most the sum of
    // its tags and at least its largest tag.
    for c in &s.categories {
        let sum: usize = c.tags.iter().map(|t| t.mentions).sum();
        let max = c.tags.iter().map(|t| t.mentions).max().unwrap();
        assert!(max <= c.mentions && c.mentions <= sum, "{c:?}");
    }
    let types = s.categories.iter().find(|c| c.category == "type").unwrap();
    assert!(
        types
            .tags
            .iter()
            .any(|t| t.tag == "complaint" && t.mentions > 30)
    );
}

#[test]
fn sla_tables_add_up_and_queue_is_most_urgent_first() {
    let (s, _) = bundled("sla");
    let r = &s.sla_by_month_platform;
    assert_eq!(
        r.rows.iter().map(|row| row.count).sum::<u64>(),
        r.total.count
    );
    assert_eq!(r.total.count, s.sla_by_month.total.count);
    assert_eq!(r.total.count, s.sla_by_platform.total.count);
    // Fraud and blocked cards move to a private channel, as does personal data in public; the
    // bot chats never need to.
    let moved = s.sla_by_month.total.moved_to_private;
    assert!(moved >= 5 && moved < s.sla_by_month.total.count, "{moved}");
    let bot = s
        .sla_by_platform
        .rows
        .iter()
        .find(|r| r.key == ["telegram_bot"])
        .unwrap();
    assert!(bot.moved_to_private < bot.count);
    // Every conversation on a clock has a first-reply target in the example policy.
    assert_eq!(r.total.count as usize, s.conversations);
    let months: Vec<&str> = s
        .sla_by_month
        .rows
        .iter()
        .map(|r| r.key[0].as_str())
        .collect();
    assert_eq!(
        months,
        ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01"]
    );
    for row in &r.rows {
        let sl = row.met as f64 / (row.met + row.missed) as f64;
        assert_eq!(row.service_level, Some(sl), "{:?}", row.key);
    }
    // The queue: breached first, longest overdue first, one line per conversation.
    assert!(s.queue_breached > 0 && s.queue.len() == 10);
    let over: Vec<i64> = s
        .queue
        .iter()
        .map(|l| l.entry.remaining.num_seconds())
        .collect();
    assert!(over.windows(2).all(|w| w[0] <= w[1]), "{over:?}");
    let mut ids: Vec<&str> = s.queue.iter().map(|l| l.mention.as_str()).collect();
    assert!(!ids.contains(&""));
    // Each line names its conversation by its thread key (the root's id here).
    assert!(s.queue.iter().all(|l| l.entry.conversation.contains('-')));
    ids.dedup();
    assert_eq!(ids.len(), 10);
    // Each queued mention gets the best reply script, values still missing shown as [name].
    let suggested: Vec<&(String, String)> = s
        .queue
        .iter()
        .filter_map(|l| l.suggestion.as_ref())
        .collect();
    assert_eq!(suggested.len(), s.queue.len());
    assert!(
        suggested
            .iter()
            .all(|(_, reply)| !reply.contains('{') && !reply.is_empty())
    );
    // Mentions the bank never answered (data README) are in the queue, breached.
    assert!(
        ids.contains(&"as-000846") && ids.contains(&"gm-000586"),
        "{ids:?}"
    );
}

#[test]
fn survey_scores_and_changes() {
    let (s, _) = bundled("survey");
    let survey = s.survey.as_ref().unwrap();
    // eNPS: 0 in the year most answered 7-8, +60 the next, and that change is significant.
    let years: Vec<(&str, Option<f64>)> = survey
        .enps_by_year
        .periods
        .iter()
        .map(|p| (p.key.as_str(), p.score))
        .collect();
    assert_eq!(years, [("2024", Some(0.0)), ("2025", Some(60.0))]);
    assert!(survey.enps_by_year.steps[0].significant);
    // Customers' NPS recomputed from the file by hand.
    let text = std::fs::read_to_string(Inputs::bundled().survey.unwrap()).unwrap();
    let (mut n, mut net) = (0i64, 0i64);
    for line in text.lines().skip(1).filter(|l| l.contains(",nps,")) {
        let score: i64 = line.split(',').nth(3).unwrap().parse().unwrap();
        n += 1;
        net += i64::from(score >= 9) - i64::from(score <= 6);
    }
    let overall = survey.nps_by_channel.overall.score.unwrap();
    assert!((overall - 100.0 * net as f64 / n as f64).abs() < 1e-9);
    let bot = survey
        .nps_by_channel
        .segments
        .iter()
        .find(|r| r.row.key == "telegram_bot")
        .unwrap();
    let interval = bot.row.interval.unwrap();
    assert!(interval.lower < bot.row.score.unwrap() && bot.row.score.unwrap() < interval.upper);
}

#[test]
fn engagement_per_channel_is_interactions_over_reach() {
    let (s, _) = bundled("engagement");
    // The bank's X post: 2,084 reactions, 98 comments, 146 shares, reach 68,081.
    let x = s.engagement.iter().find(|e| e.platform == "x").unwrap();
    assert_eq!((x.posts, x.interactions, x.reach), (1, 2328, 68_081));
    assert!((x.err.unwrap() - 100.0 * 2328.0 / 68_081.0).abs() < 1e-9);
    assert_eq!(s.engagement.iter().map(|e| e.posts).sum::<u64>(), 9);
}

#[test]
fn crm_exports_read_back_equal_and_mask_personal_data() {
    let (s, out) = bundled("crm");
    let jsonl = read_jsonl(&out.join("crm.jsonl")).unwrap();
    let csv = read_csv(&out.join("crm.csv")).unwrap();
    assert_eq!(jsonl.len(), 438);
    assert_eq!(jsonl, csv);
    let rows = by_id(&jsonl);
    // Cards keep their last four digits only.
    let card = rows["tgb-000963"];
    assert!(card.pii.contains(&"card".to_owned()));
    assert!(!card.text.contains("4111 1111 1111 1111") && card.text.contains("1111"));
    for id in ["ig-002186", "tgb-000375", "tg-001037", "web-000345"] {
        assert!(rows[id].pii.contains(&"card".to_owned()), "{id}");
    }
    for id in ["fb-001156", "tgb-001004", "fr-001133"] {
        assert!(rows[id].pii.contains(&"iban".to_owned()), "{id}");
    }
    for id in ["tgb-000787", "tgb-001382", "as-001344"] {
        assert!(rows[id].pii.contains(&"email".to_owned()), "{id}");
    }
    // Near misses stay as written: amounts, an order number, a number failing Luhn, the bank's
    // own hotline.
    for id in [
        "x-000319",
        "ig-001321",
        "tgb-000845",
        "tgb-000889",
        "fb-000825",
    ] {
        assert!(rows[id].pii.is_empty(), "{id}: {:?}", rows[id].pii);
    }
    assert_eq!(
        s.pii_masked.values().sum::<usize>(),
        jsonl.iter().map(|r| r.pii.len()).sum::<usize>()
    );
    // SLA state: the slow bot replies missed their 120 s, unanswered mentions are breached.
    for id in ["tgb-001493", "tgb-000889"] {
        let first = rows[id].first_reply.as_ref().unwrap();
        assert_eq!(first.state, "breached", "{id}");
        assert!(
            first.elapsed_seconds > 300 && first.stopped_at.is_some(),
            "{id}"
        );
    }
    // The third slow bot reply answers New Year wishes: thanks need no reply, so no clock.
    let wishes = rows["tgb-001705"];
    assert!(!wishes.needs_reply && wishes.tags["type"] == ["thanks"]);
    assert_eq!(
        (wishes.conversation.as_ref(), wishes.first_reply.as_ref()),
        (None, None)
    );
    for id in ["as-000846", "gm-000586", "tgb-001882"] {
        let first = rows[id].first_reply.as_ref().unwrap();
        assert_eq!(first.state, "breached", "{id}");
        assert_eq!(first.stopped_at, None);
    }
    // Replies of the bank carry their conversation's state; tags only on customer mentions.
    let replies = jsonl
        .iter()
        .filter(|r| r.author_is_brand && r.conversation.is_some());
    assert!(replies.clone().count() > 100);
    assert!(
        replies
            .clone()
            .all(|r| r.tags.is_empty() && r.first_reply.is_some())
    );
}

#[test]
fn html_report_has_its_charts_and_figures() {
    let (s, out) = bundled("html");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for id in ["chart-sla", "chart-tags", "chart-nps", "chart-enps", "goal"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    // Self-contained: no scripts, no external resources.
    for banned in ["<script", "<link", " src="] {
        assert!(!html.contains(banned), "{banned}");
    }
    for row in &s.sla_by_month.rows {
        let sl = row.service_level.unwrap();
        assert!(html.contains(&format!(
            "data-month=\"{}\" data-sl=\"{sl:.4}\"",
            row.key[0]
        )));
    }
    for c in &s.categories {
        for t in &c.tags {
            assert!(html.contains(&format!(
                "data-tag=\"{}\" data-count=\"{}\"",
                t.tag, t.mentions
            )));
        }
    }
    let survey = s.survey.as_ref().unwrap();
    for seg in &survey.nps_by_channel.segments {
        let score = seg.row.score.unwrap();
        assert!(html.contains(&format!(
            "data-segment=\"{}\" data-score=\"{score:.1}\"",
            seg.row.key
        )));
    }
    assert!(html.contains("data-segment=\"2025\" data-score=\"60.0\""));
}

#[test]
fn the_command_prints_the_report_and_refuses_bad_options() {
    let bin = env!("CARGO_BIN_EXE_triage");
    let out = out_dir("command");
    let ok = Command::new(bin)
        .args([
            "--now",
            NOW,
            "--out",
            out.to_str().unwrap(),
            "--formats",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let text = String::from_utf8(ok.stdout).unwrap();
    for part in [
        "292 from customers",
        "Live queue",
        "eNPS of the care team",
        "+60.0",
        "crm.csv",
    ] {
        assert!(text.contains(part), "{part}");
    }
    assert!(out.join("crm.csv").exists() && !out.join("crm.jsonl").exists());

    for (args, says) in [
        (vec!["--now", "yesterday"], "--now yesterday"),
        (vec!["--formats", "pdf"], "unknown format `pdf`"),
        (
            vec!["--mentions", "/nonexistent.jsonl"],
            "/nonexistent.jsonl",
        ),
        (vec!["--policy", "/nonexistent.toml"], "/nonexistent.toml"),
        (vec!["--bogus"], "--bogus needs a value"),
    ] {
        let run = Command::new(bin).args(&args).output().unwrap();
        assert!(!run.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_mention_outside_the_clock_years_is_skipped_and_reported_not_fatal() {
    let dir = out_dir("range");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("mentions.jsonl");
    let mut text = std::fs::read_to_string(Inputs::bundled().mentions).unwrap();
    text.push_str(r#"{"id": "far-1", "platform": "x", "kind": "post", "text": "Зоря, де картка?", "published_at": "2300-01-01T00:00:00Z", "author": "", "author_is_brand": false}"#);
    text.push('\n');
    std::fs::write(&input, text).unwrap();
    let mut inputs = Inputs::bundled();
    inputs.mentions = input;
    let mut options = Options::at(NOW.parse::<DateTime<Utc>>().unwrap());
    options.out_dir = Some(dir.join("out"));
    options.formats = Formats::ALL;
    let s = run(&inputs, &options).unwrap();
    assert_eq!(s.read, 439);
    assert_eq!(s.skipped.len(), 1);
    assert!(s.skipped[0].contains("far-1") && s.skipped[0].contains("outside the years"));
    // It is still exported, without SLA state; an empty author is no author in both formats.
    let jsonl = read_jsonl(&dir.join("out/crm.jsonl")).unwrap();
    assert_eq!(jsonl, read_csv(&dir.join("out/crm.csv")).unwrap());
    let far = jsonl.iter().find(|r| r.id == "far-1").unwrap();
    assert_eq!(
        (far.first_reply.as_ref(), far.author.as_ref()),
        (None, None)
    );
}

//! Writes N synthetic mentions as JSON Lines for the main job's scale check: conversations
//! resampled from the example data of the fictional Zorya Bank (customer texts, the bank's
//! replies and posts), with new ids, times spread over 2025 and reply delays drawn per
//! platform. Deterministic: the same N and seed give the same file.
//!
//! ```text
//! cargo run --release -p otklik-benches --bin synthetic-mentions -- 1000000 [seed] > mentions-1m.jsonl
//! ```

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use otklik::Mention;
use otklik::io::{JsonlReader, JsonlWriter, ReadOptions};
use otklik_benches::workspace;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let parsed = (|| -> Result<(usize, u64), String> {
        let n = args
            .next()
            .ok_or("give the number of mentions")?
            .parse()
            .map_err(|e| format!("count: {e}"))?;
        let seed = args
            .next()
            .map(|s| s.parse().map_err(|e| format!("seed: {e}")))
            .transpose()?
            .unwrap_or(2025);
        Ok((n, seed))
    })();
    let (n, seed) = match parsed {
        Ok(v) => v,
        Err(e) => {
            eprintln!("synthetic-mentions: {e}");
            return ExitCode::FAILURE;
        }
    };
    match write(n, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synthetic-mentions: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Median reply delay of the bank, in seconds, per platform.
fn reply_delay(platform: &str) -> i64 {
    match platform {
        "telegram_bot" => 90,
        "instagram" | "facebook" | "tiktok" | "youtube" => 600,
        "x" | "telegram" | "vk" => 1800,
        _ => 6 * 3600,
    }
}

fn write(n: usize, seed: u64) -> Result<(), String> {
    let path = workspace().join("examples/data/mentions.jsonl");
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let all = JsonlReader::new(std::io::BufReader::new(file), ReadOptions::new())
        .read_all()
        .map_err(|e| e.to_string())?
        .mentions;
    let customers: Vec<&Mention> = all
        .iter()
        .filter(|m| !m.author_is_brand && m.parent_id.is_none())
        .collect();
    let replies: Vec<&Mention> = all
        .iter()
        .filter(|m| m.author_is_brand && m.parent_id.is_some())
        .collect();
    let posts: Vec<&Mention> = all
        .iter()
        .filter(|m| m.author_is_brand && m.parent_id.is_none())
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let start: DateTime<Utc> = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let year = 365 * 24 * 3600;
    let stdout = std::io::stdout();
    let mut out = JsonlWriter::new(BufWriter::with_capacity(1 << 20, stdout.lock()));
    let mut written = 0usize;
    let mut next_id = 0u64;
    let mut id = |prefix: &str| {
        next_id += 1;
        format!("{prefix}-{next_id:08}")
    };
    while written < n {
        // One bank post in a thousand, with its engagement.
        if rng.usize(..1000) == 0 {
            let mut post = posts[rng.usize(..posts.len())].clone();
            post.id = id("post");
            post.published_at = start + TimeDelta::seconds(rng.i64(0..year));
            out.write(&post).map_err(|e| e.to_string())?;
            written += 1;
            continue;
        }
        let mut first = customers[rng.usize(..customers.len())].clone();
        let root = id(first.platform.as_str());
        first.id = root.clone();
        first.thread_id = Some(root.clone());
        first.parent_id = None;
        first.published_at = start + TimeDelta::seconds(rng.i64(0..year));
        let mut at = first.published_at;
        let platform = first.platform.as_str().to_owned();
        out.write(&first).map_err(|e| e.to_string())?;
        written += 1;
        // Most get a reply, some a follow-up and a second reply.
        let mut parent = root.clone();
        for turn in 0..2 {
            if written >= n || rng.f64() > if turn == 0 { 0.85 } else { 0.3 } {
                break;
            }
            let mut reply = replies[rng.usize(..replies.len())].clone();
            reply.id = id("re");
            reply.platform = first.platform.clone();
            reply.thread_id = Some(root.clone());
            reply.parent_id = Some(parent.clone());
            // Exponential delay around the platform's median.
            let median = reply_delay(&platform) as f64;
            let delay = (-median / std::f64::consts::LN_2 * (1.0 - rng.f64()).ln()) as i64;
            at += TimeDelta::seconds(delay.max(5));
            reply.published_at = at;
            out.write(&reply).map_err(|e| e.to_string())?;
            written += 1;
            parent = reply.id.clone();
            if written >= n || rng.f64() > 0.4 {
                break;
            }
            let mut again = customers[rng.usize(..customers.len())].clone();
            again.id = id(&platform);
            again.platform = first.platform.clone();
            again.author = first.author.clone();
            again.thread_id = Some(root.clone());
            again.parent_id = Some(parent.clone());
            at += TimeDelta::seconds(rng.i64(60..7200));
            again.published_at = at;
            out.write(&again).map_err(|e| e.to_string())?;
            written += 1;
            parent = again.id.clone();
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    std::io::stdout().flush().map_err(|e| e.to_string())
}

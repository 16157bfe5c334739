//! The main job of otklik on the bundled data of the fictional Zorya Bank (see the library
//! docs of `otklik_examples`).
//!
//! ```text
//! cargo run --release -p otklik-examples --bin triage -- [options]
//!   --now 2026-01-29T12:00:00Z   the instant of the report (default: now)
//!   --mentions FILE              JSON Lines of mentions (default: examples/data/mentions.jsonl)
//!   --rules FILE                 rule set (default: examples/rules/bank.toml)
//!   --policy FILE                SLA policy (default: examples/sla/policy.toml)
//!   --survey FILE | --no-survey  NPS/eNPS answers (default: examples/data/survey.csv)
//!   --scripts FILE | --no-scripts  reply scripts for the queue (default: examples/replies/scripts.toml)
//!   --out DIR                    write exports there (default: target/triage)
//!   --formats jsonl,csv,html     which exports (default: all; `--formats none` writes none)
//!   --top N                      queue lines to show (default: 10)
//!   --goal 0.9                   service-level goal line
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use otklik_examples::pipeline::{Formats, Inputs, Options, run};
use otklik_examples::tables::render;

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)).and_then(|(inputs, options)| run(&inputs, &options)) {
        Ok(summary) => {
            print!("{}", render(&summary));
            for skipped in &summary.skipped {
                eprintln!("skipped: {skipped}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("triage: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The inputs and options from the command line.
fn parse(mut args: impl Iterator<Item = String>) -> Result<(Inputs, Options), String> {
    let mut inputs = Inputs::bundled();
    let mut options = Options::at(DateTime::<Utc>::from(std::time::SystemTime::now()));
    options.out_dir = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/triage"));
    options.formats = Formats::ALL;
    while let Some(flag) = args.next() {
        if flag == "--no-survey" {
            inputs.survey = None;
            continue;
        }
        if flag == "--no-scripts" {
            inputs.scripts = None;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--now" => {
                options.now = value.parse::<DateTime<Utc>>().map_err(|e| {
                    format!("--now {value}: {e} (give RFC 3339, e.g. 2026-01-29T12:00:00Z)")
                })?;
            }
            "--mentions" => inputs.mentions = value.into(),
            "--rules" => inputs.rules = value.into(),
            "--policy" => inputs.policy = value.into(),
            "--survey" => inputs.survey = Some(value.into()),
            "--scripts" => inputs.scripts = Some(value.into()),
            "--out" => options.out_dir = Some(value.into()),
            "--formats" if value == "none" => options.out_dir = None,
            "--formats" => options.formats = Formats::parse(&value)?,
            "--top" => {
                options.top = value.parse().map_err(|e| format!("--top {value}: {e}"))?;
            }
            "--goal" => {
                options.goal = value
                    .parse::<f64>()
                    .ok()
                    .filter(|g| (0.0..=1.0).contains(g))
                    .ok_or_else(|| format!("--goal {value}: give a share from 0 to 1"))?;
            }
            other => {
                return Err(format!(
                    "unknown option {other} (see the doc at the top of examples/triage/main.rs)"
                ));
            }
        }
    }
    Ok((inputs, options))
}

//! The job's findings as readable text tables.

use std::fmt::Write;

use otklik::metrics::{ScoreRow, SegmentReport, Trend};
use otklik::sla::{Report, ReportRow};

use crate::pipeline::Summary;

/// A percentage with one decimal, or `–`.
pub fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{:.1}%", 100.0 * s))
}

/// Seconds as a short duration (`45s`, `7m 12s`, `3h 5m`), or `–`.
pub fn seconds(s: Option<f64>) -> String {
    let Some(s) = s else {
        return "–".to_owned();
    };
    let s = s.round() as i64;
    match s {
        ..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        3600..172_800 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {:02}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// A rate in percent with two decimals (ERR 3.42%), or `–`.
pub fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_owned(), |r| format!("{r:.2}%"))
}

/// An NPS score with its interval: `+38.2 [+27.5, +48.1]`.
pub fn score(row: &ScoreRow) -> String {
    match (row.score, row.interval) {
        (Some(s), Some(i)) => format!("{s:+.1} [{:+.1}, {:+.1}]", i.lower, i.upper),
        (Some(s), None) => format!("{s:+.1}"),
        _ => "–".to_owned(),
    }
}

fn sla_row(out: &mut String, label: &str, r: &ReportRow) {
    let p = r.percentiles_seconds;
    let _ = writeln!(
        out,
        "  {label:<28} {:>5} {:>5} {:>6} {:>5} {:>7}  {:>8} {:>8} {:>8}",
        r.count,
        r.met,
        r.missed,
        r.open,
        percent(r.service_level),
        seconds(r.median_seconds),
        seconds(p[1]),
        seconds(p[2]),
    );
}

fn sla_table(out: &mut String, title: &str, report: &Report) {
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(
        out,
        "  {:<28} {:>5} {:>5} {:>6} {:>5} {:>7}  {:>8} {:>8} {:>8}",
        "", "n", "met", "missed", "open", "SL", "median", "p90", "p95"
    );
    for row in &report.rows {
        sla_row(out, &row.key.join("  "), row);
    }
    sla_row(out, "total", &report.total);
}

/// Service level with months as columns and platforms as rows (`SL% n`), then each platform's
/// reply-time percentiles over all months.
fn sla_pivot(out: &mut String, title: &str, report: &Report) {
    let mut months: Vec<&str> = report.rows.iter().map(|r| r.key[0].as_str()).collect();
    months.dedup();
    let mut platforms: Vec<&str> = report.rows.iter().map(|r| r.key[1].as_str()).collect();
    platforms.sort_unstable();
    platforms.dedup();
    let _ = writeln!(out, "\n{title}");
    let _ = write!(out, "  {:<13}", "");
    for m in &months {
        let _ = write!(out, " {m:>11}");
    }
    let _ = writeln!(out);
    for p in &platforms {
        let _ = write!(out, "  {p:<13}");
        for m in &months {
            let cell = report
                .rows
                .iter()
                .find(|r| r.key[0] == *m && r.key[1] == *p)
                .map(|r| format!("{} {:>2}", percent(r.service_level), r.count))
                .unwrap_or_default();
            let _ = write!(out, " {cell:>11}");
        }
        let _ = writeln!(out);
    }
}

fn segments(out: &mut String, title: &str, report: &SegmentReport) {
    let _ = writeln!(out, "\n{title}");
    for s in &report.segments {
        let flag = if s.significant {
            "  differs from the rest (Holm, 95%)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:<14} n={:>4}  {:<24}{flag}",
            s.row.key,
            s.row.counts.n(),
            score(&s.row)
        );
    }
    let _ = writeln!(
        out,
        "  {:<14} n={:>4}  {}",
        "all",
        report.overall.counts.n(),
        score(&report.overall)
    );
}

fn trend(out: &mut String, title: &str, t: &Trend) {
    let _ = writeln!(out, "\n{title}");
    for (i, p) in t.periods.iter().enumerate() {
        let step = i
            .checked_sub(1)
            .and_then(|j| t.steps.get(j))
            .and_then(|s| s.change.as_ref().map(|c| (c.difference, s.significant)))
            .map(|(d, sig)| {
                format!(
                    "  {d:+.1} vs previous{}",
                    if sig { ", significant" } else { "" }
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<14} n={:>4}  {:<24}{step}",
            p.key,
            p.counts.n(),
            score(p)
        );
    }
}

/// The whole report as text.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "otklik triage: {}", s.source);
    let _ = writeln!(
        out,
        "  as of {}; {} mentions read, {} bad records skipped",
        s.now.format("%Y-%m-%d %H:%M UTC"),
        s.read,
        s.skipped.len()
    );
    let _ = writeln!(
        out,
        "  {} from customers, {} from the bank's own accounts, {} conversations on a clock",
        s.customers, s.from_bank, s.conversations
    );
    if let Some((a, b)) = s.span {
        let _ = writeln!(
            out,
            "  customer mentions from {} to {}",
            a.format("%Y-%m-%d"),
            b.format("%Y-%m-%d")
        );
    }
    let _ = writeln!(
        out,
        "  {} tags; {} customer mentions need a reply, {} got no tag",
        s.rule_tags, s.needs_reply, s.untagged
    );

    let _ = writeln!(out, "\nTags by category (customer mentions)");
    for c in &s.categories {
        let tags: Vec<String> = c
            .tags
            .iter()
            .map(|t| format!("{} {}", t.tag, t.mentions))
            .collect();
        let _ = writeln!(
            out,
            "  {:<10} {:>5}  {}",
            c.category,
            c.mentions,
            tags.join(", ")
        );
    }

    let _ = writeln!(
        out,
        "\nLive queue: {} clocks running, {} breached (!), {} in warning (~); the {} most urgent conversations",
        s.queue_total,
        s.queue_breached,
        s.queue_warning,
        s.queue.len()
    );
    for line in &s.queue {
        let e = &line.entry;
        let mark = if e.is_breached() {
            "!"
        } else if e.warning {
            "~"
        } else {
            " "
        };
        let left = if e.remaining < chrono::TimeDelta::zero() {
            format!("over by {}", seconds(Some(-e.remaining.as_seconds_f64())))
        } else {
            format!("{} left", seconds(Some(e.remaining.as_seconds_f64())))
        };
        let _ = writeln!(
            out,
            "  {mark} {:<11} {:<12} {:<16} {:<18} {}",
            line.mention, line.platform, e.target, left, line.excerpt
        );
        if let Some((script, reply)) = &line.suggestion {
            let _ = writeln!(
                out,
                "      reply ({script}): {}",
                crate::pipeline::excerpt(reply, 100)
            );
        }
    }

    sla_pivot(
        &mut out,
        &format!(
            "First-reply service level by month and platform: SL = met / (met + missed), and n (goal {:.0}%)",
            100.0 * s.goal
        ),
        &s.sla_by_month_platform,
    );
    sla_table(
        &mut out,
        "First-reply times by platform, all months",
        &s.sla_by_platform,
    );
    sla_table(&mut out, "By metric and target", &s.sla_by_target);
    let _ = writeln!(
        out,
        "  {} of {} conversations moved to a private channel (account details or personal data)",
        s.sla_by_month.total.moved_to_private, s.sla_by_month.total.count
    );

    if let Some(survey) = &s.survey {
        segments(
            &mut out,
            "NPS of customers served in social media, by channel (95% adjusted-Wald)",
            &survey.nps_by_channel,
        );
        trend(&mut out, "NPS by month", &survey.nps_by_month);
        trend(
            &mut out,
            "eNPS of the care team by year",
            &survey.enps_by_year,
        );
        segments(&mut out, "eNPS by team, latest year", &survey.enps_by_team);
    }

    let _ = writeln!(out, "\nEngagement of the bank's posts per channel");
    let _ = writeln!(
        out,
        "  {:<12} {:>5} {:>12} {:>10} {:>7} {:>9}",
        "channel", "posts", "interactions", "reach", "ERR", "ER views"
    );
    for e in &s.engagement {
        let _ = writeln!(
            out,
            "  {:<12} {:>5} {:>12} {:>10} {:>7} {:>9}",
            e.platform,
            e.posts,
            e.interactions,
            e.reach,
            rate(e.err),
            rate(e.er_views)
        );
    }

    if !s.written.is_empty() {
        let masked: Vec<String> = s
            .pii_masked
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let _ = writeln!(
            out,
            "\nPersonal data masked in the export: {}",
            if masked.is_empty() {
                "none".to_owned()
            } else {
                masked.join(", ")
            }
        );
        for path in &s.written {
            let _ = writeln!(out, "  wrote {}", path.display());
        }
    }
    out
}

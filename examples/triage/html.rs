//! The HTML report: one self-contained file (no scripts, no fonts, no external links) with
//! charts drawn as inline SVG: service level per month against the goal line, tags by
//! category, NPS per segment with interval bars; and the tables of the text report.

use std::fmt::Write;

use otklik::metrics::ScoreRow;

use crate::pipeline::Summary;
use crate::tables::{percent, rate, score, seconds};

/// Escapes text for HTML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}\
td:first-child,th:first-child{text-align:left}.bad{color:#b00020}.warn{color:#b36b00}\
svg text{font-size:11px;fill:#333}figure{margin:1.5em 0}figcaption{font-weight:600;margin-bottom:.4em}";

/// Service level per month as bars, with the goal as a dashed line.
fn sla_chart(s: &Summary) -> String {
    let rows: Vec<(&str, f64, u64)> = s
        .sla_by_month
        .rows
        .iter()
        .filter_map(|r| Some((r.key.first()?.as_str(), r.service_level?, r.count)))
        .collect();
    let (w, h, left, bottom) = (60.0 * rows.len().max(1) as f64 + 60.0, 220.0, 40.0, 30.0);
    let y = |share: f64| h - bottom - share * (h - bottom - 10.0);
    let mut svg = format!(
        r#"<svg id="chart-sla" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" aria-label="service level per month">"#
    );
    for tick in [0.0, 0.5, 1.0] {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{w}" y1="{0}" y2="{0}" stroke="#eee"/><text x="2" y="{1}">{2:.0}%</text>"##,
            y(tick),
            y(tick) + 4.0,
            tick * 100.0
        );
    }
    for (i, (month, sl, n)) in rows.iter().enumerate() {
        let x = left + 10.0 + 60.0 * i as f64;
        let color = if *sl >= s.goal { "#2e7d32" } else { "#c62828" };
        let _ = write!(
            svg,
            r#"<rect class="month" data-month="{month}" data-sl="{sl:.4}" x="{x}" y="{top}" width="40" height="{height}" fill="{color}"><title>{month}: {pct} of {n}</title></rect><text x="{x}" y="{label}">{month}</text><text x="{x}" y="{above}">{pct}</text>"#,
            top = y(*sl),
            height = y(0.0) - y(*sl),
            label = h - 12.0,
            above = y(*sl) - 3.0,
            pct = percent(Some(*sl)),
        );
    }
    let _ = write!(
        svg,
        r##"<line id="goal" x1="{left}" x2="{w}" y1="{0}" y2="{0}" stroke="#1565c0" stroke-dasharray="6 4"/><text x="{1}" y="{2}" fill="#1565c0">goal {3:.0}%</text></svg>"##,
        y(s.goal),
        w - 55.0,
        y(s.goal) - 4.0,
        100.0 * s.goal
    );
    svg
}

/// Horizontal bars of every tag, grouped by category.
fn tags_chart(s: &Summary) -> String {
    let max = s
        .categories
        .iter()
        .flat_map(|c| c.tags.iter().map(|t| t.mentions))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let lines: usize = s.categories.iter().map(|c| c.tags.len() + 1).sum();
    let (w, row) = (560.0, 16.0);
    let mut svg = format!(
        r#"<svg id="chart-tags" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{}" role="img" aria-label="tags by category">"#,
        row * lines as f64 + 10.0
    );
    let mut at = 0.0;
    for c in &s.categories {
        at += row;
        let _ = write!(
            svg,
            r#"<text x="0" y="{at}" font-weight="bold">{} ({})</text>"#,
            escape(&c.category),
            c.mentions
        );
        for t in &c.tags {
            at += row;
            let len = (w - 220.0) * t.mentions as f64 / max;
            let _ = write!(
                svg,
                r##"<text x="10" y="{at}">{tag}</text><rect class="tag" data-tag="{tag}" data-count="{n}" x="160" y="{top}" width="{len:.1}" height="11" fill="#5c6bc0"/><text x="{end:.1}" y="{at}">{n}</text>"##,
                tag = escape(&t.tag),
                n = t.mentions,
                top = at - 10.0,
                end = 165.0 + len,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Each segment's NPS as a dot with its interval as a bar, on a −100..+100 axis.
fn nps_chart(id: &str, rows: &[&ScoreRow]) -> String {
    let (w, row, left) = (560.0, 22.0, 110.0);
    let x = |v: f64| left + (v + 100.0) / 200.0 * (w - left - 20.0);
    let mut svg = format!(
        r#"<svg id="{id}" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{}" role="img" aria-label="NPS with intervals">"#,
        row * (rows.len() as f64 + 1.0) + 10.0
    );
    for tick in [-100.0, -50.0, 0.0, 50.0, 100.0] {
        let _ = write!(
            svg,
            r##"<line x1="{0}" x2="{0}" y1="5" y2="{1}" stroke="#eee"/><text x="{2}" y="{3}">{tick:+}</text>"##,
            x(tick),
            row * rows.len() as f64 + 5.0,
            x(tick) - 10.0,
            row * (rows.len() as f64 + 1.0)
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let cy = row * (i as f64 + 0.7);
        let _ = write!(
            svg,
            r#"<text x="0" y="{0}">{1}</text>"#,
            cy + 4.0,
            escape(&r.key)
        );
        if let (Some(v), Some(iv)) = (r.score, r.interval) {
            let _ = write!(
                svg,
                r##"<line x1="{lo:.1}" x2="{hi:.1}" y1="{cy}" y2="{cy}" stroke="#555" stroke-width="2"/><circle class="nps" data-segment="{key}" data-score="{v:.1}" data-lower="{l:.1}" data-upper="{u:.1}" cx="{cx:.1}" cy="{cy}" r="4" fill="#00897b"><title>{key}: {v:+.1} [{l:+.1}, {u:+.1}]</title></circle>"##,
                lo = x(iv.lower),
                hi = x(iv.upper),
                cx = x(v),
                key = escape(&r.key),
                l = iv.lower,
                u = iv.upper,
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The report as one HTML document.
pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>otklik triage report</title><style>{STYLE}</style></head><body>"
    );
    let _ = write!(
        out,
        "<h1>Triage report</h1><p>{} mentions from <code>{}</code> as of {}: {} from customers, {} from the bank, {} conversations on a clock; {} need a reply.</p>",
        s.read,
        escape(&s.source),
        s.now.format("%Y-%m-%d %H:%M UTC"),
        s.customers,
        s.from_bank,
        s.conversations,
        s.needs_reply
    );

    let _ = write!(
        out,
        "<figure><figcaption>First-reply service level per month against the goal of {:.0}%</figcaption>{}</figure>",
        100.0 * s.goal,
        sla_chart(s)
    );
    out.push_str("<h2>Service level by month and platform</h2><table><tr><th>month</th><th>platform</th><th>n</th><th>met</th><th>missed</th><th>open</th><th>SL</th><th>median</th><th>p90</th><th>p95</th></tr>");
    for r in s
        .sla_by_month_platform
        .rows
        .iter()
        .chain([&s.sla_by_month_platform.total])
    {
        let class = match r.service_level {
            Some(sl) if sl < s.goal => " class=\"bad\"",
            _ => "",
        };
        let key = if r.key.is_empty() {
            vec!["total".to_owned(), String::new()]
        } else {
            r.key.clone()
        };
        let _ = write!(
            out,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&key[0]),
            escape(key.get(1).map_or("", String::as_str)),
            r.count,
            r.met,
            r.missed,
            r.open,
            percent(r.service_level),
            seconds(r.median_seconds),
            seconds(r.percentiles_seconds[1]),
            seconds(r.percentiles_seconds[2]),
        );
    }
    out.push_str("</table>");

    let _ = write!(
        out,
        "<h2>Live queue</h2><p>{} running, {} breached, {} in warning.</p><table><tr><th>mention</th><th>platform</th><th>target</th><th>state</th><th>deadline</th><th>text (redacted)</th><th>suggested reply</th></tr>",
        s.queue_total, s.queue_breached, s.queue_warning
    );
    for line in &s.queue {
        let e = &line.entry;
        let class = if e.is_breached() {
            " class=\"bad\""
        } else if e.warning {
            " class=\"warn\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td><td style=\"text-align:left\">{}</td></tr>",
            escape(&line.mention),
            escape(&line.platform),
            escape(&e.target),
            e.state.as_str(),
            e.deadline
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            escape(&line.excerpt),
            line.suggestion
                .as_ref()
                .map(|(script, reply)| format!("<b>{}</b>: {}", escape(script), escape(reply)))
                .unwrap_or_default()
        );
    }
    out.push_str("</table>");

    let _ = write!(
        out,
        "<figure><figcaption>Tags by category (customer mentions)</figcaption>{}</figure>",
        tags_chart(s)
    );

    if let Some(survey) = &s.survey {
        let rows: Vec<&ScoreRow> = survey
            .nps_by_channel
            .segments
            .iter()
            .map(|r| &r.row)
            .chain([&survey.nps_by_channel.overall])
            .collect();
        let _ = write!(
            out,
            "<figure><figcaption>NPS of customers served in social media, by channel, with 95% intervals</figcaption>{}</figure>",
            nps_chart("chart-nps", &rows)
        );
        let years: Vec<&ScoreRow> = survey.enps_by_year.periods.iter().collect();
        let _ = write!(
            out,
            "<figure><figcaption>eNPS of the care team by year</figcaption>{}</figure><table><tr><th>year</th><th>n</th><th>eNPS</th></tr>",
            nps_chart("chart-enps", &years)
        );
        for p in &survey.enps_by_year.periods {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&p.key),
                p.counts.n(),
                escape(&score(p))
            );
        }
        out.push_str("</table>");
    }

    out.push_str("<h2>Engagement of the bank's posts</h2><table><tr><th>channel</th><th>posts</th><th>interactions</th><th>reach</th><th>ERR</th><th>ER by views</th></tr>");
    for e in &s.engagement {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&e.platform),
            e.posts,
            e.interactions,
            e.reach,
            rate(e.err),
            rate(e.er_views)
        );
    }
    out.push_str("</table></body></html>\n");
    out
}

//! The survey file: NPS answers of customers served through social media and eNPS answers of
//! the team, read from CSV and turned into scores with intervals and significant changes.
//!
//! Columns: `respondent`, `survey` (`nps` or `enps`), `answered_on` (`YYYY-MM-DD`), `score`
//! (0-10), `segment` (the channel for NPS, the team for eNPS), `region` (may be empty).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use otklik::metrics::{
    NpsCounts, ReportOptions, Segment, SegmentReport, Trend, segment_report, trend,
};

/// One answer of the survey file.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Answer {
    /// Who answered (anonymous id).
    pub respondent: String,
    /// `nps` (customers) or `enps` (staff).
    pub survey: String,
    /// When they answered.
    pub answered_on: NaiveDate,
    /// 0 to 10.
    pub score: i64,
    /// The channel that served the customer, or the employee's team.
    pub segment: String,
    /// The customer's region, if known.
    #[serde(default)]
    pub region: String,
}

/// NPS and eNPS of a survey file.
#[derive(Clone, Debug)]
pub struct SurveySummary {
    /// Customers' NPS per channel, each against the rest (Holm-corrected).
    pub nps_by_channel: SegmentReport,
    /// Customers' NPS per month, with the significant month-to-month changes.
    pub nps_by_month: Trend,
    /// Staff eNPS per year, with the change between years.
    pub enps_by_year: Trend,
    /// Staff eNPS per team in the latest year.
    pub enps_by_team: SegmentReport,
}

/// Reads every answer; a bad row is an error naming its line.
pub fn read_answers(path: &Path) -> Result<Vec<Answer>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut answers = Vec::new();
    for (n, row) in reader.deserialize::<Answer>().enumerate() {
        let answer = row.map_err(|e| format!("{}: record {}: {e}", path.display(), n + 1))?;
        if !(0..=10).contains(&answer.score) {
            return Err(format!(
                "{}: record {}: score {} is not 0-10",
                path.display(),
                n + 1,
                answer.score
            ));
        }
        if answer.survey != "nps" && answer.survey != "enps" {
            return Err(format!(
                "{}: record {}: survey `{}` is neither `nps` nor `enps`",
                path.display(),
                n + 1,
                answer.survey
            ));
        }
        answers.push(answer);
    }
    Ok(answers)
}

/// Scores of every group, in key order.
fn segments<'a>(
    answers: impl Iterator<Item = &'a Answer>,
    key: impl Fn(&Answer) -> String,
) -> Result<Vec<Segment>, String> {
    let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for a in answers {
        groups.entry(key(a)).or_default().push(a.score);
    }
    groups
        .into_iter()
        .map(|(k, scores)| {
            NpsCounts::from_answers(&scores)
                .map(|c| Segment::new(k, c))
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// NPS by channel and month, eNPS by year and team (of the latest year).
pub fn summarize(answers: &[Answer]) -> Result<SurveySummary, String> {
    let options = ReportOptions::default();
    let nps = || answers.iter().filter(|a| a.survey == "nps");
    let enps = || answers.iter().filter(|a| a.survey == "enps");
    let latest_year = enps().map(|a| a.answered_on.format("%Y").to_string()).max();
    let err = |e: otklik::metrics::MetricsError| e.to_string();
    Ok(SurveySummary {
        nps_by_channel: segment_report(&segments(nps(), |a| a.segment.clone())?, &options)
            .map_err(err)?,
        nps_by_month: trend(
            &segments(nps(), |a| a.answered_on.format("%Y-%m").to_string())?,
            &options,
        )
        .map_err(err)?,
        enps_by_year: trend(
            &segments(enps(), |a| a.answered_on.format("%Y").to_string())?,
            &options,
        )
        .map_err(err)?,
        enps_by_team: segment_report(
            &segments(
                enps().filter(|a| Some(a.answered_on.format("%Y").to_string()) == latest_year),
                |a| a.segment.clone(),
            )?,
            &options,
        )
        .map_err(err)?,
    })
}

//! Scores per segment (product, region, channel) and per period (month), with each segment
//! tested against the rest and each period against the one before.

use std::collections::HashMap;

use super::compare::{Comparison, TestMethod, compare_independent, holm};
use super::error::{MetricsError, MetricsErrorKind};
use super::interval::{Confidence, Interval, NpsMethod};
use super::nps::{Category, NpsCounts, out_of_range};

/// The counts of one segment or period, under its key (`"cards"`, `"kyiv"`, `"2025-10"`).
///
/// ```
/// use otklik::metrics::{NpsCounts, Segment};
///
/// let s = Segment::new("cards", NpsCounts::new(50, 30, 20)?);
/// assert_eq!((s.key.as_str(), s.counts.score()), ("cards", Some(30.0)));
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Segment {
    /// The segment's name.
    pub key: String,
    /// Its counts.
    pub counts: NpsCounts,
}

impl Segment {
    /// A segment from its key and counts.
    ///
    /// ```
    /// # use otklik::metrics::{NpsCounts, Segment};
    /// let s = Segment::new(String::from("2025-10"), NpsCounts::new(56, 29, 15)?);
    /// assert_eq!(s.key, "2025-10");
    /// assert_eq!(s.counts.n(), 100);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn new(key: impl Into<String>, counts: NpsCounts) -> Segment {
        Segment {
            key: key.into(),
            counts,
        }
    }

    /// Groups 0-10 answers by key (`keys[i]` is the segment of `answers[i]`), in the order
    /// keys first appear. Different lengths, or an answer outside 0-10, are errors.
    ///
    /// ```
    /// use otklik::metrics::Segment;
    ///
    /// let segments = Segment::group(&["app", "web", "app"], &[10, 3, 8])?;
    /// assert_eq!(segments.len(), 2);
    /// assert_eq!(segments[0].key, "app");
    /// assert_eq!(segments[0].counts.n(), 2);
    /// assert_eq!(segments[1].counts.score(), Some(-100.0));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn group<K: AsRef<str>>(keys: &[K], answers: &[i64]) -> Result<Vec<Segment>, MetricsError> {
        if keys.len() != answers.len() {
            return Err(MetricsError::new(
                MetricsErrorKind::LengthMismatch,
                format!(
                    "{} keys but {} answers; give one key per answer",
                    keys.len(),
                    answers.len()
                ),
            ));
        }
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut tallies: Vec<(&str, [u64; 3])> = Vec::new();
        for (position, (key, &answer)) in keys.iter().zip(answers).enumerate() {
            let category = Category::of(answer)
                .ok_or_else(|| out_of_range(position, "answer", answer, "the 0-10 scale"))?;
            let key = key.as_ref();
            let slot = *index.entry(key).or_insert_with(|| {
                tallies.push((key, [0; 3]));
                tallies.len() - 1
            });
            tallies[slot].1[category as usize] += 1;
        }
        tallies
            .into_iter()
            .map(|(key, [d, pa, p])| Ok(Segment::new(key, NpsCounts::new(p, pa, d)?)))
            .collect()
    }
}

/// Whether p-values are corrected for the number of comparisons read together.
///
/// ```
/// use otklik::metrics::Correction;
///
/// assert_eq!(Correction::default(), Correction::Holm);
/// assert_eq!(Correction::None.as_str(), "none");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Correction {
    /// Holm's step-down correction (the default): with twelve months or twenty regions some
    /// raw p-value falls below 0.05 by chance alone, and Holm keeps the chance of any false
    /// flag at alpha.
    #[default]
    Holm,
    /// Each comparison on its own.
    None,
}

impl Correction {
    /// A stable snake_case name: `holm`, `none`.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::Correction::Holm.as_str(), "holm");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Correction::Holm => "holm",
            Correction::None => "none",
        }
    }
}

/// How a [`segment_report`] or a [`trend`] computes and flags.
///
/// ```
/// use otklik::metrics::{Confidence, Correction, ReportOptions};
///
/// let options = ReportOptions { correction: Correction::None, ..ReportOptions::default() };
/// assert_eq!(options.confidence, Confidence::P95);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReportOptions {
    /// The level of the intervals; a difference is flagged when its p-value (corrected, if
    /// asked) is below alpha = `1 − level`. To choose alpha rather than the level, use
    /// [`Confidence::from_alpha`].
    pub confidence: Confidence,
    /// The interval of each score (adjusted-Wald by default).
    pub interval: NpsMethod,
    /// The test of each difference (adjusted-Wald by default).
    pub test: TestMethod,
    /// The correction for many comparisons (Holm by default).
    pub correction: Correction,
}

/// One segment or period: its counts, score and interval.
///
/// ```
/// use otklik::metrics::{trend, NpsCounts, ReportOptions, Segment};
///
/// let t = trend(&[Segment::new("2025-10", NpsCounts::new(1, 0, 0)?)], &ReportOptions::default())?;
/// let row = &t.periods[0];
/// assert_eq!((row.key.as_str(), row.score), ("2025-10", Some(100.0)));
/// assert!(row.interval.unwrap().lower < 0.0); // one answer says little (adjusted-Wald)
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreRow {
    /// The segment's or period's key.
    pub key: String,
    /// Its counts.
    pub counts: NpsCounts,
    /// Its score; `None` with no answers.
    pub score: Option<f64>,
    /// Its interval; `None` with no answers.
    pub interval: Option<Interval>,
}

impl ScoreRow {
    fn new(key: &str, counts: NpsCounts, options: &ReportOptions) -> ScoreRow {
        ScoreRow {
            key: key.to_owned(),
            counts,
            score: counts.score(),
            interval: counts.interval(options.interval, options.confidence),
        }
    }
}

/// One segment against the rest of the answers (everyone not in it).
///
/// ```
/// use otklik::metrics::{segment_report, NpsCounts, ReportOptions, Segment};
///
/// let report = segment_report(
///     &[Segment::new("app", NpsCounts::new(70, 20, 10)?), Segment::new("web", NpsCounts::new(30, 30, 40)?)],
///     &ReportOptions::default(),
/// )?;
/// let app = &report.segments[0];
/// assert!((app.vs_rest.unwrap().difference - 70.0).abs() < 1e-12); // 60 against the rest's -10
/// assert!(app.significant && app.adjusted_p_value.unwrap() < 0.05);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentRow {
    /// The segment itself.
    pub row: ScoreRow,
    /// The independent comparison `segment − rest`; `None` if the segment or the rest is
    /// empty.
    pub vs_rest: Option<Comparison>,
    /// The p-value after the correction (the raw one with [`Correction::None`]).
    pub adjusted_p_value: Option<f64>,
    /// Whether the segment differs from the rest at the chosen level, after the correction.
    pub significant: bool,
}

/// Scores per segment, the overall score, and which segments stand out.
///
/// ```
/// use otklik::metrics::{segment_report, NpsCounts, ReportOptions, Segment};
///
/// let report = segment_report(
///     &[Segment::new("a", NpsCounts::new(9, 0, 1)?), Segment::new("b", NpsCounts::new(10, 40, 50)?)],
///     &ReportOptions::default(),
/// )?;
/// // (19 − 51) / 110 = −29.09, not the mean of 80 and −40.
/// assert!((report.overall.score.unwrap() + 29.090_909).abs() < 1e-6);
/// assert_eq!(report.overall.key, "overall");
/// assert_eq!(report.segments.len(), 2);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentReport {
    /// All answers together, under the key `"overall"`: the count-weighted overall score
    /// (`Σ nₛ·NPSₛ / Σ nₛ`, not the plain mean of the segment scores).
    pub overall: ScoreRow,
    /// The segments, in the input order.
    pub segments: Vec<SegmentRow>,
}

/// Scores each segment, the count-weighted overall score, and tests each segment against the
/// rest (the answers not in it).
///
/// A segment is part of the overall sample, so it is compared with its complement, never with
/// the overall score. Segments must have distinct keys (a repeated key is an error naming the
/// second), and together at most [`MAX_ANSWERS`](super::MAX_ANSWERS) answers.
///
/// ```
/// use otklik::metrics::{segment_report, NpsCounts, ReportOptions, Segment};
///
/// let report = segment_report(
///     &[
///         Segment::new("cards", NpsCounts::new(60, 25, 15)?),
///         Segment::new("loans", NpsCounts::new(20, 30, 50)?),
///         Segment::new("deposits", NpsCounts::new(45, 30, 25)?),
///     ],
///     &ReportOptions::default(),
/// )?;
/// assert_eq!(report.overall.score, Some(35.0 / 3.0)); // (125 − 90) / 300
/// let flagged: Vec<&str> = report.segments.iter()
///     .filter(|s| s.significant)
///     .map(|s| s.row.key.as_str())
///     .collect();
/// assert_eq!(flagged, ["cards", "loans"]);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn segment_report(
    segments: &[Segment],
    options: &ReportOptions,
) -> Result<SegmentReport, MetricsError> {
    check_unique(segments)?;
    let mut overall = NpsCounts::default();
    for segment in segments {
        overall = overall.checked_add(segment.counts)?;
    }
    let comparisons: Vec<Option<Comparison>> = segments
        .iter()
        .map(|segment| {
            // The segment is part of the overall counts, so the subtraction cannot fail.
            let rest = overall.checked_sub(segment.counts)?;
            compare_independent(&rest, &segment.counts, options.test, options.confidence)
        })
        .collect();
    let flags = flag(&comparisons, options)?;
    let rows = segments
        .iter()
        .zip(comparisons)
        .zip(flags)
        .map(
            |((segment, vs_rest), (adjusted_p_value, significant))| SegmentRow {
                row: ScoreRow::new(&segment.key, segment.counts, options),
                vs_rest,
                adjusted_p_value,
                significant,
            },
        )
        .collect();
    Ok(SegmentReport {
        overall: ScoreRow::new("overall", overall, options),
        segments: rows,
    })
}

/// The change from one period to the next.
///
/// ```
/// use otklik::metrics::{trend, NpsCounts, ReportOptions, Segment};
///
/// let t = trend(
///     &[Segment::new("2025-09", NpsCounts::new(52, 30, 18)?), Segment::new("2025-10", NpsCounts::new(75, 15, 10)?)],
///     &ReportOptions::default(),
/// )?;
/// let step = &t.steps[0];
/// assert_eq!((step.from.as_str(), step.to.as_str()), ("2025-09", "2025-10"));
/// assert!((step.change.unwrap().difference - 31.0).abs() < 1e-12 && step.significant);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TrendStep {
    /// The earlier period's key.
    pub from: String,
    /// The later period's key.
    pub to: String,
    /// The independent comparison `later − earlier`; `None` if either period is empty.
    pub change: Option<Comparison>,
    /// The p-value after the correction (the raw one with [`Correction::None`]).
    pub adjusted_p_value: Option<f64>,
    /// Whether the change is significant at the chosen level, after the correction. Only
    /// these changes should be reported as changes.
    pub significant: bool,
}

/// Scores per period and the changes between consecutive periods.
///
/// ```
/// use otklik::metrics::{trend, NpsCounts, ReportOptions, Segment};
///
/// let months = ["2025-08", "2025-09", "2025-10"].map(|m| Segment::new(m, NpsCounts::new(5, 3, 2).unwrap()));
/// let t = trend(&months, &ReportOptions::default())?;
/// assert_eq!((t.periods.len(), t.steps.len()), (3, 2));
/// assert!(t.steps.iter().all(|s| !s.significant)); // nothing moved
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// The periods, in the input order.
    pub periods: Vec<ScoreRow>,
    /// `periods.len() − 1` steps: period 0 → 1, 1 → 2, …
    pub steps: Vec<TrendStep>,
}

/// Scores each period and tests each change from one period to the next, flagging only the
/// significant ones.
///
/// The periods are taken in the order given (sort them first) and are assumed to have
/// different respondents: for the same people surveyed twice use
/// [`compare_paired`](super::compare_paired), and do not feed overlapping rolling windows,
/// whose consecutive points share answers. Keys must be distinct.
///
/// ```
/// use otklik::metrics::{trend, NpsCounts, ReportOptions, Segment};
///
/// let t = trend(
///     &[
///         Segment::new("2025-08", NpsCounts::new(50, 30, 20)?),
///         Segment::new("2025-09", NpsCounts::new(52, 30, 18)?),
///         Segment::new("2025-10", NpsCounts::new(75, 15, 10)?),
///     ],
///     &ReportOptions::default(),
/// )?;
/// assert_eq!(t.steps.len(), 2);
/// assert!(!t.steps[0].significant); // +4 points: noise at n = 100
/// assert!(t.steps[1].significant); // +31 points
/// assert!((t.steps[1].change.unwrap().difference - 31.0).abs() < 1e-12);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn trend(periods: &[Segment], options: &ReportOptions) -> Result<Trend, MetricsError> {
    check_unique(periods)?;
    let changes: Vec<Option<Comparison>> = periods
        .windows(2)
        .map(|pair| {
            compare_independent(
                &pair[0].counts,
                &pair[1].counts,
                options.test,
                options.confidence,
            )
        })
        .collect();
    let flags = flag(&changes, options)?;
    let steps = periods
        .windows(2)
        .zip(changes)
        .zip(flags)
        .map(
            |((pair, change), (adjusted_p_value, significant))| TrendStep {
                from: pair[0].key.clone(),
                to: pair[1].key.clone(),
                change,
                adjusted_p_value,
                significant,
            },
        )
        .collect();
    Ok(Trend {
        periods: periods
            .iter()
            .map(|p| ScoreRow::new(&p.key, p.counts, options))
            .collect(),
        steps,
    })
}

fn check_unique(segments: &[Segment]) -> Result<(), MetricsError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (position, segment) in segments.iter().enumerate() {
        if let Some(first) = seen.insert(segment.key.as_str(), position) {
            return Err(MetricsError::new(
                MetricsErrorKind::DuplicateKey,
                format!(
                    "key {:?} is used twice (first at index {first}); merge the counts first",
                    segment.key
                ),
            )
            .at(position));
        }
    }
    Ok(())
}

/// The (corrected) p-value and the flag of each comparison; the family for Holm is the
/// comparisons that could be made.
fn flag(
    comparisons: &[Option<Comparison>],
    options: &ReportOptions,
) -> Result<Vec<(Option<f64>, bool)>, MetricsError> {
    let raw: Vec<f64> = comparisons
        .iter()
        .flatten()
        .filter_map(|c| c.p_value)
        .collect();
    let adjusted = match options.correction {
        Correction::Holm => holm(&raw)?,
        Correction::None => raw,
    };
    let mut adjusted = adjusted.into_iter();
    let alpha = options.confidence.alpha();
    Ok(comparisons
        .iter()
        .map(|c| match c.and_then(|c| c.p_value) {
            Some(_) => {
                let p = adjusted.next();
                (p, p.is_some_and(|p| p < alpha))
            }
            None => (None, false),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(p: u64, pa: u64, d: u64) -> NpsCounts {
        NpsCounts::new(p, pa, d).unwrap()
    }

    #[test]
    fn overall_is_count_weighted() {
        let report = segment_report(
            &[
                Segment::new("a", counts(9, 0, 1)),
                Segment::new("b", counts(10, 40, 50)),
            ],
            &ReportOptions::default(),
        )
        .unwrap();
        // (19 − 51) / 110, not the mean of 80 and −40.
        assert!((report.overall.score.unwrap() - 100.0 * -32.0 / 110.0).abs() < 1e-12);
        assert_eq!(report.overall.counts.n(), 110);
    }

    #[test]
    fn a_lone_segment_has_no_rest() {
        let report = segment_report(
            &[Segment::new("all", counts(5, 3, 2))],
            &ReportOptions::default(),
        )
        .unwrap();
        assert_eq!(report.segments[0].vs_rest, None);
        assert!(!report.segments[0].significant);
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = trend(
            &[
                Segment::new("2025-01", counts(1, 1, 1)),
                Segment::new("2025-02", counts(1, 1, 1)),
                Segment::new("2025-01", counts(1, 1, 1)),
            ],
            &ReportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            (err.kind(), err.position()),
            (MetricsErrorKind::DuplicateKey, Some(2))
        );
        assert!(err.to_string().contains("first at index 0"), "{err}");
    }

    #[test]
    fn holm_can_unflag_what_raw_p_flags() {
        // Three steps whose raw p-values are all just under 0.05.
        let periods = [
            Segment::new("1", counts(40, 30, 30)),
            Segment::new("2", counts(54, 26, 20)),
            Segment::new("3", counts(40, 30, 30)),
            Segment::new("4", counts(54, 26, 20)),
        ];
        let raw = trend(
            &periods,
            &ReportOptions {
                correction: Correction::None,
                test: TestMethod::Wald,
                ..Default::default()
            },
        )
        .unwrap();
        let corrected = trend(
            &periods,
            &ReportOptions {
                test: TestMethod::Wald,
                ..Default::default()
            },
        )
        .unwrap();
        for (r, c) in raw.steps.iter().zip(&corrected.steps) {
            let p = r.change.unwrap().p_value.unwrap();
            assert!(p < 0.05 && p > 0.01, "{p}");
            assert!(r.significant && !c.significant);
            assert!(c.adjusted_p_value.unwrap() >= r.adjusted_p_value.unwrap());
        }
        // The sign is kept: up, down, up.
        let signs: Vec<f64> = raw
            .steps
            .iter()
            .map(|s| s.change.unwrap().difference.signum())
            .collect();
        assert_eq!(signs, [1.0, -1.0, 1.0]);
    }

    #[test]
    fn empty_period_breaks_no_step() {
        let t = trend(
            &[
                Segment::new("a", counts(5, 0, 0)),
                Segment::new("b", counts(0, 0, 0)),
                Segment::new("c", counts(0, 0, 5)),
            ],
            &ReportOptions::default(),
        )
        .unwrap();
        assert_eq!(t.periods[1].score, None);
        assert!(t.steps.iter().all(|s| s.change.is_none() && !s.significant));
    }
}

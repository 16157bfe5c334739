//! Metrics: NPS and eNPS with their uncertainty, comparisons and trends, weighted NPS, sample
//! sizes, CSAT and CES, and engagement rates named by formula.
//!
//! Everything here works on counts and plain numbers, and is exact where it can be: a score is
//! kept as a fraction and rounded in one place, by one rule ([`Fraction::round`]: half away
//! from zero on the exact value), so that Rust, Python and Kotlin print the same digits. A
//! sample with no answers has no score (`None`), never a score of 0, which is a real result.
//! Inputs that cannot be used are a [`MetricsError`] that says what and where; nothing here
//! panics, whatever the input.
//!
//! | question | here |
//! |---|---|
//! | What is the NPS (or eNPS) of these answers or counts? | [`NpsCounts`], [`NpsCounts::exact`], [`Fraction::round`] |
//! | How sure are we? | [`NpsCounts::standard_error`], [`NpsCounts::interval`] with an [`NpsMethod`] |
//! | Did it change? Is this segment different? | [`compare_independent`], [`compare_paired`], [`holm`] |
//! | Per product, region, channel, month? | [`Segment`], [`segment_report`], [`trend`] |
//! | With survey weights? | [`weighted_nps`] |
//! | How many answers do we need? | [`sample_size`], [`margin_of_error`] |
//! | CSAT, CES? | [`csat`], [`top_box`], [`ces`], [`mean_rating`], [`Proportion::wilson`] |
//! | Engagement rate, and its change? | [`EngagementCounts`], [`EngagementRate`], [`period_rate`], [`change`] |
//!
//! # The score
//!
//! Answers 9-10 are promoters, 7-8 passives, 0-6 detractors; NPS = 100 × (P − D) / n on the
//! −100…+100 scale. eNPS is the same arithmetic on staff answers.
//!
//! ```
//! use otklik::metrics::NpsCounts;
//!
//! let counts = NpsCounts::new(10, 19, 11)?;
//! assert_eq!(counts.score(), Some(-2.5));
//! assert_eq!(counts.exact().unwrap().to_string(), "-5/2");
//! // Half away from zero, on the exact value: −2.5 → −3 (Python's round would say −2).
//! assert_eq!(counts.rounded(0), Some(-3.0));
//! assert_eq!(NpsCounts::new(11, 19, 10)?.rounded(0), Some(3.0));
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```
//!
//! # Which interval
//!
//! The variance of one answer's code (+1, 0, −1) is `p + d − (p − d)²` and the standard error
//! of the score `100 × √(variance / n)`. Three intervals are offered ([`NpsMethod`]); all are
//! clamped to −100…+100:
//!
//! - **Adjusted-Wald, the default.** Add 0.75 promoter, 1.5 passive and 0.75 detractor, and
//!   take the Wald interval of the adjusted counts, centred on the adjusted score (Rocks 2016;
//!   MeasuringU 2021 found it the most accurate on real data). Use it unless there is a reason
//!   not to. The reported score stays the raw one; only the interval moves.
//! - **Wald** (`score ± z·SE`): what most scripts and tools compute. Use it for large samples
//!   (hundreds of answers, score well inside ±100, where all three agree) and to reproduce
//!   another tool's figures. At small n it is too narrow, and with every answer in one
//!   category it has zero width: ten promoters out of ten would "prove" an NPS of exactly 100.
//! - **Score** (Rocks' iterative score interval): the other method that did best in Rocks'
//!   comparison. Its bounds stay inside the scale without clamping and lean away from ±100 as
//!   they should; use it beside adjusted-Wald for small samples and scores near ±100, where the
//!   two differ by a few points (ten promoters out of ten: lower bounds 47.5 and 44.5) and
//!   Wald is useless.
//!
//! ```
//! use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
//!
//! let ten_promoters = NpsCounts::new(10, 0, 0)?;
//! let at_95 = |method| ten_promoters.interval(method, Confidence::P95).unwrap();
//!
//! let wald = at_95(NpsMethod::Wald);
//! assert_eq!((wald.lower, wald.upper), (100.0, 100.0)); // certainty from ten answers: wrong
//!
//! let adjusted = at_95(NpsMethod::AdjustedWald);
//! assert!((adjusted.lower - 47.5036).abs() < 1e-4 && adjusted.upper == 100.0);
//!
//! let score = at_95(NpsMethod::Score);
//! assert!((score.lower - 44.4934).abs() < 1e-4 && score.upper == 100.0);
//!
//! // With a thousand answers the methods agree to a few tenths of a point.
//! let large = NpsCounts::new(600, 250, 150)?;
//! let wald = large.interval(NpsMethod::Wald, Confidence::P95).unwrap();
//! let score = large.interval(NpsMethod::Score, Confidence::P95).unwrap();
//! assert!((wald.lower - score.lower).abs() < 0.2 && (wald.upper - score.upper).abs() < 0.2);
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```
//!
//! Levels are a [`Confidence`], strictly between 0 and 1; critical values come from our own
//! normal quantile ([`normal_quantile`], Wichura's AS241) and p-values from our own normal
//! CDF ([`normal_cdf`], Cody's erfc), so every binding gets the same digits.
//!
//! # Which test
//!
//! - **Different respondents** (two months with new people each, two segments, two channels):
//!   [`compare_independent`], z on the difference with `√(SE₁² + SE₂²)`, adjusted-Wald by
//!   default ([`TestMethod`]).
//! - **The same people surveyed twice** (a panel, an eNPS re-survey of the same staff, before
//!   and after a change): [`compare_paired`], on each person's change. People mostly keep
//!   their opinion, so the two waves are correlated and the independent test overstates the
//!   error and misses real changes.
//! - **A segment against the whole**: the segment is part of the whole, so compare it with
//!   the rest; [`segment_report`] does.
//! - **Many comparisons at once** (twenty regions against the rest, twelve month-on-month
//!   changes): some raw p-values fall under 0.05 by chance alone. Correct them with [`holm`];
//!   [`segment_report`] and [`trend`] do by default ([`Correction::Holm`]) and flag only what
//!   stays significant.
//!
//! ```
//! use otklik::metrics::{compare_independent, compare_paired, Confidence, TestMethod, TransitionTable};
//!
//! // 100 customers asked twice. Rows: before detractor/passive/promoter; columns: after.
//! let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
//! assert_eq!((table.before().score(), table.after().score()), (Some(30.0), Some(41.0)));
//!
//! let paired = compare_paired(&table, Confidence::P95).unwrap();
//! assert!((paired.difference - 11.0).abs() < 1e-12);
//! assert!((paired.standard_error - 6.4645).abs() < 1e-4);
//! assert!((paired.p_value.unwrap() - 0.0888).abs() < 1e-4);
//!
//! // Wrongly treated as two independent samples, the error is two thirds larger.
//! let wrong = compare_independent(&table.before(), &table.after(), TestMethod::Wald, Confidence::P95).unwrap();
//! assert!((wrong.standard_error - 10.7327).abs() < 1e-4);
//! assert!(wrong.p_value.unwrap() > 0.3);
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```
//!
//! # Segments and trends
//!
//! ```
//! use otklik::metrics::{segment_report, trend, NpsCounts, ReportOptions, Segment};
//!
//! let answers = [10, 9, 3, 8, 10, 0, 6, 9, 7, 10];
//! let channels = ["app", "app", "web", "web", "app", "web", "web", "app", "web", "app"];
//! let segments = Segment::group(&channels, &answers)?;
//! let report = segment_report(&segments, &ReportOptions::default())?;
//! assert_eq!(report.overall.score, Some(20.0)); // count-weighted: (6 − 4) / 10
//! assert_eq!(report.segments[0].row.score, Some(100.0)); // app: five promoters
//! assert_eq!(report.segments[1].row.score, Some(-60.0)); // web
//!
//! let months = trend(
//!     &[Segment::new("2025-09", NpsCounts::new(50, 30, 20)?), Segment::new("2025-10", NpsCounts::new(56, 29, 15)?)],
//!     &ReportOptions::default(),
//! )?;
//! assert!(!months.steps[0].significant); // +11 points from 100 answers each is not a finding
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```
//!
//! # Weights, sample sizes, CSAT, CES
//!
//! [`weighted_nps`] takes survey weights (which must be positive and finite) and reports the
//! Kish effective sample size beside the score; [`sample_size`] answers "how many answers for
//! ±5 points?"; [`csat`] is the share of 4-5 on a 1-5 scale with Wilson's interval, and
//! [`ces`] the mean of 1-7 ratings with its standard error.
//!
//! ```
//! use otklik::metrics::{ces, csat, sample_size, Confidence, ExpectedShares};
//!
//! assert_eq!(sample_size(5.0, Confidence::P95, ExpectedShares::WORST_CASE, None)?, 1537);
//! assert_eq!(csat(&[5, 4, 3, 5, 1])?.share(), Some(60.0));
//! assert_eq!(ces(&[7, 6, 5, 4, 2])?.mean, Some(4.8));
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```
//!
//! # Engagement
//!
//! "ERR" means interactions / reach in one tool, views / subscribers in another and
//! interactions / views in a third, so rates here are named by formula ([`EngagementRate`]),
//! computed from raw counts, and a period's rate is given both as a ratio of sums and as a mean
//! of ratios ([`PeriodRate`]). A change is reported in percentage points and relative terms:
//!
//! ```
//! use otklik::metrics::{change, round_half_away_from_zero};
//!
//! let c = change(2.71, 3.42)?;
//! assert_eq!(round_half_away_from_zero(c.points, 2), 0.71); // +0.71 pp
//! assert_eq!(round_half_away_from_zero(c.relative.unwrap(), 1), 26.2); // +26.2 %
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```

mod compare;
mod csat;
mod engagement;
mod error;
mod interval;
mod normal;
mod nps;
mod round;
mod sample_size;
mod segments;
mod weighted;

pub use compare::{
    Comparison, TestMethod, TransitionTable, compare_independent, compare_paired, holm,
};
pub use csat::{MeanRating, Proportion, RatingScale, ces, csat, mean_rating, top_box};
pub use engagement::{
    Change, EngagementCounts, EngagementRate, InteractionSet, PeriodRate, change, period_rate,
};
pub use error::{MetricsError, MetricsErrorKind};
pub use interval::{Confidence, Interval, IntervalMethod, NpsMethod};
pub use normal::{normal_cdf, normal_quantile, two_sided_p_value};
pub use nps::{Category, MAX_ANSWERS, NpsCounts, OutOfRange, Tally};
pub use round::{Fraction, MAX_DECIMALS, round_half_away_from_zero};
pub use sample_size::{ExpectedShares, margin_of_error, sample_size};
pub use segments::{
    Correction, ReportOptions, ScoreRow, Segment, SegmentReport, SegmentRow, Trend, TrendStep,
    segment_report, trend,
};
pub use weighted::{WeightedNps, weighted_nps};

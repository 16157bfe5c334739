//! NPS, eNPS, CSAT, CES and engagement: the shared cases of testdata/nps.toml, and properties
//! that must hold for any input.

use std::path::Path;

use otklik::metrics::{
    Confidence, Correction, EngagementCounts, EngagementRate, ExpectedShares, InteractionSet,
    Interval, MetricsError, MetricsErrorKind, NpsCounts, NpsMethod, OutOfRange, RatingScale,
    ReportOptions, Segment, TestMethod, TransitionTable, change, compare_independent,
    compare_paired, holm, margin_of_error, mean_rating, normal_cdf, normal_quantile, period_rate,
    round_half_away_from_zero, sample_size, segment_report, top_box, trend, weighted_nps,
};
use proptest::prelude::*;
use serde::Deserialize;

// ------------------------------------------------------------------------------------------
// The data file.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    tolerance: f64,
    counts: Vec<CountsCase>,
    counts_error: Vec<CountsErrorCase>,
    rounding: Vec<RoundingCase>,
    round_value: Vec<RoundValueCase>,
    answers: Vec<AnswersCase>,
    interval: Vec<IntervalCase>,
    confidence_error: Vec<ConfidenceErrorCase>,
    independent: Vec<IndependentCase>,
    paired: Vec<PairedCase>,
    holm: Vec<HolmCase>,
    weighted: Vec<WeightedCase>,
    sample_size: Vec<SampleSizeCase>,
    margin_of_error: Vec<MarginCase>,
    top_box: Vec<TopBoxCase>,
    mean_rating: Vec<MeanRatingCase>,
    engagement: Vec<EngagementCase>,
    change: Vec<ChangeCase>,
    segments: Vec<SegmentsCase>,
    trend: Vec<TrendCase>,
    normal: Vec<NormalCase>,
    normal_cdf: Vec<NormalCdfCase>,
}

/// The error a case expects: its kind and, where given, its position and value.
#[derive(Deserialize, Default)]
struct ExpectedError {
    error: Option<String>,
    error_position: Option<usize>,
    error_value: Option<f64>,
}

impl ExpectedError {
    fn is_error(&self) -> bool {
        self.error.is_some()
    }

    fn check<T: std::fmt::Debug>(&self, got: Result<T, MetricsError>, case: &str) {
        let want = self.error.as_deref().expect("an error case");
        let err = got.expect_err(case);
        assert_eq!(err.kind().as_str(), want, "{case}: {err}");
        if self.error_position.is_some() {
            assert_eq!(err.position(), self.error_position, "{case}: {err}");
        }
        if self.error_value.is_some() {
            assert_eq!(err.value(), self.error_value, "{case}: {err}");
        }
        assert!(!err.to_string().is_empty());
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountsCase {
    promoters: u64,
    passives: u64,
    detractors: u64,
    n: u64,
    score: Option<f64>,
    exact: Option<(i64, u64)>,
    standard_error: Option<f64>,
    tol: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountsErrorCase {
    promoters: u64,
    passives: u64,
    detractors: u64,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundingCase {
    promoters: u64,
    passives: u64,
    detractors: u64,
    decimals: u32,
    value: f64,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundValueCase {
    value: f64,
    decimals: u32,
    rounded: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersCase {
    answers: Vec<i64>,
    on_out_of_range: String,
    promoters: Option<u64>,
    passives: Option<u64>,
    detractors: Option<u64>,
    skipped: Option<u64>,
    score: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntervalCase {
    promoters: u64,
    passives: u64,
    detractors: u64,
    level: f64,
    method: String,
    lower: Option<f64>,
    upper: Option<f64>,
    tol: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfidenceErrorCase {
    level: f64,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndependentCase {
    first: [u64; 3],
    second: [u64; 3],
    method: String,
    level: f64,
    difference: Option<f64>,
    standard_error: Option<f64>,
    z: Option<f64>,
    p_value: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairedCase {
    table: Option<[[u64; 3]; 3]>,
    before: Option<Vec<i64>>,
    after: Option<Vec<i64>>,
    level: f64,
    difference: Option<f64>,
    standard_error: Option<f64>,
    z: Option<f64>,
    p_value: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    tol: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolmCase {
    p_values: Vec<f64>,
    adjusted: Option<Vec<f64>>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightedCase {
    answers: Vec<i64>,
    weights: Vec<f64>,
    unweighted_score: Option<f64>,
    score: Option<f64>,
    effective_n: Option<f64>,
    standard_error: Option<f64>,
    linearized_standard_error: Option<f64>,
    level: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    tol: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleSizeCase {
    promoters: f64,
    detractors: f64,
    margin: f64,
    level: f64,
    population: Option<u64>,
    n: Option<u64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarginCase {
    promoters: f64,
    detractors: f64,
    n: u64,
    level: f64,
    population: Option<u64>,
    margin: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopBoxCase {
    ratings: Vec<i64>,
    min: i64,
    max: i64,
    threshold: i64,
    level: f64,
    successes: Option<u64>,
    n: Option<u64>,
    share: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeanRatingCase {
    ratings: Vec<i64>,
    min: i64,
    max: i64,
    level: f64,
    n: Option<u64>,
    mean: Option<f64>,
    standard_deviation: Option<f64>,
    standard_error: Option<f64>,
    lower: Option<f64>,
    upper: Option<f64>,
    tol: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostCase {
    #[serde(default)]
    reactions: u64,
    #[serde(default)]
    comments: u64,
    #[serde(default)]
    shares: u64,
    #[serde(default)]
    saves: u64,
    #[serde(default)]
    poll_votes: u64,
    views: Option<u64>,
    reach: Option<u64>,
    followers: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EngagementCase {
    formula: String,
    interactions: Option<Vec<String>>,
    posts: Vec<PostCase>,
    ratio_of_sums: Option<f64>,
    mean_of_ratios: Option<f64>,
    posts_in_sum: u64,
    posts_in_mean: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeCase {
    before: f64,
    after: f64,
    points: Option<f64>,
    relative: Option<f64>,
    tol: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentsCase {
    segments: Vec<(String, u64, u64, u64)>,
    level: f64,
    test: String,
    correction: String,
    overall_score: Option<f64>,
    scores: Option<Vec<f64>>,
    z: Option<Vec<f64>>,
    p_values: Option<Vec<f64>>,
    adjusted_p_values: Option<Vec<f64>>,
    significant: Option<Vec<bool>>,
    tol: Option<f64>,
    rtol: Option<f64>,
    #[serde(flatten)]
    expected: ExpectedError,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrendCase {
    periods: Vec<(String, u64, u64, u64)>,
    level: f64,
    test: String,
    correction: String,
    scores: Vec<f64>,
    differences: Vec<f64>,
    p_values: Vec<f64>,
    adjusted_p_values: Vec<f64>,
    significant: Vec<bool>,
    tol: Option<f64>,
    rtol: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormalCase {
    p: f64,
    z: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormalCdfCase {
    x: f64,
    cdf: f64,
    tol: Option<f64>,
}

fn load() -> File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/nps.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Both absent, or both present and within `tol` of each other.
#[track_caller]
fn close(got: Option<f64>, want: Option<f64>, tol: f64, what: &str) {
    match (got, want) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!(
            g == w || (g - w).abs() <= tol,
            "{what}: got {g}, want {w} (tolerance {tol})"
        ),
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}

/// The tolerance of a case: absolute (`tol`, or the file's `tolerance`) unless the case gives a
/// relative one (`rtol`), which replaces it.
#[derive(Clone, Copy)]
enum Tolerance {
    Absolute(f64),
    Relative(f64),
}

impl Tolerance {
    fn of(tol: Option<f64>, rtol: Option<f64>, default: f64) -> Tolerance {
        match rtol {
            Some(r) => Tolerance::Relative(r),
            None => Tolerance::Absolute(tol.unwrap_or(default)),
        }
    }

    #[track_caller]
    fn close(self, got: Option<f64>, want: Option<f64>, what: &str) {
        match self {
            Tolerance::Absolute(tol) => close(got, want, tol, what),
            Tolerance::Relative(rtol) => close(got, want, rtol * want.map_or(0.0, f64::abs), what),
        }
    }
}

fn counts(p: u64, pa: u64, d: u64) -> NpsCounts {
    NpsCounts::new(p, pa, d).unwrap()
}

fn nps_method(name: &str) -> NpsMethod {
    match name {
        "adjusted_wald" => NpsMethod::AdjustedWald,
        "wald" => NpsMethod::Wald,
        "score" => NpsMethod::Score,
        _ => panic!("unknown method {name}"),
    }
}

fn test_method(name: &str) -> TestMethod {
    match name {
        "adjusted_wald" => TestMethod::AdjustedWald,
        "wald" => TestMethod::Wald,
        _ => panic!("unknown test {name}"),
    }
}

fn correction(name: &str) -> Correction {
    match name {
        "holm" => Correction::Holm,
        "none" => Correction::None,
        _ => panic!("unknown correction {name}"),
    }
}

fn bounds(interval: Option<Interval>) -> (Option<f64>, Option<f64>) {
    (interval.map(|i| i.lower), interval.map(|i| i.upper))
}

// ------------------------------------------------------------------------------------------
// Shared cases.

#[test]
fn counts_cases() {
    let file = load();
    assert!(file.counts.len() >= 10);
    for case in &file.counts {
        let what = format!(
            "({}, {}, {})",
            case.promoters, case.passives, case.detractors
        );
        let tol = case.tol.unwrap_or(file.tolerance);
        let c = counts(case.promoters, case.passives, case.detractors);
        assert_eq!(c.n(), case.n, "{what}");
        assert_eq!(c.is_empty(), case.n == 0, "{what}");
        close(c.score(), case.score, tol, &format!("{what} score"));
        let exact = c.exact().map(|f| (f.numerator(), f.denominator()));
        assert_eq!(exact, case.exact, "{what} exact");
        close(
            c.standard_error(),
            case.standard_error,
            tol,
            &format!("{what} SE"),
        );
    }
    for case in &file.counts_error {
        case.expected.check(
            NpsCounts::new(case.promoters, case.passives, case.detractors),
            "counts_error",
        );
    }
}

#[test]
fn rounding_cases() {
    let file = load();
    for case in &file.rounding {
        let c = counts(case.promoters, case.passives, case.detractors);
        let exact = c.exact().unwrap();
        let what = format!("{exact} to {} decimals", case.decimals);
        assert_eq!(exact.round(case.decimals), case.value, "{what}");
        assert_eq!(c.rounded(case.decimals), Some(case.value), "{what}");
        assert_eq!(exact.to_decimal_string(case.decimals), case.text, "{what}");
        assert!(
            exact.round(case.decimals).is_sign_positive() || case.value < 0.0,
            "{what}: -0"
        );
    }
    for case in &file.round_value {
        let got = round_half_away_from_zero(case.value, case.decimals);
        assert_eq!(
            got, case.rounded,
            "{} to {} decimals",
            case.value, case.decimals
        );
    }
}

#[test]
fn answers_cases() {
    let file = load();
    for case in &file.answers {
        let what = format!("{:?}", case.answers);
        let mode = match case.on_out_of_range.as_str() {
            "error" => OutOfRange::Error,
            "skip" => OutOfRange::Skip,
            other => panic!("unknown mode {other}"),
        };
        let got = NpsCounts::tally(&case.answers, mode);
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        let tally = got.unwrap();
        let c = tally.counts;
        assert_eq!(
            (
                Some(c.promoters()),
                Some(c.passives()),
                Some(c.detractors())
            ),
            (case.promoters, case.passives, case.detractors),
            "{what}"
        );
        assert_eq!(Some(tally.skipped), case.skipped, "{what}");
        close(c.score(), case.score, file.tolerance, &what);
        if mode == OutOfRange::Error {
            assert_eq!(NpsCounts::from_answers(&case.answers).unwrap(), c);
        }
    }
}

#[test]
fn interval_cases() {
    let file = load();
    let mut methods = std::collections::HashSet::new();
    for case in &file.interval {
        let what = format!(
            "({}, {}, {}) {} at {}",
            case.promoters, case.passives, case.detractors, case.method, case.level
        );
        let tol = case.tol.unwrap_or(file.tolerance);
        let method = nps_method(&case.method);
        methods.insert(case.method.clone());
        let c = counts(case.promoters, case.passives, case.detractors);
        let interval = c.interval(method, Confidence::new(case.level).unwrap());
        let (lower, upper) = bounds(interval);
        close(lower, case.lower, tol, &format!("{what} lower"));
        close(upper, case.upper, tol, &format!("{what} upper"));
        if let Some(interval) = interval {
            assert_eq!(interval.level, case.level);
            assert_eq!(interval.method.as_str(), case.method);
            assert!(
                -100.0 <= interval.lower && interval.upper <= 100.0,
                "{what}"
            );
        }
    }
    assert_eq!(methods.len(), 3);
    for case in &file.confidence_error {
        case.expected.check(
            Confidence::new(case.level),
            &format!("level {}", case.level),
        );
    }
}

#[test]
fn independent_cases() {
    let file = load();
    for case in &file.independent {
        let what = format!("{:?} -> {:?} {}", case.first, case.second, case.method);
        let [p1, pa1, d1] = case.first;
        let [p2, pa2, d2] = case.second;
        let got = compare_independent(
            &counts(p1, pa1, d1),
            &counts(p2, pa2, d2),
            test_method(&case.method),
            Confidence::new(case.level).unwrap(),
        );
        let tol = file.tolerance;
        close(
            got.map(|c| c.difference),
            case.difference,
            tol,
            &format!("{what} difference"),
        );
        close(
            got.map(|c| c.standard_error),
            case.standard_error,
            tol,
            &format!("{what} SE"),
        );
        close(got.and_then(|c| c.z), case.z, tol, &format!("{what} z"));
        close(
            got.and_then(|c| c.p_value),
            case.p_value,
            tol,
            &format!("{what} p"),
        );
        let (lower, upper) = bounds(got.map(|c| c.interval));
        close(lower, case.lower, tol, &format!("{what} lower"));
        close(upper, case.upper, tol, &format!("{what} upper"));
    }
}

#[test]
fn paired_cases() {
    let file = load();
    for case in &file.paired {
        let what = format!("{:?} {:?} {:?}", case.table, case.before, case.after);
        let table = match (&case.table, &case.before, &case.after) {
            (Some(rows), None, None) => TransitionTable::new(*rows),
            (None, Some(before), Some(after)) => TransitionTable::from_answers(before, after),
            _ => panic!("{what}: give a table or answers before and after"),
        };
        if case.expected.is_error() {
            case.expected.check(table, &what);
            continue;
        }
        let got = compare_paired(&table.unwrap(), Confidence::new(case.level).unwrap());
        let tol = case.tol.unwrap_or(file.tolerance);
        close(
            got.map(|c| c.difference),
            case.difference,
            tol,
            &format!("{what} difference"),
        );
        close(
            got.map(|c| c.standard_error),
            case.standard_error,
            tol,
            &format!("{what} SE"),
        );
        close(got.and_then(|c| c.z), case.z, tol, &format!("{what} z"));
        close(
            got.and_then(|c| c.p_value),
            case.p_value,
            tol,
            &format!("{what} p"),
        );
        let (lower, upper) = bounds(got.map(|c| c.interval));
        close(lower, case.lower, tol, &format!("{what} lower"));
        close(upper, case.upper, tol, &format!("{what} upper"));
    }
}

#[test]
fn holm_cases() {
    let file = load();
    for case in &file.holm {
        let what = format!("{:?}", case.p_values);
        let got = holm(&case.p_values);
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        let got = got.unwrap();
        let want = case.adjusted.as_ref().unwrap();
        assert_eq!(got.len(), want.len(), "{what}");
        for (g, w) in got.iter().zip(want) {
            close(Some(*g), Some(*w), 1e-15, &what);
        }
    }
}

#[test]
fn weighted_cases() {
    let file = load();
    for case in &file.weighted {
        let what = format!("{:?} weighted {:?}", case.answers, case.weights);
        let got = weighted_nps(&case.answers, &case.weights);
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        let w = got.unwrap();
        let tol = case.tol.unwrap_or(file.tolerance);
        close(
            w.counts.score(),
            case.unweighted_score,
            tol,
            &format!("{what} unweighted"),
        );
        close(w.score, case.score, tol, &format!("{what} score"));
        close(
            w.effective_n,
            case.effective_n,
            tol,
            &format!("{what} n_eff"),
        );
        close(
            w.standard_error,
            case.standard_error,
            tol,
            &format!("{what} SE"),
        );
        close(
            w.linearized_standard_error,
            case.linearized_standard_error,
            tol,
            &format!("{what} linearized SE"),
        );
        if let Some(level) = case.level {
            let (lower, upper) = bounds(w.interval(Confidence::new(level).unwrap()));
            close(lower, case.lower, tol, &format!("{what} lower"));
            close(upper, case.upper, tol, &format!("{what} upper"));
        }
    }
}

#[test]
fn sample_size_cases() {
    let file = load();
    for case in &file.sample_size {
        let what = format!(
            "±{} at {} with ({}, {}) of {:?}",
            case.margin, case.level, case.promoters, case.detractors, case.population
        );
        let got = Confidence::new(case.level).and_then(|level| {
            let shares = ExpectedShares::new(case.promoters, case.detractors)?;
            sample_size(case.margin, level, shares, case.population)
        });
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        assert_eq!(Some(got.unwrap()), case.n, "{what}");
    }
    for case in &file.margin_of_error {
        let shares = ExpectedShares::new(case.promoters, case.detractors).unwrap();
        let level = Confidence::new(case.level).unwrap();
        let got = margin_of_error(case.n, level, shares, case.population).unwrap();
        close(
            Some(got),
            Some(case.margin),
            file.tolerance,
            &format!("margin at n = {}", case.n),
        );
    }
}

#[test]
fn csat_and_ces_cases() {
    let file = load();
    for case in &file.top_box {
        let what = format!("{:?} >= {}", case.ratings, case.threshold);
        let scale = RatingScale::new(case.min, case.max).unwrap();
        let got = top_box(&case.ratings, scale, case.threshold);
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        let p = got.unwrap();
        assert_eq!(
            (Some(p.successes()), Some(p.n())),
            (case.successes, case.n),
            "{what}"
        );
        close(
            p.share(),
            case.share,
            file.tolerance,
            &format!("{what} share"),
        );
        let (lower, upper) = bounds(p.wilson(Confidence::new(case.level).unwrap()));
        close(lower, case.lower, file.tolerance, &format!("{what} lower"));
        close(upper, case.upper, file.tolerance, &format!("{what} upper"));
        if (case.min, case.max, case.threshold) == (1, 5, 4) {
            assert_eq!(otklik::metrics::csat(&case.ratings).unwrap(), p);
        }
    }
    for case in &file.mean_rating {
        let what = format!("{:?}", case.ratings);
        let scale = RatingScale::new(case.min, case.max).unwrap();
        let got = mean_rating(&case.ratings, scale);
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        let m = got.unwrap();
        let tol = case.tol.unwrap_or(file.tolerance);
        assert_eq!(Some(m.n), case.n, "{what}");
        close(m.mean, case.mean, tol, &format!("{what} mean"));
        close(
            m.standard_deviation,
            case.standard_deviation,
            tol,
            &format!("{what} sd"),
        );
        close(
            m.standard_error,
            case.standard_error,
            tol,
            &format!("{what} SE"),
        );
        let (lower, upper) = bounds(m.interval(Confidence::new(case.level).unwrap()));
        close(lower, case.lower, tol, &format!("{what} lower"));
        close(upper, case.upper, tol, &format!("{what} upper"));
        if (case.min, case.max) == (1, 7) {
            assert_eq!(otklik::metrics::ces(&case.ratings).unwrap(), m);
        }
    }
}

#[test]
fn engagement_cases() {
    let file = load();
    for case in &file.engagement {
        let what = format!("{} over {} posts", case.formula, case.posts.len());
        let formula = match case.formula.as_str() {
            "interactions_per_reach" => EngagementRate::InteractionsPerReach,
            "interactions_per_views" => EngagementRate::InteractionsPerViews,
            "interactions_per_followers" => EngagementRate::InteractionsPerFollowers,
            "views_per_followers" => EngagementRate::ViewsPerFollowers,
            other => panic!("unknown formula {other}"),
        };
        assert_eq!(formula.as_str(), case.formula);
        let set = match &case.interactions {
            None => InteractionSet::ALL,
            Some(kinds) => {
                let has = |k: &str| kinds.iter().any(|x| x == k);
                InteractionSet {
                    reactions: has("reactions"),
                    comments: has("comments"),
                    shares: has("shares"),
                    saves: has("saves"),
                    poll_votes: has("poll_votes"),
                }
            }
        };
        let posts: Vec<EngagementCounts> = case
            .posts
            .iter()
            .map(|p| EngagementCounts {
                reactions: p.reactions,
                comments: p.comments,
                shares: p.shares,
                saves: p.saves,
                poll_votes: p.poll_votes,
                views: p.views,
                reach: p.reach,
                followers: p.followers,
            })
            .collect();
        let r = period_rate(&posts, formula, set);
        close(
            r.ratio_of_sums,
            case.ratio_of_sums,
            file.tolerance,
            &format!("{what} ratio of sums"),
        );
        close(
            r.mean_of_ratios,
            case.mean_of_ratios,
            file.tolerance,
            &format!("{what} mean of ratios"),
        );
        assert_eq!(
            (r.posts_in_sum, r.posts_in_mean),
            (case.posts_in_sum, case.posts_in_mean),
            "{what}"
        );
        if let [post] = posts.as_slice() {
            close(
                post.rate(formula, set),
                case.mean_of_ratios,
                file.tolerance,
                &what,
            );
        }
    }
    for case in &file.change {
        let what = format!("{} -> {}", case.before, case.after);
        let got = change(case.before, case.after);
        if case.expected.is_error() {
            case.expected.check(got, &what);
            continue;
        }
        let c = got.unwrap();
        let tol = case.tol.unwrap_or(file.tolerance);
        close(Some(c.points), case.points, tol, &format!("{what} points"));
        close(c.relative, case.relative, tol, &format!("{what} relative"));
    }
}

fn segments_of(rows: &[(String, u64, u64, u64)]) -> Vec<Segment> {
    rows.iter()
        .map(|(key, p, pa, d)| Segment::new(key.clone(), counts(*p, *pa, *d)))
        .collect()
}

#[test]
fn segment_and_trend_cases() {
    let file = load();
    for case in &file.segments {
        let options = ReportOptions {
            confidence: Confidence::new(case.level).unwrap(),
            test: test_method(&case.test),
            correction: correction(&case.correction),
            ..ReportOptions::default()
        };
        let got = segment_report(&segments_of(&case.segments), &options);
        if case.expected.is_error() {
            case.expected.check(got, "segments");
            continue;
        }
        let report = got.unwrap();
        let tol = Tolerance::of(case.tol, case.rtol, file.tolerance);
        tol.close(report.overall.score, case.overall_score, "overall");
        let rows = &report.segments;
        let each = |values: &Option<Vec<f64>>, get: &dyn Fn(usize) -> Option<f64>, what: &str| {
            for (i, want) in values.as_ref().unwrap().iter().enumerate() {
                tol.close(
                    get(i),
                    Some(*want),
                    &format!("{what} of {}", rows[i].row.key),
                );
            }
        };
        each(&case.scores, &|i| rows[i].row.score, "score");
        each(&case.z, &|i| rows[i].vs_rest.and_then(|c| c.z), "z");
        each(
            &case.p_values,
            &|i| rows[i].vs_rest.and_then(|c| c.p_value),
            "p",
        );
        each(
            &case.adjusted_p_values,
            &|i| rows[i].adjusted_p_value,
            "adjusted p",
        );
        let flags: Vec<bool> = rows.iter().map(|r| r.significant).collect();
        assert_eq!(Some(flags), case.significant);
    }
    for case in &file.trend {
        let options = ReportOptions {
            confidence: Confidence::new(case.level).unwrap(),
            test: test_method(&case.test),
            correction: correction(&case.correction),
            ..ReportOptions::default()
        };
        let t = trend(&segments_of(&case.periods), &options).unwrap();
        let tol = Tolerance::of(case.tol, case.rtol, file.tolerance);
        for (row, want) in t.periods.iter().zip(&case.scores) {
            tol.close(row.score, Some(*want), &row.key);
        }
        assert_eq!(t.steps.len(), case.differences.len());
        for (i, step) in t.steps.iter().enumerate() {
            let what = format!("{} -> {}", step.from, step.to);
            let c = step.change.unwrap();
            tol.close(Some(c.difference), Some(case.differences[i]), &what);
            tol.close(c.p_value, Some(case.p_values[i]), &what);
            tol.close(
                step.adjusted_p_value,
                Some(case.adjusted_p_values[i]),
                &what,
            );
            assert_eq!(step.significant, case.significant[i], "{what}");
        }
    }
}

#[test]
fn normal_cases() {
    let file = load();
    for case in &file.normal {
        let got = normal_quantile(case.p).unwrap();
        close(
            Some(got),
            Some(case.z),
            1e-9,
            &format!("quantile({})", case.p),
        );
    }
    for case in &file.normal_cdf {
        let tol = case.tol.unwrap_or(1e-15);
        close(
            Some(normal_cdf(case.x)),
            Some(case.cdf),
            tol,
            &format!("cdf({})", case.x),
        );
    }
}

// ------------------------------------------------------------------------------------------
// Errors and edge cases that are not numbers.

#[test]
fn errors_say_what_and_where() {
    let err = NpsCounts::from_answers(&[10, 9, 11]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "index 2: answer 11 is outside the 0-10 scale"
    );
    assert_eq!(
        (err.reason(), err.position()),
        ("answer 11 is outside the 0-10 scale", Some(2))
    );

    let err = Confidence::new(0.0).unwrap_err();
    assert_eq!(err.kind(), MetricsErrorKind::InvalidConfidence);
    assert!(
        err.to_string().contains("strictly between 0 and 1"),
        "{err}"
    );
    assert_eq!(err.position(), None);
    assert!(Confidence::from_alpha(0.0).is_err());
    assert!(Confidence::from_alpha(1.0).is_err());

    let err = weighted_nps(&[10], &[1.0, 2.0]).unwrap_err();
    assert_eq!(err.kind(), MetricsErrorKind::LengthMismatch);
    assert_eq!(
        err.to_string(),
        "1 answers but 2 weights; give one weight per answer"
    );

    let err = Segment::group(&["a"], &[1, 2]).unwrap_err();
    assert_eq!(err.kind(), MetricsErrorKind::LengthMismatch);

    let err = NpsCounts::new(u64::MAX, u64::MAX, u64::MAX).unwrap_err();
    assert_eq!(err.kind(), MetricsErrorKind::TooLarge);

    let err = TransitionTable::new([[u64::MAX; 3]; 3]).unwrap_err();
    assert_eq!(err.kind(), MetricsErrorKind::TooLarge);

    let err = NpsCounts::new(1 << 53, 0, 0)
        .unwrap()
        .checked_add(counts(1, 0, 0))
        .unwrap_err();
    assert_eq!(err.kind(), MetricsErrorKind::TooLarge);

    let kinds = [
        MetricsErrorKind::AnswerOutOfRange,
        MetricsErrorKind::InvalidWeight,
        MetricsErrorKind::InvalidConfidence,
        MetricsErrorKind::LengthMismatch,
        MetricsErrorKind::Empty,
        MetricsErrorKind::TooLarge,
        MetricsErrorKind::DuplicateKey,
        MetricsErrorKind::InvalidValue,
    ];
    let names: std::collections::HashSet<&str> = kinds.iter().map(|k| k.as_str()).collect();
    assert_eq!(names.len(), kinds.len());
}

#[test]
fn a_billion_answers_from_counts() {
    let c = counts(600_000_000, 250_000_000, 150_000_000);
    for method in [NpsMethod::AdjustedWald, NpsMethod::Wald, NpsMethod::Score] {
        let ci = c.interval(method, Confidence::P99).unwrap();
        assert!(ci.contains(45.0) && ci.width() < 0.02, "{method:?}: {ci:?}");
    }
    let both = compare_independent(&c, &c, TestMethod::Wald, Confidence::P95).unwrap();
    assert_eq!(both.difference, 0.0);
    assert_eq!(both.p_value, Some(1.0));
    let table = TransitionTable::new([
        [150_000_000, 0, 0],
        [0, 250_000_000, 0],
        [0, 0, 600_000_000],
    ])
    .unwrap();
    assert_eq!(table.before(), c);
    let paired = compare_paired(&table, Confidence::P95).unwrap();
    assert_eq!((paired.difference, paired.p_value), (0.0, None));
}

// ------------------------------------------------------------------------------------------
// Properties.

fn any_counts() -> impl Strategy<Value = NpsCounts> {
    // Up to a third of MAX_ANSWERS each, so that the total stays within it.
    const THIRD: u64 = otklik::metrics::MAX_ANSWERS / 3;
    prop_oneof![
        (0u64..50, 0u64..50, 0u64..50),
        (
            0u64..2_000_000_000,
            0u64..2_000_000_000,
            0u64..2_000_000_000
        ),
        (0u64..=THIRD, 0u64..=THIRD, 0u64..=THIRD),
    ]
    .prop_map(|(p, pa, d)| counts(p, pa, d))
}

/// A probability from 1e-15 to 1/2, spread evenly over its exponent.
fn any_tail_probability() -> impl Strategy<Value = f64> {
    (-15.0f64..-std::f64::consts::LOG10_2).prop_map(|e| 10f64.powf(e))
}

fn any_level() -> impl Strategy<Value = Confidence> {
    prop_oneof![
        Just(0.95),
        Just(0.9),
        Just(0.99),
        0.0001f64..0.9999,
        Just(1e-300),
        Just(1.0 - 1e-15),
    ]
    .prop_map(|level| Confidence::new(level).unwrap())
}

fn any_method() -> impl Strategy<Value = NpsMethod> {
    prop_oneof![
        Just(NpsMethod::AdjustedWald),
        Just(NpsMethod::Wald),
        Just(NpsMethod::Score)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn adjusted_wald_contains_the_adjusted_score_within_the_scale(c in any_counts(), level in any_level()) {
        match c.interval(NpsMethod::AdjustedWald, level) {
            None => prop_assert!(c.is_empty()),
            Some(ci) => {
                let centre = c.adjusted_score().unwrap();
                prop_assert!(ci.contains(centre), "{ci:?} misses {centre}");
                prop_assert!(-100.0 <= ci.lower && ci.lower <= ci.upper && ci.upper <= 100.0);
                prop_assert!(ci.width() > 0.0 || level.level() < 1e-200);
            }
        }
    }

    #[test]
    fn every_interval_is_ordered_and_on_the_scale(c in any_counts(), level in any_level(), method in any_method()) {
        if let Some(ci) = c.interval(method, level) {
            prop_assert!(ci.lower.is_finite() && ci.upper.is_finite());
            prop_assert!(-100.0 <= ci.lower && ci.lower <= ci.upper && ci.upper <= 100.0, "{ci:?}");
            if method != NpsMethod::AdjustedWald {
                // Wald and the score interval contain the score itself.
                let score = c.score().unwrap();
                prop_assert!(ci.lower <= score + 1e-9 && score - 1e-9 <= ci.upper, "{ci:?} misses {score}");
            }
        }
    }

    #[test]
    fn higher_confidence_is_never_narrower(c in any_counts(), method in any_method()) {
        if let (Some(a), Some(b)) = (c.interval(method, Confidence::P90), c.interval(method, Confidence::P99)) {
            prop_assert!(b.lower <= a.lower + 1e-9 && a.upper <= b.upper + 1e-9, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn the_score_does_not_depend_on_the_order_of_answers(
        (answers, shuffled) in prop::collection::vec(0i64..=10, 0..60)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
    ) {
        let c = NpsCounts::from_answers(&answers).unwrap();
        let d = NpsCounts::from_answers(&shuffled).unwrap();
        prop_assert_eq!(c, d);
        prop_assert_eq!(c.exact(), d.exact());
        prop_assert_eq!(c.n(), answers.len() as u64);
    }

    #[test]
    fn weights_all_one_give_the_unweighted_score(answers in prop::collection::vec(0i64..=10, 0..80)) {
        let ones = vec![1.0; answers.len()];
        let w = weighted_nps(&answers, &ones).unwrap();
        let c = NpsCounts::from_answers(&answers).unwrap();
        prop_assert_eq!(w.counts, c);
        match (w.score, c.score()) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}");
                prop_assert!((w.effective_n.unwrap() - c.n() as f64).abs() < 1e-9);
                prop_assert!((w.standard_error.unwrap() - c.standard_error().unwrap()).abs() < 1e-9);
                let wald = c.interval(NpsMethod::Wald, Confidence::P95).unwrap();
                let weighted = w.interval(Confidence::P95).unwrap();
                prop_assert!((wald.lower - weighted.lower).abs() < 1e-9);
                prop_assert!((wald.upper - weighted.upper).abs() < 1e-9);
            }
            other => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn weighted_score_lies_between_the_extremes(
        pairs in prop::collection::vec((0i64..=10, 0.001f64..1000.0), 1..50),
    ) {
        let (answers, weights): (Vec<i64>, Vec<f64>) = pairs.into_iter().unzip();
        let w = weighted_nps(&answers, &weights).unwrap();
        let score = w.score.unwrap();
        prop_assert!((-100.0..=100.0).contains(&score));
        let n_eff = w.effective_n.unwrap();
        prop_assert!(n_eff >= 1.0 - 1e-9 && n_eff <= answers.len() as f64 + 1e-9);
    }

    #[test]
    fn holm_is_at_least_raw_at_most_one_and_keeps_the_order(p in prop::collection::vec(0.0f64..=1.0, 0..30)) {
        let adjusted = holm(&p).unwrap();
        prop_assert_eq!(adjusted.len(), p.len());
        for (a, raw) in adjusted.iter().zip(&p) {
            prop_assert!(*a >= *raw && *a <= 1.0, "{a} vs {raw}");
        }
        for i in 0..p.len() {
            for j in 0..p.len() {
                if p[i] < p[j] {
                    prop_assert!(adjusted[i] <= adjusted[j]);
                }
            }
        }
        // Never below Holm's own first step, never above Bonferroni.
        for (a, raw) in adjusted.iter().zip(&p) {
            prop_assert!(*a <= (raw * p.len() as f64).min(1.0) + 1e-15 || *a == 1.0);
        }
    }

    #[test]
    fn rounding_is_within_half_a_unit_and_symmetric(
        numerator in -1_000_000_000i64..1_000_000_000,
        denominator in 1u64..1_000_000,
        decimals in 0u32..6,
    ) {
        let f = otklik::metrics::Fraction::new(numerator, denominator).unwrap();
        let g = otklik::metrics::Fraction::new(-numerator, denominator).unwrap();
        let rounded = f.round(decimals);
        let unit = 10f64.powi(-(decimals as i32));
        prop_assert!((rounded - f.to_f64()).abs() <= unit / 2.0 + 1e-9 * f.to_f64().abs().max(1.0));
        prop_assert_eq!(g.round(decimals), if rounded == 0.0 { 0.0 } else { -rounded });
        let text = f.to_decimal_string(decimals);
        prop_assert_eq!(text.parse::<f64>().unwrap(), rounded);
    }

    #[test]
    fn paired_difference_is_the_change_of_scores(rows in prop::array::uniform3(prop::array::uniform3(0u64..40))) {
        let table = TransitionTable::new(rows).unwrap();
        match compare_paired(&table, Confidence::P95) {
            None => prop_assert_eq!(table.n(), 0),
            Some(c) => {
                let change = table.after().score().unwrap() - table.before().score().unwrap();
                prop_assert!((c.difference - change).abs() < 1e-9);
                prop_assert!(c.standard_error >= 0.0);
                prop_assert!(c.p_value.is_none_or(|p| (0.0..=1.0).contains(&p)));
            }
        }
    }

    #[test]
    fn independent_comparison_is_antisymmetric(a in any_counts(), b in any_counts()) {
        let ab = compare_independent(&a, &b, TestMethod::AdjustedWald, Confidence::P95);
        let ba = compare_independent(&b, &a, TestMethod::AdjustedWald, Confidence::P95);
        match (ab, ba) {
            (Some(x), Some(y)) => {
                prop_assert!((x.difference + y.difference).abs() < 1e-9);
                prop_assert!((x.standard_error - y.standard_error).abs() < 1e-12);
                prop_assert!((x.p_value.unwrap() - y.p_value.unwrap()).abs() < 1e-12);
                prop_assert!(-200.0 <= x.interval.lower && x.interval.upper <= 200.0);
            }
            (None, None) => prop_assert!(a.is_empty() || b.is_empty()),
            other => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn overall_is_the_count_weighted_mean(segs in prop::collection::vec((0u64..100, 0u64..100, 0u64..100), 1..8)) {
        let segments: Vec<Segment> = segs
            .iter()
            .enumerate()
            .map(|(i, &(p, pa, d))| Segment::new(format!("s{i}"), counts(p, pa, d)))
            .collect();
        let report = segment_report(&segments, &ReportOptions::default()).unwrap();
        let n: u64 = segments.iter().map(|s| s.counts.n()).sum();
        if n == 0 {
            prop_assert_eq!(report.overall.score, None);
        } else {
            let weighted: f64 = segments
                .iter()
                .filter_map(|s| s.counts.score().map(|score| score * s.counts.n() as f64))
                .sum::<f64>() / n as f64;
            prop_assert!((report.overall.score.unwrap() - weighted).abs() < 1e-9);
        }
        for row in &report.segments {
            if row.significant {
                prop_assert!(row.adjusted_p_value.unwrap() < 0.05);
            }
        }
    }

    #[test]
    fn wilson_stays_in_range_and_contains_the_share(n in 0u64..5000, k in 0u64..5000, level in any_level()) {
        let p = otklik::metrics::Proportion::new(k.min(n), n).unwrap();
        match p.wilson(level) {
            None => prop_assert_eq!(n, 0),
            Some(ci) => {
                let share = p.share().unwrap();
                prop_assert!(0.0 <= ci.lower && ci.lower <= share + 1e-9);
                prop_assert!(share - 1e-9 <= ci.upper && ci.upper <= 100.0);
            }
        }
    }

    #[test]
    fn counting_never_panics(answers in prop::collection::vec(any::<i64>(), 0..40)) {
        match NpsCounts::from_answers(&answers) {
            Ok(c) => prop_assert_eq!(c.n(), answers.len() as u64),
            Err(err) => {
                let position = err.position().unwrap();
                prop_assert!(answers[..position].iter().all(|a| (0..=10).contains(a)));
                prop_assert!(!(0..=10).contains(&answers[position]));
                prop_assert_eq!(err.value(), Some(answers[position] as f64));
            }
        }
        let tally = NpsCounts::tally(&answers, OutOfRange::Skip).unwrap();
        prop_assert_eq!(tally.counts.n() + tally.skipped, answers.len() as u64);
    }

    #[test]
    fn normal_quantile_is_accurate_from_1e_15_to_1_minus_1e_15(p in any_tail_probability()) {
        // Φ(Φ⁻¹(p)) = p to a relative 1e-12 in both tails. Φ is checked against 40-digit values in
        // testdata/nps.toml, and an error dp in p moves z by dp/φ(z) ≤ 1.25·dp/p (≤ dp/(p|z|)
        // in the tails), so this bounds the error of the quantile by about 1e-12, far inside
        // the 1e-9 promised. The upper tail is tested through 1 − p exactly (p ≥ 1/2 there).
        let z = normal_quantile(p).unwrap();
        prop_assert!(((normal_cdf(z) - p) / p).abs() < 1e-12, "p = {p:e}: z = {z}");
        let upper = 1.0 - p;
        let tail = 1.0 - upper; // exact (Sterbenz), and what the quantile sees
        let z = normal_quantile(upper).unwrap();
        prop_assert!(z > 0.0);
        prop_assert!(((normal_cdf(-z) - tail) / tail).abs() < 1e-12, "1 - {tail:e}: z = {z}");
        // Symmetry where 1 − p is exact.
        let exact = (p * 1024.0).round() / 1024.0;
        if exact > 0.0 && exact < 1.0 {
            let (a, b) = (normal_quantile(exact).unwrap(), normal_quantile(1.0 - exact).unwrap());
            prop_assert!((a + b).abs() < 1e-12, "{exact}: {a} vs {b}");
        }
        // Two-sided p-values invert the quantile.
        let z = normal_quantile(p / 2.0).unwrap();
        let back = otklik::metrics::two_sided_p_value(z);
        prop_assert!(((back - p) / p).abs() < 1e-12, "p = {p:e}: back {back:e}");
    }

    #[test]
    fn sample_size_is_enough_and_never_more_than_the_population(
        margin in prop_oneof![0.01f64..50.0, any::<f64>()],
        level in any_level(),
        (promoters, detractors) in (0.0f64..=1.0).prop_flat_map(|p| (Just(p), 0.0..=(1.0 - p))),
        population in prop::option::of(prop_oneof![1u64..5000, any::<u64>()]),
    ) {
        let shares = ExpectedShares::new(promoters, detractors).unwrap();
        match sample_size(margin, level, shares, population) {
            Ok(n) => {
                prop_assert!(n >= 1);
                prop_assert!(n <= otklik::metrics::MAX_ANSWERS);
                if let Some(population) = population {
                    prop_assert!(n <= population, "{n} of {population}");
                }
                let got = margin_of_error(n, level, shares, population).unwrap();
                prop_assert!(got <= margin * (1.0 + 1e-9), "n = {n}: ±{got} > ±{margin}");
            }
            Err(err) => prop_assert!(
                matches!(err.kind(), MetricsErrorKind::InvalidValue | MetricsErrorKind::TooLarge),
                "{err}"
            ),
        }
    }

    #[test]
    fn change_is_finite_or_absent(before in any::<f64>(), after in any::<f64>()) {
        let valid = |x: f64| x.is_finite() && x >= 0.0;
        match change(before, after) {
            Ok(c) => {
                prop_assert!(valid(before) && valid(after));
                prop_assert!(c.points.is_finite());
                prop_assert_eq!(c.points, after - before);
                match c.relative {
                    Some(r) => {
                        prop_assert!(before > 0.0 && r.is_finite());
                        prop_assert!((r - c.points / before * 100.0).abs() <= 1e-12 * r.abs());
                    }
                    // Only from 0, or when the ratio overflows (from 1e-310, or to 1e308).
                    None => prop_assert!(
                        before == 0.0 || (c.points / before * 100.0).is_infinite(),
                        "{before} -> {after}"
                    ),
                }
            }
            Err(err) => {
                prop_assert!(!valid(before) || !valid(after));
                prop_assert_eq!(err.kind(), MetricsErrorKind::InvalidValue);
            }
        }
    }

    #[test]
    fn weights_are_used_or_the_first_bad_one_is_named(
        pairs in prop::collection::vec(
            (0i64..=10, prop_oneof![0.001f64..1000.0, any::<f64>(), Just(0.0), Just(-1.0)]),
            0..20,
        ),
    ) {
        let (answers, weights): (Vec<i64>, Vec<f64>) = pairs.into_iter().unzip();
        let first_bad = weights.iter().position(|w| !(w.is_finite() && *w > 0.0));
        match weighted_nps(&answers, &weights) {
            Ok(w) => {
                prop_assert_eq!(first_bad, None);
                for x in [w.score, w.effective_n, w.standard_error, w.linearized_standard_error].into_iter().flatten() {
                    prop_assert!(x.is_finite(), "{w:?}");
                }
                prop_assert_eq!(w.score.is_some(), !answers.is_empty());
                if let Some(ci) = w.interval(Confidence::P95) {
                    prop_assert!(-100.0 <= ci.lower && ci.lower <= ci.upper && ci.upper <= 100.0);
                }
            }
            Err(err) => {
                prop_assert_eq!(err.kind(), MetricsErrorKind::InvalidWeight);
                prop_assert_eq!(err.position(), first_bad);
            }
        }
    }

    #[test]
    fn any_float_is_handled(x in any::<f64>(), y in any::<f64>()) {
        // None of these may panic; bad values are errors, not NaN results.
        let _ = Confidence::new(x);
        let _ = normal_quantile(x);
        let _ = normal_cdf(x);
        let _ = round_half_away_from_zero(x, 3);
        let _ = weighted_nps(&[10, 0], &[x, y]);
        let _ = holm(&[x, y]);
        if let Ok(c) = change(x, y) {
            prop_assert!(c.points.is_finite());
        }
        if let Ok(shares) = ExpectedShares::new(0.5, 0.2) {
            let _ = sample_size(x, Confidence::P95, shares, None);
        }
        if let Ok(q) = normal_quantile(x) {
            prop_assert!(q.is_finite());
        }
    }
}

//! NPS and its statistics, mirroring `otklik::metrics`.

use otklik::metrics::{
    Confidence, NpsCounts, NpsMethod, OutOfRange, TestMethod, compare_independent,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::{metrics_error, plain_metrics_error};

fn confidence(py: Python<'_>, level: f64) -> PyResult<Confidence> {
    Confidence::new(level).map_err(|e| metrics_error(py, &e))
}

/// Net Promoter Score of a sample: counts, score on the -100..100 scale, standard error,
/// intervals.
#[pyclass(name = "NpsResult", module = "otklik", frozen)]
pub struct PyNps {
    pub(crate) counts: NpsCounts,
    skipped: u64,
}

#[pymethods]
impl PyNps {
    /// Promoters (answers 9-10).
    #[getter]
    fn promoters(&self) -> u64 {
        self.counts.promoters()
    }

    /// Passives (answers 7-8).
    #[getter]
    fn passives(&self) -> u64 {
        self.counts.passives()
    }

    /// Detractors (answers 0-6).
    #[getter]
    fn detractors(&self) -> u64 {
        self.counts.detractors()
    }

    /// Answers counted.
    #[getter]
    fn n(&self) -> u64 {
        self.counts.n()
    }

    /// Answers outside 0-10 skipped (with `on_out_of_range="skip"`).
    #[getter]
    fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The score, 100 x (P - D) / n; None with no answers.
    #[getter]
    fn score(&self) -> Option<f64> {
        self.counts.score()
    }

    /// The exact score as (numerator, denominator), reduced; None with no answers.
    #[getter]
    fn exact(&self) -> Option<(i64, u64)> {
        self.counts
            .exact()
            .map(|f| (f.numerator(), f.denominator()))
    }

    /// The score rounded half away from zero to `decimals` places; None with no answers.
    #[pyo3(signature = (decimals = 0))]
    fn rounded(&self, decimals: u32) -> Option<f64> {
        self.counts.rounded(decimals)
    }

    /// The standard error of the score, in points; None with no answers.
    #[getter]
    fn standard_error(&self) -> Option<f64> {
        self.counts.standard_error()
    }

    /// The confidence interval (low, high), clamped to -100..100: method "adjusted_wald"
    /// (default), "wald" or "score". None with no answers.
    #[pyo3(signature = (confidence = 0.95, method = "adjusted_wald"))]
    fn interval(
        &self,
        py: Python<'_>,
        confidence: f64,
        method: &str,
    ) -> PyResult<Option<(f64, f64)>> {
        let method = nps_method(method)?;
        let level = self::confidence(py, confidence)?;
        Ok(self
            .counts
            .interval(method, level)
            .map(|i| (i.lower, i.upper)))
    }

    fn __repr__(&self) -> String {
        format!(
            "NpsResult(score={}, n={}, promoters={}, passives={}, detractors={})",
            self.counts
                .score()
                .map_or("None".to_owned(), |s| format!("{s:.2}")),
            self.counts.n(),
            self.counts.promoters(),
            self.counts.passives(),
            self.counts.detractors()
        )
    }
}

/// NPS of 0-10 answers. An answer outside 0-10 raises MetricsError naming its index, or with
/// `on_out_of_range="skip"` is skipped and counted in `.skipped`.
#[pyfunction]
#[pyo3(signature = (answers, *, on_out_of_range = "error"))]
pub fn nps(py: Python<'_>, answers: Vec<i64>, on_out_of_range: &str) -> PyResult<PyNps> {
    let policy = match on_out_of_range {
        "error" => OutOfRange::Error,
        "skip" => OutOfRange::Skip,
        other => {
            return Err(PyValueError::new_err(format!(
                "on_out_of_range must be \"error\" or \"skip\", not {other:?}"
            )));
        }
    };
    let tally = NpsCounts::tally(&answers, policy).map_err(|e| metrics_error(py, &e))?;
    Ok(PyNps {
        counts: tally.counts,
        skipped: tally.skipped,
    })
}

/// NPS from counts of promoters, passives and detractors.
#[pyfunction]
#[pyo3(signature = (*, promoters, passives, detractors))]
pub fn nps_from_counts(
    py: Python<'_>,
    promoters: u64,
    passives: u64,
    detractors: u64,
) -> PyResult<PyNps> {
    let counts =
        NpsCounts::new(promoters, passives, detractors).map_err(|e| metrics_error(py, &e))?;
    Ok(PyNps { counts, skipped: 0 })
}

/// The comparison of two NPS: `difference` is b - a.
#[pyclass(name = "NpsComparison", module = "otklik", frozen, get_all)]
pub struct PyNpsComparison {
    /// b's score minus a's, in points.
    difference: f64,
    /// The standard error of the difference, in points.
    standard_error: f64,
    /// The z statistic; None when the standard error is 0.
    z: Option<f64>,
    /// The two-sided p-value; None with z.
    p_value: Option<f64>,
    /// Lower bound of the difference's confidence interval.
    low: f64,
    /// Upper bound.
    high: f64,
}

#[pymethods]
impl PyNpsComparison {
    fn __repr__(&self) -> String {
        let p = self
            .p_value
            .map_or("None".to_owned(), |p| format!("{p:.4}"));
        format!(
            "NpsComparison(difference={:.2}, p_value={p})",
            self.difference
        )
    }
}

/// Compares two NPS from different respondents (periods, segments): method "adjusted_wald"
/// (default) or "wald". Raises MetricsError when either sample is empty.
#[pyfunction]
#[pyo3(signature = (a, b, *, method = "adjusted_wald", confidence = 0.95))]
pub fn compare_nps(
    py: Python<'_>,
    a: &PyNps,
    b: &PyNps,
    method: &str,
    confidence: f64,
) -> PyResult<PyNpsComparison> {
    let method = test_method(method)?;
    let level = self::confidence(py, confidence)?;
    let c = compare_independent(&a.counts, &b.counts, method, level).ok_or_else(|| {
        plain_metrics_error(py, "empty", "compare_nps: both samples need answers")
    })?;
    Ok(PyNpsComparison::from(c))
}

// ---- more NPS statistics: weighted, paired, Holm, segments, trends, sample size ----

fn nps_method(name: &str) -> PyResult<NpsMethod> {
    match name {
        "adjusted_wald" => Ok(NpsMethod::AdjustedWald),
        "wald" => Ok(NpsMethod::Wald),
        "score" => Ok(NpsMethod::Score),
        other => Err(PyValueError::new_err(format!(
            "method must be \"adjusted_wald\", \"wald\" or \"score\", not {other:?}"
        ))),
    }
}

fn test_method(name: &str) -> PyResult<TestMethod> {
    match name {
        "adjusted_wald" => Ok(TestMethod::AdjustedWald),
        "wald" => Ok(TestMethod::Wald),
        other => Err(PyValueError::new_err(format!(
            "method must be \"adjusted_wald\" or \"wald\", not {other:?}"
        ))),
    }
}

fn bounds(interval: Option<otklik::metrics::Interval>) -> Option<(f64, f64)> {
    interval.map(|i| (i.lower, i.upper))
}

impl From<otklik::metrics::Comparison> for PyNpsComparison {
    fn from(c: otklik::metrics::Comparison) -> PyNpsComparison {
        PyNpsComparison {
            difference: c.difference,
            standard_error: c.standard_error,
            z: c.z,
            p_value: c.p_value,
            low: c.interval.lower,
            high: c.interval.upper,
        }
    }
}

/// NPS with survey weights.
#[pyclass(name = "WeightedNpsResult", module = "otklik", frozen)]
pub struct PyWeightedNps {
    inner: otklik::metrics::WeightedNps,
}

#[pymethods]
impl PyWeightedNps {
    /// The weighted score, -100..100; None with no answers.
    #[getter]
    fn score(&self) -> Option<f64> {
        self.inner.score
    }

    /// Kish's effective sample size, (sum w)^2 / sum w^2.
    #[getter]
    fn effective_n(&self) -> Option<f64> {
        self.inner.effective_n
    }

    /// The standard error with Kish's effective n, in points.
    #[getter]
    fn standard_error(&self) -> Option<f64> {
        self.inner.standard_error
    }

    /// The standard error by linearisation (as R's survey::svymean), in points.
    #[getter]
    fn linearized_standard_error(&self) -> Option<f64> {
        self.inner.linearized_standard_error
    }

    /// The unweighted counts.
    #[getter]
    fn n(&self) -> u64 {
        self.inner.counts.n()
    }

    /// Wald interval with the effective n, (low, high).
    #[pyo3(signature = (confidence = 0.95))]
    fn interval(&self, py: Python<'_>, confidence: f64) -> PyResult<Option<(f64, f64)>> {
        Ok(bounds(
            self.inner.interval(self::confidence(py, confidence)?),
        ))
    }
}

/// NPS of 0-10 answers with survey weights (zero, negative or non-finite weights raise
/// MetricsError naming the index).
#[pyfunction]
pub fn weighted_nps(
    py: Python<'_>,
    answers: Vec<i64>,
    weights: Vec<f64>,
) -> PyResult<PyWeightedNps> {
    otklik::metrics::weighted_nps(&answers, &weights)
        .map(|inner| PyWeightedNps { inner })
        .map_err(|e| metrics_error(py, &e))
}

/// The same respondents surveyed twice: `after - before` from per-person answer pairs (or a
/// 3x3 `transition` table of counts, rows before D/Pa/P, columns after D/Pa/P).
#[pyfunction]
#[pyo3(signature = (before = None, after = None, *, transition = None, confidence = 0.95))]
pub fn compare_nps_paired(
    py: Python<'_>,
    before: Option<Vec<i64>>,
    after: Option<Vec<i64>>,
    transition: Option<[[u64; 3]; 3]>,
    confidence: f64,
) -> PyResult<PyNpsComparison> {
    use otklik::metrics::TransitionTable;
    let table = match (before, after, transition) {
        (Some(b), Some(a), None) => TransitionTable::from_answers(&b, &a),
        (None, None, Some(rows)) => TransitionTable::new(rows),
        _ => {
            return Err(PyValueError::new_err(
                "give either before and after (answers of the same people, in the same order) or transition",
            ));
        }
    }
    .map_err(|e| metrics_error(py, &e))?;
    let level = self::confidence(py, confidence)?;
    otklik::metrics::compare_paired(&table, level)
        .map(PyNpsComparison::from)
        .ok_or_else(|| plain_metrics_error(py, "empty", "compare_nps_paired: no pairs"))
}

/// Holm's step-down adjusted p-values, in the input order.
#[pyfunction]
pub fn holm(py: Python<'_>, p_values: Vec<f64>) -> PyResult<Vec<f64>> {
    otklik::metrics::holm(&p_values).map_err(|e| metrics_error(py, &e))
}

/// One segment or period: its key, counts, score and interval, and (for segments) its
/// comparison with the rest.
#[pyclass(name = "NpsRow", module = "otklik", frozen, get_all)]
pub struct PyNpsRow {
    key: String,
    n: u64,
    promoters: u64,
    passives: u64,
    detractors: u64,
    score: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    /// Against the rest (segments) or the previous period (trends).
    difference: Option<f64>,
    p_value: Option<f64>,
    adjusted_p_value: Option<f64>,
    significant: bool,
}

impl PyNpsRow {
    fn of(row: &otklik::metrics::ScoreRow) -> PyNpsRow {
        let (low, high) = bounds(row.interval).unzip();
        PyNpsRow {
            key: row.key.clone(),
            n: row.counts.n(),
            promoters: row.counts.promoters(),
            passives: row.counts.passives(),
            detractors: row.counts.detractors(),
            score: row.score,
            low,
            high,
            difference: None,
            p_value: None,
            adjusted_p_value: None,
            significant: false,
        }
    }
}

#[pymethods]
impl PyNpsRow {
    fn __repr__(&self) -> String {
        format!(
            "NpsRow({:?}, n={}, score={:?}, significant={})",
            self.key, self.n, self.score, self.significant
        )
    }
}

fn options(
    py: Python<'_>,
    confidence: f64,
    interval: &str,
    test: &str,
    correction: &str,
) -> PyResult<otklik::metrics::ReportOptions> {
    use otklik::metrics::Correction;
    Ok(otklik::metrics::ReportOptions {
        confidence: self::confidence(py, confidence)?,
        interval: nps_method(interval)?,
        test: test_method(test)?,
        correction: match correction {
            "holm" => Correction::Holm,
            "none" => Correction::None,
            other => {
                return Err(PyValueError::new_err(format!(
                    "correction must be \"holm\" or \"none\", not {other:?}"
                )));
            }
        },
    })
}

/// NPS per segment (product, region, channel) from per-answer keys: each segment with its
/// interval and against the rest (flagged when significant after the correction), and the
/// count-weighted overall as `(overall, rows)`.
#[pyfunction]
#[pyo3(signature = (
    keys, answers, *, confidence = 0.95, interval = "adjusted_wald", test = "adjusted_wald",
    correction = "holm"
))]
pub fn nps_segments(
    py: Python<'_>,
    keys: Vec<String>,
    answers: Vec<i64>,
    confidence: f64,
    interval: &str,
    test: &str,
    correction: &str,
) -> PyResult<(PyNpsRow, Vec<PyNpsRow>)> {
    let options = options(py, confidence, interval, test, correction)?;
    let segments =
        otklik::metrics::Segment::group(&keys, &answers).map_err(|e| metrics_error(py, &e))?;
    let report =
        otklik::metrics::segment_report(&segments, &options).map_err(|e| metrics_error(py, &e))?;
    let rows = report
        .segments
        .iter()
        .map(|s| {
            let mut row = PyNpsRow::of(&s.row);
            row.difference = s.vs_rest.map(|c| c.difference);
            row.p_value = s.vs_rest.and_then(|c| c.p_value);
            row.adjusted_p_value = s.adjusted_p_value;
            row.significant = s.significant;
            row
        })
        .collect();
    Ok((PyNpsRow::of(&report.overall), rows))
}

/// NPS of consecutive periods, each change against the previous period flagged only when
/// significant: `periods` is a list of `(label, NpsResult)` in time order.
#[pyfunction]
#[pyo3(signature = (
    periods, *, confidence = 0.95, interval = "adjusted_wald", test = "adjusted_wald",
    correction = "holm"
))]
pub fn nps_trend(
    py: Python<'_>,
    periods: Vec<(String, PyRef<'_, PyNps>)>,
    confidence: f64,
    interval: &str,
    test: &str,
    correction: &str,
) -> PyResult<Vec<PyNpsRow>> {
    let options = options(py, confidence, interval, test, correction)?;
    let segments: Vec<otklik::metrics::Segment> = periods
        .iter()
        .map(|(key, r)| otklik::metrics::Segment::new(key.clone(), r.counts))
        .collect();
    let trend = otklik::metrics::trend(&segments, &options).map_err(|e| metrics_error(py, &e))?;
    Ok(trend
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = PyNpsRow::of(p);
            if let Some(step) = i.checked_sub(1).and_then(|j| trend.steps.get(j)) {
                row.difference = step.change.map(|c| c.difference);
                row.p_value = step.change.and_then(|c| c.p_value);
                row.adjusted_p_value = step.adjusted_p_value;
                row.significant = step.significant;
            }
            row
        })
        .collect())
}

fn expected_shares(
    py: Python<'_>,
    promoters: Option<f64>,
    detractors: Option<f64>,
) -> PyResult<otklik::metrics::ExpectedShares> {
    match (promoters, detractors) {
        (None, None) => Ok(otklik::metrics::ExpectedShares::WORST_CASE),
        (Some(p), Some(d)) => {
            otklik::metrics::ExpectedShares::new(p, d).map_err(|e| metrics_error(py, &e))
        }
        _ => Err(PyValueError::new_err(
            "give both expected shares (promoters and detractors, 0 to 1) or neither (the worst case)",
        )),
    }
}

/// How many answers give an NPS margin of error of `margin` points.
#[pyfunction]
#[pyo3(signature = (margin, *, confidence = 0.95, promoters = None, detractors = None, population = None))]
pub fn nps_sample_size(
    py: Python<'_>,
    margin: f64,
    confidence: f64,
    promoters: Option<f64>,
    detractors: Option<f64>,
    population: Option<u64>,
) -> PyResult<u64> {
    let shares = expected_shares(py, promoters, detractors)?;
    otklik::metrics::sample_size(
        margin,
        self::confidence(py, confidence)?,
        shares,
        population,
    )
    .map_err(|e| metrics_error(py, &e))
}

/// The NPS margin of error, in points, of `n` answers.
#[pyfunction]
#[pyo3(signature = (n, *, confidence = 0.95, promoters = None, detractors = None, population = None))]
pub fn nps_margin_of_error(
    py: Python<'_>,
    n: u64,
    confidence: f64,
    promoters: Option<f64>,
    detractors: Option<f64>,
    population: Option<u64>,
) -> PyResult<f64> {
    let shares = expected_shares(py, promoters, detractors)?;
    otklik::metrics::margin_of_error(n, self::confidence(py, confidence)?, shares, population)
        .map_err(|e| metrics_error(py, &e))
}

// ---- CSAT, CES ----

/// A share of answers (CSAT's top box): successes of n, in %, with a Wilson interval.
#[pyclass(name = "ShareResult", module = "otklik", frozen)]
pub struct PyShare {
    inner: otklik::metrics::Proportion,
}

#[pymethods]
impl PyShare {
    #[getter]
    fn successes(&self) -> u64 {
        self.inner.successes()
    }

    #[getter]
    fn n(&self) -> u64 {
        self.inner.n()
    }

    /// The share in %, None with no answers.
    #[getter]
    fn share(&self) -> Option<f64> {
        self.inner.share()
    }

    /// Wilson interval in %, (low, high).
    #[pyo3(signature = (confidence = 0.95))]
    fn wilson(&self, py: Python<'_>, confidence: f64) -> PyResult<Option<(f64, f64)>> {
        Ok(bounds(self.inner.wilson(self::confidence(py, confidence)?)))
    }

    fn __repr__(&self) -> String {
        format!(
            "ShareResult({} of {}, share={:?})",
            self.inner.successes(),
            self.inner.n(),
            self.inner.share()
        )
    }
}

fn scale(py: Python<'_>, bounds: (i64, i64)) -> PyResult<otklik::metrics::RatingScale> {
    otklik::metrics::RatingScale::new(bounds.0, bounds.1).map_err(|e| metrics_error(py, &e))
}

/// CSAT: the share of ratings at or above `threshold` (4 and 5 of 1-5 by default), in %.
#[pyfunction]
#[pyo3(signature = (ratings, *, threshold = 4, scale = (1, 5)))]
pub fn csat(
    py: Python<'_>,
    ratings: Vec<i64>,
    threshold: i64,
    scale: (i64, i64),
) -> PyResult<PyShare> {
    let scale = self::scale(py, scale)?;
    otklik::metrics::top_box(&ratings, scale, threshold)
        .map(|inner| PyShare { inner })
        .map_err(|e| metrics_error(py, &e))
}

/// The mean of ratings on a scale (CES: 1-7), with its spread.
#[pyclass(name = "MeanRatingResult", module = "otklik", frozen)]
pub struct PyMeanRating {
    inner: otklik::metrics::MeanRating,
}

#[pymethods]
impl PyMeanRating {
    #[getter]
    fn n(&self) -> u64 {
        self.inner.n
    }

    #[getter]
    fn mean(&self) -> Option<f64> {
        self.inner.mean
    }

    #[getter]
    fn standard_deviation(&self) -> Option<f64> {
        self.inner.standard_deviation
    }

    #[getter]
    fn standard_error(&self) -> Option<f64> {
        self.inner.standard_error
    }

    /// Normal interval of the mean, clamped to the scale, (low, high).
    #[pyo3(signature = (confidence = 0.95))]
    fn interval(&self, py: Python<'_>, confidence: f64) -> PyResult<Option<(f64, f64)>> {
        Ok(bounds(
            self.inner.interval(self::confidence(py, confidence)?),
        ))
    }
}

/// CES: the mean of 1-7 ratings (or another scale).
#[pyfunction]
#[pyo3(signature = (ratings, *, scale = (1, 7)))]
pub fn ces(py: Python<'_>, ratings: Vec<i64>, scale: (i64, i64)) -> PyResult<PyMeanRating> {
    let scale = self::scale(py, scale)?;
    otklik::metrics::mean_rating(&ratings, scale)
        .map(|inner| PyMeanRating { inner })
        .map_err(|e| metrics_error(py, &e))
}

// ---- engagement ----

fn interaction_set(names: Vec<String>) -> PyResult<otklik::metrics::InteractionSet> {
    let mut set = otklik::metrics::InteractionSet {
        reactions: false,
        comments: false,
        shares: false,
        saves: false,
        poll_votes: false,
    };
    for name in names {
        match name.as_str() {
            "reactions" => set.reactions = true,
            "comments" => set.comments = true,
            "shares" => set.shares = true,
            "saves" => set.saves = true,
            "poll_votes" => set.poll_votes = true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown interaction {other:?}; use reactions, comments, shares, saves, poll_votes"
                )));
            }
        }
    }
    Ok(set)
}

fn formula(name: &str) -> PyResult<otklik::metrics::EngagementRate> {
    use otklik::metrics::EngagementRate as R;
    [
        R::InteractionsPerReach,
        R::InteractionsPerViews,
        R::InteractionsPerFollowers,
        R::ViewsPerFollowers,
    ]
    .into_iter()
    .find(|r| r.as_str() == name)
    .ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown formula {name:?}; use interactions_per_reach, interactions_per_views, \
             interactions_per_followers or views_per_followers"
        ))
    })
}

/// The counts of one post, for engagement rates.
#[pyclass(name = "PostCounts", module = "otklik", frozen, from_py_object)]
#[derive(Clone)]
pub struct PyPostCounts {
    inner: otklik::metrics::EngagementCounts,
}

#[pymethods]
impl PyPostCounts {
    #[new]
    #[pyo3(signature = (*, reactions = 0, comments = 0, shares = 0, saves = 0, poll_votes = 0, views = None, reach = None, followers = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        reactions: u64,
        comments: u64,
        shares: u64,
        saves: u64,
        poll_votes: u64,
        views: Option<u64>,
        reach: Option<u64>,
        followers: Option<u64>,
    ) -> Self {
        PyPostCounts {
            inner: otklik::metrics::EngagementCounts {
                reactions,
                comments,
                shares,
                saves,
                poll_votes,
                views,
                reach,
                followers,
            },
        }
    }

    /// The rate of this post by `formula`, in %; None when its denominator is missing or 0.
    #[pyo3(signature = (formula, *, interactions = ALL_INTERACTIONS.iter().map(|s| s.to_string()).collect()))]
    fn rate(&self, formula: &str, interactions: Vec<String>) -> PyResult<Option<f64>> {
        Ok(self
            .inner
            .rate(self::formula(formula)?, interaction_set(interactions)?))
    }
}

const ALL_INTERACTIONS: [&str; 5] = ["reactions", "comments", "shares", "saves", "poll_votes"];

/// A period's rate both ways: the ratio of sums and the mean of per-post ratios (they differ).
#[pyclass(name = "PeriodRate", module = "otklik", frozen, get_all)]
pub struct PyPeriodRate {
    ratio_of_sums: Option<f64>,
    mean_of_ratios: Option<f64>,
    posts_in_sum: u64,
    posts_in_mean: u64,
}

/// The engagement rate of a period's posts by `formula`, in %.
#[pyfunction]
#[pyo3(signature = (posts, formula, *, interactions = ALL_INTERACTIONS.iter().map(|s| s.to_string()).collect()))]
pub fn period_rate(
    posts: Vec<PyPostCounts>,
    formula: &str,
    interactions: Vec<String>,
) -> PyResult<PyPeriodRate> {
    let posts: Vec<otklik::metrics::EngagementCounts> =
        posts.into_iter().map(|p| p.inner).collect();
    let r = otklik::metrics::period_rate(
        &posts,
        self::formula(formula)?,
        interaction_set(interactions)?,
    );
    Ok(PyPeriodRate {
        ratio_of_sums: r.ratio_of_sums,
        mean_of_ratios: r.mean_of_ratios,
        posts_in_sum: r.posts_in_sum,
        posts_in_mean: r.posts_in_mean,
    })
}

/// A change of a rate: in percentage points and relative (%).
#[pyclass(name = "RateChange", module = "otklik", frozen, get_all)]
pub struct PyRateChange {
    /// after - before, in percentage points.
    points: f64,
    /// (after - before) / before x 100; None when before is 0.
    relative: Option<f64>,
}

/// The change from rate `before` to `after` (both in %): 2.71 -> 3.42 is +0.71 pp and +26.2%.
#[pyfunction]
pub fn rate_change(py: Python<'_>, before: f64, after: f64) -> PyResult<PyRateChange> {
    otklik::metrics::change(before, after)
        .map(|c| PyRateChange {
            points: c.points,
            relative: c.relative,
        })
        .map_err(|e| metrics_error(py, &e))
}

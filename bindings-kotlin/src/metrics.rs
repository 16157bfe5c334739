//! NPS and its statistics from Kotlin, mirroring `otklik::metrics`.

use otklik::metrics::{Confidence, NpsCounts};

use crate::error::{OtklikError, clamp};

/// An NPS sample: counts and score on the -100..100 scale.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NpsResult {
    /// Answers 9-10.
    pub promoters: i64,
    /// Answers 7-8.
    pub passives: i64,
    /// Answers 0-6.
    pub detractors: i64,
    /// All answers.
    pub n: i64,
    /// 100 (P - D) / n; null with no answers.
    pub score: Option<f64>,
    /// The standard error in points; null with no answers.
    pub standard_error: Option<f64>,
}

/// How an NPS interval is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum NpsMethod {
    /// Adjusted-Wald (Rocks 2016), the default: good coverage at any n.
    AdjustedWald,
    /// Plain Wald: for large samples and comparisons with other tools.
    Wald,
    /// Rocks' iterative score interval: small samples, scores near ±100.
    Score,
}

/// A confidence interval.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// Two NPS compared: `difference` is b minus a, in points.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NpsComparison {
    /// b's score minus a's.
    pub difference: f64,
    /// Its standard error.
    pub standard_error: f64,
    /// z; null when the standard error is 0.
    pub z: Option<f64>,
    /// Two-sided p-value; null with z.
    pub p_value: Option<f64>,
    /// Lower bound of the difference's interval.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

fn counts_of(r: &NpsResult) -> Result<NpsCounts, OtklikError> {
    let u = |x: i64, what: &str| {
        u64::try_from(x).map_err(|_| OtklikError::invalid(format!("{what} cannot be negative")))
    };
    Ok(NpsCounts::new(
        u(r.promoters, "promoters")?,
        u(r.passives, "passives")?,
        u(r.detractors, "detractors")?,
    )?)
}

fn result(c: NpsCounts) -> NpsResult {
    NpsResult {
        promoters: clamp(c.promoters()),
        passives: clamp(c.passives()),
        detractors: clamp(c.detractors()),
        n: clamp(c.n()),
        score: c.score(),
        standard_error: c.standard_error(),
    }
}

/// NPS of 0-10 answers; an answer outside 0-10 throws `OtklikException.Metrics` with its
/// position.
#[uniffi::export]
pub fn nps(answers: Vec<i64>) -> Result<NpsResult, OtklikError> {
    Ok(result(NpsCounts::from_answers(&answers)?))
}

/// NPS from counts.
#[uniffi::export]
pub fn nps_from_counts(
    promoters: i64,
    passives: i64,
    detractors: i64,
) -> Result<NpsResult, OtklikError> {
    let r = NpsResult {
        promoters,
        passives,
        detractors,
        n: 0,
        score: None,
        standard_error: None,
    };
    Ok(result(counts_of(&r)?))
}

/// The confidence interval of an NPS at `confidence` (0 to 1, exclusive); null with no answers.
#[uniffi::export]
pub fn nps_interval(
    result: NpsResult,
    confidence: f64,
    method: NpsMethod,
) -> Result<Option<Interval>, OtklikError> {
    let method = match method {
        NpsMethod::AdjustedWald => otklik::metrics::NpsMethod::AdjustedWald,
        NpsMethod::Wald => otklik::metrics::NpsMethod::Wald,
        NpsMethod::Score => otklik::metrics::NpsMethod::Score,
    };
    Ok(counts_of(&result)?
        .interval(method, Confidence::new(confidence)?)
        .map(|i| Interval {
            low: i.lower,
            high: i.upper,
        }))
}

/// Compares two NPS of different respondents (adjusted-Wald unless `wald`).
#[uniffi::export]
pub fn compare_nps(
    a: NpsResult,
    b: NpsResult,
    wald: bool,
    confidence: f64,
) -> Result<NpsComparison, OtklikError> {
    let method = if wald {
        otklik::metrics::TestMethod::Wald
    } else {
        otklik::metrics::TestMethod::AdjustedWald
    };
    otklik::metrics::compare_independent(
        &counts_of(&a)?,
        &counts_of(&b)?,
        method,
        Confidence::new(confidence)?,
    )
    .map(comparison)
    .ok_or_else(|| empty("compareNps"))
}

/// NPS with survey weights.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct WeightedNps {
    /// The weighted score, -100..100; null with no answers.
    pub score: Option<f64>,
    /// Kish's effective sample size.
    pub effective_n: Option<f64>,
    /// The standard error with the effective n, in points.
    pub standard_error: Option<f64>,
    /// The standard error by linearisation, in points.
    pub linearized_standard_error: Option<f64>,
}

/// NPS of 0-10 answers with survey weights (zero, negative or non-finite weights throw
/// `OtklikException.Metrics` with the position).
#[uniffi::export]
pub fn weighted_nps(answers: Vec<i64>, weights: Vec<f64>) -> Result<WeightedNps, OtklikError> {
    let w = otklik::metrics::weighted_nps(&answers, &weights)?;
    Ok(WeightedNps {
        score: w.score,
        effective_n: w.effective_n,
        standard_error: w.standard_error,
        linearized_standard_error: w.linearized_standard_error,
    })
}

fn comparison(c: otklik::metrics::Comparison) -> NpsComparison {
    NpsComparison {
        difference: c.difference,
        standard_error: c.standard_error,
        z: c.z,
        p_value: c.p_value,
        low: c.interval.lower,
        high: c.interval.upper,
    }
}

fn empty(what: &str) -> OtklikError {
    OtklikError::Metrics {
        kind: "empty".to_owned(),
        position: None,
        reason: format!("{what}: no answers"),
        detail: format!("{what}: no answers"),
    }
}

/// The same respondents surveyed twice: `after - before` from per-person answer pairs.
#[uniffi::export]
pub fn compare_nps_paired(
    before: Vec<i64>,
    after: Vec<i64>,
    confidence: f64,
) -> Result<NpsComparison, OtklikError> {
    let table = otklik::metrics::TransitionTable::from_answers(&before, &after)?;
    otklik::metrics::compare_paired(&table, Confidence::new(confidence)?)
        .map(comparison)
        .ok_or_else(|| empty("compareNpsPaired"))
}

/// Holm's step-down adjusted p-values, in the input order.
#[uniffi::export]
pub fn holm(p_values: Vec<f64>) -> Result<Vec<f64>, OtklikError> {
    Ok(otklik::metrics::holm(&p_values)?)
}

/// A segment or a period with its score, interval and comparison.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NpsRow {
    /// The segment or period.
    pub key: String,
    /// Answers.
    pub n: i64,
    /// Score, null with no answers.
    pub score: Option<f64>,
    /// Adjusted-Wald interval at the chosen level.
    pub interval: Option<Interval>,
    /// Against the rest (segments) or the previous period (trends).
    pub difference: Option<f64>,
    /// Its p-value after Holm's correction.
    pub adjusted_p_value: Option<f64>,
    /// Whether it is significant after the correction.
    pub significant: bool,
}

fn row(r: &otklik::metrics::ScoreRow) -> NpsRow {
    NpsRow {
        key: r.key.clone(),
        n: clamp(r.counts.n()),
        score: r.score,
        interval: r.interval.map(|i| Interval {
            low: i.lower,
            high: i.upper,
        }),
        difference: None,
        adjusted_p_value: None,
        significant: false,
    }
}

fn report_options(confidence: f64) -> Result<otklik::metrics::ReportOptions, OtklikError> {
    Ok(otklik::metrics::ReportOptions {
        confidence: Confidence::new(confidence)?,
        ..Default::default()
    })
}

/// NPS per segment (`keys[i]` is the segment of `answers[i]`), each against the rest with Holm's
/// correction; the first row is the count-weighted overall (key `""`).
#[uniffi::export]
pub fn nps_segments(
    keys: Vec<String>,
    answers: Vec<i64>,
    confidence: f64,
) -> Result<Vec<NpsRow>, OtklikError> {
    let segments = otklik::metrics::Segment::group(&keys, &answers)?;
    let report = otklik::metrics::segment_report(&segments, &report_options(confidence)?)?;
    let mut rows = vec![row(&report.overall)];
    rows[0].key = String::new();
    rows.extend(report.segments.iter().map(|s| NpsRow {
        difference: s.vs_rest.map(|c| c.difference),
        adjusted_p_value: s.adjusted_p_value,
        significant: s.significant,
        ..row(&s.row)
    }));
    Ok(rows)
}

/// Consecutive periods (label and result, in time order); each change against the previous
/// period is flagged only when significant after Holm's correction.
#[uniffi::export]
pub fn nps_trend(
    labels: Vec<String>,
    periods: Vec<NpsResult>,
    confidence: f64,
) -> Result<Vec<NpsRow>, OtklikError> {
    if labels.len() != periods.len() {
        return Err(OtklikError::invalid("one label per period"));
    }
    let segments = labels
        .into_iter()
        .zip(&periods)
        .map(|(key, p)| Ok(otklik::metrics::Segment::new(key, counts_of(p)?)))
        .collect::<Result<Vec<_>, OtklikError>>()?;
    let trend = otklik::metrics::trend(&segments, &report_options(confidence)?)?;
    Ok(trend
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let step = i.checked_sub(1).and_then(|j| trend.steps.get(j));
            NpsRow {
                difference: step.and_then(|s| s.change.map(|c| c.difference)),
                adjusted_p_value: step.and_then(|s| s.adjusted_p_value),
                significant: step.is_some_and(|s| s.significant),
                ..row(p)
            }
        })
        .collect())
}

/// Answers needed for an NPS margin of error of `margin` points (worst case when the expected
/// shares are null).
#[uniffi::export]
pub fn nps_sample_size(
    margin: f64,
    confidence: f64,
    promoters: Option<f64>,
    detractors: Option<f64>,
    population: Option<i64>,
) -> Result<i64, OtklikError> {
    let shares = match (promoters, detractors) {
        (Some(p), Some(d)) => otklik::metrics::ExpectedShares::new(p, d)?,
        (None, None) => otklik::metrics::ExpectedShares::WORST_CASE,
        _ => return Err(OtklikError::invalid("give both expected shares or neither")),
    };
    let population = population
        .map(u64::try_from)
        .transpose()
        .map_err(|_| OtklikError::invalid("population cannot be negative"))?;
    let n = otklik::metrics::sample_size(margin, Confidence::new(confidence)?, shares, population)?;
    Ok(clamp(n))
}

/// A share of answers in %, with a Wilson interval.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Share {
    /// Answers at or above the threshold.
    pub successes: i64,
    /// All answers.
    pub n: i64,
    /// The share in %, null with no answers.
    pub share: Option<f64>,
    /// Wilson interval in % at the chosen level.
    pub wilson: Option<Interval>,
}

/// CSAT: the share of ratings at or above `threshold` (4 of 1-5 for the usual CSAT).
#[uniffi::export]
pub fn csat(
    ratings: Vec<i64>,
    threshold: i64,
    scale_min: i64,
    scale_max: i64,
    confidence: f64,
) -> Result<Share, OtklikError> {
    let scale = otklik::metrics::RatingScale::new(scale_min, scale_max)?;
    let p = otklik::metrics::top_box(&ratings, scale, threshold)?;
    Ok(Share {
        successes: clamp(p.successes()),
        n: clamp(p.n()),
        share: p.share(),
        wilson: p.wilson(Confidence::new(confidence)?).map(|i| Interval {
            low: i.lower,
            high: i.upper,
        }),
    })
}

/// The mean of ratings on a scale (CES: 1-7).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct MeanRating {
    /// Ratings.
    pub n: i64,
    /// Their mean, null with none.
    pub mean: Option<f64>,
    /// The standard error of the mean.
    pub standard_error: Option<f64>,
}

/// CES: the mean of ratings on `scale_min..scale_max` (1-7 for CES 2.0).
#[uniffi::export]
pub fn ces(ratings: Vec<i64>, scale_min: i64, scale_max: i64) -> Result<MeanRating, OtklikError> {
    let scale = otklik::metrics::RatingScale::new(scale_min, scale_max)?;
    let m = otklik::metrics::mean_rating(&ratings, scale)?;
    Ok(MeanRating {
        n: clamp(m.n),
        mean: m.mean,
        standard_error: m.standard_error,
    })
}

/// A change of a rate: percentage points and relative %.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct RateChange {
    /// after - before, in pp.
    pub points: f64,
    /// (after - before) / before x 100; null when before is 0.
    pub relative: Option<f64>,
}

/// 2.71 -> 3.42 is +0.71 pp and +26.2%.
#[uniffi::export]
pub fn rate_change(before: f64, after: f64) -> Result<RateChange, OtklikError> {
    let c = otklik::metrics::change(before, after)?;
    Ok(RateChange {
        points: c.points,
        relative: c.relative,
    })
}

/// Interactions / views of a post in % (TGStat's "ER"; Popsters' "ERview"); null without views
/// or with 0 views. Negative counts throw `OtklikException.InvalidArgument`.
#[uniffi::export]
pub fn interactions_per_views(
    reactions: i64,
    comments: i64,
    shares: i64,
    views: Option<i64>,
) -> Result<Option<f64>, OtklikError> {
    let u = |x: i64, what: &str| {
        u64::try_from(x).map_err(|_| OtklikError::invalid(format!("{what} cannot be negative")))
    };
    Ok(otklik::metrics::EngagementCounts {
        reactions: u(reactions, "reactions")?,
        comments: u(comments, "comments")?,
        shares: u(shares, "shares")?,
        views: views.map(|v| u(v, "views")).transpose()?,
        ..Default::default()
    }
    .rate(
        otklik::metrics::EngagementRate::InteractionsPerViews,
        otklik::metrics::InteractionSet::ALL,
    ))
}

/// An engagement rate, named by its formula ("ERR" means different ones in different tools).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum EngagementFormula {
    /// Interactions / reach × 100 (SMM "ERR").
    InteractionsPerReach,
    /// Interactions / views × 100 (TGStat "ER", Popsters "ERview").
    InteractionsPerViews,
    /// Interactions / followers × 100 (Popsters "ERpost", LiveDune "ER").
    InteractionsPerFollowers,
    /// Views / followers × 100 (TGStat "ERR").
    ViewsPerFollowers,
}

impl From<EngagementFormula> for otklik::metrics::EngagementRate {
    fn from(f: EngagementFormula) -> Self {
        use otklik::metrics::EngagementRate as R;
        match f {
            EngagementFormula::InteractionsPerReach => R::InteractionsPerReach,
            EngagementFormula::InteractionsPerViews => R::InteractionsPerViews,
            EngagementFormula::InteractionsPerFollowers => R::InteractionsPerFollowers,
            EngagementFormula::ViewsPerFollowers => R::ViewsPerFollowers,
        }
    }
}

/// The counts of one post (interactions are reactions + comments + shares + saves + poll votes).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PostCounts {
    /// Reactions (likes).
    pub reactions: i64,
    /// Comments.
    pub comments: i64,
    /// Shares, forwards, reposts.
    pub shares: i64,
    /// Saves.
    pub saves: i64,
    /// Poll votes.
    pub poll_votes: i64,
    /// Views, if known.
    pub views: Option<i64>,
    /// Reach (unique viewers), if known.
    pub reach: Option<i64>,
    /// Followers at publication, if known.
    pub followers: Option<i64>,
}

fn post(p: &PostCounts) -> Result<otklik::metrics::EngagementCounts, OtklikError> {
    let u = |x: i64, what: &str| {
        u64::try_from(x).map_err(|_| OtklikError::invalid(format!("{what} cannot be negative")))
    };
    Ok(otklik::metrics::EngagementCounts {
        reactions: u(p.reactions, "reactions")?,
        comments: u(p.comments, "comments")?,
        shares: u(p.shares, "shares")?,
        saves: u(p.saves, "saves")?,
        poll_votes: u(p.poll_votes, "pollVotes")?,
        views: p.views.map(|v| u(v, "views")).transpose()?,
        reach: p.reach.map(|v| u(v, "reach")).transpose()?,
        followers: p.followers.map(|v| u(v, "followers")).transpose()?,
    })
}

/// The rate of one post in %; null when its denominator is missing or 0.
#[uniffi::export]
pub fn engagement_rate(
    post: PostCounts,
    formula: EngagementFormula,
) -> Result<Option<f64>, OtklikError> {
    Ok(self::post(&post)?.rate(formula.into(), otklik::metrics::InteractionSet::ALL))
}

/// A period's rate both ways, in %: the ratio of sums and the mean of per-post ratios.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PeriodRate {
    /// Σ numerators / Σ denominators.
    pub ratio_of_sums: Option<f64>,
    /// The mean of the posts' rates.
    pub mean_of_ratios: Option<f64>,
    /// Posts in the ratio of sums.
    pub posts_in_sum: i64,
    /// Posts in the mean.
    pub posts_in_mean: i64,
}

/// The engagement rate of a period's posts.
#[uniffi::export]
pub fn period_rate(
    posts: Vec<PostCounts>,
    formula: EngagementFormula,
) -> Result<PeriodRate, OtklikError> {
    let posts = posts.iter().map(post).collect::<Result<Vec<_>, _>>()?;
    let r =
        otklik::metrics::period_rate(&posts, formula.into(), otklik::metrics::InteractionSet::ALL);
    Ok(PeriodRate {
        ratio_of_sums: r.ratio_of_sums,
        mean_of_ratios: r.mean_of_ratios,
        posts_in_sum: clamp(r.posts_in_sum),
        posts_in_mean: clamp(r.posts_in_mean),
    })
}

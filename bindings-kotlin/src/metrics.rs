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
    let c = otklik::metrics::compare_independent(
        &counts_of(&a)?,
        &counts_of(&b)?,
        method,
        Confidence::new(confidence)?,
    )
    .ok_or_else(|| OtklikError::Metrics {
        kind: "empty".to_owned(),
        position: None,
        reason: "both samples need answers".to_owned(),
        detail: "compare_nps: both samples need answers".to_owned(),
    })?;
    Ok(NpsComparison {
        difference: c.difference,
        standard_error: c.standard_error,
        z: c.z,
        p_value: c.p_value,
        low: c.interval.lower,
        high: c.interval.upper,
    })
}

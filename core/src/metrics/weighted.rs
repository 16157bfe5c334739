//! Weighted NPS with survey (post-stratification) weights.

use super::error::{MetricsError, MetricsErrorKind};
use super::interval::{Confidence, Interval, IntervalMethod};
use super::nps::{Category, NpsCounts, out_of_range};

/// A weighted NPS: the estimate, the Kish effective sample size and the standard errors, with
/// the unweighted counts beside them (track both).
///
/// ```
/// use otklik::metrics::{weighted_nps, Confidence};
///
/// let w = weighted_nps(&[10, 9, 3], &[1.0, 2.0, 1.0])?;
/// assert_eq!(w.score, Some(50.0)); // 100 × (3 − 1) / 4
/// assert_eq!(w.counts.score().map(|s| s.round()), Some(33.0));
/// assert!(w.interval(Confidence::P95).is_some());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightedNps {
    /// The unweighted counts of the same answers.
    pub counts: NpsCounts,
    /// `100 × (Σ w over promoters − Σ w over detractors) / Σ w`; `None` with no answers.
    pub score: Option<f64>,
    /// Kish's effective sample size `(Σw)² / Σw²`; `None` with no answers. Equal to n when
    /// all weights are equal, smaller otherwise.
    pub effective_n: Option<f64>,
    /// The standard error in points, `100 × √(Var_w / n_eff)` with
    /// `Var_w = p_w + d_w − (p_w − d_w)²` (the Kish design-effect approach); `None` with no
    /// answers.
    pub standard_error: Option<f64>,
    /// The standard error in points by Taylor linearisation, as R's `survey::svymean` computes
    /// it: `100 × √(n/(n−1) · Σ wᵢ²(xᵢ − θ_w)²) / Σw`; `None` with fewer than 2 answers.
    pub linearized_standard_error: Option<f64>,
}

impl WeightedNps {
    /// The Wald interval `score ± z·standard_error`, clamped to −100…+100; `None` with no
    /// answers.
    ///
    /// ```
    /// # use otklik::metrics::{weighted_nps, Confidence, IntervalMethod};
    /// let w = weighted_nps(&[10, 9, 9, 8, 7, 6, 3, 0, 10, 5], &[1.2, 0.8, 1.0, 1.0, 1.5, 0.5, 2.0, 1.0, 1.0, 1.0])?;
    /// let ci = w.interval(Confidence::P95).unwrap();
    /// assert!((ci.lower - -62.1872).abs() < 1e-4 && (ci.upper - 53.0963).abs() < 1e-4);
    /// assert_eq!(ci.method, IntervalMethod::Wald);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn interval(&self, confidence: Confidence) -> Option<Interval> {
        Some(Interval::around(
            self.score?,
            confidence.z() * self.standard_error?,
            confidence,
            IntervalMethod::Wald,
            (-100.0, 100.0),
        ))
    }
}

/// The weighted NPS of 0-10 `answers` with survey `weights` (same length).
///
/// A weight that is zero, negative, NaN or infinite is an error naming its position (drop
/// such an answer before, if that is what is meant); so is an answer outside 0-10. The result
/// does not depend on the scale of the weights: multiplying them all by a constant changes
/// nothing, and weights up to `f64::MAX` do not overflow.
///
/// ```
/// use otklik::metrics::weighted_nps;
///
/// // note §1.7
/// let w = weighted_nps(
///     &[10, 9, 9, 8, 7, 6, 3, 0, 10, 5],
///     &[1.2, 0.8, 1.0, 1.0, 1.5, 0.5, 2.0, 1.0, 1.0, 1.0],
/// )?;
/// assert_eq!(w.counts.score(), Some(0.0));
/// assert!((w.score.unwrap() - -4.5455).abs() < 1e-4);
/// assert!((w.effective_n.unwrap() - 8.9102).abs() < 1e-4);
/// assert!((w.standard_error.unwrap() - 29.410).abs() < 1e-3);
/// assert!((w.linearized_standard_error.unwrap() - 30.546).abs() < 1e-3);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn weighted_nps(answers: &[i64], weights: &[f64]) -> Result<WeightedNps, MetricsError> {
    if answers.len() != weights.len() {
        return Err(MetricsError::new(
            MetricsErrorKind::LengthMismatch,
            format!(
                "{} answers but {} weights; give one weight per answer",
                answers.len(),
                weights.len()
            ),
        ));
    }
    let mut codes = Vec::with_capacity(answers.len());
    let mut largest = 0.0f64;
    for (position, (&answer, &weight)) in answers.iter().zip(weights).enumerate() {
        let category = Category::of(answer)
            .ok_or_else(|| out_of_range(position, "answer", answer, "the 0-10 scale"))?;
        if !weight.is_finite() || weight <= 0.0 {
            let why = if weight.is_nan() || weight.is_infinite() {
                "is not a finite number"
            } else {
                "is not positive"
            };
            return Err(MetricsError::new(
                MetricsErrorKind::InvalidWeight,
                format!("weight {weight} {why}; a weight must be a finite number above 0"),
            )
            .at(position)
            .with_value(weight));
        }
        codes.push(category.code() as f64);
        largest = largest.max(weight);
    }
    let counts = NpsCounts::from_answers(answers)?;
    if answers.is_empty() {
        return Ok(WeightedNps {
            counts,
            score: None,
            effective_n: None,
            standard_error: None,
            linearized_standard_error: None,
        });
    }
    // Scale by the largest weight so that no sum can overflow; every result is scale-free.
    let scaled = || weights.iter().map(|&w| w / largest);
    let total: f64 = scaled().sum();
    let total_squares: f64 = scaled().map(|w| w * w).sum();
    let (mut promoters, mut detractors) = (0.0, 0.0);
    for (&code, w) in codes.iter().zip(scaled()) {
        if code > 0.0 {
            promoters += w;
        } else if code < 0.0 {
            detractors += w;
        }
    }
    let p = promoters / total;
    let d = detractors / total;
    let theta = (promoters - detractors) / total;
    let variance = (p + d - theta * theta).max(0.0);
    let effective_n = total * total / total_squares;
    let n = answers.len() as f64;
    let linearized = (answers.len() > 1).then(|| {
        let spread: f64 = codes
            .iter()
            .zip(scaled())
            .map(|(&x, w)| (w * (x - theta)).powi(2))
            .sum();
        100.0 * (n / (n - 1.0) * spread).sqrt() / total
    });
    Ok(WeightedNps {
        counts,
        score: Some(100.0 * theta),
        effective_n: Some(effective_n),
        standard_error: Some(100.0 * (variance / effective_n).sqrt()),
        linearized_standard_error: linearized,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_weights_name_their_position() {
        for (weight, text) in [
            (0.0, "index 2: weight 0 is not positive"),
            (-1.5, "index 2: weight -1.5 is not positive"),
            (f64::NAN, "index 2: weight NaN is not a finite number"),
            (f64::INFINITY, "index 2: weight inf is not a finite number"),
        ] {
            let err = weighted_nps(&[10, 9, 3], &[1.0, 1.0, weight]).unwrap_err();
            assert_eq!(err.kind(), MetricsErrorKind::InvalidWeight);
            assert_eq!(err.position(), Some(2));
            assert!(err.to_string().starts_with(text), "{err}");
        }
    }

    #[test]
    fn huge_and_tiny_weights_do_not_overflow() {
        let w = weighted_nps(&[10, 0], &[f64::MAX, f64::MAX]).unwrap();
        assert_eq!(w.score, Some(0.0));
        assert_eq!(w.effective_n, Some(2.0));
        let w = weighted_nps(&[10, 0], &[5e-324, 5e-324]).unwrap();
        assert_eq!(w.score, Some(0.0));
    }

    #[test]
    fn scale_free() {
        let answers = [10, 9, 7, 3, 0, 8];
        let weights = [0.5, 1.5, 2.0, 1.0, 0.25, 3.0];
        let a = weighted_nps(&answers, &weights).unwrap();
        let tripled: Vec<f64> = weights.iter().map(|w| w * 3.0).collect();
        let b = weighted_nps(&answers, &tripled).unwrap();
        assert!((a.score.unwrap() - b.score.unwrap()).abs() < 1e-12);
        assert!((a.standard_error.unwrap() - b.standard_error.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn empty_and_single() {
        let w = weighted_nps(&[], &[]).unwrap();
        assert_eq!(
            (w.score, w.effective_n, w.standard_error),
            (None, None, None)
        );
        let w = weighted_nps(&[9], &[2.0]).unwrap();
        assert_eq!(
            (w.score, w.effective_n, w.standard_error),
            (Some(100.0), Some(1.0), Some(0.0))
        );
        assert_eq!(w.linearized_standard_error, None);
        let err = weighted_nps(&[9], &[]).unwrap_err();
        assert_eq!(err.kind(), MetricsErrorKind::LengthMismatch);
    }
}

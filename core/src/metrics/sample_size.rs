//! How many answers a survey needs for a margin of error, and the margin a number of answers
//! gives.

use super::error::MetricsError;
use super::interval::Confidence;
use super::nps::MAX_ANSWERS;

/// The shares of promoters and detractors expected before a survey (from the last wave, or
/// [`ExpectedShares::WORST_CASE`] when there is nothing to go on).
///
/// ```
/// use otklik::metrics::ExpectedShares;
///
/// let last_wave = ExpectedShares::new(0.5, 0.2)?;
/// assert!((last_wave.variance() - 0.61).abs() < 1e-15); // 0.5 + 0.2 − 0.3²
/// assert_eq!(ExpectedShares::WORST_CASE.variance(), 1.0);
/// assert!(ExpectedShares::new(0.7, 0.4).is_err());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExpectedShares {
    promoters: f64,
    detractors: f64,
}

impl ExpectedShares {
    /// Half promoters, half detractors: the largest variance an NPS can have (1 per answer), so
    /// the sample size that is enough whatever the scores turn out to be.
    ///
    /// ```
    /// use otklik::metrics::{sample_size, Confidence, ExpectedShares};
    ///
    /// assert_eq!((ExpectedShares::WORST_CASE.promoters(), ExpectedShares::WORST_CASE.detractors()), (0.5, 0.5));
    /// // ±5 points at 95 % whatever the scores: 1.959964² / 0.05² = 1536.6, so 1537 answers.
    /// assert_eq!(sample_size(5.0, Confidence::P95, ExpectedShares::WORST_CASE, None)?, 1537);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub const WORST_CASE: ExpectedShares = ExpectedShares {
        promoters: 0.5,
        detractors: 0.5,
    };

    /// Shares 0…1 of promoters and detractors; each must be in 0…1 and their sum at most 1.
    ///
    /// ```
    /// use otklik::metrics::{ExpectedShares, MetricsErrorKind};
    ///
    /// assert!(ExpectedShares::new(0.6, 0.15).is_ok());
    /// assert_eq!(ExpectedShares::new(0.6, 0.5).unwrap_err().kind(), MetricsErrorKind::InvalidValue);
    /// assert!(ExpectedShares::new(f64::NAN, 0.1).is_err());
    /// ```
    pub fn new(promoters: f64, detractors: f64) -> Result<ExpectedShares, MetricsError> {
        for (name, share) in [("promoters", promoters), ("detractors", detractors)] {
            if !(0.0..=1.0).contains(&share) {
                return Err(MetricsError::invalid(format!(
                    "share of {name} {share} is not between 0 and 1"
                ))
                .with_value(share));
            }
        }
        if promoters + detractors > 1.0 + 1e-12 {
            return Err(MetricsError::invalid(format!(
                "shares of promoters {promoters} and detractors {detractors} add up to more than 1"
            )));
        }
        Ok(ExpectedShares {
            promoters,
            detractors,
        })
    }

    /// The expected share of promoters.
    ///
    /// ```
    /// # use otklik::metrics::ExpectedShares;
    /// assert_eq!(ExpectedShares::new(0.6, 0.15)?.promoters(), 0.6);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn promoters(&self) -> f64 {
        self.promoters
    }

    /// The expected share of detractors.
    ///
    /// ```
    /// # use otklik::metrics::ExpectedShares;
    /// assert_eq!(ExpectedShares::new(0.6, 0.15)?.detractors(), 0.15);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn detractors(&self) -> f64 {
        self.detractors
    }

    /// The variance per answer, `p + d − (p − d)²`.
    ///
    /// ```
    /// # use otklik::metrics::ExpectedShares;
    /// // 0.6 + 0.15 − 0.45² = 0.5475
    /// assert!((ExpectedShares::new(0.6, 0.15)?.variance() - 0.5475).abs() < 1e-15);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn variance(&self) -> f64 {
        let theta = self.promoters - self.detractors;
        (self.promoters + self.detractors - theta * theta).max(0.0)
    }
}

/// The number of answers needed for a margin of error of at most `margin` points (half the
/// width of the Wald interval) at `confidence`, with the `expected` shares; with a finite
/// `population` of N people, the finite-population correction `n = n₀N / (n₀ + N − 1)`.
///
/// `n₀ = z² · Var / (margin / 100)²`, rounded up (after forgiving a relative 1e-12 of
/// floating-point noise), and at least 1; with a population the result is never above it,
/// however small the margin. A margin that is not a positive number, a population of 0, or a
/// result above [`MAX_ANSWERS`] are errors.
///
/// The plan is made on the Wald interval. With middling shares the default adjusted-Wald
/// interval at that n is about as wide (a little narrower); with expected shares near all
/// promoters or all detractors it is wider (shares (0.9, 0) at ±5 give 139 answers, whose
/// adjusted-Wald margin is ±5.6), so plan with [`ExpectedShares::WORST_CASE`] or with the shares
/// of a real wave, never with 0 % or 100 %.
///
/// ```
/// use otklik::metrics::{sample_size, Confidence, ExpectedShares};
///
/// // A third of each: an interval 10 points wide (±5) needs about 1024 answers (cybaea's
/// // 320/√n rule).
/// let shares = ExpectedShares::new(1.0 / 3.0, 1.0 / 3.0)?;
/// assert_eq!(sample_size(5.0, Confidence::P95, shares, None)?, 1025);
/// assert_eq!(sample_size(5.0, Confidence::P95, shares, Some(1000))?, 507);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn sample_size(
    margin: f64,
    confidence: Confidence,
    expected: ExpectedShares,
    population: Option<u64>,
) -> Result<u64, MetricsError> {
    if !margin.is_finite() || margin <= 0.0 {
        return Err(MetricsError::invalid(format!(
            "margin of error {margin} is not a positive number of points"
        ))
        .with_value(margin));
    }
    if population == Some(0) {
        return Err(MetricsError::invalid(
            "a population of 0 has nobody to survey",
        ));
    }
    let z = confidence.z();
    let fraction = margin / 100.0;
    let spread = z * z * expected.variance();
    // No spread (every answer expected in one category, or a level near 0): one answer does.
    // Otherwise n₀ may be +∞ when margin² underflows; every step below stays defined there.
    let n0 = if spread == 0.0 {
        0.0
    } else {
        spread / (fraction * fraction)
    };
    let n = match population {
        // n₀N / (n₀ + N − 1), written so that n₀ = ∞ gives N (a census) rather than ∞/∞.
        Some(population) if n0 > 0.0 => {
            let big_n = population as f64;
            big_n / (1.0 + (big_n - 1.0) / n0)
        }
        _ => n0,
    };
    let needed = (n * (1.0 - 1e-12)).ceil().max(1.0);
    if needed > MAX_ANSWERS as f64 {
        return Err(MetricsError::too_large());
    }
    Ok(needed as u64)
}

/// The margin of error in points (half the width of the Wald interval) that `n` answers give
/// at `confidence` with the `expected` shares, with the finite-population correction
/// `√((N − n)/(N − 1))` when a `population` is given. `n = 0`, or `n` above the population,
/// are errors.
///
/// ```
/// use otklik::metrics::{margin_of_error, Confidence, ExpectedShares};
///
/// let m = margin_of_error(1024, Confidence::P95, ExpectedShares::new(1.0 / 3.0, 1.0 / 3.0)?, None)?;
/// assert!((m - 5.0).abs() < 0.01);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn margin_of_error(
    n: u64,
    confidence: Confidence,
    expected: ExpectedShares,
    population: Option<u64>,
) -> Result<f64, MetricsError> {
    if n == 0 {
        return Err(MetricsError::new(
            super::MetricsErrorKind::Empty,
            "with no answers there is no margin of error",
        ));
    }
    let nf = n as f64;
    let mut margin = 100.0 * confidence.z() * (expected.variance() / nf).sqrt();
    if let Some(population) = population {
        if n > population {
            return Err(MetricsError::invalid(format!(
                "{n} answers from a population of {population}"
            )));
        }
        if n == population {
            // A census: nothing left to estimate.
            margin = 0.0;
        } else {
            let big_n = population as f64;
            margin *= ((big_n - nf) / (big_n - 1.0)).sqrt();
        }
    }
    Ok(margin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_sizes() {
        // Worst case, ±5 at 95 %: 1.959964² / 0.05² = 1536.58 → 1537; with N = 1000:
        // 1536.58·1000 / 2535.58 = 606.008 → 607.
        let w = ExpectedShares::WORST_CASE;
        assert_eq!(sample_size(5.0, Confidence::P95, w, None).unwrap(), 1537);
        assert_eq!(
            sample_size(5.0, Confidence::P95, w, Some(1000)).unwrap(),
            607
        );
        // Everyone a promoter: no variance, one answer is enough.
        let all = ExpectedShares::new(1.0, 0.0).unwrap();
        assert_eq!(sample_size(1.0, Confidence::P95, all, None).unwrap(), 1);
        // A census cannot need more than the population.
        assert!(sample_size(0.1, Confidence::P99, w, Some(50)).unwrap() <= 50);
    }

    #[test]
    fn bad_inputs() {
        let w = ExpectedShares::WORST_CASE;
        for margin in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(
                sample_size(margin, Confidence::P95, w, None).is_err(),
                "{margin}"
            );
        }
        assert!(sample_size(5.0, Confidence::P95, w, Some(0)).is_err());
        let err = sample_size(1e-9, Confidence::P95, w, None).unwrap_err();
        assert_eq!(err.kind(), super::super::MetricsErrorKind::TooLarge);
        assert!(margin_of_error(0, Confidence::P95, w, None).is_err());
        assert!(margin_of_error(11, Confidence::P95, w, Some(10)).is_err());
        assert_eq!(
            margin_of_error(10, Confidence::P95, w, Some(10)).unwrap(),
            0.0
        );
        assert_eq!(
            margin_of_error(1, Confidence::P95, w, Some(1)).unwrap(),
            0.0
        );
        assert!(ExpectedShares::new(f64::NAN, 0.0).is_err());
        assert!(ExpectedShares::new(0.2, -0.1).is_err());
    }
}

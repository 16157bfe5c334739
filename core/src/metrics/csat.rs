//! CSAT and other top-box shares (with Wilson intervals), and CES and other mean ratings.

use super::error::MetricsError;
use super::interval::{Confidence, Interval, IntervalMethod};
use super::nps::{MAX_ANSWERS, out_of_range};
use super::round::Fraction;

/// A rating scale from `min` to `max` inclusive (1-5 for CSAT, 1-7 for CES 2.0).
///
/// ```
/// use otklik::metrics::RatingScale;
///
/// assert_eq!((RatingScale::CSAT.min(), RatingScale::CSAT.max()), (1, 5));
/// assert_eq!(RatingScale::new(1, 10)?.max(), 10);
/// assert!(RatingScale::new(5, 1).is_err());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RatingScale {
    min: i64,
    max: i64,
}

impl RatingScale {
    /// 1 (very dissatisfied) to 5 (very satisfied).
    ///
    /// ```
    /// # use otklik::metrics::RatingScale;
    /// assert_eq!(RatingScale::CSAT, RatingScale::new(1, 5)?);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub const CSAT: RatingScale = RatingScale { min: 1, max: 5 };
    /// 1 (strongly disagree that it was easy) to 7 (strongly agree): CES 2.0.
    ///
    /// ```
    /// # use otklik::metrics::RatingScale;
    /// assert_eq!(RatingScale::CES, RatingScale::new(1, 7)?);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub const CES: RatingScale = RatingScale { min: 1, max: 7 };

    /// The scale `min..=max`; `min < max` and at most 1000 steps, as rating scales are.
    ///
    /// ```
    /// # use otklik::metrics::{MetricsErrorKind, RatingScale};
    /// let nps_like = RatingScale::new(0, 10)?;
    /// assert_eq!((nps_like.min(), nps_like.max()), (0, 10));
    /// assert_eq!(RatingScale::new(5, 5).unwrap_err().kind(), MetricsErrorKind::InvalidValue);
    /// assert!(RatingScale::new(0, 1001).is_err());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn new(min: i64, max: i64) -> Result<RatingScale, MetricsError> {
        if min >= max || max.saturating_sub(min) > 1000 {
            return Err(MetricsError::invalid(format!(
                "rating scale {min}-{max} must go upwards by at most 1000 steps"
            )));
        }
        Ok(RatingScale { min, max })
    }

    /// The lowest rating.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::RatingScale::CES.min(), 1);
    /// ```
    pub fn min(&self) -> i64 {
        self.min
    }

    /// The highest rating.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::RatingScale::CES.max(), 7);
    /// ```
    pub fn max(&self) -> i64 {
        self.max
    }

    fn check(&self, position: usize, rating: i64) -> Result<(), MetricsError> {
        if (self.min..=self.max).contains(&rating) {
            Ok(())
        } else {
            let scale = format!("the {}-{} scale", self.min, self.max);
            Err(out_of_range(position, "rating", rating, &scale))
        }
    }
}

/// A share: `successes` out of `n` (satisfied customers out of all who answered).
///
/// ```
/// use otklik::metrics::{Confidence, Proportion};
///
/// let p = Proportion::new(30, 50)?;
/// assert_eq!(p.share(), Some(60.0));
/// let ci = p.wilson(Confidence::P95).unwrap();
/// assert!((ci.lower - 46.1814).abs() < 1e-4 && (ci.upper - 72.3916).abs() < 1e-4);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Proportion {
    successes: u64,
    n: u64,
}

impl Proportion {
    /// `successes` out of `n`; more successes than `n`, or `n` above
    /// [`MAX_ANSWERS`], are errors.
    ///
    /// ```
    /// # use otklik::metrics::{MetricsErrorKind, Proportion};
    /// let p = Proportion::new(30, 50)?;
    /// assert_eq!((p.successes(), p.n()), (30, 50));
    /// assert_eq!(Proportion::new(51, 50).unwrap_err().kind(), MetricsErrorKind::InvalidValue);
    /// assert_eq!(Proportion::new(0, u64::MAX).unwrap_err().kind(), MetricsErrorKind::TooLarge);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn new(successes: u64, n: u64) -> Result<Proportion, MetricsError> {
        if successes > n {
            return Err(MetricsError::invalid(format!(
                "{successes} successes out of only {n}"
            )));
        }
        if n > MAX_ANSWERS {
            return Err(MetricsError::too_large());
        }
        Ok(Proportion { successes, n })
    }

    /// The successes.
    ///
    /// ```
    /// # use otklik::metrics::csat;
    /// assert_eq!(csat(&[5, 4, 3, 5, 1])?.successes(), 3);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn successes(&self) -> u64 {
        self.successes
    }

    /// The number of answers.
    ///
    /// ```
    /// # use otklik::metrics::csat;
    /// assert_eq!(csat(&[5, 4, 3, 5, 1])?.n(), 5);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The share in %, 0…100; `None` with no answers.
    ///
    /// ```
    /// # use otklik::metrics::Proportion;
    /// assert_eq!(Proportion::new(1, 8)?.share(), Some(12.5));
    /// assert_eq!(Proportion::new(0, 0)?.share(), None); // no answers, no share
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn share(&self) -> Option<f64> {
        self.exact().map(|f| f.to_f64())
    }

    /// The share in % as an exact fraction, to round with [`Fraction::round`]; `None` with no
    /// answers.
    ///
    /// ```
    /// # use otklik::metrics::Proportion;
    /// assert_eq!(Proportion::new(2, 3)?.exact().unwrap().to_decimal_string(1), "66.7");
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn exact(&self) -> Option<Fraction> {
        (self.n > 0)
            .then(|| Fraction::reduced(100 * i128::from(self.successes), u128::from(self.n)))
    }

    /// Wilson's score interval in %, clamped to 0…100; `None` with no answers. Unlike the Wald
    /// interval it is never zero-width and stays inside 0…100 at 0 % and 100 %.
    ///
    /// ```
    /// # use otklik::metrics::{Confidence, Proportion};
    /// let ci = Proportion::new(10, 10)?.wilson(Confidence::P95).unwrap();
    /// assert!((ci.lower - 72.2467).abs() < 1e-4 && ci.upper == 100.0);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn wilson(&self, confidence: Confidence) -> Option<Interval> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let p = self.successes as f64 / n;
        let z = confidence.z();
        let z2 = z * z;
        let denominator = 1.0 + z2 / n;
        let centre = (p + z2 / (2.0 * n)) / denominator;
        let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        let mut interval = Interval::around(
            100.0 * centre,
            100.0 * half,
            confidence,
            IntervalMethod::Wilson,
            (0.0, 100.0),
        );
        // Exactly 0 and 100 at the edges, where rounding would leave a trace like 1e-15.
        if self.successes == 0 {
            interval.lower = 0.0;
        }
        if self.successes == self.n {
            interval.upper = 100.0;
        }
        Some(interval)
    }
}

/// The share of ratings at or above `threshold` on `scale` ("top-box"; top-2-box on 1-5 is
/// `threshold = 4`). A rating outside the scale is an error naming its position; so is a
/// threshold outside the scale.
///
/// ```
/// use otklik::metrics::{top_box, RatingScale};
///
/// // CES "share agreeing": 5-7 of 7.
/// let agree = top_box(&[7, 6, 5, 4, 2], RatingScale::CES, 5)?;
/// assert_eq!(agree.share(), Some(60.0));
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn top_box(
    ratings: &[i64],
    scale: RatingScale,
    threshold: i64,
) -> Result<Proportion, MetricsError> {
    if !(scale.min..=scale.max).contains(&threshold) {
        return Err(MetricsError::invalid(format!(
            "threshold {threshold} is outside the {}-{} scale",
            scale.min, scale.max
        )));
    }
    let mut successes = 0u64;
    for (position, &rating) in ratings.iter().enumerate() {
        scale.check(position, rating)?;
        successes += u64::from(rating >= threshold);
    }
    Proportion::new(successes, ratings.len() as u64)
}

/// CSAT: the share of 4 and 5 among 1-5 ratings, in % (top-2-box). For another threshold or
/// scale use [`top_box`].
///
/// ```
/// use otklik::metrics::csat;
///
/// // 10×5, 20×4, 10×3, 5×2, 5×1: CSAT 60 %.
/// let ratings: Vec<i64> = [(5, 10), (4, 20), (3, 10), (2, 5), (1, 5)]
///     .iter()
///     .flat_map(|&(r, k)| std::iter::repeat(r).take(k))
///     .collect();
/// assert_eq!(csat(&ratings)?.share(), Some(60.0));
/// assert_eq!(csat(&[5, 6]).unwrap_err().to_string(), "index 1: rating 6 is outside the 1-5 scale");
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn csat(ratings: &[i64]) -> Result<Proportion, MetricsError> {
    top_box(ratings, RatingScale::CSAT, 4)
}

/// The mean of ratings on a scale, with its standard deviation and standard error.
///
/// ```
/// use otklik::metrics::{ces, Confidence};
///
/// let m = ces(&[7, 6, 5, 4, 2])?;
/// assert_eq!(m.mean, Some(4.8));
/// let ci = m.interval(Confidence::P95).unwrap();
/// assert!((ci.lower - 3.1140).abs() < 1e-4 && (ci.upper - 6.4860).abs() < 1e-4);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanRating {
    /// The scale of the ratings.
    pub scale: RatingScale,
    /// The number of ratings.
    pub n: u64,
    /// The mean; `None` with no ratings.
    pub mean: Option<f64>,
    /// The sample standard deviation (divisor n − 1); `None` with fewer than 2 ratings.
    pub standard_deviation: Option<f64>,
    /// `standard_deviation / √n`; `None` with fewer than 2 ratings.
    pub standard_error: Option<f64>,
}

impl MeanRating {
    /// `mean ± z·standard_error` (normal approximation, so for small n a little narrow),
    /// clamped to the scale; `None` with fewer than 2 ratings.
    ///
    /// ```
    /// use otklik::metrics::{ces, Confidence};
    ///
    /// // 4.8 ± 1.959964 × 0.8602: (3.114, 6.486).
    /// let ci = ces(&[7, 6, 5, 4, 2])?.interval(Confidence::P95).unwrap();
    /// assert!((ci.lower - 3.113_975).abs() < 1e-6 && (ci.upper - 6.486_025).abs() < 1e-6);
    /// // Clamped to the scale: all 7s but one 1 at 99 % would reach past 7.
    /// let ci = ces(&[7, 7, 7, 1])?.interval(Confidence::P99).unwrap();
    /// assert_eq!(ci.upper, 7.0);
    /// assert!(ces(&[7])?.interval(Confidence::P95).is_none());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn interval(&self, confidence: Confidence) -> Option<Interval> {
        Some(Interval::around(
            self.mean?,
            confidence.z() * self.standard_error?,
            confidence,
            IntervalMethod::Wald,
            (self.scale.min as f64, self.scale.max as f64),
        ))
    }
}

/// The mean of `ratings` on `scale`, with its standard deviation and error. A rating outside
/// the scale is an error naming its position.
///
/// ```
/// use otklik::metrics::{mean_rating, RatingScale};
///
/// let m = mean_rating(&[5, 4, 4, 3], RatingScale::CSAT)?;
/// assert_eq!(m.mean, Some(4.0));
/// assert!(mean_rating(&[], RatingScale::CSAT)?.mean.is_none());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn mean_rating(ratings: &[i64], scale: RatingScale) -> Result<MeanRating, MetricsError> {
    // Shifted to 0…(max − min) ≤ 1000, sums in i128 are exact: Σy² ≤ 10⁶·2^53, n·Σy² < 2^126.
    let mut sum = 0i128;
    let mut sum_squares = 0i128;
    for (position, &rating) in ratings.iter().enumerate() {
        scale.check(position, rating)?;
        let y = i128::from(rating) - i128::from(scale.min);
        sum += y;
        sum_squares += y * y;
    }
    let n = ratings.len() as u64;
    if n > MAX_ANSWERS {
        return Err(MetricsError::too_large());
    }
    let nf = n as f64;
    let mean = (n > 0).then(|| scale.min as f64 + sum as f64 / nf);
    let standard_deviation = (n > 1).then(|| {
        // Σ(y − ȳ)² = (nΣy² − (Σy)²) / n, exact in integers.
        let spread = (i128::from(n) * sum_squares - sum * sum).max(0) as f64;
        (spread / nf / (nf - 1.0)).sqrt()
    });
    Ok(MeanRating {
        scale,
        n,
        mean,
        standard_deviation,
        standard_error: standard_deviation.map(|sd| sd / nf.sqrt()),
    })
}

/// CES 2.0: the mean of 1-7 ratings of "it was easy to handle my issue" (Dixon, Toman and
/// DeLisi 2013). For the legacy 1-5 scale use [`mean_rating`] with `RatingScale::new(1, 5)`;
/// for the share agreeing, [`top_box`] with threshold 5.
///
/// ```
/// use otklik::metrics::ces;
///
/// assert_eq!(ces(&[7, 6, 5, 4, 2])?.mean, Some(4.8));
/// assert_eq!(ces(&[8]).unwrap_err().position(), Some(0));
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn ces(ratings: &[i64]) -> Result<MeanRating, MetricsError> {
    mean_rating(ratings, RatingScale::CES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::MetricsErrorKind;

    #[test]
    fn wilson_at_the_edges() {
        let ci = Proportion::new(0, 10)
            .unwrap()
            .wilson(Confidence::P95)
            .unwrap();
        assert_eq!(ci.lower, 0.0);
        assert!((ci.upper - 27.753_279_986_288_916).abs() < 1e-9);
        let ci = Proportion::new(1, 1)
            .unwrap()
            .wilson(Confidence::P95)
            .unwrap();
        assert!((ci.lower - 20.654_931_437_723_747).abs() < 1e-9 && ci.upper == 100.0);
        assert!(Proportion::default().wilson(Confidence::P95).is_none());
        assert_eq!(Proportion::default().share(), None);
        assert!(Proportion::new(3, 2).is_err());
    }

    #[test]
    fn mean_rating_small_and_large() {
        let m = ces(&[4]).unwrap();
        assert_eq!(
            (m.mean, m.standard_deviation, m.standard_error),
            (Some(4.0), None, None)
        );
        assert!(m.interval(Confidence::P95).is_none());
        let ratings: Vec<i64> = (0..100_000).map(|i| 1 + i % 7).collect();
        let m = ces(&ratings).unwrap();
        assert!((m.mean.unwrap() - 4.0).abs() < 1e-3);
        let scale = RatingScale::new(-1000, 0).unwrap();
        let m = mean_rating(&[-1000, 0], scale).unwrap();
        assert_eq!(m.mean, Some(-500.0));
        assert!(m.interval(Confidence::P99).unwrap().lower >= -1000.0);
    }

    #[test]
    fn bad_scales_and_thresholds() {
        assert!(RatingScale::new(1, 1).is_err());
        assert!(RatingScale::new(i64::MIN, i64::MAX).is_err());
        assert!(top_box(&[1, 2], RatingScale::CSAT, 6).is_err());
        assert!(top_box(&[1, 2], RatingScale::CSAT, 0).is_err());
        let err = top_box(&[1, 0], RatingScale::CSAT, 4).unwrap_err();
        assert_eq!(
            (err.kind(), err.position(), err.value()),
            (MetricsErrorKind::AnswerOutOfRange, Some(1), Some(0.0))
        );
    }
}

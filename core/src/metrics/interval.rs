//! Confidence levels and intervals: [`Confidence`], [`Interval`], and the three NPS intervals
//! (adjusted-Wald, Wald, and the iterative score interval of Rocks 2016).

use std::fmt;

use super::error::{MetricsError, MetricsErrorKind};
use super::normal::ppnd16;
use super::nps::{NpsCounts, adjusted};

/// A confidence level, strictly between 0 and 1 (0.95 for 95 %).
///
/// 0, 1, NaN and anything outside (0, 1) are errors: a 100 % interval is the whole scale and a
/// 0 % one is a point, neither of which a report means.
///
/// ```
/// use otklik::metrics::Confidence;
///
/// let c = Confidence::new(0.95)?;
/// assert!((c.z() - 1.959_963_984_540_054).abs() < 1e-12);
/// assert!((c.alpha() - 0.05).abs() < 1e-15);
/// assert_eq!(Confidence::default(), c);
/// assert!(Confidence::new(1.0).is_err());
/// assert!(Confidence::new(0.0).is_err());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Confidence(f64);

impl Confidence {
    /// 90 %.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert_eq!(Confidence::P90, Confidence::new(0.90)?);
    /// assert!((Confidence::P90.z() - 1.644_853_626_951_472).abs() < 1e-12);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub const P90: Confidence = Confidence(0.90);
    /// 95 %, the default.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert_eq!(Confidence::P95, Confidence::new(0.95)?);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub const P95: Confidence = Confidence(0.95);
    /// 99 %.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert!((Confidence::P99.z() - 2.575_829_303_548_901).abs() < 1e-12);
    /// ```
    pub const P99: Confidence = Confidence(0.99);

    /// A confidence level; an error unless `0 < level < 1`.
    ///
    /// ```
    /// # use otklik::metrics::{Confidence, MetricsErrorKind};
    /// let err = Confidence::new(f64::NAN).unwrap_err();
    /// assert_eq!(err.kind(), MetricsErrorKind::InvalidConfidence);
    /// ```
    pub fn new(level: f64) -> Result<Confidence, MetricsError> {
        if level.is_nan() || level <= 0.0 || level >= 1.0 {
            return Err(MetricsError::new(
                MetricsErrorKind::InvalidConfidence,
                format!("confidence level {level} is not strictly between 0 and 1 (0.95 is 95%)"),
            )
            .with_value(level));
        }
        Ok(Confidence(level))
    }

    /// The level whose two-sided significance level is `alpha` (0.05 gives 0.95); an error
    /// unless `0 < alpha < 1`, and for an alpha below about 1e-16, whose level cannot be told
    /// from 1 in an `f64`.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert_eq!(Confidence::from_alpha(0.01)?.level(), 0.99);
    /// assert!(Confidence::from_alpha(1e-17).is_err());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn from_alpha(alpha: f64) -> Result<Confidence, MetricsError> {
        if alpha.is_nan() || alpha <= 0.0 || alpha >= 1.0 {
            return Err(MetricsError::new(
                MetricsErrorKind::InvalidConfidence,
                format!("alpha {alpha} is not strictly between 0 and 1 (0.05 is the usual one)"),
            )
            .with_value(alpha));
        }
        if 1.0 - alpha == 1.0 {
            return Err(MetricsError::new(
                MetricsErrorKind::InvalidConfidence,
                format!("alpha {alpha} is so small that the level 1 - alpha rounds to 1"),
            )
            .with_value(alpha));
        }
        Confidence::new(1.0 - alpha)
    }

    /// The level, e.g. 0.95.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert_eq!(Confidence::new(0.8)?.level(), 0.8);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn level(self) -> f64 {
        self.0
    }

    /// `1 − level`: the two-sided significance level, e.g. 0.05.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert!((Confidence::P99.alpha() - 0.01).abs() < 1e-15);
    /// ```
    pub fn alpha(self) -> f64 {
        1.0 - self.0
    }

    /// The two-sided critical value Φ⁻¹(1 − α/2), e.g. 1.959964 for 95 %. Computed as
    /// −Φ⁻¹(α/2), which stays accurate for levels very close to 1.
    ///
    /// ```
    /// # use otklik::metrics::Confidence;
    /// assert!((Confidence::P95.z() - 1.959_963_984_540_054).abs() < 1e-12);
    /// // Near 1 it stays accurate: 1 − 1e-15 is stored as 1 − 9.992e-16, whose z is 8.02696.
    /// assert!((Confidence::new(1.0 - 1e-15)?.z() - 8.026_957_018).abs() < 1e-8);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn z(self) -> f64 {
        -ppnd16(self.alpha() / 2.0)
    }
}

impl Default for Confidence {
    /// 95 %.
    fn default() -> Confidence {
        Confidence::P95
    }
}

/// How an NPS interval is computed.
///
/// ```
/// use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
///
/// let counts = NpsCounts::new(9, 0, 2)?;
/// for method in [NpsMethod::AdjustedWald, NpsMethod::Wald, NpsMethod::Score] {
///     let ci = counts.interval(method, Confidence::P95).unwrap();
///     assert!(ci.lower < ci.upper && ci.upper <= 100.0);
/// }
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum NpsMethod {
    /// The default: Wald on counts with 0.75 promoter, 1.5 passive and 0.75 detractor added,
    /// centred on the adjusted score (Rocks 2016; MeasuringU 2021). Good coverage at every n,
    /// and never zero-width.
    #[default]
    AdjustedWald,
    /// `score ± z·SE`: what most tools compute; fine for large n, zero-width when every answer
    /// is in one category.
    Wald,
    /// The iterative score interval of Rocks (2016): the other method that did best in his
    /// comparison; a second opinion beside adjusted-Wald when n is small or the score is near
    /// ±100.
    Score,
}

impl NpsMethod {
    /// A stable snake_case name: `adjusted_wald`, `wald`, `score`.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::NpsMethod::AdjustedWald.as_str(), "adjusted_wald");
    /// ```
    pub fn as_str(self) -> &'static str {
        IntervalMethod::from(self).as_str()
    }
}

/// How an [`Interval`] was computed (a label on every interval this module returns).
///
/// ```
/// use otklik::metrics::{Confidence, IntervalMethod, NpsCounts, NpsMethod};
///
/// let ci = NpsCounts::new(9, 0, 2)?.interval(NpsMethod::Score, Confidence::P95).unwrap();
/// assert_eq!(ci.method, IntervalMethod::Score);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntervalMethod {
    /// Adjusted Wald (pseudo-observations added, centred on the adjusted estimate).
    AdjustedWald,
    /// Wald: estimate ± z·SE with the plain normal approximation (also used for the paired
    /// difference, the weighted NPS with its Kish effective size, and a mean rating).
    Wald,
    /// Rocks' iterative score interval.
    Score,
    /// Wilson's score interval for a proportion (CSAT, top-box shares).
    Wilson,
}

impl IntervalMethod {
    /// A stable snake_case name: `adjusted_wald`, `wald`, `score`, `wilson`.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::IntervalMethod::Wilson.as_str(), "wilson");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalMethod::AdjustedWald => "adjusted_wald",
            IntervalMethod::Wald => "wald",
            IntervalMethod::Score => "score",
            IntervalMethod::Wilson => "wilson",
        }
    }
}

impl fmt::Display for IntervalMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<NpsMethod> for IntervalMethod {
    fn from(method: NpsMethod) -> IntervalMethod {
        match method {
            NpsMethod::AdjustedWald => IntervalMethod::AdjustedWald,
            NpsMethod::Wald => IntervalMethod::Wald,
            NpsMethod::Score => IntervalMethod::Score,
        }
    }
}

/// A confidence interval, on the scale of the quantity it is about (−100…+100 for an NPS,
/// −200…+200 for a difference of two, 0…100 for a share in %, the rating scale for a mean).
///
/// Bounds are clamped to that scale.
///
/// ```
/// use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
///
/// let ci = NpsCounts::new(50, 30, 20)?.interval(NpsMethod::Wald, Confidence::P95).unwrap();
/// assert!((ci.lower - 14.692_191_924_957_33).abs() < 1e-9);
/// assert!((ci.upper - 45.307_808_075_042_67).abs() < 1e-9);
/// assert_eq!(ci.level, 0.95);
/// assert!(ci.contains(30.0));
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The lower bound.
    pub lower: f64,
    /// The upper bound.
    pub upper: f64,
    /// The confidence level, e.g. 0.95.
    pub level: f64,
    /// How it was computed.
    pub method: IntervalMethod,
}

impl Interval {
    /// `centre ± half_width`, clamped to `[min, max]`.
    pub(crate) fn around(
        centre: f64,
        half_width: f64,
        confidence: Confidence,
        method: IntervalMethod,
        (min, max): (f64, f64),
    ) -> Interval {
        Interval {
            lower: (centre - half_width).clamp(min, max),
            upper: (centre + half_width).clamp(min, max),
            level: confidence.level(),
            method,
        }
    }

    /// `upper − lower`.
    ///
    /// ```
    /// # use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
    /// // All answers in one category: the Wald interval has no width at all.
    /// let ci = NpsCounts::new(10, 0, 0)?.interval(NpsMethod::Wald, Confidence::P95).unwrap();
    /// assert_eq!(ci.width(), 0.0);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn width(&self) -> f64 {
        self.upper - self.lower
    }

    /// Whether `lower ≤ value ≤ upper`.
    ///
    /// ```
    /// # use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
    /// let counts = NpsCounts::new(10, 0, 0)?;
    /// let ci = counts.interval(NpsMethod::AdjustedWald, Confidence::P95).unwrap();
    /// assert!(ci.contains(100.0) && ci.contains(counts.adjusted_score().unwrap()));
    /// assert!(!ci.contains(40.0));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn contains(&self, value: f64) -> bool {
        self.lower <= value && value <= self.upper
    }
}

impl NpsCounts {
    /// The confidence interval of the score by `method`, on the −100…+100 scale and clamped to
    /// it; `None` with no answers.
    ///
    /// See the [module documentation](super) for which method to use; the default,
    /// [`NpsMethod::AdjustedWald`], is right for most reports.
    ///
    /// ```
    /// use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
    ///
    /// let counts = NpsCounts::new(50, 30, 20)?;
    /// let ci = counts.interval(NpsMethod::Score, Confidence::P95).unwrap();
    /// assert!((ci.lower - 13.9551).abs() < 1e-4 && (ci.upper - 44.3393).abs() < 1e-4);
    /// assert!(NpsCounts::new(0, 0, 0)?.interval(NpsMethod::Wald, Confidence::P95).is_none());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn interval(&self, method: NpsMethod, confidence: Confidence) -> Option<Interval> {
        if self.is_empty() {
            return None;
        }
        let z = confidence.z();
        let nps_range = (-100.0, 100.0);
        Some(match method {
            NpsMethod::Wald => {
                let score = self.score()?;
                let se = self.standard_error()?;
                Interval::around(score, z * se, confidence, IntervalMethod::Wald, nps_range)
            }
            NpsMethod::AdjustedWald => {
                let (theta, variance, n) = adjusted(self);
                let se = (variance / n).sqrt();
                Interval::around(
                    100.0 * theta,
                    100.0 * z * se,
                    confidence,
                    IntervalMethod::AdjustedWald,
                    nps_range,
                )
            }
            NpsMethod::Score => {
                let (lower, upper) = score_interval(self, z);
                Interval {
                    lower: (100.0 * lower).clamp(-100.0, 100.0),
                    upper: (100.0 * upper).clamp(-100.0, 100.0),
                    level: confidence.level(),
                    method: IntervalMethod::Score,
                }
            }
        })
    }
}

/// Rocks' iterative score interval on the proportion scale (n > 0).
///
/// The bounds are where the score statistic of Tango's test for a difference of two correlated
/// proportions, `S(θ) = (P − D − nθ) / √(n(2q + θ(1 − θ)))` with `q` the restricted maximum
/// likelihood estimate of the promoter share under θ, equals ∓z. `S` falls from +∞ at θ = −1
/// to −∞ at θ = +1 through 0 at the score, so each bound is found by bisection, to full
/// precision (the R package `NPS` stops at a step of 1e-7). The upper bound is 1 when every
/// answer is a promoter, the lower −1 when every answer is a detractor.
fn score_interval(counts: &NpsCounts, z: f64) -> (f64, f64) {
    let n = counts.n() as f64;
    let promoters = counts.promoters() as f64;
    let detractors = counts.detractors() as f64;
    let theta_hat = (promoters - detractors) / n;
    let statistic = |theta: f64| -> f64 {
        let b = -detractors - promoters + (2.0 * n - promoters + detractors) * theta;
        let c = -detractors * theta * (1.0 - theta);
        let q = ((b * b - 8.0 * n * c).max(0.0).sqrt() - b) / (4.0 * n);
        let numerator = promoters - detractors - n * theta;
        let denominator = (n * (2.0 * q + theta * (1.0 - theta))).max(0.0).sqrt();
        numerator / denominator
    };
    // S is decreasing: find θ in (lo, hi) with S(θ) = target, given S(lo) > target > S(hi).
    let solve = |mut lo: f64, mut hi: f64, target: f64| -> f64 {
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            let s = statistic(mid);
            // 0/0 (NaN) only arises where the numerator is 0, i.e. at the score itself.
            let above = if s.is_nan() {
                mid < theta_hat
            } else {
                s > target
            };
            if above {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    };
    let upper = if counts.promoters() == counts.n() {
        1.0
    } else {
        solve(theta_hat, 1.0, -z)
    };
    let lower = if counts.detractors() == counts.n() {
        -1.0
    } else {
        solve(-1.0, theta_hat, z)
    };
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ci(p: u64, pa: u64, d: u64, method: NpsMethod) -> Interval {
        NpsCounts::new(p, pa, d)
            .unwrap()
            .interval(method, Confidence::P95)
            .unwrap()
    }

    #[test]
    fn score_interval_matches_the_note_table() {
        // note §2.4: (D, Pa, P) -> lower, upper at 95 %.
        let table = [
            ((20, 30, 50), 13.9551, 44.3393),
            ((2, 0, 9), 4.6039, 89.7265),
            ((1, 2, 3), -31.1074, 75.3957),
            ((150, 250, 600), 40.2828, 49.4509),
            ((0, 0, 10), 44.4934, 100.0),
            ((10, 0, 0), -100.0, -44.4934),
        ];
        for ((d, pa, p), lower, upper) in table {
            let got = ci(p, pa, d, NpsMethod::Score);
            assert!((got.lower - lower).abs() < 6e-5, "{d},{pa},{p}: {got:?}");
            assert!((got.upper - upper).abs() < 6e-5, "{d},{pa},{p}: {got:?}");
        }
    }

    #[test]
    fn score_interval_at_huge_n_is_narrow_and_finite() {
        let got = ci(600_000_000, 250_000_000, 150_000_000, NpsMethod::Score);
        assert!(
            got.lower < 45.0 && got.upper > 45.0 && got.width() < 0.01,
            "{got:?}"
        );
    }

    #[test]
    fn single_answer() {
        let got = ci(0, 1, 0, NpsMethod::Score);
        assert!((got.lower + 79.345_068_562_276_25).abs() < 1e-9, "{got:?}");
        assert!((got.upper - 79.345_068_562_276_25).abs() < 1e-9, "{got:?}");
        // One detractor mirrors one promoter: (−100, +58.69) against (−58.69, +100).
        let got = ci(0, 0, 1, NpsMethod::Score);
        assert!((got.upper - 58.690_137_124_552_51).abs() < 1e-9 && got.lower == -100.0);
        let got = ci(1, 0, 0, NpsMethod::Score);
        assert!((got.lower + 58.690_137_124_552_51).abs() < 1e-9 && got.upper == 100.0);
    }

    #[test]
    fn confidence_z_for_extreme_levels() {
        let c = Confidence::new(1.0 - 1e-12).unwrap();
        assert!(c.z().is_finite() && c.z() > 7.0);
        let c = Confidence::new(1e-300).unwrap();
        assert!(c.z() >= 0.0 && c.z() < 1e-12);
    }
}

//! Exact fractions and the one rounding rule of this crate: half away from zero, computed on the
//! exact value, never on a binary approximation of it.

use std::fmt;

use super::error::MetricsError;

/// The most decimals the rounding helpers produce; more are treated as this many (an `f64`
/// holds 15 to 17 significant digits, so more would only show binary noise).
///
/// ```
/// use otklik::metrics::{round_half_away_from_zero, Fraction, MAX_DECIMALS};
///
/// assert_eq!(MAX_DECIMALS, 15);
/// assert_eq!(Fraction::new(1, 3)?.to_decimal_string(40), "0.333333333333333"); // 15 decimals
/// assert_eq!(round_half_away_from_zero(0.1, 40), 0.1);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub const MAX_DECIMALS: u32 = 15;

/// An exact fraction `numerator / denominator`, always reduced, with a positive denominator.
///
/// [`NpsCounts::exact`](super::NpsCounts::exact) gives the score as one, so that a score can be
/// compared, stored and rounded without the error of a binary `f64`.
///
/// ```
/// use otklik::metrics::Fraction;
///
/// let f = Fraction::new(-50, 20)?;
/// assert_eq!((f.numerator(), f.denominator()), (-5, 2));
/// assert_eq!(f.to_f64(), -2.5);
/// assert_eq!(f.round(0), -3.0);
/// assert_eq!(f.to_string(), "-5/2");
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fraction {
    numerator: i64,
    denominator: u64,
}

impl Fraction {
    /// The fraction `numerator / denominator`, reduced. A zero denominator is an error.
    ///
    /// ```
    /// use otklik::metrics::Fraction;
    ///
    /// assert_eq!(Fraction::new(200, 3)?.to_string(), "200/3");
    /// assert_eq!(Fraction::new(0, 7)?.to_string(), "0/1");
    /// assert!(Fraction::new(1, 0).is_err());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn new(numerator: i64, denominator: u64) -> Result<Fraction, MetricsError> {
        if denominator == 0 {
            return Err(MetricsError::invalid(
                "a fraction cannot have a denominator of 0",
            ));
        }
        Ok(Fraction::reduced(
            i128::from(numerator),
            u128::from(denominator),
        ))
    }

    /// Reduces `numerator / denominator` (denominator > 0). The reduced parts fit their types
    /// whenever the unreduced ones do, which every caller guarantees.
    pub(crate) fn reduced(numerator: i128, denominator: u128) -> Fraction {
        let g = gcd(numerator.unsigned_abs(), denominator).max(1);
        // Dividing by a positive g keeps the sign and cannot overflow.
        let reduced = numerator / g as i128;
        let fallback = if reduced < 0 { i64::MIN } else { i64::MAX };
        Fraction {
            numerator: i64::try_from(reduced).unwrap_or(fallback),
            denominator: u64::try_from(denominator / g).unwrap_or(u64::MAX),
        }
    }

    /// The numerator, with the sign of the fraction.
    ///
    /// ```
    /// # use otklik::metrics::Fraction;
    /// assert_eq!(Fraction::new(30, 4)?.numerator(), 15); // 30/4 = 15/2
    /// assert_eq!(Fraction::new(-6, 4)?.numerator(), -3);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn numerator(&self) -> i64 {
        self.numerator
    }

    /// The denominator, always at least 1.
    ///
    /// ```
    /// # use otklik::metrics::Fraction;
    /// assert_eq!(Fraction::new(-6, 4)?.denominator(), 2);
    /// assert_eq!(Fraction::new(0, 9)?.denominator(), 1);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn denominator(&self) -> u64 {
        self.denominator
    }

    /// The nearest `f64`.
    ///
    /// ```
    /// # use otklik::metrics::Fraction;
    /// assert_eq!(Fraction::new(1, 3)?.to_f64(), 1.0 / 3.0);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn to_f64(&self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }

    /// The fraction rounded to `decimals` places, half away from zero, as the nearest `f64`.
    ///
    /// This is the crate's one rounding rule; the bindings call it rather than rounding again
    /// with their own language's rule (Python's `round` rounds half to even, JavaScript's
    /// `Math.round` half up). It is exact: −2.5 becomes −3 and 2.5 becomes 3.
    ///
    /// ```
    /// use otklik::metrics::Fraction;
    ///
    /// assert_eq!(Fraction::new(-5, 2)?.round(0), -3.0);
    /// assert_eq!(Fraction::new(200, 3)?.round(2), 66.67);
    /// assert_eq!(Fraction::new(-1, 1000)?.round(2), 0.0); // never -0
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn round(&self, decimals: u32) -> f64 {
        let (negative, digits, decimals) = self.rounded_digits(decimals);
        decimal_to_f64(negative, digits, decimals)
    }

    /// The fraction rounded like [`Fraction::round`], written with exactly `decimals` digits
    /// after the point (none and no point for 0), for reports that must show the same text in
    /// every language.
    ///
    /// ```
    /// use otklik::metrics::Fraction;
    ///
    /// assert_eq!(Fraction::new(200, 3)?.to_decimal_string(2), "66.67");
    /// assert_eq!(Fraction::new(-5, 2)?.to_decimal_string(0), "-3");
    /// assert_eq!(Fraction::new(41, 1)?.to_decimal_string(1), "41.0");
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn to_decimal_string(&self, decimals: u32) -> String {
        let (negative, digits, decimals) = self.rounded_digits(decimals);
        decimal_string(negative, digits, decimals)
    }

    /// |self| × 10^decimals rounded half away from zero, with the sign apart.
    fn rounded_digits(&self, decimals: u32) -> (bool, u128, u32) {
        let decimals = decimals.min(MAX_DECIMALS);
        // |numerator| < 2^63 and 10^15 < 2^50, so the product and its double fit in u128.
        let scaled = u128::from(self.numerator.unsigned_abs()) * 10u128.pow(decimals);
        let digits = round_ratio(scaled, u128::from(self.denominator));
        (self.numerator < 0 && digits > 0, digits, decimals)
    }
}

impl fmt::Display for Fraction {
    /// `numerator/denominator`, e.g. `-5/2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

/// Rounds `value` to `decimals` places, half away from zero, on the exact binary value of the
/// `f64`.
///
/// Every `f64` is an exact fraction, and this rounds that fraction: a value that is exactly
/// half-way (2.5, 0.125) goes away from zero; a value that merely prints as half-way is rounded
/// by what it really is (2.675 is stored as 2.67499999999999982236431605997495353221893310546875,
/// so it becomes 2.67). NaN and infinities come back unchanged; `decimals` above
/// [`MAX_DECIMALS`] count as [`MAX_DECIMALS`]. For an NPS use [`Fraction::round`] on
/// [`NpsCounts::exact`](super::NpsCounts::exact), which has no binary error at all.
///
/// ```
/// use otklik::metrics::round_half_away_from_zero;
///
/// assert_eq!(round_half_away_from_zero(2.5, 0), 3.0);
/// assert_eq!(round_half_away_from_zero(-2.5, 0), -3.0);
/// assert_eq!(round_half_away_from_zero(0.125, 2), 0.13);
/// assert_eq!(round_half_away_from_zero(2.675, 2), 2.67);
/// assert_eq!(round_half_away_from_zero(-0.0001, 2), 0.0);
/// ```
pub fn round_half_away_from_zero(value: f64, decimals: u32) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return if value == 0.0 { 0.0 } else { value };
    }
    let decimals = decimals.min(MAX_DECIMALS);
    let bits = value.to_bits();
    let negative = value < 0.0;
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    // value = mantissa × 2^power exactly.
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), exponent - 1075)
    };
    if power >= 0 {
        // |value| ≥ 2^52: already an integer, nothing after the point to round.
        return value;
    }
    let shift = power.unsigned_abs();
    // mantissa × 10^decimals < 2^53 × 2^50 = 2^103: a shift of 104 or more leaves less than 1/2.
    if shift >= 104 {
        return 0.0;
    }
    let scaled = u128::from(mantissa) * 10u128.pow(decimals);
    let digits = round_ratio(scaled, 1u128 << shift);
    decimal_to_f64(negative && digits > 0, digits, decimals)
}

/// `numerator / denominator` rounded half away from zero (both non-negative, denominator > 0,
/// and 2·numerator + denominator must fit, which the callers guarantee).
fn round_ratio(numerator: u128, denominator: u128) -> u128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    // remainder ≥ denominator/2 ⇔ 2·remainder ≥ denominator; remainder < denominator ≤ 2^104.
    if 2 * remainder >= denominator {
        quotient + 1
    } else {
        quotient
    }
}

/// The decimal `digits × 10^-decimals` with `decimals` digits after the point.
fn decimal_string(negative: bool, digits: u128, decimals: u32) -> String {
    let text = format!("{digits:0width$}", width = decimals as usize + 1);
    let (whole, fraction) = text.split_at(text.len() - decimals as usize);
    let sign = if negative { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// The `f64` nearest to the decimal (Rust's parser rounds correctly).
fn decimal_to_f64(negative: bool, digits: u128, decimals: u32) -> f64 {
    decimal_string(negative, digits, decimals)
        .parse()
        .unwrap_or(f64::NAN)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_go_away_from_zero() {
        let cases = [
            (-5, 2, 0, -3.0, "-3"),
            (5, 2, 0, 3.0, "3"),
            (-25, 2, 0, -13.0, "-13"),
            (200, 3, 2, 66.67, "66.67"),
            (200, 3, 0, 67.0, "67"),
            (-1, 8, 2, -0.13, "-0.13"),
            (1, 3, 3, 0.333, "0.333"),
            (-1, 3000, 2, 0.0, "0.00"),
            (7, 1, 2, 7.0, "7.00"),
        ];
        for (num, den, decimals, value, text) in cases {
            let f = Fraction::new(num, den).unwrap();
            assert_eq!(f.round(decimals), value, "{f} to {decimals}");
            assert_eq!(f.to_decimal_string(decimals), text, "{f} to {decimals}");
        }
        assert!(Fraction::new(-1, 3000).unwrap().round(2).is_sign_positive());
    }

    #[test]
    fn extremes_do_not_overflow() {
        let f = Fraction::new(i64::MIN + 1, 1).unwrap();
        assert_eq!(f.round(15), (i64::MIN + 1) as f64);
        let f = Fraction::new(i64::MAX, u64::MAX).unwrap();
        assert_eq!(f.to_decimal_string(40).len(), "0.".len() + 15);
        assert_eq!(round_half_away_from_zero(f64::MAX, 2), f64::MAX);
        assert_eq!(round_half_away_from_zero(f64::MIN_POSITIVE, 15), 0.0);
        assert_eq!(round_half_away_from_zero(5e-324, 0), 0.0);
        assert_eq!(round_half_away_from_zero(0.5, 0), 1.0);
        assert_eq!(round_half_away_from_zero(0.49999999999999994, 0), 0.0);
        assert_eq!(round_half_away_from_zero(1.0000000000000005e-15, 15), 1e-15);
        assert!(round_half_away_from_zero(f64::NAN, 1).is_nan());
        assert_eq!(
            round_half_away_from_zero(f64::NEG_INFINITY, 1),
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn reduction() {
        let f = Fraction::reduced(-300, 120);
        assert_eq!((f.numerator(), f.denominator()), (-5, 2));
        let f = Fraction::new(i64::MIN, 3).unwrap();
        assert_eq!((f.numerator(), f.denominator()), (i64::MIN, 3));
        let f = Fraction::reduced(0, 5);
        assert_eq!((f.numerator(), f.denominator()), (0, 1));
    }
}

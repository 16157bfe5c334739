//! Percentiles of reply times, by an explicit method.

use std::fmt;

/// How a percentile is taken from a sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PercentileMethod {
    /// The smallest value with at least `p` of the sample at or below it: `x[⌈p·n⌉]` (1-based).
    /// It is always a value of the sample ("95% of replies came within X"). The same as
    /// PostgreSQL `percentile_disc` and numpy `method="inverted_cdf"`.
    #[default]
    NearestRank,
    /// Linear interpolation between neighbours, `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])` with
    /// `h = (n − 1)p` (0-based): numpy's default, Excel `PERCENTILE.INC`, PostgreSQL
    /// `percentile_cont`.
    Linear,
}

impl PercentileMethod {
    /// The snake_case name used in reports and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            PercentileMethod::NearestRank => "nearest_rank",
            PercentileMethod::Linear => "linear",
        }
    }
}

impl fmt::Display for PercentileMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `p`-th percentile (`p` from 0 to 100) of a sample sorted ascending; `None` for an empty
/// sample or a `p` outside 0 to 100 (or NaN).
///
/// ```
/// use otklik::sla::{percentile, PercentileMethod};
///
/// let replies = [3.0, 6.0, 7.0, 8.0, 8.0, 10.0, 13.0, 15.0, 16.0, 20.0];
/// assert_eq!(percentile(&replies, 90.0, PercentileMethod::NearestRank), Some(16.0));
/// let linear = percentile(&replies, 90.0, PercentileMethod::Linear).unwrap();
/// assert!((linear - 16.4).abs() < 1e-12);
/// assert_eq!(percentile(&[], 50.0, PercentileMethod::NearestRank), None);
/// ```
pub fn percentile(sorted: &[f64], p: f64, method: PercentileMethod) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=100.0).contains(&p) {
        return None;
    }
    let n = sorted.len();
    let q = p / 100.0;
    Some(match method {
        PercentileMethod::NearestRank => {
            // ⌈q·n⌉ computed without float error on exact products (such as 0.9 × 10, or
            // 0.999 × 10⁸): a product within a relative 1e-13 above a whole number is that number.
            let x = q * n as f64;
            let rank = (x - (x * 1e-13).max(1e-9)).ceil().max(1.0) as usize;
            sorted[rank.min(n) - 1]
        }
        PercentileMethod::Linear => {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    })
}

/// The median of a sample sorted ascending, as statistics and pandas define it: the middle
/// value, or the mean of the two middle values. (With [`PercentileMethod::NearestRank`], p50 of
/// an even sample is the lower middle value instead.)
///
/// ```
/// assert_eq!(otklik::sla::median(&[1.0, 2.0, 10.0, 20.0]), Some(6.0));
/// ```
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

//! Comparing scores: two independent samples, the same people surveyed twice, and the Holm
//! correction when many comparisons are read at once.

use super::error::{MetricsError, MetricsErrorKind};
use super::interval::{Confidence, Interval, IntervalMethod};
use super::normal::two_sided_p_value;
use super::nps::{Category, MAX_ANSWERS, NpsCounts, adjusted, out_of_range};

/// How two independent scores are compared.
///
/// ```
/// use otklik::metrics::{compare_independent, Confidence, NpsCounts, TestMethod};
///
/// let before = NpsCounts::new(50, 30, 20)?;
/// let after = NpsCounts::new(56, 29, 15)?;
/// let wald = compare_independent(&before, &after, TestMethod::Wald, Confidence::P95).unwrap();
/// let adjusted = compare_independent(&before, &after, TestMethod::AdjustedWald, Confidence::P95).unwrap();
/// assert!(wald.p_value.unwrap() < adjusted.p_value.unwrap());
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TestMethod {
    /// The default: each sample adjusted first (0.75 promoter, 1.5 passive, 0.75 detractor),
    /// z on the difference of the adjusted scores (MeasuringU). Defined even when a sample has
    /// every answer in one category.
    #[default]
    AdjustedWald,
    /// z on the difference of the raw scores with `√(SE₁² + SE₂²)`.
    Wald,
}

impl TestMethod {
    /// A stable snake_case name: `adjusted_wald`, `wald`.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::TestMethod::Wald.as_str(), "wald");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TestMethod::AdjustedWald => "adjusted_wald",
            TestMethod::Wald => "wald",
        }
    }
}

/// The result of comparing two scores: the change, its uncertainty, and the test.
///
/// The sign is kept: `difference` is the second score minus the first (`after − before`,
/// `segment − rest`), in points on the −200…+200 scale.
///
/// ```
/// use otklik::metrics::{compare_paired, Confidence, TransitionTable};
///
/// let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
/// let c = compare_paired(&table, Confidence::P95).unwrap();
/// assert!((c.difference - 11.0).abs() < 1e-12);
/// assert!((c.p_value.unwrap() - 0.0888).abs() < 1e-4);
/// assert!(!c.significant_at(Confidence::P95));
/// assert!(c.significant_at(Confidence::P90));
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// Second score minus first, in points, from the raw (unadjusted) scores.
    pub difference: f64,
    /// The standard error of the difference, in points (of the adjusted difference with
    /// [`TestMethod::AdjustedWald`]).
    pub standard_error: f64,
    /// The z statistic; `None` when the standard error is 0 (Wald with every answer of both
    /// samples in one category, or a paired sample where nobody changed), where no test is
    /// possible.
    pub z: Option<f64>,
    /// The two-sided p-value of z; `None` with z.
    pub p_value: Option<f64>,
    /// The confidence interval of the difference, clamped to −200…+200 (centred on the
    /// adjusted difference with [`TestMethod::AdjustedWald`]).
    pub interval: Interval,
}

impl Comparison {
    /// Whether the p-value is below `1 − level` (so false when there is no p-value).
    ///
    /// ```
    /// use otklik::metrics::{compare_independent, Confidence, NpsCounts, TestMethod};
    ///
    /// let (before, after) = (NpsCounts::new(40, 30, 30)?, NpsCounts::new(60, 25, 15)?);
    /// let c = compare_independent(&before, &after, TestMethod::AdjustedWald, Confidence::P95).unwrap();
    /// assert!(c.significant_at(Confidence::P95) && c.significant_at(Confidence::P90));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn significant_at(&self, confidence: Confidence) -> bool {
        self.p_value.is_some_and(|p| p < confidence.alpha())
    }

    fn from_parts(
        difference: f64,
        centre: f64,
        standard_error: f64,
        confidence: Confidence,
        method: IntervalMethod,
    ) -> Comparison {
        let z = (standard_error > 0.0).then(|| centre / standard_error);
        Comparison {
            difference,
            standard_error,
            z,
            p_value: z.map(two_sided_p_value),
            interval: Interval::around(
                centre,
                confidence.z() * standard_error,
                confidence,
                method,
                (-200.0, 200.0),
            ),
        }
    }
}

/// Compares two scores from different respondents (two periods with new people each time,
/// two segments, two channels): `second − first`, with `SE = √(SE₁² + SE₂²)`, z and its
/// two-sided p-value. `None` if either sample is empty.
///
/// Do not use it for the same people surveyed twice (use [`compare_paired`]), nor for a
/// segment against the whole it is part of (compare it against the rest, as
/// [`segment_report`](super::segment_report) does).
///
/// ```
/// use otklik::metrics::{compare_independent, Confidence, NpsCounts, TestMethod};
///
/// let first = NpsCounts::new(50, 30, 20)?;
/// let second = NpsCounts::new(56, 29, 15)?;
/// let c = compare_independent(&first, &second, TestMethod::Wald, Confidence::P95).unwrap();
/// assert!((c.difference - 11.0).abs() < 1e-12);
/// assert!((c.standard_error - 10.7327).abs() < 1e-4);
/// assert!((c.z.unwrap() - 1.0249).abs() < 1e-4);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn compare_independent(
    first: &NpsCounts,
    second: &NpsCounts,
    method: TestMethod,
    confidence: Confidence,
) -> Option<Comparison> {
    let difference = second.score()? - first.score()?;
    Some(match method {
        TestMethod::Wald => {
            let se = second.standard_error()?.hypot(first.standard_error()?);
            Comparison::from_parts(difference, difference, se, confidence, IntervalMethod::Wald)
        }
        TestMethod::AdjustedWald => {
            let (theta1, variance1, n1) = adjusted(first);
            let (theta2, variance2, n2) = adjusted(second);
            let se = 100.0 * (variance1 / n1 + variance2 / n2).sqrt();
            let centre = 100.0 * (theta2 - theta1);
            Comparison::from_parts(
                difference,
                centre,
                se,
                confidence,
                IntervalMethod::AdjustedWald,
            )
        }
    })
}

/// How the same respondents moved between two surveys: a 3×3 table of counts, rows the
/// category before (detractor, passive, promoter), columns the category after, in that order.
///
/// ```
/// use otklik::metrics::{Category, NpsCounts, TransitionTable};
///
/// let table = TransitionTable::from_answers(&[3, 8, 10, 9], &[7, 9, 10, 6])?;
/// assert_eq!(table.count(Category::Detractor, Category::Passive), 1);
/// assert_eq!(table.count(Category::Promoter, Category::Detractor), 1);
/// assert_eq!(table.before(), NpsCounts::new(2, 1, 1)?);
/// assert_eq!(table.after(), NpsCounts::new(2, 1, 1)?);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TransitionTable {
    rows: [[u64; 3]; 3],
}

impl TransitionTable {
    /// A table from its rows: `rows[before][after]`, each indexed detractor, passive,
    /// promoter. More than [`MAX_ANSWERS`] people in all is an error.
    ///
    /// ```
    /// # use otklik::metrics::TransitionTable;
    /// let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
    /// assert_eq!(table.n(), 100);
    /// assert_eq!(table.before().score(), Some(30.0));
    /// assert_eq!(table.after().score(), Some(41.0));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn new(rows: [[u64; 3]; 3]) -> Result<TransitionTable, MetricsError> {
        let total: u128 = rows.iter().flatten().map(|&c| u128::from(c)).sum();
        if total > u128::from(MAX_ANSWERS) {
            return Err(MetricsError::too_large());
        }
        Ok(TransitionTable { rows })
    }

    /// A table from each person's answer before and after (0-10), `before[i]` and `after[i]`
    /// being the same person. Different lengths are an error, and so is an answer outside
    /// 0-10 (naming the position; a person who answered only once has no place here).
    ///
    /// ```
    /// # use otklik::metrics::{MetricsErrorKind, TransitionTable};
    /// let err = TransitionTable::from_answers(&[3, 8], &[7]).unwrap_err();
    /// assert_eq!(err.kind(), MetricsErrorKind::LengthMismatch);
    /// let err = TransitionTable::from_answers(&[3, 8], &[7, 12]).unwrap_err();
    /// assert_eq!(err.to_string(), "index 1: answer after 12 is outside the 0-10 scale");
    /// ```
    pub fn from_answers(before: &[i64], after: &[i64]) -> Result<TransitionTable, MetricsError> {
        if before.len() != after.len() {
            return Err(MetricsError::new(
                MetricsErrorKind::LengthMismatch,
                format!(
                    "{} answers before but {} after; each person needs both",
                    before.len(),
                    after.len()
                ),
            ));
        }
        let mut rows = [[0u64; 3]; 3];
        for (position, (&b, &a)) in before.iter().zip(after).enumerate() {
            let from = Category::of(b)
                .ok_or_else(|| out_of_range(position, "answer before", b, "the 0-10 scale"))?;
            let to = Category::of(a)
                .ok_or_else(|| out_of_range(position, "answer after", a, "the 0-10 scale"))?;
            rows[from as usize][to as usize] += 1;
        }
        TransitionTable::new(rows)
    }

    /// How many people went from `from` to `to`.
    ///
    /// ```
    /// use otklik::metrics::{Category, TransitionTable};
    ///
    /// let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
    /// assert_eq!(table.count(Category::Passive, Category::Promoter), 6);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn count(&self, from: Category, to: Category) -> u64 {
        self.rows[from as usize][to as usize]
    }

    /// The rows, `rows[before][after]`, indexed detractor, passive, promoter.
    ///
    /// ```
    /// # use otklik::metrics::TransitionTable;
    /// let rows = [[10, 5, 5], [4, 20, 6], [1, 4, 45]];
    /// assert_eq!(TransitionTable::new(rows)?.rows(), rows);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn rows(&self) -> [[u64; 3]; 3] {
        self.rows
    }

    /// The number of people.
    ///
    /// ```
    /// # use otklik::metrics::TransitionTable;
    /// assert_eq!(TransitionTable::from_answers(&[3, 8, 10], &[7, 9, 10])?.n(), 3);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn n(&self) -> u64 {
        self.rows.iter().flatten().sum()
    }

    /// The counts of the first survey (the row sums).
    ///
    /// ```
    /// # use otklik::metrics::{NpsCounts, TransitionTable};
    /// let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
    /// assert_eq!(table.before(), NpsCounts::new(50, 30, 20)?); // rows: 20 D, 30 Pa, 50 P
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn before(&self) -> NpsCounts {
        let sum = |row: [u64; 3]| row.iter().sum::<u64>();
        NpsCounts::new(sum(self.rows[2]), sum(self.rows[1]), sum(self.rows[0])).unwrap_or_default()
    }

    /// The counts of the second survey (the column sums).
    ///
    /// ```
    /// # use otklik::metrics::{NpsCounts, TransitionTable};
    /// let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
    /// assert_eq!(table.after(), NpsCounts::new(56, 29, 15)?); // columns: 15 D, 29 Pa, 56 P
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn after(&self) -> NpsCounts {
        let sum = |column: usize| self.rows.iter().map(|row| row[column]).sum::<u64>();
        NpsCounts::new(sum(2), sum(1), sum(0)).unwrap_or_default()
    }
}

/// Compares the scores of the same people surveyed twice (a panel, an eNPS re-survey, before
/// and after a change): the paired test on each person's change of code (−1, 0, +1), so
/// `δᵢ ∈ {−2, …, 2}`, `Δ = mean(δ)`, `SE = √((mean(δ²) − Δ²) / n)`. `None` for an empty table.
///
/// Treating the two waves as independent ignores that people mostly keep their opinion, and
/// overstates the error (in the example below, 10.73 points instead of 6.46).
///
/// ```
/// use otklik::metrics::{compare_paired, Confidence, TransitionTable};
///
/// // note §2.7: before (50, 30, 20) NPS 30, after (56, 29, 15) NPS 41.
/// let table = TransitionTable::new([[10, 5, 5], [4, 20, 6], [1, 4, 45]])?;
/// let c = compare_paired(&table, Confidence::P95).unwrap();
/// assert!((c.difference - 11.0).abs() < 1e-12);
/// assert!((c.standard_error - 6.4645).abs() < 1e-4);
/// assert!((c.z.unwrap() - 1.7016).abs() < 1e-4);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn compare_paired(table: &TransitionTable, confidence: Confidence) -> Option<Comparison> {
    let n = table.n();
    if n == 0 {
        return None;
    }
    // Sums of δ and δ² in integers: |Σδ| ≤ 2n and Σδ² ≤ 4n, so n·Σδ² and (Σδ)² fit in i128.
    let mut sum = 0i128;
    let mut sum_squares = 0i128;
    for from in [Category::Detractor, Category::Passive, Category::Promoter] {
        for to in [Category::Detractor, Category::Passive, Category::Promoter] {
            let delta = i128::from(to.code() - from.code());
            let count = i128::from(table.count(from, to));
            sum += count * delta;
            sum_squares += count * delta * delta;
        }
    }
    let n_wide = i128::from(n);
    let nf = n as f64;
    // mean(δ²) − mean(δ)² = (n·Σδ² − (Σδ)²) / n².
    let spread = (n_wide * sum_squares - sum * sum).max(0) as f64;
    let se = 100.0 * spread.sqrt() / nf / nf.sqrt();
    let difference = 100.0 * sum as f64 / nf;
    Some(Comparison::from_parts(
        difference,
        difference,
        se,
        confidence,
        IntervalMethod::Wald,
    ))
}

/// Holm's step-down adjustment of p-values for many comparisons read at once (segments against
/// the rest, month-on-month changes): returns the adjusted p-values in the input order.
///
/// Sort ascending; the i-th smallest (from 0) is multiplied by `m − i`, made non-decreasing,
/// and capped at 1. It controls the chance of any false flag as Bonferroni does, but flags
/// more. A p-value that is NaN or outside 0…1 is an error naming its position.
///
/// ```
/// use otklik::metrics::holm;
///
/// let adjusted = holm(&[0.01, 0.04, 0.03, 0.005])?;
/// let expected = [0.03, 0.06, 0.06, 0.02];
/// for (a, e) in adjusted.iter().zip(expected) {
///     assert!((a - e).abs() < 1e-15);
/// }
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
pub fn holm(p_values: &[f64]) -> Result<Vec<f64>, MetricsError> {
    for (position, &p) in p_values.iter().enumerate() {
        if !(0.0..=1.0).contains(&p) {
            return Err(
                MetricsError::invalid(format!("p-value {p} is not between 0 and 1"))
                    .at(position)
                    .with_value(p),
            );
        }
    }
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; m];
    let mut running = 0.0f64;
    for (rank, &index) in order.iter().enumerate() {
        let value = ((m - rank) as f64 * p_values[index]).min(1.0);
        running = running.max(value);
        adjusted[index] = running;
    }
    Ok(adjusted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::nps::scaled_variance;

    fn variance(counts: &NpsCounts) -> f64 {
        scaled_variance(counts.promoters(), counts.detractors(), counts.n(), 1, 0)
    }

    #[test]
    fn paired_equals_mean_of_code_differences() {
        let before = [10, 9, 0, 7, 6, 8, 10, 3];
        let after = [6, 10, 9, 9, 6, 2, 10, 7];
        let table = TransitionTable::from_answers(&before, &after).unwrap();
        let c = compare_paired(&table, Confidence::P95).unwrap();
        let code = |a: i64| Category::of(a).unwrap().code() as f64;
        let deltas: Vec<f64> = before
            .iter()
            .zip(&after)
            .map(|(&b, &a)| code(a) - code(b))
            .collect();
        let n = deltas.len() as f64;
        let mean = deltas.iter().sum::<f64>() / n;
        let var = deltas.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n;
        assert!((c.difference - 100.0 * mean).abs() < 1e-12);
        assert!((c.standard_error - 100.0 * (var / n).sqrt()).abs() < 1e-12);
        // And it is the change of the two scores.
        let change = table.after().score().unwrap() - table.before().score().unwrap();
        assert!((c.difference - change).abs() < 1e-12);
    }

    #[test]
    fn nobody_changed_gives_no_test() {
        let table = TransitionTable::new([[3, 0, 0], [0, 2, 0], [0, 0, 5]]).unwrap();
        let c = compare_paired(&table, Confidence::P95).unwrap();
        assert_eq!(
            (c.difference, c.standard_error, c.z, c.p_value),
            (0.0, 0.0, None, None)
        );
        assert!(compare_paired(&TransitionTable::default(), Confidence::P95).is_none());
    }

    #[test]
    fn wald_se_is_the_root_sum_of_squares() {
        let a = NpsCounts::new(50, 30, 20).unwrap();
        let b = NpsCounts::new(56, 29, 15).unwrap();
        let c = compare_independent(&a, &b, TestMethod::Wald, Confidence::P95).unwrap();
        let expected = 100.0 * (variance(&a) / 100.0 + variance(&b) / 100.0).sqrt();
        assert!((c.standard_error - expected).abs() < 1e-12);
    }

    #[test]
    fn holm_rejects_bad_p_values() {
        let err = holm(&[0.2, f64::NAN]).unwrap_err();
        assert_eq!(
            (err.kind(), err.position()),
            (MetricsErrorKind::InvalidValue, Some(1))
        );
        assert!(holm(&[1.5]).is_err());
        assert!(holm(&[-0.1]).is_err());
        assert_eq!(holm(&[]).unwrap(), Vec::<f64>::new());
    }
}

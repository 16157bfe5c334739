//! [`NpsCounts`]: promoters, passives and detractors, and the exact score they give.

use super::error::{MetricsError, MetricsErrorKind};
use super::round::Fraction;

/// The most answers (in all, across categories) that the statistics accept: 2^53, the largest
/// count an `f64` holds exactly. Far above any survey, and it keeps every exact fraction within
/// 64-bit integers.
///
/// ```
/// use otklik::metrics::{MetricsErrorKind, NpsCounts, MAX_ANSWERS};
///
/// assert_eq!(MAX_ANSWERS, 9_007_199_254_740_992);
/// assert!(NpsCounts::new(MAX_ANSWERS, 0, 0).is_ok());
/// assert_eq!(NpsCounts::new(MAX_ANSWERS, 1, 0).unwrap_err().kind(), MetricsErrorKind::TooLarge);
/// ```
pub const MAX_ANSWERS: u64 = 1 << 53;

/// Where a 0-10 answer falls: promoters 9-10, passives 7-8, detractors 0-6.
///
/// ```
/// use otklik::metrics::Category;
///
/// assert_eq!(Category::of(9), Some(Category::Promoter));
/// assert_eq!(Category::of(7), Some(Category::Passive));
/// assert_eq!(Category::of(6), Some(Category::Detractor));
/// assert_eq!(Category::of(11), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 0-6.
    Detractor,
    /// 7-8.
    Passive,
    /// 9-10.
    Promoter,
}

impl Category {
    /// The category of an answer on the 0-10 scale, or `None` outside it.
    ///
    /// ```
    /// use otklik::metrics::Category;
    ///
    /// assert_eq!(Category::of(0), Some(Category::Detractor));
    /// assert_eq!(Category::of(8), Some(Category::Passive));
    /// assert_eq!(Category::of(10), Some(Category::Promoter));
    /// assert_eq!(Category::of(-1), None);
    /// ```
    pub fn of(answer: i64) -> Option<Category> {
        match answer {
            0..=6 => Some(Category::Detractor),
            7..=8 => Some(Category::Passive),
            9..=10 => Some(Category::Promoter),
            _ => None,
        }
    }

    /// A stable snake_case name: `detractor`, `passive`, `promoter`.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::Category::Promoter.as_str(), "promoter");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Detractor => "detractor",
            Category::Passive => "passive",
            Category::Promoter => "promoter",
        }
    }

    /// The code in the mean form of the NPS: −1, 0, +1.
    pub(crate) fn code(self) -> i64 {
        match self {
            Category::Detractor => -1,
            Category::Passive => 0,
            Category::Promoter => 1,
        }
    }
}

/// What to do with an answer outside 0-10.
///
/// ```
/// use otklik::metrics::{NpsCounts, OutOfRange};
///
/// let tally = NpsCounts::tally(&[10, 42, 3], OutOfRange::Skip)?;
/// assert_eq!((tally.counts.n(), tally.skipped), (2, 1));
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OutOfRange {
    /// Stop with a [`MetricsErrorKind::AnswerOutOfRange`] error naming the first bad position.
    #[default]
    Error,
    /// Leave the answer out and count it in [`Tally::skipped`].
    Skip,
}

/// The counts from a list of answers, and how many answers were skipped as out of range.
///
/// ```
/// use otklik::metrics::{NpsCounts, OutOfRange};
///
/// let tally = NpsCounts::tally(&[9, -1, 7, 99], OutOfRange::Skip)?;
/// assert_eq!(tally.counts, NpsCounts::new(1, 1, 0)?);
/// assert_eq!(tally.skipped, 2);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tally {
    /// The answers in 0-10, counted.
    pub counts: NpsCounts,
    /// How many answers were outside 0-10 and left out.
    pub skipped: u64,
}

/// Promoters, passives and detractors: the whole of what an NPS is computed from.
///
/// The score is `100 × (promoters − detractors) / n`, on the −100…+100 scale. It is kept exact
/// ([`NpsCounts::exact`]) and rounded only when asked ([`Fraction::round`]). With no answers
/// there is no score: `None`, never 0 (a score of 0 is a real result). eNPS is the same
/// arithmetic on staff answers.
///
/// ```
/// use otklik::metrics::NpsCounts;
///
/// let counts = NpsCounts::from_answers(&[10, 9, 9, 8, 7, 6, 3, 0, 10, 5])?;
/// assert_eq!((counts.promoters(), counts.passives(), counts.detractors()), (4, 2, 4));
/// assert_eq!(counts.score(), Some(0.0));
///
/// let counts = NpsCounts::new(10, 19, 11)?;
/// assert_eq!(counts.score(), Some(-2.5));
/// assert_eq!(counts.exact().unwrap().round(0), -3.0);
/// assert_eq!(NpsCounts::new(0, 0, 0)?.score(), None);
/// # Ok::<(), otklik::metrics::MetricsError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NpsCounts {
    promoters: u64,
    passives: u64,
    detractors: u64,
}

impl NpsCounts {
    /// Counts from their three parts. More than [`MAX_ANSWERS`] in all is an error
    /// ([`MetricsErrorKind::TooLarge`]); a billion answers is fine.
    ///
    /// ```
    /// use otklik::metrics::NpsCounts;
    ///
    /// let big = NpsCounts::new(600_000_000, 250_000_000, 150_000_000)?;
    /// assert_eq!(big.n(), 1_000_000_000);
    /// assert_eq!(big.score(), Some(45.0));
    /// assert!(NpsCounts::new(u64::MAX, 1, 0).is_err());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn new(promoters: u64, passives: u64, detractors: u64) -> Result<NpsCounts, MetricsError> {
        let total = u128::from(promoters) + u128::from(passives) + u128::from(detractors);
        if total > u128::from(MAX_ANSWERS) {
            return Err(MetricsError::too_large());
        }
        Ok(NpsCounts {
            promoters,
            passives,
            detractors,
        })
    }

    /// Counts 0-10 answers; the first answer outside 0-10 is an error that names its position
    /// and value.
    ///
    /// ```
    /// use otklik::metrics::NpsCounts;
    ///
    /// let err = NpsCounts::from_answers(&[10, 7, -1]).unwrap_err();
    /// assert_eq!((err.position(), err.value()), (Some(2), Some(-1.0)));
    /// assert_eq!(err.to_string(), "index 2: answer -1 is outside the 0-10 scale");
    /// ```
    pub fn from_answers(answers: &[i64]) -> Result<NpsCounts, MetricsError> {
        NpsCounts::tally(answers, OutOfRange::Error).map(|tally| tally.counts)
    }

    /// Counts 0-10 answers, with the caller's choice for answers outside 0-10: an error, or
    /// skip and count them.
    ///
    /// ```
    /// use otklik::metrics::{NpsCounts, OutOfRange};
    ///
    /// assert!(NpsCounts::tally(&[10, 11], OutOfRange::Error).is_err());
    /// assert_eq!(NpsCounts::tally(&[10, 11], OutOfRange::Skip)?.skipped, 1);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn tally(answers: &[i64], on_out_of_range: OutOfRange) -> Result<Tally, MetricsError> {
        let mut counts = NpsCounts::default();
        let mut skipped = 0u64;
        for (position, &answer) in answers.iter().enumerate() {
            match Category::of(answer) {
                Some(category) => counts.add(category),
                None if on_out_of_range == OutOfRange::Skip => skipped += 1,
                None => return Err(out_of_range(position, "answer", answer, "the 0-10 scale")),
            }
        }
        // A slice cannot realistically hold more, but the promise is checked, not assumed.
        NpsCounts::new(counts.promoters, counts.passives, counts.detractors)?;
        Ok(Tally { counts, skipped })
    }

    fn add(&mut self, category: Category) {
        match category {
            Category::Promoter => self.promoters += 1,
            Category::Passive => self.passives += 1,
            Category::Detractor => self.detractors += 1,
        }
    }

    /// Answers of 9 or 10.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::from_answers(&[10, 9, 9, 8, 7, 0])?.promoters(), 3);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn promoters(&self) -> u64 {
        self.promoters
    }

    /// Answers of 7 or 8.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::from_answers(&[10, 9, 9, 8, 7, 0])?.passives(), 2);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn passives(&self) -> u64 {
        self.passives
    }

    /// Answers of 0 to 6.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::from_answers(&[10, 9, 9, 8, 7, 0])?.detractors(), 1);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn detractors(&self) -> u64 {
        self.detractors
    }

    /// The number of answers, `promoters + passives + detractors`.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::new(3, 2, 1)?.n(), 6);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn n(&self) -> u64 {
        // Never overflows: the sum is at most MAX_ANSWERS by construction.
        self.promoters + self.passives + self.detractors
    }

    /// No answers at all.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert!(NpsCounts::from_answers(&[])?.is_empty());
    /// assert!(!NpsCounts::new(0, 1, 0)?.is_empty());
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.n() == 0
    }

    /// The count of one category.
    ///
    /// ```
    /// use otklik::metrics::{Category, NpsCounts};
    ///
    /// assert_eq!(NpsCounts::new(3, 2, 1)?.count(Category::Passive), 2);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn count(&self, category: Category) -> u64 {
        match category {
            Category::Promoter => self.promoters,
            Category::Passive => self.passives,
            Category::Detractor => self.detractors,
        }
    }

    /// The counts of both together (two segments, two months). Too large a sum is an error.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// let both = NpsCounts::new(3, 2, 1)?.checked_add(NpsCounts::new(1, 0, 4)?)?;
    /// assert_eq!(both, NpsCounts::new(4, 2, 5)?);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn checked_add(self, other: NpsCounts) -> Result<NpsCounts, MetricsError> {
        NpsCounts::new(
            self.promoters.saturating_add(other.promoters),
            self.passives.saturating_add(other.passives),
            self.detractors.saturating_add(other.detractors),
        )
    }

    /// The counts of `self` without those of `part` (the rest of a whole when one segment is
    /// taken out). `None` if `part` is not contained in `self`.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// let rest = NpsCounts::new(4, 2, 5)?.checked_sub(NpsCounts::new(1, 0, 4)?);
    /// assert_eq!(rest, Some(NpsCounts::new(3, 2, 1)?));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn checked_sub(self, part: NpsCounts) -> Option<NpsCounts> {
        Some(NpsCounts {
            promoters: self.promoters.checked_sub(part.promoters)?,
            passives: self.passives.checked_sub(part.passives)?,
            detractors: self.detractors.checked_sub(part.detractors)?,
        })
    }

    /// The score on the −100…+100 scale, or `None` with no answers.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::new(50, 30, 20)?.score(), Some(30.0));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn score(&self) -> Option<f64> {
        self.exact().map(|f| f.to_f64())
    }

    /// The score as an exact reduced fraction, `100 × (P − D) / n`, or `None` with no answers.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// let exact = NpsCounts::new(2, 1, 0)?.exact().unwrap();
    /// assert_eq!((exact.numerator(), exact.denominator()), (200, 3));
    /// assert_eq!(exact.to_decimal_string(2), "66.67");
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn exact(&self) -> Option<Fraction> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let difference = i128::from(self.promoters) - i128::from(self.detractors);
        Some(Fraction::reduced(100 * difference, u128::from(n)))
    }

    /// The score rounded to `decimals` places, half away from zero, on the exact fraction:
    /// shorthand for `exact().map(|f| f.round(decimals))`.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::new(10, 19, 11)?.rounded(0), Some(-3.0));
    /// assert_eq!(NpsCounts::new(11, 19, 10)?.rounded(0), Some(3.0));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn rounded(&self, decimals: u32) -> Option<f64> {
        self.exact().map(|f| f.round(decimals))
    }

    /// The share of promoters and of detractors, each 0…1, or `None` with no answers.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// assert_eq!(NpsCounts::new(1, 2, 1)?.shares(), Some((0.25, 0.25)));
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn shares(&self) -> Option<(f64, f64)> {
        let n = self.n();
        (n > 0).then(|| {
            (
                self.promoters as f64 / n as f64,
                self.detractors as f64 / n as f64,
            )
        })
    }

    /// The variance of one answer's code (+1 promoter, 0 passive, −1 detractor) on the
    /// proportion scale: `p + d − (p − d)²`, or `None` with no answers. Computed from the
    /// integer counts, so it is exact up to the final division.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// // p = 1/2, d = 1/6: θ = 1/3 and the variance is 5/9 (whuber's example).
    /// let v = NpsCounts::new(3, 2, 1)?.variance().unwrap();
    /// assert!((v - 5.0 / 9.0).abs() < 1e-15);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn variance(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| scaled_variance(self.promoters, self.detractors, n, 1, 0))
    }

    /// The standard error of the score, in points: `100 × √(variance / n)`, or `None` with no
    /// answers. Zero when every answer is in one category.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// let se = NpsCounts::new(50, 30, 20)?.standard_error().unwrap();
    /// assert!((se - 7.810_249_675_906_654).abs() < 1e-12);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn standard_error(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| {
            100.0 * (scaled_variance(self.promoters, self.detractors, n, 1, 0) / n as f64).sqrt()
        })
    }

    /// The adjusted-Wald estimate on the −100…+100 scale: the score after adding 0.75
    /// promoter, 1.5 passive and 0.75 detractor (Rocks 2016). It is the centre of the
    /// adjusted-Wald interval, pulled towards 0; report [`NpsCounts::score`] as the estimate.
    /// `None` with no answers.
    ///
    /// ```
    /// # use otklik::metrics::NpsCounts;
    /// // (10 + 0.75 − 0.75) / 13 = 76.92…
    /// let adjusted = NpsCounts::new(10, 0, 0)?.adjusted_score().unwrap();
    /// assert!((adjusted - 1000.0 / 13.0).abs() < 1e-12);
    /// # Ok::<(), otklik::metrics::MetricsError>(())
    /// ```
    pub fn adjusted_score(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| adjusted(self).0 * 100.0)
    }
}

/// The variance `p + d − (p − d)²` of a sample whose counts are `(k·P + extra, k·D + extra)`
/// out of `k·n + 4·extra`; `k = 1, extra = 0` is the plain sample, `k = 4, extra = 3` the
/// adjusted-Wald one in quarters. Exact in integers up to the final division:
/// `(N(P' + D') − (P' − D')²) / N²`.
pub(crate) fn scaled_variance(
    promoters: u64,
    detractors: u64,
    n: u64,
    k: i128,
    extra: i128,
) -> f64 {
    let p = k * i128::from(promoters) + extra;
    let d = k * i128::from(detractors) + extra;
    let total = k * i128::from(n) + 4 * extra;
    // N ≤ 4·2^53 + 12, so N·(P' + D') and (P' − D')² stay below 2^112.
    let numerator = total * (p + d) - (p - d) * (p - d);
    let total = total as f64;
    (numerator.max(0) as f64 / total) / total
}

/// The adjusted-Wald estimate θ' (proportion scale), its variance per answer, and n' = n + 3.
pub(crate) fn adjusted(counts: &NpsCounts) -> (f64, f64, f64) {
    let n = counts.n();
    let total = 4 * i128::from(n) + 12;
    let difference = 4 * (i128::from(counts.promoters) - i128::from(counts.detractors));
    let theta = difference as f64 / total as f64;
    let variance = scaled_variance(counts.promoters, counts.detractors, n, 4, 3);
    (theta, variance, n as f64 + 3.0)
}

/// The error for an answer (or rating: `noun`) outside its scale.
pub(crate) fn out_of_range(position: usize, noun: &str, answer: i64, scale: &str) -> MetricsError {
    MetricsError::new(
        MetricsErrorKind::AnswerOutOfRange,
        format!("{noun} {answer} is outside {scale}"),
    )
    .at(position)
    .with_value(answer as f64)
}

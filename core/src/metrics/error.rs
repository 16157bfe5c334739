//! [`MetricsError`]: an input the statistics cannot use, with what is wrong and where.

use std::fmt;

/// What kind of problem a [`MetricsError`] is.
///
/// ```
/// use otklik::metrics::{MetricsErrorKind, NpsCounts};
///
/// let err = NpsCounts::from_answers(&[9, 10, 11]).unwrap_err();
/// assert_eq!(err.kind(), MetricsErrorKind::AnswerOutOfRange);
/// assert_eq!(err.kind().as_str(), "answer_out_of_range");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetricsErrorKind {
    /// An answer or a rating is outside its scale (0-10 for NPS, the rating scale for CSAT and
    /// CES). [`MetricsError::position`] and [`MetricsError::value`] say which.
    AnswerOutOfRange,
    /// A survey weight is zero, negative, NaN or infinite. [`MetricsError::position`] says which.
    InvalidWeight,
    /// A confidence level (or an alpha) is not strictly between 0 and 1.
    InvalidConfidence,
    /// Two inputs that go together (answers and weights, answers before and after, answers and
    /// segment keys) have different lengths.
    LengthMismatch,
    /// The input is empty where a value is required.
    Empty,
    /// Counts too large to be exact: more than [`MAX_ANSWERS`](super::MAX_ANSWERS) answers in all.
    TooLarge,
    /// Two segments or periods have the same key. [`MetricsError::position`] names the second.
    DuplicateKey,
    /// Any other parameter out of its domain (a margin of error of 0, a p-value of 1.5, shares
    /// that add up to more than 1, a rate that is NaN, a rating scale upside down).
    InvalidValue,
}

impl MetricsErrorKind {
    /// A stable snake_case name of the kind, as the bindings and the test vectors spell it.
    ///
    /// ```
    /// assert_eq!(otklik::metrics::MetricsErrorKind::InvalidWeight.as_str(), "invalid_weight");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MetricsErrorKind::AnswerOutOfRange => "answer_out_of_range",
            MetricsErrorKind::InvalidWeight => "invalid_weight",
            MetricsErrorKind::InvalidConfidence => "invalid_confidence",
            MetricsErrorKind::LengthMismatch => "length_mismatch",
            MetricsErrorKind::Empty => "empty",
            MetricsErrorKind::TooLarge => "too_large",
            MetricsErrorKind::DuplicateKey => "duplicate_key",
            MetricsErrorKind::InvalidValue => "invalid_value",
        }
    }
}

impl fmt::Display for MetricsErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input that the statistics cannot use: what is wrong and, for a list, at which position.
///
/// Positions are 0-based indexes into the slice the caller passed, as in Rust, Python and
/// Kotlin. The message says the same in words, so it can be shown as it is.
///
/// ```
/// use otklik::metrics::{weighted_nps, MetricsErrorKind};
///
/// let err = weighted_nps(&[10, 9, 3], &[1.0, 0.0, 2.0]).unwrap_err();
/// assert_eq!(err.kind(), MetricsErrorKind::InvalidWeight);
/// assert_eq!(err.position(), Some(1));
/// assert_eq!(err.value(), Some(0.0));
/// assert_eq!(err.to_string(), "index 1: weight 0 is not positive; a weight must be a finite number above 0");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct MetricsError {
    kind: MetricsErrorKind,
    message: String,
    position: Option<usize>,
    value: Option<f64>,
}

impl MetricsError {
    pub(crate) fn new(kind: MetricsErrorKind, message: impl Into<String>) -> MetricsError {
        MetricsError {
            kind,
            message: message.into(),
            position: None,
            value: None,
        }
    }

    pub(crate) fn at(mut self, position: usize) -> MetricsError {
        self.position = Some(position);
        self
    }

    pub(crate) fn with_value(mut self, value: f64) -> MetricsError {
        self.value = Some(value);
        self
    }

    pub(crate) fn invalid(message: impl Into<String>) -> MetricsError {
        MetricsError::new(MetricsErrorKind::InvalidValue, message)
    }

    pub(crate) fn too_large() -> MetricsError {
        MetricsError::new(
            MetricsErrorKind::TooLarge,
            format!(
                "more than {} answers in all; counts this large cannot be kept exact",
                super::MAX_ANSWERS
            ),
        )
    }

    /// What kind of problem this is.
    ///
    /// ```
    /// use otklik::metrics::{Confidence, MetricsErrorKind};
    ///
    /// assert_eq!(Confidence::new(1.0).unwrap_err().kind(), MetricsErrorKind::InvalidConfidence);
    /// ```
    pub fn kind(&self) -> MetricsErrorKind {
        self.kind
    }

    /// The 0-based position of the bad item in the input slice, where there is one.
    ///
    /// ```
    /// use otklik::metrics::{Confidence, NpsCounts};
    ///
    /// assert_eq!(NpsCounts::from_answers(&[10, 9, 11]).unwrap_err().position(), Some(2));
    /// assert_eq!(Confidence::new(0.0).unwrap_err().position(), None); // not about a list
    /// ```
    pub fn position(&self) -> Option<usize> {
        self.position
    }

    /// The offending value, where it is a number (an answer, a weight, a level).
    ///
    /// ```
    /// use otklik::metrics::{Confidence, NpsCounts};
    ///
    /// assert_eq!(NpsCounts::from_answers(&[10, 9, 11]).unwrap_err().value(), Some(11.0));
    /// assert_eq!(Confidence::new(95.0).unwrap_err().value(), Some(95.0));
    /// ```
    pub fn value(&self) -> Option<f64> {
        self.value
    }

    /// The reason alone, without the position.
    ///
    /// ```
    /// use otklik::metrics::NpsCounts;
    ///
    /// let err = NpsCounts::from_answers(&[10, 9, 11]).unwrap_err();
    /// assert_eq!(err.reason(), "answer 11 is outside the 0-10 scale");
    /// assert_eq!(err.to_string(), "index 2: answer 11 is outside the 0-10 scale");
    /// ```
    pub fn reason(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for MetricsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = self.position {
            write!(f, "index {position}: ")?;
        }
        f.write_str(&self.message)
    }
}

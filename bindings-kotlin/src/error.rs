//! `OtklikException` on the Kotlin side: one sealed class, one subclass per kind of failure.

/// Everything that can go wrong in an otklik call. Kotlin sees `OtklikException` with the
/// subclasses `Input`, `Io` and `InvalidArgument`.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum OtklikError {
    /// A record that could not be read, with its place.
    #[error("{detail}")]
    Input {
        /// The line the record starts on, from 1 (0 when not tied to a line).
        line: i64,
        /// The 1-based byte column within the line, where known.
        column: Option<i64>,
        /// The JSON key or CSV column being read, where known.
        field: Option<String>,
        /// The kind of problem: `invalid_utf8`, `syntax`, `missing_field`, `invalid_value`, ...
        kind: String,
        /// The reason alone.
        reason: String,
        /// The whole message, place and reason.
        detail: String,
    },
    /// A file could not be opened, read or written.
    #[error("{detail}")]
    Io {
        /// What failed and why.
        detail: String,
    },
    /// An argument is out of its domain (a rating of 7, an empty platform name, ...).
    #[error("{detail}")]
    InvalidArgument {
        /// What is wrong with it.
        detail: String,
    },
}

impl OtklikError {
    pub(crate) fn invalid(detail: impl std::fmt::Display) -> Self {
        OtklikError::InvalidArgument {
            detail: detail.to_string(),
        }
    }

    pub(crate) fn io(context: String, err: &std::io::Error) -> Self {
        OtklikError::Io {
            detail: format!("{context}: {err}"),
        }
    }
}

impl From<otklik::io::InputError> for OtklikError {
    fn from(err: otklik::io::InputError) -> Self {
        let crate::io::BadRecord {
            line,
            column,
            field,
            kind,
            reason,
            detail,
        } = (&err).into();
        OtklikError::Input {
            line,
            column,
            field,
            kind,
            reason,
            detail,
        }
    }
}

/// Kotlin has no unsigned longs that Java callers like; counts beyond `i64::MAX` saturate.
pub(crate) fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

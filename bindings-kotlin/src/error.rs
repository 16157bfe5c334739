//! `OtklikException` on the Kotlin side: one sealed class, one subclass per kind of failure.

/// Everything that can go wrong in an otklik call. Kotlin sees `OtklikException` with the
/// subclasses `Input`, `Io`, `Rule`, `Sla`, `Metrics`, `Reply` and `InvalidArgument`.
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
    /// A rule file that does not compile, with its place.
    #[error("{detail}")]
    Rule {
        /// `syntax`, `query`, `duplicate_id`, `unknown_category`, `invalid_value`, `alias`,
        /// `example`.
        kind: String,
        /// The line in the rule file, from 1, where known.
        line: Option<i64>,
        /// The column (in characters), from 1, where known.
        column: Option<i64>,
        /// The tag at fault, where known.
        tag: Option<String>,
        /// The example at fault, where known.
        example: Option<String>,
        /// The reason alone.
        reason: String,
        /// The whole message, place and reason.
        detail: String,
    },
    /// A calendar, policy or clock problem: `kind` is `syntax`, `invalid_value`,
    /// `unknown_zone`, `io`, `end_before_start`, `out_of_range`, `never_open`, `event_order`,
    /// `event_state` or `unknown_name`.
    #[error("{detail}")]
    Sla {
        /// What kind of problem it is.
        kind: String,
        /// The file at fault, where known.
        file: Option<String>,
        /// The line in the file, from 1, where known.
        line: Option<i64>,
        /// The column, from 1, where known.
        column: Option<i64>,
        /// The reason alone.
        reason: String,
        /// The whole message, place and reason.
        detail: String,
    },
    /// An NPS, CSAT, CES or engagement input refused: `kind` is `answer_out_of_range`,
    /// `invalid_weight`, `invalid_confidence`, `length_mismatch`, `empty`, ...
    #[error("{detail}")]
    Metrics {
        /// What kind of problem it is.
        kind: String,
        /// The 0-based index of the value at fault, where there is one.
        position: Option<i64>,
        /// The reason alone.
        reason: String,
        /// The whole message.
        detail: String,
    },
    /// A reply-script or tone-of-voice file refused: `kind` is `io`, `syntax`,
    /// `duplicate_id`, `template`, `query` or `invalid_value`.
    #[error("{detail}")]
    Reply {
        /// What kind of problem it is.
        kind: String,
        /// The file at fault, where known.
        file: Option<String>,
        /// The line in the file, from 1, where known.
        line: Option<i64>,
        /// The column (in characters), from 1, where known.
        column: Option<i64>,
        /// The id of the script or rule at fault, where known.
        item: Option<String>,
        /// The reason alone.
        reason: String,
        /// The whole message, place and reason.
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

impl From<otklik::rules::RuleError> for OtklikError {
    fn from(err: otklik::rules::RuleError) -> Self {
        OtklikError::Rule {
            kind: err.kind().as_str().to_owned(),
            line: err.line().map(|l| clamp(l as u64)),
            column: err.column().map(|c| clamp(c as u64)),
            tag: err.tag().map(str::to_owned),
            example: err.example().map(str::to_owned),
            reason: err.reason().to_owned(),
            detail: err.to_string(),
        }
    }
}

impl From<otklik::sla::SlaError> for OtklikError {
    fn from(err: otklik::sla::SlaError) -> Self {
        OtklikError::Sla {
            kind: err.kind().as_str().to_owned(),
            file: err.file().map(str::to_owned),
            line: err.line().map(|l| clamp(l as u64)),
            column: err.column().map(|c| clamp(c as u64)),
            reason: err.reason().to_owned(),
            detail: err.to_string(),
        }
    }
}

impl From<otklik::metrics::MetricsError> for OtklikError {
    fn from(err: otklik::metrics::MetricsError) -> Self {
        OtklikError::Metrics {
            kind: err.kind().as_str().to_owned(),
            position: err.position().map(|p| clamp(p as u64)),
            reason: err.reason().to_owned(),
            detail: err.to_string(),
        }
    }
}

impl From<otklik::replies::ReplyError> for OtklikError {
    fn from(err: otklik::replies::ReplyError) -> Self {
        OtklikError::Reply {
            kind: err.kind().as_str().to_owned(),
            file: err.file().map(str::to_owned),
            line: err.line().map(|l| clamp(l as u64)),
            column: err.column().map(|c| clamp(c as u64)),
            item: err.item().map(str::to_owned),
            reason: err.reason().to_owned(),
            detail: err.to_string(),
        }
    }
}

/// Kotlin has no unsigned longs that Java callers like; counts beyond `i64::MAX` saturate.
pub(crate) fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

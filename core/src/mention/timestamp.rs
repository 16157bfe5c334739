//! Reading and writing the instants of mentions: RFC 3339 with a zone, stored as UTC.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

/// Parses an RFC 3339 timestamp with a zone offset (`Z` or `+03:00`) into a UTC instant.
///
/// A timestamp without a zone is refused with a message that says so: guessing the zone would
/// silently shift reply times by hours.
///
/// ```
/// use otklik::mention::{parse_timestamp, TimestampError};
///
/// let t = parse_timestamp("2025-10-03T10:15:00+03:00").unwrap();
/// assert_eq!(t.to_rfc3339(), "2025-10-03T07:15:00+00:00");
/// let err = parse_timestamp("2025-10-03 10:15:00").unwrap_err();
/// assert!(matches!(err, TimestampError::NoZone(_)));
/// assert!(err.to_string().contains("no time zone"));
/// ```
pub fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, TimestampError> {
    let trimmed = text.trim();
    match DateTime::parse_from_rfc3339(trimmed) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
        Err(err) => {
            let naive = [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .any(|f| NaiveDateTime::parse_from_str(trimmed, f).is_ok());
            if naive {
                Err(TimestampError::NoZone(trimmed.to_owned()))
            } else {
                Err(TimestampError::Invalid {
                    text: trimmed.to_owned(),
                    reason: err.to_string(),
                })
            }
        }
    }
}

/// Why a timestamp could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// A valid local date and time, but without `Z` or an offset.
    #[error(
        "timestamp {0:?} has no time zone; write it in UTC with a Z (2025-10-03T07:15:00Z) \
         or with its offset (2025-10-03T10:15:00+03:00)"
    )]
    NoZone(String),
    /// Not an RFC 3339 timestamp at all, or an impossible date or time.
    #[error("timestamp {text:?} is not RFC 3339 ({reason}); expected e.g. 2025-10-03T07:15:00Z")]
    Invalid {
        /// The text as given (trimmed).
        text: String,
        /// What the parser found wrong.
        reason: String,
    },
}

/// Formats a UTC instant as RFC 3339 with `Z`, with fractional seconds only when present.
///
/// ```
/// use otklik::mention::{format_timestamp, parse_timestamp};
///
/// let t = parse_timestamp("2025-10-03T07:15:00.250Z").unwrap();
/// assert_eq!(format_timestamp(&t), "2025-10-03T07:15:00.250Z");
/// ```
pub fn format_timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_converted_to_utc() {
        let t = parse_timestamp("2025-03-30T03:30:00+03:00").unwrap();
        assert_eq!(format_timestamp(&t), "2025-03-30T00:30:00Z");
    }

    #[test]
    fn impossible_dates_are_errors() {
        for bad in [
            "2025-02-30T10:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-01T25:00:00Z",
            "",
            "yesterday",
        ] {
            let err = parse_timestamp(bad).unwrap_err();
            assert!(
                matches!(err, TimestampError::Invalid { .. }),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn leap_day_is_fine() {
        assert!(parse_timestamp("2024-02-29T12:00:00Z").is_ok());
        assert!(parse_timestamp("2025-02-29T12:00:00Z").is_err());
    }

    #[test]
    fn naive_timestamps_are_refused_with_a_hint() {
        for naive in [
            "2025-10-03T07:15:00",
            "2025-10-03 07:15:00.5",
            "2025-10-03T07:15",
            "2025-10-03 07:15",
        ] {
            assert!(
                matches!(parse_timestamp(naive), Err(TimestampError::NoZone(_))),
                "{naive}"
            );
        }
    }

    #[test]
    fn subseconds_survive_formatting() {
        let t = parse_timestamp("2025-10-03T07:15:00.123456Z").unwrap();
        assert_eq!(parse_timestamp(&format_timestamp(&t)).unwrap(), t);
    }
}

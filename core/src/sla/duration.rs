//! Durations as people write them in policy files: `120s`, `10m`, `2h`, `1h30m`.

use chrono::TimeDelta;

use super::error::{SlaError, invalid};

/// Reads a duration written as whole units: `45s`, `10m`, `2h`, `1h30m`, `1h 30m 15s`.
///
/// Days are refused: a business day has no fixed length, so a target is written in hours.
///
/// ```
/// use chrono::TimeDelta;
/// use otklik::sla::parse_duration;
///
/// assert_eq!(parse_duration("120s")?, TimeDelta::seconds(120));
/// assert_eq!(parse_duration("1h30m")?, TimeDelta::minutes(90));
/// assert!(parse_duration("2d").is_err());
/// assert!(parse_duration("ten minutes").is_err());
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn parse_duration(text: &str) -> Result<TimeDelta, SlaError> {
    let bad = |why: &str| {
        invalid(format!(
            "{text:?} is not a duration{why}; write it as 45s, 10m, 2h or 1h30m"
        ))
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(bad(""));
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut last_unit = u8::MAX;
    for c in compact.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, seconds) = match c {
            'h' => (0, 3600),
            'm' => (1, 60),
            's' => (2, 1),
            'd' => {
                return Err(bad(
                    " (a business day has no fixed length: write 24h, 8h, ...)",
                ));
            }
            _ => return Err(bad("")),
        };
        if number.is_empty() || (last_unit != u8::MAX && rank <= last_unit) {
            return Err(bad(""));
        }
        let value: i64 = number.parse().map_err(|_| bad(""))?;
        total = value
            .checked_mul(seconds)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| bad(" (too long)"))?;
        number.clear();
        last_unit = rank;
    }
    if !number.is_empty() {
        return Err(bad(" (a number needs a unit)"));
    }
    TimeDelta::try_seconds(total).ok_or_else(|| bad(" (too long)"))
}

/// Writes a duration the way [`parse_duration`] reads it, to the second (`1h30m`, `45s`, `0s`);
/// a negative duration starts with `-`.
///
/// ```
/// use chrono::TimeDelta;
/// assert_eq!(otklik::sla::format_duration(TimeDelta::seconds(5415)), "1h30m15s");
/// assert_eq!(otklik::sla::format_duration(TimeDelta::seconds(-90)), "-1m30s");
/// ```
pub fn format_duration(d: TimeDelta) -> String {
    let total = d.num_seconds();
    let sign = if total < 0 { "-" } else { "" };
    let s = total.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::from(sign);
    if h > 0 {
        out += &format!("{h}h");
    }
    if m > 0 {
        out += &format!("{m}m");
    }
    if sec > 0 || s == 0 {
        out += &format!("{sec}s");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration(" 1h 30m 15s ").unwrap(),
            TimeDelta::seconds(5415)
        );
        assert_eq!(parse_duration("0s").unwrap(), TimeDelta::zero());
        for bad in [
            "",
            "10",
            "m",
            "30m1h",
            "1h1h",
            "-5m",
            "1.5h",
            "99999999999999999999h",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        for secs in [0, 1, 59, 60, 3599, 3600, 86_400, 90_061] {
            let d = TimeDelta::seconds(secs);
            assert_eq!(parse_duration(&format_duration(d)).unwrap(), d);
        }
    }
}

//! The open intervals of a calendar as absolute instants, one UTC year at a time, with running
//! sums so that business time between two instants is two binary searches.
//!
//! All instants here are nanoseconds since the Unix epoch in an `i64`, which covers the years
//! 1678 to 2261; [`Nanos`] values outside are refused at the public boundary.

use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono::{TimeDelta, Utc};
use chrono_tz::Tz;

use super::error::{SlaError, SlaErrorKind};
use super::hours::Shift;

/// Nanoseconds since 1970-01-01T00:00:00Z.
pub(crate) type Nanos = i64;

/// The first and last UTC years a calendar computes.
pub(crate) const FIRST_YEAR: i32 = 1678;
pub(crate) const LAST_YEAR: i32 = 2261;

/// An instant as [`Nanos`], or an error when it is outside the supported years.
pub(crate) fn to_nanos(t: DateTime<Utc>) -> Result<Nanos, SlaError> {
    let year = t.year();
    match t.timestamp_nanos_opt() {
        Some(n) if (FIRST_YEAR..=LAST_YEAR).contains(&year) => Ok(n),
        _ => Err(SlaError::new(
            SlaErrorKind::OutOfRange,
            format!("{t} is outside the years {FIRST_YEAR} to {LAST_YEAR} that calendars cover"),
        )),
    }
}

/// The instant of [`Nanos`].
pub(crate) fn from_nanos(n: Nanos) -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(n)
}

/// A duration as nanoseconds, or an error when it is negative or too long.
pub(crate) fn duration_nanos(d: TimeDelta) -> Result<i64, SlaError> {
    match d.num_nanoseconds() {
        Some(n) if n >= 0 => Ok(n),
        _ if d < TimeDelta::zero() => Err(super::error::invalid(format!(
            "a business duration cannot be negative ({}s)",
            d.num_seconds()
        ))),
        _ => Err(SlaError::new(
            SlaErrorKind::OutOfRange,
            format!("a duration of {} s is too long", d.num_seconds()),
        )),
    }
}

/// The UTC year of an instant (the chunk it belongs to).
pub(crate) fn year_of(n: Nanos) -> i32 {
    from_nanos(n).year()
}

/// The first instant of a UTC year.
pub(crate) fn year_start(year: i32) -> Nanos {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_utc().timestamp_nanos_opt())
        .unwrap_or(if year < 1970 { i64::MIN } else { i64::MAX })
}

/// The open intervals of one UTC year, sorted, disjoint and not touching.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    /// Where each interval starts.
    pub(crate) starts: Vec<Nanos>,
    /// Where each interval ends (exclusive).
    pub(crate) ends: Vec<Nanos>,
    /// Open nanoseconds of the year before each interval.
    pub(crate) before: Vec<i64>,
    /// Open nanoseconds of the whole year.
    pub(crate) total: i64,
}

impl Chunk {
    /// Builds a chunk from raw intervals (any order, may overlap), clipped to `[from, to)`.
    pub(crate) fn build(mut raw: Vec<(Nanos, Nanos)>, from: Nanos, to: Nanos) -> Chunk {
        raw.sort_unstable();
        let mut chunk = Chunk::default();
        for (s, e) in raw {
            let (s, e) = (s.max(from), e.min(to));
            if e <= s {
                continue;
            }
            match chunk.ends.last_mut() {
                Some(last) if s <= *last => *last = (*last).max(e),
                _ => {
                    chunk.starts.push(s);
                    chunk.ends.push(e);
                }
            }
        }
        let mut sum = 0;
        chunk.before = chunk
            .starts
            .iter()
            .zip(&chunk.ends)
            .map(|(s, e)| {
                let b = sum;
                sum += e - s;
                b
            })
            .collect();
        chunk.total = sum;
        chunk
    }

    /// The index of the last interval that starts at or before `t`, if any.
    fn last_starting_by(&self, t: Nanos) -> Option<usize> {
        self.starts.partition_point(|&s| s <= t).checked_sub(1)
    }

    /// Open nanoseconds of the year before `t`.
    pub(crate) fn open_before(&self, t: Nanos) -> i64 {
        match self.last_starting_by(t) {
            None => 0,
            Some(i) => self.before[i] + (t.min(self.ends[i]) - self.starts[i]),
        }
    }

    /// Whether `t` is inside an interval (`[start, end)`).
    pub(crate) fn contains(&self, t: Nanos) -> bool {
        self.last_starting_by(t).is_some_and(|i| t < self.ends[i])
    }

    /// The earliest instant at which `amount` open nanoseconds of the year have passed, for
    /// `0 < amount <= total`.
    pub(crate) fn instant_after(&self, amount: i64) -> Nanos {
        // The interval i with before[i] < amount <= before[i] + len[i].
        let i = self.before.partition_point(|&b| b < amount) - 1;
        self.starts[i] + (amount - self.before[i])
    }

    /// The latest instant before which `amount` open nanoseconds of the year have passed, for
    /// `0 <= amount < total`.
    pub(crate) fn instant_before(&self, amount: i64) -> Nanos {
        // The interval i with before[i] <= amount < before[i] + len[i].
        let i = self.before.partition_point(|&b| b <= amount) - 1;
        self.starts[i] + (amount - self.before[i])
    }

    /// The start of the first interval that starts at or after `t`, or of the interval that
    /// contains `t` (then `t` itself).
    pub(crate) fn open_at_or_after(&self, t: Nanos) -> Option<Nanos> {
        if self.contains(t) {
            return Some(t);
        }
        let i = self.starts.partition_point(|&s| s < t);
        self.starts.get(i).copied()
    }

    /// The first instant at or after `t` that is not inside an interval.
    pub(crate) fn closed_at_or_after(&self, t: Nanos) -> Nanos {
        match self.last_starting_by(t) {
            Some(i) if t < self.ends[i] => self.ends[i],
            _ => t,
        }
    }

    /// The latest instant at or before `t` that is open or ends an interval: `t` when it is in
    /// `(start, end]` of an interval, otherwise the end of the last interval before it.
    pub(crate) fn close_at_or_before(&self, t: Nanos) -> Option<Nanos> {
        let i = self.starts.partition_point(|&s| s < t).checked_sub(1)?;
        Some(t.min(self.ends[i]))
    }
}

/// The instant of a local date and second of the day in a zone. A local time that does not
/// exist (the spring-forward gap) moves forward by the gap; an ambiguous one (the fall-back
/// fold) is its first occurrence.
pub(crate) fn resolve_local(zone: Tz, date: NaiveDate, second_of_day: u32) -> Option<Nanos> {
    let (date, second) = if second_of_day >= 86_400 {
        (
            date.checked_add_days(Days::new(u64::from(second_of_day / 86_400)))?,
            second_of_day % 86_400,
        )
    } else {
        (date, second_of_day)
    };
    let naive: NaiveDateTime = date.and_hms_opt(second / 3600, second / 60 % 60, second % 60)?;
    let instant = match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // In a gap: read the wall-clock time with the offset in force just before the gap,
            // which lands as far after the gap's end as the time was after its start.
            let before = zone
                .from_local_datetime(&(naive - TimeDelta::days(1)))
                .earliest()?;
            let offset = before.offset().fix();
            (naive - TimeDelta::seconds(i64::from(offset.local_minus_utc()))).and_utc()
        }
    };
    instant.timestamp_nanos_opt()
}

/// The raw open intervals that the shifts of `date` give in `zone`.
pub(crate) fn day_intervals(
    zone: Tz,
    date: NaiveDate,
    shifts: &[Shift],
    out: &mut Vec<(Nanos, Nanos)>,
) {
    for shift in shifts {
        let start = resolve_local(zone, date, shift.start().seconds());
        let end = resolve_local(zone, date, shift.end_from_day_start());
        if let (Some(s), Some(e)) = (start, end)
            && s < e
        {
            out.push((s, e));
        }
    }
}

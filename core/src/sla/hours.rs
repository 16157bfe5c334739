//! Opening hours on the wall clock: [`TimeOfDay`], [`Shift`] and [`WeekHours`].

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;

use super::error::{SlaError, invalid};

/// A time of day on the wall clock, to the second, from `00:00` to `24:00` inclusive (`24:00`
/// ends a day).
///
/// ```
/// use otklik::sla::TimeOfDay;
///
/// let t: TimeOfDay = "09:30".parse()?;
/// assert_eq!(t.seconds(), 9 * 3600 + 30 * 60);
/// assert_eq!(t.to_string(), "09:30");
/// assert_eq!("24:00".parse::<TimeOfDay>()?, TimeOfDay::END_OF_DAY);
/// assert!("24:01".parse::<TimeOfDay>().is_err());
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    /// Midnight at the start of a day, `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// Midnight at the end of a day, `24:00`.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(86_400);

    /// A time from hours, minutes and seconds; `24:00:00` is the only time with hour 24.
    ///
    /// ```
    /// use otklik::sla::TimeOfDay;
    /// assert_eq!(TimeOfDay::new(17, 45, 0)?.to_string(), "17:45");
    /// assert!(TimeOfDay::new(12, 60, 0).is_err());
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn new(hour: u32, minute: u32, second: u32) -> Result<TimeOfDay, SlaError> {
        let seconds = hour
            .checked_mul(3600)
            .and_then(|h| h.checked_add(minute.checked_mul(60)?))
            .and_then(|hm| hm.checked_add(second));
        match seconds {
            Some(s) if minute < 60 && second < 60 && s <= 86_400 => Ok(TimeOfDay(s)),
            _ => Err(invalid(format!(
                "{hour:02}:{minute:02}:{second:02} is not a time of day (00:00 to 24:00)"
            ))),
        }
    }

    /// Seconds since the start of the day, 0 to 86 400.
    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

impl FromStr for TimeOfDay {
    type Err = SlaError;

    /// Reads `H:MM`, `HH:MM` or `HH:MM:SS`.
    fn from_str(s: &str) -> Result<TimeOfDay, SlaError> {
        let bad = || invalid(format!("{s} is not a time of day (00:00 to 24:00)"));
        let mut parts = s.trim().split(':');
        let mut number = |required: bool, width: std::ops::RangeInclusive<usize>| match parts.next()
        {
            None if !required => Ok(0),
            Some(p) if width.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u32>().map_err(|_| bad())
            }
            _ => Err(bad()),
        };
        let hour = number(true, 1..=2)?;
        let minute = number(true, 2..=2)?;
        let second = number(false, 2..=2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        TimeOfDay::new(hour, minute, second).map_err(|_| bad())
    }
}

/// One opening interval of a day on the wall clock, such as `09:00-13:00`.
///
/// An interval whose end is at or before its start is a night shift: it runs past midnight and
/// belongs to the day it starts on (`22:00-06:00` on Friday is open from Friday 22:00 to
/// Saturday 06:00, whatever Saturday's hours). `00:00-24:00` is the whole day, and so is a night
/// shift that ends at its own start (`08:00-08:00` is 24 hours from 08:00).
///
/// ```
/// use otklik::sla::Shift;
///
/// let lunch_break_day: Vec<Shift> = Shift::parse_list("09:00-13:00, 14:00-18:00")?;
/// assert_eq!(lunch_break_day.len(), 2);
/// let night: Shift = "22:00-06:00".parse()?;
/// assert!(night.is_overnight());
/// assert_eq!(night.length_seconds(), 8 * 3600);
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shift {
    start: TimeOfDay,
    end: TimeOfDay,
}

impl Shift {
    /// An interval from `start` to `end`. `start` may not be `24:00`.
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Result<Shift, SlaError> {
        if start == TimeOfDay::END_OF_DAY {
            return Err(invalid(format!(
                "an interval cannot start at 24:00 (write 00:00 of the next day): {start}-{end}"
            )));
        }
        Ok(Shift { start, end })
    }

    /// The whole day, `00:00-24:00`.
    pub const WHOLE_DAY: Shift = Shift {
        start: TimeOfDay::MIDNIGHT,
        end: TimeOfDay::END_OF_DAY,
    };

    /// Where the interval starts.
    pub fn start(self) -> TimeOfDay {
        self.start
    }

    /// Where the interval ends (on the next day if [`Shift::is_overnight`]).
    pub fn end(self) -> TimeOfDay {
        self.end
    }

    /// Whether the interval runs past midnight into the next day.
    pub fn is_overnight(self) -> bool {
        self.end <= self.start
    }

    /// The wall-clock length in seconds (a DST change inside it makes the real length differ).
    pub fn length_seconds(self) -> u32 {
        if self.is_overnight() {
            86_400 - self.start.0 + self.end.0
        } else {
            self.end.0 - self.start.0
        }
    }

    /// Where the interval ends, in seconds from the start of the day it starts on (above 86 400
    /// for a night shift).
    pub(crate) fn end_from_day_start(self) -> u32 {
        self.start.0 + self.length_seconds()
    }

    /// Reads a comma-separated list of intervals (`"09:00-13:00, 14:00-18:00"`); an empty string
    /// or `closed` is no interval. Intervals of one day may not overlap.
    pub fn parse_list(s: &str) -> Result<Vec<Shift>, SlaError> {
        let trimmed = s.trim();
        if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("closed") {
            return Ok(Vec::new());
        }
        let shifts = trimmed
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<Shift>, _>>()?;
        check_day(&shifts)?;
        Ok(shifts)
    }
}

impl fmt::Display for Shift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for Shift {
    type Err = SlaError;

    /// Reads `HH:MM-HH:MM` (a hyphen, en dash or em dash between the two times).
    fn from_str(s: &str) -> Result<Shift, SlaError> {
        let s = s.trim();
        let Some((a, b)) = s.split_once(['-', '–', '—']) else {
            return Err(invalid(format!(
                "{s:?} is not an interval; write it as 09:00-18:00"
            )));
        };
        let start = a.parse().map_err(|e: SlaError| invalid(e.reason()))?;
        let end = b.parse().map_err(|e: SlaError| invalid(e.reason()))?;
        Shift::new(start, end)
    }
}

/// Checks that the intervals of one day do not overlap (a night shift's part after midnight
/// counts as the end of the day for this check).
pub(crate) fn check_day(shifts: &[Shift]) -> Result<(), SlaError> {
    let mut sorted: Vec<Shift> = shifts.to_vec();
    sorted.sort_by_key(|s| s.start);
    for pair in sorted.windows(2) {
        if pair[0].end_from_day_start() > pair[1].start.0 {
            return Err(invalid(format!(
                "intervals {} and {} overlap",
                pair[0], pair[1]
            )));
        }
    }
    Ok(())
}

/// The opening hours of a week: a list of [`Shift`]s for each weekday.
///
/// ```
/// use chrono::Weekday;
/// use otklik::sla::{Shift, WeekHours};
///
/// let week = WeekHours::closed()
///     .with_weekdays(Shift::parse_list("09:00-13:00, 14:00-18:00")?)
///     .with_day(Weekday::Sat, Shift::parse_list("10:00-14:00")?);
/// assert_eq!(week.day(Weekday::Tue).len(), 2);
/// assert!(week.day(Weekday::Sun).is_empty());
/// assert_eq!(week.wall_clock_seconds(), (5 * 8 + 4) * 3600);
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct WeekHours {
    days: [Vec<Shift>; 7],
}

impl WeekHours {
    /// No opening hours on any day.
    pub fn closed() -> WeekHours {
        WeekHours::default()
    }

    /// Open around the clock every day.
    pub fn always() -> WeekHours {
        WeekHours {
            days: std::array::from_fn(|_| vec![Shift::WHOLE_DAY]),
        }
    }

    /// Sets the hours of one weekday.
    pub fn with_day(mut self, day: Weekday, shifts: Vec<Shift>) -> WeekHours {
        self.days[day.num_days_from_monday() as usize] = shifts;
        self
    }

    /// Sets the same hours for Monday to Friday.
    pub fn with_weekdays(mut self, shifts: Vec<Shift>) -> WeekHours {
        for day in &mut self.days[..5] {
            day.clone_from(&shifts);
        }
        self
    }

    /// The hours of one weekday.
    pub fn day(&self, day: Weekday) -> &[Shift] {
        &self.days[day.num_days_from_monday() as usize]
    }

    /// The open time of the week on the wall clock, in seconds.
    pub fn wall_clock_seconds(&self) -> u64 {
        self.days
            .iter()
            .flatten()
            .map(|s| u64::from(s.length_seconds()))
            .sum()
    }

    /// Whether no day has any hours.
    pub fn is_closed(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// Weekly hours from keyed entries, as calendar files write them: `daily`, then `weekdays`
    /// and `weekend`, then single days (`mon` ... `sun`), each later layer replacing the days
    /// it names. An unknown key is an error.
    ///
    /// ```
    /// use chrono::Weekday;
    /// use otklik::sla::{Shift, WeekHours};
    ///
    /// let week = WeekHours::from_keys([
    ///     ("fri", Shift::parse_list("09:00-16:00")?),
    ///     ("weekdays", Shift::parse_list("09:00-18:00")?),
    /// ])?;
    /// assert_eq!(week.day(Weekday::Fri)[0].to_string(), "09:00-16:00");
    /// assert_eq!(week.day(Weekday::Mon)[0].to_string(), "09:00-18:00");
    /// assert!(WeekHours::from_keys([("monday", vec![])]).is_err());
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn from_keys<K: AsRef<str>>(
        entries: impl IntoIterator<Item = (K, Vec<Shift>)>,
    ) -> Result<WeekHours, SlaError> {
        let mut layers: [Vec<(usize, Vec<Shift>)>; 3] = Default::default();
        for (key, shifts) in entries {
            let key = key.as_ref();
            let (layer, days): (usize, std::ops::Range<usize>) = match key {
                "daily" => (0, 0..7),
                "weekdays" => (1, 0..5),
                "weekend" => (1, 5..7),
                _ => match WEEKDAY_KEYS.iter().position(|k| *k == key) {
                    Some(i) => (2, i..i + 1),
                    None => {
                        return Err(invalid(format!(
                            "unknown day `{key}`; use mon, tue, wed, thu, fri, sat, sun, weekdays, weekend or daily"
                        )));
                    }
                },
            };
            check_day(&shifts)?;
            for day in days {
                layers[layer].push((day, shifts.clone()));
            }
        }
        let mut week = WeekHours::closed();
        for (day, shifts) in layers.into_iter().flatten() {
            week.days[day] = shifts;
        }
        Ok(week)
    }

    pub(crate) fn check(&self) -> Result<(), SlaError> {
        for (i, day) in self.days.iter().enumerate() {
            check_day(day).map_err(|e| {
                let name = WEEKDAY_KEYS[i];
                invalid(format!("{name}: {}", e.reason()))
            })?;
        }
        Ok(())
    }
}

/// The keys of the weekdays in calendar files, Monday first.
pub(crate) const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        for (text, seconds) in [("0:00", 0), ("09:05", 32_700), ("23:59:59", 86_399)] {
            assert_eq!(text.parse::<TimeOfDay>().unwrap().seconds(), seconds);
        }
        for bad in [
            "",
            "9",
            "09:5",
            "09:60",
            "24:00:01",
            "-1:00",
            "09:00:00:00",
            "٠٩:٠٠",
        ] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shifts() {
        let s: Shift = "09:00 – 18:00".parse().unwrap();
        assert_eq!((s.length_seconds(), s.is_overnight()), (9 * 3600, false));
        let whole: Shift = "00:00-24:00".parse().unwrap();
        assert_eq!(whole.length_seconds(), 86_400);
        let around: Shift = "08:00-08:00".parse().unwrap();
        assert_eq!(around.length_seconds(), 86_400);
        assert!("24:00-08:00".parse::<Shift>().is_err());
        assert!("09:00".parse::<Shift>().is_err());
        let err = Shift::parse_list("09:00-13:00, 12:00-18:00").unwrap_err();
        assert_eq!(
            err.reason(),
            "intervals 09:00-13:00 and 12:00-18:00 overlap"
        );
        assert!(Shift::parse_list("20:00-02:00, 21:00-22:00").is_err());
        assert_eq!(Shift::parse_list(" closed ").unwrap(), vec![]);
    }
}

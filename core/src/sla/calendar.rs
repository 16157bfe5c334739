//! [`Calendar`]: when the desk is open, and business time between instants.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

use super::error::{SlaError, SlaErrorKind, invalid};
use super::hours::{Shift, WeekHours, check_day};
use super::timeline::{
    Chunk, FIRST_YEAR, LAST_YEAR, Nanos, day_intervals, duration_nanos, from_nanos, to_nanos,
    year_of, year_start,
};

/// What a calendar says about one date, overriding the weekly hours: a holiday, a day with its
/// own hours, or a working day on a normally closed day.
///
/// ```
/// use otklik::sla::{DayRule, Shift};
///
/// let holiday = DayRule::closed("Новий рік / New Year");
/// assert!(holiday.shifts().is_empty());
/// let short = DayRule::hours(Shift::parse_list("09:00-16:00")?, "Pre-holiday day");
/// assert_eq!(short.name(), "Pre-holiday day");
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DayRule {
    shifts: Vec<Shift>,
    name: String,
}

impl DayRule {
    /// The desk is closed all day (a holiday).
    pub fn closed(name: impl Into<String>) -> DayRule {
        DayRule {
            shifts: Vec::new(),
            name: name.into(),
        }
    }

    /// The desk keeps these hours that day instead of the weekly ones (a shortened day, a
    /// working Saturday).
    pub fn hours(shifts: Vec<Shift>, name: impl Into<String>) -> DayRule {
        DayRule {
            shifts,
            name: name.into(),
        }
    }

    /// The hours of the day (empty when closed).
    pub fn shifts(&self) -> &[Shift] {
        &self.shifts
    }

    /// The name of the day, as given (may be empty).
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// An open interval, `[start, end)`.
pub type OpenInterval = (DateTime<Utc>, DateTime<Utc>);

/// Weekly hours in force from a date on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Period {
    from: NaiveDate,
    week: WeekHours,
}

struct Inner {
    name: Option<String>,
    zone: Tz,
    /// Sorted by `from`; the first starts at `NaiveDate::MIN`.
    periods: Vec<Period>,
    days: BTreeMap<NaiveDate, DayRule>,
    chunks: RwLock<HashMap<i32, Arc<Chunk>>>,
}

/// When a social-care desk is open: weekly hours in an IANA time zone, holidays and special
/// days, and changes of hours from a date on. Business time is counted in absolute seconds
/// inside the open intervals.
///
/// Opening hours are wall-clock times in the calendar's zone; the instants that go in and come
/// out are UTC. A calendar is cheap to clone and can be shared between threads.
///
/// The rules, each decided where peer systems disagree:
/// - Time is counted in real (absolute) seconds: a 25-hour autumn day open around the clock
///   counts 25 hours.
/// - An interval whose end is at or before its start is a night shift that belongs to the day it
///   starts on; `24:00` ends a day.
/// - A local opening time that does not exist (the spring-forward gap) moves forward by the gap;
///   an ambiguous one (the fall-back fold) takes its first occurrence.
/// - [`Calendar::add_business_time`] returns the earliest instant at which the duration is used
///   up: a duration that exactly fills a day ends at closing time, not at the next opening. A zero
///   duration outside hours gives the next opening.
/// - Precision is the nanosecond of the input instants (nothing is rounded to minutes).
/// - Instants from the year 1678 to 2261 are supported. The zone rules are chrono-tz's, whose
///   tables of changes end in 2099: after that a zone keeps the offset in force at the end of
///   2099 (no more DST changes).
/// - A date rule (holiday, special hours, working day) replaces the weekly hours of that date.
/// - When hours change from a date on, each day is counted under the hours then in force.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc, Weekday};
/// use otklik::sla::{Calendar, DayRule, Shift, WeekHours};
///
/// let week = WeekHours::closed().with_weekdays(Shift::parse_list("09:00-13:00, 14:00-18:00")?);
/// let calendar = Calendar::builder(chrono_tz::Europe::Kyiv, week)
///     .day(chrono::NaiveDate::from_ymd_opt(2025, 12, 25).unwrap(), DayRule::closed("Christmas"))
///     .build()?;
///
/// // Wednesday 24 December 2025, 17:30 in Kyiv (15:30 UTC): half an hour before closing.
/// let asked = Utc.with_ymd_and_hms(2025, 12, 24, 15, 30, 0).unwrap();
/// // Two business hours later: 30 min on Wednesday, Christmas is closed, 90 min on Friday.
/// let due = calendar.add_business_time(asked, TimeDelta::hours(2))?;
/// assert_eq!(due, Utc.with_ymd_and_hms(2025, 12, 26, 8, 30, 0).unwrap()); // 10:30 in Kyiv
/// assert_eq!(calendar.business_duration(asked, due)?, TimeDelta::hours(2));
/// assert!(!calendar.is_open(Utc.with_ymd_and_hms(2025, 12, 24, 11, 30, 0).unwrap())?); // lunch
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone)]
pub struct Calendar(Arc<Inner>);

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("name", &self.0.name)
            .field("zone", &self.0.zone)
            .field("periods", &self.0.periods)
            .field("days", &self.0.days.len())
            .finish()
    }
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Calendar) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.name == other.0.name
                && self.0.zone == other.0.zone
                && self.0.periods == other.0.periods
                && self.0.days == other.0.days)
    }
}

impl Calendar {
    /// Open around the clock, every day, in UTC: the calendar of a 24/7 target.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// let always = otklik::sla::Calendar::always_open();
    /// let t = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    /// assert_eq!(always.add_business_time(t, TimeDelta::minutes(10))?, t + TimeDelta::minutes(10));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    ///
    /// Every call returns the same shared calendar, so the years it has computed are computed
    /// once per process.
    pub fn always_open() -> Calendar {
        static ALWAYS: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        ALWAYS
            .get_or_init(|| {
                Calendar::builder(Tz::UTC, WeekHours::always())
                    .name("24/7")
                    .build()
                    .expect("a calendar open around the clock is valid")
            })
            .clone()
    }

    /// Starts a calendar in `zone` with these weekly hours.
    pub fn builder(zone: Tz, week: WeekHours) -> CalendarBuilder {
        CalendarBuilder {
            name: None,
            zone,
            periods: vec![Period {
                from: NaiveDate::MIN,
                week,
            }],
            days: BTreeMap::new(),
        }
    }

    /// The same calendar under another name.
    ///
    /// ```
    /// let named = otklik::sla::Calendar::always_open().with_name("Telegram bot");
    /// assert_eq!(named.name(), Some("Telegram bot"));
    /// ```
    pub fn with_name(&self, name: impl Into<String>) -> Calendar {
        Calendar(Arc::new(Inner {
            name: Some(name.into()),
            zone: self.0.zone,
            periods: self.0.periods.clone(),
            days: self.0.days.clone(),
            chunks: RwLock::new(HashMap::new()),
        }))
    }

    /// The calendar's name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// The IANA time zone of the opening hours.
    pub fn zone(&self) -> Tz {
        self.0.zone
    }

    /// The weekly hours in force on a local date.
    pub fn week_on(&self, date: NaiveDate) -> &WeekHours {
        &self.period_on(date).week
    }

    /// The date rule of a local date (holiday, special hours, working day), if any.
    pub fn day_rule(&self, date: NaiveDate) -> Option<&DayRule> {
        self.0.days.get(&date)
    }

    /// The hours of a local date: its date rule, or the weekly hours then in force.
    pub fn hours_on(&self, date: NaiveDate) -> &[Shift] {
        match self.0.days.get(&date) {
            Some(rule) => &rule.shifts,
            None => self.week_on(date).day(date.weekday()),
        }
    }

    fn period_on(&self, date: NaiveDate) -> &Period {
        let i = self.0.periods.partition_point(|p| p.from <= date);
        &self.0.periods[i.saturating_sub(1)]
    }

    /// The open intervals of one UTC year, built once and cached.
    fn chunk(&self, year: i32) -> Arc<Chunk> {
        if let Some(chunk) = self
            .0
            .chunks
            .read()
            .ok()
            .and_then(|c| c.get(&year).cloned())
        {
            return chunk;
        }
        let from = year_start(year);
        let to = year_start(year + 1);
        let mut raw = Vec::new();
        let first =
            NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.checked_sub_days(Days::new(2)));
        let last =
            NaiveDate::from_ymd_opt(year, 12, 31).and_then(|d| d.checked_add_days(Days::new(2)));
        if let (Some(first), Some(last)) = (first, last) {
            for date in first.iter_days().take_while(|d| *d <= last) {
                day_intervals(self.0.zone, date, self.hours_on(date), &mut raw);
            }
        }
        let chunk = Arc::new(Chunk::build(raw, from, to));
        if let Ok(mut cache) = self.0.chunks.write() {
            cache.insert(year, Arc::clone(&chunk));
        }
        chunk
    }

    /// Whether the desk is open at `t` (intervals are closed at their start and open at their
    /// end: open at 09:00, closed at 18:00).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml("zone = \"America/New_York\"\n[hours]\nweekdays = \"09:00-17:00\"")?;
    /// let monday_9am = Utc.with_ymd_and_hms(2025, 3, 10, 13, 0, 0).unwrap(); // EDT, UTC-4
    /// assert!(calendar.is_open(monday_9am)?);
    /// assert!(!calendar.is_open(monday_9am + chrono::TimeDelta::hours(8))?);
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn is_open(&self, t: DateTime<Utc>) -> Result<bool, SlaError> {
        let n = to_nanos(t)?;
        Ok(self.chunk(year_of(n)).contains(n))
    }

    /// The first instant at or after `t` at which the desk is open: `t` itself when it is open,
    /// otherwise the next opening; `None` when it never opens again before the year 2262.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml("zone = \"Europe/Kyiv\"\n[hours]\nweekdays = \"09:00-18:00\"")?;
    /// let friday_evening = Utc.with_ymd_and_hms(2025, 10, 3, 17, 0, 0).unwrap();
    /// let monday_9am_kyiv = Utc.with_ymd_and_hms(2025, 10, 6, 6, 0, 0).unwrap();
    /// assert_eq!(calendar.next_open(friday_evening)?, Some(monday_9am_kyiv));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn next_open(&self, t: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, SlaError> {
        Ok(self.next_open_nanos(to_nanos(t)?).map(from_nanos))
    }

    pub(crate) fn next_open_nanos(&self, n: Nanos) -> Option<Nanos> {
        (year_of(n)..=LAST_YEAR).find_map(|year| {
            let from = n.max(year_start(year));
            self.chunk(year).open_at_or_after(from)
        })
    }

    /// The first instant at or after `t` at which the desk is closed: `t` itself when it is
    /// closed, otherwise the end of the open interval around `t`; `None` when it never closes
    /// before the year 2262 (a 24/7 calendar).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml("zone = \"Europe/Kyiv\"\n[hours]\ndaily = \"22:00-06:00\"")?;
    /// let night = Utc.with_ymd_and_hms(2025, 10, 3, 21, 0, 0).unwrap(); // 00:00 in Kyiv
    /// assert_eq!(calendar.next_close(night)?, Some(Utc.with_ymd_and_hms(2025, 10, 4, 3, 0, 0).unwrap()));
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn next_close(&self, t: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, SlaError> {
        let mut n = to_nanos(t)?;
        for year in year_of(n)..=LAST_YEAR {
            let end = year_start(year + 1);
            let closed = self.chunk(year).closed_at_or_after(n);
            if closed < end {
                return Ok(Some(from_nanos(closed)));
            }
            n = end;
        }
        Ok(None)
    }

    /// The business time between `start` and `end`: the part of `[start, end)` when the desk is
    /// open. An `end` before `start` is an [`SlaErrorKind::EndBeforeStart`] error, never a
    /// negative duration.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::{Calendar, SlaErrorKind};
    /// let calendar = Calendar::from_toml("zone = \"Europe/Kyiv\"\n[hours]\nweekdays = \"09:00-18:00\"")?;
    /// // From Friday 17:00 to Monday 10:00 in Kyiv: one hour on Friday, one on Monday.
    /// let friday = Utc.with_ymd_and_hms(2025, 10, 3, 14, 0, 0).unwrap();
    /// let monday = Utc.with_ymd_and_hms(2025, 10, 6, 7, 0, 0).unwrap();
    /// assert_eq!(calendar.business_duration(friday, monday)?, TimeDelta::hours(2));
    /// let err = calendar.business_duration(monday, friday).unwrap_err();
    /// assert_eq!(err.kind(), SlaErrorKind::EndBeforeStart);
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn business_duration(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<TimeDelta, SlaError> {
        let (s, e) = (to_nanos(start)?, to_nanos(end)?);
        if e < s {
            return Err(SlaError::new(
                SlaErrorKind::EndBeforeStart,
                format!("the span ends ({end}) before it starts ({start})"),
            ));
        }
        // More than 292 years of business time do not fit in i64 nanoseconds: sum wider.
        let nanos = self.business_nanos_wide(s, e);
        let (secs, sub) = (
            nanos.div_euclid(1_000_000_000),
            nanos.rem_euclid(1_000_000_000),
        );
        // Both fit: at most 584 years of seconds, and a remainder below a second.
        Ok(TimeDelta::new(secs as i64, sub as u32).unwrap_or(TimeDelta::MAX))
    }

    /// Open nanoseconds in `[s, e)`, for `s <= e` in range, saturated at `i64::MAX` (a span of
    /// more than 292 years open around the clock).
    pub(crate) fn business_nanos(&self, s: Nanos, e: Nanos) -> i64 {
        i64::try_from(self.business_nanos_wide(s, e)).unwrap_or(i64::MAX)
    }

    /// Open nanoseconds in `[s, e)`, for `s <= e` in range.
    fn business_nanos_wide(&self, s: Nanos, e: Nanos) -> i128 {
        let (ys, ye) = (year_of(s), year_of(e));
        if ys == ye {
            let chunk = self.chunk(ys);
            return i128::from(chunk.open_before(e) - chunk.open_before(s));
        }
        let first = self.chunk(ys);
        let mut sum = i128::from(first.total - first.open_before(s));
        for year in ys + 1..ye {
            sum += i128::from(self.chunk(year).total);
        }
        sum + i128::from(self.chunk(ye).open_before(e))
    }

    /// The deadline: the earliest instant at which `duration` of business time after `start` is
    /// used up. A duration that exactly fills the rest of a day ends at closing time; a zero
    /// duration gives `start` when open, otherwise the next opening.
    ///
    /// Errors: a negative duration ([`SlaErrorKind::InvalidValue`]); an instant or a duration
    /// out of range, or a deadline after the year 2261 ([`SlaErrorKind::OutOfRange`]); a
    /// calendar that never opens again ([`SlaErrorKind::NeverOpen`]).
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml("zone = \"Europe/Kyiv\"\n[hours]\nweekdays = \"09:00-18:00\"")?;
    /// let monday_9am = Utc.with_ymd_and_hms(2025, 10, 6, 6, 0, 0).unwrap();
    /// // Nine business hours fill Monday: the deadline is Monday 18:00, not Tuesday 09:00.
    /// assert_eq!(
    ///     calendar.add_business_time(monday_9am, TimeDelta::hours(9))?,
    ///     Utc.with_ymd_and_hms(2025, 10, 6, 15, 0, 0).unwrap()
    /// );
    /// // A zero duration on Saturday is the next opening.
    /// let saturday = Utc.with_ymd_and_hms(2025, 10, 4, 12, 0, 0).unwrap();
    /// assert_eq!(calendar.add_business_time(saturday, TimeDelta::zero())?, monday_9am);
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn add_business_time(
        &self,
        start: DateTime<Utc>,
        duration: TimeDelta,
    ) -> Result<DateTime<Utc>, SlaError> {
        let s = to_nanos(start)?;
        let d = duration_nanos(duration)?;
        self.add_nanos(s, d).map(from_nanos)
    }

    pub(crate) fn add_nanos(&self, s: Nanos, d: i64) -> Result<Nanos, SlaError> {
        if d == 0 {
            return self.next_open_nanos(s).ok_or_else(|| never_open(s));
        }
        let mut remaining = d;
        let mut year = year_of(s);
        let chunk = self.chunk(year);
        let mut used = chunk.open_before(s);
        let mut chunk = chunk;
        loop {
            let left = chunk.total - used;
            if remaining <= left {
                return Ok(chunk.instant_after(used + remaining));
            }
            remaining -= left;
            year += 1;
            if year > LAST_YEAR {
                return Err(if chunk.total > 0 {
                    // Open in the last year: the deadline is only past the range.
                    beyond_range(format!(
                        "{} s of business time after {} end after the year {LAST_YEAR}",
                        d / 1_000_000_000,
                        from_nanos(s)
                    ))
                } else {
                    never_open(s)
                });
            }
            chunk = self.chunk(year);
            used = 0;
        }
    }

    /// The inverse of [`Calendar::add_business_time`]: the latest instant from which `duration`
    /// of business time runs up to `end`. A duration that exactly fills a day starts at opening
    /// time. Going backwards an interval is `(open, close]`: a zero duration gives `end` when the
    /// desk is open just before it (inside an interval, or at its closing instant), otherwise the
    /// previous closing, also when `end` is an opening instant (Monday 09:00 gives Friday 18:00),
    /// as Zendesk's `biz` and working_hours do.
    ///
    /// Errors as for [`Calendar::add_business_time`], with a start before the year 1678 out of
    /// range, and a calendar never open before `end` never open.
    ///
    /// ```
    /// use chrono::{TimeDelta, TimeZone, Utc};
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml("zone = \"Europe/Kyiv\"\n[hours]\nweekdays = \"09:00-18:00\"")?;
    /// let monday_10am = Utc.with_ymd_and_hms(2025, 10, 6, 7, 0, 0).unwrap();
    /// // Two business hours before Monday 10:00 is Friday 17:00.
    /// assert_eq!(
    ///     calendar.subtract_business_time(monday_10am, TimeDelta::hours(2))?,
    ///     Utc.with_ymd_and_hms(2025, 10, 3, 14, 0, 0).unwrap()
    /// );
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn subtract_business_time(
        &self,
        end: DateTime<Utc>,
        duration: TimeDelta,
    ) -> Result<DateTime<Utc>, SlaError> {
        let e = to_nanos(end)?;
        let d = duration_nanos(duration)?;
        let never = || {
            SlaError::new(
                SlaErrorKind::NeverOpen,
                format!(
                    "the calendar is not open for {} s before {end} (back to the year {FIRST_YEAR})",
                    d / 1_000_000_000
                ),
            )
        };
        let mut year = year_of(e);
        if d == 0 {
            let mut t = e;
            while year >= FIRST_YEAR {
                if let Some(found) = self.chunk(year).close_at_or_before(t) {
                    return Ok(from_nanos(found));
                }
                year -= 1;
                t = year_start(year + 1);
            }
            return Err(if self.chunk(FIRST_YEAR).total > 0 {
                beyond_range(format!(
                    "the closing before {end} is before the year {FIRST_YEAR}"
                ))
            } else {
                never()
            });
        }
        let mut chunk = self.chunk(year);
        let mut available = chunk.open_before(e);
        let mut remaining = d;
        loop {
            if remaining <= available {
                let amount = available - remaining;
                // amount < total: when remaining > 0 the instant is inside an interval.
                return Ok(from_nanos(chunk.instant_before(amount)));
            }
            remaining -= available;
            year -= 1;
            if year < FIRST_YEAR {
                return Err(if chunk.total > 0 {
                    // Open in the first year: the start is only before the range.
                    beyond_range(format!(
                        "{} s of business time before {end} start before the year {FIRST_YEAR}",
                        d / 1_000_000_000
                    ))
                } else {
                    never()
                });
            }
            chunk = self.chunk(year);
            available = chunk.total;
        }
    }

    /// The open intervals that overlap `[from, to)`, clipped to it: what the calendar looks like
    /// in a window, to show or to check.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml("zone = \"UTC\"\n[hours]\ndaily = \"09:00-13:00, 14:00-18:00\"")?;
    /// let day = Utc.with_ymd_and_hms(2025, 6, 2, 0, 0, 0).unwrap();
    /// let open = calendar.open_intervals(day, day + chrono::TimeDelta::days(1))?;
    /// assert_eq!(open.len(), 2);
    /// assert_eq!(open[1].0, Utc.with_ymd_and_hms(2025, 6, 2, 14, 0, 0).unwrap());
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn open_intervals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<OpenInterval>, SlaError> {
        let (s, e) = (to_nanos(from)?, to_nanos(to)?);
        let mut out: Vec<OpenInterval> = Vec::new();
        if e <= s {
            return Ok(out);
        }
        for year in year_of(s)..=year_of(e) {
            let chunk = self.chunk(year);
            for (&a, &b) in chunk.starts.iter().zip(&chunk.ends) {
                let (a, b) = (a.max(s), b.min(e));
                if a >= b {
                    continue;
                }
                // Join the pieces of an interval that runs over a new year.
                match out.last_mut() {
                    Some(last) if last.1 == from_nanos(a) => last.1 = from_nanos(b),
                    _ => out.push((from_nanos(a), from_nanos(b))),
                }
            }
        }
        Ok(out)
    }
}

fn beyond_range(message: String) -> SlaError {
    SlaError::new(SlaErrorKind::OutOfRange, message)
}

fn never_open(s: Nanos) -> SlaError {
    SlaError::new(
        SlaErrorKind::NeverOpen,
        format!(
            "the calendar never opens again after {} (up to the year {LAST_YEAR})",
            from_nanos(s)
        ),
    )
}

/// Builds a [`Calendar`]: a name, date rules, and changes of weekly hours from a date on.
///
/// ```
/// use chrono::NaiveDate;
/// use otklik::sla::{Calendar, DayRule, Shift, WeekHours};
///
/// let weekdays = WeekHours::closed().with_weekdays(Shift::parse_list("09:00-18:00")?);
/// let longer = WeekHours::closed().with_weekdays(Shift::parse_list("08:00-20:00")?);
/// let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let calendar = Calendar::builder(chrono_tz::Europe::Minsk, weekdays)
///     .name("Minsk desk")
///     .day(date(2025, 1, 6), DayRule::closed("Day off moved from 11 January"))
///     .day(date(2025, 1, 11), DayRule::hours(Shift::parse_list("09:00-18:00")?, "Working Saturday"))
///     .change_from(date(2026, 1, 1), longer)
///     .build()?;
/// assert_eq!(calendar.hours_on(date(2026, 3, 2))[0].to_string(), "08:00-20:00");
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CalendarBuilder {
    name: Option<String>,
    zone: Tz,
    periods: Vec<Period>,
    days: BTreeMap<NaiveDate, DayRule>,
}

impl CalendarBuilder {
    /// Names the calendar.
    pub fn name(mut self, name: impl Into<String>) -> CalendarBuilder {
        self.name = Some(name.into());
        self
    }

    /// Sets the rule of one local date (a later rule for the same date replaces an earlier one).
    pub fn day(mut self, date: NaiveDate, rule: DayRule) -> CalendarBuilder {
        self.days.insert(date, rule);
        self
    }

    /// New weekly hours from a local date on (business time before that date keeps the hours
    /// in force then).
    pub fn change_from(mut self, date: NaiveDate, week: WeekHours) -> CalendarBuilder {
        self.periods.retain(|p| p.from != date);
        self.periods.push(Period { from: date, week });
        self.periods.sort_by_key(|p| p.from);
        self
    }

    /// The weekly hours in force before any change.
    pub(crate) fn base_week(&self) -> &WeekHours {
        &self.periods[0].week
    }

    /// Checks the hours and builds the calendar.
    ///
    /// Errors: overlapping intervals in one day, or a calendar that is never open.
    pub fn build(self) -> Result<Calendar, SlaError> {
        for period in &self.periods {
            period.week.check().map_err(|e| {
                if period.from == NaiveDate::MIN {
                    e
                } else {
                    invalid(format!("hours from {}: {}", period.from, e.reason()))
                }
            })?;
        }
        for (date, rule) in &self.days {
            check_day(&rule.shifts).map_err(|e| invalid(format!("{date}: {}", e.reason())))?;
        }
        let open_somewhere = self.periods.iter().any(|p| !p.week.is_closed())
            || self.days.values().any(|d| !d.shifts.is_empty());
        if !open_somewhere {
            return Err(SlaError::new(
                SlaErrorKind::NeverOpen,
                "the calendar has no opening hours on any day",
            ));
        }
        Ok(Calendar(Arc::new(Inner {
            name: self.name,
            zone: self.zone,
            periods: self.periods,
            days: self.days,
            chunks: RwLock::new(HashMap::new()),
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn a_span_over_a_new_year_is_summed_over_both_chunks() {
        let calendar = Calendar::always_open();
        let s = utc(2024, 12, 31, 23, 0, 0);
        let e = utc(2025, 1, 1, 1, 0, 0);
        assert_eq!(
            calendar.business_duration(s, e).unwrap(),
            TimeDelta::hours(2)
        );
        assert_eq!(
            calendar.add_business_time(s, TimeDelta::hours(2)).unwrap(),
            e
        );
        assert_eq!(
            calendar
                .subtract_business_time(e, TimeDelta::hours(2))
                .unwrap(),
            s
        );
        assert_eq!(calendar.open_intervals(s, e).unwrap(), vec![(s, e)]);
        assert_eq!(calendar.next_close(s).unwrap(), None);
    }

    #[test]
    fn never_open_is_refused() {
        let err = Calendar::builder(Tz::UTC, WeekHours::closed())
            .build()
            .unwrap_err();
        assert_eq!(err.kind(), SlaErrorKind::NeverOpen);
    }

    #[test]
    fn out_of_range_instants_are_errors() {
        let calendar = Calendar::always_open();
        let far = utc(2300, 1, 1, 0, 0, 0);
        assert_eq!(
            calendar.is_open(far).unwrap_err().kind(),
            SlaErrorKind::OutOfRange
        );
        // A deadline after 2261 on a calendar still open then is out of range; a calendar
        // that never opens again has no deadline.
        let late = utc(2261, 12, 31, 0, 0, 0);
        let err = calendar
            .add_business_time(late, TimeDelta::days(3))
            .unwrap_err();
        assert_eq!(err.kind(), SlaErrorKind::OutOfRange);
        let err = calendar
            .subtract_business_time(utc(1678, 1, 1, 1, 0, 0), TimeDelta::hours(2))
            .unwrap_err();
        assert_eq!(err.kind(), SlaErrorKind::OutOfRange);
        let once = Calendar::builder(Tz::UTC, WeekHours::closed())
            .day(
                NaiveDate::from_ymd_opt(2025, 6, 2).unwrap(),
                DayRule::hours(vec![Shift::WHOLE_DAY], "the only day"),
            )
            .build()
            .unwrap();
        let after = utc(2025, 6, 3, 0, 0, 0);
        let err = once
            .add_business_time(after, TimeDelta::hours(1))
            .unwrap_err();
        assert_eq!(err.kind(), SlaErrorKind::NeverOpen);
        assert_eq!(once.next_open(after).unwrap(), None);
        let before = utc(2025, 6, 1, 0, 0, 0);
        let err = once
            .subtract_business_time(before, TimeDelta::zero())
            .unwrap_err();
        assert_eq!(err.kind(), SlaErrorKind::NeverOpen);
    }

    #[test]
    fn negative_durations_are_invalid_however_long() {
        let calendar = Calendar::always_open();
        let t = utc(2025, 1, 1, 0, 0, 0);
        for d in [TimeDelta::seconds(-1), TimeDelta::MIN] {
            let err = calendar.add_business_time(t, d).unwrap_err();
            assert_eq!(err.kind(), SlaErrorKind::InvalidValue);
            let err = calendar.subtract_business_time(t, d).unwrap_err();
            assert_eq!(err.kind(), SlaErrorKind::InvalidValue);
        }
        let err = calendar.add_business_time(t, TimeDelta::MAX).unwrap_err();
        assert_eq!(err.kind(), SlaErrorKind::OutOfRange);
    }

    #[test]
    fn business_time_over_centuries_does_not_overflow() {
        // More than 292 years of nanoseconds: beyond i64, within TimeDelta.
        let calendar = Calendar::always_open();
        let (s, e) = (utc(1678, 1, 1, 0, 0, 0), utc(2261, 12, 31, 23, 59, 59));
        assert_eq!(calendar.business_duration(s, e).unwrap(), e - s);
        let (s, e) = (utc(1800, 1, 1, 0, 0, 0), utc(2200, 1, 1, 0, 0, 0));
        assert_eq!(calendar.business_duration(s, e).unwrap(), e - s);
    }
}

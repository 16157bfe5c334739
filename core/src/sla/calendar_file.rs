//! The TOML form of a [`Calendar`] (see the [module docs](super#calendar-files)), and holiday
//! files.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use chrono::{NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use super::calendar::{Calendar, CalendarBuilder, DayRule};
use super::error::{SlaError, SlaErrorKind, invalid};
use super::hours::{Shift, WeekHours, check_day};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    name: Option<String>,
    zone: Spanned<String>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
    working_day_hours: Option<Spanned<toml::Value>>,
    #[serde(default)]
    hours: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    day: Vec<RawDay>,
    #[serde(default)]
    change: Vec<RawChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: Spanned<toml::Value>,
    status: Spanned<String>,
    hours: Option<Spanned<toml::Value>>,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    from: Spanned<toml::Value>,
    hours: BTreeMap<String, Spanned<toml::Value>>,
}

/// A holiday file: `country`, `years` and `source` describe it, `[[day]]` entries are read as
/// in a calendar.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHolidayFile {
    #[allow(dead_code)]
    country: Option<String>,
    #[allow(dead_code)]
    years: Option<Vec<i64>>,
    #[allow(dead_code)]
    source: Option<String>,
    #[serde(default)]
    day: Vec<RawDay>,
}

fn syntax(text: &str, e: toml::de::Error) -> SlaError {
    let err = SlaError::new(SlaErrorKind::Syntax, e.message().trim().to_owned());
    match e.span() {
        Some(span) => err.at_offset(text, span.start),
        None => err,
    }
}

/// An error placed at the start of a value's span.
fn located(text: &str, span: Range<usize>, err: SlaError) -> SlaError {
    err.at_offset(text, span.start)
}

/// Reads a value that is one interval list (`"09:00-13:00, 14:00-18:00"`) or an array of them.
fn shifts_of(text: &str, value: &Spanned<toml::Value>) -> Result<Vec<Shift>, SlaError> {
    let at = |e: SlaError| located(text, value.span(), e);
    let shifts = match value.get_ref() {
        toml::Value::String(s) => {
            Shift::parse_list(s).map_err(|e| invalid(format!("{s:?}: {}", e.reason())))
        }
        toml::Value::Array(items) => {
            let mut shifts = Vec::new();
            for item in items {
                let Some(s) = item.as_str() else {
                    return Err(at(invalid(
                        "hours are a string such as \"09:00-18:00\" or an array of them",
                    )));
                };
                shifts.extend(
                    Shift::parse_list(s).map_err(|e| invalid(format!("{s:?}: {}", e.reason())))?,
                );
            }
            check_day(&shifts).map(|()| shifts)
        }
        _ => Err(invalid(
            "hours are a string such as \"09:00-18:00\" or an array of them",
        )),
    };
    shifts.map_err(at)
}

fn date_of(text: &str, value: &Spanned<toml::Value>) -> Result<NaiveDate, SlaError> {
    let parsed = match value.get_ref() {
        toml::Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            })
        }
        _ => None,
    };
    parsed.ok_or_else(|| {
        located(
            text,
            value.span(),
            invalid(format!(
                "{} is not a date; write it as \"2025-01-01\"",
                value.get_ref()
            )),
        )
    })
}

/// Weekly hours from an `[hours]` table (layered by [`WeekHours::from_keys`]), with errors at
/// the value at fault.
fn week_of(
    text: &str,
    table: &BTreeMap<String, Spanned<toml::Value>>,
) -> Result<WeekHours, SlaError> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table {
        // An unknown key is reported at its value.
        WeekHours::from_keys([(key.as_str(), Vec::new())])
            .map_err(|e| located(text, value.span(), e))?;
        entries.push((key.as_str(), shifts_of(text, value)?));
    }
    WeekHours::from_keys(entries)
}

/// Applies `[[day]]` entries to a builder.
fn apply_days(
    text: &str,
    days: &[RawDay],
    mut builder: CalendarBuilder,
    working_day_hours: &dyn Fn(NaiveDate) -> Option<Vec<Shift>>,
) -> Result<CalendarBuilder, SlaError> {
    for day in days {
        let date = date_of(text, &day.date)?;
        let hours = day.hours.as_ref().map(|h| shifts_of(text, h)).transpose()?;
        let at = |e: SlaError| located(text, day.status.span(), e);
        let rule = match (day.status.get_ref().as_str(), hours) {
            ("day_off", None) => DayRule::closed(&day.name),
            ("day_off", Some(_)) => {
                return Err(at(invalid(format!(
                    "{date}: a day_off has no hours; use status = \"hours\" for special hours"
                ))));
            }
            ("hours", Some(shifts)) | ("working_day", Some(shifts)) => {
                DayRule::hours(shifts, &day.name)
            }
            ("hours", None) => {
                return Err(at(invalid(format!(
                    "{date}: status \"hours\" needs `hours`"
                ))));
            }
            ("working_day", None) => match working_day_hours(date) {
                Some(shifts) if !shifts.is_empty() => DayRule::hours(shifts, &day.name),
                _ => {
                    return Err(at(invalid(format!(
                        "{date}: a working_day needs hours: give `hours`, or `working_day_hours` \
                         in the calendar, or Monday hours"
                    ))));
                }
            },
            (other, _) => {
                return Err(at(invalid(format!(
                    "unknown status {other:?}; use \"day_off\", \"working_day\" or \"hours\""
                ))));
            }
        };
        builder = builder.day(date, rule);
    }
    Ok(builder)
}

/// How holiday files named by a calendar are found.
enum HolidaySource<'a> {
    /// `Calendar::from_toml`: no files can be read.
    None,
    /// `Calendar::from_path`: relative to this directory.
    Dir(&'a Path),
}

fn parse(text: &str, holidays: HolidaySource<'_>) -> Result<Calendar, SlaError> {
    let raw: RawCalendar = toml::from_str(text).map_err(|e| syntax(text, e))?;
    let zone = parse_zone(raw.zone.get_ref()).map_err(|e| located(text, raw.zone.span(), e))?;
    let week = week_of(text, &raw.hours)?;
    let mut builder = Calendar::builder(zone, week);
    if let Some(name) = &raw.name {
        builder = builder.name(name);
    }
    let mut changes = Vec::with_capacity(raw.change.len());
    for change in &raw.change {
        let from = date_of(text, &change.from)?;
        let week = week_of(text, &change.hours)?;
        changes.push((from, week));
    }
    for (from, week) in &changes {
        builder = builder.change_from(*from, week.clone());
    }
    // In date order (file order for one date, the last wins as in the builder), for the
    // Monday hours of a working day below.
    changes.sort_by_key(|(from, _)| *from);
    let explicit = raw
        .working_day_hours
        .as_ref()
        .map(|h| shifts_of(text, h))
        .transpose()?;
    let base_monday = builder_monday(&builder);
    let working_day_hours = |date: NaiveDate| -> Option<Vec<Shift>> {
        if let Some(hours) = &explicit {
            return Some(hours.clone());
        }
        // Monday's hours of the weekly hours in force on that date.
        let mut monday = base_monday.clone();
        for (from, week) in &changes {
            if *from <= date {
                monday = week.day(Weekday::Mon).to_vec();
            }
        }
        Some(monday)
    };
    for file in &raw.holidays {
        let dir = match holidays {
            HolidaySource::Dir(dir) => dir,
            HolidaySource::None => {
                return Err(located(
                    text,
                    file.span(),
                    invalid(
                        "holiday files are read only by Calendar::from_path (relative to the calendar file)",
                    ),
                ));
            }
        };
        let path = dir.join(file.get_ref());
        let content = std::fs::read_to_string(&path).map_err(|e| {
            located(
                text,
                file.span(),
                SlaError::new(
                    SlaErrorKind::Io,
                    format!("cannot read holiday file {}: {e}", path.display()),
                ),
            )
        })?;
        let in_file = |e: SlaError| e.in_file(path.display().to_string());
        let raw_file: RawHolidayFile =
            toml::from_str(&content).map_err(|e| in_file(syntax(&content, e)))?;
        builder =
            apply_days(&content, &raw_file.day, builder, &working_day_hours).map_err(in_file)?;
    }
    builder = apply_days(text, &raw.day, builder, &working_day_hours)?;
    builder.build()
}

/// An IANA time zone by name, or an [`SlaErrorKind::UnknownZone`] error.
///
/// ```
/// assert_eq!(otklik::sla::parse_zone("Europe/Kyiv")?, chrono_tz::Europe::Kyiv);
/// assert!(otklik::sla::parse_zone("Europe/Kiyv").is_err());
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn parse_zone(name: &str) -> Result<Tz, SlaError> {
    name.parse().map_err(|_| {
        SlaError::new(
            SlaErrorKind::UnknownZone,
            format!("{name:?} is not an IANA time zone (such as \"Europe/Kyiv\" or \"UTC\")"),
        )
    })
}

fn builder_monday(builder: &CalendarBuilder) -> Vec<Shift> {
    builder.base_week().day(Weekday::Mon).to_vec()
}

impl Calendar {
    /// Reads a calendar from its TOML form (see the [module docs](super#calendar-files)).
    /// Errors name the line and column. Holiday files cannot be named here; use
    /// [`Calendar::from_path`].
    ///
    /// ```
    /// use otklik::sla::Calendar;
    /// let calendar = Calendar::from_toml(r#"
    /// zone = "Europe/Moscow"
    /// [hours]
    /// weekdays = ["09:00-13:00", "14:00-18:00"]
    /// [[day]]
    /// date = "2025-11-01"
    /// status = "working_day"
    /// name = "Рабочая суббота"
    /// "#)?;
    /// let saturday = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    /// assert_eq!(calendar.hours_on(saturday).len(), 2); // Monday's hours
    /// # Ok::<(), otklik::sla::SlaError>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Calendar, SlaError> {
        parse(text, HolidaySource::None)
    }

    /// Reads a calendar file; the holiday files it names are read relative to its directory.
    /// Errors name the file, line and column.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Calendar, SlaError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            SlaError::new(SlaErrorKind::Io, format!("cannot read calendar file: {e}"))
                .in_file(&file)
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        parse(&text, HolidaySource::Dir(dir)).map_err(|e| e.in_file(&file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SlaError {
        Calendar::from_toml(text).unwrap_err()
    }

    #[test]
    fn errors_name_the_place() {
        let e = err("zone = \"Europe/Kiev2\"\n");
        assert_eq!(
            (e.kind(), e.line(), e.column()),
            (SlaErrorKind::UnknownZone, Some(1), Some(8))
        );
        let e = err("zone = \"UTC\"\n[hours]\nmonday = \"09:00-18:00\"\n");
        assert_eq!((e.line(), e.column()), (Some(3), Some(10)));
        assert!(e.reason().starts_with("unknown day `monday`"), "{e}");
        let e = err("zone = \"UTC\"\n[hours]\nmon = [\"09:00-13:00\", \"12:00-18:00\"]\n");
        assert_eq!(e.reason(), "intervals 09:00-13:00 and 12:00-18:00 overlap");
        assert_eq!(e.line(), Some(3));
        let e = err("zone = \"UTC\"\nzone2 = 1\n");
        assert_eq!((e.kind(), e.line()), (SlaErrorKind::Syntax, Some(2)));
        let e = err(
            "zone = \"UTC\"\n[hours]\ndaily = \"09:00-18:00\"\n[[day]]\ndate = \"2025-02-30\"\nstatus = \"day_off\"\n",
        );
        assert_eq!((e.line(), e.column()), (Some(5), Some(8)));
        let e = err(
            "zone = \"UTC\"\n[hours]\ndaily = \"09:00-18:00\"\n[[day]]\ndate = 2025-02-03\nstatus = \"holiday\"\n",
        );
        assert_eq!(e.line(), Some(6));
        let e = err("zone = \"UTC\"\nholidays = [\"ru.toml\"]\n[hours]\ndaily = \"09:00-18:00\"\n");
        assert_eq!(e.line(), Some(2));
        let e = err("zone = \"UTC\"\n");
        assert_eq!(e.kind(), SlaErrorKind::NeverOpen);
    }

    #[test]
    fn a_working_day_takes_the_monday_hours_in_force_whatever_the_order_of_changes() {
        let c = Calendar::from_toml(
            "zone = \"UTC\"\n[hours]\nweekdays = \"09:00-18:00\"\n\
             [[change]]\nfrom = \"2027-01-01\"\nhours = { weekdays = \"07:00-15:00\" }\n\
             [[change]]\nfrom = \"2026-01-01\"\nhours = { weekdays = \"08:00-20:00\" }\n\
             [[day]]\ndate = \"2027-01-09\"\nstatus = \"working_day\"\n\
             [[day]]\ndate = \"2026-01-10\"\nstatus = \"working_day\"\n\
             [[day]]\ndate = \"2025-01-11\"\nstatus = \"working_day\"\n",
        )
        .unwrap();
        let hours = |y, m, d| {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            c.hours_on(date)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(hours(2027, 1, 9), ["07:00-15:00"]);
        assert_eq!(hours(2026, 1, 10), ["08:00-20:00"]);
        assert_eq!(hours(2025, 1, 11), ["09:00-18:00"]);
    }

    #[test]
    fn layers_of_hours() {
        let c = Calendar::from_toml(
            "zone = \"UTC\"\n[hours]\ndaily = \"10:00-12:00\"\nweekdays = \"09:00-18:00\"\nfri = \"09:00-16:00\"\n",
        )
        .unwrap();
        let d = |day| {
            c.week_on(NaiveDate::MIN)
                .day(day)
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(d(Weekday::Mon), ["09:00-18:00"]);
        assert_eq!(d(Weekday::Fri), ["09:00-16:00"]);
        assert_eq!(d(Weekday::Sun), ["10:00-12:00"]);
    }
}

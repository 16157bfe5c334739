//! SLA clocks: business calendars, reply-time policies, event-driven clocks and service-level
//! reports.
//!
//! # Calendar files
//!
//! See [`Calendar::from_toml`].

mod calendar;
mod calendar_file;
mod error;
mod hours;
mod timeline;

pub use calendar::{Calendar, CalendarBuilder, DayRule};
pub use error::{SlaError, SlaErrorKind};
pub use hours::{Shift, TimeOfDay, WeekHours};

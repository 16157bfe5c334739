//! SLA clocks: business calendars, reply-time policies, event-driven clocks and service-level
//! reports.
//!
//! # Calendar files
//!
//! See [`Calendar::from_toml`].

mod calendar;
mod calendar_file;
mod clock;
mod duration;
mod error;
mod hours;
mod policy;
mod queue;
mod report;
mod stats;
mod threads;
mod timeline;

pub use calendar::{Calendar, CalendarBuilder, DayRule, OpenInterval};
pub use clock::{Clock, ClockStatus, Event, EventKind, MetricState, MetricStatus};
pub use duration::{format_duration, parse_duration};
pub use error::{SlaError, SlaErrorKind};
pub use hours::{Shift, TimeOfDay, WeekHours};
pub use policy::{Metric, Policy, Selection, Subject, Target};
pub use queue::{QueueEntry, live_queue};
pub use report::{
    AbandonedAs, Comparison, GroupBy, OpenLateAs, REPORT_PERCENTILES, Report, ReportItem,
    ReportRow, ServiceLevel,
};
pub use stats::{PercentileMethod, median, percentile};
pub use threads::{Conversation, conversations};

//! SLA clocks: business calendars, reply-time policies, event-driven clocks, service-level
//! reports and the live queue.
//!
//! The pieces, in the order a desk uses them:
//!
//! 1. A [`Calendar`] says when the desk is open: weekly hours in an IANA zone (several intervals
//!    a day, night shifts), date rules (holidays, special hours, transferred working days, read
//!    from holiday files such as `examples/holidays/ru.toml`), and new hours from a date on. It
//!    answers [`Calendar::is_open`], [`Calendar::next_open`], [`Calendar::next_close`],
//!    [`Calendar::business_duration`], [`Calendar::add_business_time`] (the deadline) and
//!    [`Calendar::subtract_business_time`], exact to the nanosecond of the input instants.
//! 2. A [`Policy`] holds [`Target`]s: a [`Metric`] (first reply, next reply, resolution), a limit,
//!    a calendar, a warning fraction, and conditions on platform, kind, tag and priority. For each
//!    metric the first target in written order whose conditions hold applies.
//! 3. A [`Clock`] is fed one conversation's [`Event`]s in time order and reports at any instant,
//!    per metric, a [`MetricStatus`]: state, business time used, time left, deadline, breach.
//!    [`conversations`] builds the events from threads of mentions (the bank's own replies are
//!    the agent replies).
//! 4. A [`Report`] pools [`ReportItem`]s by month, week, day, platform, kind, agent, tag, queue:
//!    counts, service level under a stated [`ServiceLevel`] convention, mean, median and
//!    percentiles of reply time. [`live_queue`] sorts open clocks for an agent screen.
//!    [`thread_times`] gives one row per conversation (first reply and resolution, counted
//!    under a convention) for engines that aggregate themselves, such as Spark.
//!
//! # Decisions where peer systems disagree
//!
//! - Business time is absolute seconds inside wall-clock opening hours: an autumn day open around
//!   the clock counts 25 hours (working_hours counts 24).
//! - A night shift belongs to the day it starts on; `24:00` ends a day.
//! - A local opening time in a spring-forward gap moves forward by the gap; an ambiguous one in
//!   the fall-back fold is its first occurrence (as Zendesk's `biz`).
//! - A deadline that uses up exactly the rest of a day is the closing time, not the next opening
//!   (Zendesk's `biz` and pandas answer the next opening). A target is breached once `now` is
//!   after the deadline: a reply at the deadline meets it.
//! - An `end` before `start` is an error, not a negative or zero duration.
//! - Calendars that change keep their old hours for the days before the change (Zendesk
//!   recomputes everything with the latest schedule).
//! - Holidays are data, never built-in rules.
//! - The service level pools counts (`met / (met + missed)`); how abandons, short abandons, the
//!   `<`/`<=` comparison and late open items count is part of the [`ServiceLevel`] value and is
//!   printed under every table.
//!
//! # Calendar files
//!
//! ```toml
//! name = "Zorya care desk"
//! zone = "Europe/Kyiv"
//! holidays = ["../holidays/ua.toml"]   # read by Calendar::from_path, relative to this file
//! working_day_hours = "09:00-18:00"    # hours of a `working_day` that gives none (else Monday's)
//!
//! [hours]                              # daily, then weekdays / weekend, then mon ... sun
//! weekdays = ["09:00-13:00", "14:00-18:00"]
//! sat = "10:00-14:00"
//!
//! [[day]]                              # status: day_off | working_day | hours
//! date = "2025-12-31"
//! status = "hours"
//! hours = "09:00-16:00"
//! name = "New Year's Eve"
//!
//! [[change]]                           # new weekly hours from a date on
//! from = "2026-01-01"
//! hours = { weekdays = "08:00-20:00" }
//! ```
//!
//! A holiday file has the same `[[day]]` entries, plus `country`, `years` and `source`.
//!
//! # Policy files
//!
//! ```toml
//! [calendars]
//! office = "office.toml"               # a calendar file (Policy::from_path), or an inline table
//!
//! [[target]]
//! name = "fraud"                       # unique; reports group by it
//! metric = "first_reply"               # first_reply | next_reply | resolution
//! within = "15m"                       # s, m, h (a business day has no fixed length)
//! calendar = "24/7"                    # the default; "24/7" is built in
//! warn_at = 0.8                        # the default
//! priority = ["urgent"]                # conditions: platform, kind, tag, priority
//! ```
//!
//! # Example: from a thread to a breach
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use otklik::sla::{conversations, MetricState, Policy, Subject};
//! use otklik::{Kind, Mention, Platform};
//!
//! let policy = Policy::from_toml(
//!     "[[target]]\nname = \"comments\"\nmetric = \"first_reply\"\nwithin = \"10m\"\n",
//! )?;
//! let t0 = Utc.with_ymd_and_hms(2025, 6, 2, 12, 0, 0).unwrap();
//! let question = Mention::new("c1", Platform::Facebook, Kind::Comment, "Коли повернуть гроші?", t0);
//! let mut answer = Mention::new("c2", Platform::Facebook, Kind::Reply, "Вже перевіряємо", t0 + TimeDelta::minutes(12));
//! (answer.parent_id, answer.author_is_brand) = (Some("c1".into()), true);
//! let mentions = [question, answer];
//!
//! let conversation = &conversations(&mentions)[0];
//! let subject = Subject::of(&mentions[conversation.first_customer], None);
//! let clock = conversation.clock(policy.select(&subject))?;
//! let first = clock.status(t0 + TimeDelta::hours(1))?.first_reply.unwrap();
//! assert_eq!(first.state, MetricState::Breached);
//! assert_eq!(first.breached_at, Some(t0 + TimeDelta::minutes(10)));
//! # Ok::<(), otklik::sla::SlaError>(())
//! ```
//!
//! # Speed
//!
//! A calendar builds the open intervals of a UTC year once (about 65 µs) and caches them with
//! running sums, so a business duration is two binary searches: `benches/benches/sla.rs`
//! measures about 10 million `business_duration` calls and 1.3 million full clock evaluations a
//! second on one core.

mod calendar;
mod calendar_file;
mod clock;
mod duration;
mod error;
mod hours;
mod pipeline;
mod policy;
mod queue;
mod reply_times;
mod report;
mod stats;
mod thread_times;
mod threads;
mod timeline;

pub use calendar::{Calendar, CalendarBuilder, DayRule, OpenInterval};
pub use calendar_file::parse_zone;
pub use clock::{
    Clock, ClockStatus, Event, EventKind, MOVED_TO_PRIVATE, MetricState, MetricStatus,
};
pub use duration::{format_duration, parse_duration};
pub use error::{SlaError, SlaErrorKind};
pub use hours::{Shift, TimeOfDay, WeekHours};
pub use pipeline::{ClockBuilder, ConversationClock, clocks, report_items};
pub use policy::{Metric, Policy, Selection, Subject, Target};
pub use queue::{QueueEntry, live_queue};
pub use reply_times::service_level;
pub use report::{
    AbandonedAs, Comparison, GroupBy, OpenLateAs, Outcome, REPORT_PERCENTILES, Report,
    ReportBuilder, ReportItem, ReportRow, ServiceLevel,
};
pub use stats::{PercentileMethod, median, percentile};
pub use thread_times::{MetricTimes, ThreadTimes, ThreadTimesOptions, thread_times};
pub use threads::{Conversation, conversations};

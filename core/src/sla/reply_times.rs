//! The service level of bare reply times, without clocks.

use chrono::{DateTime, TimeDelta};

use super::clock::MetricState;
use super::error::{SlaError, invalid};
use super::policy::Metric;
use super::report::{Report, ReportItem, ReportRow, ServiceLevel};
use super::stats::PercentileMethod;

/// The service level and reply-time statistics of a list of reply times against one limit:
/// `Some(t)` is a reply after `t`, `None` a conversation not answered yet (open, so not counted
/// unless the convention counts open items past the limit; with no clock their lateness is
/// unknown, so they stay open). A negative reply time is an error that names its position.
///
/// ```
/// use chrono::TimeDelta;
/// use otklik::sla::{service_level, ServiceLevel};
///
/// let secs = |s| Some(TimeDelta::seconds(s));
/// let row = service_level(&[secs(30), secs(120), secs(121), None], TimeDelta::seconds(120),
///                         ServiceLevel::default(), Default::default())?;
/// assert_eq!((row.count, row.met, row.missed, row.open), (4, 2, 1, 1));
/// assert_eq!(row.service_level, Some(2.0 / 3.0));
/// assert!(service_level(&[secs(-1)], TimeDelta::seconds(120), ServiceLevel::default(), Default::default()).is_err());
/// # Ok::<(), otklik::sla::SlaError>(())
/// ```
pub fn service_level(
    reply_times: &[Option<TimeDelta>],
    limit: TimeDelta,
    convention: ServiceLevel,
    method: PercentileMethod,
) -> Result<ReportRow, SlaError> {
    if let Some(i) = reply_times
        .iter()
        .position(|t| t.is_some_and(|t| t < TimeDelta::zero()))
    {
        return Err(invalid(format!(
            "reply time at index {i} is negative ({} s)",
            reply_times[i].unwrap_or_default().num_seconds()
        )));
    }
    if limit <= TimeDelta::zero() {
        return Err(invalid("the limit must be above zero"));
    }
    let items: Vec<ReportItem> = reply_times
        .iter()
        .enumerate()
        .map(|(i, reply)| {
            let item = ReportItem::new(
                i.to_string(),
                Metric::FirstReply,
                limit,
                DateTime::UNIX_EPOCH,
            );
            match reply {
                Some(t) if *t <= limit => item.outcome(MetricState::Met, *t),
                Some(t) => item.outcome(MetricState::Breached, *t),
                None => item,
            }
        })
        .collect();
    Ok(Report::build(&items, &[], convention, method).total)
}

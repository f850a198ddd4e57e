//! The query that selects a window `[from, to)`: whole days in the documented form, or a
//! date-time range where the probe proved it.

use super::Paging;
use crate::api::Query;
use crate::api::query::CHANGED_FIELD;
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// The day after the last day touched by `[from, to)`.
pub(super) fn end_day(to: NaiveDateTime) -> NaiveDate {
    if to.time() == chrono::NaiveTime::MIN {
        to.date()
    } else {
        to.date() + Duration::days(1)
    }
}

/// `field=D,E` covering `[from, to)` in whole days; with a known inclusive end, `D,E-1`.
pub fn days_query(from: NaiveDateTime, to: NaiveDateTime, inclusive_end: bool) -> Query {
    let (d, mut e) = (from.date(), end_day(to));
    if inclusive_end {
        e = (e - Duration::days(1)).max(d);
    }
    Query::new().where_range_dates(CHANGED_FIELD, d, e)
}

/// The query selecting `[from, to)` in this paging mode (also used for counts).
pub fn window_query(paging: Paging, from: NaiveDateTime, to: NaiveDateTime) -> Query {
    match paging {
        Paging::Days { inclusive_end } => days_query(from, to, inclusive_end),
        Paging::Keyset => Query::new().where_between(CHANGED_FIELD, from, to),
    }
}

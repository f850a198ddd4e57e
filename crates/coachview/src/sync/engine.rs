//! The range "since last time", `SyncJob::since_last` and `estimate_requests`.

use super::cursor::window_query;
use super::job::SyncJob;
use super::plan::planning_budget;
use super::{SyncError, SyncOptions};
use crate::api::{ApiError, Client};
use crate::resource::Resource;
use crate::store::Store;
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// What a range will roughly cost, from one `Count=true` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Records the range holds (the server's count).
    pub records: u64,
    /// Requests the fetch would make.
    pub requests: u64,
}

/// The range "since last time": from the cursor's day minus the lookback, to the start of
/// the day after `today`. `None` before the first sync.
pub fn since_last_range(
    store: &Store,
    resource: Resource,
    opts: &SyncOptions,
    today: NaiveDate,
) -> Result<Option<(NaiveDateTime, NaiveDateTime)>, crate::store::StoreError> {
    let Some(cursor) = store.cursor(resource)? else {
        return Ok(None);
    };
    let from = (cursor.date() - Duration::days(opts.lookback_days.clamp(0, 36_500)))
        .and_time(chrono::NaiveTime::MIN);
    let to = (today.max(cursor.date()) + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
    Ok(Some((from, to)))
}

impl SyncJob {
    /// A sync from the stored cursor (minus the lookback) up to the end of `today`.
    pub fn since_last(
        client: &Client,
        store: &Store,
        resource: Resource,
        opts: SyncOptions,
        today: NaiveDate,
    ) -> Result<SyncJob, SyncError> {
        let range =
            since_last_range(store, resource, &opts, today).map_err(|source| SyncError::Store {
                source,
                report: Box::default(),
            })?;
        let Some((from, to)) = range else {
            return Err(SyncError::NoCursor(resource));
        };
        Ok(SyncJob::new(client, resource, from, to, opts))
    }
}

/// Roughly what syncing `[from, to)` costs: one count request now; the estimate counts pages
/// of `opts.page_size`, the planning counts and one spare request per window.
pub async fn estimate_requests(
    client: &Client,
    resource: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: &SyncOptions,
) -> Result<Estimate, ApiError> {
    let paging = SyncJob::new(client, resource, from, to, opts.clone()).paging();
    let records = client
        .count(resource, &window_query(paging, from, to))
        .await?;
    let pages = records.div_ceil(opts.page_size.max(1));
    let planning = if records > opts.safe_skip {
        planning_budget(records, opts)
    } else {
        0
    };
    // Each window may end on one empty page.
    Ok(Estimate {
        records,
        requests: 1 + planning * 3 + pages + 1,
    })
}

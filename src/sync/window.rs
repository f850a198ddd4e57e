//! Fetching one window by keyset paging on the change time (`>= t`, ascending, `skip` only over
//! records sharing the same time), committing each page to the store.

use super::plan::{Window, changed_between};
use super::{SyncOptions, SyncProgressInfo};
use crate::api::decode::{changed_at, record_id};
use crate::api::query::{CHANGED_FIELD, CHANGED_ORDER_FIELD};
use crate::api::{ApiError, ApiErrorKind, Client, Dir, Op, Query};
use crate::job::Cancel;
use crate::resource::Resource;
use crate::store::{Store, StoreError};
use chrono::{Duration, NaiveDateTime, SubsecRound};
use std::collections::HashSet;

/// Shared state of one sync run.
pub struct Run<'a> {
    pub client: &'a Client,
    pub store: &'a mut Store,
    pub resource: Resource,
    pub opts: &'a SyncOptions,
    pub progress: &'a mut (dyn FnMut(&SyncProgressInfo<'_>) + Send),
    pub cancel: &'a Cancel,
    pub requests_at_start: u64,
    pub windows_done: u64,
    pub windows_total: u64,
    /// Distinct ids fetched in this run.
    pub seen: HashSet<String>,
    pub issues: u64,
}

/// What a complete window gave.
pub struct WindowDone {
    pub ids: HashSet<String>,
    pub latest: Option<NaiveDateTime>,
}

/// Why a window stopped; `at` is the change time from which records are missing.
pub enum WindowStop {
    Api(ApiError, NaiveDateTime),
    Store(StoreError, NaiveDateTime),
    Cancelled(NaiveDateTime),
    TooManyTies(NaiveDateTime),
}

impl Run<'_> {
    fn report_progress(&mut self, batch: &[serde_json::Value]) {
        let info = SyncProgressInfo {
            windows_done: self.windows_done,
            windows_total: self.windows_total,
            records: self.seen.len() as u64,
            requests: self.client.requests_sent() - self.requests_at_start,
            requests_left: self.client.rate_limit().remaining,
            batch,
        };
        (self.progress)(&info);
    }

    /// Fetches every record changed in the window.
    pub async fn fetch_window(&mut self, w: &Window) -> Result<WindowDone, WindowStop> {
        let mut done = WindowDone {
            ids: HashSet::new(),
            latest: None,
        };
        let mut t = w.from;
        let mut ties: u64 = 0;
        let mut end = w.to;
        let mut split_at: Option<(NaiveDateTime, u64)> = None;
        loop {
            if self.cancel.is_cancelled() {
                return Err(WindowStop::Cancelled(t));
            }
            let base = if t == w.from && ties == 0 {
                changed_between(t, end)
            } else {
                Query::new()
                    .where_datetime(CHANGED_FIELD, Op::Ge, t)
                    .where_datetime(CHANGED_FIELD, Op::Lt, end)
            };
            let q = base
                .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
                .skip(ties)
                .take(self.opts.page_size)
                .count(true);
            let page = match self.client.list(self.resource, &q).await {
                Ok(p) => p,
                Err(e) if e.kind == (ApiErrorKind::Server { status: 500 }) => {
                    // A 500 is not retried as such: the range is narrowed once at this position.
                    let mid = (t + (end - t) / 2).trunc_subsecs(3);
                    if split_at == Some((t, ties)) || mid <= t || end - t < Duration::seconds(2) {
                        return Err(WindowStop::Api(e, t));
                    }
                    tracing::warn!("500 at {t}: narrowing the window once");
                    split_at = Some((t, ties));
                    end = mid;
                    continue;
                }
                Err(e) => return Err(WindowStop::Api(e, t)),
            };
            self.issues += page.issues.len() as u64;
            if let Some(problem) = out_of_order(&page.records, t, end) {
                // Keyset paging is only gap-free when the server filters and sorts as asked.
                let path = self.client.list_url(self.resource, &q);
                let kind = ApiErrorKind::Decode {
                    path: "orderby".into(),
                    snippet: problem,
                };
                return Err(WindowStop::Api(
                    ApiError::new(kind, Some(200), "GET", &path, ""),
                    t,
                ));
            }
            let n = page.records.len() as u64;
            self.store
                .upsert_records(self.resource, &page.records)
                .map_err(|e| WindowStop::Store(e, t))?;
            for r in &page.records {
                if let Some(id) = record_id(r) {
                    done.ids.insert(id.clone());
                    self.seen.insert(id);
                }
                if let Some(c) = changed_at(r) {
                    done.latest = done.latest.max(Some(c));
                }
            }
            self.report_progress(&page.records);
            let finished = match page.row_count {
                Some(rc) => ties + n >= rc,
                None => n == 0,
            };
            if finished {
                if end < w.to {
                    (t, ties, end) = (end, 0, w.to);
                    continue;
                }
                return Ok(done);
            }
            if n == 0 {
                let e = ApiError::new(
                    ApiErrorKind::Decode {
                        path: "RowCount".into(),
                        snippet: format!("empty page although RowCount={:?}", page.row_count),
                    },
                    Some(200),
                    "GET",
                    &self.client.list_url(self.resource, &q),
                    "",
                );
                return Err(WindowStop::Api(e, t));
            }
            let last = page.records.iter().filter_map(changed_at).max();
            match last {
                Some(lt) if lt > t => {
                    ties = page
                        .records
                        .iter()
                        .filter(|r| changed_at(r) == Some(lt))
                        .count() as u64;
                    t = lt;
                }
                _ => ties += n,
            }
            if ties > self.opts.safe_skip {
                return Err(WindowStop::TooManyTies(t));
            }
            end = w.to;
        }
    }
}

/// Why a page cannot be used for keyset paging: a change time outside `[t, end)` or out of
/// ascending order. Records without a readable change time are tolerated (reported elsewhere).
pub fn out_of_order(
    records: &[serde_json::Value],
    t: NaiveDateTime,
    end: NaiveDateTime,
) -> Option<String> {
    let mut prev = t;
    for (i, c) in records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| changed_at(r).map(|c| (i, c)))
    {
        if c < prev || c >= end {
            return Some(format!(
                "record [{i}] changed at {c} breaks the ascending order from {t} to {end}"
            ));
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rec(t: &str) -> serde_json::Value {
        json!({"id": t, "auditTrail": {"gewijzigdDatumTijd": t}})
    }

    #[test]
    fn pages_must_be_sorted_and_inside_the_range() {
        let p = |s: &str| crate::api::decode::parse_datetime(s).unwrap();
        let (t, end) = (p("2024-01-01T00:00:00"), p("2024-01-02T00:00:00"));
        let sorted = [
            rec("2024-01-01T01:00:00"),
            json!({"id": "x"}),
            rec("2024-01-01T01:00:00.5"),
        ];
        assert_eq!(out_of_order(&sorted, t, end), None);
        let unsorted = [rec("2024-01-01T02:00:00"), rec("2024-01-01T01:00:00")];
        assert!(out_of_order(&unsorted, t, end).unwrap().contains("[1]"));
        assert!(out_of_order(&[rec("2024-01-02T00:00:00")], t, end).is_some());
        assert!(out_of_order(&[rec("2023-12-31T23:59:59")], t, end).is_some());
    }
}

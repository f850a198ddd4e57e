//! `sync_range`, `sync_since_last` and `estimate_requests`: plan, fetch windows in time order,
//! prune and move the cursor after each committed window.

use super::plan::{Window, plan_windows, planning_budget};
use super::window::{Run, WindowStop};
use super::{SyncError, SyncOptions, SyncProgressInfo, SyncReport};
use crate::api::{ApiError, Client};
use crate::job::Cancel;
use crate::resource::Resource;
use crate::store::Store;
use chrono::{Duration, Local, NaiveDate, NaiveDateTime, Utc};
use std::collections::HashSet;
use std::time::Instant;

/// What a range will roughly cost, from one `Count=true` request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    pub records: u64,
    pub requests: u64,
}

fn show(t: NaiveDateTime) -> String {
    t.format("%d-%m-%Y %H:%M").to_string()
}

fn missing_text(from: NaiveDateTime, to: NaiveDateTime) -> String {
    format!(
        "records changed from {} up to {} were not fetched",
        show(from),
        show(to)
    )
}

/// Fetches every record of `resource` changed in `[from, to)` into `store`.
///
/// Cancelling returns `Ok` with `complete: false` and `missing` set; a failure returns
/// `SyncError` with the partial report. Everything fetched before either stays in the store.
#[allow(clippy::too_many_arguments)] // the shared signature: a worker passes each piece separately
pub async fn sync_range(
    client: &Client,
    store: &mut Store,
    resource: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: &SyncOptions,
    progress: &mut (dyn FnMut(&SyncProgressInfo<'_>) + Send),
    cancel: &Cancel,
) -> Result<SyncReport, SyncError> {
    if to <= from {
        return Err(SyncError::EmptyRange);
    }
    let started = Instant::now();
    let mut run = Run {
        client,
        store,
        resource,
        opts,
        progress,
        cancel,
        requests_at_start: client.requests_sent(),
        windows_done: 0,
        windows_total: 0,
        seen: HashSet::new(),
        issues: 0,
    };
    let mut report = SyncReport::default();
    let finish = |run: &Run<'_>, report: &mut SyncReport| {
        report.records = run.seen.len() as u64;
        report.requests = run.client.requests_sent() - run.requests_at_start;
        report.issues = run.issues;
        report.seconds = started.elapsed().as_secs_f64();
    };
    let windows: Vec<Window> = match plan_windows(client, resource, from, to, opts).await {
        Ok(w) => w,
        Err(error) => {
            finish(&run, &mut report);
            report.missing = Some(missing_text(from, to));
            return Err(SyncError::Api {
                error,
                report: Box::new(report),
            });
        }
    };
    run.windows_total = windows.len() as u64;
    report.windows = run.windows_total;
    run.report_start();
    for w in &windows {
        let outcome = if w.is_known_empty() {
            Ok(super::window::WindowDone {
                ids: HashSet::new(),
                latest: None,
            })
        } else {
            run.fetch_window(w).await
        };
        let stop_at = match outcome {
            Ok(done) => {
                let committed =
                    run.store
                        .prune(resource, w.from, w.to, &done.ids)
                        .and_then(|removed| {
                            report.removed += removed as u64;
                            run.store.commit_window(resource, done.latest, Utc::now())
                        });
                if let Err(source) = committed {
                    finish(&run, &mut report);
                    report.missing = Some(missing_text(w.from, to));
                    return Err(SyncError::Store {
                        source,
                        report: Box::new(report),
                    });
                }
                run.windows_done += 1;
                run.report_start();
                continue;
            }
            Err(stop) => stop,
        };
        finish(&run, &mut report);
        return match stop_at {
            WindowStop::Cancelled(at) => {
                report.missing = Some(missing_text(at, to));
                Ok(report)
            }
            WindowStop::Api(error, at) => {
                report.missing = Some(missing_text(at, to));
                Err(SyncError::Api {
                    error,
                    report: Box::new(report),
                })
            }
            WindowStop::Store(source, at) => {
                report.missing = Some(missing_text(at, to));
                Err(SyncError::Store {
                    source,
                    report: Box::new(report),
                })
            }
            WindowStop::TooManyTies(at) => {
                report.missing = Some(missing_text(at, to));
                Err(SyncError::TooManyTies {
                    at: show(at),
                    limit: opts.safe_skip,
                    report: Box::new(report),
                })
            }
        };
    }
    finish(&run, &mut report);
    report.complete = true;
    Ok(report)
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
    let from = (cursor.date() - Duration::days(opts.lookback_days.max(0)))
        .and_time(chrono::NaiveTime::MIN);
    let to = (today.max(cursor.date()) + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
    Ok(Some((from, to)))
}

/// Syncs from the stored cursor (minus the lookback) up to the end of today.
pub async fn sync_since_last(
    client: &Client,
    store: &mut Store,
    resource: Resource,
    opts: &SyncOptions,
    progress: &mut (dyn FnMut(&SyncProgressInfo<'_>) + Send),
    cancel: &Cancel,
) -> Result<SyncReport, SyncError> {
    let range =
        since_last_range(store, resource, opts, Local::now().date_naive()).map_err(|source| {
            SyncError::Store {
                source,
                report: Box::default(),
            }
        })?;
    let Some((from, to)) = range else {
        return Err(SyncError::NoCursor(resource));
    };
    sync_range(client, store, resource, from, to, opts, progress, cancel).await
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
    let records = client
        .count(resource, &super::plan::changed_between(from, to))
        .await?;
    let pages = records.div_ceil(opts.page_size.max(1));
    let planning = if records > opts.safe_skip {
        planning_budget(records, opts)
    } else {
        0
    };
    Ok(Estimate {
        records,
        requests: 1 + planning * 2 + pages.max(1),
    })
}

impl Run<'_> {
    fn report_start(&mut self) {
        let info = SyncProgressInfo {
            windows_done: self.windows_done,
            windows_total: self.windows_total,
            records: self.seen.len() as u64,
            requests: self.client.requests_sent() - self.requests_at_start,
            requests_left: self.client.rate_limit().remaining,
            batch: &[],
        };
        (self.progress)(&info);
    }
}

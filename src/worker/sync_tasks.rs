//! Syncing a range: its estimated cost and the fetch into the store.

use super::channels::progress;
use super::connection::Connection;
use super::{Event, EventSender, FetchRange, FetchSummary, RequestId};
use crate::cancel::Cancel;
use crate::i18n::Text;
use crate::resource::Resource;
use crate::session::Span;
use crate::sync::{self, SyncOptions};
use chrono::{NaiveDate, NaiveTime};

/// The estimated cost of fetching [from, to).
pub(super) async fn estimate(
    conn: &Connection,
    req: RequestId,
    resource: Resource,
    from: NaiveDate,
    to: NaiveDate,
    events: &EventSender,
) {
    let from = from.and_time(NaiveTime::MIN);
    let to = to.and_time(NaiveTime::MIN);
    match conn.estimate(resource, from, to).await {
        Ok(estimate) => events.send(Event::Estimate {
            req,
            records: estimate.records,
            requests: estimate.requests,
        }),
        Err(e) => events.fail(req, e),
    }
}

/// What a fetch asks: the resource and the range.
pub(super) struct FetchJob {
    pub resource: Resource,
    pub range: FetchRange,
    /// Requests in flight at most ([`SyncOptions::parallel`]).
    pub parallel: usize,
}

pub(super) async fn fetch(
    conn: &Connection,
    req: RequestId,
    job: FetchJob,
    events: &EventSender,
    cancel: &Cancel,
) {
    let FetchJob {
        resource,
        range,
        parallel,
    } = job;
    let mut store = match conn.folder().open_store() {
        Ok(store) => store,
        Err(e) => {
            let missing = Text::plain(&e);
            events.fail(req, e);
            return events.send(Event::FetchDone {
                req,
                summary: partial(0, 0, 0, missing),
            });
        }
    };
    let opts = SyncOptions {
        parallel,
        ..SyncOptions::default()
    };
    // The rows shown as they arrive carry what changed and the names known, like stored rows
    // loaded later, so the table takes them as they come (no reload of the range).
    let shown = super::fetched_rows::Annotator::open(conn.folder(), resource);
    let mut on_progress = |info: &sync::SyncProgressInfo| {
        if !info.batch.is_empty() {
            let mut records: Vec<serde_json::Value> =
                info.batch.iter().filter_map(|r| r.value()).collect();
            shown.annotate(&mut records, info.names);
            events.send(Event::Rows { req, records });
        }
        // A short wait after a 429 shows as a countdown in the job's label.
        let label = match info.waiting_until {
            Some(until) => {
                let secs = (until - conn.clock().now_utc()).num_seconds().max(0);
                Text::with("tenant.waiting", vec![("secs", Text::plain(secs))])
            }
            None if info.one_at_a_time => Text::key("sync.one_at_a_time"),
            None => Text::key("job.fetch"),
        };
        events.send(Event::Progress {
            req,
            // Before the plan (the first page's rows came first) the total is not known yet.
            progress: progress(
                label,
                info.windows_done,
                info.planned.then_some(info.windows_total),
            ),
        });
        events.send(conn.rate_event());
    };
    let span = match range {
        FetchRange::Days { from, to } => Span::Between {
            from: from.and_time(NaiveTime::MIN),
            to: to.and_time(NaiveTime::MIN),
        },
        FetchRange::SinceLastSync => Span::SinceLast {
            today: conn.clock().today(),
        },
    };
    let result = conn
        .fetch(&mut store, resource, span, opts, &mut on_progress, cancel)
        .await;
    match result {
        Ok(report) => {
            tracing::info!(
                "fetched {resource}: {} records, {} requests, {} windows, complete={}",
                report.records,
                report.requests,
                report.windows,
                report.complete
            );
            events.send(Event::FetchDone {
                req,
                summary: FetchSummary {
                    records: report.records,
                    requests: report.requests,
                    windows: report.windows,
                    complete: report.complete,
                    missing: report.missing.map(crate::sync::Missing::text),
                },
            });
        }
        Err(e) => {
            tracing::warn!("fetch of {resource} stopped: {e}");
            let report = e.report().cloned().unwrap_or_default();
            let missing = report
                .missing
                .map_or_else(|| Text::plain(&e), crate::sync::Missing::text);
            events.fail(req, e);
            events.send(Event::FetchDone {
                req,
                summary: partial(report.records, report.requests, report.windows, missing),
            });
        }
    }
}

/// A fetch summary for a job that stopped early.
fn partial(records: u64, requests: u64, windows: u64, missing: Text) -> FetchSummary {
    FetchSummary {
        records,
        requests,
        windows,
        complete: false,
        missing: Some(missing),
    }
}

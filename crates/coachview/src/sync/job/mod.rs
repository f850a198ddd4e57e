//! `SyncJob`: plan the windows of a range, read each with a [`Cursor`], commit each window to the
//! store and move the cursor; downgrade to day windows when a date-time form is refused.

use super::cursor::{CursorStop, Paging};
use super::plan::{Window, plan_windows, split_point};
use super::{SyncError, SyncOptions, SyncProgressInfo, SyncReport};
use crate::api::{ApiError, ApiErrorKind, Client};
use crate::cancel::Cancel;
use crate::resource::Resource;
use crate::store::{Store, StoreError};
use chrono::{NaiveDateTime, NaiveTime};
use std::collections::{HashSet, VecDeque};
use std::time::{Duration, Instant};

/// Day-aligned splitting (a gap is narrowed to the day that holds it).
const DAYS: Paging = Paging::Days {
    inclusive_end: false,
};

/// Rows are written to the store (and shown) every [`SyncOptions::flush_rows`] rows, or after
/// this long.
const FLUSH_EVERY: Duration = Duration::from_millis(250);

/// One sync of `resource` over `[from, to)`.
#[derive(Debug, Clone)]
pub struct SyncJob {
    /// The connection (shared: its capabilities and rate limit are learned as the job runs).
    pub client: Client,
    /// What is fetched.
    pub resource: Resource,
    /// The first change time fetched (inclusive; as Coachview writes change times).
    pub from: NaiveDateTime,
    /// The end of the range (exclusive).
    pub to: NaiveDateTime,
    /// Paging, safe skip, look-back and write batch settings.
    pub opts: SyncOptions,
}

/// Why a window stopped; `at` is the change time from which records are missing.
enum Stop {
    Api(ApiError, NaiveDateTime),
    Store(StoreError, NaiveDateTime),
    Cancelled(NaiveDateTime),
    Cursor(CursorStop, NaiveDateTime),
    /// A date-time form was refused or not honoured: continue with day windows.
    Downgrade(String),
    /// A 500 (usually a timeout) on a day-range page: read the window in halves.
    Timeout(ApiError, NaiveDateTime),
}

/// The moving parts of one run.
struct Run<'a> {
    job: &'a SyncJob,
    store: &'a mut Store,
    progress: &'a mut (dyn FnMut(&SyncProgressInfo<'_>) + Send),
    cancel: &'a Cancel,
    started: Instant,
    requests_at_start: u64,
    bytes_at_start: u64,
    report: SyncReport,
    seen: HashSet<String>,
    /// Page sizes learned per resource and flag set (`capabilities::page_key`).
    page_sizes: std::collections::BTreeMap<String, u64>,
    windows_done: u64,
    /// A second connection to the store that writes rows on a blocking thread, while it is idle.
    writer: Option<Store>,
    /// The write in progress, which gives the connection back, and the change time from which
    /// records may be missing if it fails.
    writing: Option<(tokio::task::JoinHandle<write::Written>, NaiveDateTime)>,
    /// Writes waiting for the connection, in order, and their rows.
    queue: Vec<write::Queued>,
    queued_rows: usize,
    /// Names that came embedded with the rows not yet written.
    names: crate::record::names::EmbeddedNames,
    /// Whether this run asks for embedded relations (decided by cost when the windows are
    /// planned).
    embed_names: bool,
    /// The records the run expects in all: those read before the last plan and what its counts
    /// found in the windows left.
    expected: u64,
    /// Windows read ahead in parallel, and whether the run dropped to one request at a time.
    parallel: parallel::Parallel,
    /// The windows are planned.
    planned: bool,
    /// The store held records of the run's range when it started: committed windows prune
    /// (else nothing stored in the range can be missing from the windows that read it).
    prune: bool,
    /// The first page of the range, asked with the plan's count and shown at once; the first
    /// window takes it as its own first page where it is exactly that.
    first: Option<first_page::FirstPage>,
}

mod ahead;
mod first_page;
mod page_loop;
mod parallel;
mod prove;
mod report;
mod write;
use write::Commit;

/// Resources whose records carry computed fields (start dates, free seats) that Coachview
/// sends only with `InclusiefExtraVelden=true`.
pub fn wants_extra_fields(resource: Resource) -> bool {
    matches!(
        resource,
        Resource::Opleidingen | Resource::Opleidingsonderdelen | Resource::Opleidingssoorten
    )
}

impl SyncJob {
    /// A sync of `[from, to)`.
    pub fn new(
        client: &Client,
        resource: Resource,
        from: NaiveDateTime,
        to: NaiveDateTime,
        opts: SyncOptions,
    ) -> SyncJob {
        SyncJob {
            client: client.clone(),
            resource,
            from,
            to,
            opts,
        }
    }

    /// How windows are paged on this connection now.
    pub fn paging(&self) -> Paging {
        let caps = self.client.capabilities();
        if caps.datetime_filters == Some(true) {
            Paging::Keyset
        } else {
            Paging::Days {
                inclusive_end: caps.range_end_inclusive == Some(true),
            }
        }
    }

    /// Fetches every record changed in `[from, to)` into `store`. Cancelling returns `Ok` with
    /// `complete: false` and `missing` set; a failure returns `SyncError` with the partial report.
    /// Everything fetched before either stays in the store.
    pub async fn run(
        &self,
        store: &mut Store,
        progress: &mut (dyn FnMut(&SyncProgressInfo<'_>) + Send),
        cancel: &Cancel,
    ) -> Result<SyncReport, SyncError> {
        if self.to <= self.from {
            return Err(SyncError::EmptyRange);
        }
        // An index-only count; an error is taken as "there may be some".
        let prune = store
            .count_between(self.resource, self.from, self.to)
            .map_or(true, |n| n > 0);
        let mut run = Run {
            job: self,
            store,
            progress,
            cancel,
            started: crate::clock::Clock::system().instant(),
            requests_at_start: self.client.requests_sent(),
            bytes_at_start: self.client.bytes_received(),
            report: SyncReport::default(),
            seen: HashSet::new(),
            page_sizes: self.client.capabilities().page_sizes,
            windows_done: 0,
            writer: None,
            writing: None,
            queue: Vec::new(),
            queued_rows: 0,
            names: Vec::new(),
            embed_names: false,
            expected: 0,
            parallel: parallel::Parallel::new(self),
            planned: false,
            first: None,
            prune,
        };
        run.writer = run.background_writer();
        let mut paging = self.paging();
        let planned = match run.plan_with_first_page(paging).await {
            Ok(planned) => planned,
            Err(stop) => return Err(run.stop(stop).await),
        };
        let mut windows = match planned {
            Ok(w) => w,
            Err(e)
                if paging == Paging::Keyset
                    && matches!(e.kind, ApiErrorKind::BadRequest { .. }) =>
            {
                tracing::warn!(
                    "{}: date-time count refused; using day windows",
                    self.resource
                );
                self.client
                    .update_capabilities(|c| c.datetime_filters = Some(false));
                paging = self.paging();
                match run.plan(self.from, paging).await {
                    Ok(w) => w,
                    Err(e) => return Err(run.fail(Stop::Api(e, self.from))),
                }
            }
            Err(e) => return Err(run.fail(Stop::Api(e, self.from))),
        };
        if let Some(stop) = Run::absurd(&windows) {
            return Err(run.fail(stop));
        }
        run.report_progress(&[]);
        while let Some(w) = windows.pop_front() {
            run.prefetch_ahead(&w, &windows, paging);
            match run.window(&w, paging).await {
                Ok(()) => run.parallel.proven = Some(paging),
                Err(Stop::Downgrade(why)) => {
                    run.drop_prefetches();
                    tracing::warn!(
                        "{}: date-time filters refused or not honoured ({why}); continuing with day windows",
                        self.resource
                    );
                    self.client
                        .update_capabilities(|c| c.datetime_filters = Some(false));
                    paging = self.paging();
                    let from = w.from.date().and_time(NaiveTime::MIN);
                    windows = match run.plan(from, paging).await {
                        Ok(w) => w,
                        Err(e) => return Err(run.stop(Stop::Api(e, from)).await),
                    };
                    if let Some(stop) = Run::absurd(&windows) {
                        return Err(run.stop(stop).await);
                    }
                }
                Err(Stop::Timeout(_, _)) if split_point(paging, w.from, w.to).is_none() => {
                    // One day that keeps timing out, and no date-times to narrow it by.
                    tracing::warn!("{}: 500 on the day {}; stopping", self.resource, w.from);
                    let gap = super::Gap::ServerError {
                        days: super::Days::of(w.from, w.to),
                    };
                    return Err(run.stop(Stop::Cursor(CursorStop::Gap(gap), w.from)).await);
                }
                Err(Stop::Cursor(CursorStop::TooBusy { .. }, _) | Stop::Timeout(_, _))
                    if split_point(paging, w.from, w.to).is_some() =>
                {
                    // Planned too coarse (budget), or a 500 (usually a timeout) on a window of
                    // several days: read the two halves instead.
                    match run.halves(&w, paging, paging).await {
                        Ok([first, second]) => {
                            windows.push_front(second);
                            windows.push_front(first);
                            run.report.windows += 1;
                        }
                        Err(stop) => return Err(run.stop(stop).await),
                    }
                }
                Err(Stop::Cursor(CursorStop::Gap(super::Gap::Short { .. }), _))
                    if split_point(DAYS, w.from, w.to).is_some() =>
                {
                    // Records missing from a window of several days: narrow it (at a midnight)
                    // and read the halves, so the stop names the day that lacks them.
                    match run.halves(&w, paging, DAYS).await {
                        Ok([first, second]) => {
                            windows.push_front(second);
                            windows.push_front(first);
                            run.report.windows += 1;
                        }
                        Err(stop) => return Err(run.stop(stop).await),
                    }
                }
                Err(Stop::Cancelled(at)) => {
                    run.finish();
                    run.report.missing = Some(report::missing_text(at, self.to));
                    return Ok(std::mem::take(&mut run.report));
                }
                Err(stop) => return Err(run.stop(stop).await),
            }
        }
        let learned = std::mem::take(&mut run.page_sizes);
        self.client
            .update_capabilities(|c| c.page_sizes.extend(learned));
        if let Err(stop) = run.settle().await {
            return Err(run.fail(stop));
        }
        run.finish();
        run.report.complete = true;
        Ok(std::mem::take(&mut run.report))
    }
}

impl Run<'_> {
    async fn plan(
        &mut self,
        from: NaiveDateTime,
        paging: Paging,
    ) -> Result<VecDeque<Window>, ApiError> {
        let job = self.job;
        let w = plan_windows(&job.client, job.resource, from, job.to, &job.opts, paging).await?;
        Ok(self.planned(w))
    }

    /// Takes the planned windows: the run's window count, the records it expects, and whether
    /// names come embedded.
    fn planned(&mut self, w: Vec<Window>) -> VecDeque<Window> {
        let job = self.job;
        self.planned = true;
        self.report.windows = self.windows_done + w.len() as u64;
        let rows = w.iter().map(|w| w.expected).sum();
        // Rows read before the plan inside its range (the first page asked with it, a window
        // read before a downgrade) are in its counts already.
        let before = if self.windows_done == 0 {
            0
        } else {
            self.seen.len() as u64
        };
        self.expected = before.saturating_add(rows);
        self.embed_names = super::relations::embed_for(&job.client, job.resource, rows);
        w.into()
    }

    /// Reads one window and commits it (prune + cursor). Rows are written at least every
    /// [`SyncOptions::flush_rows`] rows or [`FLUSH_EVERY`], and always before the window ends or stops, so
    /// what arrived is kept.
    async fn window(&mut self, w: &Window, paging: Paging) -> Result<(), Stop> {
        let job = self.job;
        let mut cursor =
            parallel::window_cursor(job, &self.page_sizes, w, paging, self.embed_names);
        self.take_first_page(w, paging, &mut cursor);
        let mut pending = Vec::new();
        let read = if w.is_known_empty() {
            Ok(())
        } else {
            match self.read(w, paging, &mut cursor, &mut pending).await {
                Ok(()) => self.prove(w, paging, &mut cursor, &mut pending).await,
                Err(stop) => Err(stop),
            }
        };
        if let Err(stop) = read {
            // What arrived is kept; the window is not committed.
            self.flush(&mut pending, w.from, None).await?;
            self.settle().await?;
            return Err(stop);
        }
        // The last rows, the prune and the cursor go to the store in order; on a multi-threaded
        // runtime while the next window downloads.
        let commit = Commit {
            from: w.from,
            to: w.to,
            ids: std::mem::take(&mut cursor.ids),
            latest: cursor.latest,
            prune: self.prune,
        };
        self.flush(&mut pending, w.from, Some(commit)).await?;
        self.windows_done += 1;
        self.report_progress(&[]);
        Ok(())
    }
}

//! Bounded parallel windows (issue 22). The main loop stays the only place that decides, proves
//! and commits, window after window. For the next `parallel − 1` planned windows a *prefetcher*
//! runs a clone of the cursor the main loop would build ([`window_cursor`]) and reads their pages
//! ahead into a bounded buffer; when the main loop reaches such a window it takes the answer for
//! exactly its query from the buffer (like `Ahead` does for one page) and otherwise sends its
//! own. A prefetcher stops at its first non-2xx answer or surprise (a stop of its cursor, or the
//! connection's capabilities changed under it). Prefetching starts once a window was committed
//! with the current paging (the first window proves the flags and the paging), and a re-plan
//! drops the prefetches that no longer match a planned window.
//!
//! Politeness: a busy answer (429, also one waited out in place; 502–504), a 5xx reaching the
//! job, or an answer slower than [`super::SyncOptions::slow_answer`] drops the run to one request
//! at a time (what was already buffered is still used); busy and slow answers are remembered in
//! the connection's capabilities, so the next sync starts at one.

use super::{Run, SyncJob};
use crate::api::client::RawPage;
use crate::api::{Client, Query};
use crate::resource::Resource;
use crate::sync::Window;
use crate::sync::cursor::{Cursor, Next, PageSize, Paging};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The cursor the main loop reads `w` with: paging, desc, flags and the page size known for its
/// key. Prefetchers build theirs here too, so both ask the same queries.
pub(super) fn window_cursor(
    job: &SyncJob,
    page_sizes: &BTreeMap<String, u64>,
    w: &Window,
    paging: Paging,
    embed_names: bool,
) -> Cursor {
    let mut cursor = Cursor::new(
        w.from,
        w.to,
        paging,
        PageSize::new(job.opts.page_size, None),
        Some(w.expected),
        job.opts.safe_skip,
    )
    .with_counted(w.counted);
    let caps = job.client.capabilities();
    cursor = cursor.with_desc(caps.desc_order == Some(true));
    // Computed fields: asked unless this tenant refused the flag (a 400 drops it below).
    if super::wants_extra_fields(job.resource) && caps.extra_fields != Some(false) {
        cursor = cursor.with_flag(crate::api::probe::EXTRA_FLAG);
    }
    cursor = super::super::relations::ask_relations(cursor, embed_names);
    // The page size known for this resource with these flags (never another's).
    let known = page_sizes.get(&cursor.page_key(job.resource)).copied();
    cursor.size = PageSize::new(job.opts.page_size, known);
    cursor
}

/// What of the connection's capabilities shapes a window's queries: a prefetcher stops when it
/// changes under it.
fn shape(client: &Client) -> [Option<bool>; 5] {
    let c = client.capabilities();
    [
        c.datetime_filters,
        c.desc_order,
        c.range_end_inclusive,
        c.direct_relations,
        c.extra_fields,
    ]
}

/// Which window a prefetch reads.
type Key = (NaiveDateTime, NaiveDateTime, Paging);

fn key(w: &Window, paging: Paging) -> Key {
    (w.from, w.to, paging)
}

/// The pages of one window read ahead. Dropping it aborts the reading.
pub(super) struct Prefetch {
    key: Key,
    rx: mpsc::Receiver<(Query, RawPage)>,
    handle: JoinHandle<()>,
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// The parallel state of one run.
pub(super) struct Parallel {
    /// Requests in flight allowed now (1: today's sequential reading).
    pub limit: usize,
    /// The run dropped to one request at a time (busy, failing or slow answers).
    pub polite: bool,
    /// A prefetcher saw an answer slower than the threshold.
    slow: Arc<AtomicBool>,
    /// The client's busy answers when the run started.
    busy_at_start: u64,
    /// Windows read ahead, in plan order.
    running: Vec<Prefetch>,
    /// A window was committed with this paging in this run (prefetching may start).
    pub proven: Option<Paging>,
    /// The run started with more than one request in flight allowed.
    started_parallel: bool,
}

impl Parallel {
    pub(super) fn new(job: &SyncJob) -> Parallel {
        let remembered = job.client.capabilities().parallel_requests == Some(false);
        let limit = if remembered {
            1
        } else {
            job.opts.parallel.max(1)
        };
        Parallel {
            limit,
            polite: false,
            slow: Arc::default(),
            busy_at_start: job.client.busy_answers(),
            running: Vec::new(),
            proven: None,
            started_parallel: limit > 1,
        }
    }

    /// An answer of the main loop was slower than the threshold.
    pub(super) fn note_slow(&self) {
        self.slow.store(true, Ordering::Relaxed);
    }

    /// Whether this run may have had more than one request in flight.
    pub(super) fn was_parallel(&self) -> bool {
        self.started_parallel
    }
}

/// The rows a prefetcher may hold unread (about a window's worth: a prefetcher that stalls on a
/// full buffer while the main loop reads its own window leaves the line idle at a distance).
const BUFFER_ROWS: u64 = 10_000;

/// The pages a prefetcher may hold unread ([`BUFFER_ROWS`], at most 100 pages).
fn buffer_pages(job: &SyncJob) -> usize {
    (BUFFER_ROWS / job.opts.page_size.max(1)).clamp(1, 100) as usize
}

/// Reads the pages of one window with its own cursor, handing each 2xx answer over in order.
async fn read_ahead(
    client: Client,
    resource: Resource,
    mut cursor: Cursor,
    tx: mpsc::Sender<(Query, RawPage)>,
    slow_after: Duration,
    slow: Arc<AtomicBool>,
) {
    let shape_at_start = shape(&client);
    loop {
        let Next::Fetch(q) = cursor.next_query() else {
            return;
        };
        if shape(&client) != shape_at_start {
            return;
        }
        let started = crate::clock::Clock::system().instant();
        let Ok(page) = client.list_raw(resource, &q).await else {
            return;
        };
        if crate::clock::Clock::system().since(started) > slow_after {
            slow.store(true, Ordering::Relaxed);
        }
        if let Some(count) = page.row_count {
            cursor.note_count(count);
        }
        let keys: Vec<KeyRow> = page
            .records
            .iter()
            .map(|r| KeyRow(r.id.clone(), r.changed_at))
            .collect();
        cursor.advance(keys);
        if tx.send((q, page)).await.is_err() {
            return;
        }
    }
}

/// What the cursor reads of a row, without its text.
pub(super) struct KeyRow(pub(super) Option<String>, pub(super) Option<NaiveDateTime>);

impl super::super::cursor::Row for KeyRow {
    fn row_id(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.0.as_deref().map(std::borrow::Cow::Borrowed)
    }
    fn row_changed_at(&self) -> Option<NaiveDateTime> {
        self.1
    }
}

/// Why the run drops to one request at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Impolite {
    /// 429 or 502–504, or slow answers: remembered for the connection.
    Busy,
    /// A 5xx reached the job: this run only.
    Failing,
}

impl Run<'_> {
    /// Before reading `current`: drops the prefetches of windows no longer planned, and starts
    /// prefetches for the first planned windows of `rest` (not known to be empty) while fewer
    /// than `limit − 1` others run. A prefetch of a window further on (the plan grew in front of
    /// it when a window was split) keeps running: nothing it read is thrown away.
    pub(super) fn prefetch_ahead(
        &mut self,
        current: &Window,
        rest: &VecDeque<Window>,
        paging: Paging,
    ) {
        self.check_polite();
        let job = self.job;
        let here = key(current, paging);
        let planned = |k: &Key| *k == here || rest.iter().any(|w| key(w, paging) == *k);
        self.parallel.running.retain(|p| planned(&p.key));
        if self.parallel.proven != Some(paging) {
            return;
        }
        let ahead = self.parallel.limit.saturating_sub(1);
        for w in rest.iter().filter(|w| !w.is_known_empty()).take(ahead) {
            let others = self
                .parallel
                .running
                .iter()
                .filter(|p| p.key != here)
                .count();
            if others >= ahead {
                break;
            }
            let k = key(w, paging);
            if self.parallel.running.iter().any(|p| p.key == k) {
                continue;
            }
            let cursor = window_cursor(job, &self.page_sizes, w, paging, self.embed_names);
            let (tx, rx) = mpsc::channel(buffer_pages(job));
            let handle = tokio::spawn(read_ahead(
                job.client.clone(),
                job.resource,
                cursor,
                tx,
                job.opts.slow_answer,
                self.parallel.slow.clone(),
            ));
            self.parallel.running.push(Prefetch { key: k, rx, handle });
        }
    }

    /// Drops every prefetch (a re-plan or a stop).
    pub(super) fn drop_prefetches(&mut self) {
        self.parallel.running.clear();
    }

    /// True while window `w` is being read ahead (the main loop then asks nothing ahead itself).
    pub(super) fn prefetching(&self, w: &Window, paging: Paging) -> bool {
        let k = key(w, paging);
        self.parallel.running.iter().any(|p| p.key == k)
    }

    /// The answer read ahead for exactly `q` of window `w`, if its prefetch has it next; a
    /// prefetch whose next answer is for another query (or that ended) is dropped. `None` when
    /// cancelled while waiting is told by `cancelled`.
    pub(super) async fn take_prefetched(
        &mut self,
        w: &Window,
        paging: Paging,
        q: &Query,
    ) -> Option<RawPage> {
        let k = key(w, paging);
        let i = self.parallel.running.iter().position(|p| p.key == k)?;
        let mut p = self.parallel.running.remove(i);
        let next = self.wait(p.rx.recv()).await.flatten();
        match next {
            Some((pq, page)) if pq == *q => {
                self.parallel.running.insert(i, p);
                Some(page)
            }
            _ => None,
        }
    }

    /// Checks the signs of a busy server; on one, drops to one request at a time.
    pub(super) fn check_polite(&mut self) {
        if self.parallel.limit <= 1 {
            return;
        }
        if self.job.client.busy_answers() > self.parallel.busy_at_start
            || self.parallel.slow.load(Ordering::Relaxed)
        {
            self.impolite(Impolite::Busy);
        }
    }

    /// Drops to one request at a time for the rest of the run and says so (pages already read
    /// ahead are still used); a busy server is remembered for the connection.
    pub(super) fn impolite(&mut self, why: Impolite) {
        if self.parallel.limit <= 1 {
            return;
        }
        tracing::warn!(
            "{}: Coachview answers slowly or busy ({why:?}); one request at a time from now on",
            self.job.resource
        );
        self.parallel.limit = 1;
        self.parallel.polite = true;
        for p in &self.parallel.running {
            p.handle.abort();
        }
        if why == Impolite::Busy {
            self.job
                .client
                .update_capabilities(|c| c.parallel_requests = Some(false));
        }
        self.report_progress(&[]);
    }

    /// A send refused before it left because another request of this run is waiting out a short
    /// 429: wait for the same moment, then the caller asks again. False for anything else.
    pub(super) async fn wait_for_gate(&mut self, e: &crate::api::ApiError) -> bool {
        let crate::api::ApiErrorKind::RateLimited {
            reset_at: Some(reset),
            ..
        } = e.kind
        else {
            return false;
        };
        let wait = (reset - crate::clock::Clock::system().now_utc())
            .to_std()
            .unwrap_or_default();
        if e.status.is_some() || !self.parallel.was_parallel() || wait > SHORT_GATE {
            return false;
        }
        self.wait(tokio::time::sleep(wait + Duration::from_millis(5)))
            .await
            .is_some()
    }
}

/// A refusal at the client's gate shorter than this is waited for (the client waits out 429s
/// up to two minutes in place).
const SHORT_GATE: Duration = Duration::from_secs(120);

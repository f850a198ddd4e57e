//! Sync engine: fetch what changed in a range with few requests (count-planned windows; day
//! ranges with skip/take from both ends, or keyset paging on the change time where date-time
//! filters are proven on this connection), commit each page, move the cursor per window.

#![allow(clippy::result_large_err)] // ApiError (144 bytes) is the shared error type

pub mod cursor;
mod engine;
mod flags;
pub mod gap;
mod job;
pub mod names_cost;
mod plan;
pub mod related;
mod relations;

pub use cursor::{Cursor, PageSize, Paging};
pub use engine::{Estimate, estimate_requests, since_last_range};
pub use gap::{Days, Gap};
pub use job::{SyncJob, wants_extra_fields};
pub use plan::{Window, plan_windows};
pub use related::related;
pub use relations::wants_relations;

use crate::api::ApiError;
use crate::api::raw::RawRecord;
use crate::resource::Resource;
use crate::store::StoreError;

/// Tuning of a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOptions {
    /// The highest `skip` ever sent (Coachview answers 500 on high skips).
    pub safe_skip: u64,
    /// "Since last time" starts this many days before the cursor's day.
    pub lookback_days: i64,
    /// The `take` asked for; the server may give fewer.
    pub page_size: u64,
    /// Rows are written to the store (and shown) in batches of at most this many, or every
    /// 250 ms, whichever comes first (each transaction rewrites the id index pages it touches).
    pub flush_rows: usize,
    /// Requests in flight at most: the next `parallel − 1` windows are read ahead while one is
    /// read and committed (windows still commit in order). 1 reads one window at a time.
    pub parallel: usize,
    /// An answer slower than this drops the run to one request at a time.
    pub slow_answer: std::time::Duration,
}

impl Default for SyncOptions {
    fn default() -> SyncOptions {
        SyncOptions {
            safe_skip: 2_000,
            lookback_days: 1,
            page_size: 100,
            flush_rows: 5_000,
            parallel: 3,
            slow_answer: std::time::Duration::from_secs(10),
        }
    }
}

/// The part of a sync's range that was not fetched: records changed from `from` up to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing {
    /// The change time from which records may be missing.
    pub from: chrono::NaiveDateTime,
    /// The end of the range asked for.
    pub to: chrono::NaiveDateTime,
}

impl Missing {
    /// The sentence for the user ("records changed from … up to … were not fetched").
    pub fn text(self) -> crate::i18n::Text {
        use crate::i18n::Text;
        let show = |t: chrono::NaiveDateTime| Text::plain(t.format("%d-%m-%Y %H:%M"));
        Text::with(
            "sync.missing",
            vec![("from", show(self.from)), ("to", show(self.to))],
        )
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Distinct records fetched and stored.
    pub records: u64,
    /// HTTP requests sent (token requests included).
    pub requests: u64,
    /// Body bytes of the answers received (token answers included, as sent by the server).
    pub bytes: u64,
    /// Windows planned.
    pub windows: u64,
    /// Wall-clock seconds the sync took.
    pub seconds: f64,
    /// True when every window was fetched completely.
    pub complete: bool,
    /// What was not fetched, when incomplete (a typed fact; the UI and the CLI word it).
    pub missing: Option<Missing>,
    /// Stored records removed because a complete window no longer had them (deleted or moved).
    pub removed: u64,
    /// Records with decode problems (kept, logged).
    pub issues: u64,
}

/// Progress after each committed page. `batch` holds the records just committed, so a table
/// can show rows as they arrive without re-reading the store.
#[derive(Debug, Clone)]
pub struct SyncProgressInfo<'a> {
    /// Windows fetched so far.
    pub windows_done: u64,
    /// Windows planned in all (may grow when a busy window is split); 0 before the plan.
    pub windows_total: u64,
    /// The windows are planned (`windows_total` and `expected_records` hold): false while the
    /// first page's rows arrive before the plan's counts.
    pub planned: bool,
    /// The records the plan's counts expect in all (those read so far included).
    pub expected_records: u64,
    /// Records stored so far.
    pub records: u64,
    /// HTTP requests sent so far.
    pub requests: u64,
    /// Requests left of the daily limit, as the last answer said; `None` when it did not say.
    pub requests_left: Option<u32>,
    /// The records of the page just committed.
    pub batch: &'a [RawRecord],
    /// The names that came embedded with `batch` (`InclusiefDirecteRelaties`), already cached.
    pub names: &'a [(Resource, String, crate::record::names::NameState)],
    /// While a short wait after a 429 runs in place: when it ends.
    pub waiting_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Coachview answered slowly or busy: the sync went on with one request at a time.
    pub one_at_a_time: bool,
}

/// Why a sync stopped. Failures carry the partial report (what arrived, what is missing).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The API failed (after retries).
    #[error("{error}")]
    Api {
        /// The API's error.
        error: ApiError,
        /// What arrived before the failure.
        report: Box<SyncReport>,
    },
    /// The local store failed.
    #[error("{source}")]
    Store {
        /// The store's error.
        source: StoreError,
        /// What arrived before the failure.
        report: Box<SyncReport>,
    },
    /// Too many records share one change time to page through them safely.
    #[error("more than {limit} records share the change time {at}; they cannot be paged safely")]
    TooManyTies {
        /// The shared change time, shown for the planner.
        at: String,
        /// The largest `$skip` read safely (`safe_skip`).
        limit: u64,
        /// What arrived before the stop.
        report: Box<SyncReport>,
    },
    /// One day holds more changes than can be read safely.
    #[error("the day {day} holds {count} changes, more than can be read safely (2 × {limit})")]
    TooBusy {
        /// The day, as `dd-mm-yyyy`.
        day: String,
        /// How many changes the server counted that day.
        count: u64,
        /// The largest `$skip` read safely (`safe_skip`); the bound is twice this.
        limit: u64,
        /// What arrived before the stop.
        report: Box<SyncReport>,
    },
    /// A window could not be proven complete (its stored rows were kept, not pruned).
    #[error("{gap}")]
    Gap {
        /// What is missing or why the answers cannot be trusted.
        gap: Gap,
        /// What arrived before the stop.
        report: Box<SyncReport>,
    },
    /// "Since the last sync" was asked for a resource never synced.
    #[error("{0} has not been synced before: choose a date range first")]
    NoCursor(Resource),
    /// The range ends at or before its start.
    #[error("invalid range: the end must be after the start")]
    EmptyRange,
}

impl SyncError {
    /// The partial report, when the sync got that far.
    pub fn report(&self) -> Option<&SyncReport> {
        match self {
            SyncError::Api { report, .. }
            | SyncError::Store { report, .. }
            | SyncError::TooManyTies { report, .. }
            | SyncError::TooBusy { report, .. }
            | SyncError::Gap { report, .. } => Some(report),
            _ => None,
        }
    }
}

//! Draining the outbox in one run (`coachdesk outbox flush --wait`): flush, and when entries
//! become due within a bound (the minute before an unclear try is looked up, a short backoff),
//! wait for them and flush again, so a scheduled job leaves nothing it could have sent.

use super::send::FlushReport;
use super::transport::Transport;
use super::{Outbox, OutboxError};
use crate::cancel::Cancel;
use chrono::{DateTime, Duration, Utc};
use std::future::Future;

/// A wait the drain is about to do: how long, for how many entries, until when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    /// How long the drain waits.
    pub length: Duration,
    /// How many entries become due by then.
    pub entries: usize,
    /// When they become due.
    pub until: DateTime<Utc>,
}

/// At most this many flushes in one drain (a safety net; each wait is bounded anyway).
const MAX_ROUNDS: usize = 20;

impl FlushReport {
    /// Adds what another flush of the same run did; `stopped` and `open` are the later ones.
    fn add(&mut self, later: FlushReport) {
        self.recovered += later.recovered;
        self.attempted += later.attempted;
        self.sent += later.sent;
        self.reconciled += later.reconciled;
        self.needs_fix += later.needs_fix;
        self.held += later.held;
        self.retry_later += later.retry_later;
        self.damaged = self.damaged.max(later.damaged);
        self.stopped = later.stopped;
        self.open = later.open;
    }
}

impl Outbox {
    /// Entries (pending or waiting) that become due by `until`, and the first moment one does.
    fn due_by(&self, until: DateTime<Utc>) -> Result<(Option<DateTime<Utc>>, usize), OutboxError> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT next_try_at FROM entries
             WHERE status IN ('pending', 'waiting_for_reset') AND next_try_at IS NOT NULL",
        )?;
        let times: Vec<DateTime<Utc>> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .filter_map(Result::ok)
            .filter_map(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| *t <= until)
            .collect();
        Ok((times.iter().min().copied(), times.len()))
    }

    /// Flushes, then waits (through `wait`, told each wait before it starts) for entries that
    /// become due within `max_wait` of the start, and flushes again, until nothing more comes
    /// due in time, or a flush stops early (rate limit, a hold for the connection, offline,
    /// cancelled). `all`: every pending entry is due at once (not before its lookup may be
    /// made); one that fails during the run keeps its backoff. `now` is the clock (the real one, or a test's).
    pub async fn drain<T, N, W, F>(
        &self,
        transport: &T,
        all: bool,
        max_wait: Duration,
        now: N,
        mut wait: W,
        cancel: &Cancel,
    ) -> Result<FlushReport, OutboxError>
    where
        T: Transport + Sync,
        N: Fn() -> DateTime<Utc>,
        W: FnMut(Wait) -> F,
        F: Future<Output = ()>,
    {
        let deadline = now() + max_wait;
        let mut total = FlushReport::default();
        for round in 0..MAX_ROUNDS {
            // Only at the start: an entry that fails in this run keeps its backoff.
            if all && round == 0 {
                self.make_all_due()?;
            }
            let report = self.flush_due(transport, now(), cancel).await?;
            let stopped = report.stopped.is_some();
            total.add(report);
            if stopped || total.open == 0 {
                break;
            }
            let (Some(first), entries) = self.due_by(deadline)? else {
                break;
            };
            let start = now();
            if first <= start {
                // Due already but not sent by that flush (e.g. a damaged row): nothing to wait for.
                break;
            }
            wait(Wait {
                length: first - start,
                entries,
                until: first,
            })
            .await;
            if cancel.is_cancelled() {
                break;
            }
        }
        Ok(total)
    }
}

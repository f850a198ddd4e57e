//! How a sync run hands its rows and window commits to the store. On a multi-threaded runtime a
//! second connection writes on a blocking thread while the next pages download: the rows every
//! [`super::SyncOptions::flush_rows`] rows, and at the end of a complete window its last rows, the
//! prune and the cursor, in that order. What is handed over while a write runs queues behind it
//! (at most [`MAX_QUEUED_ROWS`] rows before the run waits), and the next write takes the whole
//! queue in order: windows commit in order, a window's rows are written before it is pruned and
//! committed, and reading does not wait for the disk. Every stop settles the writes.

use super::{Run, Stop};
use crate::api::raw::RawRecord;
use crate::record::names::EmbeddedNames;
use crate::resource::Resource;
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use std::collections::HashSet;

/// A completely read window: prune what it no longer holds and move the cursor.
pub(super) struct Commit {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub ids: HashSet<String>,
    pub latest: Option<NaiveDateTime>,
    /// Whether stored records may need pruning: false when the store held no record of the
    /// run's range when it started (every record stored in it since came from this run's own
    /// reads, each inside the window that read it).
    pub prune: bool,
}

/// Rows handed to the store but not yet written, with the names that came with them and the
/// window commit that follows them.
pub(super) struct Queued {
    rows: Vec<RawRecord>,
    names: EmbeddedNames,
    commit: Option<Commit>,
    at: NaiveDateTime,
}

/// The most rows queued behind a write in progress before the run waits for it (about 12 MB of
/// record text).
const MAX_QUEUED_ROWS: usize = 20_000;

/// What a background write gives back: the connection, and the number of records a commit
/// removed, or the error with the change time from which records may be missing.
pub(super) type Written = (Store, Result<u64, (StoreError, NaiveDateTime)>);

impl Drop for Run<'_> {
    /// The run lets go of its background writer: what it wrote is checkpointed on a thread of
    /// its own, after the planner was told the sync is done. (A write still running when the
    /// run is dropped keeps its connection; its WAL waits for the next checkpoint.)
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            writer.checkpoint_in_background();
        }
    }
}

/// Writes `rows`, then commits the window (if any); returns the records the prune removed.
fn write(
    store: &mut Store,
    resource: Resource,
    rows: &[RawRecord],
    names: &EmbeddedNames,
    commit: Option<&Commit>,
) -> Result<u64, StoreError> {
    if !rows.is_empty() {
        store.upsert_raw(resource, rows)?;
    }
    if !names.is_empty() {
        store.put_embedded_names(names)?;
    }
    let Some(c) = commit else {
        return Ok(0);
    };
    let removed = if c.prune {
        store.prune(resource, c.from, c.to, &c.ids)?
    } else {
        0
    };
    store.commit_window(resource, c.latest, crate::clock::Clock::system().now_utc())?;
    Ok(removed as u64)
}

/// Opens the second connection to the store at `path`, set up for bulk writes; `None` (rows are
/// then written inline) when it cannot be opened.
fn open_writer(path: &std::path::Path) -> Option<Store> {
    match Store::open(path) {
        Ok(writer) => {
            if let Err(e) = writer.tune_for_bulk_writes() {
                tracing::warn!("the record writer keeps SQLite's default settings ({e})");
            }
            Some(writer)
        }
        Err(e) => {
            tracing::warn!("rows are written inline: no second store connection ({e})");
            None
        }
    }
}

impl Run<'_> {
    /// A second connection for writing rows in the background: only on a multi-threaded runtime
    /// (the app's worker, the CLI) and for a store in a file; otherwise rows are written inline.
    pub(super) fn background_writer(&self) -> Option<Store> {
        let multi = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        let path = self.store.path().filter(|_| multi)?;
        open_writer(&path)
    }

    /// Hands the rows read so far (and a window's commit) to the store and shows the rows. With
    /// the background connection they join the queue of writes; the run goes on reading while
    /// the write before runs, and waits only when more than [`MAX_QUEUED_ROWS`] rows are queued.
    /// `at`: the change time from which records are missing if this write fails.
    pub(super) async fn flush(
        &mut self,
        pending: &mut Vec<RawRecord>,
        at: NaiveDateTime,
        commit: Option<Commit>,
    ) -> Result<(), Stop> {
        if pending.is_empty() && commit.is_none() {
            return Ok(());
        }
        for r in pending.iter() {
            if let Some(id) = &r.id
                && !self.seen.contains(id)
            {
                self.seen.insert(id.clone());
            }
        }
        let rows = std::mem::take(pending);
        let names = std::mem::take(&mut self.names);
        if !rows.is_empty() {
            self.report_rows(&rows, &names);
        }
        let resource = self.job.resource;
        if self.writer.is_none() && self.writing.is_none() {
            // No background connection: written here, now.
            let removed = write(self.store, resource, &rows, &names, commit.as_ref())
                .map_err(|e| Stop::Store(e, at))?;
            self.report.removed += removed;
            return Ok(());
        }
        self.queued_rows += rows.len();
        self.queue.push(Queued {
            rows,
            names,
            commit,
            at,
        });
        // A write that has finished gives its connection back; a full queue waits for it.
        let finished = self
            .writing
            .as_ref()
            .is_some_and(|(handle, _)| handle.is_finished());
        if finished || self.queued_rows > MAX_QUEUED_ROWS {
            self.settle_one().await?;
        }
        self.start_write();
        Ok(())
    }

    /// Starts writing everything queued, in order, when the connection is idle.
    fn start_write(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        let Some(mut writer) = self.writer.take() else {
            return;
        };
        let items = std::mem::take(&mut self.queue);
        self.queued_rows = 0;
        let at = items.first().map_or(self.job.from, |q| q.at);
        let resource = self.job.resource;
        let handle = tokio::task::spawn_blocking(move || {
            let mut removed = 0;
            for q in &items {
                match write(&mut writer, resource, &q.rows, &q.names, q.commit.as_ref()) {
                    Ok(n) => removed += n,
                    Err(e) => return (writer, Err((e, q.at))),
                }
            }
            (writer, Ok(removed))
        });
        self.writing = Some((handle, at));
    }

    /// Waits for the write in progress (if any), gives its connection back and counts what its
    /// commits removed.
    async fn settle_one(&mut self) -> Result<(), Stop> {
        let Some((handle, at)) = self.writing.take() else {
            return Ok(());
        };
        match handle.await {
            Ok((writer, result)) => {
                self.writer = Some(writer);
                self.report.removed += result.map_err(|(e, at)| Stop::Store(e, at))?;
                Ok(())
            }
            // The write panicked: its rows are not stored; say so (the window is not committed).
            Err(e) => Err(Stop::Store(
                StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(
                    format!("the record writer stopped: {e}").into(),
                )),
                at,
            )),
        }
    }

    /// Waits until everything handed to the store is written (the write in progress and the
    /// queue behind it).
    pub(super) async fn settle(&mut self) -> Result<(), Stop> {
        loop {
            self.settle_one().await?;
            if self.queue.is_empty() || self.writer.is_none() {
                return Ok(());
            }
            self.start_write();
        }
    }

    /// Fails the run after settling the write in progress (its failure comes first).
    pub(super) async fn stop(&mut self, stop: Stop) -> crate::sync::SyncError {
        match self.settle().await {
            Err(first) => self.fail(first),
            Ok(()) => self.fail(stop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_background_writer_is_set_up_for_bulk_writes() {
        let dir = std::env::temp_dir().join(format!("coachdesk-writer-{}", uuid::Uuid::new_v4()));
        let path = dir.join("records.sqlite");
        let reader = Store::open(&path).expect("store");
        let writer = open_writer(&path).expect("writer");
        assert_eq!(writer.pragma("wal_autocheckpoint").ok(), Some(65_536));
        assert_eq!(writer.pragma("cache_size").ok(), Some(-32_768));
        assert_eq!(writer.pragma("journal_size_limit").ok(), Some(33_554_432));
        // The reading connection keeps SQLite's cache and checkpoint defaults (its cache is the
        // app's memory).
        assert_eq!(reader.pragma("wal_autocheckpoint").ok(), Some(1_000));
        // Every connection cuts a checkpointed WAL back when it writes next.
        assert_eq!(reader.pragma("journal_size_limit").ok(), Some(33_554_432));
        drop((reader, writer));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The writer leaves what it wrote in the WAL while the sync runs; once the run lets go of
    /// it, the background checkpoint copies it into the database and empties the WAL, while
    /// the reading connection stays open and sees every row.
    #[test]
    fn a_writers_wal_is_checkpointed_after_the_run_lets_go_of_it() {
        let dir = std::env::temp_dir().join(format!("coachdesk-ckpt-{}", uuid::Uuid::new_v4()));
        let path = dir.join("records.sqlite");
        let reader = Store::open(&path).expect("store");
        let mut writer = open_writer(&path).expect("writer");
        let rows: Vec<RawRecord> = (0..2_000)
            .map(|i| {
                let body = serde_json::json!([{"id": format!("id-{i}"), "naam": "x".repeat(500),
                    "auditTrail": {"gewijzigdDatumTijd": "2026-11-01T10:00:00.000", "etag": 1}}]);
                let (mut rows, _) =
                    crate::api::raw::decode_raw_list(body.to_string().as_bytes()).expect("rows");
                rows.remove(0)
            })
            .collect();
        let names = EmbeddedNames::default();
        write(&mut writer, Resource::Aanvragen, &rows, &names, None).expect("write");
        let wal = dir.join("records.sqlite-wal");
        let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
        // 2,000 rows of ~600 bytes (1.2 MB), all in the WAL until the checkpoint.
        assert!(size(&wal) > 1_000_000, "wal {}", size(&wal));
        writer.checkpoint_in_background();
        crate::store::finish_checkpoints();
        assert_eq!(size(&wal), 0, "the WAL is emptied");
        assert!(size(&path) > 1_000_000, "the rows are in the database file");
        assert_eq!(reader.count(Resource::Aanvragen).expect("count"), 2_000);
        drop(reader);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! How a sync run hands its rows and window commits to the store. On a multi-threaded runtime a
//! second connection writes on a blocking thread while the next pages download: the rows every
//! [`super::SyncOptions::flush_rows`] rows, and at the end of a complete window its last rows, the prune and
//! the cursor, in that order. One write runs at a time, so windows commit in order, and a
//! window's rows are written before it is pruned and committed. Every stop settles the write.

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

/// What a background write gives back: the connection, and the number of records a commit
/// removed, or the error with the change time from which records may be missing.
pub(super) type Written = (Store, Result<u64, (StoreError, NaiveDateTime)>);

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

    /// Hands the rows read so far (and a window's commit) to the store in one go and shows the
    /// rows (fewer, larger transactions: one per page cost more than the download itself).
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
        self.settle().await?;
        for r in pending.iter() {
            if let Some(id) = &r.id
                && !self.seen.contains(id)
            {
                self.seen.insert(id.clone());
            }
        }
        let batch = std::mem::take(pending);
        let names = std::mem::take(&mut self.names);
        let resource = self.job.resource;
        match self.writer.take() {
            Some(mut writer) => {
                if !batch.is_empty() {
                    self.report_rows(&batch, &names);
                }
                let handle = tokio::task::spawn_blocking(move || {
                    let result = write(&mut writer, resource, &batch, &names, commit.as_ref());
                    (writer, result.map_err(|e| (e, at)))
                });
                self.writing = Some((handle, at));
            }
            None => {
                let removed = write(self.store, resource, &batch, &names, commit.as_ref())
                    .map_err(|e| Stop::Store(e, at))?;
                self.report.removed += removed;
                if !batch.is_empty() {
                    self.report_rows(&batch, &names);
                }
            }
        }
        Ok(())
    }

    /// Waits for the background write (if any), gives its connection back and counts what its
    /// commit removed.
    pub(super) async fn settle(&mut self) -> Result<(), Stop> {
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
        assert_eq!(writer.pragma("wal_autocheckpoint").ok(), Some(10_000));
        assert_eq!(writer.pragma("cache_size").ok(), Some(-32_768));
        assert_eq!(writer.pragma("journal_size_limit").ok(), Some(33_554_432));
        // The reading connection keeps SQLite's defaults (its cache is the app's memory).
        assert_eq!(reader.pragma("wal_autocheckpoint").ok(), Some(1_000));
        drop((reader, writer));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

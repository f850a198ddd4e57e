//! Local record store (SQLite, one file per connection): synced records, cursors, last sync.

mod names;
mod schema;
mod versions;
mod write;

use crate::api::decode::{changed_at, etag, record_id};
use crate::api::raw::RawRecord;
use crate::resource::Resource;
use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use schema::VERSION as SCHEMA_VERSION;
pub use versions::{MAX_VERSIONS, StoredVersion};

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store's folder could not be created.
    #[error("could not create the folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The database file could not be opened.
    #[error("the record store {path} could not be opened: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The schema could not be brought up to date.
    #[error("the record store could not be prepared: {0}")]
    Migrate(#[from] schema::MigrateError),
    /// A query failed.
    #[error("record store error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A stored record is not valid JSON.
    #[error("a stored record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Date-times as stored: sortable ISO text with milliseconds ([`crate::clock::iso_millis`]).
pub fn stamp(t: NaiveDateTime) -> String {
    crate::clock::iso_millis(t)
}

/// Checkpoints running in the background ([`Store::checkpoint_in_background`]).
static CHECKPOINTS: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Waits for the checkpoints running in the background: the CLI before it exits and the app's
/// worker when it stops, so a large sync's WAL is not left for the next start to copy.
pub fn finish_checkpoints() {
    let running = std::mem::take(&mut *CHECKPOINTS.lock().unwrap_or_else(|e| e.into_inner()));
    for handle in running {
        let _ = handle.join();
    }
}

fn unstamp(s: &str) -> Option<NaiveDateTime> {
    crate::api::decode::parse_datetime(s)
}

/// The store of one connection. Owns a `rusqlite::Connection` (`Send`, not `Sync`): one worker
/// owns it and passes `&mut Store` to the sync.
pub struct Store {
    conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (or creates) the store at `path`, in WAL mode, migrated to the current schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir).map_err(|source| StoreError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        // Owner-only before SQLite writes a byte (names, addresses, IBANs).
        crate::paths::create_private_file(path).map_err(|source| StoreError::Folder {
            path: path.to_path_buf(),
            source,
        })?;
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Settings for a connection that writes a sync's rows in bulk (the background writer): a
    /// page cache that holds the id index while a batch is written (no spilling of half-written
    /// pages into the WAL), and checkpoints only past 256 MB of WAL (each checkpoint copies the
    /// pages into the database and syncs it; every 40 MB, a 100,000-row sync waited 0.2–0.3 s
    /// at its end for the writer). Every connection cuts the WAL back to 32 MB after a
    /// checkpoint (`schema.rs`), and the checkpoint of what a sync wrote runs after it
    /// ([`Store::checkpoint_in_background`]).
    pub fn tune_for_bulk_writes(&self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "PRAGMA cache_size = -32768;
             PRAGMA wal_autocheckpoint = 65536;",
        )?;
        Ok(())
    }

    /// Copies what the WAL holds into the database file without waiting for anyone (the bulk
    /// of the work), then empties the WAL if nobody is reading or writing at that moment: the
    /// truncation is tried once, not waited for, since while it waits it holds off every other
    /// writer. A WAL still in use is reset by the next write once everyone moved on.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let truncated = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        self.conn.busy_timeout(schema::BUSY_TIMEOUT)?;
        Ok(truncated?)
    }

    /// Closes this connection after a [`Store::checkpoint`] on a thread of its own: a sync's
    /// writer hands its WAL over this way once the sync is done, so the planner does not wait
    /// for the copy. Committed rows are safe in the WAL either way.
    ///
    /// The process waits for these before it exits ([`finish_checkpoints`]).
    pub fn checkpoint_in_background(self) {
        let spawned = std::thread::Builder::new()
            .name("store-checkpoint".into())
            .spawn(move || {
                if let Err(e) = self.checkpoint() {
                    tracing::info!("the store's WAL stays for the next checkpoint: {e}");
                }
            });
        match spawned {
            Ok(handle) => {
                let mut running = CHECKPOINTS.lock().unwrap_or_else(|e| e.into_inner());
                running.retain(|h| !h.is_finished());
                running.push(handle);
            }
            Err(e) => {
                tracing::info!("no checkpoint thread ({e}); the WAL stays for the next checkpoint")
            }
        }
    }

    /// A setting of this connection (tests check [`Store::tune_for_bulk_writes`]).
    #[doc(hidden)]
    pub fn pragma(&self, name: &str) -> Result<i64, StoreError> {
        Ok(self.conn.pragma_query_value(None, name, |r| r.get(0))?)
    }

    /// The file this store lives in (`None` for an in-memory store).
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// Writes records in one transaction, keeping per id the newest (change time, then etag).
    /// Records without an id are skipped. Returns how many rows were written.
    pub fn upsert_records(
        &mut self,
        resource: Resource,
        records: &[Value],
    ) -> Result<usize, StoreError> {
        let mut rows = Vec::with_capacity(records.len());
        for r in records {
            let Some(id) = record_id(r) else { continue };
            rows.push((id, etag(r), changed_at(r), serde_json::to_string(r)?));
        }
        self.upsert_rows(
            resource,
            rows.iter().map(|(id, etag, changed_at, json)| write::Row {
                id,
                etag: *etag,
                changed_at: *changed_at,
                json,
            }),
        )
    }

    /// [`Store::upsert_records`] for records kept as the text the server sent (the sync): the
    /// same rule, without parsing or serialising a record.
    pub fn upsert_raw(
        &mut self,
        resource: Resource,
        records: &[RawRecord],
    ) -> Result<usize, StoreError> {
        self.upsert_rows(
            resource,
            records.iter().filter_map(|r| {
                Some(write::Row {
                    id: r.id.as_deref()?,
                    etag: r.etag,
                    changed_at: r.changed_at,
                    json: &r.json,
                })
            }),
        )
    }

    /// Records of `resource` changed in `[from, to)` (either bound optional), oldest first.
    pub fn records(
        &self,
        resource: Resource,
        from: Option<NaiveDateTime>,
        to: Option<NaiveDateTime>,
    ) -> Result<Vec<Value>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json FROM records WHERE resource = ?1
               AND (?2 IS NULL OR changed_at >= ?2) AND (?3 IS NULL OR changed_at < ?3)
             ORDER BY changed_at, id",
        )?;
        let rows = stmt.query_map(
            params![resource.name(), from.map(stamp), to.map(stamp)],
            |r| r.get::<_, String>(0),
        )?;
        let mut out = Vec::new();
        for json in rows {
            let json = json?;
            // A text stored before the sync repaired lone surrogates and deep nesting.
            match crate::api::raw_sanitize::parse_record(&json) {
                Some(value) => out.push(value),
                None => out.push(serde_json::from_str(&json)?),
            }
        }
        Ok(out)
    }

    /// `(id, etag)` of the records changed in `[from, to)`, sorted by id.
    pub fn ids_and_etags(
        &self,
        resource: Resource,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<Vec<(String, Option<i64>)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, etag FROM records WHERE resource = ?1 AND changed_at >= ?2 AND changed_at < ?3 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![resource.name(), stamp(from), stamp(to)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many records of `resource` are stored.
    pub fn count(&self, resource: Resource) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM records WHERE resource = ?1",
            [resource.name()],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// How many records of `resource` changed in `[from, to)` are stored (read from the index on
    /// the change time alone).
    pub fn count_between(
        &self,
        resource: Resource,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM records WHERE resource = ?1 AND changed_at >= ?2 AND changed_at < ?3",
            params![resource.name(), stamp(from), stamp(to)],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// Removes the stored records changed in `[from, to)` whose id is not in `keep` (after a
    /// complete fetch of that range: they were deleted or changed later). Returns how many.
    pub fn prune(
        &mut self,
        resource: Resource,
        from: NaiveDateTime,
        to: NaiveDateTime,
        keep: &HashSet<String>,
    ) -> Result<usize, StoreError> {
        let stored: Vec<String> = self
            .ids_and_etags(resource, from, to)?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !keep.contains(id))
            .collect();
        let tx = self.conn.transaction()?;
        {
            let mut stmt =
                tx.prepare_cached("DELETE FROM records WHERE resource = ?1 AND id = ?2")?;
            for id in &stored {
                stmt.execute(params![resource.name(), id])?;
            }
        }
        tx.commit()?;
        Ok(stored.len())
    }

    /// The sync cursor: the latest change time stored by a committed window.
    pub fn cursor(&self, resource: Resource) -> Result<Option<NaiveDateTime>, StoreError> {
        let s: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT changed_at FROM cursors WHERE resource = ?1",
                [resource.name()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(s.flatten().as_deref().and_then(unstamp))
    }

    /// When `resource` was last synced (any committed window).
    pub fn last_sync(&self, resource: Resource) -> Result<Option<DateTime<Utc>>, StoreError> {
        let s: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT last_sync FROM cursors WHERE resource = ?1",
                [resource.name()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(s.flatten()
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Records a committed window: the cursor moves forward to `latest` (never back) and the
    /// last-sync time becomes `now`.
    pub fn commit_window(
        &mut self,
        resource: Resource,
        latest: Option<NaiveDateTime>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO cursors (resource, changed_at, last_sync) VALUES (?1, ?2, ?3)
             ON CONFLICT (resource) DO UPDATE SET
                changed_at = CASE WHEN excluded.changed_at IS NULL THEN cursors.changed_at
                                  WHEN cursors.changed_at IS NULL OR excluded.changed_at > cursors.changed_at
                                  THEN excluded.changed_at ELSE cursors.changed_at END,
                last_sync = excluded.last_sync",
            params![resource.name(), latest.map(stamp), now.to_rfc3339()],
        )?;
        Ok(())
    }
}

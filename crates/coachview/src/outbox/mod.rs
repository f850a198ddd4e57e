//! The durable outbox: every enrolment is written to SQLite before it is sent, and reaches Coachview exactly once.
//!
//! Rules: enqueue commits (fsync'd, `synchronous=FULL`) before any POST; an entry is marked
//! `Sending` (committed) before its POST; an ambiguous failure sets `maybe_sent`, and such an
//! entry is looked up by its `referentieNrKlant` — no sooner than a minute after the failure —
//! and a record found is trusted only when it is proven to be this enrolment (see `identity`)
//! before it is ever posted again. An entry found in `Sending` when a flush starts was
//! interrupted by a crash or kill and counts as maybe sent. One process at a time sends (an
//! exclusive lock on `outbox.sqlite.lock`). The file is readable by its owner only.

mod classify;
mod client_transport;
mod dedup;
mod drain;
mod entry;
pub mod identity;
mod reconcile;
mod schema;
mod send;
mod send_lock;
mod status;
mod transport;

pub use crate::enrol::generate_reference;
pub use classify::backoff_delay;
pub use drain::Wait;
pub use entry::{Entry, EntryId, OutboxError};
pub use send::{FlushReport, MAX_SERVER_ERRORS, StopReason};
pub use status::{Failure, HoldReason, Status};
pub use transport::{Created, Transport};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The outbox of one connection.
pub struct Outbox {
    conn: Mutex<Connection>,
    lock_path: PathBuf,
    /// Stamps its changes and times a flush by this clock (the system's unless set).
    clock: crate::clock::Clock,
}

impl Outbox {
    /// Opens (creating and migrating when needed) the outbox at `path`.
    pub fn open(path: &Path) -> Result<Outbox, OutboxError> {
        if let Some(dir) = path.parent() {
            crate::paths::create_private_dir(dir)?;
        }
        // Names, addresses and IBANs: owner-only before SQLite writes a byte.
        crate::paths::create_private_file(path)?;
        let mut conn = Connection::open(path)?;
        schema::prepare(&mut conn)?;
        for side in ["-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(side);
            crate::paths::restrict_file(std::path::Path::new(&p));
        }
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        Ok(Outbox {
            conn: Mutex::new(conn),
            lock_path: PathBuf::from(lock_path),
            clock: crate::clock::Clock::system(),
        })
    }

    /// The outbox on `clock`: it stamps its changes and times its flushes by it.
    pub fn with_clock(mut self, clock: crate::clock::Clock) -> Outbox {
        self.clock = clock;
        self
    }

    fn db(&self) -> MutexGuard<'_, Connection> {
        // A panic elsewhere cannot leave the connection half-used: every write is one statement
        // or one transaction, so a poisoned lock is still safe to use.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores an enrolment (committed to disk before this returns) and returns its id.
    /// `reference`: the user's own `referentieNrKlant`, else the body's, else a generated
    /// unique one (`CD-<yyyymmdd>-<8 hex>`). The reference is written into the body. A planner's
    /// reference may repeat (a PO number used twice): the outbox's own key is the entry id.
    /// Always a new entry; [`Outbox::enqueue_unique`] reuses the same enrolment queued before.
    pub fn enqueue(&self, body: Value, reference: Option<String>) -> Result<EntryId, OutboxError> {
        self.enqueue_unique(body, reference, true).map(|(id, _)| id)
    }

    #[cfg(test)]
    fn insert(
        &self,
        body: Value,
        reference: Option<String>,
        content_key: Option<String>,
    ) -> Result<EntryId, OutboxError> {
        dedup::insert_entry(&self.db(), body, reference, content_key, false).map(|(id, _)| id)
    }

    /// Every entry, oldest first.
    pub fn list(&self) -> Result<Vec<Entry>, OutboxError> {
        let db = self.db();
        let mut stmt = db.prepare(&format!(
            "SELECT {} FROM entries ORDER BY id",
            schema::ENTRY_COLUMNS
        ))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(schema::entry_or_damaged(row)?);
        }
        Ok(out)
    }

    /// One entry.
    pub fn get(&self, id: EntryId) -> Result<Entry, OutboxError> {
        get_entry(&self.db(), id)
    }

    /// Replaces the body after the user edited it (e.g. fixed the fields of a 400). The entry
    /// keeps its reference and becomes `Pending`, due at once.
    pub fn update_body(&self, id: EntryId, body: Value) -> Result<(), OutboxError> {
        let Value::Object(mut map) = body else {
            return Err(OutboxError::BodyNotObject);
        };
        let db = self.db();
        let entry = get_entry(&db, id)?;
        if matches!(
            entry.status,
            Status::Sending | Status::Sent { .. } | Status::Discarded
        ) {
            return Err(OutboxError::NotEditable {
                id,
                status: entry.status.name(),
            });
        }
        map.insert(
            "referentieNrKlant".into(),
            Value::String(entry.reference.clone()),
        );
        let body = Value::Object(map);
        // The edited body is what later enrolments are compared with (see `dedup`).
        let old_key: Option<String> =
            db.query_row("SELECT content_key FROM entries WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let key = old_key.and_then(|old| {
            let own = dedup::key_has_reference(&old).then_some(entry.reference.as_str());
            dedup::enrolment_key(&body, own)
        });
        let changed = db.execute(
            "UPDATE entries SET body = ?1, status = 'pending', status_json = ?2, next_try_at = NULL,
                 updated_at = ?3, content_key = ?6, server_errors = 0,
                 unique_key = CASE WHEN unique_key IS NULL OR EXISTS (SELECT 1 FROM entries e2
                                   WHERE e2.unique_key = ?6 AND e2.id != ?4)
                              THEN NULL ELSE ?6 END
             WHERE id = ?4 AND status = ?5",
            params![
                body.to_string(),
                status_json(&Status::Pending),
                schema::time_text(self.clock.now_utc()),
                id,
                entry.status.name(),
                key
            ],
        )?;
        if changed == 0 {
            return Err(OutboxError::NotEditable { id, status: "busy" });
        }
        Ok(())
    }

    /// Throws an entry away (the UI asks for confirmation first; an entry with `maybe_sent`
    /// may already be in Coachview).
    pub fn discard(&self, id: EntryId) -> Result<(), OutboxError> {
        let db = self.db();
        let entry = get_entry(&db, id)?;
        if matches!(entry.status, Status::Sending | Status::Sent { .. }) {
            return Err(OutboxError::NotEditable {
                id,
                status: entry.status.name(),
            });
        }
        if set_status_if(
            &db,
            id,
            entry.status.name(),
            &Status::Discarded,
            &self.clock,
        )? {
            // The enrolment may be queued again as a new entry.
            db.execute("UPDATE entries SET unique_key = NULL WHERE id = ?1", [id])?;
        }
        Ok(())
    }

    /// The body as pretty JSON, for "export as JSON".
    pub fn export_json(&self, id: EntryId) -> Result<String, OutboxError> {
        let entry = self.get(id)?;
        serde_json::to_string_pretty(&entry.body).map_err(|e| OutboxError::Corrupt(e.to_string()))
    }

    /// When the next entry becomes due: `Some(t <= now)` means something is due already;
    /// `None` means nothing is waiting on time (all sent, discarded, held or needing a fix).
    pub fn next_due_at(&self) -> Result<Option<DateTime<Utc>>, OutboxError> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT coalesce(next_try_at, created_at) FROM entries
             WHERE status IN ('pending', 'waiting_for_reset', 'sending')",
        )?;
        // A damaged time is skipped, not fatal: the other entries still get their turn.
        let times = stmt
            .query_map([], |r| r.get::<_, Option<String>>(0))?
            .filter_map(|t| t.ok().flatten())
            .filter_map(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc));
        Ok(times.min())
    }

    /// Makes every pending entry due now (the user asked to send everything now). Entries
    /// waiting for the rate-limit reset keep waiting, and so does an entry that may already
    /// have arrived (its lookup waits a minute after the failure).
    pub fn make_all_due(&self) -> Result<usize, OutboxError> {
        Ok(self.db().execute(
            "UPDATE entries SET next_try_at = CASE WHEN maybe_sent = 1
                 THEN strftime('%Y-%m-%dT%H:%M:%fZ', coalesce(maybe_sent_at, updated_at), ?1)
                 ELSE NULL END
             WHERE status = 'pending'",
            [format!("+{} seconds", classify::LOOKUP_WAIT_SECS)],
        )?)
    }

    /// Puts entries held for the connection (401, 403, an unexpected answer) back in the
    /// queue, after the user fixed the credentials or scopes. An entry held for its own sake
    /// (see [`HoldReason::waits_for_planner`]) stays held: only "send now" or discard end it.
    pub fn release_held(&self) -> Result<usize, OutboxError> {
        let db = self.db();
        let mut stmt = db.prepare("SELECT id, status_json FROM entries WHERE status = 'held'")?;
        let held = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .filter_map(Result::ok)
            .filter(|(_, json)| {
                !matches!(serde_json::from_str::<Status>(json),
                    Ok(Status::Held { reason }) if reason.waits_for_planner())
            })
            .map(|(id, _)| id)
            .collect::<Vec<i64>>();
        let mut released = 0;
        for id in held {
            released += db.execute(
                "UPDATE entries SET status = 'pending', status_json = ?1, next_try_at = NULL
                 WHERE id = ?2 AND status = 'held'",
                params![status_json(&Status::Pending), id],
            )?;
        }
        Ok(released)
    }

    /// Entries that still have to reach Coachview (anything but sent or discarded).
    pub fn open_count(&self) -> Result<usize, OutboxError> {
        let n: i64 = self.db().query_row(
            "SELECT count(*) FROM entries WHERE status NOT IN ('sent', 'discarded')",
            [],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

fn status_json(status: &Status) -> String {
    serde_json::to_string(status).unwrap_or_else(|_| r#"{"kind":"pending"}"#.into())
}

fn find_reference(db: &Connection, reference: &str) -> Result<Option<EntryId>, OutboxError> {
    Ok(db
        .query_row(
            "SELECT id FROM entries WHERE reference = ?1",
            [reference],
            |r| r.get(0),
        )
        .optional()?
        .map(EntryId))
}

fn get_entry(db: &Connection, id: EntryId) -> Result<Entry, OutboxError> {
    let mut stmt = db.prepare(&format!(
        "SELECT {} FROM entries WHERE id = ?1",
        schema::ENTRY_COLUMNS
    ))?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(row) => schema::entry_from_row(row),
        None => Err(OutboxError::NotFound(id)),
    }
}

/// Sets a status when the entry is still in `expected`; returns whether it changed.
fn set_status_if(
    db: &Connection,
    id: EntryId,
    expected: &str,
    status: &Status,
    clock: &crate::clock::Clock,
) -> Result<bool, OutboxError> {
    let changed = db.execute(
        "UPDATE entries SET status = ?1, status_json = ?2, updated_at = ?3 WHERE id = ?4 AND status = ?5",
        params![status.name(), status_json(status), schema::time_text(clock.now_utc()), id, expected],
    )?;
    Ok(changed == 1)
}

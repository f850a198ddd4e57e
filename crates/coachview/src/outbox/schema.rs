//! The outbox's SQLite schema, its versioned migrations (`PRAGMA user_version`) and row decoding.

use super::{Entry, EntryId, OutboxError, Status};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, Row};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the entries table. Times are RFC 3339 UTC with milliseconds, so text order = time order.
    "CREATE TABLE entries (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at   TEXT    NOT NULL,
        updated_at   TEXT    NOT NULL,
        reference    TEXT    NOT NULL UNIQUE,
        body         TEXT    NOT NULL,
        status       TEXT    NOT NULL,
        status_json  TEXT    NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        next_try_at  TEXT,
        maybe_sent   INTEGER NOT NULL DEFAULT 0
     );
     CREATE INDEX entries_due ON entries(status, next_try_at);",
    // 2: a planner may use one reference twice, so the reference is no longer unique; the
    // outbox's own key is the entry id. `first_attempt_at` bounds what a reconcile may accept,
    // `server_id` is the webaanvraag an entry claimed (no other entry may claim it),
    // `content_key` makes `enrol --file` with the same content land on the same entry, and
    // `maybe_sent_at` is when the unclear failure happened (the lookup waits a minute from it).
    "CREATE TABLE entries_v2 (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL,
        reference        TEXT    NOT NULL,
        body             TEXT    NOT NULL,
        status           TEXT    NOT NULL,
        status_json      TEXT    NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT,
        next_try_at      TEXT,
        maybe_sent       INTEGER NOT NULL DEFAULT 0,
        first_attempt_at TEXT,
        server_id        TEXT,
        content_key      TEXT,
        maybe_sent_at    TEXT
     );
     INSERT INTO entries_v2 (id, created_at, updated_at, reference, body, status, status_json,
            attempts, last_error, next_try_at, maybe_sent)
         SELECT id, created_at, updated_at, reference, body, status, status_json, attempts,
            last_error, next_try_at, maybe_sent FROM entries;
     DROP TABLE entries;
     ALTER TABLE entries_v2 RENAME TO entries;
     CREATE INDEX entries_due ON entries(status, next_try_at);
     CREATE INDEX entries_reference ON entries(reference);
     CREATE INDEX entries_server_id ON entries(server_id);
     CREATE INDEX entries_content_key ON entries(content_key);",
    // 3: `unique_key` is the canonical enrolment (see `dedup`) of an entry that stands for it:
    // unique, so two processes queueing the same enrolment at once make one entry (NULL for an
    // entry queued again on purpose, a discarded one, and rows of older versions, which are
    // still found by `content_key`). `server_errors` counts POSTs answered with a server
    // error: after a few the entry is held (see `send`).
    "ALTER TABLE entries ADD COLUMN unique_key TEXT;
     ALTER TABLE entries ADD COLUMN server_errors INTEGER NOT NULL DEFAULT 0;
     CREATE UNIQUE INDEX entries_unique_key ON entries(unique_key);",
];

/// The schema version this build writes.
pub(super) const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Durable settings (WAL, `synchronous=FULL`: a committed enqueue survives a power cut) and
/// migrations. Refuses a file written by a newer coachdesk.
pub(super) fn prepare(conn: &mut Connection) -> Result<(), OutboxError> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    crate::sqlite_busy::with_patience(
        conn,
        prepare_once,
        |e| matches!(e, OutboxError::Sqlite(e) if crate::sqlite_busy::is_busy(e)),
    )
}

fn prepare_once(conn: &mut Connection) -> Result<(), OutboxError> {
    crate::sqlite_busy::ensure_wal(conn)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let found: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(OutboxError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the write lock.
    let found: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

/// The stored form of a time.
pub(super) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, OutboxError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| OutboxError::Corrupt(format!("bad time {s:?}: {e}")))
}

/// The columns [`entry_from_row`] reads, in order.
pub(super) const ENTRY_COLUMNS: &str = "id, created_at, updated_at, reference, body, status_json, attempts, \
     last_error, next_try_at, maybe_sent";

/// Decodes one row selected with [`ENTRY_COLUMNS`]; a row that cannot be read becomes a
/// `Damaged` entry (its bytes stay as they are on disk), so one bad row never hides the rest.
pub(super) fn entry_or_damaged(row: &Row<'_>) -> Result<Entry, OutboxError> {
    match entry_from_row(row) {
        Ok(entry) => Ok(entry),
        Err(OutboxError::Corrupt(problem)) => damaged(row, problem),
        Err(e) => Err(e),
    }
}

fn damaged(row: &Row<'_>, problem: String) -> Result<Entry, OutboxError> {
    let time = |i: usize| {
        row.get::<_, String>(i)
            .ok()
            .and_then(|s| parse_time(&s).ok())
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    };
    Ok(Entry {
        id: EntryId(row.get(0)?),
        created_at: time(1),
        updated_at: time(2),
        reference: row.get::<_, String>(3).unwrap_or_else(|_| "?".to_string()),
        body: serde_json::Value::Null,
        status: Status::Damaged {
            problem: crate::api::scrub::scrub(&problem, 200),
        },
        attempts: row.get(6).unwrap_or(0),
        last_error: None,
        next_try_at: None,
        maybe_sent: row.get(9).unwrap_or(false),
    })
}

/// Decodes one row selected with [`ENTRY_COLUMNS`]. A value that SQLite stores but that does
/// not fit (an `attempts` out of range, a number where text belongs) is `Corrupt`, like bad
/// JSON: a damaged row, not a failing database.
pub(super) fn entry_from_row(row: &Row<'_>) -> Result<Entry, OutboxError> {
    decode_row(row).map_err(|e| match e {
        OutboxError::Sqlite(e) if !matches!(e, rusqlite::Error::SqliteFailure(..)) => {
            OutboxError::Corrupt(e.to_string())
        }
        other => other,
    })
}

fn decode_row(row: &Row<'_>) -> Result<Entry, OutboxError> {
    let created: String = row.get(1)?;
    let updated: String = row.get(2)?;
    let body: String = row.get(4)?;
    let status: String = row.get(5)?;
    let last_error: Option<String> = row.get(7)?;
    let next_try: Option<String> = row.get(8)?;
    let corrupt = |what: &str, e: serde_json::Error| OutboxError::Corrupt(format!("{what}: {e}"));
    Ok(Entry {
        id: EntryId(row.get(0)?),
        created_at: parse_time(&created)?,
        updated_at: parse_time(&updated)?,
        reference: row.get(3)?,
        body: serde_json::from_str(&body).map_err(|e| corrupt("body", e))?,
        status: serde_json::from_str::<Status>(&status).map_err(|e| corrupt("status", e))?,
        attempts: row.get(6)?,
        last_error: match last_error {
            Some(s) => Some(serde_json::from_str(&s).map_err(|e| corrupt("last_error", e))?),
            None => None,
        },
        next_try_at: next_try.as_deref().map(parse_time).transpose()?,
        maybe_sent: row.get(9)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_a_newer_file() {
        let dir = std::env::temp_dir().join(format!("cd-schema-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join("o.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        prepare(&mut conn).unwrap();
        prepare(&mut conn).unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            prepare(&mut conn),
            Err(OutboxError::NewerSchema { .. })
        ));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_outbox_of_the_previous_version_opens_with_its_entries() {
        let dir = std::env::temp_dir().join(format!("cd-schema-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).ok();
        let path = dir.join("o.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(MIGRATIONS[1]).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        // Two entries of one enrolment (queued twice on purpose), as version 2 wrote them.
        for _ in 0..2 {
            conn.execute(
                "INSERT INTO entries (created_at, updated_at, reference, body, status, status_json,
                     content_key)
                 VALUES ('2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', 'PO-1',
                     '{\"referentieNrKlant\":\"PO-1\"}', 'pending', '{\"kind\":\"pending\"}', 'body:x')",
                [],
            )
            .unwrap();
        }
        drop(conn);
        let o = super::super::Outbox::open(&path).unwrap();
        let list = o.list().unwrap();
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|e| e.status == Status::Pending));
        std::fs::remove_dir_all(&dir).ok();
    }
}

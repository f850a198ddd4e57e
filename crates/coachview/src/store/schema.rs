//! The record store's SQLite schema and its versioned migrations (`PRAGMA user_version`).

use rusqlite::Connection;

/// Migrations in order; entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: records and sync cursors.
    "CREATE TABLE records (
        resource   TEXT NOT NULL,
        id         TEXT NOT NULL,
        etag       INTEGER,
        changed_at TEXT,
        json       TEXT NOT NULL,
        PRIMARY KEY (resource, id)
     ) WITHOUT ROWID;
     CREATE INDEX records_by_change ON records (resource, changed_at);
     CREATE TABLE cursors (
        resource   TEXT PRIMARY KEY,
        changed_at TEXT,
        last_sync  TEXT
     );",
    // 2: earlier versions of records (kept when a newer version replaces one), for "what changed".
    "CREATE TABLE versions (
        resource    TEXT NOT NULL,
        id          TEXT NOT NULL,
        etag        INTEGER,
        changed_at  TEXT,
        json        TEXT NOT NULL,
        replaced_at TEXT NOT NULL
     );
     CREATE UNIQUE INDEX versions_key ON versions (resource, id, changed_at, etag);",
    // 3: names behind ids, fetched once ("found" with a name, "missing" or "forbidden").
    "CREATE TABLE names (
        resource   TEXT NOT NULL,
        id         TEXT NOT NULL,
        name       TEXT,
        state      TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (resource, id)
     ) WITHOUT ROWID;",
    // 4: records as an ordinary (rowid) table. A WITHOUT ROWID table keeps each ~1 KB JSON row
    // inside its primary-key b-tree, so every insert of a random GUID moved whole rows around:
    // writing the rows cost more than downloading them. Same columns, same keys.
    "CREATE TABLE records_rowid (
        resource   TEXT NOT NULL,
        id         TEXT NOT NULL,
        etag       INTEGER,
        changed_at TEXT,
        json       TEXT NOT NULL,
        PRIMARY KEY (resource, id)
     );
     INSERT INTO records_rowid (resource, id, etag, changed_at, json)
        SELECT resource, id, etag, changed_at, json FROM records;
     DROP TABLE records;
     ALTER TABLE records_rowid RENAME TO records;
     CREATE INDEX records_by_change ON records (resource, changed_at);",
];

/// How long a store connection waits for another one's write before it answers "busy".
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Why the schema could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(
        "the store was written by a newer coachdesk (schema {found}, this build knows {known})"
    )]
    TooNew { found: i64, known: i64 },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// Sets WAL mode and applies the missing migrations, each in its own transaction.
///
/// Each step re-reads the version inside an IMMEDIATE transaction, so two connections (the GUI's
/// jobs, or the GUI and the CLI) opening a new store at once never apply a step twice; a busy
/// answer while preparing is retried (see [`crate::sqlite_busy`]).
pub(super) fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    crate::sqlite_busy::with_patience(
        conn,
        prepare,
        |e| matches!(e, MigrateError::Sql(e) if crate::sqlite_busy::is_busy(e)),
    )
}

fn prepare(conn: &mut Connection) -> Result<(), MigrateError> {
    crate::sqlite_busy::ensure_wal(conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Whichever connection writes next after a complete checkpoint cuts the WAL back to 32 MB
    // (a sync's WAL can reach 256 MB before its writer checkpoints).
    conn.pragma_update(None, "journal_size_limit", 33_554_432)?;
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if found > VERSION {
            return Err(MigrateError::TooNew {
                found,
                known: VERSION,
            });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", found + 1)?;
        tx.commit()?;
    }
}

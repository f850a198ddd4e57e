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
];

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
pub fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > VERSION {
        return Err(MigrateError::TooNew {
            found,
            known: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

//! Preparing an SQLite file that another connection may be preparing at the same moment.
//!
//! SQLite answers "database is locked" without waiting in a few of the steps of opening a new
//! file (the switch to WAL, a lock upgrade its busy handler cannot wait for); under Windows
//! locking two jobs opening the same new store met this. Such an answer is retried for a while.

use rusqlite::Connection;
use std::time::Duration;

/// How long opening waits for another connection that is preparing the same file.
const PATIENCE: Duration = Duration::from_secs(10);

/// True for SQLite's "busy" and "locked" answers.
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Runs `prepare` on `conn` until it succeeds, fails for another reason than `busy` says, or
/// [`PATIENCE`] has passed.
pub(crate) fn with_patience<E>(
    conn: &mut Connection,
    mut prepare: impl FnMut(&mut Connection) -> Result<(), E>,
    busy: impl Fn(&E) -> bool,
) -> Result<(), E> {
    let started = crate::clock::Clock::system().instant();
    loop {
        match prepare(conn) {
            Err(e) if busy(&e) && crate::clock::Clock::system().since(started) < PATIENCE => {
                std::thread::sleep(Duration::from_millis(15));
            }
            done => return done,
        }
    }
}

/// Switches the file to WAL unless it is WAL already (WAL is a property of the file, and the
/// switch needs the file to itself).
pub(crate) fn ensure_wal(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    Ok(())
}

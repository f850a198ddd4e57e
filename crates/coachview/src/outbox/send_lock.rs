//! One sender at a time: a flush or a "send now" holds the outbox's lock file while it posts, so
//! two processes (the app and a scheduled `coachdesk outbox flush`) never send the same entry.

use super::{Outbox, OutboxError};
use std::fs::{File, OpenOptions, TryLockError};

/// How long to wait for another process's flush to finish before giving up.
const LOCK_WAIT_MS: u64 = 5_000;

impl Outbox {
    /// Takes the send lock (waiting up to [`LOCK_WAIT_MS`] for another process's flush);
    /// `OutboxError::Busy` when it stays taken. Released when the file is dropped.
    pub(super) async fn acquire_send_lock(&self) -> Result<File, OutboxError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock_path)?;
        // Another process holds the file: a real wait, on the computer's clock.
        let real = crate::clock::Clock::system();
        let deadline = real.instant() + std::time::Duration::from_millis(LOCK_WAIT_MS);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(TryLockError::WouldBlock) if real.instant() < deadline => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(TryLockError::WouldBlock) => return Err(OutboxError::Busy),
                Err(TryLockError::Error(e)) => return Err(e.into()),
            }
        }
    }
}

//! Replacing a small file atomically (temporary file + rename) in a way Windows accepts too.
//!
//! On Windows a rename over a file fails with "access denied" or "sharing violation" while
//! another program holds that file open without `FILE_SHARE_DELETE` (a virus scanner, the search
//! indexer, OneDrive, a backup tool, an editor — or Wine, which also refuses it while the target
//! is open at all). Those handles are short-lived, so [`replace`] retries such a refusal for a
//! bounded time before giving up. Linux and macOS never refuse a rename for an open file, and a
//! refusal there is a real permission problem: it is reported at once.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long [`replace`] keeps retrying a rename that another program's open handle blocks.
pub const RETRY_FOR: Duration = Duration::from_secs(3);

/// Writes `bytes` to a uniquely named temporary file beside `path`, flushes it to disk, closes
/// it and renames it over `path` ([`replace`]). A crash never leaves half a file, and two saves
/// at the same time never share a temporary file. On failure the temporary file is removed.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    let written = (|| {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
        // Closed here, before the rename: Windows refuses to rename a file that is open.
    })();
    let result = written.and_then(|()| replace(&tmp, path));
    if result.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `.<name>.<random>.tmp` in the folder of `path` (same file system, so the rename is atomic).
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    path.with_file_name(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()))
}

/// Renames `from` over `to`, retrying for up to [`RETRY_FOR`] while Windows refuses it because
/// another handle has `to` (or `from`) open.
pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
    replace_with(from, to, RETRY_FOR, |a, b| std::fs::rename(a, b))
}

/// [`replace`] with the rename and the time budget given (for tests).
pub fn replace_with(
    from: &Path,
    to: &Path,
    budget: Duration,
    mut rename: impl FnMut(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let start = crate::clock::Clock::system().instant();
    let mut pause = Duration::from_millis(5);
    loop {
        match rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e)
                if is_held_open(&e)
                    && crate::clock::Clock::system().since(start) + pause <= budget =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            Err(e) => return Err(e),
        }
    }
}

/// True when the error is Windows refusing a rename because a file is open elsewhere:
/// `ERROR_ACCESS_DENIED` (5), `ERROR_SHARING_VIOLATION` (32) or `ERROR_LOCK_VIOLATION` (33).
/// Never on other systems, where a rename does not care about open files.
pub fn is_held_open(e: &io::Error) -> bool {
    cfg!(windows) && is_windows_held_open_code(e.raw_os_error())
}

/// The Windows error codes of a file held open by someone else.
pub fn is_windows_held_open_code(code: Option<i32>) -> bool {
    matches!(code, Some(5 | 32 | 33))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("coachdesk-atomic-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = temp_dir();
        let path = dir.join("profiles.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "only the file itself remains");
        // A folder that does not exist: an error, and nothing left behind.
        assert!(write(&dir.join("missing").join("x.json"), b"x").is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_windows_codes_of_a_file_held_open() {
        assert!(is_windows_held_open_code(Some(5)));
        assert!(is_windows_held_open_code(Some(32)));
        assert!(is_windows_held_open_code(Some(33)));
        assert!(!is_windows_held_open_code(Some(2)), "not found is final");
        assert!(!is_windows_held_open_code(None));
        let denied = io::Error::from_raw_os_error(5);
        // Only Windows retries; elsewhere a refused rename is a real permission problem.
        assert_eq!(is_held_open(&denied), cfg!(windows));
    }

    /// The case Windows (and Wine) refuse without the retry: a reader still has the target open
    /// while the save renames over it. The save waits for the handle to go and succeeds.
    #[test]
    fn a_file_held_open_by_a_reader_is_still_replaced() {
        let dir = temp_dir();
        let path = dir.join("profiles.json");
        write(&path, b"old").unwrap();
        let reader = std::fs::File::open(&path).unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(reader);
        });
        write(&path, b"new").unwrap();
        release.join().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A rename refused a few times (as Windows does while a reader has the file open) succeeds
    /// once the handle is gone; one refused for longer than the budget returns the error.
    #[test]
    fn a_rename_blocked_by_an_open_handle_is_retried_within_the_budget() {
        let (a, b) = (Path::new("a"), Path::new("b"));
        let held = || io::Error::from_raw_os_error(if cfg!(windows) { 32 } else { 1 });
        let mut calls = 0;
        let result = replace_with(a, b, Duration::from_secs(2), |_, _| {
            calls += 1;
            if calls < 4 && cfg!(windows) {
                Err(held())
            } else {
                Ok(())
            }
        });
        assert!(result.is_ok());
        assert_eq!(calls, if cfg!(windows) { 4 } else { 1 });

        let mut calls = 0;
        let start = crate::clock::Clock::system().instant();
        let result = replace_with(a, b, Duration::from_millis(300), |_, _| {
            calls += 1;
            Err(held())
        });
        assert!(result.is_err());
        assert!(
            crate::clock::Clock::system().since(start) < Duration::from_secs(2),
            "bounded by the budget"
        );
        assert!(if cfg!(windows) { calls > 1 } else { calls == 1 });

        // Any other error is returned at once.
        let mut calls = 0;
        let result = replace_with(a, b, Duration::from_secs(2), |_, _| {
            calls += 1;
            Err(io::Error::from(io::ErrorKind::NotFound))
        });
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(calls, 1);
    }
}

//! Files on this computer: the profiles file, the enrolment draft, the recent contact persons and
//! companies of the connection shown, and opening a folder.

use super::{Event, EventSender, RequestId};
use crate::config::Config;
use crate::enrol::recent;
use crate::error::WorkerError;
use std::path::{Path, PathBuf};

/// The enrolment draft's file name in the data folder.
pub const DRAFT_FILE: &str = "enrolment-draft.json";

/// Writes the profiles file (never holds a secret); only a failure is reported.
pub(super) async fn save_config(
    path: PathBuf,
    config: Config,
    req: RequestId,
    events: EventSender,
) {
    let result = tokio::task::spawn_blocking(move || config.save(&path)).await;
    if let Err(e) = result.map_err(WorkerError::task).and_then(|r| Ok(r?)) {
        events.fail(req, e);
    }
}

/// Writes (or with `None` removes) the enrolment draft; only a failure is reported (as req 0:
/// the autosave has no request of its own).
pub(super) async fn save_draft_job(path: PathBuf, json: Option<String>, events: EventSender) {
    let result = tokio::task::spawn_blocking(move || save_draft(&path, json.as_deref())).await;
    if let Err(e) = result.map_err(WorkerError::task).and_then(|r| r) {
        events.fail(RequestId::UNSOLICITED, e);
    }
}

/// Opens a folder in the platform's file manager (best effort; failure only logs).
pub(super) fn open_folder(path: &Path) {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(path).spawn() {
        tracing::warn!("could not open {}: {e}", path.display());
    }
}

/// Reads the saved enrolment draft. A draft that cannot be read is moved aside
/// (`enrolment-draft.json.damaged-<time>`) so the autosave never overwrites it: returns
/// `(None, Some(moved_to))` then, and the app tells the planner once.
pub fn load_draft(path: &Path) -> (Option<String>, Option<PathBuf>) {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(_) => return (None, None),
    };
    let readable = std::str::from_utf8(&bytes)
        .ok()
        .map(|t| t.trim_start_matches('\u{feff}'))
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .is_some_and(|v| {
            let draft = v.get("draft").cloned().unwrap_or(v);
            serde_json::from_value::<crate::enrol::Draft>(draft).is_ok()
        });
    if readable {
        return (String::from_utf8(bytes).ok(), None);
    }
    match crate::paths::move_aside(path) {
        Ok(moved_to) => {
            tracing::warn!(
                "the enrolment draft was unreadable and kept as {}",
                moved_to.display()
            );
            (None, Some(moved_to))
        }
        // Cannot move it: it stays where it is, and the planner is told.
        Err(e) => {
            tracing::warn!("the enrolment draft was unreadable and could not be moved: {e}");
            (None, Some(path.to_path_buf()))
        }
    }
}

/// Writes the draft atomically (temp file + rename), or removes it.
fn save_draft(path: &Path, json: Option<&str>) -> Result<(), WorkerError> {
    let failed = |at: &Path, source: std::io::Error| WorkerError::Draft {
        path: at.to_path_buf(),
        source,
    };
    let Some(json) = json else {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(path, e)),
            _ => Ok(()),
        };
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
    }
    crate::atomic_file::write(path, json.as_bytes()).map_err(|e| failed(path, e))
}

/// Reads the recent file from the data folder (missing: `None`).
pub(super) async fn load_recent(dir: std::path::PathBuf, req: RequestId, events: &EventSender) {
    let path = dir.join(recent::RECENT_FILE);
    let json = tokio::task::spawn_blocking(move || std::fs::read_to_string(path).ok())
        .await
        .ok()
        .flatten();
    events.send(Event::Recent { req, json });
}

/// Writes the recent file atomically; a failure only logs (it is a convenience).
pub(super) async fn save_recent(dir: std::path::PathBuf, json: String) {
    let result = tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir)?;
        crate::atomic_file::write(&dir.join(recent::RECENT_FILE), json.as_bytes())
    })
    .await;
    if let Ok(Err(e)) = result {
        tracing::warn!("could not save {}: {e}", recent::RECENT_FILE);
    }
}

//! The background worker: one thread with a tokio runtime that owns the API client, the SQLite
//! store and keyring access. The UI talks to it only through [`Command`] and [`Event`].

mod browse_tasks;
mod busy;
pub mod channels;
pub mod command;
mod connection;
mod dispatch;
pub mod event;
mod export_tasks;
mod local_tasks;
mod names_resolve;
mod names_tasks;
mod outbox_tasks;
pub(crate) mod people_tasks;
mod registry;
mod sync_tasks;
#[cfg(test)]
mod tests;

pub use crate::error::WorkerError;
pub use channels::EventSender;
pub use command::{Command, FetchRange, RequestId};
pub use event::{Access, Event, FetchSummary, Progress};
pub use local_tasks::{DRAFT_FILE, load_draft};

use crate::credentials::CredentialStore;
use crate::paths::Dirs;
use std::sync::Arc;
use tokio::sync::mpsc;

pub use crate::session::DEMO_STORE;

/// What the worker needs from its surroundings; tests give their own folders and a memory keyring.
#[derive(Clone)]
pub struct WorkerEnv {
    /// Where the config, logs and per-connection stores live.
    pub dirs: Dirs,
    /// The keyring (OS keyring in the app, a memory store in tests).
    pub credentials: Arc<dyn CredentialStore>,
    /// The simulator settings used by "Try the demo".
    pub demo: crate::simulator::SimConfig,
    /// The save-file dialog (native in the app, scripted in tests).
    pub save_dialog: Arc<dyn SaveDialog>,
}

/// Asks the user where to save a file. Runs on a blocking worker thread, never the UI thread.
pub trait SaveDialog: Send + Sync {
    /// The chosen path, or `None` when the user cancelled.
    fn save_path(&self, suggested_name: &str) -> Option<std::path::PathBuf>;

    /// A file to open (participants list: `extensions` without dots), or `None` when cancelled.
    /// Dialogs that only save answer `None`.
    fn open_path(&self, _filter_name: &str, _extensions: &[&str]) -> Option<std::path::PathBuf> {
        None
    }
}

/// The native dialog (rfd: the desktop portal or zenity on Linux, the system dialog elsewhere).
pub struct NativeSaveDialog;

impl SaveDialog for NativeSaveDialog {
    fn save_path(&self, suggested_name: &str) -> Option<std::path::PathBuf> {
        rfd::FileDialog::new()
            .set_file_name(suggested_name)
            .save_file()
    }

    fn open_path(&self, filter_name: &str, extensions: &[&str]) -> Option<std::path::PathBuf> {
        rfd::FileDialog::new()
            .add_filter(filter_name, extensions)
            .pick_file()
    }
}

/// The UI's end of the worker: send commands; the thread stops on [`Command::Shutdown`] or drop.
pub struct WorkerHandle {
    tx: mpsc::UnboundedSender<Command>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl WorkerHandle {
    /// Queues a command (never blocks).
    pub fn send(&self, command: Command) {
        // A stopped worker has already reported why; nothing more to do here.
        let _ = self.tx.send(command);
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        let _ = self.tx.send(Command::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts the worker thread.
pub fn spawn(env: WorkerEnv, events: EventSender) -> std::io::Result<WorkerHandle> {
    let (tx, rx) = mpsc::unbounded_channel();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("coachdesk-worker")
        .build()?;
    let thread = std::thread::Builder::new()
        .name("coachdesk-worker".into())
        .spawn(move || {
            runtime.block_on(dispatch::run(
                env,
                rx,
                events,
                registry::Registry::default(),
            ))
        })?;
    Ok(WorkerHandle {
        tx,
        thread: Some(thread),
    })
}

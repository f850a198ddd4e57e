//! The background worker: one thread with a tokio runtime that owns the API client, the SQLite
//! store and keyring access. The UI talks to it only through [`Command`] and [`Event`].

mod browse_tasks;
mod busy;
pub mod channels;
pub mod command;
mod connection;
mod course_tasks;
mod dispatch;
pub mod event;
mod export_names;
mod export_tasks;
mod fetched_rows;
mod keyring_tasks;
mod list_tasks;
mod local_tasks;
mod names_tasks;
mod outbox_tasks;
pub mod pages;
pub(crate) mod people_tasks;
mod registry;
pub(crate) mod request_id;
mod state;
mod sync_tasks;
mod tenant_tasks;
#[cfg(test)]
mod tests;

pub use crate::error::WorkerError;
pub use channels::EventSender;
pub use command::{Command, FetchRange, RequestId, RequestIds};
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
    /// The app's clock: "today" and "now" for the worker's jobs and outbox.
    pub clock: crate::clock::Clock,
}

/// What a file dialog answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogAnswer {
    /// The planner chose this file.
    Chosen(std::path::PathBuf),
    /// The planner closed the dialog without a choice.
    Cancelled,
    /// No dialog could be shown (no desktop portal and no zenity on Linux): the UI offers a path
    /// field instead.
    Unavailable,
}

/// Asks the user which file to save or open. Runs on a blocking worker thread, never the UI thread.
pub trait SaveDialog: Send + Sync {
    /// Where to save `suggested_name`.
    fn save_path(&self, suggested_name: &str) -> DialogAnswer;

    /// A file to open (participants list: `extensions` without dots). Dialogs that only save
    /// answer [`DialogAnswer::Unavailable`].
    fn open_path(&self, _filter_name: &str, _extensions: &[&str]) -> DialogAnswer {
        DialogAnswer::Unavailable
    }
}

/// The native dialog (rfd: the desktop portal or zenity on Linux, the system dialog elsewhere).
pub(crate) struct NativeSaveDialog;

/// On Linux rfd answers "nothing chosen" within milliseconds when neither a desktop portal nor
/// zenity can show a dialog, the same answer as a cancel. Nobody opens and cancels a real dialog
/// this fast, so a quick empty answer there counts as "no dialog".
const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(700);

fn native_answer(started: std::time::Instant, chosen: Option<std::path::PathBuf>) -> DialogAnswer {
    match chosen {
        Some(path) => DialogAnswer::Chosen(path),
        None if cfg!(target_os = "linux")
            && crate::clock::Clock::system().since(started) < NO_DIALOG_WITHIN =>
        {
            tracing::warn!("no file dialog could be shown (no desktop portal or zenity)");
            DialogAnswer::Unavailable
        }
        None => DialogAnswer::Cancelled,
    }
}

impl SaveDialog for NativeSaveDialog {
    fn save_path(&self, suggested_name: &str) -> DialogAnswer {
        // How fast a person answered: the computer's clock.
        let started = crate::clock::Clock::system().instant();
        let chosen = rfd::FileDialog::new()
            .set_file_name(suggested_name)
            .save_file();
        native_answer(started, chosen)
    }

    fn open_path(&self, filter_name: &str, extensions: &[&str]) -> DialogAnswer {
        // How fast a person answered: the computer's clock.
        let started = crate::clock::Clock::system().instant();
        let chosen = rfd::FileDialog::new()
            .add_filter(filter_name, extensions)
            .pick_file();
        native_answer(started, chosen)
    }
}

/// The folder a typed path starts in when no file dialog can be shown: the documents folder,
/// else the home folder.
pub(crate) fn default_folder() -> std::path::PathBuf {
    directories::UserDirs::new()
        .map(|u| {
            u.document_dir()
                .map(|d| d.to_path_buf())
                .unwrap_or_else(|| u.home_dir().to_path_buf())
        })
        .unwrap_or_default()
}

/// The UI's end of the worker: send commands; the thread stops on [`Command::Shutdown`] or drop.
pub struct WorkerHandle {
    tx: mpsc::UnboundedSender<Command>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The names of the last [`RECENT_COMMANDS`] commands sent, oldest first (for the
    /// diagnostics support asks for: what the app asked its worker to do, never their data).
    recent: std::sync::Mutex<std::collections::VecDeque<&'static str>>,
}

/// How many command names the diagnostics keep.
pub(crate) const RECENT_COMMANDS: usize = 40;

impl WorkerHandle {
    /// Queues a command (never blocks).
    pub fn send(&self, command: Command) {
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() == RECENT_COMMANDS {
                recent.pop_front();
            }
            recent.push_back(command.name());
        }
        // A stopped worker has already reported why; nothing more to do here.
        let _ = self.tx.send(command);
    }

    /// The names of the last commands sent, oldest first.
    pub(crate) fn recent_commands(&self) -> Vec<&'static str> {
        self.recent
            .lock()
            .map(|r| r.iter().copied().collect())
            .unwrap_or_default()
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
            ));
            // Off the UI thread: the app's exit waits for a sync's checkpoint here.
            crate::store::finish_checkpoints();
        })?;
    Ok(WorkerHandle {
        tx,
        thread: Some(thread),
        recent: Default::default(),
    })
}

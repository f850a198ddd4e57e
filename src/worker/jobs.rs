//! The worker loop: takes commands, runs each long job as a task with a cancel flag, reports events.

use super::connection::{self, ConnectError, Connection};
use super::{Command, Event, EventSender, FetchSummary, RequestId, WorkerEnv};
use crate::api::ApiError;
use crate::i18n;
use crate::job::{Cancel, Progress};
use crate::message::{self, UserMessage};
use crate::store::Store;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Shared state of the loop.
struct State {
    env: WorkerEnv,
    events: EventSender,
    conn: Option<Arc<Connection>>,
    jobs: HashMap<RequestId, Cancel>,
}

impl State {
    fn fail(&self, req: RequestId, message: UserMessage) {
        self.events.send(Event::Failed {
            req,
            message: Box::new(message),
            keyring: false,
        });
    }

    fn fail_api(&self, req: RequestId, e: &ApiError) {
        self.fail(req, message::from_api_error(e, i18n::current()));
    }

    fn no_connection(&self, req: RequestId) {
        self.fail(
            req,
            message::local_failure(i18n::current(), i18n::t("worker.not_connected")),
        );
    }
}

/// Runs until `Shutdown` or until the UI drops its sender.
pub async fn run(env: WorkerEnv, mut rx: mpsc::UnboundedReceiver<Command>, events: EventSender) {
    let mut state = State {
        env,
        events,
        conn: None,
        jobs: HashMap::new(),
    };
    // The outbox is flushed in the background: after connecting and then on every tick (which
    // also covers "after the rate-limit reset", as waiting entries become due then).
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(OUTBOX_TICK_SECS));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let flushing = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Connecting runs as its own task (an unreachable host may take a while) and reports here, so
    // the loop keeps serving commands meanwhile; only the newest attempt counts.
    let (connected_tx, mut connected_rx) = mpsc::unbounded_channel();
    let mut newest_connect: Option<RequestId> = None;
    loop {
        let command = tokio::select! {
            command = rx.recv() => match command {
                Some(command) => command,
                None => break,
            },
            Some((req, result)) = connected_rx.recv() => {
                if newest_connect == Some(req) {
                    connected(&mut state, req, result);
                    background_flush(&state, &flushing);
                }
                continue;
            }
            _ = tick.tick() => {
                background_flush(&state, &flushing);
                continue;
            }
        };
        state.jobs.retain(|_, cancel| !cancel.is_cancelled());
        match command {
            Command::Shutdown => break,
            Command::StartDemo { req } => {
                newest_connect = Some(req);
                let (env, tx) = (state.env.clone(), connected_tx.clone());
                tokio::spawn(async move {
                    let _ = tx.send((req, connection::demo(&env).await));
                });
            }
            Command::Connect {
                req,
                profile,
                session_secret,
            } => {
                newest_connect = Some(req);
                let (env, tx) = (state.env.clone(), connected_tx.clone());
                tokio::spawn(async move {
                    let _ = tx.send((
                        req,
                        connection::profile(&env, &profile, session_secret).await,
                    ));
                });
            }
            Command::SaveSecret {
                req,
                account,
                secret,
            } => {
                let store = state.env.credentials.clone();
                let result =
                    tokio::task::spawn_blocking(move || store.set(&account, &secret)).await;
                keyring_result(&state, req, result, Event::SecretSaved { req });
            }
            Command::SaveConfig { req, config } => {
                let path = state.env.dirs.config.join("profiles.json");
                let result = tokio::task::spawn_blocking(move || config.save(&path)).await;
                match result {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => {
                        state.fail(req, message::local_failure(i18n::current(), &e.to_string()))
                    }
                    Err(e) => {
                        state.fail(req, message::local_failure(i18n::current(), &e.to_string()))
                    }
                }
            }
            Command::ForgetSecret { req, account } => {
                let store = state.env.credentials.clone();
                let result = tokio::task::spawn_blocking(move || store.delete(&account)).await;
                keyring_result(&state, req, result, Event::SecretForgotten { req });
            }
            Command::SaveDraft { json } => {
                let path = state.env.dirs.data.join(DRAFT_FILE);
                let result =
                    tokio::task::spawn_blocking(move || save_draft(&path, json.as_deref())).await;
                if let Ok(Err(e)) = result {
                    state.fail(0, message::local_failure(i18n::current(), &e));
                }
            }
            Command::LoadStored { req, resource, dir } => {
                let events = state.events.clone();
                tokio::spawn(async move {
                    super::browse_tasks::load_stored(dir, req, resource, &events).await
                });
            }
            Command::Versions {
                req,
                resource,
                id,
                dir,
            } => {
                let events = state.events.clone();
                tokio::spawn(async move {
                    super::browse_tasks::versions(dir, req, resource, id, &events).await
                });
            }
            Command::OpenFolder { path } => {
                tokio::task::spawn_blocking(move || open_folder(&path));
            }
            Command::ResolveNames { req, targets } => {
                let Some(conn) = state.conn.clone() else {
                    state.no_connection(req);
                    continue;
                };
                let cancel = Cancel::new();
                state.jobs.insert(req, cancel.clone());
                let events = state.events.clone();
                tokio::spawn(async move {
                    super::names_tasks::run(&conn, req, targets, &events, &cancel).await
                });
            }
            Command::Cancel { req } => {
                if let Some(cancel) = state.jobs.remove(&req) {
                    cancel.cancel();
                }
            }
            Command::ImportParticipants { req } => {
                let (events, dialog) = (state.events.clone(), state.env.save_dialog.clone());
                tokio::spawn(async move {
                    super::people_tasks::import_participants(req, dialog, &events).await
                });
            }
            Command::LoadRecent { req } => {
                let (events, dir) = (state.events.clone(), state.env.dirs.data.clone());
                tokio::spawn(
                    async move { super::people_tasks::load_recent(dir, req, &events).await },
                );
            }
            Command::SaveRecent { json } => {
                let dir = state.env.dirs.data.clone();
                tokio::spawn(super::people_tasks::save_recent(dir, json));
            }
            other => {
                let Some(conn) = state.conn.clone() else {
                    if let Some(req) = request_id(&other) {
                        state.no_connection(req);
                    }
                    continue;
                };
                let cancel = Cancel::new();
                if let Some(req) = request_id(&other) {
                    state.jobs.insert(req, cancel.clone());
                }
                let events = state.events.clone();
                let dialog = state.env.save_dialog.clone();
                tokio::spawn(super::tasks::run(conn, other, events, cancel, dialog));
            }
        }
    }
}

/// Seconds between background outbox flushes.
const OUTBOX_TICK_SECS: u64 = 20;

/// Starts a flush of the due outbox entries unless one is running or nothing is connected.
fn background_flush(state: &State, flushing: &Arc<std::sync::atomic::AtomicBool>) {
    let Some(conn) = state.conn.clone() else {
        return;
    };
    let Some(busy) = super::busy::BusyGuard::try_claim(flushing) else {
        return;
    };
    let events = state.events.clone();
    let dialog = state.env.save_dialog.clone();
    tokio::spawn(async move {
        // Released when the task ends in any way, a panic included: automatic sending never
        // stops for the rest of the session because one flush failed badly.
        let _busy = busy;
        super::tasks::run(
            conn,
            Command::OutboxFlush { req: 0 },
            events,
            Cancel::new(),
            dialog,
        )
        .await;
    });
}

fn request_id(command: &Command) -> Option<RequestId> {
    match command {
        Command::TestConnection { req }
        | Command::Estimate { req, .. }
        | Command::Fetch { req, .. }
        | Command::Related { req, .. }
        | Command::ChooseAndExport { req, .. }
        | Command::Enrol { req, .. }
        | Command::OutboxList { req }
        | Command::OutboxSendNow { req, .. }
        | Command::OutboxDiscard { req, .. }
        | Command::OutboxUpdate { req, .. }
        | Command::OutboxFlush { req }
        | Command::LoadCourses { req }
        | Command::LookupPeople { req, .. }
        | Command::SearchCompanies { req, .. } => Some(*req),
        _ => None,
    }
}

fn connected(state: &mut State, req: RequestId, result: Result<Connection, ConnectError>) {
    match result {
        Ok(conn) => {
            tracing::info!("connected to {} as {}", conn.base_url, conn.label);
            state.events.send(Event::Connected {
                req,
                label: conn.label.clone(),
                base_url: conn.base_url.clone(),
                demo: conn.demo,
            });
            state
                .events
                .send(Event::RateLimit(conn.client.rate_limit()));
            // A demo simulator of an earlier connection is no longer needed.
            if let Some(sim) = state.conn.take().and_then(|old| old.simulator.clone()) {
                sim.shutdown();
            }
            state.conn = Some(Arc::new(conn));
        }
        Err(ConnectError::Api(e)) => state.fail_api(req, &e),
        Err(ConnectError::Keyring(e)) => state.events.send(Event::Failed {
            req,
            message: Box::new(message::from_credential_error(&e, i18n::current())),
            keyring: true,
        }),
        Err(ConnectError::NoSecret) => state.fail(
            req,
            message::local_failure(i18n::current(), i18n::t("worker.no_secret")),
        ),
        Err(ConnectError::Local(e)) => state.fail(req, message::local_failure(i18n::current(), &e)),
    }
}

fn keyring_result(
    state: &State,
    req: RequestId,
    result: Result<Result<(), crate::credentials::CredentialError>, tokio::task::JoinError>,
    ok: Event,
) {
    match result {
        Ok(Ok(())) => state.events.send(ok),
        Ok(Err(e)) => state.events.send(Event::Failed {
            req,
            message: Box::new(message::from_credential_error(&e, i18n::current())),
            keyring: true,
        }),
        Err(e) => state.fail(req, message::local_failure(i18n::current(), &e.to_string())),
    }
}

/// Helpers shared by the job tasks.
pub(super) fn progress(label: &str, done: u64, total: Option<u64>) -> Progress {
    Progress {
        done,
        total,
        label: label.to_string(),
    }
}

/// Opens the connection's store (a fresh connection per job; SQLite WAL lets readers run beside a
/// writer).
pub(super) fn open_store(conn: &Connection) -> Result<Store, String> {
    // Owner-only: the record store holds names, addresses and IBANs.
    crate::paths::create_private_dir(&conn.dir)
        .map_err(|e| format!("{}: {e}", conn.dir.display()))?;
    let path = conn.store_path();
    crate::paths::create_private_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Store::open(&path).map_err(|e| e.to_string())
}

/// A fetch summary for a job that stopped early.
pub(super) fn partial(records: u64, requests: u64, windows: u64, missing: String) -> FetchSummary {
    FetchSummary {
        records,
        requests,
        windows,
        complete: false,
        missing: Some(missing),
    }
}

/// Opens a folder in the platform's file manager (best effort; failure only logs).
fn open_folder(path: &std::path::Path) {
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

/// The enrolment draft's file name in the data folder.
pub const DRAFT_FILE: &str = "enrolment-draft.json";

/// Reads the saved enrolment draft. A draft that cannot be read is moved aside
/// (`enrolment-draft.json.damaged-<time>`) so the autosave never overwrites it: returns
/// `(None, Some(moved_to))` then, and the app tells the planner once.
pub fn load_draft(path: &std::path::Path) -> (Option<String>, Option<std::path::PathBuf>) {
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
fn save_draft(path: &std::path::Path, json: Option<&str>) -> Result<(), String> {
    let Some(json) = json else {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("{}: {e}", path.display()))
            }
            _ => Ok(()),
        };
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    crate::atomic_file::write(path, json.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

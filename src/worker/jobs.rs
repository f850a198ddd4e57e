//! The worker loop: takes commands, runs each long job as a task with a cancel flag, reports events.

use super::connection::{self, ConnectError, Connection};
use super::{Access, Command, Event, EventSender, FetchSummary, RequestId, WorkerEnv};
use crate::api::{ApiError, ApiErrorKind};
use crate::i18n;
use crate::job::{Cancel, Progress};
use crate::message::{self, UserMessage};
use crate::resource::Resource;
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
        self.fail(req, message::local_failure(i18n::current(), i18n::t("worker.not_connected")));
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
    while let Some(command) = rx.recv().await {
        state.jobs.retain(|_, cancel| !cancel.is_cancelled());
        match command {
            Command::Shutdown => break,
            Command::StartDemo { req } => {
                let result = connection::demo(&state.env).await;
                connected(&mut state, req, result);
            }
            Command::Connect {
                req,
                profile,
                session_secret,
            } => {
                let result = connection::profile(&state.env, &profile, session_secret).await;
                connected(&mut state, req, result);
            }
            Command::SaveSecret { req, account, secret } => {
                let store = state.env.credentials.clone();
                let result = tokio::task::spawn_blocking(move || store.set(&account, &secret)).await;
                keyring_result(&state, req, result, Event::SecretSaved { req });
            }
            Command::SaveConfig { req, config } => {
                let path = state.env.dirs.config.join("profiles.json");
                let result = tokio::task::spawn_blocking(move || config.save(&path)).await;
                match result {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => state.fail(req, message::local_failure(i18n::current(), &e.to_string())),
                    Err(e) => state.fail(req, message::local_failure(i18n::current(), &e.to_string())),
                }
            }
            Command::ForgetSecret { req, account } => {
                let store = state.env.credentials.clone();
                let result = tokio::task::spawn_blocking(move || store.delete(&account)).await;
                keyring_result(&state, req, result, Event::SecretForgotten { req });
            }
            Command::OpenFolder { path } => {
                tokio::task::spawn_blocking(move || open_folder(&path));
            }
            Command::Cancel { req } => {
                if let Some(cancel) = state.jobs.remove(&req) {
                    cancel.cancel();
                }
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
                // The sync engine's progress callback is not `Send`, so each job runs on a
                // blocking thread that drives it with this runtime's handle.
                let handle = tokio::runtime::Handle::current();
                tokio::task::spawn_blocking(move || {
                    handle.block_on(super::tasks::run(conn, other, events, cancel, dialog))
                });
            }
        }
    }
}

fn request_id(command: &Command) -> Option<RequestId> {
    match command {
        Command::TestConnection { req }
        | Command::LoadStored { req, .. }
        | Command::Estimate { req, .. }
        | Command::Fetch { req, .. }
        | Command::Related { req, .. }
        | Command::ChooseAndExport { req, .. } => Some(*req),
        _ => None,
    }
}

fn connected(state: &mut State, req: RequestId, result: Result<Connection, ConnectError>) {
    match result {
        Ok(conn) => {
            state.events.send(Event::Connected {
                req,
                label: conn.label.clone(),
                base_url: conn.base_url.clone(),
                demo: conn.demo,
            });
            state.events.send(Event::RateLimit(conn.client.rate_limit()));
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
    std::fs::create_dir_all(&conn.dir).map_err(|e| format!("{}: {e}", conn.dir.display()))?;
    Store::open(&conn.store_path()).map_err(|e| e.to_string())
}

/// The connection test for one resource.
pub(super) fn access_of(result: Result<(), ApiError>, resource: Resource) -> Access {
    match result {
        Ok(()) => Access::Readable,
        Err(ApiError {
            kind: ApiErrorKind::Forbidden { scope_hint },
            ..
        }) => Access::Forbidden {
            scope: scope_hint.unwrap_or_else(|| resource.read_scope()),
        },
        Err(e) => Access::Failed {
            message: message::from_api_error(&e, i18n::current()).title,
        },
    }
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

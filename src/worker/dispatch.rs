//! The worker loop and its one routing of [`Command`]s: every command is matched here, once,
//! without a wildcard (a new command does not compile until it is routed), and every job runs as
//! a task of its own, so the loop only routes and Cancel is always served at once. Jobs with a
//! request id are in the [`Registry`] while they run; keyring and file saves run in order on
//! their own [`SerialLane`]s.

use super::connection;
use super::local_tasks::{self, DRAFT_FILE};
use super::outbox_tasks::OutboxJob;
use super::registry::{Registry, SerialLane};
use super::state::State;
use super::{Command, EventSender, WorkerEnv};
use super::{browse_tasks, course_tasks, export_tasks, keyring_tasks, list_tasks};
use super::{names_tasks, people_tasks, sync_tasks, tenant_tasks};
use crate::error::WorkerError;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use tokio::sync::mpsc;

/// Seconds between background outbox flushes.
const OUTBOX_TICK_SECS: u64 = 20;

impl State {
    /// Routes one command. Returns false for `Shutdown`.
    fn route(&mut self, command: Command) -> bool {
        let events = self.events.clone();
        match command {
            Command::Shutdown => return false,
            Command::Cancel { req } => {
                self.registry.cancel(req);
            }
            Command::ShowConnection { profile } => {
                let dirs = &self.env.dirs;
                self.shown = Some(match profile {
                    Some(p) if !p.demo => {
                        crate::session::Folder::of(dirs, &p.environment.base_url(), &p.client_id)
                    }
                    _ => crate::session::Folder::demo(dirs),
                });
            }
            Command::StartDemo { req } => {
                let env = self.env.clone();
                self.connect(req, async move { connection::demo(&env).await });
            }
            Command::Connect {
                req,
                profile,
                session_secret,
            } => {
                let env = self.env.clone();
                self.connect(req, async move {
                    connection::profile(&env, &profile, session_secret).await
                });
            }
            Command::SaveSecret {
                req,
                account,
                secret,
            } => {
                let store = self.env.credentials.clone();
                let job = keyring_tasks::save_secret(store, req, account, secret, events);
                self.queue(&self.keyring, req, job);
            }
            Command::ForgetSecret { req, account } => {
                let store = self.env.credentials.clone();
                let job = keyring_tasks::forget_secret(store, req, account, events);
                self.queue(&self.keyring, req, job);
            }
            Command::MoveSecret {
                req,
                from,
                to,
                forget_from,
            } => {
                let store = self.env.credentials.clone();
                let job = keyring_tasks::move_secret(store, req, (from, to), forget_from, events);
                self.queue(&self.keyring, req, job);
            }
            Command::SaveConfig { req, config } => {
                let path = crate::session::config_path(&self.env.dirs);
                let job = local_tasks::save_config(path, config, req, events);
                self.queue(&self.files, req, job);
            }
            Command::SaveDraft { json } => {
                let path = self.env.dirs.data.join(DRAFT_FILE);
                self.files
                    .push(local_tasks::save_draft_job(path, json, events));
            }
            Command::SaveRecent { json } => match self.shown.clone() {
                Some(folder) => self
                    .files
                    .push(local_tasks::save_recent(folder.path().to_path_buf(), json)),
                None => tracing::warn!("recent people not saved: no connection shown"),
            },
            Command::OpenFolder { path } => {
                tokio::task::spawn_blocking(move || local_tasks::open_folder(&path));
            }
            Command::LoadStored {
                req,
                resource,
                days,
            } => {
                let Some(folder) = self.shown.clone() else {
                    return self.not_shown(req);
                };
                self.spawn(req, move |cancel| async move {
                    let ask = browse_tasks::StoredAsk {
                        folder,
                        resource,
                        days,
                    };
                    browse_tasks::load_stored(ask, req, &events, cancel).await
                })
            }
            Command::Versions { req, resource, id } => {
                let Some(folder) = self.shown.clone() else {
                    return self.not_shown(req);
                };
                self.spawn(req, move |_| async move {
                    browse_tasks::versions(folder, req, resource, id, &events).await
                })
            }
            Command::ChooseAndExport {
                req,
                suggested_name,
                format,
                texts,
                options,
                path,
            } => {
                // Offline too: the rows come with the command. Online, the names of its id
                // columns that the rows lack are looked up on the connection shown (never
                // another's).
                let dialog = self.env.save_dialog.clone();
                let conn = self
                    .conn
                    .clone()
                    .filter(|c| self.shown.as_ref() == Some(c.folder()));
                self.spawn(req, move |cancel| async move {
                    let job = export_tasks::Export {
                        suggested_name,
                        format,
                        texts,
                        options,
                        path,
                        conn,
                    };
                    export_tasks::export(req, job, dialog, &events, cancel).await
                })
            }
            Command::ImportParticipants { req, title, path } => {
                let dialog = self.env.save_dialog.clone();
                self.spawn(req, move |_| async move {
                    list_tasks::import_participants(req, title, path, dialog, &events).await
                })
            }
            Command::LoadRecent { req } => {
                let Some(folder) = self.shown.clone() else {
                    return self.not_shown(req);
                };
                let dir = folder.path().to_path_buf();
                self.spawn(req, move |_| async move {
                    local_tasks::load_recent(dir, req, &events).await
                })
            }
            Command::TestConnection { req } => self.spawn_online(req, move |conn, _| async move {
                tenant_tasks::test_connection(&conn, req, &events).await
            }),
            Command::Estimate {
                req,
                resource,
                from,
                to,
            } => self.spawn_online(req, move |conn, _| async move {
                sync_tasks::estimate(&conn, req, resource, from, to, &events).await
            }),
            Command::Fetch {
                req,
                resource,
                range,
                parallel,
            } => self.spawn_online(req, move |conn, cancel| async move {
                let job = sync_tasks::FetchJob {
                    resource,
                    range,
                    parallel,
                };
                sync_tasks::fetch(&conn, req, job, &events, &cancel).await
            }),
            Command::Related {
                req,
                resource,
                field,
                ids,
            } => self.spawn_online(req, move |conn, cancel| async move {
                browse_tasks::related(&conn, req, resource, field, ids, &events, &cancel).await
            }),
            Command::ResolveNames { req, targets } => {
                self.spawn_online(req, move |conn, cancel| async move {
                    names_tasks::run(&conn, req, targets, &events, &cancel).await
                })
            }
            Command::LookupPeople { req, keys } => {
                self.spawn_online(req, move |conn, cancel| async move {
                    people_tasks::lookup_people(&conn, req, keys, &events, &cancel).await
                })
            }
            Command::SearchCompanies { req, name } => {
                self.spawn_online(req, move |conn, _| async move {
                    people_tasks::search_companies(&conn, req, name, &events).await
                })
            }
            Command::LoadCourses { req } => {
                self.spawn_online(req, move |conn, cancel| async move {
                    course_tasks::courses(&conn, req, &events, &cancel).await
                })
            }
            Command::Enrol {
                req,
                body,
                reference,
                connection,
            } => {
                // Ids of one tenant are never sent to another.
                let elsewhere = self.conn.as_ref().zip(connection.as_ref());
                if elsewhere.is_some_and(|(conn, made_for)| conn.key != *made_for) {
                    self.events.fail(req, WorkerError::OtherConnection);
                } else {
                    self.outbox(req, OutboxJob::Enrol { body, reference });
                }
            }
            Command::OutboxList { req } => self.outbox(req, OutboxJob::List),
            Command::OutboxSendNow { req, id } => self.outbox(req, OutboxJob::SendNow(id)),
            Command::OutboxDiscard { req, id } => self.outbox(req, OutboxJob::Discard(id)),
            Command::OutboxUpdate { req, id, body } => {
                self.outbox(req, OutboxJob::Update { id, body })
            }
            Command::OutboxFlush { req } => self.outbox(req, OutboxJob::Flush),
        }
        true
    }
}

/// Runs until `Shutdown` or until the UI drops its sender; `registry` holds the running jobs.
pub(super) async fn run(
    env: WorkerEnv,
    mut rx: mpsc::UnboundedReceiver<Command>,
    events: EventSender,
    registry: Registry,
) {
    let (connected_tx, mut connected_rx) = mpsc::unbounded_channel();
    let mut state = State {
        env,
        events,
        conn: None,
        shown: None,
        registry,
        keyring: SerialLane::start(),
        files: SerialLane::start(),
        connected_tx,
        newest_connect: None,
    };
    // The outbox is flushed in the background: after connecting and then on every tick (which
    // also covers "after the rate-limit reset", as waiting entries become due then).
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(OUTBOX_TICK_SECS));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let flushing = Arc::new(AtomicBool::new(false));
    loop {
        tokio::select! {
            command = rx.recv() => match command {
                Some(command) => {
                    tracing::debug!("command {command:?}");
                    if !state.route(command) {
                        break;
                    }
                }
                None => break,
            },
            Some((req, result)) = connected_rx.recv() => {
                if state.newest_connect == Some(req) {
                    state.connected(req, result);
                    state.background_flush(&flushing);
                }
            }
            _ = tick.tick() => state.background_flush(&flushing),
        }
    }
}

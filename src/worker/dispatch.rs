//! The worker loop and its one routing of [`Command`]s: every command is matched here, once,
//! without a wildcard (a new command does not compile until it is routed), and every job runs as
//! a task of its own, so the loop only routes and Cancel is always served at once. Jobs with a
//! request id are in the [`Registry`] while they run; keyring and file saves run in order on
//! their own [`SerialLane`]s.

use super::connection::{self, ConnectError, Connection};
use super::local_tasks::{self, DRAFT_FILE};
use super::outbox_tasks::{self, OutboxJob};
use super::registry::{Registry, SerialLane};
use super::{Command, Event, EventSender, RequestId, WorkerEnv};
use super::{browse_tasks, course_tasks, export_tasks, names_tasks, people_tasks, sync_tasks};
use crate::cancel::Cancel;
use crate::error::WorkerError;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use tokio::sync::mpsc;

/// Seconds between background outbox flushes.
const OUTBOX_TICK_SECS: u64 = 20;

/// The loop's state.
struct State {
    env: WorkerEnv,
    events: EventSender,
    conn: Option<Arc<Connection>>,
    /// The data folder of the connection the screens show (`Command::ShowConnection`).
    shown: Option<crate::session::Folder>,
    registry: Registry,
    /// Keyring changes, in the order asked.
    keyring: SerialLane,
    /// Profiles, draft and recent-file saves, in the order asked.
    files: SerialLane,
    /// Connection attempts report here; only the newest counts.
    connected_tx: mpsc::UnboundedSender<(RequestId, Result<Connection, ConnectError>)>,
    newest_connect: Option<RequestId>,
}

impl State {
    /// Answers an offline browse job asked before any connection was shown (`ShowConnection`);
    /// the loop goes on.
    fn not_shown(&self, req: RequestId) -> bool {
        self.events.fail(req, WorkerError::NotConnected);
        true
    }

    /// Runs `job` as a task, registered under `req` until it ends.
    fn spawn<Fut>(&self, req: RequestId, job: impl FnOnce(Cancel) -> Fut)
    where
        Fut: Future<Output = ()> + Send + 'static,
    {
        let (cancel, guard) = self.registry.start(req);
        let job = job(cancel);
        tokio::spawn(async move {
            let _registered = guard;
            job.await;
        });
    }

    /// [`State::spawn`] for a job that needs Coachview: fails with `NotConnected` without a
    /// connection, and reports the rate limit when the job ends.
    fn spawn_online<Fut>(&self, req: RequestId, job: impl FnOnce(Arc<Connection>, Cancel) -> Fut)
    where
        Fut: Future<Output = ()> + Send + 'static,
    {
        let Some(conn) = self.conn.clone() else {
            return self.events.fail(req, WorkerError::NotConnected);
        };
        let events = self.events.clone();
        self.spawn(req, move |cancel| {
            let job = job(conn.clone(), cancel);
            async move {
                job.await;
                events.send(conn.rate_event());
            }
        });
    }

    /// Queues `job` on `lane`, registered under `req` until it ends.
    fn queue(
        &self,
        lane: &SerialLane,
        req: RequestId,
        job: impl Future<Output = ()> + Send + 'static,
    ) {
        let (_cancel, guard) = self.registry.start(req);
        lane.push(async move {
            let _registered = guard;
            job.await;
        });
    }

    /// Starts a connection attempt; it reports back into the loop.
    fn connect(
        &mut self,
        req: RequestId,
        attempt: impl Future<Output = Result<Connection, ConnectError>> + Send + 'static,
    ) {
        self.newest_connect = Some(req);
        // One profile, one world: from now on nothing goes to the previous connection (a job
        // already running keeps its own; its answers carry their request or connection key).
        if let Some(sim) = self.conn.take().and_then(|old| old.simulator.clone()) {
            sim.shutdown();
        }
        let tx = self.connected_tx.clone();
        self.spawn(req, move |_cancel| async move {
            let _ = tx.send((req, attempt.await));
        });
    }

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
                let job = local_tasks::save_secret(store, req, account, secret, events);
                self.queue(&self.keyring, req, job);
            }
            Command::ForgetSecret { req, account } => {
                let store = self.env.credentials.clone();
                let job = local_tasks::forget_secret(store, req, account, events);
                self.queue(&self.keyring, req, job);
            }
            Command::MoveSecret {
                req,
                from,
                to,
                forget_from,
            } => {
                let store = self.env.credentials.clone();
                let job = local_tasks::move_secret(store, req, (from, to), forget_from, events);
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
            Command::SaveRecent { dir, json } => {
                self.files.push(people_tasks::save_recent(dir, json));
            }
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
                // Offline too: the rows come with the command.
                let dialog = self.env.save_dialog.clone();
                self.spawn(req, move |cancel| async move {
                    let job = export_tasks::Export {
                        suggested_name,
                        format,
                        texts,
                        options,
                        path,
                    };
                    export_tasks::export(req, job, dialog, &events, cancel).await
                })
            }
            Command::ImportParticipants { req, title, path } => {
                let dialog = self.env.save_dialog.clone();
                self.spawn(req, move |_| async move {
                    people_tasks::import_participants(req, title, path, dialog, &events).await
                })
            }
            Command::LoadRecent { req, dir } => self.spawn(req, move |_| async move {
                people_tasks::load_recent(dir, req, &events).await
            }),
            Command::TestConnection { req } => self.spawn_online(req, move |conn, _| async move {
                sync_tasks::test_connection(&conn, req, &events).await
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
                sync_tasks::related(&conn, req, resource, field, ids, &events, &cancel).await
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

    fn outbox(&self, req: RequestId, job: OutboxJob) {
        let events = self.events.clone();
        self.spawn_online(req, move |conn, cancel| async move {
            outbox_tasks::run(&conn, req, job, &events, &cancel).await
        })
    }

    /// Starts a flush of the due outbox entries unless one is running or nothing is connected.
    fn background_flush(&self, flushing: &Arc<AtomicBool>) {
        let Some(conn) = self.conn.clone() else {
            return;
        };
        let Some(busy) = super::busy::BusyGuard::try_claim(flushing) else {
            return;
        };
        let events = self.events.clone();
        tokio::spawn(async move {
            // Released when the task ends in any way, a panic included: automatic sending never
            // stops for the rest of the session because one flush failed badly.
            let _busy = busy;
            outbox_tasks::run(
                &conn,
                RequestId::UNSOLICITED,
                OutboxJob::Flush,
                &events,
                &Cancel::new(),
            )
            .await;
            events.send(conn.rate_event());
        });
    }

    /// A connection attempt ended (only the newest attempt is passed here).
    fn connected(&mut self, req: RequestId, result: Result<Connection, ConnectError>) {
        let conn = match result {
            Ok(conn) => conn,
            Err(e) => return self.events.fail(req, e),
        };
        tracing::info!("connected to {} as {}", conn.base_url, conn.label);
        self.events.send(Event::Connected {
            req,
            label: conn.label.clone(),
            base_url: conn.base_url.clone(),
            demo: conn.demo,
            key: conn.key.clone(),
            probe_due: conn.probe_due(),
        });
        self.events.send(conn.rate_event());
        // A demo simulator of an earlier connection is no longer needed.
        if let Some(sim) = self.conn.take().and_then(|old| old.simulator.clone()) {
            sim.shutdown();
        }
        self.conn = Some(Arc::new(conn));
    }
}

impl From<ConnectError> for WorkerError {
    fn from(e: ConnectError) -> WorkerError {
        match e {
            ConnectError::Api(e) => e.into(),
            ConnectError::Keyring(e) => WorkerError::Keyring(e),
            ConnectError::NoSecret => WorkerError::NoSecret,
            ConnectError::Local(e) => WorkerError::Internal(e),
        }
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

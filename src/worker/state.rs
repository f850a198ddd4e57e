//! The worker loop's state and the ways it starts work: a job as a task registered under its
//! request, a job that needs the connection, a job queued on a serial lane, a connection attempt,
//! the background outbox flush, and taking over a new connection. The loop and its routing are
//! in `dispatch.rs`.

use super::connection::{ConnectError, Connection};
use super::outbox_tasks::{self, OutboxJob};
use super::registry::{Registry, SerialLane};
use super::{Event, EventSender, RequestId, WorkerEnv};
use crate::cancel::Cancel;
use crate::error::WorkerError;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use tokio::sync::mpsc;

/// The loop's state.
pub(super) struct State {
    pub(super) env: WorkerEnv,
    pub(super) events: EventSender,
    pub(super) conn: Option<Arc<Connection>>,
    /// The data folder of the connection the screens show (`Command::ShowConnection`).
    pub(super) shown: Option<crate::session::Folder>,
    pub(super) registry: Registry,
    /// Keyring changes, in the order asked.
    pub(super) keyring: SerialLane,
    /// Profiles, draft and recent-file saves, in the order asked.
    pub(super) files: SerialLane,
    /// Connection attempts report here; only the newest counts.
    pub(super) connected_tx: mpsc::UnboundedSender<(RequestId, Result<Connection, ConnectError>)>,
    pub(super) newest_connect: Option<RequestId>,
}

impl State {
    /// Answers an offline browse job asked before any connection was shown (`ShowConnection`);
    /// the loop goes on.
    pub(super) fn not_shown(&self, req: RequestId) -> bool {
        self.events.fail(req, WorkerError::NotConnected);
        true
    }

    /// Runs `job` as a task, registered under `req` until it ends.
    pub(super) fn spawn<Fut>(&self, req: RequestId, job: impl FnOnce(Cancel) -> Fut)
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
    pub(super) fn spawn_online<Fut>(
        &self,
        req: RequestId,
        job: impl FnOnce(Arc<Connection>, Cancel) -> Fut,
    ) where
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
    pub(super) fn queue(
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
    pub(super) fn connect(
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

    pub(super) fn outbox(&self, req: RequestId, job: OutboxJob) {
        let events = self.events.clone();
        self.spawn_online(req, move |conn, cancel| async move {
            outbox_tasks::run(&conn, req, job, &events, &cancel).await
        })
    }

    /// Starts a flush of the due outbox entries unless one is running or nothing is connected.
    pub(super) fn background_flush(&self, flushing: &Arc<AtomicBool>) {
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
    pub(super) fn connected(&mut self, req: RequestId, result: Result<Connection, ConnectError>) {
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

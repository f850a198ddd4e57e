//! A faithful Coachview stand-in (axum on 127.0.0.1): seeded data, query language, auth,
//! rate limit and faults, following `shared/docs/coachview-api.md`.
//!
//! Choices where the API doc leaves room (all documented in `routes.rs` too):
//! - default list order is change time, then id, ascending; `take` defaults to `max_take`;
//! - token requests are neither rate limited nor counted; a 401 carries no rate-limit headers;
//! - faults (latency, 5xx, drops) hit every request, token requests included;
//! - `webaanvragen_received()` returns each created Webaanvraag with the posted body under `_body`.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![warn(unreachable_pub)]
#![warn(missing_docs)]

pub mod auth;
pub mod clock;
mod compact;
pub mod config;
pub mod data;
pub mod dialect;
pub mod distance;
pub mod exec;
pub mod faults;
mod generator;
mod names;
mod packed;
pub mod parallel;
mod problem;
pub mod query;
#[cfg(test)]
mod query_tests;
pub mod rate_limit;
mod records;
mod records_opleiding;
mod records_packed;
mod records_text;
pub mod relations;
pub mod routes;
mod row_id;
pub mod store;
pub mod time;
pub mod webaanvraag;

pub use config::{SimClient, SimConfig, demo_config};

use chrono::NaiveDateTime;
use coachview::resource::Resource;
use faults::{ConnKill, FaultSettings, Faults, KillListener};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Instant;
use store::State;

/// Everything the handlers share.
pub struct Shared {
    /// The records, locations and created webaanvragen.
    pub state: RwLock<State>,
    /// The settings the simulator was started with.
    pub cfg: SimConfig,
    /// The OAuth clients it accepts, with their scopes.
    pub clients: Vec<SimClient>,
    /// The tokens handed out and when they expire.
    pub tokens: Mutex<auth::Tokens>,
    /// The per-client rate limits.
    pub limits: Mutex<rate_limit::RateLimiter>,
    /// The injected faults and their random source.
    pub faults: Mutex<Faults>,
    /// HTTP requests answered so far (tests count them).
    pub requests: AtomicU64,
    /// TCP connections the listener accepted (also those it dropped while offline).
    pub connections: Arc<AtomicU64>,
    /// While true, the listener drops every connection (the "offline" switch).
    pub offline: Arc<AtomicBool>,
    /// The dialect played now (starts as `cfg.dialect`; tests may switch it).
    pub dialect: RwLock<dialect::Dialect>,
    /// The shared office line: bandwidth, row cost and the bytes sent.
    pub line: distance::Line,
    /// The `--max-parallel` slots and the in-flight gauge.
    pub parallel: parallel::Gate,
    started: Instant,
    shutdown: tokio::sync::watch::Sender<bool>,
}

/// Locks even when a panicking thread poisoned the lock (the data stays usable).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// The simulator's clock: `cfg.now` plus the time since start.
    pub fn now(&self) -> NaiveDateTime {
        let elapsed =
            chrono::Duration::from_std(coachview::clock::Clock::system().since(self.started))
                .unwrap_or_default();
        self.cfg.now + elapsed
    }

    /// Reads the state, even after a panicking handler poisoned the lock.
    pub fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the state, even after a panicking handler poisoned the lock.
    pub fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The token table, locked.
    pub fn tokens(&self) -> MutexGuard<'_, auth::Tokens> {
        lock(&self.tokens)
    }

    /// The rate limiter, locked.
    pub fn limits(&self) -> MutexGuard<'_, rate_limit::RateLimiter> {
        lock(&self.limits)
    }

    /// The fault injector, locked.
    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        lock(&self.faults)
    }

    /// The dialect played now.
    pub fn dialect(&self) -> dialect::Dialect {
        self.dialect
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Starts simulators.
pub struct Simulator;

/// A running simulator. Clones share it; dropping does not stop it, `shutdown()` does.
#[derive(Clone)]
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl Simulator {
    /// Serves on a free 127.0.0.1 port inside the caller's tokio runtime.
    pub async fn start(cfg: SimConfig) -> std::io::Result<SimHandle> {
        Self::start_on(cfg, "127.0.0.1:0").await
    }

    /// Serves on the given address (`127.0.0.1:0` picks a free port).
    pub async fn start_on(cfg: SimConfig, addr: &str) -> std::io::Result<SimHandle> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(build_shared(cfg));
        let listener = KillListener {
            inner: listener,
            offline: shared.offline.clone(),
            accepted: shared.connections.clone(),
        };
        let app = routes::router(shared.clone()).into_make_service_with_connect_info::<ConnKill>();
        let mut stop = shared.shutdown.subscribe();
        tokio::spawn(async move {
            let signal = async move {
                while !*stop.borrow_and_update() {
                    if stop.changed().await.is_err() {
                        break;
                    }
                }
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .await
            {
                tracing::warn!("simulator stopped: {e}");
            }
        });
        Ok(SimHandle { shared, addr })
    }

    /// Starts on its own thread with its own tokio runtime (for the GUI and blocking tests).
    pub fn spawn(cfg: SimConfig) -> std::io::Result<SimHandle> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("coachdesk-sim".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let started = Simulator::start(cfg).await;
                    let mut stop = started.as_ref().ok().map(|h| h.shared.shutdown.subscribe());
                    let _ = tx.send(started);
                    if let Some(stop) = stop.as_mut() {
                        while !*stop.borrow_and_update() {
                            if stop.changed().await.is_err() {
                                break;
                            }
                        }
                    }
                });
            })?;
        rx.recv()
            .map_err(|_| std::io::Error::other("simulator thread ended before starting"))?
    }
}

fn build_shared(cfg: SimConfig) -> Shared {
    let state = data::generate(&cfg);
    let settings = FaultSettings {
        fault_rate: cfg.fault_rate,
        drop_rate: cfg.drop_rate,
        lost_response_rate: cfg.lost_response_rate,
        latency_ms: cfg.latency_ms,
    };
    Shared {
        state: RwLock::new(state),
        clients: cfg.all_clients(),
        tokens: Mutex::new(auth::Tokens::default()),
        limits: Mutex::new(rate_limit::RateLimiter::with_window(
            cfg.daily_limit,
            cfg.rate_window_secs,
        )),
        dialect: RwLock::new(cfg.dialect.clone()),
        line: distance::Line::new(cfg.bandwidth_kbps, cfg.row_cost_us),
        parallel: parallel::Gate::new(cfg.max_parallel, cfg.over_parallel),
        faults: Mutex::new(Faults::new(settings, cfg.seed)),
        requests: AtomicU64::new(0),
        connections: Arc::new(AtomicU64::new(0)),
        offline: Arc::new(AtomicBool::new(false)),
        started: coachview::clock::Clock::system().instant(),
        shutdown: tokio::sync::watch::channel(false).0,
        cfg,
    }
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving (open connections finish their current request).
    pub fn shutdown(&self) {
        self.shared.shutdown.send_replace(true);
    }

    /// The simulator's clock (`cfg.now` plus the time since start).
    pub fn now(&self) -> NaiveDateTime {
        self.shared.now()
    }

    /// Creates a record or merges fields into the one with the same `id`; sets its change time
    /// and a new etag. Returns the id.
    pub fn upsert(&self, resource: Resource, record: Value, changed_at: NaiveDateTime) -> String {
        self.shared.write().upsert(resource, record, changed_at)
    }

    /// Gives a record a new change time and etag; false when it does not exist.
    pub fn touch(&self, resource: Resource, id: &str, changed_at: NaiveDateTime) -> bool {
        self.shared.write().touch(resource, id, changed_at)
    }

    /// Deletes a record; false when it did not exist.
    pub fn delete(&self, resource: Resource, id: &str) -> bool {
        self.shared.write().table_mut(resource).remove(id)
    }

    /// One record as a GET would return it.
    pub fn record(&self, resource: Resource, id: &str) -> Option<Value> {
        let state = self.shared.read();
        state.table(resource)?.get(id).map(|r| r.value())
    }

    /// (id, etag) of the records changed in `[from, to)`, in change-time order.
    pub fn changed_between(
        &self,
        resource: Resource,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Vec<(String, i64)> {
        use std::ops::Bound;
        let state = self.shared.read();
        let Some(table) = state.table(resource) else {
            return Vec::new();
        };
        table
            .range(Bound::Included(from), Bound::Excluded(to))
            .map(|(id, row)| (id.to_string(), row.etag))
            .collect()
    }

    /// Number of records of a resource.
    pub fn count(&self, resource: Resource) -> usize {
        self.shared.read().table(resource).map_or(0, |t| t.len())
    }

    /// Every record of a resource in change-time order.
    pub fn all(&self, resource: Resource) -> Vec<Value> {
        let state = self.shared.read();
        state
            .table(resource)
            .map(|t| t.iter().map(|(_, row)| row.value()).collect())
            .unwrap_or_default()
    }

    /// Every access token issued so far.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.tokens().issued()
    }

    /// Every HTTP request that reached the server (token, 4xx and 429 included).
    pub fn requests_received(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Every TCP connection the simulator accepted, also those dropped unanswered while
    /// offline (`set_offline`): zero new ones proves the client did not even try to connect.
    pub fn connections_accepted(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// The webaanvragen created by POST, oldest first: the stored record (as GET shows it, or
    /// as created if since deleted) with the exact posted JSON body under `"_body"`.
    pub fn webaanvragen_received(&self) -> Vec<Value> {
        let state = self.shared.read();
        state
            .created_webaanvragen
            .iter()
            .filter_map(|id| {
                let body = state.posted_bodies.get(id)?;
                let mut record = state
                    .table(Resource::Webaanvragen)
                    .and_then(|t| t.get(id))
                    .map(|r| r.value())
                    .unwrap_or_else(|| serde_json::json!({"id": id}));
                if let Value::Object(map) = &mut record {
                    map.insert("_body".into(), body.clone());
                }
                Some(record)
            })
            .collect()
    }

    /// Changes the fault settings.
    pub fn set_faults(
        &self,
        fault_rate: f64,
        drop_rate: f64,
        lost_response_rate: f64,
        latency_ms: u64,
    ) {
        self.shared.faults().settings = FaultSettings {
            fault_rate,
            drop_rate,
            lost_response_rate,
            latency_ms,
        };
    }

    /// While true, every connection is dropped without an answer ("server down").
    pub fn set_offline(&self, offline: bool) {
        self.shared.offline.store(offline, Ordering::SeqCst);
    }

    /// Switches the dialect (takes effect with the next request).
    pub fn set_dialect(&self, d: dialect::Dialect) {
        *self
            .shared
            .dialect
            .write()
            .unwrap_or_else(|e| e.into_inner()) = d;
    }

    /// Puts the server at a distance: `latency_ms` before every answer, answers sharing
    /// `bandwidth_kbps` (0: unlimited), list answers costing `row_cost_us` per row.
    pub fn set_distance(&self, latency_ms: u64, bandwidth_kbps: u64, row_cost_us: u64) {
        self.shared.faults().settings.latency_ms = latency_ms;
        let line = &self.shared.line;
        line.bandwidth_kbps.store(bandwidth_kbps, Ordering::SeqCst);
        line.row_cost_us.store(row_cost_us, Ordering::SeqCst);
    }

    /// Body bytes of every answer sent so far (token answers and errors included).
    pub fn bytes_sent(&self) -> u64 {
        self.shared.line.bytes_sent.load(Ordering::SeqCst)
    }

    /// Time the shared line was reserved for throttled answers so far.
    pub fn line_busy(&self) -> std::time::Duration {
        std::time::Duration::from_micros(self.shared.line.line_busy_us.load(Ordering::SeqCst))
    }

    /// Server time added to list answers by the row cost so far.
    pub fn row_cost_total(&self) -> std::time::Duration {
        std::time::Duration::from_micros(self.shared.line.row_cost_total_us.load(Ordering::SeqCst))
    }

    /// The most requests the simulator was answering at once (since start or the last
    /// [`SimHandle::reset_max_in_flight`]).
    pub fn max_in_flight(&self) -> u64 {
        self.shared.parallel.max_in_flight()
    }

    /// Starts counting [`SimHandle::max_in_flight`] afresh.
    pub fn reset_max_in_flight(&self) {
        self.shared.parallel.reset_max();
    }

    /// Forgets all counted requests of every client.
    pub fn reset_rate_limits(&self) {
        self.shared.limits().reset();
    }
}

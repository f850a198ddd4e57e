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
mod fresh;
mod generator;
mod handle;
mod names;
mod packed;
mod packed_text;
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
use faults::{ConnKill, FaultSettings, Faults, KillListener};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64};
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

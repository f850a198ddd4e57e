//! The parts of `Client` that carry what is known about the tenant: capabilities, the short
//! 429 wait, restoring and keeping the tenant state, example-data detection, request tracing.

use super::Client;
use crate::api::capabilities::{Capabilities, TenantState};
use crate::api::error::{ApiError, ApiErrorKind};
use crate::resource::Resource;
use serde_json::Value;

impl Client {
    /// When the short 429 wait running now ends (shown in progress), if one runs.
    pub fn waiting_until(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.inner
            .waiting_until()
            .filter(|t| *t > crate::clock::Clock::system().now_utc())
    }

    /// Calls `notice` with the end of every 429 wait as it starts (the CLI prints it).
    pub fn on_wait(&self, notice: impl Fn(chrono::DateTime<chrono::Utc>) + Send + Sync + 'static) {
        let notice: super::super::http::WaitNotice = std::sync::Arc::new(notice);
        match self.inner.wait_notice.lock() {
            Ok(mut n) => *n = Some(notice),
            Err(poisoned) => *poisoned.into_inner() = Some(notice),
        }
    }

    /// How long a 429 that says nothing usable about its reset is waited out, once (60 s by
    /// default; tests set less).
    pub fn set_unknown_reset_wait(&self, wait: std::time::Duration) {
        let ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        self.inner
            .blind_wait_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
    }

    /// Starts (or restarts) recording the path and query of every list and count request.
    pub fn start_trace(&self) {
        if let Ok(mut t) = self.trace.lock() {
            *t = Some(Vec::new());
        }
    }

    /// The requests recorded since [`Client::start_trace`]; stops recording.
    pub fn take_trace(&self) -> Vec<String> {
        self.trace
            .lock()
            .ok()
            .and_then(|mut t| t.take())
            .unwrap_or_default()
    }

    /// A copy of the requests recorded so far; recording goes on.
    pub fn trace_so_far(&self) -> Vec<String> {
        self.trace
            .lock()
            .ok()
            .and_then(|t| t.clone())
            .unwrap_or_default()
    }

    pub(super) fn note_trace(&self, path: &str) {
        if let Ok(mut t) = self.trace.lock()
            && let Some(v) = t.as_mut()
        {
            v.push(path.to_string());
        }
    }

    /// What this tenant is known to do.
    pub fn capabilities(&self) -> Capabilities {
        match self.caps.lock() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Changes what this tenant is known to do (e.g. a downgrade after a refused form).
    pub fn update_capabilities(&self, f: impl FnOnce(&mut Capabilities)) {
        let update = |c: &mut Capabilities| {
            let before = c.clone();
            f(c);
            c.note_fallback(&before, crate::clock::Clock::system().now_utc());
        };
        match self.caps.lock() {
            Ok(mut g) => update(&mut g),
            Err(p) => update(&mut p.into_inner()),
        }
    }

    /// Capabilities and last known rate limit, to keep on disk.
    pub fn tenant_state(&self) -> TenantState {
        TenantState {
            capabilities: self.capabilities(),
            rate_limit: self.rate_limit(),
        }
    }

    /// Starts informed from what was kept on disk.
    pub fn restore(&self, state: TenantState) {
        self.update_capabilities(|c| *c = state.capabilities);
        self.inner.restore_rate(state.rate_limit);
    }
}

/// Example data instead of a 403 (Coachview's Swagger without the scope): two or more records
/// that all carry the same `id`.
pub fn is_example_data(records: &[Value]) -> bool {
    let mut ids = records.iter().map(crate::api::decode::record_id);
    match ids.next() {
        Some(Some(first)) if records.len() >= 2 => ids.all(|id| id.as_deref() == Some(&first)),
        _ => false,
    }
}

pub(super) fn example_data_error(resource: Resource, path: &str) -> ApiError {
    tracing::warn!("GET {path}: every id identical (example data): treated as a missing scope");
    ApiError::new(
        ApiErrorKind::Forbidden {
            scope_hint: Some(resource.read_scope()),
        },
        Some(200),
        "GET",
        path,
        "example data (every id identical): the read scope is missing",
    )
}

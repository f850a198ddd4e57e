//! What a running simulator offers its owner (the demo, the tests, the benches): its address,
//! shutdown, and hooks to change records, faults, dialect and distance and to read what it
//! received and sent.

use super::faults::FaultSettings;
use super::{SimHandle, dialect};
use chrono::NaiveDateTime;
use coachview::resource::Resource;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;

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

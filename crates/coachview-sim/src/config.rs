//! Simulator settings (`SimConfig`), API clients (`SimClient`) and the built-in demo clients.

use chrono::NaiveDateTime;
use coachview::resource::Resource;

/// One API client the simulator accepts at `/auth/connect/token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimClient {
    /// The client id.
    pub id: String,
    /// The client secret it must present.
    pub secret: String,
    /// The scopes its tokens carry.
    pub scopes: Vec<String>,
}

impl SimClient {
    /// Parses `ID:SECRET[:SCOPE,SCOPE…]` (the `--client` flag). Without scopes the client gets
    /// every scope the simulator knows.
    pub fn parse(spec: &str) -> Result<SimClient, String> {
        let mut parts = spec.splitn(3, ':');
        let id = parts.next().unwrap_or_default().trim();
        let secret = parts.next().unwrap_or_default();
        if id.is_empty() || secret.is_empty() {
            return Err(format!(
                "--client expects ID:SECRET[:SCOPE,SCOPE...], got '{}'",
                id
            ));
        }
        let scopes: Vec<String> = match parts.next() {
            Some(list) if !list.trim().is_empty() => list
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            _ => all_scopes(),
        };
        Ok(SimClient {
            id: id.to_string(),
            secret: secret.to_string(),
            scopes,
        })
    }
}

/// Every scope the simulator knows: `api`, each resource's `.Lezen`, and the `.Schrijven`
/// scopes of Webaanvragen and Personen.
pub fn all_scopes() -> Vec<String> {
    let mut scopes = read_scopes();
    scopes.push(Resource::Webaanvragen.write_scope());
    scopes.push(Resource::Personen.write_scope());
    scopes
}

/// `api` plus every resource's `.Lezen` scope.
pub fn read_scopes() -> Vec<String> {
    let mut scopes = vec!["api".to_string()];
    scopes.extend(Resource::ALL.iter().map(|r| r.read_scope()));
    scopes
}

/// The simulator's settings; `Default` gives the CLI defaults of `coachdesk sim`.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Seed of the data generator; the same seed and `now` give the same data.
    pub seed: u64,
    /// Number of Aanvragen; the other resources scale with it.
    pub scale: usize,
    /// Requests per client per rolling 24 h before 429.
    pub daily_limit: u32,
    /// A larger `take` is silently capped to this (also the default `take`).
    pub max_take: usize,
    /// A `skip` above this answers 500 after a delay.
    pub max_skip: usize,
    /// Delay per skipped record, in microseconds.
    pub skip_cost_us: u64,
    /// Lifetime of issued tokens, in seconds.
    pub token_lifetime_secs: u64,
    /// Delay before every answer, in milliseconds.
    pub latency_ms: u64,
    /// Kilobits per second all answers share, like one office line (0: unlimited).
    pub bandwidth_kbps: u64,
    /// Extra server time of a list answer per row and embedded object, in microseconds.
    pub row_cost_us: u64,
    /// Share of requests answered 500/502/503.
    pub fault_rate: f64,
    /// Share of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Share of successful `POST Webaanvragen` that are committed but get no answer.
    pub lost_response_rate: f64,
    /// Extra clients; `demo`/`demo` and `lezen`/`lezen` are always added.
    pub clients: Vec<SimClient>,
    /// Which unconfirmed API behaviours to play (see `dialect.rs`).
    pub dialect: super::dialect::Dialect,
    /// Length of the rate-limit window in seconds (24 h by default; short in tests).
    pub rate_window_secs: u64,
    /// The simulator's "today": generated change times lie in the ~400 days before it, and the
    /// simulator's clock starts here.
    pub now: NaiveDateTime,
    /// The zone of the simulator's local times, seconds east of UTC (`None`: this PC's zone).
    /// Its `Date` header is `now` moved back by this zone. See [`SimConfig::server_clock`].
    pub utc_offset_secs: Option<i32>,
    /// At most this many requests answered at once (0 = unlimited); see `parallel.rs`.
    pub max_parallel: usize,
    /// Beyond `max_parallel`: 429 (default) or queue.
    pub over_parallel: super::parallel::OverParallel,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            scale: 5_000,
            daily_limit: 5_000,
            max_take: 100,
            max_skip: 5_000,
            skip_cost_us: 20,
            token_lifetime_secs: 3_600,
            latency_ms: 0,
            bandwidth_kbps: 0,
            row_cost_us: 0,
            fault_rate: 0.0,
            drop_rate: 0.0,
            lost_response_rate: 0.0,
            clients: Vec::new(),
            dialect: super::dialect::Dialect::default(),
            rate_window_secs: 86_400,
            now: coachview::clock::Clock::system().now(),
            utc_offset_secs: None,
            max_parallel: 0,
            over_parallel: super::parallel::OverParallel::default(),
        }
    }
}

impl SimConfig {
    /// A server apart from the client: its local times in the zone `zone_secs` east of UTC
    /// (`None`: this PC's zone), its clock `skew_secs` off the real time (negative: behind, as
    /// seen from a client whose clock runs ahead). Sets `now` from the real time.
    pub fn server_clock(mut self, zone_secs: Option<i32>, skew_secs: i64) -> SimConfig {
        self.utc_offset_secs = zone_secs;
        self.now = super::clock::start_time(zone_secs, skew_secs);
        self
    }

    /// The configured clients plus the built-in `demo` (all scopes) and `lezen` (read only).
    /// A configured client with the id `demo` or `lezen` replaces the built-in one.
    pub fn all_clients(&self) -> Vec<SimClient> {
        let mut clients = self.clients.clone();
        for (id, scopes) in [("demo", all_scopes()), ("lezen", read_scopes())] {
            if !clients.iter().any(|c| c.id == id) {
                clients.push(SimClient {
                    id: id.into(),
                    secret: id.into(),
                    scopes,
                });
            }
        }
        clients
    }
}

/// A small, fast demo (scale 2,000) for the app's built-in demo mode.
pub fn demo_config() -> SimConfig {
    SimConfig {
        scale: 2_000,
        ..SimConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_spec_parses_scopes_and_defaults() {
        let c = SimClient::parse("app:s3cret:api,Aanvragen.Lezen").unwrap();
        assert_eq!(c.id, "app");
        assert_eq!(c.secret, "s3cret");
        assert_eq!(c.scopes, vec!["api", "Aanvragen.Lezen"]);
        let all = SimClient::parse("x:y").unwrap();
        assert!(all.scopes.contains(&"Webaanvragen.Schrijven".to_string()));
        assert!(SimClient::parse("nosecret").is_err());
        assert!(SimClient::parse(":y").is_err());
    }

    #[test]
    fn builtin_clients_are_always_present() {
        let cfg = SimConfig::default();
        let clients = cfg.all_clients();
        let lezen = clients.iter().find(|c| c.id == "lezen").unwrap();
        assert!(lezen.scopes.iter().all(|s| !s.ends_with(".Schrijven")));
        assert!(clients.iter().any(|c| c.id == "demo" && c.secret == "demo"));
    }
}

//! `coachdesk sim`: runs the Coachview simulator until Ctrl-C.

use crate::simulator::{SimClient, SimConfig, Simulator};
use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: String,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of Aanvragen; the other resources scale with it.
    #[arg(long, default_value_t = 5_000)]
    pub scale: usize,
    /// Requests per client per rolling 24 hours before 429.
    #[arg(long, default_value_t = 5_000)]
    pub daily_limit: u32,
    /// Larger `take` values are silently capped to this.
    #[arg(long, default_value_t = 100)]
    pub max_take: usize,
    /// A `skip` above this answers 500 after a short delay.
    #[arg(long, default_value_t = 5_000)]
    pub max_skip: usize,
    /// Delay per skipped record, in microseconds.
    #[arg(long, default_value_t = 20)]
    pub skip_cost_us: u64,
    /// Token lifetime in seconds.
    #[arg(long = "token-lifetime", default_value_t = 3_600)]
    pub token_lifetime: u64,
    /// Delay before every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Kilobits per second all answers share, like one office line (0 = unlimited).
    #[arg(long, default_value_t = 0)]
    pub bandwidth_kbps: u64,
    /// Extra server time of a list answer per row and embedded object, in microseconds.
    #[arg(long, default_value_t = 0)]
    pub row_cost_us: u64,
    /// Share of requests answered 500/502/503 (0.0–1.0).
    #[arg(long, default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Share of requests whose connection is closed without an answer (0.0–1.0).
    #[arg(long, default_value_t = 0.0)]
    pub drop_rate: f64,
    /// Share of POST Webaanvragen committed but left without an answer (0.0–1.0).
    #[arg(long, default_value_t = 0.0)]
    pub lost_response_rate: f64,
    /// Extra client `ID:SECRET[:SCOPE,SCOPE…]` (repeatable); demo/demo and lezen/lezen always exist.
    #[arg(long = "client", value_parser = SimClient::parse)]
    pub clients: Vec<SimClient>,
    /// Play unconfirmed API behaviours (comma-separated): dates-only, count-empty-body,
    /// count-always, end-inclusive, page-cap=N, retry-after-only, example-data-without-scope,
    /// no-reference-filter, reference-filter-ignored, relations-ignored, relations-refused.
    #[arg(long, default_value = "", value_parser = crate::simulator::dialect::Dialect::parse)]
    pub dialect: crate::simulator::dialect::Dialect,
    /// Length of the rate-limit window in seconds (default 24 hours).
    #[arg(long, default_value_t = 86_400)]
    pub rate_window_secs: u64,
    /// The zone of the simulator's local times (`+01:00`, `-05:00`, `UTC`); default this PC's.
    #[arg(long, allow_hyphen_values = true, value_parser = crate::simulator::clock::parse_zone)]
    pub server_zone: Option<i32>,
    /// How many seconds the simulator's clock runs off the real time (negative: behind).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub server_clock_skew: i64,
    /// At most this many requests answered at once (0 = unlimited).
    #[arg(long, default_value_t = 0)]
    pub max_parallel: usize,
    /// Beyond --max-parallel: answer 429 (Retry-After: 1) or queue the request.
    #[arg(long, default_value = "429", value_parser = crate::simulator::parallel::OverParallel::parse)]
    pub over_parallel: crate::simulator::parallel::OverParallel,
}

impl SimArgs {
    /// The simulator configuration these flags describe.
    pub fn config(&self) -> Result<SimConfig, crate::error::WorkerError> {
        for (name, rate) in [
            ("--fault-rate", self.fault_rate),
            ("--drop-rate", self.drop_rate),
            ("--lost-response-rate", self.lost_response_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(crate::error::WorkerError::Input(format!(
                    "{name} must be between 0 and 1, got {rate}"
                )));
            }
        }
        Ok(SimConfig {
            seed: self.seed,
            scale: self.scale,
            daily_limit: self.daily_limit,
            max_take: self.max_take.max(1),
            max_skip: self.max_skip,
            skip_cost_us: self.skip_cost_us,
            token_lifetime_secs: self.token_lifetime,
            latency_ms: self.latency_ms,
            bandwidth_kbps: self.bandwidth_kbps,
            row_cost_us: self.row_cost_us,
            fault_rate: self.fault_rate,
            drop_rate: self.drop_rate,
            lost_response_rate: self.lost_response_rate,
            clients: self.clients.clone(),
            dialect: self.dialect.clone(),
            rate_window_secs: self.rate_window_secs.max(1),
            max_parallel: self.max_parallel,
            over_parallel: self.over_parallel,
            ..SimConfig::default()
        }
        .server_clock(self.server_zone, self.server_clock_skew))
    }
}

/// Runs `coachdesk sim`.
pub fn run(args: SimArgs) -> ExitCode {
    let cfg = match args.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("coachdesk sim: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("coachdesk sim: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let handle = match Simulator::start_on(cfg, &args.addr).await {
            Ok(h) => h,
            Err(e) => {
                eprintln!("coachdesk sim: cannot listen on {}: {e}", args.addr);
                return ExitCode::FAILURE;
            }
        };
        println!(
            "Coachview simulator on {} (client demo/demo: all scopes; lezen/lezen: read only); Ctrl-C stops it",
            handle.base_url()
        );
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("coachdesk sim: cannot wait for Ctrl-C: {e}");
        }
        handle.shutdown();
        println!(
            "answered {} requests, {} body bytes sent",
            handle.requests_received(),
            handle.bytes_sent()
        );
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        sim: SimArgs,
    }

    #[test]
    fn defaults_match_the_issue_and_flags_parse() {
        let d = Wrap::parse_from(["x"]).sim;
        assert_eq!(d.addr, "127.0.0.1:8787");
        let cfg = d.config().unwrap();
        assert_eq!((cfg.seed, cfg.scale, cfg.daily_limit), (1, 5_000, 5_000));
        assert_eq!(
            (cfg.max_take, cfg.max_skip, cfg.skip_cost_us),
            (100, 5_000, 20)
        );
        assert_eq!(cfg.token_lifetime_secs, 3_600);
        assert_eq!((cfg.bandwidth_kbps, cfg.row_cost_us), (0, 0));
        let w = Wrap::parse_from([
            "x",
            "--addr",
            "127.0.0.1:0",
            "--scale",
            "300",
            "--fault-rate",
            "0.1",
            "--client",
            "a:b:api,Aanvragen.Lezen",
            "--client",
            "c:d",
            "--token-lifetime",
            "900",
            "--bandwidth-kbps",
            "20000",
            "--row-cost-us",
            "50",
        ])
        .sim;
        let cfg = w.config().unwrap();
        assert_eq!(cfg.scale, 300);
        assert_eq!(cfg.clients.len(), 2);
        assert_eq!(cfg.clients[0].scopes, vec!["api", "Aanvragen.Lezen"]);
        assert_eq!(cfg.token_lifetime_secs, 900);
        assert_eq!((cfg.bandwidth_kbps, cfg.row_cost_us), (20_000, 50));
        let bad = Wrap::parse_from(["x", "--drop-rate", "1.5"]).sim;
        assert!(bad.config().is_err());
        assert!(Wrap::try_parse_from(["x", "--client", "nosecret"]).is_err());
        let apart = Wrap::parse_from([
            "x",
            "--server-zone",
            "-05:00",
            "--server-clock-skew",
            "-300",
        ])
        .sim;
        let cfg = apart.config().unwrap();
        assert_eq!(cfg.utc_offset_secs, Some(-5 * 3600));
        let want = crate::clock::Clock::system().now_utc()
            - chrono::Duration::hours(5)
            - chrono::Duration::minutes(5);
        assert!((cfg.now - want.naive_utc()).num_seconds().abs() < 5);
        assert!(Wrap::try_parse_from(["x", "--server-zone", "noon"]).is_err());
    }
}

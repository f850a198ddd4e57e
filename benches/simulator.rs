//! Simulator speed: 100-record date-window pages per second over loopback at scale 100,000.
//! Run: `cargo bench --bench simulator` (release) or `cargo run --bench simulator` style in
//! debug as a smoke check. Env: `SIM_BENCH_SCALE`, `SIM_BENCH_SECS`.

use chrono::Duration;
use coachdesk::simulator::{SimConfig, Simulator};
use std::time::Instant;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let scale: usize = env_or("SIM_BENCH_SCALE", 100_000);
    let secs: u64 = env_or("SIM_BENCH_SECS", 5);
    let cfg = SimConfig {
        scale,
        daily_limit: u32::MAX,
        ..SimConfig::default()
    };
    let now = cfg.now;
    let t0 = Instant::now();
    let sim = match Simulator::start(cfg).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the simulator: {e}");
            return;
        }
    };
    println!(
        "generated scale {scale} in {:.2} s",
        t0.elapsed().as_secs_f64()
    );
    let http = reqwest::Client::new();
    let base = sim.base_url();
    let token: serde_json::Value = match http
        .post(format!("{base}/auth/connect/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
        ])
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => {
            eprintln!("token request failed: {e}");
            return;
        }
    };
    let token = token["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let deadline = Instant::now() + std::time::Duration::from_secs(secs);
    let started = Instant::now();
    let (mut pages, mut records, mut day) = (0u64, 0u64, 1i64);
    // Walk day windows backwards, paging each with take=100, as a sync client would.
    while Instant::now() < deadline {
        let d = now.date() - Duration::days(day);
        let mut skip = 0;
        loop {
            let url = format!(
                "{base}/api/v1/Aanvragen?where=audittrail.gewijzigddatumtijd={},{}&skip={skip}&take=100",
                d.format("%d-%m-%Y"),
                (d + Duration::days(1)).format("%d-%m-%Y")
            );
            let body = match http.get(&url).bearer_auth(&token).send().await {
                Ok(r) => r.bytes().await.unwrap_or_default(),
                Err(e) => {
                    eprintln!("request failed: {e}");
                    return;
                }
            };
            let n = serde_json::from_slice::<Vec<serde_json::Value>>(&body).map_or(0, |v| v.len());
            pages += 1;
            records += n as u64;
            if n < 100 {
                break;
            }
            skip += 100;
        }
        day = day % 400 + 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{pages} pages ({records} records) in {elapsed:.2} s: {:.0} pages/s (goal >= 1000)",
        pages as f64 / elapsed
    );
    sim.shutdown();
}

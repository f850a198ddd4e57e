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
    // 1. Keyset pages of 100 inside day windows (what coachdesk's sync sends): no skip, so this
    //    measures the simulator itself — the goal applies here.
    let (pages, records, elapsed) = walk(&http, &base, &token, now, secs, Paging::Keyset).await;
    println!(
        "keyset: {pages} pages ({records} records) in {elapsed:.2} s: {:.0} pages/s (goal >= 1000)",
        pages as f64 / elapsed
    );
    // 2. skip/take pages inside day windows: each skipped record adds the simulated database cost
    //    (--skip-cost-us), as deep skips do on the real server.
    let (pages, records, elapsed) = walk(&http, &base, &token, now, secs, Paging::Skip).await;
    println!(
        "skip/take: {pages} pages ({records} records) in {elapsed:.2} s: {:.0} pages/s (includes the simulated skip cost)",
        pages as f64 / elapsed
    );
    sim.shutdown();
}

#[derive(Clone, Copy, PartialEq)]
enum Paging {
    Keyset,
    Skip,
}

/// Walks day windows backwards for `secs` seconds, paging each with take=100.
async fn walk(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    now: chrono::NaiveDateTime,
    secs: u64,
    paging: Paging,
) -> (u64, u64, f64) {
    let deadline = Instant::now() + std::time::Duration::from_secs(secs);
    let started = Instant::now();
    let (mut pages, mut records, mut day) = (0u64, 0u64, 1i64);
    while Instant::now() < deadline {
        let d = now.date() - Duration::days(day);
        let end = (d + Duration::days(1)).format("%d-%m-%Y");
        let mut skip = 0;
        let mut from = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        loop {
            let url = match paging {
                Paging::Skip => format!(
                    "{base}/api/v1/Aanvragen?where=audittrail.gewijzigddatumtijd={},{end}&skip={skip}&take=100",
                    d.format("%d-%m-%Y")
                ),
                Paging::Keyset => format!(
                    "{base}/api/v1/Aanvragen?where=audittrail.gewijzigddatumtijd%3E={};audittrail.gewijzigddatumtijd%3C{end}&orderby=audittrail.gewijzigdDatumTijd%20asc&take=100",
                    from.format("%Y-%m-%dT%H:%M:%S%.3f")
                ),
            };
            let body = match http.get(&url).bearer_auth(token).send().await {
                Ok(r) => r.bytes().await.unwrap_or_default(),
                Err(e) => {
                    eprintln!("request failed: {e}");
                    return (pages, records, started.elapsed().as_secs_f64());
                }
            };
            // Only what paging needs; the bench measures the server, not a full client decode.
            let page: Vec<Light> = serde_json::from_slice(&body).unwrap_or_default();
            let n = page.len();
            pages += 1;
            records += n as u64;
            if n < 100 {
                break;
            }
            skip += 100;
            // Next keyset page: just after the last change time seen.
            let last = page
                .last()
                .map(|r| r.audit_trail.gewijzigd.as_str())
                .and_then(|t| {
                    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").ok()
                });
            match last {
                Some(t) => from = t + Duration::milliseconds(1),
                None => break,
            }
        }
        day = day % 400 + 1;
    }
    (pages, records, started.elapsed().as_secs_f64())
}

/// The part of a record the bench reads.
#[derive(serde::Deserialize)]
struct Light {
    #[serde(rename = "auditTrail")]
    audit_trail: LightAudit,
}

#[derive(serde::Deserialize)]
struct LightAudit {
    #[serde(rename = "gewijzigdDatumTijd")]
    gewijzigd: String,
}

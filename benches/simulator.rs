//! Simulator speed: 100-record date-window pages per second over loopback at scale 100,000;
//! a list page's time near (0 ms) and at a distance (`--latency-ms 100 --bandwidth-kbps
//! 20000`); and a `coachdesk sim --scale 1000000` child process: its start time and resident
//! memory (VmHWM/VmRSS; issue 22 goal: <= 10 s, <= 2 GB).
//! Run: `cargo bench --bench simulator` (release) or `cargo run --bench simulator` style in
//! debug as a smoke check. Env: `SIM_BENCH_SCALE`, `SIM_BENCH_SECS`, `SIM_BENCH_BIG_SCALE`
//! (0 skips the child).

use chrono::Duration;
use coachdesk::simulator::{SimConfig, Simulator};
use std::io::BufRead;

mod common;
use common::process;

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
    let t0 = coachdesk::clock::Clock::system().instant();
    let sim = match Simulator::start(cfg).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the simulator: {e}");
            return;
        }
    };
    println!(
        "generated scale {scale} in {:.2} s",
        coachdesk::clock::Clock::system().since(t0).as_secs_f64()
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
    // 0. One list page near and at a distance (latency 100 ms, one 20 Mbit/s line).
    let page = format!(
        "{base}/api/v1/Aanvragen?take=100&where=audittrail.gewijzigddatumtijd={}",
        (now.date() - Duration::days(3)).format("%d-%m-%Y")
    );
    let near = page_time(&http, &page, &token).await;
    sim.set_distance(100, 20_000, 0);
    let far = page_time(&http, &page, &token).await;
    sim.set_distance(0, 0, 0);
    println!(
        "list page of 100: {near:.1} ms near, {far:.1} ms at --latency-ms 100 --bandwidth-kbps 20000"
    );
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
    let big: usize = env_or("SIM_BENCH_BIG_SCALE", 1_000_000);
    if big > 0 {
        big_child(&http, big).await;
    }
}

/// Milliseconds one GET takes, body read to the end (the best of three).
async fn page_time(http: &reqwest::Client, url: &str, token: &str) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = coachdesk::clock::Clock::system().instant();
        match http.get(url).bearer_auth(token).send().await {
            Ok(r) => {
                let _ = r.bytes().await;
            }
            Err(e) => eprintln!("request failed: {e}"),
        }
        best = best.min(coachdesk::clock::Clock::system().since(t).as_secs_f64() * 1000.0);
    }
    best
}

/// Starts `coachdesk sim --scale N` as a child, reports its start time (until it listens) and
/// its memory, times one list page, then stops it.
async fn big_child(http: &reqwest::Client, scale: usize) {
    let t0 = coachdesk::clock::Clock::system().instant();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args([
            "sim",
            "--addr",
            "127.0.0.1:0",
            "--scale",
            &scale.to_string(),
        ])
        .args(["--daily-limit", "1000000"])
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start coachdesk sim: {e}");
            return;
        }
    };
    let pid = child.id();
    let stdout = child.stdout.take();
    let base = tokio::task::spawn_blocking(move || {
        let line = stdout
            .and_then(|s| std::io::BufReader::new(s).lines().next())
            .and_then(Result::ok)
            .unwrap_or_default();
        line.split_whitespace()
            .find(|w| w.starts_with("http://"))
            .map(str::to_string)
    })
    .await
    .ok()
    .flatten();
    let started = coachdesk::clock::Clock::system().since(t0).as_secs_f64();
    let Some(base) = base else {
        eprintln!("coachdesk sim --scale {scale} did not start");
        let _ = child.kill();
        let _ = child.wait();
        return;
    };
    match process::memory_mb(pid) {
        Some((rss, peak)) => println!(
            "coachdesk sim --scale {scale}: listening after {started:.1} s (goal <= 10 s); resident {rss:.0} MB, peak {peak:.0} MB (goal <= 2048 MB)"
        ),
        None => println!("coachdesk sim --scale {scale}: listening after {started:.1} s"),
    }
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
            serde_json::Value::Null
        }
    };
    let token = token["access_token"].as_str().unwrap_or_default();
    let now = coachdesk::clock::Clock::system().now();
    let page = format!(
        "{base}/api/v1/Aanvragen?take=100&where=audittrail.gewijzigddatumtijd={}",
        (now.date() - Duration::days(3)).format("%d-%m-%Y")
    );
    let ms = page_time(http, &page, token).await;
    println!("list page of 100 at scale {scale}: {ms:.1} ms near");
    if let Some((rss, peak)) = process::memory_mb(pid) {
        println!("after the page: resident {rss:.0} MB, peak {peak:.0} MB");
    }
    let _ = child.kill();
    let _ = child.wait();
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
    let deadline =
        coachdesk::clock::Clock::system().instant() + std::time::Duration::from_secs(secs);
    let started = coachdesk::clock::Clock::system().instant();
    let (mut pages, mut records, mut day) = (0u64, 0u64, 1i64);
    while coachdesk::clock::Clock::system().instant() < deadline {
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
                    return (
                        pages,
                        records,
                        coachdesk::clock::Clock::system()
                            .since(started)
                            .as_secs_f64(),
                    );
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
    (
        pages,
        records,
        coachdesk::clock::Clock::system()
            .since(started)
            .as_secs_f64(),
    )
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

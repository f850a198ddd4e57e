//! Benchmark: sync 100,000 changed Aanvragen from `coachdesk sim` — with date-times proven by the
//! probe, and against a dates-only dialect — each next to a plain sequential download of the very
//! same requests in the same run; and a sparse range (3,000 changes over 400 days). Prints
//! seconds, the ratio, requests against their bound, and peak memory.
//!
//! The simulator runs as a child process (`coachdesk sim`), so the peak memory printed is the
//! sync's own (client + store), not the simulator's data. Settings: `SYNC_BENCH_SCALE` (default
//! 100,000) and `SYNC_BENCH_SKIP_COST_US` (default 2: the plain loop's skip cost grows with N²,
//! so the simulator's 20 µs would make it run for ~17 minutes).

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::store::Store;
use coachdesk::sync::{SyncJob, SyncOptions};
use std::process::{Child, Command, Stdio};

mod common;

use common::env_num;
use common::process;

fn vm_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// Starts `coachdesk sim` on a free port; returns the child and its base URL.
fn start_sim(scale: u64, skip_cost_us: u64, dialect: &str) -> (Child, String) {
    let t = coachdesk::clock::Clock::system().instant();
    let (scale_s, cost_s) = (scale.to_string(), skip_cost_us.to_string());
    let (child, url) = common::sim::start(&[
        "--daily-limit",
        "4000000000",
        "--max-skip",
        "100000000",
        "--scale",
        &scale_s,
        "--skip-cost-us",
        &cost_s,
        "--dialect",
        dialect,
    ]);
    println!(
        "simulator: scale {scale} dialect '{dialect}' ready in {:.1} s at {url}",
        coachdesk::clock::Clock::system().since(t).as_secs_f64()
    );
    (child, url)
}

fn client(url: &str) -> Client {
    Client::new(ClientConfig::new(url, "demo", "demo")).expect("client")
}

/// The same requests as plainly as possible: one reqwest client, one token, GET each path in
/// order and read the body. No decoding, no store.
async fn replay(url: &str, paths: &[String]) -> f64 {
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{url}/auth/connect/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token body");
    let token = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_string();
    let t = coachdesk::clock::Clock::system().instant();
    for p in paths {
        let body = http
            .get(format!("{url}{p}"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("plain GET")
            .bytes()
            .await
            .expect("plain body");
        std::hint::black_box(body);
    }
    coachdesk::clock::Clock::system().since(t).as_secs_f64()
}

/// Syncs `[from, end)` once with what the connection proved, then replays the same requests
/// plainly; prints both and the goals.
async fn compare(label: &str, url: &str, from: NaiveDateTime, end: NaiveDateTime, goal_ratio: f64) {
    let dir = std::env::temp_dir().join(format!("coachdesk-bench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let c = client(url);
    let probed = coachdesk::api::probe::probe(&c, coachdesk::clock::Clock::system().today())
        .await
        .expect("probe");
    let job = SyncJob::new(&c, Resource::Aanvragen, from, end, SyncOptions::default());
    let expected = c
        .count(
            Resource::Aanvragen,
            &coachdesk::sync::cursor::window_query(job.paging(), from, end),
        )
        .await
        .expect("count");
    c.start_trace();
    let rss_before = vm_kb("VmRSS:");
    let t = coachdesk::clock::Clock::system().instant();
    let r = job
        .run(&mut store, &mut |_| {}, &Cancel::new())
        .await
        .expect("sync");
    let secs = coachdesk::clock::Clock::system().since(t).as_secs_f64();
    let paths = c.take_trace();
    let bound = (1.05 * expected as f64 / 100.0).ceil() as u64 + r.windows + 5;
    println!(
        "{label}: paging={:?} (probe: {} requests) records={} (expected {expected}) requests={} (goal <= {bound}) windows={} seconds={secs:.2} records/s={:.0}",
        job.paging(),
        probed.requests,
        r.records,
        r.requests,
        r.windows,
        r.records as f64 / secs
    );
    println!(
        "{label}: peak RSS {} MB (before the sync {} MB; goal <= 250 MB)",
        vm_kb("VmHWM:") / 1024,
        rss_before / 1024
    );
    let plain = replay(url, &paths).await;
    println!(
        "{label}: plain sequential download of the same {} requests: {plain:.2} s; ours {secs:.2} s = {:.2}x (goal <= {goal_ratio}x)",
        paths.len(),
        secs / plain
    );
    let _ = std::fs::remove_dir_all(&dir);
    cli_sync(label, url, from, end, plain, goal_ratio);
}

/// The same range synced by the `coachdesk` CLI process, as a planner or a scheduled job runs
/// it (after `coachdesk probe`, as the app's "Verbinding testen"), measured from outside: the
/// whole process's time and peak memory next to the plain download measured above.
fn cli_sync(
    label: &str,
    url: &str,
    from: NaiveDateTime,
    end: NaiveDateTime,
    plain: f64,
    goal: f64,
) {
    let home = std::env::temp_dir().join(format!("coachdesk-bench-cli-{}", uuid::Uuid::new_v4()));
    let cli = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_coachdesk"));
        c.args(args)
            .args(["--base-url", url, "--client-id", "demo"])
            .env("COACHDESK_HOME", &home)
            .env("COACHDESK_CLIENT_SECRET", "demo")
            .stdin(Stdio::null());
        c
    };
    let probed = cli(&["probe"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probed.is_ok_and(|s| s.success()) {
        println!("{label}: coachdesk probe failed; no CLI figure");
        return;
    }
    let (first, last) = (
        from.date().to_string(),
        (end.date() - Duration::days(1)).to_string(),
    );
    let out = home.join("sync.out");
    let child = cli(&[
        "sync",
        "--resource",
        "Aanvragen",
        "--from",
        &first,
        "--to",
        &last,
    ])
    .stdout(std::fs::File::create(&out).expect("output file"))
    .stderr(Stdio::null())
    .spawn()
    .expect("coachdesk sync");
    let (_, peak, secs) = process::watch(child, 10);
    let summary = std::fs::read_to_string(&out).unwrap_or_default();
    let summary = summary.lines().last().unwrap_or("(no summary)");
    println!(
        "{label}: the coachdesk sync process: {secs:.2} s, peak {peak:.0} MB ({summary}) = {:.2}x the plain download (goal <= {goal}x)",
        secs / plain
    );
    let _ = std::fs::remove_dir_all(&home);
}

async fn bench() {
    let n = env_num("SYNC_BENCH_SCALE", 100_000);
    let skip_cost_us = env_num("SYNC_BENCH_SKIP_COST_US", 2);
    println!("scale={n} skip_cost_us={skip_cost_us}");
    let end =
        (coachdesk::clock::Clock::system().today() + Duration::days(1)).and_time(NaiveTime::MIN);
    let from = end - Duration::days(800);

    // Date-times proven by the probe: keyset paging.
    let (mut sim, url) = start_sim(n, skip_cost_us, "");
    compare("date-times", &url, from, end, 1.5).await;
    let _ = sim.kill();
    let _ = sim.wait();

    // Dates only: day windows read with skip/take from both ends.
    let (mut sim, url) = start_sim(n, skip_cost_us, "dates-only");
    compare("dates-only", &url, from, end, 2.0).await;
    let _ = sim.kill();
    let _ = sim.wait();

    // Sparse: 3,000 changes over ~400 days, nothing probed.
    let (mut sparse, url) = start_sim(3_000, skip_cost_us, "");
    let dir = std::env::temp_dir().join(format!("coachdesk-bench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let c = client(&url);
    let from = end - Duration::days(400);
    let t = coachdesk::clock::Clock::system().instant();
    let r = SyncJob::new(&c, Resource::Aanvragen, from, end, SyncOptions::default())
        .run(&mut store, &mut |_| {}, &Cancel::new())
        .await
        .expect("sparse sync");
    println!(
        "sparse: records={} over 400 days requests={} (goal < 400) windows={} seconds={:.2}",
        r.records,
        r.requests,
        r.windows,
        coachdesk::clock::Clock::system().since(t).as_secs_f64()
    );
    let _ = sparse.kill();
    let _ = sparse.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    common::run(bench());
}

//! Benchmark: sync 100,000 changed Aanvragen from `coachdesk sim` vs a plain skip/take loop, and
//! a sparse range (3,000 changes over 400 days). Prints records/s, requests and peak memory.
//!
//! The simulator runs as a child process (`coachdesk sim`), so the peak memory printed is the
//! sync's own (client + store), not the simulator's data. Settings: `SYNC_BENCH_SCALE` (default
//! 100,000) and `SYNC_BENCH_SKIP_COST_US` (default 2: the plain loop's skip cost grows with N²,
//! so the simulator's 20 µs would make it run for ~17 minutes).

use chrono::{Duration, Local, NaiveTime};
use coachdesk::api::query::{CHANGED_FIELD, CHANGED_ORDER_FIELD};
use coachdesk::api::{Client, ClientConfig, Dir, Query};
use coachdesk::job::Cancel;
use coachdesk::resource::Resource;
use coachdesk::store::Store;
use coachdesk::sync::{SyncOptions, sync_range};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

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

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Starts `coachdesk sim` on a free port; returns the child and its base URL.
fn start_sim(scale: u64, skip_cost_us: u64) -> (Child, String) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args([
            "sim",
            "--addr",
            "127.0.0.1:0",
            "--daily-limit",
            "4000000000",
            "--max-skip",
            "100000000",
        ])
        .args([
            "--scale",
            &scale.to_string(),
            "--skip-cost-us",
            &skip_cost_us.to_string(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start coachdesk sim");
    let stdout = child.stdout.take().expect("sim stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("sim banner");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("base URL in the sim banner")
        .trim_end_matches([',', '(', ')'])
        .to_string();
    println!(
        "simulator: scale {scale} ready in {:.1} s at {url}",
        t.elapsed().as_secs_f64()
    );
    (child, url)
}

fn client(url: &str) -> Client {
    Client::new(ClientConfig::new(url, "demo", "demo")).expect("client")
}

async fn bench() {
    let n = env_num("SYNC_BENCH_SCALE", 100_000);
    let skip_cost_us = env_num("SYNC_BENCH_SKIP_COST_US", 2);
    println!("scale={n} skip_cost_us={skip_cost_us}");
    let (mut sim, url) = start_sim(n, skip_cost_us);
    let end = (Local::now().date_naive() + Duration::days(1)).and_time(NaiveTime::MIN);
    let from = end - Duration::days(800);
    let range = Query::new().where_between(CHANGED_FIELD, from, end);
    let expected = client(&url)
        .count(Resource::Aanvragen, &range)
        .await
        .expect("count");

    let dir = std::env::temp_dir().join(format!("coachdesk-bench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let c = client(&url);
    let opts = SyncOptions::default();
    let rss_before = vm_kb("VmRSS:");
    let t = Instant::now();
    let r = sync_range(
        &c,
        &mut store,
        Resource::Aanvragen,
        from,
        end,
        &opts,
        &mut |_| {},
        &Cancel::new(),
    )
    .await
    .expect("sync");
    let secs = t.elapsed().as_secs_f64();
    let bound = (1.05 * expected.div_ceil(100) as f64).ceil() as u64 + 10;
    println!(
        "sync:  records={} (expected {expected}) requests={} (goal <= {bound}) windows={} seconds={secs:.2} records/s={:.0}",
        r.records,
        r.requests,
        r.windows,
        r.records as f64 / secs
    );
    println!(
        "peak RSS {} MB (before the sync {} MB; goal <= 250 MB)",
        vm_kb("VmHWM:") / 1024,
        rss_before / 1024
    );

    // The plain loop: one date filter, skip/take until a short page.
    let plain = client(&url);
    let t = Instant::now();
    let mut skip = 0u64;
    loop {
        let q = range
            .clone()
            .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
            .skip(skip)
            .take(100);
        let page = plain
            .list(Resource::Aanvragen, &q)
            .await
            .expect("plain page");
        skip += page.records.len() as u64;
        if page.records.len() < 100 {
            break;
        }
    }
    let plain_secs = t.elapsed().as_secs_f64();
    println!(
        "plain: records={skip} requests={} seconds={plain_secs:.2} records/s={:.0}",
        plain.requests_sent(),
        skip as f64 / plain_secs
    );
    println!("speed-up {:.1}x (goal >= 3x)", plain_secs / secs);
    let _ = sim.kill();
    let _ = sim.wait();
    let _ = std::fs::remove_dir_all(&dir);

    // Sparse: 3,000 changes over ~400 days.
    let (mut sparse, url) = start_sim(3_000, skip_cost_us);
    let dir = std::env::temp_dir().join(format!("coachdesk-bench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let c = client(&url);
    let from = end - Duration::days(400);
    let t = Instant::now();
    let r = sync_range(
        &c,
        &mut store,
        Resource::Aanvragen,
        from,
        end,
        &opts,
        &mut |_| {},
        &Cancel::new(),
    )
    .await
    .expect("sparse sync");
    println!(
        "sparse: records={} over 400 days requests={} (goal < 400) windows={} seconds={:.2}",
        r.records,
        r.requests,
        r.windows,
        t.elapsed().as_secs_f64()
    );
    let _ = sparse.kill();
    let _ = sparse.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(bench());
}

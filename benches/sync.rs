//! Benchmark: sync 100,000 changed Aanvragen from the simulator vs a plain skip/take loop, and
//! a sparse range (3,000 changes over 400 days). Prints records/s, requests and peak memory.

use chrono::{Duration, NaiveTime};
use coachdesk::api::query::{CHANGED_FIELD, CHANGED_ORDER_FIELD};
use coachdesk::api::{Client, ClientConfig, Dir, Query};
use coachdesk::job::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{SyncOptions, sync_range};
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

fn scale() -> usize {
    std::env::var("SYNC_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

async fn bench() {
    let n = scale();
    let sim_cfg = SimConfig {
        scale: n,
        daily_limit: u32::MAX,
        max_skip: usize::MAX / 2,
        ..SimConfig::default()
    };
    let t0 = Instant::now();
    let sim = Simulator::start(sim_cfg).await.expect("simulator");
    println!(
        "simulator: {n} Aanvragen generated in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    let rss_sim = vm_kb("VmRSS:");
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    let from = end - Duration::days(800);
    let expected = sim.changed_between(Resource::Aanvragen, from, end).len() as u64;

    let dir = std::env::temp_dir().join(format!("coachdesk-bench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).expect("client");
    let opts = SyncOptions::default();
    let t = Instant::now();
    let r = sync_range(
        &client,
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
    let hwm = vm_kb("VmHWM:");
    println!(
        "peak RSS {} MB (simulator data alone: ~{} MB; goal <= 250 MB)",
        hwm / 1024,
        rss_sim / 1024
    );

    // The plain loop: one date filter, skip/take until a short page.
    let plain = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).expect("client");
    let t = Instant::now();
    let mut skip = 0u64;
    loop {
        let q = Query::new()
            .where_between(CHANGED_FIELD, from, end)
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
    sim.shutdown();
    let _ = std::fs::remove_dir_all(&dir);

    // Sparse: 3,000 changes over ~400 days.
    let sparse = Simulator::start(SimConfig {
        scale: 3_000,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let dir = std::env::temp_dir().join(format!("coachdesk-bench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let client =
        Client::new(ClientConfig::new(&sparse.base_url(), "demo", "demo")).expect("client");
    let end = sparse.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    let from = end - Duration::days(400);
    let t = Instant::now();
    let r = sync_range(
        &client,
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
    sparse.shutdown();
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

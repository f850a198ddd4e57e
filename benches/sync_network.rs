//! Benchmark: the sync at a real distance. 100,000 Aanvragen through `coachdesk sim` at 100 ms
//! latency and 20 Mbit/s (one shared line), ours next to a plain sequential keyset download of
//! the same rows (no embedded objects, one request after another) under the same settings, in
//! the same run; with date-times proven by the probe, and against a dates-only tenant. Also on
//! loopback (0 ms, no bandwidth limit), with and without a probe. Prints seconds, the ratio,
//! requests against their bound, and the bytes each side read.
//!
//! Settings: `SYNC_NET_SCALE` (default 100,000), `SYNC_NET_LATENCY_MS` (100),
//! `SYNC_NET_KBPS` (20,000), `SYNC_NET_DAYS` (800: the range synced, all of the data),
//! `SYNC_NET_ROUNDS` (rounds of each comparison, their median printed: 1 at a distance, 5 on
//! loopback).

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::decode::changed_at;
use coachdesk::api::query::CHANGED_ORDER_FIELD;
use coachdesk::api::{Client, ClientConfig, Dir, Op, Query};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::store::Store;
use coachdesk::sync::{SyncJob, SyncOptions};
use std::collections::HashSet;
use std::process::Child;

mod common;

use common::env_num;

const CHANGED: &str = "audittrail.gewijzigddatumtijd";

/// A `coachdesk sim` child on a free port at this distance; returns it and its base URL.
fn start_sim(scale: u64, latency_ms: u64, kbps: u64, dialect: &str) -> (Child, String) {
    let t = coachdesk::clock::Clock::system().instant();
    let (scale_s, latency_s, kbps_s) =
        (scale.to_string(), latency_ms.to_string(), kbps.to_string());
    let (child, url) = common::sim::start(&[
        "--daily-limit",
        "4000000000",
        "--max-skip",
        "100000000",
        "--skip-cost-us",
        "2",
        "--scale",
        &scale_s,
        "--dialect",
        dialect,
        "--latency-ms",
        &latency_s,
        "--bandwidth-kbps",
        &kbps_s,
    ]);
    println!(
        "simulator: scale {scale}, {latency_ms} ms, {kbps} kbit/s, dialect '{dialect}': ready in {:.1} s",
        coachdesk::clock::Clock::system().since(t).as_secs_f64()
    );
    (child, url)
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn client(url: &str) -> Client {
    Client::new(ClientConfig::new(url, "demo", "demo")).expect("client")
}

/// The plain way: one request after another, 100 new rows a page, keyset on the change time
/// written as simply as the documented query language allows (`>=` the last time seen; the rows
/// already read at exactly that time come again and are skipped). No embedded objects, no store:
/// read, decode and count. Returns (seconds, rows, requests, bytes).
async fn plain_keyset(url: &str, from: NaiveDateTime, to: NaiveDateTime) -> (f64, u64, u64, u64) {
    let c = client(url);
    c.ensure_token().await.expect("token");
    let (r0, b0) = (c.requests_sent(), c.bytes_received());
    let t = coachdesk::clock::Clock::system().instant();
    let mut at = from;
    let mut ids: HashSet<String> = HashSet::new();
    loop {
        let q = Query::new()
            .where_datetime(CHANGED, Op::Ge, at)
            .where_datetime(CHANGED, Op::Lt, to)
            .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
            .take(100);
        let page = c.list(Resource::Aanvragen, &q).await.expect("plain page");
        let n = page.records.len();
        let mut new = 0;
        for r in &page.records {
            let id = r["id"].to_string();
            let Some(changed) = changed_at(r) else {
                continue;
            };
            at = at.max(changed);
            if ids.insert(id) {
                new += 1;
            }
        }
        if n < 100 {
            break;
        }
        if new == 0 {
            // A full page of rows already read, all at one time: step past it.
            at += Duration::milliseconds(1);
        }
    }
    (
        coachdesk::clock::Clock::system().since(t).as_secs_f64(),
        ids.len() as u64,
        c.requests_sent() - r0,
        c.bytes_received() - b0,
    )
}

/// Our sync of `[from, to)` on a fresh store, after the probe when `probe`; returns (seconds,
/// records, requests, bound, bytes, seconds of the store's checkpoint after it).
async fn ours(
    url: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
    probe: bool,
) -> (f64, u64, u64, u64, u64, f64) {
    let dir = std::env::temp_dir().join(format!("coachdesk-netbench-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).expect("store");
    let c = client(url);
    if probe {
        coachdesk::api::probe::probe(&c, coachdesk::clock::Clock::system().today())
            .await
            .expect("probe");
    }
    let (b0, t) = (
        c.bytes_received(),
        coachdesk::clock::Clock::system().instant(),
    );
    let opts = SyncOptions {
        parallel: env_num("SYNC_NET_PARALLEL", 3) as usize,
        ..SyncOptions::default()
    };
    let job = SyncJob::new(&c, Resource::Aanvragen, from, to, opts);
    let r = job
        .run(&mut store, &mut |_| {}, &Cancel::new())
        .await
        .expect("sync");
    let secs = coachdesk::clock::Clock::system().since(t).as_secs_f64();
    assert!(r.complete, "{r:?}");
    // The store copies its WAL into the database after the sync is done (in the background);
    // that copy is timed apart and ends before the next measurement starts.
    let t = coachdesk::clock::Clock::system().instant();
    coachdesk::store::finish_checkpoints();
    let checkpoint = coachdesk::clock::Clock::system().since(t).as_secs_f64();
    let bound = (1.05 * r.records as f64 / 100.0).ceil() as u64 + r.windows + 5;
    let _ = std::fs::remove_dir_all(&dir);
    (
        secs,
        r.records,
        r.requests,
        bound,
        c.bytes_received() - b0,
        checkpoint,
    )
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// Plain download and ours under the same settings, `rounds` times in turn; prints each round
/// and, with more than one, the median of each side and their ratio.
async fn compare(
    label: &str,
    plain_url: &str,
    ours_url: &str,
    range: (NaiveDateTime, NaiveDateTime),
    probe: bool,
    goal: f64,
    rounds: usize,
) {
    let (mut plains, mut ourses) = (Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        let (plain, rows, preq, pbytes) = plain_keyset(plain_url, range.0, range.1).await;
        println!(
            "{label}: plain sequential keyset download: {plain:.2} s, {rows} rows, {preq} requests, {:.1} MB",
            mb(pbytes)
        );
        let (secs, records, requests, bound, bytes, checkpoint) =
            ours(ours_url, range.0, range.1, probe).await;
        println!(
            "{label}: ours{}: {secs:.2} s = {:.2}x the plain download (goal <= {goal}x), {records} records, {requests} requests (bound {bound}), {:.1} MB; then the store's checkpoint in the background: {checkpoint:.2} s",
            if probe {
                " after the probe"
            } else {
                " (documented forms)"
            },
            secs / plain,
            mb(bytes)
        );
        assert_eq!(records, rows, "{label}: not the same rows");
        plains.push(plain);
        ourses.push(secs);
    }
    if plains.len() > 1 {
        let (plain, secs) = (median(&mut plains), median(&mut ourses));
        println!(
            "{label}: median of {} rounds: plain {plain:.2} s, ours {secs:.2} s = {:.2}x (goal <= {goal}x)",
            plains.len(),
            secs / plain
        );
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn bench() {
    let n = env_num("SYNC_NET_SCALE", 100_000);
    let latency = env_num("SYNC_NET_LATENCY_MS", 100);
    let kbps = env_num("SYNC_NET_KBPS", 20_000);
    let days = env_num("SYNC_NET_DAYS", 800) as i64;
    // `SYNC_NET_ONLY=distance` or `loopback` runs that half alone (while iterating).
    let only = std::env::var("SYNC_NET_ONLY").unwrap_or_default();
    let end =
        (coachdesk::clock::Clock::system().today() + Duration::days(1)).and_time(NaiveTime::MIN);
    let range = (end - Duration::days(days), end);
    println!(
        "machine: {} cores; scale {n}; {days} days",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    // At a distance: date-times proven, then a dates-only tenant (its plain download is the
    // same rows read the same plain way from the date-time server).
    if only != "loopback" {
        distance(n, latency, kbps, range).await;
    }
    if only != "distance" {
        loopback(n, range).await;
    }
}

async fn distance(n: u64, latency: u64, kbps: u64, range: (NaiveDateTime, NaiveDateTime)) {
    let rounds = env_num("SYNC_NET_ROUNDS", 1) as usize;
    let (far, far_url) = start_sim(n, latency, kbps, "");
    let (far_dates, far_dates_url) = start_sim(n, latency, kbps, "dates-only");
    compare(
        &format!("{latency} ms, {kbps} kbit/s, date-times"),
        &far_url,
        &far_url,
        range,
        true,
        0.5,
        rounds,
    )
    .await;
    compare(
        &format!("{latency} ms, {kbps} kbit/s, dates only"),
        &far_url,
        &far_dates_url,
        range,
        true,
        0.6,
        rounds,
    )
    .await;
    stop(far);
    stop(far_dates);
}

async fn loopback(n: u64, range: (NaiveDateTime, NaiveDateTime)) {
    // A loopback run takes about a second and varies by a tenth between runs: the median of five.
    let rounds = env_num("SYNC_NET_ROUNDS", 5) as usize;
    // Loopback: with and without the probe.
    let (near, near_url) = start_sim(n, 0, 0, "");
    compare(
        "loopback, date-times",
        &near_url,
        &near_url,
        range,
        true,
        1.5,
        rounds,
    )
    .await;
    compare(
        "loopback, documented forms",
        &near_url,
        &near_url,
        range,
        false,
        1.5,
        rounds,
    )
    .await;
    stop(near);
}

fn main() {
    common::run(bench());
}

//! Benchmark: a planner's day's work at a real distance. A connection that synced a week ago (and
//! was probed once, as every connection is on first use) fetches "since last sync": the Aanvragen
//! changed in those 7 days. Then the table asks the names of the ids in the rows in view. Both go
//! through the connection's `Session`, the way the app and the CLI do them; like the app's names
//! job, names already cached in the store (from the rows in view a week ago) are not asked again.
//! Coachview is 100 ms
//! away over a 20 Mbit/s line (the simulator's distance). Prints the wall time and the requests of
//! each part against the goal (together at most 6 requests and 1.5 s).
//!
//! Settings: `DAY_SCALE` (default 25,000 records, about 300 of them changed in the last 7 days),
//! `DAY_LATENCY_MS` (100), `DAY_KBPS` (20,000), `DAY_VIEW_ROWS` (30: the rows a screen shows).

use chrono::Duration;
use coachdesk::cancel::Cancel;
use coachdesk::record::names::ids_in;
use coachdesk::resource::Resource;
use coachdesk::session::{Folder, Login, Session, Span};
use coachdesk::simulator::{SimConfig, Simulator};
use coachdesk::sync::SyncOptions;
use std::collections::BTreeMap;

mod common;

use common::env_num;

async fn bench() {
    let scale = env_num("DAY_SCALE", 25_000) as usize;
    let latency = env_num("DAY_LATENCY_MS", 100);
    let kbps = env_num("DAY_KBPS", 20_000);
    let view_rows = env_num("DAY_VIEW_ROWS", 30) as usize;
    let clock = coachdesk::clock::Clock::system();
    let sim = Simulator::start(SimConfig {
        scale,
        daily_limit: 4_000_000_000,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let home = std::env::temp_dir().join(format!("coachdesk-day-work-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let folder = Folder::at(&home);
    let session = Session::in_folder(
        folder.clone(),
        Login::new(&sim.base_url(), "demo", "demo".into()),
    )
    .expect("session");
    let today = clock.today();
    let week_ago = sim.now() - Duration::days(7);
    // A week ago: the probe (once per connection) and a sync up to then, on loopback (not timed).
    session.probe(today).await.expect("probe");
    let mut store = folder.open_store().expect("store");
    let first = session
        .fetch(
            &mut store,
            Resource::Aanvragen,
            Span::Between {
                from: week_ago - Duration::days(3_650),
                to: week_ago,
            },
            SyncOptions::default(),
            &mut |_| {},
            &Cancel::new(),
        )
        .await
        .expect("the first sync");
    // The rows in view then had their names looked up and cached, as the app's names job does.
    let then = view_ids(&store, week_ago - Duration::days(7), view_rows);
    for (resource, ids) in &then {
        let resolved = session.resolve_names(*resource, ids, &Cancel::new()).await;
        store
            .put_names(*resource, &resolved.names)
            .expect("names cached");
    }
    let changed = sim
        .changed_between(Resource::Aanvragen, week_ago, sim.now() + Duration::days(1))
        .len();
    println!(
        "a week ago: {} Aanvragen synced; changed since: {changed} (scale {scale})",
        first.records
    );
    // Today, at a distance.
    sim.set_distance(latency, kbps, 0);
    let before = session.client().requests_sent();
    let t = clock.instant();
    let report = session
        .fetch(
            &mut store,
            Resource::Aanvragen,
            Span::SinceLast { today },
            SyncOptions::default(),
            &mut |_| {},
            &Cancel::new(),
        )
        .await
        .expect("since last sync");
    let sync_time = clock.since(t);
    let sync_requests = session.client().requests_sent() - before;
    // The rows in view: the newest changes first, as the table sorts them by default; the ids
    // whose names are cached need no request.
    let mut ids = view_ids(&store, week_ago, view_rows);
    let all_ids: usize = ids.values().map(Vec::len).sum();
    for (resource, list) in ids.iter_mut() {
        let cached = store.names(*resource).expect("cached names");
        list.retain(|id| !cached.contains_key(id));
    }
    ids.retain(|_, list| !list.is_empty());
    let before = session.client().requests_sent();
    let t = clock.instant();
    let mut named = 0;
    for (resource, ids) in &ids {
        let resolved = session.resolve_names(*resource, ids, &Cancel::new()).await;
        named += resolved.names.len();
    }
    let names_time = clock.since(t);
    let names_requests = session.client().requests_sent() - before;
    let total = (sync_time + names_time).as_secs_f64();
    let requests = sync_requests + names_requests;
    println!(
        "since last sync at {latency} ms, {kbps} kbit/s: {} records in {:.2} s, {sync_requests} requests ({} windows)",
        report.records,
        sync_time.as_secs_f64(),
        report.windows
    );
    println!(
        "names of the {view_rows} rows in view: {all_ids} ids, {} not cached yet: {named} names of {} resources in {:.2} s, {names_requests} requests",
        ids.values().map(Vec::len).sum::<usize>(),
        ids.len(),
        names_time.as_secs_f64()
    );
    println!(
        "a day's work: {total:.2} s (goal <= 1.5 s: {}), {requests} requests (goal <= 6: {})",
        if total <= 1.5 { "met" } else { "NOT met" },
        if requests <= 6 { "met" } else { "NOT met" }
    );
    drop(store);
    sim.shutdown();
    let _ = std::fs::remove_dir_all(&home);
}

fn main() {
    common::run(bench());
}

/// The ids in the `rows` newest rows changed since `since`, per resource they point at.
fn view_ids(
    store: &coachdesk::store::Store,
    since: chrono::NaiveDateTime,
    rows: usize,
) -> BTreeMap<Resource, Vec<String>> {
    let mut records = store
        .records(Resource::Aanvragen, Some(since), None)
        .expect("stored rows");
    records.reverse();
    records.truncate(rows);
    let mut ids: BTreeMap<Resource, Vec<String>> = BTreeMap::new();
    for row in &records {
        for (_, resource, id) in ids_in(row) {
            let list = ids.entry(resource).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
    ids
}

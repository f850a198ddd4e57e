//! Benchmark: the first sync of a million Aanvragen under Coachview's daily limit. Before it
//! starts, the estimate (the one count the app shows as "about N records, M requests; L are left
//! today") says how many requests it needs against the limit; the sync then runs until the limit
//! stops it, keeps what it read, and a run "the next day" (the simulator's counters reset)
//! continues since the last committed window instead of starting over. Everything goes through
//! the connection's `Session`, as the app and `coachdesk sync` do. Loopback (no distance): this
//! bench is about requests, not the line. Prints the estimate, each run's records, requests and
//! stop, and the total against the estimate.
//!
//! Settings: `MILLION_SCALE` (default 1,000,000), `MILLION_DAILY_LIMIT` (5,000: Coachview's).

use chrono::Duration;
use coachdesk::api::capabilities::TenantState;
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::session::{Folder, Login, Session, Span};
use coachdesk::simulator::{SimConfig, Simulator};
use coachdesk::sync::{SyncError, SyncOptions, SyncReport};

mod common;

use common::env_num;

/// The report of a run, and how it stopped (`None`: complete).
fn outcome(result: Result<SyncReport, SyncError>) -> (SyncReport, Option<String>) {
    match result {
        Ok(report) if report.complete => (report, None),
        Ok(report) => {
            let why = format!("incomplete: {:?}", report.missing);
            (report, Some(why))
        }
        Err(e) => {
            let why = e.to_string();
            let report = match e {
                SyncError::Api { report, .. }
                | SyncError::Store { report, .. }
                | SyncError::TooManyTies { report, .. }
                | SyncError::TooBusy { report, .. } => *report,
                _ => SyncReport::default(),
            };
            (report, Some(why))
        }
    }
}

async fn bench() {
    let scale = env_num("MILLION_SCALE", 1_000_000) as usize;
    let limit = env_num("MILLION_DAILY_LIMIT", 5_000) as u32;
    let clock = coachdesk::clock::Clock::system();
    let t = clock.instant();
    let sim = Simulator::start(SimConfig {
        scale,
        daily_limit: limit,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    println!(
        "simulator: scale {scale}, daily limit {limit}: ready in {:.1} s",
        clock.since(t).as_secs_f64()
    );
    let home = std::env::temp_dir().join(format!("coachdesk-million-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let folder = Folder::at(&home);
    let login = || Login::new(&sim.base_url(), "demo", "demo".into());
    let mut session = Session::in_folder(folder.clone(), login()).expect("session");
    let today = clock.today();
    session.probe(today).await.expect("probe");
    let probe_requests = session.client().requests_sent();
    let to = sim.now() + Duration::days(1);
    let from = to - Duration::days(3_650);
    // Before it starts: what the app shows.
    let estimate = session
        .estimate(Resource::Aanvragen, from, to)
        .await
        .expect("estimate");
    let left = session.client().rate_limit().remaining;
    println!(
        "before: about {} records, {} requests; {left:?} left today (probe: {probe_requests} requests)",
        estimate.records, estimate.requests
    );
    let mut store = folder.open_store().expect("store");
    let mut total = 0;
    let mut day = 1;
    let mut span = Span::Between { from, to };
    loop {
        let before = session.client().requests_sent();
        let t = clock.instant();
        let result = session
            .fetch(
                &mut store,
                Resource::Aanvragen,
                span,
                SyncOptions::default(),
                &mut |_| {},
                &Cancel::new(),
            )
            .await;
        let requests = session.client().requests_sent() - before;
        total += requests;
        let (report, stop) = outcome(result);
        println!(
            "day {day}: {} records in {:.1} s, {requests} requests, {} windows; {}",
            report.records,
            clock.since(t).as_secs_f64(),
            report.windows,
            stop.as_deref().unwrap_or("complete")
        );
        if stop.is_none() || day == 4 {
            break;
        }
        // The next day: the daily counters start again (the reset the client was told has passed,
        // so a new run starts from what it proved about the tenant, not from yesterday's
        // exhausted limit); the sync continues since its cursor.
        sim.reset_rate_limits();
        let proven = session.client().capabilities();
        session = Session::in_folder(folder.clone(), login()).expect("session");
        session.client().restore(TenantState {
            capabilities: proven,
            rate_limit: Default::default(),
        });
        span = Span::SinceLast { today };
        day += 1;
    }
    let stored = store
        .records(Resource::Aanvragen, None, None)
        .map(|r| r.len())
        .unwrap_or(0);
    println!(
        "first sync of {scale}: {stored} stored after {day} day(s), {total} requests (estimate {}, {} daily limits of {limit})",
        estimate.requests,
        total.div_ceil(u64::from(limit.max(1)))
    );
    drop(store);
    sim.shutdown();
    let _ = std::fs::remove_dir_all(&home);
}

fn main() {
    common::run(bench());
}

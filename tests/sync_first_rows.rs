//! Issue 22, first rows fast: the first page of a fetch is asked together with the plan's count,
//! so its rows reach the store and the table (the progress' batch) one round trip after the
//! start, while a plan of several counts is still going on. The first window then takes that page
//! as its own first page: no request more than the same sync one request at a time, and the
//! store ends exact.

mod common;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, SyncOptions, SyncReport};
use common::TempHome;

fn range(sim: &SimHandle) -> (NaiveDateTime, NaiveDateTime) {
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    (end - Duration::days(300), end)
}

/// What the progress showed when its first rows came.
#[derive(Debug, Default, Clone, Copy)]
struct FirstRows {
    /// The windows were planned by then.
    planned: bool,
    /// Requests sent by then.
    requests: u64,
    rows: usize,
}

/// A sync of the simulator's last 300 days of Aanvragen with `parallel` requests in flight;
/// returns its report, what the first rows saw, and whether the store is exact.
async fn sync_with(parallel: usize, keyset: bool) -> (SyncReport, FirstRows, bool) {
    // A hundred milliseconds away: the plan's several counts take several round trips.
    let sim = Simulator::start(SimConfig {
        scale: 4_000,
        latency_ms: 100,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    client.update_capabilities(|c| {
        c.datetime_filters = Some(keyset);
        c.desc_order = Some(true);
    });
    client.ensure_token().await.unwrap();
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let (from, to) = range(&sim);
    let opts = SyncOptions {
        parallel,
        // Small windows: planning them takes several counts.
        safe_skip: 300,
        ..SyncOptions::default()
    };
    let mut first: Option<FirstRows> = None;
    let r = sync::SyncJob::new(&client, Resource::Aanvragen, from, to, opts)
        .run(
            &mut store,
            &mut |p| {
                if first.is_none() && !p.batch.is_empty() {
                    first = Some(FirstRows {
                        planned: p.planned,
                        requests: p.requests,
                        rows: p.batch.len(),
                    });
                }
            },
            &Cancel::new(),
        )
        .await
        .unwrap();
    let mut want = sim.changed_between(Resource::Aanvragen, from, to);
    want.sort();
    let got: Vec<(String, i64)> = store
        .ids_and_etags(Resource::Aanvragen, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    (r, first.unwrap_or_default(), got == want)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_page_is_shown_before_the_plan_is_done_and_not_asked_twice() {
    for keyset in [false, true] {
        let (one, seq_first, exact) = sync_with(1, keyset).await;
        assert!(exact, "keyset={keyset}: one at a time not exact");
        // One request at a time: the count and the plan first, as before.
        assert!(seq_first.planned, "keyset={keyset}: {seq_first:?}");
        assert!(one.windows >= 3, "a plan of several counts: {one:?}");

        let (r, first, exact) = sync_with(3, keyset).await;
        assert!(exact, "keyset={keyset}: not exact");
        assert_eq!(first.rows, 100, "keyset={keyset}: a whole first page");
        assert!(
            !first.planned && first.requests <= 3,
            "keyset={keyset}: the first rows came after the plan: {first:?}"
        );
        assert!(
            r.requests <= one.requests,
            "keyset={keyset}: the first page was asked twice: {} against {} one at a time",
            r.requests,
            one.requests
        );
        assert_eq!(r.records, one.records);
    }
}

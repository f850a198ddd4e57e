//! Issue 19 points 4 and 6 against the simulator's truth: `orderby … desc` is used only where the
//! probe proved it (a busy day on a tenant that ignores it stops naming the day, never reads the
//! same rows twice and calls it done); a tenant keeping only the last clause of `>=t;<end` is not
//! taken for one with date-time filters; a refused `InclusiefExtraVelden` is dropped, not taken
//! for a refused date-time.

mod common;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::probe::probe;
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, SyncError, SyncOptions, SyncReport};
use common::TempHome;
use serde_json::json;

async fn sim(spec: &str) -> (SimHandle, Client) {
    let sim = Simulator::start(SimConfig {
        scale: 1_500,
        dialect: Dialect::parse(spec).unwrap(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    (sim, client)
}

fn midnight(t: NaiveDateTime) -> NaiveDateTime {
    t.date().and_time(NaiveTime::MIN)
}

async fn sync_range(
    c: &Client,
    store: &mut Store,
    resource: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: SyncOptions,
) -> Result<SyncReport, SyncError> {
    sync::SyncJob::new(c, resource, from, to, opts)
        .run(store, &mut |_| {}, &Cancel::new())
        .await
}

fn assert_exact(
    sim: &SimHandle,
    store: &Store,
    r: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
) {
    let mut want = sim.changed_between(r, from, to);
    want.sort();
    let got: Vec<(String, i64)> = store
        .ids_and_etags(r, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert_eq!(got, want);
}

/// 450 changes on one day, a safe skip of 300: both ends are needed.
fn busy_day(sim: &SimHandle) -> (NaiveDateTime, NaiveDateTime) {
    let day = midnight(sim.now()) - Duration::days(3);
    for i in 0..450i64 {
        sim.upsert(
            Resource::Aanvragen,
            json!({"nummer": 800_000 + i}),
            day + Duration::seconds(60 + i * 90),
        );
    }
    (day, day + Duration::days(1))
}

#[tokio::test]
async fn desc_is_used_only_where_proven_and_a_busy_day_without_it_is_named() {
    let opts = SyncOptions {
        safe_skip: 300,
        ..SyncOptions::default()
    };
    for (spec, probed) in [("dates-only,desc-ignored", true), ("dates-only", false)] {
        let (sim, c) = sim(spec).await;
        let (from, to) = busy_day(&sim);
        if probed {
            probe(&c, sim.now().date()).await.unwrap();
            assert_eq!(c.capabilities().desc_order, Some(false), "{spec}");
        }
        let dir = TempHome::new();
        let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
        let before = sim.requests_received();
        let err = sync_range(&c, &mut store, Resource::Aanvragen, from, to, opts.clone())
            .await
            .unwrap_err();
        let SyncError::TooBusy {
            day, count, report, ..
        } = &err
        else {
            panic!("{spec}: {err:?}")
        };
        assert_eq!(day, &from.format("%d-%m-%Y").to_string());
        assert!(*count >= 450, "{count}");
        assert!(!report.complete && report.missing.is_some());
        assert!(
            sim.requests_received() - before < 10,
            "{spec}: no desc pages were read"
        );
    }
    // Proven: the same day is read from both ends, exactly.
    let (sim, c) = sim("dates-only").await;
    let (from, to) = busy_day(&sim);
    probe(&c, sim.now().date()).await.unwrap();
    assert_eq!(c.capabilities().desc_order, Some(true));
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let r = sync_range(&c, &mut store, Resource::Aanvragen, from, to, opts)
        .await
        .unwrap();
    assert!(r.complete);
    assert_exact(&sim, &store, Resource::Aanvragen, from, to);
}

#[tokio::test]
async fn a_server_keeping_only_the_last_clause_is_synced_by_days_exactly() {
    let (sim, c) = sim("two-clause-last-only").await;
    let report = probe(&c, sim.now().date()).await.unwrap();
    assert_eq!(report.capabilities.datetime_filters, Some(false));
    let end = midnight(sim.now()) + Duration::days(1);
    let from = end - Duration::days(120);
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let r = sync_range(
        &c,
        &mut store,
        Resource::Aanvragen,
        from,
        end,
        SyncOptions::default(),
    )
    .await
    .unwrap();
    assert!(r.complete);
    assert_exact(&sim, &store, Resource::Aanvragen, from, end);
}

#[tokio::test]
async fn a_refused_extra_fields_flag_is_dropped_not_taken_for_a_date_time_refusal() {
    let (sim, c) = sim("extra-fields-refused").await;
    // Date-times proven (as by a probe); the computed-fields flag not yet known.
    c.update_capabilities(|caps| caps.datetime_filters = Some(true));
    let end = midnight(sim.now()) + Duration::days(1);
    let from = end - Duration::days(400);
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let r = sync_range(
        &c,
        &mut store,
        Resource::Opleidingen,
        from,
        end,
        SyncOptions::default(),
    )
    .await
    .unwrap();
    assert!(r.complete && r.records > 0, "{r:?}");
    assert_exact(&sim, &store, Resource::Opleidingen, from, end);
    let caps = c.capabilities();
    assert_eq!(caps.extra_fields, Some(false));
    assert_eq!(
        caps.datetime_filters,
        Some(true),
        "still paging by date-time"
    );
}

/// Every switch of issue 19 that a real tenant may play, alone and all together (with the older
/// ones): probed or not, `sync` returns exactly the simulator's records of the range.
#[tokio::test]
async fn every_new_switch_and_all_together_sync_exactly_probed_or_not() {
    let new = "desc-ignored,two-clause-last-only,id-filter-ignored,page-cap=Opleidingen:20,\
               extra-fields-refused,bedrijven-404,relations-refused,timeout-over-days=7";
    let all = format!("{new},{}", coachdesk::simulator::dialect::ALL_SWITCHES);
    let mut specs: Vec<String> = new.split(',').map(str::to_string).collect();
    specs.push(all);
    for spec in specs {
        for probed in [false, true] {
            let (sim, c) = sim(&spec).await;
            if probed {
                probe(&c, sim.now().date()).await.unwrap();
            }
            let end = midnight(sim.now()) + Duration::days(1);
            let dir = TempHome::new();
            let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
            for (resource, days) in [(Resource::Aanvragen, 60), (Resource::Opleidingen, 400)] {
                let from = end - Duration::days(days);
                let r = sync_range(&c, &mut store, resource, from, end, SyncOptions::default())
                    .await
                    .unwrap_or_else(|e| panic!("{spec} probed={probed} {resource}: {e:?}"));
                assert!(r.complete, "{spec}: {r:?}");
                assert_exact(&sim, &store, resource, from, end);
            }
            sim.shutdown();
        }
    }
}

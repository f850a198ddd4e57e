//! Sync engine against the in-process simulator: exact ranges, incremental sync, token renewal,
//! daily limit, capped take, a busy day, faults, related records and cancellation.

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{ApiErrorKind, Client, ClientConfig};
use coachdesk::job::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, SyncError, SyncOptions, SyncProgressInfo, SyncReport};
use serde_json::json;

struct Env {
    sim: SimHandle,
    client: Client,
    store: Store,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn env(cfg: SimConfig) -> Env {
    let sim = Simulator::start(cfg).await.unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    let dir = std::env::temp_dir().join(format!("coachdesk-sync-{}", uuid::Uuid::new_v4()));
    let store = Store::open(&dir.join("records.sqlite")).unwrap();
    Env {
        sim,
        client,
        store,
        _dir: TempDir(dir),
    }
}

fn cfg(scale: usize) -> SimConfig {
    SimConfig {
        scale,
        ..SimConfig::default()
    }
}

fn midnight(t: NaiveDateTime) -> NaiveDateTime {
    t.date().and_time(NaiveTime::MIN)
}

/// The last `days` days up to the end of the simulator's today.
fn last_days(sim: &SimHandle, days: i64) -> (NaiveDateTime, NaiveDateTime) {
    let end = midnight(sim.now()) + Duration::days(1);
    (end - Duration::days(days), end)
}

async fn run(
    e: &mut Env,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    sync::sync_range(
        &e.client,
        &mut e.store,
        Resource::Aanvragen,
        from,
        to,
        opts,
        &mut |_| {},
        &Cancel::new(),
    )
    .await
}

/// The store holds exactly the simulator's records changed in the range, with the same etags.
fn assert_same(e: &Env, from: NaiveDateTime, to: NaiveDateTime) {
    let mut want = e.sim.changed_between(Resource::Aanvragen, from, to);
    want.sort();
    let got: Vec<(String, i64)> = e
        .store
        .ids_and_etags(Resource::Aanvragen, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert_eq!(got.len(), want.len(), "record count differs");
    assert_eq!(got, want);
}

fn page_bound(n: u64, page: u64) -> u64 {
    (1.05 * n.div_ceil(page) as f64).ceil() as u64 + 10
}

#[tokio::test]
async fn a_synced_range_equals_the_simulators_changes() {
    let mut e = env(cfg(3_000)).await;
    let (from, to) = last_days(&e.sim, 120);
    let r = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(r.complete && r.missing.is_none());
    assert_same(&e, from, to);
    assert!(r.records > 100, "the range should hold data: {r:?}");
    assert!(r.requests <= page_bound(r.records, 100), "{r:?}");
    assert!(e.store.cursor(Resource::Aanvragen).unwrap().is_some());
    assert!(e.store.last_sync(Resource::Aanvragen).unwrap().is_some());
}

#[tokio::test]
async fn incremental_sync_picks_up_changes_additions_and_deletions() {
    let mut e = env(cfg(2_000)).await;
    let (from, to) = last_days(&e.sim, 30);
    run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    let now = e.sim.now();
    let old = e
        .sim
        .changed_between(Resource::Aanvragen, from, midnight(now) - Duration::days(3));
    let recent = e
        .sim
        .changed_between(Resource::Aanvragen, midnight(now), to);
    assert!(old.len() >= 3 && !recent.is_empty(), "test data too thin");
    for (id, _) in &old[..2] {
        assert!(
            e.sim
                .touch(Resource::Aanvragen, id, now - Duration::minutes(5))
        );
    }
    let added = e.sim.upsert(
        Resource::Aanvragen,
        json!({"aanvraagStatusId": "Nieuw"}),
        now - Duration::minutes(1),
    );
    assert!(e.sim.delete(Resource::Aanvragen, &recent[0].0));

    let r = sync::sync_since_last(
        &e.client,
        &mut e.store,
        Resource::Aanvragen,
        &SyncOptions::default(),
        &mut |_| {},
        &Cancel::new(),
    )
    .await
    .unwrap();
    assert!(r.complete);
    assert_same(&e, from, to);
    let all = e.store.records(Resource::Aanvragen, None, None).unwrap();
    assert!(all.iter().any(|x| x["id"] == added.as_str()));
    assert!(
        !all.iter().any(|x| x["id"] == recent[0].0.as_str()),
        "deleted record still stored"
    );
    assert!(r.removed >= 1);
}

#[tokio::test]
async fn a_two_second_token_lifetime_renews_silently() {
    let mut e = env(SimConfig {
        token_lifetime_secs: 2,
        latency_ms: 60,
        ..cfg(2_000)
    })
    .await;
    let (from, to) = last_days(&e.sim, 400);
    let started = std::time::Instant::now();
    let r = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(
        started.elapsed() > std::time::Duration::from_secs(3),
        "sync too short to test renewal"
    );
    assert!(r.complete);
    assert_same(&e, from, to);
}

#[tokio::test]
async fn the_daily_limit_stops_the_sync_and_nothing_is_sent_before_the_reset() {
    let mut e = env(SimConfig {
        daily_limit: 8,
        ..cfg(2_000)
    })
    .await;
    let (from, to) = last_days(&e.sim, 400);
    let err = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap_err();
    let SyncError::Api { error, report } = &err else {
        panic!("{err:?}")
    };
    let ApiErrorKind::RateLimited {
        reset_at: Some(reset),
        ..
    } = error.kind
    else {
        panic!("{error:?}")
    };
    assert!(reset > chrono::Utc::now());
    assert!(!report.complete && report.missing.is_some());
    assert!(report.records > 0, "pages before the limit are kept");
    assert_eq!(e.store.count(Resource::Aanvragen).unwrap(), report.records);
    let received = e.sim.requests_received();
    let again = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(again, SyncError::Api { .. }));
    assert_eq!(
        e.sim.requests_received(),
        received,
        "a request was sent before the reset"
    );
}

#[tokio::test]
async fn a_server_capped_take_still_gives_everything() {
    let mut e = env(SimConfig {
        max_take: 50,
        ..cfg(2_000)
    })
    .await;
    let (from, to) = last_days(&e.sim, 90);
    let r = run(
        &mut e,
        from,
        to,
        &SyncOptions {
            page_size: 100,
            ..SyncOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(r.complete);
    assert_same(&e, from, to);
    assert!(r.requests <= page_bound(r.records, 50), "{r:?}");
}

#[tokio::test]
async fn a_busy_day_of_8000_changes_needs_no_high_skip() {
    // The simulator answers 500 for any skip above 100: the sync must never need one.
    let mut e = env(SimConfig {
        max_skip: 100,
        ..cfg(300)
    })
    .await;
    let day = midnight(e.sim.now()) - Duration::days(2);
    for i in 0..8_000i64 {
        // Bursts of identical change times, too: keyset paging must cope with ties.
        let t = day + Duration::milliseconds(8 * 3_600_000 + (i / 3) * 7_001);
        e.sim
            .upsert(Resource::Aanvragen, json!({"nummer": 900_000 + i}), t);
    }
    let (from, to) = (day, day + Duration::days(1));
    let r = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(r.complete);
    assert!(r.records >= 8_000);
    assert_same(&e, from, to);
    assert!(r.requests <= page_bound(r.records, 100), "{r:?}");
}

#[tokio::test]
async fn faults_end_complete_or_with_a_clear_error_never_a_silent_gap() {
    let mut e = env(cfg(2_000)).await;
    e.sim.set_faults(0.2, 0.0, 0.0, 0);
    let (from, to) = last_days(&e.sim, 200);
    match run(&mut e, from, to, &SyncOptions::default()).await {
        Ok(r) => {
            assert!(r.complete);
            assert_same(&e, from, to);
        }
        Err(SyncError::Api { error, report }) => {
            assert!(
                matches!(
                    error.kind,
                    ApiErrorKind::Server { .. } | ApiErrorKind::Network { .. }
                ),
                "{error:?}"
            );
            assert!(!report.complete);
            assert!(
                report
                    .missing
                    .as_deref()
                    .is_some_and(|m| m.contains("not fetched"))
            );
        }
        Err(other) => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn related_records_come_in_url_safe_batches() {
    let mut e = env(cfg(1_000)).await;
    let (from, to) = last_days(&e.sim, 400);
    run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    let ids: Vec<String> = e
        .sim
        .all(Resource::Aanvragen)
        .iter()
        .take(150)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    for batch in sync::related::batches(&e.client, Resource::Orderverkoopregels, "aanvraagid", &ids)
    {
        assert!(batch.len() > 1);
    }
    let got = sync::related(
        &e.client,
        Resource::Orderverkoopregels,
        "aanvraagid",
        &ids,
        &Cancel::new(),
    )
    .await
    .unwrap();
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut want: Vec<String> = e
        .sim
        .all(Resource::Orderverkoopregels)
        .iter()
        .filter(|r| r["aanvraagId"].as_str().is_some_and(|a| wanted.contains(a)))
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let mut got_ids: Vec<String> = got
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    want.sort();
    got_ids.sort();
    assert!(!want.is_empty());
    assert_eq!(got_ids, want);
}

#[tokio::test]
async fn cancelling_keeps_what_arrived_and_says_what_is_missing() {
    let mut e = env(cfg(2_000)).await;
    let (from, to) = last_days(&e.sim, 400);
    let cancel = Cancel::new();
    let c2 = cancel.clone();
    let mut pages = 0;
    let mut progress = |p: &SyncProgressInfo<'_>| {
        if !p.batch.is_empty() {
            pages += 1;
            if pages == 2 {
                c2.cancel();
            }
        }
    };
    let opts = SyncOptions::default();
    let r = sync::sync_range(
        &e.client,
        &mut e.store,
        Resource::Aanvragen,
        from,
        to,
        &opts,
        &mut progress,
        &cancel,
    )
    .await
    .unwrap();
    assert!(!r.complete);
    assert!(r.missing.is_some());
    assert_eq!(e.store.count(Resource::Aanvragen).unwrap(), r.records);
    assert!(r.records > 0 && r.records <= 200);
}

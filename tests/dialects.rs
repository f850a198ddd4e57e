//! Every plausible Coachview (one simulator dialect per unconfirmed fact, and all of them at
//! once): sync, related records, the course list and the outbox's reconcile give the simulator's
//! own truth, or hold safely.

mod common;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{ApiErrorKind, Client, ClientConfig, Query};
use coachdesk::cancel::Cancel;
use coachdesk::outbox::{Outbox, Status};
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimClient, SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, SyncError, SyncOptions, SyncReport};
use common::TempHome;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The variants of the issue, one switch each, and all of them together.
fn variants() -> Vec<(&'static str, Dialect)> {
    let one = |s: &str| Dialect::parse(s).unwrap();
    vec![
        ("default", Dialect::default()),
        ("dates-only", one("dates-only")),
        ("count-empty-body", one("count-empty-body")),
        ("count-always", one("count-always")),
        ("end-inclusive", one("end-inclusive")),
        ("page-cap=50", one("page-cap=50")),
        ("retry-after-only", one("retry-after-only")),
        (
            "example-data-without-scope",
            one("example-data-without-scope"),
        ),
        ("no-reference-filter", one("no-reference-filter")),
        ("reference-filter-ignored", one("reference-filter-ignored")),
        ("all", Dialect::all()),
    ]
}

/// A simulator playing `dialect`; its rate limit is 40 requests per 2 s, so a sync meets 429s
/// with a short `Retry-After` (or a short reset) and must wait them out in place.
async fn sim(dialect: Dialect) -> SimHandle {
    Simulator::start(SimConfig {
        scale: 1_200,
        dialect,
        daily_limit: 40,
        rate_window_secs: 2,
        clients: vec![SimClient::parse("noaanvragen:pw:api,Opleidingen.Lezen").unwrap()],
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn client(sim: &SimHandle, id: &str, secret: &str) -> Client {
    Client::new(ClientConfig::new(&sim.base_url(), id, secret)).unwrap()
}

fn midnight(t: NaiveDateTime) -> NaiveDateTime {
    t.date().and_time(NaiveTime::MIN)
}

async fn sync_range(
    client: &Client,
    store: &mut Store,
    resource: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<SyncReport, SyncError> {
    sync::SyncJob::new(client, resource, from, to, SyncOptions::default())
        .run(store, &mut |_| {}, &Cancel::new())
        .await
}

/// The store holds exactly the simulator's records of `resource` changed in the range, with the
/// same content.
fn assert_exact(
    name: &str,
    sim: &SimHandle,
    store: &Store,
    r: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
) {
    let want: BTreeSet<(String, i64)> = sim.changed_between(r, from, to).into_iter().collect();
    let got: BTreeSet<(String, i64)> = store
        .ids_and_etags(r, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert!(!want.is_empty(), "{name}: the range should hold data");
    assert_eq!(got, want, "{name}: {r} differs from the simulator's truth");
    let all = store.count(r).unwrap() as usize;
    assert_eq!(
        all,
        want.len(),
        "{name}: rows outside the range were stored"
    );
}

#[tokio::test]
async fn sync_related_and_courses_are_exact_in_every_dialect() {
    for (name, dialect) in variants() {
        let sim = sim(dialect).await;
        let dir = TempHome::new();
        let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
        let c = client(&sim, "demo", "demo");
        let end = midnight(sim.now()) + Duration::days(1);
        let from = end - Duration::days(60);
        let r = sync_range(&c, &mut store, Resource::Aanvragen, from, end)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.complete, "{name}: {r:?}");
        assert_exact(name, &sim, &store, Resource::Aanvragen, from, end);

        // Related records: every Orderverkoopregel of the synced Aanvragen, nothing else.
        let ids: Vec<String> = sim
            .changed_between(Resource::Aanvragen, from, end)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let rows = sync::related(
            &c,
            Resource::Orderverkoopregels,
            "aanvraagId",
            &ids,
            &Cancel::new(),
        )
        .await
        .unwrap_or_else(|e| panic!("{name}: related: {e}"));
        let got: BTreeSet<String> = rows
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        let id_set: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        let want: BTreeSet<String> = sim
            .all(Resource::Orderverkoopregels)
            .iter()
            .filter(|r| r["aanvraagId"].as_str().is_some_and(|a| id_set.contains(a)))
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        assert!(!want.is_empty(), "{name}: no related data");
        assert_eq!(got, want, "{name}: related records differ");
        assert_eq!(rows.len(), got.len(), "{name}: duplicate related rows");

        // The course list: Opleidingen with their computed fields (start date, free seats).
        let from_o = end - Duration::days(400);
        let r = sync_range(&c, &mut store, Resource::Opleidingen, from_o, end)
            .await
            .unwrap_or_else(|e| panic!("{name}: Opleidingen: {e}"));
        assert!(r.complete);
        assert_exact(name, &sim, &store, Resource::Opleidingen, from_o, end);
        let stored = store.records(Resource::Opleidingen, None, None).unwrap();
        assert!(
            stored
                .iter()
                .all(|o| o.get("startDatum").is_some() && o.get("aantalPlaatsenVrij").is_some()),
            "{name}: computed fields missing"
        );
        sim.shutdown();
    }
}

#[tokio::test]
async fn computed_fields_need_the_flag_and_example_data_is_a_missing_scope() {
    let sim = sim(Dialect::parse("example-data-without-scope").unwrap()).await;
    let c = client(&sim, "demo", "demo");
    let plain = c
        .list(Resource::Opleidingen, &Query::new().take(5))
        .await
        .unwrap();
    assert!(plain.records.iter().all(|o| o.get("startDatum").is_none()));
    let full = c
        .list(
            Resource::Opleidingen,
            &Query::new().take(5).flag("InclusiefExtraVelden", true),
        )
        .await
        .unwrap();
    assert!(full.records.iter().all(|o| o.get("startDatum").is_some()));

    // A client without Aanvragen.Lezen gets example data (identical ids): a 403 for the planner.
    let limited = client(&sim, "noaanvragen", "pw");
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let end = midnight(sim.now()) + Duration::days(1);
    let err = sync_range(
        &limited,
        &mut store,
        Resource::Aanvragen,
        end - Duration::days(30),
        end,
    )
    .await
    .unwrap_err();
    let SyncError::Api { error, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        error.kind,
        ApiErrorKind::Forbidden {
            scope_hint: Some("Aanvragen.Lezen".into())
        }
    );
    assert_eq!(
        store.count(Resource::Aanvragen).unwrap(),
        0,
        "example data was stored"
    );
}

#[tokio::test]
async fn a_stale_date_time_capability_downgrades_mid_sync_and_is_remembered() {
    let sim = sim(Dialect::parse("dates-only,page-cap=50").unwrap()).await;
    let c = client(&sim, "demo", "demo");
    // Believed from an earlier probe, no longer true: the first date-time page gets a 400.
    c.update_capabilities(|caps| caps.datetime_filters = Some(true));
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let end = midnight(sim.now()) + Duration::days(1);
    let from = end - Duration::days(90);
    let r = sync_range(&c, &mut store, Resource::Aanvragen, from, end)
        .await
        .unwrap();
    assert!(r.complete);
    assert_exact("downgrade", &sim, &store, Resource::Aanvragen, from, end);
    assert_eq!(c.capabilities().datetime_filters, Some(false));
    assert_eq!(
        c.capabilities().page_size_for(Resource::Aanvragen, &[]),
        Some(50),
        "the page size was learned for this resource"
    );
    coachdesk::api::capabilities::save(&dir.0, &c.tenant_state()).unwrap();
    let again = client(&sim, "demo", "demo");
    again.restore(coachdesk::api::capabilities::load(&dir.0));
    assert_eq!(again.capabilities().datetime_filters, Some(false));
}

#[tokio::test]
async fn a_busy_day_is_read_from_both_ends_and_a_busier_one_names_day_and_count() {
    let sim = sim(Dialect::parse("dates-only").unwrap()).await;
    sim.reset_rate_limits();
    let c = client(&sim, "demo", "demo");
    // Descending order proven (as by a probe): a busy day may be read from both ends.
    c.update_capabilities(|caps| caps.desc_order = Some(true));
    let day = midnight(sim.now()) - Duration::days(3);
    for i in 0..450i64 {
        sim.upsert(
            Resource::Aanvragen,
            json!({"nummer": 800_000 + i}),
            day + Duration::seconds(60 + i * 90),
        );
    }
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let opts = SyncOptions {
        safe_skip: 300,
        ..SyncOptions::default()
    };
    let (from, to) = (day, day + Duration::days(1));
    let r = sync::SyncJob::new(&c, Resource::Aanvragen, from, to, opts.clone())
        .run(&mut store, &mut |_| {}, &Cancel::new())
        .await
        .unwrap();
    assert!(r.complete);
    assert_exact("busy day", &sim, &store, Resource::Aanvragen, from, to);
    for i in 0..400i64 {
        sim.upsert(
            Resource::Aanvragen,
            json!({"nummer": 810_000 + i}),
            day + Duration::seconds(30 + i * 90),
        );
    }
    let err = sync::SyncJob::new(&c, Resource::Aanvragen, from, to, opts)
        .run(&mut store, &mut |_| {}, &Cancel::new())
        .await
        .unwrap_err();
    let SyncError::TooBusy { day: d, count, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d, &day.format("%d-%m-%Y").to_string());
    assert!(*count >= 850, "{count}");
    assert!(err.to_string().contains(d.as_str()));
}

/// A webaanvraag body the simulator accepts.
fn body(sim: &SimHandle, who: &str) -> Value {
    let opl = sim
        .all(Resource::Opleidingen)
        .into_iter()
        .find(|o| o["opleidingssoortId"].is_string())
        .unwrap();
    json!({"aantalPersonen": 1,
           "contactpersoon": {"voornaam": "Dia", "achternaam": who, "emailadres": format!("{who}@voorbeeld.nl")},
           "opleidingen": [{"opleidingId": opl["id"], "opleidingssoortId": opl["opleidingssoortId"]}]})
}

#[tokio::test]
async fn the_outbox_reconciles_or_holds_and_never_duplicates_in_every_dialect() {
    for (name, dialect) in variants() {
        // Refused (400) or ignored (every webaanvraag comes back): the lookup cannot tell.
        let refused = dialect.no_reference_filter || dialect.reference_filter_ignored;
        let sim = sim(dialect).await;
        let c = client(&sim, "demo", "demo");
        let dir = TempHome::new();
        let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
        let id = outbox.enqueue(body(&sim, "Lost"), None).unwrap();
        // The POST is committed but its answer is lost: only a lookup may tell.
        sim.set_faults(0.0, 0.0, 1.0, 0);
        outbox
            .send_now(id, &c, coachdesk::clock::Clock::system().now_utc())
            .await
            .unwrap();
        sim.set_faults(0.0, 0.0, 0.0, 0);
        // The reconciling lookup waits a minute after an unclear failure: flush later (a
        // "send now" on an entry held because the lookup cannot tell is the planner's choice
        // to post again, after checking Coachview).
        for later in 1..=3 {
            let at = coachdesk::clock::Clock::system().now_utc() + chrono::Duration::minutes(later);
            outbox.flush_due(&c, at, &Cancel::new()).await.unwrap();
        }
        let entry = outbox.get(id).unwrap();
        let received = sim.webaanvragen_received();
        assert_eq!(received.len(), 1, "{name}: sent twice");
        if refused {
            assert!(
                !matches!(entry.status, Status::Sent { .. }),
                "{name}: {:?}",
                entry.status
            );
            assert!(entry.maybe_sent, "{name}: held as possibly sent");
            assert!(
                matches!(
                    entry.status,
                    Status::Held {
                        reason: coachdesk::outbox::HoldReason::CannotTell { .. }
                    }
                ),
                "{name}: {:?}",
                entry.status
            );
        } else {
            assert!(
                matches!(
                    entry.status,
                    Status::Sent {
                        reconciled: true,
                        ..
                    }
                ),
                "{name}: {:?}",
                entry.status
            );
        }
        sim.shutdown();
    }
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out_in_place_and_shows_in_the_progress() {
    // 4 requests a second: `Retry-After: 1` over and over.
    let sim = Simulator::start(SimConfig {
        scale: 1_200,
        dialect: Dialect::parse("retry-after-only").unwrap(),
        daily_limit: 4,
        rate_window_secs: 1,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&sim, "demo", "demo");
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let end = midnight(sim.now()) + Duration::days(1);
    let from = end - Duration::days(400);
    let mut waited = 0;
    let r = sync::SyncJob::new(&c, Resource::Aanvragen, from, end, SyncOptions::default())
        .run(
            &mut store,
            &mut |p| waited += usize::from(p.waiting_until.is_some()),
            &Cancel::new(),
        )
        .await
        .unwrap();
    assert!(r.complete);
    assert_exact("retry-after", &sim, &store, Resource::Aanvragen, from, end);
    assert!(r.seconds >= 1.0, "429s were met and waited out: {r:?}");
    assert!(waited > 0, "the wait was visible in the progress");
    assert_eq!(c.rate_limit().limit, None, "no limit invented");
}

#[tokio::test]
async fn a_long_retry_after_stops_with_the_countdown_and_no_invented_daily_limit() {
    let sim = Simulator::start(SimConfig {
        scale: 600,
        dialect: Dialect::parse("retry-after-only").unwrap(),
        daily_limit: 5,
        rate_window_secs: 3_600,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&sim, "demo", "demo");
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let end = midnight(sim.now()) + Duration::days(1);
    let started = coachdesk::clock::Clock::system().instant();
    let err = sync_range(
        &c,
        &mut store,
        Resource::Aanvragen,
        end - Duration::days(400),
        end,
    )
    .await
    .unwrap_err();
    assert!(
        coachdesk::clock::Clock::system().since(started) < std::time::Duration::from_secs(30),
        "did not wait an hour"
    );
    let SyncError::Api { error, .. } = &err else {
        panic!("{err:?}")
    };
    let ApiErrorKind::RateLimited {
        reset_at: Some(reset),
        limit,
    } = error.kind
    else {
        panic!("{error:?}")
    };
    assert_eq!(limit, None);
    let ahead = reset - coachdesk::clock::Clock::system().now_utc();
    assert!(
        ahead > chrono::Duration::minutes(50) && ahead <= chrono::Duration::hours(1),
        "{ahead}"
    );
    let m = coachdesk::message::from_api_error(error);
    let what = m.what_happened.in_lang(coachdesk::i18n::Lang::En);
    assert!(!what.contains("5000"), "{what}");
    assert!(!what.contains("24 hours"), "{what}");
    assert_eq!(m.reset_at, Some(reset), "the countdown");
}

#[test]
fn the_sync_command_exits_0_with_the_exact_records_in_every_dialect() {
    for (name, dialect) in variants() {
        let sim = Simulator::spawn(SimConfig {
            scale: 800,
            dialect,
            daily_limit: 40,
            rate_window_secs: 2,
            ..SimConfig::default()
        })
        .unwrap();
        let home = TempHome::new();
        let today = sim.now().date();
        let from = today - Duration::days(45);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
            .args(["sync", "--base-url", &sim.base_url(), "--client-id", "demo"])
            .args([
                "--resource",
                "Aanvragen",
                "--from",
                &from.to_string(),
                "--to",
                &today.to_string(),
            ])
            .env("COACHDESK_HOME", &home.0)
            .env("COACHDESK_CLIENT_SECRET", "demo")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dir = home
            .0
            .join("data")
            .join("connections")
            .join(coachdesk::paths::connection_key(&sim.base_url(), "demo"));
        let store = Store::open(&dir.join("records.sqlite")).unwrap();
        let (f, t) = (
            midnight(from.and_time(NaiveTime::MIN)),
            midnight(today.and_time(NaiveTime::MIN)) + Duration::days(1),
        );
        assert_exact(name, &sim, &store, Resource::Aanvragen, f, t);
        assert!(
            dir.join("tenant.json").exists(),
            "{name}: nothing kept about the tenant"
        );
        sim.shutdown();
    }
}

#[tokio::test]
async fn a_wait_in_place_can_be_cancelled() {
    let sim = Simulator::start(SimConfig {
        scale: 1_200,
        dialect: Dialect::parse("retry-after-only").unwrap(),
        daily_limit: 3,
        rate_window_secs: 60,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let c = client(&sim, "demo", "demo");
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let end = midnight(sim.now()) + Duration::days(1);
    let cancel = Cancel::new();
    let c2 = cancel.clone();
    let started = coachdesk::clock::Clock::system().instant();
    let r = sync::SyncJob::new(
        &c,
        Resource::Aanvragen,
        end - Duration::days(400),
        end,
        SyncOptions::default(),
    )
    .run(
        &mut store,
        &mut |p| {
            if p.waiting_until.is_some() {
                c2.cancel();
            }
        },
        &cancel,
    )
    .await
    .unwrap();
    assert!(
        coachdesk::clock::Clock::system().since(started) < std::time::Duration::from_secs(10),
        "{:?}",
        coachdesk::clock::Clock::system().since(started)
    );
    assert!(!r.complete && r.missing.is_some(), "{r:?}");
    assert_eq!(
        store.count(Resource::Aanvragen).unwrap(),
        r.records,
        "what arrived is kept"
    );
}

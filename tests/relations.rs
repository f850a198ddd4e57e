//! `InclusiefDirecteRelaties=true` (issue 13, point 2): asked only after the probe proved it
//! accepted and honoured on this connection; the names that come embedded land in the names
//! cache without another request, the stored record stays bare (ids only); a tenant that ignores
//! or refuses the flag (from the start, or from the middle of a sync) still gives the exact
//! records, and the flag is dropped and remembered.

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::probe::probe;
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::record::names::NameState;
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{SyncJob, SyncOptions, SyncReport};
use std::collections::BTreeSet;

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp() -> TempDir {
    TempDir(std::env::temp_dir().join(format!("coachdesk-relations-{}", uuid::Uuid::new_v4())))
}

async fn sim(spec: &str) -> SimHandle {
    Simulator::start(SimConfig {
        scale: 400,
        dialect: Dialect::parse(spec).unwrap(),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn client(sim: &SimHandle) -> Client {
    Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap()
}

fn range(sim: &SimHandle) -> (NaiveDateTime, NaiveDateTime) {
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    (end - Duration::days(60), end)
}

async fn sync(c: &Client, store: &mut Store, sim: &SimHandle) -> SyncReport {
    let (from, to) = range(sim);
    let r = SyncJob::new(c, Resource::Aanvragen, from, to, SyncOptions::default())
        .run(store, &mut |_| {}, &Cancel::new())
        .await
        .unwrap();
    assert!(r.complete, "{r:?}");
    r
}

/// The store holds exactly the simulator's records of the range, each without embedded objects.
fn assert_exact_and_bare(name: &str, sim: &SimHandle, store: &Store) {
    let (from, to) = range(sim);
    let want: BTreeSet<(String, i64)> = sim
        .changed_between(Resource::Aanvragen, from, to)
        .into_iter()
        .collect();
    let got: BTreeSet<(String, i64)> = store
        .ids_and_etags(Resource::Aanvragen, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert!(!want.is_empty(), "{name}: the range holds data");
    assert_eq!(got, want, "{name}: not the simulator's records");
    for r in store
        .records(Resource::Aanvragen, Some(from), Some(to))
        .unwrap()
    {
        for key in ["bedrijf", "contactpersoon", "opleiding", "opleidingssoort"] {
            assert!(r.get(key).is_none(), "{name}: {key} stored in {r}");
        }
    }
}

/// Every company of the stored Aanvragen is named in the cache, with the simulator's name.
fn assert_companies_named(sim: &SimHandle, store: &Store) {
    let (from, to) = range(sim);
    let names = store.names(Resource::Bedrijven).unwrap();
    let records = store
        .records(Resource::Aanvragen, Some(from), Some(to))
        .unwrap();
    let mut checked = 0;
    for r in &records {
        let Some(b) = r["bedrijfId"].as_str() else {
            continue;
        };
        let truth = sim.record(Resource::Bedrijven, b).unwrap();
        let want = NameState::Found(truth["naam"].as_str().unwrap().to_string());
        assert_eq!(names.get(b), Some(&want), "company {b}");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} companies");
    let persons = store.names(Resource::Personen).unwrap();
    assert!(!persons.is_empty(), "contact persons named too");
}

#[tokio::test]
async fn proven_relations_bring_the_names_with_the_records_at_no_extra_request() {
    let sim = sim("").await;
    let c = client(&sim);
    let report = probe(&c, coachdesk::clock::Clock::system().today())
        .await
        .unwrap();
    assert_eq!(report.capabilities.direct_relations, Some(true));
    assert!(report.requests <= 13, "{report:?}");
    let dir = temp();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    c.start_trace();
    let r = sync(&c, &mut store, &sim).await;
    let trace = c.take_trace();
    assert!(
        trace
            .iter()
            .any(|t| t.contains("InclusiefDirecteRelaties=true")),
        "the flag was asked: {trace:?}"
    );
    assert!(
        !trace.iter().any(|t| t.contains("/Bedrijven")),
        "no request for names: {trace:?}"
    );
    assert_eq!(
        r.records as usize,
        store.count(Resource::Aanvragen).unwrap() as usize
    );
    assert_exact_and_bare("honoured", &sim, &store);
    assert_companies_named(&sim, &store);
    assert_eq!(c.capabilities().direct_relations, Some(true));
}

#[tokio::test]
async fn a_tenant_that_ignores_or_refuses_the_flag_is_never_asked_it() {
    for spec in ["relations-ignored", "relations-refused"] {
        let sim = sim(spec).await;
        let c = client(&sim);
        let before = sim.requests_received();
        let report = probe(&c, coachdesk::clock::Clock::system().today())
            .await
            .unwrap();
        assert_eq!(report.capabilities.direct_relations, Some(false), "{spec}");
        assert_eq!(
            report.capabilities.range_end_inclusive,
            Some(false),
            "{spec}: the range-end check still answered"
        );
        let allowed = if spec == "relations-refused" { 14 } else { 13 };
        assert!(sim.requests_received() - before <= allowed, "{spec}");
        let dir = temp();
        let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
        c.start_trace();
        sync(&c, &mut store, &sim).await;
        let trace = c.take_trace();
        assert!(
            !trace.iter().any(|t| t.contains("InclusiefDirecteRelaties")),
            "{spec}: the flag was asked: {trace:?}"
        );
        assert_exact_and_bare(spec, &sim, &store);
        assert!(
            store.names(Resource::Bedrijven).unwrap().is_empty(),
            "{spec}"
        );
        sim.shutdown();
    }
}

#[tokio::test]
async fn a_flag_refused_or_ignored_mid_sync_is_dropped_and_remembered() {
    for spec in ["relations-refused", "relations-ignored"] {
        let sim = sim("page-cap=50").await;
        let c = client(&sim);
        probe(&c, coachdesk::clock::Clock::system().today())
            .await
            .unwrap();
        assert_eq!(c.capabilities().direct_relations, Some(true));
        // The tenant changes after the probe.
        sim.set_dialect(Dialect::parse(&format!("page-cap=50,{spec}")).unwrap());
        let dir = temp();
        let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
        sync(&c, &mut store, &sim).await;
        assert_exact_and_bare(spec, &sim, &store);
        assert_eq!(c.capabilities().direct_relations, Some(false), "{spec}");
        coachdesk::api::capabilities::save(&dir.0, &c.tenant_state()).unwrap();
        let again = client(&sim);
        again.restore(coachdesk::api::capabilities::load(&dir.0));
        assert_eq!(again.capabilities().direct_relations, Some(false), "{spec}");
        sim.shutdown();
    }
}

/// Names by the cheaper way for the job at hand: a few rows come with their related objects
/// embedded (no names request afterwards), a large sync asks no embedded objects (3.3 KB more
/// per row on the line) and its names come from batched lookups for the rows in view.
#[tokio::test]
async fn a_few_rows_come_with_names_and_a_large_sync_without() {
    let sim = Simulator::start(SimConfig {
        scale: 4_000,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    // One office line of 8 Mbit/s: bytes cost time (on loopback embedding costs almost nothing).
    sim.set_distance(0, 8_000, 0);
    let c = client(&sim);
    probe(&c, coachdesk::clock::Clock::system().today())
        .await
        .unwrap();
    assert_eq!(c.capabilities().direct_relations, Some(true));
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    let dir = temp();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let mut run = async |from: NaiveDateTime| {
        let n = sim.changed_between(Resource::Aanvragen, from, end).len();
        c.start_trace();
        let r = SyncJob::new(&c, Resource::Aanvragen, from, end, SyncOptions::default())
            .run(&mut store, &mut |_| {}, &Cancel::new())
            .await
            .unwrap();
        assert!(r.complete && r.records as usize == n, "{r:?} vs {n}");
        let embedded = c
            .take_trace()
            .iter()
            .any(|t| t.contains("InclusiefDirecteRelaties=true"));
        (n, embedded)
    };
    let (few, embedded) = run(end - Duration::days(7)).await;
    assert!(
        few > 0 && few < 150,
        "the premise: a week holds few rows ({few})"
    );
    assert!(embedded, "{few} rows: the names come with them");
    let (many, embedded) = run(end - Duration::days(300)).await;
    assert!(many > 2_000, "the premise: many rows ({many})");
    assert!(!embedded, "{many} rows: no embedded objects");
    assert_eq!(
        c.capabilities().direct_relations,
        Some(true),
        "still proven"
    );
}

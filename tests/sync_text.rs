//! The sync keeps each record as the text the server sent: what the store holds is exactly the
//! simulator's record (every field, not only id and etag), in both paging modes, and a changed
//! record keeps its previous version for "what changed".

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{Paging, SyncJob, SyncOptions, SyncReport};
use serde_json::json;

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn setup(scale: usize) -> (SimHandle, Client, Store, TempDir) {
    let cfg = SimConfig {
        scale,
        ..SimConfig::default()
    };
    let sim = Simulator::start(cfg).await.unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    let dir = std::env::temp_dir().join(format!("coachdesk-text-{}", uuid::Uuid::new_v4()));
    let store = Store::open(&dir.join("records.sqlite")).unwrap();
    (sim, client, store, TempDir(dir))
}

fn range(sim: &SimHandle, days: i64) -> (NaiveDateTime, NaiveDateTime) {
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    (end - Duration::days(days), end)
}

async fn sync(
    client: &Client,
    store: &mut Store,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> SyncReport {
    let job = SyncJob::new(
        client,
        Resource::Aanvragen,
        from,
        to,
        SyncOptions::default(),
    );
    let r = job.run(store, &mut |_| {}, &Cancel::new()).await.unwrap();
    assert!(r.complete, "{r:?}");
    r
}

/// Every stored record equals the simulator's record field by field.
fn assert_same_content(sim: &SimHandle, store: &Store, from: NaiveDateTime, to: NaiveDateTime) {
    let want = sim.changed_between(Resource::Aanvragen, from, to);
    let stored = store
        .records(Resource::Aanvragen, Some(from), Some(to))
        .unwrap();
    assert!(want.len() > 100, "the range should hold data");
    assert_eq!(stored.len(), want.len());
    for record in &stored {
        let id = record["id"].as_str().unwrap();
        assert_eq!(Some(record), sim.record(Resource::Aanvragen, id).as_ref());
    }
}

#[tokio::test]
async fn stored_records_are_the_servers_records_in_both_paging_modes() {
    let (sim, client, mut store, _dir) = setup(2_000).await;
    let (from, to) = range(&sim, 60);
    // Nothing proven: day windows.
    let job = SyncJob::new(
        &client,
        Resource::Aanvragen,
        from,
        to,
        SyncOptions::default(),
    );
    assert!(matches!(job.paging(), Paging::Days { .. }));
    sync(&client, &mut store, from, to).await;
    assert_same_content(&sim, &store, from, to);

    // Date-times proven: keyset paging, into a fresh store.
    coachdesk::api::probe::probe(&client, sim.now().date())
        .await
        .unwrap();
    let job = SyncJob::new(
        &client,
        Resource::Aanvragen,
        from,
        to,
        SyncOptions::default(),
    );
    assert_eq!(job.paging(), Paging::Keyset);
    let dir = std::env::temp_dir().join(format!("coachdesk-text-{}", uuid::Uuid::new_v4()));
    let _guard = TempDir(dir.clone());
    let mut fresh = Store::open(&dir.join("records.sqlite")).unwrap();
    sync(&client, &mut fresh, from, to).await;
    assert_same_content(&sim, &fresh, from, to);
}

/// On a multi-threaded runtime (the app, the CLI) a second connection writes the rows and
/// commits each window in the background; the result must be the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_record_keeps_its_previous_version_and_a_deleted_one_goes() {
    let (sim, client, mut store, _dir) = setup(2_000).await;
    let (from, to) = range(&sim, 60);
    sync(&client, &mut store, from, to).await;
    assert_same_content(&sim, &store, from, to);
    let changed = sim.changed_between(Resource::Aanvragen, from, to);
    let (id, etag) = changed[0].clone();
    let (gone, _) = changed[changed.len() / 2].clone();
    assert!(sim.delete(Resource::Aanvragen, &gone));
    let before = store.record(Resource::Aanvragen, &id).unwrap().unwrap();
    sim.upsert(
        Resource::Aanvragen,
        json!({"id": id, "aanvraagStatusId": "Verwerkt-in-test"}),
        sim.now() - Duration::minutes(2),
    );
    let r = sync(&client, &mut store, from, to).await;
    assert_eq!(r.removed, 1, "{r:?}");
    assert!(store.record(Resource::Aanvragen, &gone).unwrap().is_none());
    assert_same_content(&sim, &store, from, to);
    assert!(store.cursor(Resource::Aanvragen).unwrap().is_some());
    let after = store.record(Resource::Aanvragen, &id).unwrap().unwrap();
    assert_eq!(after["aanvraagStatusId"], "Verwerkt-in-test");
    assert_eq!(Some(&after), sim.record(Resource::Aanvragen, &id).as_ref());
    let versions = store.versions(Resource::Aanvragen, &id).unwrap();
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert_eq!(versions[0].record, before);
    assert_eq!(versions[0].etag, Some(etag));
    // Syncing again without a change keeps no further version.
    sync(&client, &mut store, from, to).await;
    assert_eq!(store.versions(Resource::Aanvragen, &id).unwrap().len(), 1);
}

//! Record store: newest-wins upserts, range reads, cursor and last sync, pruning, reopening.

use chrono::{NaiveDate, NaiveDateTime};
use coachdesk::resource::Resource;
use coachdesk::store::{SCHEMA_VERSION, Store, StoreError};
use serde_json::{Value, json};
use std::collections::HashSet;

fn at(d: u32, h: u32, ms: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 3, d)
        .unwrap()
        .and_hms_milli_opt(h, 0, 0, ms)
        .unwrap()
}

fn rec(id: &str, t: NaiveDateTime, etag: i64) -> Value {
    json!({"id": id, "naam": format!("{id}-{etag}"), "auditTrail": {
        "gewijzigdDatumTijd": t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(), "etag": etag}})
}

fn temp_store() -> (tempdir::Dir, Store) {
    let dir = tempdir::Dir::new();
    let store = Store::open(&dir.0.join("sub").join("records.sqlite")).unwrap();
    (dir, store)
}

mod tempdir {
    /// A unique folder under the system temp dir, removed on drop.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let p = std::env::temp_dir().join(format!("coachdesk-store-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[test]
fn newest_version_wins_whatever_the_order() {
    let (_d, mut s) = temp_store();
    s.upsert_records(Resource::Aanvragen, &[rec("a", at(2, 10, 0), 2)])
        .unwrap();
    // An older copy (e.g. from an overlapping lookback page) must not overwrite the newer one.
    s.upsert_records(Resource::Aanvragen, &[rec("a", at(1, 10, 0), 1)])
        .unwrap();
    let all = s.records(Resource::Aanvragen, None, None).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["naam"], "a-2");
    // Same change time, higher etag wins.
    s.upsert_records(Resource::Aanvragen, &[rec("a", at(2, 10, 0), 3)])
        .unwrap();
    assert_eq!(
        s.records(Resource::Aanvragen, None, None).unwrap()[0]["naam"],
        "a-3"
    );
    // Records without an id are skipped; resources are kept apart.
    let n = s
        .upsert_records(
            Resource::Personen,
            &[json!({"naam": "x"}), rec("a", at(1, 1, 0), 1)],
        )
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(s.count(Resource::Aanvragen).unwrap(), 1);
    assert_eq!(s.count(Resource::Personen).unwrap(), 1);
}

#[test]
fn range_reads_are_half_open_and_ordered() {
    let (_d, mut s) = temp_store();
    let recs = vec![
        rec("c", at(3, 9, 500), 1),
        rec("a", at(1, 9, 0), 1),
        rec("b", at(2, 0, 0), 1),
    ];
    s.upsert_records(Resource::Aanvragen, &recs).unwrap();
    let got = s
        .records(Resource::Aanvragen, Some(at(2, 0, 0)), Some(at(3, 9, 500)))
        .unwrap();
    let ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["b"]);
    let all: Vec<String> = s
        .records(Resource::Aanvragen, None, None)
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all, vec!["a", "b", "c"]);
    assert_eq!(got[0]["auditTrail"]["etag"], 1);
}

#[test]
fn cursor_only_moves_forward_and_last_sync_is_kept() {
    let (_d, mut s) = temp_store();
    assert_eq!(s.cursor(Resource::Aanvragen).unwrap(), None);
    assert_eq!(s.last_sync(Resource::Aanvragen).unwrap(), None);
    let now = coachdesk::clock::Clock::system().now_utc();
    s.commit_window(Resource::Aanvragen, Some(at(5, 12, 250)), now)
        .unwrap();
    s.commit_window(Resource::Aanvragen, Some(at(4, 12, 0)), now)
        .unwrap();
    s.commit_window(Resource::Aanvragen, None, now).unwrap();
    assert_eq!(s.cursor(Resource::Aanvragen).unwrap(), Some(at(5, 12, 250)));
    let last = s.last_sync(Resource::Aanvragen).unwrap().unwrap();
    assert!((last - now).num_milliseconds().abs() < 1000);
    assert_eq!(s.cursor(Resource::Personen).unwrap(), None);
}

#[test]
fn prune_removes_only_unseen_records_in_the_range() {
    let (_d, mut s) = temp_store();
    let recs = vec![
        rec("a", at(1, 9, 0), 1),
        rec("b", at(1, 10, 0), 1),
        rec("c", at(2, 9, 0), 1),
    ];
    s.upsert_records(Resource::Aanvragen, &recs).unwrap();
    let keep: HashSet<String> = ["a".to_string()].into();
    let removed = s
        .prune(Resource::Aanvragen, at(1, 0, 0), at(2, 0, 0), &keep)
        .unwrap();
    assert_eq!(removed, 1);
    let ids: Vec<(String, Option<i64>)> = s
        .ids_and_etags(Resource::Aanvragen, at(1, 0, 0), at(3, 0, 0))
        .unwrap();
    assert_eq!(
        ids,
        vec![("a".to_string(), Some(1)), ("c".to_string(), Some(1))]
    );
}

#[test]
fn data_survives_reopen_and_newer_schemas_are_refused() {
    let d = tempdir::Dir::new();
    let path = d.0.join("records.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        s.upsert_records(Resource::Opleidingen, &[rec("x", at(1, 1, 0), 9)])
            .unwrap();
        s.commit_window(
            Resource::Opleidingen,
            Some(at(1, 1, 0)),
            coachdesk::clock::Clock::system().now_utc(),
        )
        .unwrap();
        // Dropped without any explicit close, as a killed process would leave it.
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.count(Resource::Opleidingen).unwrap(), 1);
    assert_eq!(s.cursor(Resource::Opleidingen).unwrap(), Some(at(1, 1, 0)));
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    assert!(matches!(Store::open(&path), Err(StoreError::Migrate(_))));
}

/// The browse screen opens a new store from two jobs at once (stored rows and a record's
/// versions); under Windows locking SQLite answered "database is locked" to the second one while
/// the first switched the file to WAL. Every opener must get the store.
#[test]
fn many_openers_of_a_new_store_at_once_all_get_it() {
    let dir = tempdir::Dir::new();
    for round in 0..10 {
        let path = dir.0.join(format!("round{round}")).join("records.sqlite");
        let start = std::sync::Arc::new(std::sync::Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Store::open(&path).map(|s| s.path())
                })
            })
            .collect();
        for opener in openers {
            let opened = opener.join().expect("an opener panicked");
            assert!(opened.is_ok(), "round {round}: {opened:?}");
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.count(Resource::Aanvragen).unwrap(), 0);
    }
}

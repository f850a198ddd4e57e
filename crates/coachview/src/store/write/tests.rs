//! Unit tests of writing records as text (the sync's path): newest wins, earlier versions kept,
//! a re-fetch of the same version costs no version, and the text is stored as sent.

use super::*;
use crate::api::raw::{RawRecord, decode_raw_list};
use serde_json::{Value, json};

fn raw(id: &str, at: &str, etag: i64, status: &str) -> RawRecord {
    let body = json!([{"id": id, "aanvraagStatusId": status,
                       "auditTrail": {"gewijzigdDatumTijd": at, "etag": etag}}]);
    let (mut rows, issues) = decode_raw_list(body.to_string().as_bytes()).unwrap();
    assert!(issues.is_empty());
    rows.remove(0)
}

fn temp() -> (std::path::PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!("coachdesk-write-{}", uuid::Uuid::new_v4()));
    let store = Store::open(&dir.join("records.sqlite")).unwrap();
    (dir, store)
}

fn status(store: &Store, id: &str) -> Value {
    store.record(Resource::Aanvragen, id).unwrap().unwrap()["aanvraagStatusId"].clone()
}

#[test]
fn raw_rows_keep_the_newest_and_the_versions_they_replace() {
    let (dir, mut store) = temp();
    let r = Resource::Aanvragen;
    let first = raw("a", "2026-11-01T10:00:00.000", 1, "Nieuw");
    assert_eq!(
        store.upsert_raw(r, std::slice::from_ref(&first)).unwrap(),
        1
    );
    let text = store.record_texts(r, None, None).unwrap();
    assert_eq!(&*text[0], &*first.json, "stored as sent");
    // The same version again: rewritten, no version kept.
    assert_eq!(
        store.upsert_raw(r, std::slice::from_ref(&first)).unwrap(),
        1
    );
    assert!(store.versions(r, "a").unwrap().is_empty());
    // An older version does not replace the stored one.
    let older = raw("a", "2026-10-01T10:00:00.000", 5, "Oud");
    assert_eq!(store.upsert_raw(r, &[older]).unwrap(), 0);
    assert_eq!(status(&store, "a"), "Nieuw");
    // Same time, lower etag: no; higher etag: yes, and the old one becomes a version.
    assert_eq!(
        store
            .upsert_raw(r, &[raw("a", "2026-11-01T10:00:00.000", 0, "Lager")])
            .unwrap(),
        0
    );
    let higher = raw("a", "2026-11-01T10:00:00.000", 2, "Hoger");
    assert_eq!(store.upsert_raw(r, &[higher]).unwrap(), 1);
    assert_eq!(status(&store, "a"), "Hoger");
    let versions = store.versions(r, "a").unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].record["aanvraagStatusId"], "Nieuw");
    // Newer, in one batch with a new record and a record without an id (skipped).
    let mut no_id = raw("x", "2026-11-03T10:00:00.000", 1, "Zonder");
    no_id.id = None;
    let batch = [
        raw("a", "2026-11-02T10:00:00.000", 3, "Verwerkt"),
        raw("b", "2026-11-02T11:00:00.000", 1, "Nieuw"),
        no_id,
    ];
    assert_eq!(store.upsert_raw(r, &batch).unwrap(), 2);
    assert_eq!(store.count(r).unwrap(), 2);
    let versions = store.versions(r, "a").unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].record["aanvraagStatusId"], "Hoger");
    assert_eq!(versions[0].etag, Some(2));
    // The same time and etag with other content replaces the record but keeps no version.
    let same = raw("a", "2026-11-02T10:00:00.000", 3, "Gecorrigeerd");
    assert_eq!(store.upsert_raw(r, &[same]).unwrap(), 1);
    assert_eq!(status(&store, "a"), "Gecorrigeerd");
    assert_eq!(store.versions(r, "a").unwrap().len(), 2);
    // An undated version always replaces, and keeps the dated one.
    let mut undated = raw("b", "2026-11-02T11:00:00.000", 0, "Ongedateerd");
    undated.changed_at = None;
    assert_eq!(store.upsert_raw(r, &[undated]).unwrap(), 1);
    assert_eq!(status(&store, "b"), "Ongedateerd");
    assert_eq!(store.versions(r, "b").unwrap().len(), 1);
    drop(store);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn values_and_raw_text_write_the_same_rows() {
    let (dir_a, mut a) = temp();
    let (dir_b, mut b) = temp();
    let r = Resource::Aanvragen;
    let steps = [
        ("a", "2026-11-01T10:00:00.000", 1, "Nieuw"),
        ("a", "2026-11-01T10:00:00.000", 1, "Nieuw"),
        ("b", "2026-11-01T09:00:00.000", 4, "Nieuw"),
        ("a", "2026-10-01T10:00:00.000", 9, "Oud"),
        ("a", "2026-11-05T10:00:00.000", 2, "Verwerkt"),
        ("b", "2026-11-01T09:00:00.000", 5, "Hoger"),
        ("b", "2026-11-01T09:00:00.000", 5, "Zelfde etag"),
    ];
    for (id, at, etag, s) in steps {
        let row = raw(id, at, etag, s);
        let value = row.value().unwrap();
        let wa = a.upsert_records(r, &[value]).unwrap();
        let wb = b.upsert_raw(r, &[row]).unwrap();
        assert_eq!(wa, wb, "{id} {at} {etag} {s}");
    }
    assert_eq!(
        a.records(r, None, None).unwrap(),
        b.records(r, None, None).unwrap()
    );
    for id in ["a", "b"] {
        assert_eq!(a.versions(r, id).unwrap(), b.versions(r, id).unwrap());
    }
    drop((a, b));
    let _ = std::fs::remove_dir_all(dir_a);
    let _ = std::fs::remove_dir_all(dir_b);
}

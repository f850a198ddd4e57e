use super::*;
use chrono::NaiveDate;
use rand::SeedableRng;

fn t(day: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, day)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn state() -> State {
    State {
        tables: HashMap::new(),
        locations: HashMap::new(),
        posted_bodies: HashMap::new(),
        created_webaanvragen: Vec::new(),
        next_etag: 100,
        next_nummer: 1,
        rng: StdRng::seed_from_u64(7),
    }
}

#[test]
fn range_follows_change_time_and_moves_on_update() {
    let mut s = state();
    let a = s.upsert(
        Resource::Bedrijven,
        serde_json::json!({"naam": "A"}),
        t(1, 9),
    );
    let b = s.upsert(
        Resource::Bedrijven,
        serde_json::json!({"naam": "B"}),
        t(2, 9),
    );
    let table = s.table(Resource::Bedrijven).unwrap();
    let day1: Vec<_> = table
        .range(Bound::Included(t(1, 0)), Bound::Excluded(t(2, 0)))
        .map(|(id, _)| id.to_string())
        .collect();
    assert_eq!(day1, vec![a.clone()]);
    // modify A onto day 2: it leaves day 1 and keeps its other fields
    s.upsert(
        Resource::Bedrijven,
        serde_json::json!({"id": a, "plaats": "Zwolle"}),
        t(2, 10),
    );
    let table = s.table(Resource::Bedrijven).unwrap();
    assert_eq!(
        table
            .range(Bound::Included(t(1, 0)), Bound::Excluded(t(2, 0)))
            .count(),
        0
    );
    let day2: Vec<_> = table
        .range(Bound::Included(t(2, 0)), Bound::Unbounded)
        .map(|(id, _)| id.to_string())
        .collect();
    assert_eq!(day2, vec![b, a.clone()]);
    let rec = table.get(&a).unwrap().value();
    assert_eq!(rec["naam"], "A");
    assert_eq!(rec["plaats"], "Zwolle");
    assert_eq!(
        rec["auditTrail"]["gewijzigdDatumTijd"],
        "2025-03-02T10:00:00.000"
    );
    assert_eq!(
        rec["auditTrail"]["aangemaaktDatumTijd"],
        "2025-03-01T09:00:00.000"
    );
}

#[test]
fn inverted_or_empty_ranges_do_not_panic() {
    let mut s = state();
    s.upsert(Resource::Bedrijven, serde_json::json!({}), t(1, 9));
    let table = s.table(Resource::Bedrijven).unwrap();
    assert_eq!(
        table
            .range(Bound::Included(t(3, 0)), Bound::Excluded(t(2, 0)))
            .count(),
        0
    );
    assert_eq!(
        table
            .range(Bound::Excluded(t(1, 9)), Bound::Excluded(t(1, 9)))
            .count(),
        0
    );
    assert_eq!(
        table
            .range(Bound::Included(t(1, 9)), Bound::Included(t(1, 9)))
            .count(),
        1
    );
}

#[test]
fn touch_and_remove() {
    let mut s = state();
    let id = s.upsert(
        Resource::Personen,
        serde_json::json!({"achternaam": "Jansen"}),
        t(1, 9),
    );
    let before = s.table(Resource::Personen).unwrap().get(&id).unwrap().etag;
    assert!(s.touch(Resource::Personen, &id, t(4, 9)));
    let row = s.table(Resource::Personen).unwrap().get(&id).unwrap();
    assert!(row.etag > before);
    assert_eq!(row.changed, t(4, 9));
    assert!(!s.touch(Resource::Personen, "nope", t(4, 9)));
    assert!(s.table_mut(Resource::Personen).remove(&id.to_uppercase()));
    assert!(s.table(Resource::Personen).unwrap().is_empty());
}

/// Issue 22 point 7: the generator keeps its records as their draws (`packed.rs`), not as text,
/// and each is written when read as the JSON text `serde_json` would write for it.
#[test]
fn generated_records_are_kept_as_draws_smaller_than_their_compact_text() {
    let cfg = crate::SimConfig {
        scale: 300,
        ..crate::SimConfig::default()
    };
    let state = crate::data::generate(&cfg);
    for resource in [
        Resource::Aanvragen,
        Resource::Orderverkoopregels,
        Resource::Personen,
        Resource::Bedrijven,
        Resource::Opleidingen,
        Resource::Opleidingsonderdelen,
        Resource::Webaanvragen,
    ] {
        let table = state.table(resource).unwrap();
        assert!(table.len() >= 20, "{resource:?}: {}", table.len());
        let (mut packed, mut text) = (0, 0);
        for (id, row) in table.iter() {
            assert!(
                super::super::packed::is_packed(&row.data),
                "{resource:?} {id}"
            );
            let json = row.json();
            let value: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value.to_string(), json);
            assert_eq!(value["id"], id.to_string().as_str());
            packed += row.data.len();
            text += super::super::compact::encode(&json).len();
        }
        assert!(
            packed * 10 < text * 7,
            "{resource:?}: {packed} bytes of draws, {text} of compact text"
        );
    }
}

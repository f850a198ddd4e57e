//! Unit tests of the `where`/`orderby` parser and matcher.

use super::query::*;
use super::store::FieldKind;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use std::collections::BTreeMap;
use std::ops::Bound;

fn schema() -> BTreeMap<String, FieldKind> {
    [
        ("id", FieldKind::Str),
        ("naam", FieldKind::Str),
        ("aantal", FieldKind::Num),
        ("inactief", FieldKind::Bool),
        ("startdatum", FieldKind::Date),
        ("audittrail", FieldKind::Object),
        ("audittrail.gewijzigddatumtijd", FieldKind::DateTime),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2021, 6, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

#[test]
fn seed_example_is_one_day_half_open() {
    let w = Where::parse(
        "audittrail.gewijzigddatumtijd=09-06-2021,10-06-2021",
        &schema(),
    )
    .unwrap();
    assert_eq!(
        w.change_bounds(),
        (Bound::Included(at(9, 0)), Bound::Excluded(at(10, 0)))
    );
    assert!(w.residual().is_empty());
    // case-insensitive field names and the dotted form of S2
    let w2 = Where::parse(
        "auditTrail.gewijzigdDatumTijd=2021-06-09,2021-06-10",
        &schema(),
    )
    .unwrap();
    assert_eq!(w, w2);
}

#[test]
fn bounds_intersect_across_clauses() {
    let w = Where::parse(
        "audittrail.gewijzigddatumtijd>=01.06.2021;audittrail.gewijzigddatumtijd<09-06-2021;audittrail.gewijzigddatumtijd>05-06-2021",
        &schema(),
    )
    .unwrap();
    assert_eq!(
        w.change_bounds(),
        (Bound::Excluded(at(5, 0)), Bound::Excluded(at(9, 0)))
    );
}

#[test]
fn lists_numbers_bools_and_strings_match() {
    let rec = json!({"id": "AB-1", "naam": "Jansen", "aantal": 3, "inactief": false, "startDatum": "2021-06-09"});
    let ok = |w: &str| {
        Where::parse(w, &schema())
            .unwrap()
            .clauses
            .iter()
            .all(|c| c.matches(&rec))
    };
    assert!(ok("id=x,ab-1,y"));
    assert!(!ok("id=x,y"));
    assert!(ok("NAAM=jansen;aantal>=3;aantal<4;inactief=false"));
    assert!(!ok("aantal>3"));
    assert!(ok("startdatum=09-06-2021"));
    assert!(ok("startdatum>=2021-06-09;startdatum<2021-06-10"));
    assert!(!ok("startdatum>2021-06-09"));
    assert!(ok("naam>a;naam<k"));
    assert_eq!(
        Where::parse("id=a,b,c", &schema()).unwrap().id_list(),
        Some(vec!["a".to_string(), "b".into(), "c".into()])
    );
}

#[test]
fn malformed_where_says_what_is_wrong() {
    let err = |w: &str| Where::parse(w, &schema()).unwrap_err();
    assert_eq!(
        err("bestaatniet=1"),
        QueryError::UnknownField("bestaatniet".into())
    );
    assert!(matches!(err("naam!=x"), QueryError::BadOperator(_)));
    assert!(matches!(err("naam=>x"), QueryError::BadOperator(_)));
    assert!(matches!(err("naam"), QueryError::BadOperator(_)));
    assert!(matches!(err("=x"), QueryError::MissingField(_)));
    assert!(matches!(
        err("audittrail.gewijzigddatumtijd>31-13-2021"),
        QueryError::BadDate { .. }
    ));
    assert!(matches!(
        err("audittrail.gewijzigddatumtijd=1-6-2021,2-6-2021,3-6-2021"),
        QueryError::BadRange(_)
    ));
    assert!(matches!(err("aantal=drie"), QueryError::BadNumber { .. }));
    assert!(matches!(err("inactief=ja"), QueryError::BadBool { .. }));
    assert!(matches!(
        err("inactief>true"),
        QueryError::OnlyEquals { .. }
    ));
    assert!(matches!(err("aantal>1,2"), QueryError::ListNeedsEquals(_)));
    assert!(matches!(err("audittrail=x"), QueryError::NotFilterable(_)));
    assert!(err("bestaatniet=1").to_string().contains("bestaatniet"));
}

#[test]
fn orderby_parses_and_compares() {
    let o = OrderBy::parse("aantal desc, naam", &schema()).unwrap();
    let a = json!({"aantal": 2, "naam": "b"});
    let b = json!({"aantal": 2, "naam": "a"});
    let c = json!({"aantal": 10, "naam": "z"});
    assert_eq!(o.compare(&c, &a), std::cmp::Ordering::Less);
    assert_eq!(o.compare(&b, &a), std::cmp::Ordering::Less);
    assert_eq!(
        OrderBy::parse("auditTrail.gewijzigdDatumTijd DESC", &schema())
            .unwrap()
            .by_change_only(),
        Some(true)
    );
    assert!(OrderBy::parse("naam sideways", &schema()).is_err());
    assert!(OrderBy::parse("nope asc", &schema()).is_err());
}

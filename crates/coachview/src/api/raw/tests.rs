//! Unit tests of the light page decoding: it must read the same records, fields and problems as
//! the full decoder in `decode.rs`.

use super::*;
use crate::api::decode::{changed_at, decode_list, etag, record_id};
use serde_json::json;

/// Decodes `body` both ways and checks that they agree record by record.
fn same_both_ways(body: &str) -> Vec<RawRecord> {
    let (values, issues) = decode_list(body.as_bytes()).unwrap();
    let (raws, raw_issues) = decode_raw_list(body.as_bytes()).unwrap();
    assert_eq!(raw_issues, issues, "{body}");
    assert_eq!(raws.len(), values.len(), "{body}");
    for (raw, value) in raws.iter().zip(&values) {
        assert_eq!(raw.id, record_id(value), "{body}");
        assert_eq!(raw.changed_at, changed_at(value), "{body}");
        assert_eq!(raw.etag, etag(value), "{body}");
        assert_eq!(raw.value().as_ref(), Some(value), "{body}");
    }
    raws
}

#[test]
fn reads_the_same_fields_and_problems_as_the_full_decoder() {
    let body = json!([
        {"id": "a", "auditTrail": {"gewijzigdDatumTijd": "2025-01-16T15:47:18.433", "etag": 7}, "extra": {"id": "no", "auditTrail": 1}},
        {"id": "b", "auditTrail": {"gewijzigdDatumTijd": 42, "etag": "x"}},
        5,
        {"id": "c"},
        {"ID": 12, "AUDITTRAIL": {"GewijzigdDatumTijd": "2025-06-06 09:30:00", "ETAG": "9"}},
        {"id": "", "auditTrail": null},
        {"id": null, "auditTrail": [1, 2], "naam": "Jan \"de\" Vries é"},
        [1, 2],
        null,
        {"auditTrail": {"gewijzigdDatumTijd": null, "etag": null}, "id": "d"},
        {"id": "e", "auditTrail": {"gewijzigdDatumTijd": "2025-01-16T15:47:18Z", "etag": 1.5}}
    ])
    .to_string();
    let raws = same_both_ways(&body);
    assert_eq!(raws.len(), 8);
    assert_eq!(raws[0].id.as_deref(), Some("a"));
    assert_eq!(raws[0].etag, Some(7));
    assert_eq!(raws[3].id.as_deref(), Some("12"));
    assert_eq!(raws[3].etag, Some(9));
    assert!(raws[3].changed_at.is_some());
}

#[test]
fn an_exact_key_wins_over_a_case_insensitive_one() {
    let body = r#"[
      {"ID": "upper", "id": "exact", "audittrail": {"etag": 1, "gewijzigdDatumTijd": "2025-01-01T00:00:00"},
       "auditTrail": {"etag": 2, "gewijzigdDatumTijd": "2025-02-02T00:00:00"}},
      {"auditTrail": {"Etag": 3, "etag": 4}, "Id": "only-ci"}
    ]"#;
    let raws = same_both_ways(body);
    assert_eq!(raws[0].id.as_deref(), Some("exact"));
    assert_eq!(raws[0].etag, Some(2));
    assert_eq!(raws[1].etag, Some(4));
    assert_eq!(raws[1].id.as_deref(), Some("only-ci"));
}

#[test]
fn keeps_the_text_as_sent_and_compacts_indented_json() {
    let body = r#"[{"id":"a","naam":"caf\u00e9","n":1.50,"auditTrail":{"etag":1}}]"#;
    let raws = same_both_ways(body);
    assert_eq!(
        &*raws[0].json,
        r#"{"id":"a","naam":"caf\u00e9","n":1.50,"auditTrail":{"etag":1}}"#
    );
    let pretty = "[\n  {\n    \"id\": \"a\",\n    \"b\": [1, 2]\n  }\n]";
    let raws = same_both_ways(pretty);
    assert_eq!(&*raws[0].json, r#"{"id":"a","b":[1,2]}"#);
}

#[test]
fn bad_bodies_are_errors_like_the_full_decoder() {
    for body in [
        &b"[{\"id\": \"a\", \"naam\": \"Jan"[..],
        "<html>Bad gateway é</html>".as_bytes(),
        b"{\"items\": []}",
        b"",
        b"null",
    ] {
        let full = decode_list(body).unwrap_err();
        let raw = decode_raw_list(body).unwrap_err();
        assert_eq!(raw, full, "{}", String::from_utf8_lossy(body));
    }
    assert!(decode_raw_list(b"[]").unwrap().0.is_empty());
}

#[test]
fn a_lone_surrogate_or_deep_nesting_is_repaired_the_same_both_ways() {
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let body = format!(
        r#"[{{"id":"a","naam":"Jan\ud83d","auditTrail":{{"etag":1}}}},{{"id":"b","x":{deep}}},{{"id":"c"}}]"#
    );
    let raws = same_both_ways(&body);
    assert_eq!(raws.len(), 3, "no record is lost");
    let a = raws[0].value().unwrap();
    assert_eq!(a["naam"], "Jan\u{fffd}");
    assert_eq!(raws[1].value().unwrap()["id"], "b");
    let (_, issues) = decode_raw_list(body.as_bytes()).unwrap();
    assert!(issues[0].message.starts_with("repaired"), "{issues:?}");
    assert_eq!(issues.len(), 2, "{issues:?}");
}

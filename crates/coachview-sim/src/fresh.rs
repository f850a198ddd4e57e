//! What a new record gets whoever makes it (the generator, a POST, a test's upsert): a GUID from
//! the simulator's seeded generator and an audit trail.

use super::time::fmt_millis;
use chrono::NaiveDateTime;
use rand::RngExt;
use rand::rngs::StdRng;
use serde_json::Value;

/// An `auditTrail` object.
pub fn audit_trail(created: NaiveDateTime, changed: NaiveDateTime, etag: i64) -> Value {
    serde_json::json!({
        "aangemaaktDatumTijd": fmt_millis(created),
        "aangemaaktDoor": "coachdesk.sim",
        "gewijzigdDatumTijd": fmt_millis(changed),
        "gewijzigdDoor": "coachdesk.sim",
        "etag": etag,
    })
}

/// A GUID (lower case, hyphenated) from a seeded generator.
pub fn new_guid(rng: &mut StdRng) -> String {
    let bytes: [u8; 16] = rng.random();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

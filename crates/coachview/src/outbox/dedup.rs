//! One behaviour for a duplicate enrolment (app and CLI alike): an enrolment whose body is the
//! same as an entry already in the outbox (any state but discarded) is not queued again — that
//! entry is reused. The comparison key is the body in a canonical form (object keys sorted, no
//! white space) with the planner's own `referentieNrKlant` and without a generated one, so a
//! rerun without a reference matches; a different reference or any other difference is a new
//! enrolment. `again` queues on purpose all the same.

use super::{EntryId, Outbox, OutboxError};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

const REFERENCE: &str = "referentieNrKlant";
/// The prefix of a key written by this version.
const PREFIX: &str = "body:";
/// The prefix of a key written before (`enrol --file`'s text): still matched, so a scheduled
/// rerun across an update does not enrol twice.
const LEGACY_PREFIX: &str = "file:";

/// The planner's own reference: `reference`, else the body's; blank is none.
pub(super) fn own_reference(body: &Value, reference: Option<&str>) -> Option<String> {
    reference
        .or_else(|| body.get(REFERENCE).and_then(Value::as_str))
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
}

/// The comparison key of `body` with `own` as its reference (none: without one).
pub(super) fn enrolment_key(body: &Value, own: Option<&str>) -> Option<String> {
    let Value::Object(map) = body else {
        return None;
    };
    let mut map = map.clone();
    map.remove(REFERENCE);
    if let Some(own) = own {
        map.insert(REFERENCE.into(), Value::String(own.to_string()));
    }
    Some(format!("{PREFIX}{}", canonical(&Value::Object(map))))
}

/// Whether a stored key was made with the planner's own reference (so an edited body keeps
/// being compared with it).
pub(super) fn key_has_reference(key: &str) -> bool {
    let json = key
        .strip_prefix(PREFIX)
        .or_else(|| key.strip_prefix(LEGACY_PREFIX))
        .unwrap_or(key);
    serde_json::from_str::<Value>(json).is_ok_and(|v| v.get(REFERENCE).is_some())
}

fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for key in keys {
                if let Some(v) = map.get(key) {
                    out.insert(key.clone(), canonical(v));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

impl Outbox {
    /// Queues an enrolment unless the same one is in the outbox already: `(id, true)` names
    /// the entry that is reused (the newest of them), `(id, false)` the new entry. With
    /// `again`, a new entry all the same. The entry is on disk before this returns.
    pub fn enqueue_unique(
        &self,
        body: Value,
        reference: Option<String>,
        again: bool,
    ) -> Result<(EntryId, bool), OutboxError> {
        let own = own_reference(&body, reference.as_deref());
        let key = enrolment_key(&body, own.as_deref());
        // One write transaction (taken before reading) across processes, and a unique key
        // on the enrolment: queued at the same moment by several processes, it is one entry.
        let mut db = self.db();
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if !again
            && let Some(key) = &key
            && let Some(id) = find_key(&tx, key)?
        {
            tx.commit()?;
            return Ok((id, true));
        }
        let found = insert_entry(&tx, body, reference, key, !again)?;
        tx.commit()?;
        Ok(found)
    }
}

/// The newest entry (not discarded) with this key, also among keys of earlier versions.
fn find_key(db: &Connection, key: &str) -> Result<Option<EntryId>, OutboxError> {
    let exact: Option<i64> = db
        .query_row(
            "SELECT id FROM entries WHERE content_key = ?1 AND status != 'discarded'
             ORDER BY id DESC LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = exact {
        return Ok(Some(EntryId(id)));
    }
    let mut stmt = db.prepare(
        "SELECT id, content_key FROM entries
         WHERE content_key LIKE 'file:%' AND status != 'discarded' ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, legacy) = row?;
        let text = legacy.strip_prefix(LEGACY_PREFIX).unwrap_or(&legacy);
        let Ok(body) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let own = own_reference(&body, None);
        if enrolment_key(&body, own.as_deref()).as_deref() == Some(key) {
            return Ok(Some(EntryId(id)));
        }
    }
    Ok(None)
}

/// Inserts an entry; with `unique`, its `content_key` is also its unique key, and when another
/// entry already stands for that enrolment nothing is inserted: `(that entry, true)`.
pub(super) fn insert_entry(
    db: &Connection,
    body: Value,
    reference: Option<String>,
    content_key: Option<String>,
    unique: bool,
) -> Result<(EntryId, bool), OutboxError> {
    let Value::Object(mut map) = body else {
        return Err(OutboxError::BodyNotObject);
    };
    let own = reference
        .or_else(|| {
            map.get("referentieNrKlant")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if let Some(r) = &own
        && !crate::enrol::rules::is_valid_reference(r)
    {
        return Err(OutboxError::InvalidReference(r.clone()));
    }
    let unique_key = content_key.clone().filter(|_| unique);
    let now = crate::clock::Clock::system().now_utc();
    for _ in 0..5 {
        let reference = own
            .clone()
            .unwrap_or_else(|| super::generate_reference(now));
        if own.is_none() && super::find_reference(db, &reference)?.is_some() {
            continue;
        }
        map.insert("referentieNrKlant".into(), Value::String(reference.clone()));
        let body = Value::Object(map.clone()).to_string();
        let inserted = db.execute(
            "INSERT INTO entries (created_at, updated_at, reference, body, status, status_json,
                 content_key, unique_key)
             VALUES (?1, ?1, ?2, ?3, 'pending', ?4, ?5, ?6)
             ON CONFLICT (unique_key) DO NOTHING",
            params![
                super::schema::time_text(now),
                reference,
                body,
                super::status_json(&super::Status::Pending),
                content_key,
                unique_key
            ],
        )?;
        if inserted == 0 {
            let id: i64 = db.query_row(
                "SELECT id FROM entries WHERE unique_key = ?1",
                [&unique_key],
                |r| r.get(0),
            )?;
            return Ok((EntryId(id), true));
        }
        return Ok((EntryId(db.last_insert_rowid()), false));
    }
    Err(OutboxError::Corrupt(
        "could not generate a unique reference".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::Status;
    use serde_json::json;

    /// A fresh outbox in its own folder, removed at drop.
    struct Temp(std::path::PathBuf);

    impl Drop for Temp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn outbox() -> (Temp, Outbox) {
        let dir = std::env::temp_dir().join(format!("coachdesk-dedup-{}", uuid::Uuid::new_v4()));
        let outbox = Outbox::open(&dir.join("outbox.sqlite")).unwrap();
        (Temp(dir), outbox)
    }

    fn body(name: &str) -> Value {
        json!({"aantalPersonen": 1, "opleidingen": [{"opleidingId": "o1"}],
               "contactpersoon": {"voornaam": name, "achternaam": "Bakker"}})
    }

    #[test]
    fn the_same_body_in_another_key_order_is_the_same_enrolment() {
        let (_d, o) = outbox();
        let (first, reused) = o.enqueue_unique(body("Sanne"), None, false).unwrap();
        assert!(!reused);
        let text = r#"{"contactpersoon":{"achternaam":"Bakker","voornaam":"Sanne"},
                       "opleidingen":[{"opleidingId":"o1"}],"aantalPersonen":1}"#;
        let same: Value = serde_json::from_str(text).unwrap();
        assert_eq!(o.enqueue_unique(same, None, false).unwrap(), (first, true));
        // A generated reference is not part of the comparison; the entry got one.
        assert!(o.get(first).unwrap().reference.starts_with("CD-"));
        assert_eq!(o.list().unwrap().len(), 1);
    }

    #[test]
    fn a_different_body_or_reference_or_again_is_a_new_enrolment() {
        let (_d, o) = outbox();
        let (a, _) = o.enqueue_unique(body("Sanne"), None, false).unwrap();
        let (b, reused) = o.enqueue_unique(body("Piet"), None, false).unwrap();
        assert!(!reused && a != b);
        let (c, reused) = o
            .enqueue_unique(body("Sanne"), Some("PO-1".into()), false)
            .unwrap();
        assert!(!reused && c != a);
        let (d, reused) = o
            .enqueue_unique(body("Sanne"), Some("PO-2".into()), false)
            .unwrap();
        assert!(!reused && d != c);
        // The same own reference (given apart or in the body) is the same enrolment.
        let mut with_ref = body("Sanne");
        with_ref["referentieNrKlant"] = json!("PO-1");
        assert_eq!(o.enqueue_unique(with_ref, None, false).unwrap(), (c, true));
        let (e, reused) = o.enqueue_unique(body("Sanne"), None, true).unwrap();
        assert!(!reused && e != a);
        // `enqueue` is always new, and its entry is found by the next one.
        let f = o.enqueue(body("Kees"), None).unwrap();
        assert_eq!(
            o.enqueue_unique(body("Kees"), None, false).unwrap(),
            (f, true)
        );
    }

    #[test]
    fn a_discarded_entry_is_not_reused() {
        let (_d, o) = outbox();
        let (a, _) = o.enqueue_unique(body("Sanne"), None, false).unwrap();
        o.discard(a).unwrap();
        let (b, reused) = o.enqueue_unique(body("Sanne"), None, false).unwrap();
        assert!(!reused && b != a);
    }

    #[test]
    fn an_edited_body_is_what_later_enrolments_are_compared_with() {
        let (_d, o) = outbox();
        let (a, _) = o.enqueue_unique(body("Sane"), None, false).unwrap();
        o.update_body(a, body("Sanne")).unwrap();
        assert_eq!(o.get(a).unwrap().status, Status::Pending);
        assert_eq!(
            o.enqueue_unique(body("Sanne"), None, false).unwrap(),
            (a, true)
        );
        let (b, reused) = o.enqueue_unique(body("Sane"), None, false).unwrap();
        assert!(!reused && b != a);
    }

    #[test]
    fn a_key_written_by_an_earlier_version_still_matches() {
        let (_d, o) = outbox();
        // `enrol --file` kept the file's text (BOM and line ends normalised) as its key.
        let text = "{\"opleidingen\":[{\"opleidingId\":\"o1\"}],\"aantalPersonen\":1,\n\"contactpersoon\":{\"voornaam\":\"Sanne\",\"achternaam\":\"Bakker\"}}";
        let old = o
            .insert(body("Sanne"), None, Some(format!("file:{text}")))
            .unwrap();
        assert_eq!(
            o.enqueue_unique(body("Sanne"), None, false).unwrap(),
            (old, true)
        );
        assert!(key_has_reference("file:{\"referentieNrKlant\":\"PO\"}"));
        assert!(!key_has_reference(&format!("file:{text}")));
    }

    #[test]
    fn the_same_enrolment_queued_at_once_by_separate_connections_is_one_entry() {
        let (dir, o) = outbox();
        drop(o);
        let path = dir.0.join("outbox.sqlite");
        let barrier = std::sync::Barrier::new(4);
        let ids: Vec<Vec<EntryId>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        // Each "process" has its own connection to the one file.
                        let o = Outbox::open(&path).unwrap();
                        barrier.wait();
                        (0..15)
                            .map(|i| {
                                let b = body(&format!("Gelijk{i}"));
                                o.enqueue_unique(b, None, false).unwrap().0
                            })
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(ids.iter().all(|v| *v == ids[0]), "{ids:?}");
        assert_eq!(Outbox::open(&path).unwrap().list().unwrap().len(), 15);
    }
}

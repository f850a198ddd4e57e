//! One behaviour for a duplicate enrolment (app and CLI alike): an enrolment whose body is the
//! same as an entry already in the outbox (any state but discarded) is not queued again — that
//! entry is reused. The comparison key is the body in a canonical form (object keys sorted, no
//! white space) with the planner's own `referentieNrKlant` and without a generated one, so a
//! rerun without a reference matches; a different reference or any other difference is a new
//! enrolment. `again` queues on purpose all the same.

use super::{EntryId, Outbox, OutboxError};
use rusqlite::OptionalExtension;
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
        if !again
            && let Some(key) = &key
            && let Some(id) = self.find_key(key)?
        {
            return Ok((id, true));
        }
        self.insert(body, reference, key).map(|id| (id, false))
    }

    /// The newest entry (not discarded) with this key, also among keys of earlier versions.
    fn find_key(&self, key: &str) -> Result<Option<EntryId>, OutboxError> {
        let db = self.db();
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
}

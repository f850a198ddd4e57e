//! Related objects that `InclusiefDirecteRelaties` embeds in a record: whether the server honoured
//! the flag, and taking them out of the record (keeping their proven names).

use super::{NameState, ids_in, name_of, text_of};
use crate::resource::Resource;
use serde_json::Value;

/// The related object embedded for id field `field` (`bedrijfId` → `bedrijf`), when it is an
/// object.
fn embedded<'a>(record: &'a Value, field: &str) -> Option<&'a Value> {
    let base = field.strip_suffix("Id")?;
    record.get(base).filter(|v| v.is_object())
}

/// Whether `InclusiefDirecteRelaties` was honoured on these records: `Some(true)` when an
/// embedded object carries the very id its id field names (identity proven), `Some(false)` when
/// records hold ids but none came embedded, `None` when no record holds an id to check.
pub fn embedded_relations(records: &[Value]) -> Option<bool> {
    let mut ids_seen = false;
    for record in records {
        for (f, _, id) in ids_in(record) {
            ids_seen = true;
            if embedded(record, f).and_then(|o| text_of(o, "id")) == Some(id) {
                return Some(true);
            }
        }
    }
    ids_seen.then_some(false)
}

/// Names of related records embedded by `InclusiefDirecteRelaties`, per target resource.
pub type EmbeddedNames = Vec<(Resource, String, NameState)>;

/// Takes the related objects that `InclusiefDirecteRelaties` embedded out of `record` (every
/// object `x` next to an id field `xId`), so the stored record is the same as without the flag
/// (same size, same fields to compare between versions). Returns the names of those whose
/// identity is proven (the embedded `id` equals the id field); a mismatched object gives no name.
pub fn take_embedded(record: &mut Value) -> EmbeddedNames {
    let mut out = Vec::new();
    for (f, resource, id) in ids_in(record) {
        let Some(obj) = embedded(record, f) else {
            continue;
        };
        if text_of(obj, "id").as_deref() == Some(id.as_str())
            && let Some(name) = name_of(resource, obj)
        {
            out.push((resource, id, NameState::Found(name)));
        }
    }
    if let Value::Object(map) = record {
        let bases: Vec<String> = map
            .iter()
            .filter(|(k, v)| k.ends_with("Id") && v.is_string())
            .filter_map(|(k, _)| k.strip_suffix("Id").map(str::to_string))
            .filter(|base| map.get(base).is_some_and(Value::is_object))
            .collect();
        for base in bases {
            map.shift_remove(&base);
        }
    }
    out
}

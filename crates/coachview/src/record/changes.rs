//! What changed between two versions of a record: the leaf fields that differ (the audit trail
//! aside), a summary the table shows in its "Gewijzigde velden" column, and before → after pairs
//! for the detail pane.

use super::{Cell, field};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The key under which the browser adds its own fields to a record it shows (never sent back).
pub const OWN_KEY: &str = "coachdesk";
/// The column with the changed fields (labels, comma-separated), or "new".
pub const CHANGES_COLUMN: &str = "coachdesk.gewijzigdeVelden";

/// One changed field: its path and the value before and after, as shown in a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field's dotted path, e.g. `auditTrail.gewijzigdDatumTijd`.
    pub path: String,
    /// The earlier value as a cell shows it.
    pub before: String,
    /// The new value as a cell shows it.
    pub after: String,
}

fn leaves<'a>(value: &'a Value, path: &mut String, out: &mut BTreeMap<String, &'a Value>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, inner) in map {
                if path.is_empty() && (key == OWN_KEY || key.eq_ignore_ascii_case("auditTrail")) {
                    continue;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                leaves(inner, path, out);
                path.truncate(len);
            }
        }
        other => {
            if !path.is_empty() {
                out.insert(path.clone(), other);
            }
        }
    }
}

/// The leaf paths whose values differ between `before` and `after` (a missing field equals
/// `null`), in path order; the audit trail (which changes every time) is left out.
pub fn changed_paths(before: &Value, after: &Value) -> Vec<String> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    leaves(before, &mut String::new(), &mut a);
    leaves(after, &mut String::new(), &mut b);
    let mut paths: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| {
            a.get(*k).copied().unwrap_or(&Value::Null) != b.get(*k).copied().unwrap_or(&Value::Null)
        })
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Before → after per changed field.
pub fn field_changes(before: &Value, after: &Value) -> Vec<FieldChange> {
    changed_paths(before, after)
        .into_iter()
        .map(|path| FieldChange {
            before: Cell::from_value(field(before, &path)).display(false),
            after: Cell::from_value(field(after, &path)).display(false),
            path,
        })
        .collect()
}

/// The key under [`OWN_KEY`] with the changed fields' paths (language-free; worded when shown).
pub const CHANGED_PATHS: &str = "gewijzigd";

/// Marks a record the browser shows with what changed since `previous` (under [`OWN_KEY`]):
/// `nieuw` without an earlier version, else the changed fields' paths. Nothing is worded here:
/// the table words it when the cell is drawn ([`super::Worded`]).
pub fn annotate(record: &mut Value, previous: Option<&Value>) {
    let paths = previous.map(|p| changed_paths(p, record));
    if let Value::Object(map) = record {
        let own = map
            .entry(OWN_KEY)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(own) = own {
            own.insert("nieuw".into(), Value::Bool(previous.is_none()));
            match paths {
                Some(paths) => {
                    let paths = paths.into_iter().map(Value::String).collect();
                    own.insert(CHANGED_PATHS.into(), Value::Array(paths));
                }
                None => {
                    own.remove(CHANGED_PATHS);
                }
            }
        }
    }
}

/// The change summary of an annotated record, typed; `None` when it was not annotated (a row
/// that came from elsewhere).
pub fn worded(record: &Value) -> Option<super::Worded> {
    let own = record.get(OWN_KEY)?;
    if own.get("nieuw").and_then(Value::as_bool) == Some(true) {
        return Some(super::Worded::New);
    }
    let paths = own.get(CHANGED_PATHS)?.as_array()?;
    Some(super::Worded::Changed(
        paths
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect(),
    ))
}

/// True when the browser marked the record as seen for the first time.
pub fn is_new(record: &Value) -> bool {
    field(record, "coachdesk.nieuw").and_then(Value::as_bool) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use serde_json::json;

    #[test]
    fn changes_leave_out_the_audit_trail_and_compare_leaves() {
        let before = json!({"id": "a", "aanvraagStatusId": "Nieuw", "bedrijf": {"naam": "X"},
            "opmerking": null, "auditTrail": {"etag": 1}});
        let after = json!({"id": "a", "aanvraagStatusId": "Verwerkt", "bedrijf": {"naam": "Y"},
            "extra": 3, "auditTrail": {"etag": 2}});
        assert_eq!(
            changed_paths(&before, &after),
            ["aanvraagStatusId", "bedrijf.naam", "extra"]
        );
        let changes = field_changes(&before, &after);
        assert_eq!(changes[0].before, "Nieuw");
        assert_eq!(changes[0].after, "Verwerkt");
        assert_eq!(changes[2].before, "");
    }

    #[test]
    fn annotate_marks_new_and_lists_changed_labels() {
        let mut first = json!({"id": "a", "aanvraagStatusId": "Nieuw"});
        annotate(&mut first, None);
        assert!(is_new(&first));
        assert_eq!(worded(&first), Some(super::super::Worded::New));
        let mut second =
            json!({"id": "a", "aanvraagStatusId": "Verwerkt", "referentieNrKlant": "R"});
        annotate(
            &mut second,
            Some(&json!({"id": "a", "aanvraagStatusId": "Nieuw"})),
        );
        assert!(!is_new(&second));
        let summary = worded(&second).unwrap();
        assert_eq!(summary.word(Lang::Nl), "Status, Referentie klant");
        assert_ne!(summary.word(Lang::En), summary.word(Lang::Nl));
        assert_eq!(worded(&json!({"id": "x"})), None);
    }
}

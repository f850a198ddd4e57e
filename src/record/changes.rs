//! What changed between two versions of a record: the leaf fields that differ (the audit trail
//! aside), a summary the table shows in its "Gewijzigde velden" column, and before → after pairs
//! for the detail pane.

use super::{Cell, field};
use crate::i18n::{Lang, text};
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

/// The summary for the "Gewijzigde velden" column: "new" without an earlier version, else the
/// labels of the changed fields, in `lang`.
pub fn summary(lang: Lang, previous: Option<&Value>, current: &Value) -> String {
    let Some(previous) = previous else {
        return text(lang, "browse.change_new").to_string();
    };
    let paths = changed_paths(previous, current);
    if paths.is_empty() {
        return text(lang, "browse.change_none").to_string();
    }
    paths
        .iter()
        .map(|p| super::label_in(lang, p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds the change summary (in `lang`) to a record the browser shows (under [`OWN_KEY`]).
pub fn annotate(lang: Lang, record: &mut Value, previous: Option<&Value>) {
    let text = summary(lang, previous, record);
    if let Value::Object(map) = record {
        let mut own = Map::new();
        own.insert("gewijzigdeVelden".into(), Value::String(text));
        own.insert("nieuw".into(), Value::Bool(previous.is_none()));
        map.insert(OWN_KEY.into(), Value::Object(own));
    }
}

/// True when the browser marked the record as seen for the first time.
pub fn is_new(record: &Value) -> bool {
    field(record, "coachdesk.nieuw").and_then(Value::as_bool) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
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
        annotate(Lang::Nl, &mut first, None);
        assert!(is_new(&first));
        let mut second =
            json!({"id": "a", "aanvraagStatusId": "Verwerkt", "referentieNrKlant": "R"});
        annotate(
            Lang::Nl,
            &mut second,
            Some(&json!({"id": "a", "aanvraagStatusId": "Nieuw"})),
        );
        assert!(!is_new(&second));
        assert_eq!(
            super::super::cell(&second, CHANGES_COLUMN).display(false),
            "Status, Referentie klant"
        );
    }
}

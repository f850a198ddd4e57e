//! Names in an export: which ids of a record's exported id columns have no name yet, and writing
//! looked-up names into the record's `coachdesk.namen` annotation, so a readable export shows
//! names where the table would (the lookups themselves are the session's, batched and cached).

use super::{NameState, add_to_annotation, ids_in, known_name, name_json};
use crate::resource::Resource;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Names found for an export, by target resource and id.
pub type ExportNames = HashMap<(Resource, String), NameState>;

/// Whether id field `f` is written: one of `columns` (any case), or every id field when
/// `columns` is empty (the resource's default columns).
fn exported(f: &str, columns: &[String]) -> bool {
    columns.is_empty() || columns.iter().any(|c| c.trim().eq_ignore_ascii_case(f))
}

/// The ids in `record`'s exported id columns whose name the record does not carry yet.
pub fn unnamed_ids(record: &Value, columns: &[String]) -> Vec<(Resource, String)> {
    ids_in(record)
        .into_iter()
        .filter(|(f, _, _)| exported(f, columns) && known_name(record, f).is_none())
        .map(|(_, resource, id)| (resource, id))
        .collect()
}

/// Writes the names `found` knows for `record`'s unnamed exported id columns into its
/// annotation; true when it changed.
pub fn add_names(record: &mut Value, columns: &[String], found: &ExportNames) -> bool {
    let mut names = Map::new();
    for (f, resource, id) in ids_in(record) {
        if exported(f, columns)
            && known_name(record, f).is_none()
            && let Some(state) = found.get(&(resource, id))
        {
            names.insert(f.to_string(), name_json(state));
        }
    }
    add_to_annotation(record, names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_unnamed_exported_id_columns_are_asked_and_filled() {
        let mut r = json!({"id": "a1", "bedrijfId": "b1", "contactpersoonId": "p1",
            "coachdesk": {"namen": {"contactpersoonId": "Jan"}}});
        let all: Vec<String> = Vec::new();
        assert_eq!(
            unnamed_ids(&r, &all),
            vec![(Resource::Bedrijven, "b1".to_string())]
        );
        let only_person = vec!["contactpersoonId".to_string()];
        assert!(unnamed_ids(&r, &only_person).is_empty());
        let mut found = ExportNames::new();
        assert!(!add_names(&mut r, &all, &found));
        found.insert(
            (Resource::Bedrijven, "b1".into()),
            NameState::Found("Bouw BV".into()),
        );
        assert!(add_names(&mut r, &all, &found));
        assert_eq!(r["coachdesk"]["namen"]["bedrijfId"], "Bouw BV");
        assert_eq!(r["coachdesk"]["namen"]["contactpersoonId"], "Jan");
        assert!(unnamed_ids(&r, &all).is_empty());
        // A stored record (no annotation yet) gets one.
        let mut stored = json!({"id": "a2", "bedrijfId": "b1"});
        assert!(add_names(&mut stored, &all, &found));
        assert_eq!(stored["coachdesk"]["namen"]["bedrijfId"], "Bouw BV");
    }
}

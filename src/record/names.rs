//! Names instead of ids: which id fields point at which resource, the name of a record, and the
//! browser's own `coachdesk.namen.<field>` annotation that the table and exports show in place
//! of a bare id (the id stays in the record, the detail pane and the hover text).

use super::{Cell, field};
use crate::i18n::{Lang, format, text};
use crate::resource::Resource;
use serde_json::{Map, Value};

/// Id fields and the resource they point at; the embedded object (with
/// `InclusiefDirecteRelaties`) has the field's name without `Id`.
pub const ID_FIELDS: &[(&str, Resource)] = &[
    ("bedrijfId", Resource::Bedrijven),
    ("contactpersoonId", Resource::Personen),
    ("persoonId", Resource::Personen),
    ("opleidingId", Resource::Opleidingen),
    ("opleidingssoortId", Resource::Opleidingssoorten),
    ("aanvraagId", Resource::Aanvragen),
];

/// The resource an id field points at.
pub fn target_of(path: &str) -> Option<Resource> {
    ID_FIELDS
        .iter()
        .find(|(f, _)| f.eq_ignore_ascii_case(path))
        .map(|(_, r)| *r)
}

/// What is known about the name behind an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameState {
    Found(String),
    /// Not returned by Coachview (deleted, or not visible to this client).
    Missing,
    /// This client lacks the scope to read the resource.
    Forbidden,
}

impl NameState {
    /// The text shown in a cell, in `lang`, for a name of a `resource` record: an Aanvraag's
    /// bare number reads "Aanvraag 123" (a name cached worded by an older version stays as is).
    pub fn shown_in(&self, lang: Lang, resource: Resource) -> String {
        match self {
            NameState::Found(n)
                if resource == Resource::Aanvragen && n.chars().all(|c| c.is_ascii_digit()) =>
            {
                format(lang, "names.aanvraag", &[("nummer", n)])
            }
            NameState::Found(name) => name.clone(),
            NameState::Missing => text(lang, "names.missing").to_string(),
            NameState::Forbidden => text(lang, "names.forbidden").to_string(),
        }
    }
}

fn text_of(record: &Value, path: &str) -> Option<String> {
    match field(record, path)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A person's or an object's readable name: Personen "voornaam tussenvoegsels achternaam",
/// Aanvragen their bare number (worded by [`NameState::shown_in`]), others `naam` (else `code`).
/// Never worded here: names are looked up on the worker and cached in the store.
pub fn name_of(resource: Resource, record: &Value) -> Option<String> {
    match resource {
        Resource::Personen => {
            let parts: Vec<String> = ["voornaam", "tussenvoegsels", "achternaam"]
                .iter()
                .filter_map(|p| text_of(record, p))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        Resource::Aanvragen => text_of(record, "nummer"),
        _ => text_of(record, "naam").or_else(|| text_of(record, "code")),
    }
}

/// The id fields of a record that hold an id, with their target.
pub fn ids_in(record: &Value) -> Vec<(&'static str, Resource, String)> {
    ID_FIELDS
        .iter()
        .filter_map(|(f, r)| Some((*f, *r, text_of(record, f)?)))
        .collect()
}

/// Adds `coachdesk.namen.<field>` for every id field: the embedded object's name when Coachview
/// sent one, else what `lookup` knows. Returns the ids still unknown.
pub fn annotate_names(
    lang: Lang,
    record: &mut Value,
    lookup: &dyn Fn(Resource, &str) -> Option<NameState>,
) -> Vec<(Resource, String)> {
    let mut names = Map::new();
    let mut unknown = Vec::new();
    for (f, resource, id) in ids_in(record) {
        let embedded = f
            .strip_suffix("Id")
            .and_then(|base| field(record, base))
            .filter(|obj| text_of(obj, "id").is_none_or(|i| i == id))
            .and_then(|obj| name_of(resource, obj));
        match embedded
            .map(NameState::Found)
            .or_else(|| lookup(resource, &id))
        {
            Some(state) => {
                names.insert(f.to_string(), Value::String(state.shown_in(lang, resource)));
            }
            None => unknown.push((resource, id)),
        }
    }
    if !names.is_empty()
        && let Value::Object(map) = record
    {
        let own = map
            .entry(super::changes::OWN_KEY)
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(own) = own {
            own.insert("namen".into(), Value::Object(names));
        }
    }
    unknown
}

/// The cell the browser shows for `path`: the name for an id field when known, else the value.
pub fn display_cell(record: &Value, path: &str) -> Cell {
    if target_of(path).is_some()
        && let Some(Value::String(name)) = record
            .get(super::changes::OWN_KEY)
            .and_then(|own| own.get("namen"))
            .and_then(|names| names.get(path))
    {
        return Cell::Text(name.clone());
    }
    super::cell(record, path)
}

/// A copy of `record` with its id fields replaced by the names the browser knows (for exports
/// with readable headers); `None` when there is nothing to replace.
pub fn with_names(record: &Value) -> Option<Value> {
    let names = record
        .get(super::changes::OWN_KEY)?
        .get("namen")?
        .as_object()?;
    let mut copy = record.clone();
    if let Value::Object(map) = &mut copy {
        for (f, name) in names {
            if map.contains_key(f) {
                map.insert(f.clone(), name.clone());
            }
        }
    }
    Some(copy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_come_from_the_embedded_object_or_the_lookup() {
        let mut r = json!({"id": "a", "bedrijfId": "b1", "contactpersoonId": "p1",
            "opleidingId": "o1", "bedrijf": {"id": "b1", "naam": "Bouwbedrijf De Vries BV"}});
        let unknown = annotate_names(Lang::Nl, &mut r, &|res, id| match (res, id) {
            (Resource::Personen, "p1") => Some(NameState::Found("Anna de Wit".into())),
            _ => None,
        });
        assert_eq!(unknown, [(Resource::Opleidingen, "o1".to_string())]);
        assert_eq!(
            display_cell(&r, "bedrijfId"),
            Cell::Text("Bouwbedrijf De Vries BV".into())
        );
        assert_eq!(
            display_cell(&r, "contactpersoonId"),
            Cell::Text("Anna de Wit".into())
        );
        assert_eq!(display_cell(&r, "opleidingId"), Cell::Text("o1".into()));
        let exported = with_names(&r).unwrap();
        assert_eq!(exported["bedrijfId"], "Bouwbedrijf De Vries BV");
        assert_eq!(r["bedrijfId"], "b1", "the record keeps its id");
    }

    /// An Aanvraag's name is its bare number, worded in the language asked when shown.
    #[test]
    fn aanvraag_names_are_worded_when_shown() {
        let a = json!({"nummer": 4711});
        let name = name_of(Resource::Aanvragen, &a).unwrap();
        assert_eq!(name, "4711");
        let state = NameState::Found(name);
        let nl = state.shown_in(Lang::Nl, Resource::Aanvragen);
        let en = state.shown_in(Lang::En, Resource::Aanvragen);
        assert_eq!(nl, format(Lang::Nl, "names.aanvraag", &[("nummer", &4711)]));
        assert_eq!(en, format(Lang::En, "names.aanvraag", &[("nummer", &4711)]));
        assert_ne!(nl, en);
        let legacy = NameState::Found("Aanvraag 12".into());
        assert_eq!(
            legacy.shown_in(Lang::En, Resource::Aanvragen),
            "Aanvraag 12"
        );
        assert_eq!(
            NameState::Missing.shown_in(Lang::En, Resource::Personen),
            text(Lang::En, "names.missing")
        );
    }

    #[test]
    fn person_names_join_their_parts() {
        let p = json!({"voornaam": "Jan", "tussenvoegsels": "van der", "achternaam": "Berg"});
        assert_eq!(
            name_of(Resource::Personen, &p).as_deref(),
            Some("Jan van der Berg")
        );
        assert_eq!(
            name_of(Resource::Bedrijven, &json!({"code": "X"})).as_deref(),
            Some("X")
        );
    }
}

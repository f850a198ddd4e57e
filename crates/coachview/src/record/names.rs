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
    /// The record's readable name.
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

/// Why a names job could not finish: decides when its ids are asked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamesCause {
    /// Coachview could not be reached (or did not answer in time).
    Network,
    /// Coachview answered with a server error.
    Server,
    /// The request budget is spent until `until` (when the server said).
    RateLimited {
        /// When the budget is available again; `None` when the server did not say.
        until: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// The credentials were refused (after a renewed token).
    Unauthorized,
    /// Anything else (an unreadable answer).
    Other,
    /// The planner cancelled the job before these were asked: no failure, asked again when the
    /// rows come into view again.
    Cancelled,
}

impl NamesCause {
    /// The cause of an API error.
    pub fn of(kind: &crate::api::ApiErrorKind) -> NamesCause {
        use crate::api::ApiErrorKind as K;
        match kind {
            K::Network { .. } | K::Timeout { .. } => NamesCause::Network,
            K::Server { .. } => NamesCause::Server,
            K::RateLimited { reset_at, .. } => NamesCause::RateLimited { until: *reset_at },
            K::Unauthorized => NamesCause::Unauthorized,
            K::Cancelled => NamesCause::Cancelled,
            _ => NamesCause::Other,
        }
    }

    /// The reason shown next to an id that could not be resolved.
    pub fn reason(&self) -> String {
        let key = match self {
            NamesCause::Network => "names.reason.network",
            NamesCause::Server => "names.reason.server",
            NamesCause::RateLimited { .. } => "names.reason.rate_limited",
            NamesCause::Unauthorized => "names.reason.unauthorized",
            NamesCause::Other | NamesCause::Cancelled => "names.reason.other",
        };
        crate::i18n::t(key).to_string()
    }
}

/// A names job that stopped: the ids it did not answer, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct NamesFailure {
    /// Why the job stopped.
    pub cause: NamesCause,
    /// The ids left unanswered, with their resource.
    pub ids: Vec<(Resource, String)>,
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

/// A name state as the browser keeps it under `coachdesk.namen.<field>`, language-free: the
/// name itself, or `{"staat": "ontbreekt" | "geenToegang"}`.
pub fn name_json(state: &NameState) -> Value {
    match state {
        NameState::Found(name) => Value::String(name.clone()),
        NameState::Missing => serde_json::json!({"staat": "ontbreekt"}),
        NameState::Forbidden => serde_json::json!({"staat": "geenToegang"}),
    }
}

/// The name state kept by [`name_json`].
pub fn name_state(value: &Value) -> Option<NameState> {
    match value {
        Value::String(name) => Some(NameState::Found(name.clone())),
        other => match other.get("staat")?.as_str()? {
            "ontbreekt" => Some(NameState::Missing),
            "geenToegang" => Some(NameState::Forbidden),
            _ => None,
        },
    }
}

/// Adds `coachdesk.namen.<field>` for every id field: the embedded object's name when Coachview
/// sent one, else what `lookup` knows (language-free, see [`name_json`]; worded when shown).
/// Returns the ids still unknown.
pub fn annotate_names(
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
                names.insert(f.to_string(), name_json(&state));
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
            match own.get_mut("namen") {
                Some(Value::Object(known)) => known.extend(names),
                _ => {
                    own.insert("namen".into(), Value::Object(names));
                }
            }
        }
    }
    unknown
}

/// The name the browser knows for id field `path` of `record`, typed.
fn known_name(record: &Value, path: &str) -> Option<NameState> {
    let names = record.get(super::changes::OWN_KEY)?.get("namen")?;
    let value = names.get(path).or_else(|| {
        names
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(path))
            .map(|(_, v)| v)
    })?;
    name_state(value)
}

/// The cell the browser shows for `path`: the name for an id field when known, the change
/// summary for [`super::changes::CHANGES_COLUMN`] (both worded when drawn), else the value.
pub fn display_cell(record: &Value, path: &str) -> Cell {
    if let Some(target) = target_of(path)
        && let Some(state) = known_name(record, path)
    {
        return Cell::Worded(super::Worded::Name(target, state).shared());
    }
    if path == super::changes::CHANGES_COLUMN
        && let Some(summary) = super::changes::worded(record)
    {
        return Cell::Worded(summary.shared());
    }
    super::cell(record, path)
}

/// A copy of `record` as the planner reads it in `lang`: its id fields replaced by the names the
/// browser knows, and its change summary worded (for the detail pane and exports with readable
/// headers); `None` when there is nothing to replace.
pub fn with_names_in(lang: Lang, record: &Value) -> Option<Value> {
    let own = record.get(super::changes::OWN_KEY)?.as_object()?;
    let mut copy = record.clone();
    let summary = super::changes::worded(record).map(|w| w.word(lang));
    let Value::Object(map) = &mut copy else {
        return None;
    };
    if let Some(names) = own.get("namen").and_then(Value::as_object) {
        for (f, value) in names {
            let (Some(state), Some(resource)) = (name_state(value), target_of(f)) else {
                continue;
            };
            let shown = Value::String(state.shown_in(lang, resource));
            if map.contains_key(f) {
                map.insert(f.clone(), shown.clone());
            }
            if let Some(Value::Object(own)) = map.get_mut(super::changes::OWN_KEY)
                && let Some(Value::Object(worded)) = own.get_mut("namen")
            {
                worded.insert(f.clone(), shown);
            }
        }
    }
    if let Some(Value::Object(own)) = map.get_mut(super::changes::OWN_KEY) {
        own.remove(super::changes::CHANGED_PATHS);
        if let Some(summary) = summary {
            own.insert("gewijzigdeVelden".into(), Value::String(summary));
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
        let unknown = annotate_names(&mut r, &|res, id| match (res, id) {
            (Resource::Personen, "p1") => Some(NameState::Found("Anna de Wit".into())),
            _ => None,
        });
        assert_eq!(unknown, [(Resource::Opleidingen, "o1".to_string())]);
        assert_eq!(
            display_cell(&r, "bedrijfId").display(false),
            "Bouwbedrijf De Vries BV"
        );
        assert_eq!(
            display_cell(&r, "contactpersoonId").display(false),
            "Anna de Wit"
        );
        assert_eq!(display_cell(&r, "opleidingId"), Cell::Text("o1".into()));
        let exported = with_names_in(Lang::Nl, &r).unwrap();
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
    fn embedded_objects_give_proven_names_and_leave_the_record_bare() {
        let mut r = json!({"id": "a", "bedrijfId": "b1", "contactpersoonId": "p1",
            "opleidingId": "o1", "startLocatieId": "l1", "opmerking": "x",
            "bedrijf": {"id": "b1", "naam": "Bouwbedrijf De Vries BV"},
            "contactpersoon": {"id": "someone-else", "voornaam": "Eva"},
            "startLocatie": {"id": "l1", "lokaal": "Zaal 1"}});
        assert_eq!(embedded_relations(std::slice::from_ref(&r)), Some(true));
        let names = take_embedded(&mut r);
        assert_eq!(
            names,
            [(
                Resource::Bedrijven,
                "b1".to_string(),
                NameState::Found("Bouwbedrijf De Vries BV".into())
            )],
            "a person object with another id gives no name"
        );
        assert_eq!(
            r,
            json!({"id": "a", "bedrijfId": "b1", "contactpersoonId": "p1",
                "opleidingId": "o1", "startLocatieId": "l1", "opmerking": "x"})
        );
        assert_eq!(embedded_relations(&[r]), Some(false));
        assert_eq!(embedded_relations(&[json!({"id": "x"})]), None);
        let wrong = json!({"id": "a", "bedrijfId": "b1", "bedrijf": {"id": "b2", "naam": "X"}});
        assert_eq!(embedded_relations(&[wrong]), Some(false));
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

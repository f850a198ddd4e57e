//! Names instead of ids: which id fields point at which resource, the name of a record, and the
//! browser's own `coachdesk.namen.<field>` annotation that the table and exports show in place
//! of a bare id (the id stays in the record, the detail pane and the hover text).

use super::{Cell, field};
use crate::i18n::{Lang, format, text};
use crate::resource::Resource;
use serde_json::{Map, Value};

mod embedded;
mod export;
pub use embedded::{EmbeddedNames, embedded_relations, take_embedded};
pub use export::{ExportNames, add_names, unnamed_ids};

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
    pub(crate) fn shown_in(&self, lang: Lang, resource: Resource) -> String {
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
    add_to_annotation(record, names);
    unknown
}

/// Adds `names` (field → [`name_json`]) to `record`'s `coachdesk.namen`; false when there is
/// nothing to add or the record is no object.
fn add_to_annotation(record: &mut Value, names: Map<String, Value>) -> bool {
    let Value::Object(map) = record else {
        return false;
    };
    if names.is_empty() {
        return false;
    }
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
    true
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
mod tests;

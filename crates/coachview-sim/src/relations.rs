//! `InclusiefDirecteRelaties=true`: embeds the records an id field points at.

use super::store::State;
use coachview::resource::Resource;
use serde_json::Value;

/// Where a relation points.
enum Target {
    Resource(Resource),
    Location,
}

/// (id field, embedded key, target).
const RELATIONS: &[(&str, &str, Target)] = &[
    (
        "opleidingssoortId",
        "opleidingssoort",
        Target::Resource(Resource::Opleidingssoorten),
    ),
    (
        "opleidingId",
        "opleiding",
        Target::Resource(Resource::Opleidingen),
    ),
    (
        "bedrijfId",
        "bedrijf",
        Target::Resource(Resource::Bedrijven),
    ),
    (
        "contactpersoonId",
        "contactpersoon",
        Target::Resource(Resource::Personen),
    ),
    ("persoonId", "persoon", Target::Resource(Resource::Personen)),
    (
        "aanvraagId",
        "aanvraag",
        Target::Resource(Resource::Aanvragen),
    ),
    (
        "webaanvraagId",
        "webaanvraag",
        Target::Resource(Resource::Webaanvragen),
    ),
    ("startLocatieId", "startLocatie", Target::Location),
    ("locatieId", "locatie", Target::Location),
];

/// Adds the directly related objects to a record (one level deep; missing targets stay out).
/// Returns how many it added.
pub fn embed(state: &State, record: &mut Value) -> usize {
    let Value::Object(map) = record else {
        return 0;
    };
    let mut added = 0;
    for (field, key, target) in RELATIONS {
        let Some(id) = map.get(*field).and_then(Value::as_str) else {
            continue;
        };
        let related = match target {
            Target::Resource(r) => state
                .table(*r)
                .and_then(|t| t.get(id))
                .map(|row| row.value()),
            Target::Location => state.locations.get(id).cloned(),
        };
        if let Some(related) = related {
            map.insert((*key).to_string(), related);
            added += 1;
        }
    }
    added
}

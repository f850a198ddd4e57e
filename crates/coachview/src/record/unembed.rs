//! [`super::names::take_embedded`] on a record's text: the objects `InclusiefDirecteRelaties`
//! embedded are cut out of the JSON text without building a `Value` of the whole record (only
//! the id fields and the embedded objects are read), which is most of a sync's own work when
//! the flag is on. The result is the same record and the same names as the `Value` path.

use super::names::{EmbeddedNames, ID_FIELDS, NameState, name_of};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

/// What [`unembed_text`] found in one record.
#[derive(Debug, Default, PartialEq)]
pub struct Unembedded {
    /// The record's text without the embedded objects; `None` when nothing was embedded.
    pub json: Option<String>,
    /// The names of the embedded objects whose identity is proven (their `id` is the id field).
    pub names: EmbeddedNames,
    /// The record holds at least one id of [`ID_FIELDS`].
    pub ids_seen: bool,
    /// At least one embedded object carries the very id its id field names.
    pub proven: bool,
}

/// The top-level fields of an object, each value as its text.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(32));
                while let Some(key) = map.next_key::<String>()? {
                    fields.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(V)
    }
}

fn first_byte(raw: &RawValue) -> u8 {
    raw.get().bytes().next().unwrap_or(b' ')
}

/// The field `name`: the exact key first, else the first key equal ignoring case (as
/// [`super::field`] reads it).
fn find<'a>(fields: &[(String, &'a RawValue)], name: &str) -> Option<&'a RawValue> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .or_else(|| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
        .map(|(_, v)| *v)
}

/// An id field's value as [`super::names`] reads it: a non-blank text (trimmed) or a number.
fn id_text(raw: &RawValue) -> Option<String> {
    match serde_json::from_str::<Value>(raw.get()).ok()? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The fields of an embedded object that its id and name are read from (see [`name_of`]).
const NAME_KEYS: &[&str] = &[
    "id",
    "naam",
    "code",
    "nummer",
    "voornaam",
    "tussenvoegsels",
    "achternaam",
];

/// An embedded object with only the fields its id and name come from (any case, in their
/// order, so [`super::field`] finds the same one as in the whole object): the rest of it,
/// often addresses and more, is skipped rather than built.
fn name_fields(raw: &RawValue) -> Option<Value> {
    let Fields(fields) = serde_json::from_str(raw.get()).ok()?;
    let mut object = serde_json::Map::new();
    for (k, v) in fields {
        if NAME_KEYS.iter().any(|n| k.eq_ignore_ascii_case(n)) {
            object.insert(k, serde_json::from_str(v.get()).ok()?);
        }
    }
    Some(Value::Object(object))
}

/// Cuts the embedded objects out of one record's text; `None` when the text is not an object.
pub fn unembed_text(text: &str) -> Option<Unembedded> {
    let fields: Fields<'_> = serde_json::from_str(text).ok()?;
    let fields = fields.0;
    let mut out = Unembedded::default();
    for (f, resource) in ID_FIELDS {
        let Some(id) = find(&fields, f).and_then(id_text) else {
            continue;
        };
        out.ids_seen = true;
        let base = f.strip_suffix("Id").unwrap_or(f);
        let Some(raw) = fields
            .iter()
            .find(|(k, _)| k == base)
            .map(|(_, v)| *v)
            .filter(|v| first_byte(v) == b'{')
        else {
            continue;
        };
        let Some(object) = name_fields(raw) else {
            continue;
        };
        let object_id = super::field(&object, "id").and_then(|v| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
        if object_id.as_deref() == Some(id.as_str()) {
            out.proven = true;
            if let Some(name) = name_of(*resource, &object) {
                out.names.push((*resource, id, NameState::Found(name)));
            }
        }
    }
    // Every object `x` next to a text field `xId` goes (as `take_embedded` removes them).
    let cut: Vec<&str> = fields
        .iter()
        .filter(|(k, v)| k.ends_with("Id") && first_byte(v) == b'"')
        .filter_map(|(k, _)| k.strip_suffix("Id"))
        .filter(|base| {
            fields
                .iter()
                .rev()
                .find(|(k, _)| k == base)
                .is_some_and(|(_, v)| first_byte(v) == b'{')
        })
        .collect();
    if cut.is_empty() {
        return Some(out);
    }
    let mut json = String::with_capacity(text.len());
    json.push('{');
    for (k, v) in fields.iter().filter(|(k, _)| !cut.contains(&k.as_str())) {
        if json.len() > 1 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(k).ok()?);
        json.push(':');
        json.push_str(v.get());
    }
    json.push('}');
    out.json = Some(json);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::names::{embedded_relations, take_embedded};
    use crate::resource::Resource;
    use serde_json::json;

    /// The `Value` path: what the sync did before.
    fn by_value(text: &str) -> (Value, EmbeddedNames) {
        let mut v: Value = serde_json::from_str(text).unwrap();
        let names = take_embedded(&mut v);
        (v, names)
    }

    fn samples() -> Vec<String> {
        vec![
            json!({"id": "a1", "nummer": "A-1", "bedrijfId": "b1",
                   "bedrijf": {"id": "b1", "naam": "Jansen BV", "adres": {"plaats": "Zwolle"}},
                   "contactpersoonId": "p1",
                   "contactpersoon": {"id": "p1", "voornaam": "Jan", "achternaam": "Smit"},
                   "opleidingId": "o1", "opleiding": {"id": "other", "naam": "Excel"},
                   "auditTrail": {"gewijzigdDatumTijd": "2026-11-01T10:00:00", "etag": 3}})
            .to_string(),
            // Nothing embedded: the text stays as sent.
            json!({"id": "a2", "bedrijfId": "b2", "opmerking": "x\"y\\z \u{e9}"}).to_string(),
            // Case-insensitive id field, a numeric id, an empty id, an array next to an id.
            json!({"id": 7, "BedrijfID": 5, "bedrijf": {"ID": 5, "code": "B5"},
                   "persoonId": "", "persoon": {"id": "", "voornaam": "Nobody"},
                   "aanvraagId": "q", "aanvraag": [1, 2]})
            .to_string(),
            // An escaped key and unicode, a null embedded object, a name that is blank.
            r#"{"id":"a3","we\"ird":"\u00e9","opleidingssoortId":"s1","opleidingssoort":{"id":"s1","naam":"  ","code":"XL"},"bedrijfId":"b","bedrijf":null}"#.to_string(),
            // Not an object at all.
            "[1,2]".to_string(),
        ]
    }

    #[test]
    fn the_text_path_gives_the_same_record_and_names_as_the_value_path() {
        for text in samples() {
            let Some(u) = unembed_text(&text) else {
                assert!(!text.starts_with('{'), "{text}");
                continue;
            };
            let (want, names) = by_value(&text);
            let got: Value = serde_json::from_str(u.json.as_deref().unwrap_or(&text)).unwrap();
            assert_eq!(got, want, "{text}");
            assert_eq!(u.names, names, "{text}");
            let record: Value = serde_json::from_str(&text).unwrap();
            let verdict = embedded_relations(std::slice::from_ref(&record));
            assert_eq!(
                verdict,
                u.ids_seen.then_some(u.proven),
                "{text}: the page verdict"
            );
        }
    }

    #[test]
    fn only_proven_objects_give_names_and_every_embedded_object_is_cut() {
        let text = &samples()[0];
        let u = unembed_text(text).unwrap();
        assert_eq!(
            u.names,
            vec![
                (
                    Resource::Bedrijven,
                    "b1".to_string(),
                    NameState::Found("Jansen BV".into())
                ),
                (
                    Resource::Personen,
                    "p1".to_string(),
                    NameState::Found("Jan Smit".into())
                ),
            ]
        );
        let json = u.json.unwrap();
        for gone in [
            "\"bedrijf\":",
            "\"contactpersoon\":",
            "\"opleiding\":",
            "Jansen",
        ] {
            assert!(!json.contains(gone), "{gone} in {json}");
        }
        assert!(json.contains("\"auditTrail\":{\"gewijzigdDatumTijd\""));
        assert!(unembed_text(&samples()[1]).unwrap().json.is_none());
    }
}

//! Column choices: sensible defaults per resource and every leaf path seen in a set of records.

use crate::resource::Resource;
use serde_json::Value;
use std::collections::HashSet;

const CHANGED_AT: &str = "auditTrail.gewijzigdDatumTijd";
const CHANGED_BY: &str = "auditTrail.gewijzigdDoor";

/// The columns the table and the exports start with for a resource (Coachview field paths,
/// API doc sections 4 and 8). Fields a record lacks simply show empty.
pub fn default_columns(resource: Resource) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = match resource {
        Resource::Aanvragen => vec![
            "nummer",
            "aanvraagStatusId",
            "referentieNrKlant",
            "bedrijfId",
        ],
        Resource::Opleidingen => vec![
            "code",
            "naam",
            "opleidingStatusId",
            "startDatum",
            "aantalPlaatsenVrij",
        ],
        Resource::Opleidingsonderdelen => {
            vec![
                "code",
                "naam",
                "datum",
                "tijdVan",
                "lesvormId",
                "opleidingId",
            ]
        }
        Resource::Opleidingssoorten => vec![
            "code",
            "naam",
            "opleidingssoortStatusId",
            "inactief",
            "totaalBedragExclBtwGepubliceerdeVerkoopregels",
        ],
        Resource::Personen => vec![
            "voornaam",
            "tussenvoegsels",
            "achternaam",
            "email1",
            "tel1",
            "inactief",
        ],
        Resource::Bedrijven => vec!["naam", "emailadres", "telefoonnummer", "bezoekadres.plaats"],
        Resource::Webaanvragen => vec![
            "nummer",
            "referentieNrKlant",
            "aantalDeelnemers",
            "verwerkt",
            "aanvraagId",
        ],
        Resource::Orderverkoopregels => vec![
            "aanvraagId",
            "omschrijving",
            "aantal",
            "prijsExclBtw",
            "bedragExclBtw",
        ],
        Resource::Betaalwijzen => vec!["code", "naam"],
    };
    columns.extend([CHANGED_AT, CHANGED_BY]);
    columns
}

/// [`default_columns`], with an id column replaced by the embedded object's name when the records
/// carry it (`bedrijfId` → `bedrijf.naam` with `InclusiefDirecteRelaties`). Looks at the first
/// 100 records.
pub fn default_columns_for(resource: Resource, records: &[Value]) -> Vec<String> {
    let sample = &records[..records.len().min(100)];
    default_columns(resource)
        .into_iter()
        .map(|column| {
            let embedded = column
                .strip_suffix("Id")
                .filter(|_| !column.contains('.'))
                .map(|base| format!("{base}.naam"));
            match embedded {
                Some(path) if sample.iter().any(|r| super::field(r, &path).is_some()) => path,
                _ => column.to_owned(),
            }
        })
        .collect()
}

/// The union of leaf paths seen in `records`, in first-seen order, for the column chooser.
/// Objects are flattened with dots; an array is one column; keys differing only in case
/// (`aanvraagid`, `aanvraagId`) count once, under the first spelling seen. Takes `&[Value]` or
/// any iterator of `&Value`.
pub fn all_columns<'a>(records: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    let mut collector = ColumnCollector::default();
    for record in records {
        collector.add(record);
    }
    collector.finish()
}

/// [`all_columns`] one record at a time (for records parsed on the fly).
#[derive(Debug, Default)]
pub struct ColumnCollector {
    seen: HashSet<String>,
    out: Vec<String>,
    path: String,
}

impl ColumnCollector {
    /// Adds the leaf paths of one record.
    pub(crate) fn add(&mut self, record: &Value) {
        if let Value::Object(map) = record {
            self.path.clear();
            collect(map, &mut self.path, &mut self.seen, &mut self.out);
        }
    }

    /// The columns seen, first seen first.
    pub(crate) fn finish(self) -> Vec<String> {
        self.out
    }
}

fn collect(
    map: &serde_json::Map<String, Value>,
    path: &mut String,
    seen: &mut HashSet<String>,
    out: &mut Vec<String>,
) {
    for (key, value) in map {
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        match value {
            Value::Object(inner) if !inner.is_empty() => collect(inner, path, seen, out),
            _ => {
                let lower = path.to_ascii_lowercase();
                if !seen.contains(&lower) {
                    seen.insert(lower);
                    out.push(path.clone());
                }
            }
        }
        path.truncate(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_resource_has_defaults_ending_with_the_change() {
        for resource in Resource::ALL {
            let columns = default_columns(resource);
            assert!(columns.len() >= 4, "{resource}");
            assert_eq!(columns[columns.len() - 2..], [CHANGED_AT, CHANGED_BY]);
        }
        let aanvragen = default_columns(Resource::Aanvragen);
        assert_eq!(aanvragen[..2], ["nummer", "aanvraagStatusId"]);
    }

    #[test]
    fn embedded_names_replace_ids_when_present() {
        let plain = [json!({"bedrijfId": "b1"})];
        let embedded = [json!({"bedrijfId": "b1", "bedrijf": {"naam": "Acme"}})];
        assert!(default_columns_for(Resource::Aanvragen, &plain).contains(&"bedrijfId".into()));
        let with = default_columns_for(Resource::Aanvragen, &embedded);
        assert!(with.contains(&"bedrijf.naam".into()));
        assert!(!with.contains(&"bedrijfId".into()));
    }

    #[test]
    fn all_columns_flattens_in_first_seen_order() {
        let records = [
            json!({"id": "1", "auditTrail": {"etag": 1, "gewijzigdDoor": "a"}, "tags": [1, 2]}),
            json!({"id": "2", "aanvraagId": "x", "leeg": {}, "AUDITTRAIL": {"ETAG": 2}}),
            json!("not an object"),
            json!({"aanvraagid": "y", "adres": {"land": {"code": "NL"}}}),
        ];
        assert_eq!(
            all_columns(&records),
            [
                "id",
                "auditTrail.etag",
                "auditTrail.gewijzigdDoor",
                "tags",
                "aanvraagId",
                "leeg",
                "adres.land.code"
            ]
        );
    }
}

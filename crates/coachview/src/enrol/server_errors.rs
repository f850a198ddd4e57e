//! A server 400's field errors mapped onto our field paths (case-insensitive, canonical spelling).

use super::issues::{FieldIssue, IssueCode};
use std::collections::BTreeMap;

/// Every field name a webaanvraag body can have (API doc §5), for canonical casing.
const KNOWN_FIELDS: &[&str] = &[
    "referentieNrKlant",
    "opmerking",
    "aantalPersonen",
    "uitvoeringstermijn",
    "aanvraagIsOrder",
    "vrijevelden",
    "bedrijf",
    "contactpersoon",
    "contactpersoonIsLeidinggevende",
    "autorisatieEigenaar",
    "debiteur",
    "deelnemers",
    "opleidingen",
    "opleidingId",
    "opleidingssoortId",
    "naam",
    "emailadres",
    "telefoonnummer",
    "externId",
    "externSource",
    "optInOut",
    "adres",
    "bezoekAdres",
    "factuurAdres",
    "categorieen",
    "categorieId",
    "voorletters",
    "voornaam",
    "tussenvoegsels",
    "achternaam",
    "titel",
    "achterTitel",
    "emailadres2",
    "telefoonnummerType",
    "telefoonnummer2",
    "telefoonnummer2Type",
    "persoonId",
    "geslacht",
    "geboorteAchternaam",
    "geboorteTussenvoegsels",
    "geboorteDatum",
    "geboortePlaats",
    "afdelingId",
    "functieId",
    "vrijeveldenPersoon",
    "vrijeveldenOpleidingsvraag",
    "adres1",
    "adres2",
    "adres3",
    "adres4",
    "postcode",
    "plaats",
    "landCode",
    "naamRekeninghouder",
    "btwNummer",
    "iban",
    "bicCode",
    "particulier",
    "betaalwijzeId",
    "verzendwijzeFactuur",
    "emailType",
    "emailadresAnders",
];

/// Puts a server field path in our spelling: `$.Contactpersoon.EmailAdres` →
/// `contactpersoon.emailadres`, `Deelnemers[1].Achternaam` → `deelnemers[1].achternaam`.
pub fn canonical_field_path(path: &str) -> String {
    let path = path.trim();
    let path = path
        .strip_prefix("$.")
        .or_else(|| path.strip_prefix('$'))
        .unwrap_or(path);
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let (name, index) = match segment.find('[') {
                Some(i) => segment.split_at(i),
                None => (segment, ""),
            };
            let name = KNOWN_FIELDS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(name))
                .map_or_else(|| name.to_string(), |k| (*k).to_string());
            format!("{name}{index}")
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Turns a 400's `errors` (field path → messages) into issues on our fields.
pub fn map_server_errors(errors: &BTreeMap<String, Vec<String>>) -> Vec<FieldIssue> {
    errors
        .iter()
        .flat_map(|(path, messages)| {
            let field = canonical_field_path(path);
            messages
                .iter()
                .map(move |m| FieldIssue::error(field.clone(), IssueCode::Server(m.clone())))
        })
        .collect()
}

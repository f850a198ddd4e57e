//! Readable column names: Dutch and English labels for known field paths (the `field.<path>` keys
//! of the string tables), and a humanised form for any other path (`aantalPlaatsenVrij` →
//! "Aantal plaatsen vrij"). The field path itself stays available for hover texts and integrators.

use crate::i18n::{self, Entry, Lang};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Known labels by lower-case field path.
static KNOWN: LazyLock<HashMap<String, &'static Entry>> = LazyLock::new(|| {
    i18n::all()
        .filter_map(|entry| {
            let path = entry.0.strip_prefix("field.")?;
            Some((path.to_ascii_lowercase(), entry))
        })
        .collect()
});

fn known(lang: Lang, path: &str) -> Option<&'static str> {
    let entry = KNOWN.get(&path.to_ascii_lowercase())?;
    Some(match lang {
        Lang::Nl => entry.1,
        Lang::En => entry.2,
    })
}

/// The label of a field path in `lang`: a known label; for an embedded object's name
/// (`bedrijf.naam`) the label of its id field (`bedrijfId`); else the path humanised.
pub fn label_in(lang: Lang, path: &str) -> String {
    if let Some(label) = known(lang, path) {
        return label.to_string();
    }
    if let Some(object) = path.strip_suffix(".naam")
        && !object.contains('.')
        && let Some(label) = known(lang, &format!("{object}Id"))
    {
        return label.to_string();
    }
    humanise(path)
}

/// [`label_in`] in the current language.
pub fn label(path: &str) -> String {
    label_in(i18n::current(), path)
}

/// The labels of several paths in the current language.
pub fn labels(paths: &[String]) -> Vec<String> {
    labels_in(i18n::current(), paths)
}

/// [`label_in`] for each of `paths`.
pub fn labels_in(lang: Lang, paths: &[String]) -> Vec<String> {
    paths.iter().map(|p| label_in(lang, p)).collect()
}

/// A readable form of an unknown field path: camelCase words split and lower-cased, digits apart,
/// a trailing `Id` dropped, path segments joined with " / ", first letter capitalised
/// (`aantalPlaatsenVrij` → "Aantal plaatsen vrij", `bezoekadres.plaats` → "Bezoekadres / plaats").
pub fn humanise(path: &str) -> String {
    let segments: Vec<String> = path
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let segment = segment
                .strip_suffix("Id")
                .filter(|s| !s.is_empty())
                .unwrap_or(segment);
            words(segment)
        })
        .collect();
    let joined = segments.join(" / ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => path.to_string(),
    }
}

/// `aantalPlaatsenVrij` → `aantal plaatsen vrij`; `email1` → `email 1`; `BTWNummer` → `btw nummer`.
fn words(segment: &str) -> String {
    let chars: Vec<char> = segment.chars().collect();
    let mut out = String::with_capacity(segment.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (c.is_uppercase() && (prev.is_lowercase() || prev.is_ascii_digit()))
                || (c.is_uppercase() && prev.is_uppercase() && next_lower)
                || (c.is_ascii_digit() && !prev.is_ascii_digit())
                || (!c.is_ascii_digit() && prev.is_ascii_digit());
            if boundary && c != '_' {
                out.push(' ');
            }
        }
        if c == '_' {
            out.push(' ');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fields_have_labels_in_both_languages() {
        assert_eq!(label_in(Lang::Nl, "aanvraagStatusId"), "Status");
        assert_eq!(label_in(Lang::Nl, "referentieNrKlant"), "Referentie klant");
        assert_eq!(
            label_in(Lang::En, "referentieNrKlant"),
            "Customer reference"
        );
        assert_eq!(label_in(Lang::Nl, "bedrijfId"), "Bedrijf");
        assert_eq!(label_in(Lang::En, "bedrijfId"), "Company");
        assert_eq!(
            label_in(Lang::Nl, "bedrijf.naam"),
            "Bedrijf",
            "embedded name"
        );
        assert_eq!(
            label_in(Lang::Nl, "auditTrail.gewijzigdDatumTijd"),
            "Gewijzigd op"
        );
        assert_eq!(label_in(Lang::En, "AUDITTRAIL.GEWIJZIGDDOOR"), "Changed by");
    }

    #[test]
    fn unknown_fields_are_humanised() {
        assert_eq!(humanise("aantalPlaatsenVrij"), "Aantal plaatsen vrij");
        assert_eq!(
            humanise("planningsfrequentieTijdseenheid"),
            "Planningsfrequentie tijdseenheid"
        );
        assert_eq!(humanise("contactpersoon2Id"), "Contactpersoon 2");
        assert_eq!(humanise("email1"), "Email 1");
        assert_eq!(humanise("BTWNummer"), "Btw nummer");
        assert_eq!(humanise("bezoekadres.plaats"), "Bezoekadres / plaats");
        assert_eq!(humanise("Id"), "Id");
        assert_eq!(label_in(Lang::En, "vrijVeld_3"), "Vrij veld 3");
    }
}

//! Record builders for the generator: one function per resource, Coachview's field names.

use super::generator::Gen;
use super::names::*;
use chrono::{Datelike, Weekday};
use serde_json::{Value, json};

pub(super) fn slug(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

fn id_of(v: &Value) -> Value {
    v.get("id").cloned().unwrap_or(Value::Null)
}

pub(super) fn dag(d: chrono::NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Maandag",
        Weekday::Tue => "Dinsdag",
        Weekday::Wed => "Woensdag",
        Weekday::Thu => "Donderdag",
        Weekday::Fri => "Vrijdag",
        Weekday::Sat => "Zaterdag",
        Weekday::Sun => "Zondag",
    }
}

/// `bedrijven` holds the ids (the pick draws the same as over the records); `bedrijf` looks
/// the picked one up.
pub(super) fn locatie<T>(g: &mut Gen, bedrijven: &[T], bedrijf: impl Fn(&T) -> Value) -> Value {
    let picked = g.pick(bedrijven);
    let b = bedrijf(picked);
    json!({
        "id": g.id(), "lokaal": g.pick(LOKALEN), "inactief": false, "inCompany": g.chance(0.2),
        "opmerking": null, "bedrijfId": id_of(&b), "contactpersoonId": null,
        "bedrijf": {
            "id": id_of(&b), "naam": b["naam"], "tel1": b["telefoonnummer"], "email": b["emailadres"],
            "website": b["website"], "bezoekadres": b["bezoekadres"],
        },
    })
}

pub(super) fn opleidingssoort(g: &mut Gen, i: usize) -> Value {
    let (naam, code, uren) = OPLEIDINGEN[i % OPLEIDINGEN.len()];
    let niveau = NIVEAUS[(i / OPLEIDINGEN.len()) % NIVEAUS.len()];
    let serie = i / (OPLEIDINGEN.len() * NIVEAUS.len());
    let code = if serie == 0 {
        format!("{code}{}", slug(niveau).to_uppercase())
    } else {
        format!("{code}{}-{serie}", slug(niveau).to_uppercase())
    };
    let prijs = (uren * g.range(35, 90) as f64).round();
    let (audit, _) = g.audit();
    json!({
        "id": g.id(), "code": code, "naam": format!("{naam}{niveau}"),
        "doel": format!("Na afloop beheers je de kern van {}.", naam.to_lowercase()),
        "doelgroep": "Medewerkers en leidinggevenden", "vooropleiding": "Geen",
        "omschrijvingInhoud": format!("Praktijkgerichte training {naam}{niveau}."),
        "opmerking": null, "publicatieWebsite": g.chance(0.8), "inactief": g.chance(0.05),
        "opleidingssoortStatusId": if g.chance(0.9) { "Definitief" } else { "Concept" },
        "totaalBedragExclBtwGepubliceerdeVerkoopregels": prijs, "vanafPrijs": prijs,
        "aantalOnderdelen": g.range(1, 3), "auditTrail": audit,
    })
}

// Aanvragen and Orderverkoopregels (`records_text.rs`), Personen, Bedrijven, Opleidingen, their
// onderdelen and Webaanvragen (`records_packed.rs`) are kept as their draws.

//! Record builders for the generator: one function per resource, Coachview's field names.

use super::generator::Gen;
use super::names::*;
use super::time::{fmt_date, fmt_secs};
use chrono::{Datelike, Duration, NaiveTime, Weekday};
use serde_json::{Value, json};

fn slug(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

fn id_of(v: &Value) -> Value {
    v.get("id").cloned().unwrap_or(Value::Null)
}

fn dag(d: chrono::NaiveDate) -> &'static str {
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

pub(super) fn bedrijf(g: &mut Gen) -> Value {
    let naam = format!(
        "{} {} {}",
        g.pick(BEDRIJF_STAM),
        g.pick(BEDRIJF_SOORT),
        g.pick(BEDRIJF_VORM)
    );
    let domain = format!("{}.nl", slug(&naam.replace("B.V.", "").replace("N.V.", "")));
    let (audit, _) = g.audit();
    let bezoekadres = g.adres();
    let factuur = if g.chance(0.7) {
        bezoekadres.clone()
    } else {
        g.adres()
    };
    json!({
        "id": g.id(), "naam": naam, "emailadres": format!("info@{domain}"),
        "telefoonnummer": format!("0{}-{}", g.range(10, 79), g.range(1_000_000, 9_999_999)),
        "website": format!("https://www.{domain}"),
        "bezoekadres": bezoekadres, "factuurAdres": factuur, "auditTrail": audit,
    })
}

/// `bedrijven` holds the ids (the pick draws the same as over the records); `bedrijf` looks
/// the picked one up.
pub(super) fn locatie(g: &mut Gen, bedrijven: &[String], bedrijf: impl Fn(&str) -> Value) -> Value {
    let picked: &String = g.pick(bedrijven);
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

pub(super) fn persoon(g: &mut Gen) -> Value {
    let vrouw = g.chance(0.5);
    let voornaam = *g.pick(if vrouw { VOORNAMEN_V } else { VOORNAMEN_M });
    let (tussen, achternaam) = *g.pick(ACHTERNAMEN);
    let domain = if g.chance(0.6) {
        (*g.pick(&[
            "gmail.com",
            "hotmail.com",
            "outlook.com",
            "ziggo.nl",
            "kpnmail.nl",
        ]))
        .to_string()
    } else {
        let stam = g.pick::<&str>(BEDRIJF_STAM).to_string();
        format!("{}.nl", slug(&stam))
    };
    let email = format!(
        "{}.{}{}{}@{domain}",
        voornaam.to_lowercase(),
        slug(tussen),
        slug(achternaam),
        g.range(1, 99)
    );
    let geboren = g.now.date() - Duration::days(g.range(18 * 365, 66 * 365));
    let adres = g.adres();
    let (audit, _) = g.audit();
    json!({
        "id": g.id(), "titel": null, "voorletters": format!("{}.", &voornaam[..1]),
        "voornaam": voornaam, "tussenvoegsels": if tussen.is_empty() { Value::Null } else { tussen.into() },
        "achternaam": achternaam, "achterTitel": null, "inactief": g.chance(0.03),
        "adres": adres, "factuurAdres": null, "email1": email,
        "tel1": format!("06-{}", g.range(10_000_000, 99_999_999)),
        "geslacht": if vrouw { "Vrouw" } else { "Man" },
        "geboortedatum": fmt_date(geboren), "geboorteplaats": g.pick(PLAATSEN).0,
        "auditTrail": audit,
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

pub(super) fn opleiding(
    g: &mut Gen,
    i: usize,
    soorten: &[Value],
    locaties: &[Value],
    personen: &[String],
) -> Value {
    // `personen` holds the ids only: the pick draws the same as over the records.
    let soort = g.pick(soorten).clone();
    let loc = g.pick(locaties).clone();
    let start = g.now.date() + Duration::days(g.range(-300, 200));
    let dagen = g.range(0, 2);
    let eind = start + Duration::days(dagen);
    let status = if g.chance(0.06) {
        "Geannuleerd"
    } else if start > g.now.date() {
        if g.chance(0.5) {
            "TeStarten"
        } else {
            "Definitief"
        }
    } else if g.chance(0.7) {
        "Afgerond"
    } else {
        "Uitgevoerd"
    };
    let max = g.range(8, 16);
    let bezet = g.range(0, max);
    let plaats = loc["bedrijf"]["bezoekadres"]["plaats"]
        .as_str()
        .unwrap_or("Utrecht")
        .replace(' ', "");
    let (audit, _) = g.audit();
    json!({
        "id": g.id(), "code": format!("{}-{}-{}", soort["code"].as_str().unwrap_or("OPL"), i, plaats),
        "naam": soort["naam"], "opleidingStatusId": status, "opmerking": null,
        "publicatie": status != "Geannuleerd", "publicatiePlanning": true,
        "planningstype": "GeenRoostering", "planningsfrequentieAantal": 1,
        "planningsfrequentieTijdseenheid": "Dag", "planningWeekdagen": "geen",
        "planningConflictafhandeling": "GebruikEerstBeschikbareDag",
        "begindatumOorspronkelijkeOpleiding": null,
        "redenOpleidingGeannuleerdOmschrijving": if status == "Geannuleerd" { "Te weinig aanmeldingen".into() } else { Value::Null },
        "redenOpleidingGeannuleerdId": null,
        "deadlineInschrijven": fmt_date(start - Duration::days(7)),
        "deadlineUitschrijven": fmt_date(start - Duration::days(14)),
        "opleidingssoortId": id_of(&soort), "contactpersoonId": g.pick(personen).as_str(),
        "contactpersoon2Id": null, "startLocatieId": id_of(&loc),
        "startDag": dag(start), "eindDag": dag(eind),
        "startDatum": fmt_date(start), "eindDatum": fmt_date(eind),
        "aantalPlaatsenMin": 4, "aantalPlaatsenMax": max, "aantalPlaatsenVrij": max - bezet,
        "aantalPlaatsenBezet": bezet, "totaalStudiebelasting": 8 * (dagen + 1),
        "totaalAantalUur": 7.5 * (dagen + 1) as f64, "aantalOnderdelen": dagen + 1,
        "aantalPersonenOpIngediendeWebaanvragen": 0, "auditTrail": audit,
    })
}

pub(super) fn onderdelen(g: &mut Gen, opl: &Value) -> Vec<Value> {
    let n = opl["aantalOnderdelen"].as_i64().unwrap_or(1);
    let start = opl["startDatum"]
        .as_str()
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .unwrap_or(g.now.date());
    let elearning = g.chance(0.1);
    (0..n)
        .map(|k| {
            let datum = start + Duration::days(k);
            let van = NaiveTime::from_hms_opt(9, 30, 0).unwrap_or(NaiveTime::MIN);
            let tot = NaiveTime::from_hms_opt(16, 30, 0).unwrap_or(NaiveTime::MIN);
            let (audit, _) = g.audit();
            json!({
                "id": g.id(), "code": format!("{}/{}", opl["code"].as_str().unwrap_or("OPL"), k + 1),
                "naam": format!("{} dag {}", opl["naam"].as_str().unwrap_or("Opleiding"), k + 1),
                "omschrijving": null, "volgnummer": k + 1,
                "datum": if elearning { Value::Null } else { fmt_date(datum).into() },
                "tijdVan": "09:30:00", "tijdTot": "16:30:00",
                "datumTijdVan": fmt_secs(datum.and_time(van)), "datumTijdTot": fmt_secs(datum.and_time(tot)),
                "studiebelasting": 8, "minCursisten": opl["aantalPlaatsenMin"], "maxCursisten": opl["aantalPlaatsenMax"],
                "aanwezig": false, "examen": k + 1 == n && g.chance(0.3), "aantalVrij": opl["aantalPlaatsenVrij"],
                "elearningOmgevingId": null, "elearningCode": null, "virtualClassroomURL": null,
                "lesvormId": if elearning { "Elearning" } else { "Klassikaal" },
                "planningDagenNaVorigOnderdeel": if k == 0 { 0 } else { 1 },
                "opleidingId": opl["id"], "locatieId": opl["startLocatieId"], "auditTrail": audit,
            })
        })
        .collect()
}

// Aanvragen and Orderverkoopregels are written as text: `records_text.rs`.

pub(super) fn webaanvraag(g: &mut Gen, i: usize) -> Value {
    let deelnemers = g.range(1, 4);
    let (audit, _) = g.audit();
    json!({
        "id": g.id(), "nummer": 900_000 + i as i64, "referentieNrKlant": format!("WEB-{}", g.range(100_000, 999_999)),
        "opmerking": null, "aanvraagIsOrder": g.chance(0.5), "aantalDeelnemers": deelnemers,
        "contactpersoonIsDeelnemer": deelnemers == 1 || g.chance(0.3), "verwerkt": true,
        "aanvraagId": null, "opleidingen": [], "auditTrail": audit,
    })
}

//! The exact `POST /api/v1/Webaanvragen` body built from a draft, and reading a raw body.

use super::model::{Address, Company, Debtor, Draft, Person};
use super::rules;
use super::{FieldIssue, Scenario};
use serde_json::{Map, Value, json};

/// The webaanvraag body for this draft (API doc §5 and Coachview's advice):
/// self-enrolment sends only `contactpersoon`; scenario 2 adds `deelnemers`; scenario 3 also puts
/// the contact person in `deelnemers`. Empty optional fields are left out.
pub fn payload(draft: &Draft) -> Value {
    let mut body = Map::new();
    put_str(&mut body, "referentieNrKlant", &draft.reference);
    put_str(&mut body, "opmerking", &draft.remark);
    body.insert("aantalPersonen".into(), json!(draft.number_of_people()));
    if let Some(company) = draft
        .company
        .as_ref()
        .filter(|c| !super::validate::company_is_blank(c))
    {
        body.insert("bedrijf".into(), company_json(company));
    }
    body.insert("contactpersoon".into(), person_json(&draft.contact));
    if let Some(debtor) = draft
        .debtor
        .as_ref()
        .map(debtor_json)
        .filter(|d| !d.is_empty())
    {
        body.insert("debiteur".into(), Value::Object(debtor));
    }
    if draft.scenario != Some(Scenario::SelfEnrol) {
        let deelnemers: Vec<Value> = draft
            .participants_for_payload()
            .iter()
            .map(person_json)
            .collect();
        body.insert("deelnemers".into(), Value::Array(deelnemers));
    }
    let opleidingen = match &draft.course {
        Some(c) => vec![json!({
            "opleidingId": c.opleiding_id.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            "opleidingssoortId": c.opleidingssoort_id.trim(),
        })],
        None => Vec::new(),
    };
    body.insert("opleidingen".into(), Value::Array(opleidingen));
    Value::Object(body)
}

fn put_str(map: &mut Map<String, Value>, key: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        map.insert(key.into(), Value::String(value.into()));
    }
}

/// A person object with only the filled-in fields; postcode normalised, birth date ISO.
pub fn person_json(p: &Person) -> Value {
    let mut m = Map::new();
    put_str(&mut m, "persoonId", &p.persoon_id);
    put_str(&mut m, "voorletters", &p.voorletters);
    put_str(&mut m, "voornaam", &p.voornaam);
    put_str(&mut m, "tussenvoegsels", &p.tussenvoegsels);
    put_str(&mut m, "achternaam", &p.achternaam);
    put_str(&mut m, "emailadres", &p.emailadres);
    put_str(&mut m, "telefoonnummer", &p.telefoonnummer);
    put_str(&mut m, "geslacht", &p.geslacht);
    let birth = rules::parse_date(&p.geboorte_datum)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| p.geboorte_datum.clone());
    put_str(&mut m, "geboorteDatum", &birth);
    if !p.adres.is_blank() {
        m.insert("adres".into(), address_json(&p.adres));
    }
    Value::Object(m)
}

fn address_json(a: &Address) -> Value {
    let mut m = Map::new();
    put_str(&mut m, "adres1", &a.adres1);
    let postcode = if a.is_dutch() {
        rules::normalise_dutch_postcode(&a.postcode).unwrap_or_else(|| a.postcode.clone())
    } else {
        a.postcode.clone()
    };
    put_str(&mut m, "postcode", &postcode);
    put_str(&mut m, "plaats", &a.plaats);
    let land = if a.land_code.trim().is_empty() {
        "NL".to_string()
    } else {
        a.land_code.trim().to_ascii_uppercase()
    };
    m.insert("landCode".into(), Value::String(land));
    Value::Object(m)
}

fn company_json(c: &Company) -> Value {
    let mut m = Map::new();
    put_str(&mut m, "naam", &c.naam);
    put_str(&mut m, "emailadres", &c.emailadres);
    put_str(&mut m, "telefoonnummer", &c.telefoonnummer);
    if !c.adres.is_blank() {
        m.insert("adres".into(), address_json(&c.adres));
    }
    Value::Object(m)
}

fn debtor_json(d: &Debtor) -> Map<String, Value> {
    let mut m = Map::new();
    put_str(&mut m, "naamRekeninghouder", &d.naam_rekeninghouder);
    let iban: String = d
        .iban
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    put_str(&mut m, "iban", &iban);
    put_str(&mut m, "btwNummer", &d.btw_nummer);
    if !d.emailadres_anders.trim().is_empty() {
        put_str(&mut m, "emailadresAnders", &d.emailadres_anders);
        m.insert("emailType".into(), json!("ContactpersoonAanvraag"));
    }
    if d.particulier {
        m.insert("particulier".into(), Value::Bool(true));
    }
    m
}

/// Why a raw body could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// Not JSON; `line`/`column` locate the problem.
    #[error("not valid JSON (line {line}, column {column}): {message}")]
    Json {
        /// The line of the problem (1-based).
        line: usize,
        /// The column of the problem (1-based).
        column: usize,
        /// The JSON parser's message.
        message: String,
    },
}

/// Reads a webaanvraag body as `coachdesk enrol --file` gets it and validates it. `Ok` holds
/// the body unchanged plus the issues (errors block sending; warnings do not).
pub fn parse_payload(json: &str) -> Result<(Value, Vec<FieldIssue>), ParseError> {
    let body: Value = serde_json::from_str(json).map_err(|e| ParseError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let issues = super::body::validate_body_at(&body, crate::clock::Clock::system().today());
    Ok((body, issues))
}

//! `POST /api/v1/Webaanvragen`: tolerant reading, validation into ProblemDetails, creation.

use super::Shared;
use super::fresh::audit_trail;
use super::store::State;
use super::time::fmt_millis;
use coachview::resource::Resource;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

type Errors = BTreeMap<String, Vec<String>>;

/// A ProblemDetails 400 body with per-field errors.
pub fn validation_problem(errors: &Errors) -> Value {
    json!({
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "One or more validation errors occurred.",
        "status": 400,
        "errors": errors,
    })
}

/// A key of a JSON object, matched case-insensitively (as ASP.NET's binder does).
fn field<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// `null`, `""` and a missing key all mean "absent".
fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    match field(map, key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(v) => Some(v),
    }
}

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    present(map, key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A plausible e-mail address: one `@`, a local part, a dotted domain, no spaces.
pub fn valid_email(s: &str) -> bool {
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn add(errors: &mut Errors, key: &str, msg: String) {
    errors.entry(key.to_string()).or_default().push(msg);
}

fn object_or_error<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    errors: &mut Errors,
) -> Option<&'a Map<String, Value>> {
    match present(map, key) {
        None => None,
        Some(Value::Object(o)) => Some(o),
        Some(_) => {
            add(errors, key, format!("{key} must be an object"));
            None
        }
    }
}

fn check_person(p: &Map<String, Value>, key: &str, email_required: bool, errors: &mut Errors) {
    if text(p, "achternaam").is_none() {
        add(
            errors,
            &format!("{key}.achternaam"),
            "The achternaam field is required.".into(),
        );
    }
    match text(p, "emailadres") {
        Some(e) if !valid_email(e) => add(
            errors,
            &format!("{key}.emailadres"),
            format!("'{e}' is not a valid e-mail address."),
        ),
        None if email_required => add(
            errors,
            &format!("{key}.emailadres"),
            "The emailadres field is required.".into(),
        ),
        _ => {}
    }
}

/// The validated parts a creation needs.
struct Valid<'a> {
    body: &'a Map<String, Value>,
    contact: &'a Map<String, Value>,
    deelnemers: Vec<&'a Map<String, Value>>,
    opleidingen: Vec<(Option<String>, Option<String>)>,
}

fn validate<'a>(state: &State, body: &'a Map<String, Value>) -> Result<Valid<'a>, Errors> {
    let mut errors = Errors::new();
    let exists = |r: Resource, id: &str| state.table(r).and_then(|t| t.get(id)).is_some();
    let mut opleidingen = Vec::new();
    match present(body, "opleidingen") {
        Some(Value::Array(list)) if !list.is_empty() => {
            for (i, entry) in list.iter().enumerate() {
                let key = format!("opleidingen[{i}]");
                let Value::Object(o) = entry else {
                    add(
                        &mut errors,
                        &key,
                        "Each opleiding must be an object.".into(),
                    );
                    continue;
                };
                let opl = text(o, "opleidingId").map(str::to_string);
                let soort = text(o, "opleidingssoortId").map(str::to_string);
                if opl.is_none() && soort.is_none() {
                    add(
                        &mut errors,
                        &key,
                        "Give an opleidingId or an opleidingssoortId.".into(),
                    );
                }
                if let Some(id) = opl
                    .as_deref()
                    .filter(|id| !exists(Resource::Opleidingen, id))
                {
                    add(
                        &mut errors,
                        &format!("{key}.opleidingId"),
                        format!("Opleiding '{id}' does not exist."),
                    );
                }
                if let Some(id) = soort
                    .as_deref()
                    .filter(|id| !exists(Resource::Opleidingssoorten, id))
                {
                    add(
                        &mut errors,
                        &format!("{key}.opleidingssoortId"),
                        format!("Opleidingssoort '{id}' does not exist."),
                    );
                }
                opleidingen.push((opl, soort));
            }
        }
        Some(Value::Array(_)) | None => add(
            &mut errors,
            "opleidingen",
            "At least one opleiding is required.".into(),
        ),
        Some(_) => add(
            &mut errors,
            "opleidingen",
            "opleidingen must be a list.".into(),
        ),
    }
    let contact = object_or_error(body, "contactpersoon", &mut errors);
    match contact {
        Some(c) => check_person(c, "contactpersoon", true, &mut errors),
        None if !errors.contains_key("contactpersoon") => add(
            &mut errors,
            "contactpersoon",
            "The contactpersoon is required.".into(),
        ),
        None => {}
    }
    let mut deelnemers = Vec::new();
    match present(body, "deelnemers") {
        None => {}
        Some(Value::Array(list)) => {
            for (i, d) in list.iter().enumerate() {
                let key = format!("deelnemers[{i}]");
                match d {
                    Value::Object(o) => {
                        check_person(o, &key, false, &mut errors);
                        deelnemers.push(o);
                    }
                    _ => add(
                        &mut errors,
                        &key,
                        "Each deelnemer must be an object.".into(),
                    ),
                }
            }
        }
        Some(_) => add(
            &mut errors,
            "deelnemers",
            "deelnemers must be a list.".into(),
        ),
    }
    if let Some(v) = present(body, "aantalPersonen")
        && v.as_i64().is_none_or(|n| n < 0)
    {
        add(
            &mut errors,
            "aantalPersonen",
            "aantalPersonen must be a whole number >= 0.".into(),
        );
    }
    if let Some(v) = present(body, "aanvraagIsOrder")
        && !v.is_boolean()
    {
        add(
            &mut errors,
            "aanvraagIsOrder",
            "aanvraagIsOrder must be true or false.".into(),
        );
    }
    for key in ["bedrijf", "debiteur", "autorisatieEigenaar", "vrijevelden"] {
        object_or_error(body, key, &mut errors);
    }
    // A person may name a known record (`persoonId`); it must exist.
    let people = contact
        .map(|c| ("contactpersoon".to_string(), c))
        .into_iter()
        .chain(
            deelnemers
                .iter()
                .enumerate()
                .map(|(i, d)| (format!("deelnemers[{i}]"), *d)),
        );
    for (key, person) in people {
        match present(person, "persoonId") {
            None => {}
            Some(Value::String(id)) if exists(Resource::Personen, id.trim()) => {}
            Some(other) => add(
                &mut errors,
                &format!("{key}.persoonId"),
                format!(
                    "Persoon '{}' does not exist.",
                    other.as_str().unwrap_or("?")
                ),
            ),
        }
    }
    match contact {
        Some(contact) if errors.is_empty() => Ok(Valid {
            body,
            contact,
            deelnemers,
            opleidingen,
        }),
        _ => Err(errors),
    }
}

fn same_person(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let eq = |k: &str| match (text(a, k), text(b, k)) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    };
    eq("persoonId") || eq("emailadres") || (eq("achternaam") && eq("voornaam"))
}

/// Validates and stores a posted webaanvraag. `Ok` is the 201 body, `Err` the 400 body.
pub fn create(shared: &Shared, raw: &[u8]) -> Result<Value, Value> {
    let parsed: Value = serde_json::from_slice(raw).map_err(|e| {
        let mut errors = Errors::new();
        add(
            &mut errors,
            "$",
            format!("The JSON value could not be read: {e}"),
        );
        validation_problem(&errors)
    })?;
    let Value::Object(body) = &parsed else {
        let mut errors = Errors::new();
        add(
            &mut errors,
            "$",
            "The request body must be a JSON object.".into(),
        );
        return Err(validation_problem(&errors));
    };
    let now = shared.now();
    let mut state = shared.write();
    let valid = validate(&state, body).map_err(|e| validation_problem(&e))?;
    let aantal = valid.deelnemers.len().max(1) as i64;
    let contact_is_deelnemer = valid.deelnemers.is_empty()
        || valid
            .deelnemers
            .iter()
            .any(|d| same_person(d, valid.contact));
    let id = state.new_id();
    state.next_nummer += 1;
    let nummer = state.next_nummer;
    let etag = state.bump_etag();
    let opleidingen: Vec<Value> = valid
        .opleidingen
        .iter()
        .map(|(o, s)| json!({"opleidingId": o, "opleidingssoortId": s}))
        .collect();
    let betaalwijze = valid
        .body
        .get("debiteur")
        .and_then(Value::as_object)
        .and_then(|d| text(d, "betaalwijzeId"))
        .and_then(|id| {
            state
                .table(Resource::Betaalwijzen)?
                .get(id)
                .map(|r| r.value())
        });
    let online = betaalwijze
        .as_ref()
        .and_then(|b| b["code"].as_str())
        .is_some_and(|c| matches!(c, "IDEAL" | "CREDITCARD"));
    let record = json!({
        "id": id, "nummer": nummer,
        "referentieNrKlant": text(valid.body, "referentieNrKlant"),
        "opmerking": text(valid.body, "opmerking"),
        "aanvraagIsOrder": present(valid.body, "aanvraagIsOrder").and_then(Value::as_bool).unwrap_or(false),
        "aantalDeelnemers": aantal, "contactpersoonIsDeelnemer": contact_is_deelnemer,
        "verwerkt": false, "aanvraagId": null, "opleidingen": opleidingen,
        "auditTrail": audit_trail(now, now, etag),
    });
    state.table_mut(Resource::Webaanvragen).put(&record, true);
    state.posted_bodies.insert(id.clone(), parsed.clone());
    state.created_webaanvragen.push(id.clone());
    for opl_id in valid.opleidingen.iter().filter_map(|(o, _)| o.as_deref()) {
        bump_opleiding(&mut state, opl_id, aantal, now);
    }
    let redirect = if online {
        format!("https://betalen.coachdesk.invalid/webaanvraag/{id}")
    } else {
        String::new()
    };
    Ok(json!({"id": id, "nummer": nummer, "betaalproviderRedirectUrl": redirect}))
}

fn bump_opleiding(state: &mut State, id: &str, aantal: i64, now: chrono::NaiveDateTime) {
    let Some(mut opl) = state
        .table(Resource::Opleidingen)
        .and_then(|t| t.get(id))
        .map(|r| r.value())
    else {
        return;
    };
    let etag = state.bump_etag();
    let int = |v: &Value, k: &str| v.get(k).and_then(Value::as_i64).unwrap_or(0);
    let bezet = int(&opl, "aantalPlaatsenBezet") + aantal;
    let vrij = (int(&opl, "aantalPlaatsenVrij") - aantal).max(0);
    let op_web = int(&opl, "aantalPersonenOpIngediendeWebaanvragen") + aantal;
    opl["aantalPlaatsenBezet"] = bezet.into();
    opl["aantalPlaatsenVrij"] = vrij.into();
    opl["aantalPersonenOpIngediendeWebaanvragen"] = op_web.into();
    if let Some(audit) = opl.get_mut("auditTrail").and_then(Value::as_object_mut) {
        audit.insert("gewijzigdDatumTijd".into(), fmt_millis(now).into());
        audit.insert("gewijzigdDoor".into(), "website".into());
        audit.insert("etag".into(), etag.into());
    }
    state.table_mut(Resource::Opleidingen).put(&opl, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_rules() {
        for ok in ["a@b.nl", "jan.de.vries+x@kpnmail.nl"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "", "jan", "jan@", "@b.nl", "a@b", "a@@b.nl", "a b@c.nl", "a@.nl", "a@b..nl",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}

//! A draft rebuilt from a webaanvraag body, so an entry Coachview refused (400) reopens in the wizard.

use super::model::{Company, CourseChoice, Debtor, Draft, Person};
use super::validate::{company_is_blank, same_person};
use super::{Scenario, Step};
use serde_json::Value;

/// Rebuilds the draft a body came from. The scenario is inferred: no `deelnemers` → self
/// enrolment; the contact person among them → scenario 3 (that copy is dropped, it is derived
/// again); else scenario 2. Fields the wizard does not edit (e.g. `vrijevelden`) are not kept.
/// The steps up to the company step count as confirmed; the review has to be done again.
pub fn draft_from_payload(body: &Value) -> Draft {
    let get = |key: &str| body.get(key).filter(|v| !v.is_null());
    let object = |v: Option<&Value>| v.filter(|v| v.is_object()).cloned();
    let text = |key: &str| {
        get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let contact: Person = object(get("contactpersoon"))
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let mut participants: Vec<Person> = get("deelnemers")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter(|v| v.is_object())
                .filter_map(|v| serde_json::from_value(v.clone()).ok())
                .collect()
        })
        .unwrap_or_default();
    let scenario = if participants.is_empty() {
        Scenario::SelfEnrol
    } else if let Some(i) = participants.iter().position(|p| same_person(p, &contact)) {
        participants.remove(i);
        Scenario::ContactEnrolsSelfAndEmployees
    } else {
        Scenario::ContactEnrolsEmployees
    };
    let course = get("opleidingen")
        .and_then(Value::as_array)
        .and_then(|items| items.first())
        .map(|first| {
            let id = |k: &str| first.get(k).and_then(Value::as_str).map(str::to_string);
            CourseChoice {
                opleiding_id: id("opleidingId").filter(|s| !s.is_empty()),
                opleidingssoort_id: id("opleidingssoortId").unwrap_or_default(),
                label: String::new(),
                free_seats: None,
            }
        });
    let company = object(get("bedrijf"))
        .and_then(|v| serde_json::from_value::<Company>(v).ok())
        .filter(|c| !company_is_blank(c));
    let debtor = object(get("debiteur")).and_then(|v| serde_json::from_value::<Debtor>(v).ok());
    Draft {
        course,
        scenario: Some(scenario),
        contact,
        participants,
        company,
        debtor,
        remark: text("opmerking"),
        reference: text("referentieNrKlant"),
        confirmed: [Step::Contact, Step::Participants, Step::Company]
            .into_iter()
            .collect(),
        reviewed: false,
    }
}

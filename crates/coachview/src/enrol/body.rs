//! Validation of a raw webaanvraag body (`coachdesk enrol --file`), with the draft's rules where they apply.

use super::issues::{FieldIssue, IssueCode};
use super::model::{Company, Debtor, Person};
use super::rules;
use super::validate::{check_company, check_debtor, check_people, company_is_blank};
use chrono::NaiveDate;
use serde_json::Value;

/// Validates a raw webaanvraag body (what `coachdesk enrol --file` reads), with the same rules
/// where they apply. Paths are the body's own.
pub fn validate_body_at(body: &Value, today: NaiveDate) -> Vec<FieldIssue> {
    let mut out = Vec::new();
    let Some(obj) = body.as_object() else {
        return vec![FieldIssue::error(
            "",
            IssueCode::WrongType {
                expected: "JSON object".into(),
            },
        )];
    };
    match obj.get("opleidingen") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let soort = item
                    .get("opleidingssoortId")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if soort.trim().is_empty() {
                    out.push(FieldIssue::error(
                        format!("opleidingen[{i}].opleidingssoortId"),
                        IssueCode::Required,
                    ));
                }
            }
        }
        _ => out.push(FieldIssue::error("opleidingen", IssueCode::NoCourse)),
    }
    let contact = person_at(obj.get("contactpersoon"), "contactpersoon", &mut out);
    let deelnemers: Vec<Person> = match obj.get("deelnemers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| person_at(Some(v), &format!("deelnemers[{i}]"), &mut out))
            .collect(),
        Some(_) => {
            out.push(FieldIssue::error(
                "deelnemers",
                IssueCode::WrongType {
                    expected: "array".into(),
                },
            ));
            Vec::new()
        }
    };
    check_people(&contact, &deelnemers, false, today, &mut out);
    match obj.get("aantalPersonen") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_i64() {
            Some(stated) => {
                let counted = deelnemers.len().max(1);
                if i64::try_from(counted).ok() != Some(stated) {
                    out.push(FieldIssue::error(
                        "aantalPersonen",
                        IssueCode::NumberOfPeopleMismatch { stated, counted },
                    ));
                }
            }
            None => out.push(FieldIssue::error(
                "aantalPersonen",
                IssueCode::WrongType {
                    expected: "integer".into(),
                },
            )),
        },
    }
    if let Some(v @ Value::Object(_)) = obj.get("bedrijf") {
        match serde_json::from_value::<Company>(v.clone()) {
            Ok(company) if !company_is_blank(&company) => check_company(&company, &mut out),
            Ok(_) => {}
            Err(_) => out.push(FieldIssue::error(
                "bedrijf",
                IssueCode::WrongType {
                    expected: "bedrijf object".into(),
                },
            )),
        }
    }
    if let Some(v @ Value::Object(_)) = obj.get("debiteur") {
        match serde_json::from_value::<Debtor>(v.clone()) {
            Ok(debtor) => check_debtor(&debtor, &mut out),
            Err(_) => out.push(FieldIssue::error(
                "debiteur",
                IssueCode::WrongType {
                    expected: "debiteur object".into(),
                },
            )),
        }
    }
    match obj.get("referentieNrKlant") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(Value::String(s)) if rules::is_valid_reference(s) => {}
        Some(Value::String(_)) => out.push(FieldIssue::error(
            "referentieNrKlant",
            IssueCode::InvalidReference,
        )),
        Some(_) => out.push(FieldIssue::error(
            "referentieNrKlant",
            IssueCode::WrongType {
                expected: "string".into(),
            },
        )),
    }
    out
}

fn person_at(value: Option<&Value>, path: &str, out: &mut Vec<FieldIssue>) -> Person {
    match value {
        Some(v @ Value::Object(_)) => serde_json::from_value(v.clone()).unwrap_or_else(|_| {
            out.push(FieldIssue::error(
                path,
                IssueCode::WrongType {
                    expected: "person object".into(),
                },
            ));
            Person::default()
        }),
        _ => Person::default(),
    }
}

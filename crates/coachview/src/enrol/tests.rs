//! Unit tests: the exact payload of each scenario, validation rules, step derivation, 400 mapping.

use super::*;
use chrono::NaiveDate;
use serde_json::json;

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default()
}

pub(super) fn anna() -> Person {
    Person {
        voornaam: "Anna".into(),
        tussenvoegsels: "de".into(),
        achternaam: "Vries".into(),
        emailadres: "anna@bakker.nl".into(),
        telefoonnummer: "06-12345678".into(),
        geboorte_datum: "01-05-1980".into(),
        adres: Address {
            adres1: "Dorpsstraat 1".into(),
            postcode: "3511ab".into(),
            plaats: "Utrecht".into(),
            land_code: "NL".into(),
        },
        ..Person::default()
    }
}

pub(super) fn piet() -> Person {
    Person {
        voorletters: "P.".into(),
        achternaam: "Jansen".into(),
        emailadres: "piet@bakker.nl".into(),
        ..Person::default()
    }
}

pub(super) fn draft(scenario: Scenario) -> Draft {
    Draft {
        course: Some(CourseChoice {
            opleiding_id: Some("opl-1".into()),
            opleidingssoort_id: "soort-1".into(),
            label: "BHV basis".into(),
            free_seats: Some(5),
        }),
        scenario: Some(scenario),
        contact: anna(),
        participants: if scenario == Scenario::SelfEnrol {
            vec![]
        } else {
            vec![piet()]
        },
        ..Draft::default()
    }
}

fn anna_json() -> serde_json::Value {
    json!({"voornaam": "Anna", "tussenvoegsels": "de", "achternaam": "Vries",
           "emailadres": "anna@bakker.nl", "telefoonnummer": "06-12345678",
           "geboorteDatum": "1980-05-01",
           "adres": {"adres1": "Dorpsstraat 1", "postcode": "3511 AB", "plaats": "Utrecht", "landCode": "NL"}})
}

#[test]
fn self_enrolment_sends_only_the_contact_person() {
    let body = payload(&draft(Scenario::SelfEnrol));
    let expected = json!({
        "aantalPersonen": 1,
        "contactpersoon": anna_json(),
        "opleidingen": [{"opleidingId": "opl-1", "opleidingssoortId": "soort-1"}]
    });
    assert_eq!(body, expected);
    assert_eq!(
        serde_json::to_string(&body).unwrap_or_default(),
        serde_json::to_string(&expected).unwrap_or_default(),
        "key order is part of the pinned body"
    );
}

#[test]
fn contact_enrolling_employees_sends_contact_and_participants() {
    let mut d = draft(Scenario::ContactEnrolsEmployees);
    d.remark = " Graag vegetarische lunch ".into();
    d.reference = "PO-2025-17".into();
    d.company = Some(Company {
        naam: "Bakker BV".into(),
        ..Company::default()
    });
    let body = payload(&d);
    let expected = json!({
        "referentieNrKlant": "PO-2025-17",
        "opmerking": "Graag vegetarische lunch",
        "aantalPersonen": 1,
        "bedrijf": {"naam": "Bakker BV"},
        "contactpersoon": anna_json(),
        "deelnemers": [{"voorletters": "P.", "achternaam": "Jansen", "emailadres": "piet@bakker.nl"}],
        "opleidingen": [{"opleidingId": "opl-1", "opleidingssoortId": "soort-1"}]
    });
    assert_eq!(
        serde_json::to_string(&body).unwrap_or_default(),
        serde_json::to_string(&expected).unwrap_or_default()
    );
}

#[test]
fn contact_enrolling_self_and_employees_copies_the_current_contact() {
    let mut d = draft(Scenario::ContactEnrolsSelfAndEmployees);
    d.course = Some(CourseChoice {
        opleiding_id: None,
        opleidingssoort_id: "soort-9".into(),
        label: "Wachtlijst".into(),
        free_seats: None,
    });
    d.debtor = Some(Debtor {
        iban: "nl91 abna 0417 1643 00".into(),
        ..Debtor::default()
    });
    let body = payload(&d);
    let expected = json!({
        "aantalPersonen": 2,
        "contactpersoon": anna_json(),
        "debiteur": {"iban": "NL91ABNA0417164300"},
        "deelnemers": [anna_json(), {"voorletters": "P.", "achternaam": "Jansen", "emailadres": "piet@bakker.nl"}],
        "opleidingen": [{"opleidingId": null, "opleidingssoortId": "soort-9"}]
    });
    assert_eq!(
        serde_json::to_string(&body).unwrap_or_default(),
        serde_json::to_string(&expected).unwrap_or_default()
    );
    // Editing the contact changes the copy too: it is derived, never stored.
    d.contact.achternaam = "Visser".into();
    let body = payload(&d);
    assert_eq!(body["deelnemers"][0]["achternaam"], "Visser");
    assert_eq!(d.participants.len(), 1);
}

#[test]
fn a_complete_draft_of_each_scenario_has_no_issues() {
    for s in Scenario::ALL {
        let issues = validate_at(&draft(s), today());
        assert!(issues.is_empty(), "{s:?}: {issues:?}");
    }
}

#[test]
fn a_draft_keeps_the_reference_it_was_given() {
    let mut d = draft(Scenario::SelfEnrol);
    let r = d.ensure_reference();
    assert!(
        r.starts_with("CD-") && r.len() == "CD-20250101-0a1b2c3d".len(),
        "{r}"
    );
    assert_eq!(d.ensure_reference(), r);
    assert_eq!(payload(&d)["referentieNrKlant"], r.as_str());
    assert!(validate_at(&d, today()).is_empty());
    let mut own = draft(Scenario::SelfEnrol);
    own.reference = " PO-1 ".into();
    assert_eq!(own.ensure_reference(), "PO-1");
}

#[test]
fn a_sent_body_reopens_as_the_same_draft() {
    for s in Scenario::ALL {
        let mut d = draft(s);
        d.remark = "Graag na 10 uur".into();
        d.ensure_reference();
        d.company = Some(Company {
            naam: "Bakker BV".into(),
            ..Company::default()
        });
        let body = payload(&d);
        let back = draft_from_payload(&body);
        assert_eq!(back.scenario, Some(s));
        assert_eq!(payload(&back), body, "{s:?}");
        assert_eq!(
            back.participants.len(),
            d.participants.len(),
            "{s:?}: the contact copy is derived, not stored"
        );
        assert_eq!(back.step(), Step::Review);
    }
}

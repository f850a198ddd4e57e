//! The rules of a draft: field checks, duplicates, steps, server errors mapped onto our fields,
//! and the wording of every message in both languages.

use super::tests::{anna, draft, piet, today};
use super::*;
use serde_json::json;
use std::collections::BTreeMap;

fn codes_at(issues: &[FieldIssue], field: &str) -> Vec<IssueCode> {
    issues
        .iter()
        .filter(|i| i.field == field)
        .map(|i| i.code.clone())
        .collect()
}

#[test]
fn field_rules_land_on_their_fields() {
    let mut d = draft(Scenario::ContactEnrolsEmployees);
    d.contact.achternaam = " ".into();
    d.contact.emailadres = "anna(at)bakker.nl".into();
    d.contact.adres.postcode = "351 AB".into();
    d.contact.telefoonnummer = "06 1234".into();
    d.participants[0].geboorte_datum = "01-06-2025".into();
    d.participants[0].voorletters.clear();
    let issues = validate_at(&d, today());
    assert_eq!(
        codes_at(&issues, "contactpersoon.achternaam"),
        [IssueCode::LastNameRequired]
    );
    assert_eq!(
        codes_at(&issues, "contactpersoon.emailadres"),
        [IssueCode::InvalidEmail]
    );
    assert_eq!(
        codes_at(&issues, "contactpersoon.adres.postcode"),
        [IssueCode::InvalidPostcode]
    );
    assert_eq!(
        codes_at(&issues, "contactpersoon.telefoonnummer"),
        [IssueCode::PhoneDutchLength]
    );
    assert_eq!(
        codes_at(&issues, "deelnemers[0].geboorteDatum"),
        [IssueCode::BirthDateNotInPast]
    );
    assert_eq!(
        codes_at(&issues, "deelnemers[0].voornaam"),
        [IssueCode::FirstNameRequired]
    );
    assert!(issues.iter().all(FieldIssue::is_error));
    // A Belgian address is not held to the Dutch postcode rule.
    d.contact.adres.land_code = "BE".into();
    d.contact.adres.postcode = "1000".into();
    assert!(codes_at(&validate_at(&d, today()), "contactpersoon.adres.postcode").is_empty());
}

#[test]
fn the_same_person_twice_is_an_error_and_too_many_people_a_warning() {
    let mut d = draft(Scenario::ContactEnrolsSelfAndEmployees);
    let mut twin = anna();
    twin.emailadres = "ANNA@bakker.nl ".into();
    let mut same_name = piet();
    same_name.emailadres = "other@bakker.nl".into();
    d.participants[0].geboorte_datum = "1970-01-02".into();
    same_name.geboorte_datum = "02-01-1970".into();
    d.participants.push(twin);
    d.participants.push(same_name);
    if let Some(c) = d.course.as_mut() {
        c.free_seats = Some(3);
    }
    let issues = validate_at(&d, today());
    assert_eq!(
        codes_at(&issues, "deelnemers[2].emailadres"),
        [IssueCode::DuplicatePerson {
            first: "contactpersoon".into()
        }]
    );
    assert_eq!(
        codes_at(&issues, "deelnemers[3].achternaam"),
        [IssueCode::DuplicatePerson {
            first: "deelnemers[1]".into()
        }]
    );
    let seats: Vec<_> = issues.iter().filter(|i| i.field == "deelnemers").collect();
    assert_eq!(seats.len(), 1);
    assert_eq!(seats[0].severity, Severity::Warning);
    assert_eq!(
        seats[0].code,
        IssueCode::MoreThanFreeSeats { free: 3, wanted: 4 }
    );
}

#[test]
fn scenario_two_warns_when_the_contact_is_also_an_employee() {
    let mut d = draft(Scenario::ContactEnrolsEmployees);
    d.participants.push(anna());
    let issues = validate_at(&d, today());
    assert_eq!(
        codes_at(&issues, "deelnemers[1]"),
        [IssueCode::ContactListedAsEmployee]
    );
    assert!(!issues.iter().any(FieldIssue::is_error));
}

#[test]
fn step_is_derived_from_the_draft() {
    let mut d = Draft::default();
    assert_eq!(d.step(), Step::Course);
    d.course = draft(Scenario::SelfEnrol).course;
    assert_eq!(d.step(), Step::Scenario);
    d.scenario = Some(Scenario::ContactEnrolsEmployees);
    assert_eq!(d.step(), Step::Contact);
    d.contact = anna();
    assert_eq!(d.step(), Step::Contact, "not confirmed yet");
    d.confirm(Step::Contact);
    assert_eq!(d.step(), Step::Participants);
    d.confirm(Step::Participants);
    assert_eq!(d.step(), Step::Participants, "no participants yet");
    d.participants.push(piet());
    assert_eq!(d.step(), Step::Company);
    d.confirm(Step::Company);
    assert_eq!(d.step(), Step::Review);
    d.reviewed = true;
    assert_eq!(d.step(), Step::Send);
    // Breaking the contact sends the user back there, even though it was confirmed.
    d.contact.emailadres = "kapot".into();
    assert_eq!(d.step(), Step::Contact);
    // Self-enrolment skips the participants step.
    d.contact = anna();
    d.scenario = Some(Scenario::SelfEnrol);
    d.confirmed.remove(&Step::Participants);
    assert_eq!(d.step(), Step::Send);
    // The draft survives a save/restore and reopens at the same step.
    let saved = serde_json::to_string(&d).unwrap_or_default();
    let restored: Draft = serde_json::from_str(&saved).unwrap_or_default();
    assert_eq!(restored, d);
    assert_eq!(restored.step(), Step::Send);
}

#[test]
fn server_errors_map_onto_our_fields_case_insensitively() {
    let mut errors = BTreeMap::new();
    errors.insert(
        "$.Contactpersoon.EmailAdres".to_string(),
        vec!["Ongeldig e-mailadres".to_string()],
    );
    errors.insert(
        "Deelnemers[1].ACHTERNAAM".to_string(),
        vec!["Verplicht".to_string()],
    );
    errors.insert("".to_string(), vec!["Algemeen".to_string()]);
    let issues = map_server_errors(&errors);
    let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        ["", "contactpersoon.emailadres", "deelnemers[1].achternaam"]
    );
    assert_eq!(
        issues[1].code.message(crate::i18n::Lang::En),
        "Ongeldig e-mailadres"
    );
    let d = draft(Scenario::ContactEnrolsSelfAndEmployees);
    assert_eq!(
        d.step_of_field("deelnemers[1].achternaam"),
        Step::Participants
    );
    assert_eq!(d.step_of_field("deelnemers[0].achternaam"), Step::Contact);
    assert_eq!(d.stored_participant_index(1), Some(0));
}

#[test]
fn raw_bodies_are_validated_with_the_same_rules() {
    let good = payload(&draft(Scenario::ContactEnrolsSelfAndEmployees));
    assert!(
        validate_body_at(&good, today()).is_empty(),
        "{:?}",
        validate_body_at(&good, today())
    );
    let bad = json!({
        "referentieNrKlant": "a;b",
        "aantalPersonen": 3,
        "contactpersoon": {"voornaam": "X", "achternaam": null, "emailadres": "x@y.nl",
                           "adres": {"postcode": "12AB", "landCode": "NL"}},
        "deelnemers": [{"voornaam": "Y", "achternaam": "Z", "emailadres": "x@y.nl"}],
        "opleidingen": [{"opleidingId": "o"}]
    });
    let issues = validate_body_at(&bad, today());
    let mut fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "aantalPersonen",
            "contactpersoon.achternaam",
            "contactpersoon.adres.postcode",
            "opleidingen[0].opleidingssoortId",
            "referentieNrKlant",
        ]
    );
    // Swagger-style "" for omitted objects is tolerated.
    let sparse = json!({"contactpersoon": {"voornaam": "A", "achternaam": "B", "emailadres": "a@b.nl", "adres": ""},
                        "deelnemers": "", "bedrijf": "", "opleidingen": [{"opleidingId": null, "opleidingssoortId": "s"}]});
    assert!(validate_body_at(&sparse, today()).is_empty());
    assert!(parse_payload("{ not json").is_err());
}

#[test]
fn every_message_exists_in_both_languages() {
    use crate::i18n::Lang;
    let codes = [
        IssueCode::Required,
        IssueCode::LastNameRequired,
        IssueCode::FirstNameRequired,
        IssueCode::EmailRequired,
        IssueCode::InvalidEmail,
        IssueCode::InvalidPostcode,
        IssueCode::PhoneCharacters,
        IssueCode::PhoneDutchLength,
        IssueCode::PhoneLength,
        IssueCode::InvalidDate,
        IssueCode::BirthDateNotInPast,
        IssueCode::DuplicatePerson {
            first: "deelnemers[0]".into(),
        },
        IssueCode::ContactListedAsEmployee,
        IssueCode::MoreThanFreeSeats { free: 1, wanted: 2 },
        IssueCode::NoCourse,
        IssueCode::NoScenario,
        IssueCode::NoParticipants,
        IssueCode::InvalidIban,
        IssueCode::InvalidReference,
        IssueCode::NumberOfPeopleMismatch {
            stated: 1,
            counted: 2,
        },
        IssueCode::WrongType {
            expected: "array".into(),
        },
    ];
    for code in codes {
        let (nl, en) = (code.message(Lang::Nl), code.message(Lang::En));
        assert!(!nl.is_empty() && !en.is_empty() && nl != en, "{code:?}");
    }
    for s in Scenario::ALL {
        assert_ne!(s.explanation(Lang::Nl), s.explanation(Lang::En));
    }
}

/// Scenario labels and explanations and the wizard's step titles come from the table, different
/// in each language.
#[test]
fn scenarios_and_steps_are_worded_from_the_table() {
    use crate::i18n::{Lang, text};
    for scenario in Scenario::ALL {
        for lang in [Lang::Nl, Lang::En] {
            assert!(!scenario.label(lang).contains("missing text"));
            assert!(!scenario.explanation(lang).contains("missing text"));
        }
        assert_ne!(scenario.label(Lang::Nl), scenario.label(Lang::En));
        assert_ne!(
            scenario.explanation(Lang::Nl),
            scenario.explanation(Lang::En)
        );
    }
    assert_eq!(
        Scenario::SelfEnrol.label(Lang::En),
        text(Lang::En, "scenario.self.label")
    );
    for step in Step::ALL {
        assert!(!step.title(Lang::Nl).contains("missing text"));
        assert!(!step.title(Lang::En).contains("missing text"));
    }
    assert_eq!(
        Step::Company.title(Lang::Nl),
        text(Lang::Nl, "step.company")
    );
    let issue = FieldIssue::warning(
        "deelnemers[1].achternaam",
        IssueCode::MoreThanFreeSeats { free: 2, wanted: 5 },
    );
    let line = issue.line(Lang::En);
    assert!(
        line.contains(text(Lang::En, "issue.warning_tag")) && line.contains('5'),
        "{line}"
    );
    let duplicate = IssueCode::DuplicatePerson {
        first: "deelnemers[0]".into(),
    };
    assert!(duplicate.message(Lang::Nl).contains(&crate::i18n::format(
        Lang::Nl,
        "issue.participant_n",
        &[("n", &1)]
    )));
}

//! Unit tests of known people in the wizard: debounce, session cache, lookups off, unlinking on
//! an edited address; seats against people; hiding full courses.

use super::people::{DEBOUNCE, LookupsOff, PeopleState};
use super::review::seats_line;
use super::*;
use crate::clock::Clock;
use crate::enrol::people::{KnownPerson, Lookup, PersonKey};
use crate::enrol::{CourseChoice, Person, Scenario};
use crate::i18n::Lang;
use crate::worker::request_id::nth_request;
use serde_json::json;
use std::time::Duration;

/// A clock that moves only when the test steps it.
fn stepped() -> Clock {
    Clock::stepped(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 18)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default(),
    )
}

fn typed(email: &str) -> Person {
    Person {
        achternaam: "Jansen".into(),
        emailadres: email.into(),
        ..Person::default()
    }
}

fn anna_found() -> Lookup {
    Lookup::Found(vec![KnownPerson {
        person: Person {
            voornaam: "Anna".into(),
            achternaam: "Jansen".into(),
            emailadres: "anna@voorbeeld.nl".into(),
            persoon_id: "p-1".into(),
            ..Person::default()
        },
        company: None,
        inactive: false,
    }])
}

#[test]
fn typing_is_debounced_and_each_address_is_asked_once_per_session() {
    let clock = stepped();
    let mut people = PeopleState::on(clock.clone());
    let mut p = typed("");
    people.track("contactpersoon", &mut p);
    assert_eq!(people.due().0, Vec::<PersonKey>::new(), "nothing typed yet");
    p.emailadres = "anna@voorbeeld.nl".into();
    people.track("contactpersoon", &mut p);
    let (keys, wait) = people.due();
    assert!(keys.is_empty(), "just typed: wait");
    assert!(wait.is_some_and(|w| w <= DEBOUNCE));
    clock.advance(DEBOUNCE);
    people.track("contactpersoon", &mut p);
    let (keys, _) = people.due();
    let key = PersonKey::email("anna@voorbeeld.nl").unwrap();
    assert_eq!(keys, vec![key.clone()]);
    people.asked(nth_request(7), &keys);
    people.track("contactpersoon", &mut p);
    assert!(people.due().0.is_empty(), "asked: not again");
    people.answered(key.clone(), anna_found(), 1);
    assert!(people.finished(nth_request(7)));
    people.track("contactpersoon", &mut p);
    assert!(people.due().0.is_empty(), "cached: not again");
    assert_eq!(people.sent, 1);
    assert_eq!(people.found("ANNA@voorbeeld.nl").map(<[_]>::len), Some(1));
    // Answers that came with the same batch cost nothing more: the count is of requests.
    for e in ["piet@voorbeeld.nl", "sara@voorbeeld.nl"] {
        people.answered(PersonKey::email(e).unwrap(), Lookup::Found(Vec::new()), 0);
    }
    assert_eq!(people.sent, 1);
}

#[test]
fn a_forbidden_lookup_turns_every_lookup_off() {
    let clock = stepped();
    let mut people = PeopleState::on(clock.clone());
    let key = PersonKey::email("a@b.nl").unwrap();
    people.answered(key, Lookup::NoScope, 1);
    assert_eq!(people.off, Some(LookupsOff::NoScope));
    let mut p = typed("c@d.nl");
    people.track("deelnemers[0]", &mut p);
    clock.advance(DEBOUNCE);
    people.track("deelnemers[0]", &mut p);
    assert!(people.due().0.is_empty());
    let mut other = PeopleState::default();
    other.answered(PersonKey::name("Jansen").unwrap(), Lookup::NotHonoured, 1);
    assert_eq!(other.off, None, "only the name search is off");
    assert!(other.name_off);
}

#[test]
fn a_linked_person_whose_address_changes_is_unlinked() {
    let mut people = PeopleState::default();
    people.answered(
        PersonKey::email("anna@voorbeeld.nl").unwrap(),
        anna_found(),
        1,
    );
    let mut p = typed("anna@voorbeeld.nl");
    p.persoon_id = "p-1".into();
    people.track("contactpersoon", &mut p);
    assert_eq!(p.persoon_id, "p-1");
    p.emailadres = "anna.jansen@elders.nl".into();
    people.track("contactpersoon", &mut p);
    assert!(p.persoon_id.is_empty(), "another address: not her record");
}

#[test]
fn seats_are_shown_against_the_people_or_said_to_be_unknown() {
    let mut draft = Draft {
        scenario: Some(Scenario::ContactEnrolsEmployees),
        participants: vec![typed("a@b.nl"), typed("c@d.nl"), typed("e@f.nl")],
        course: Some(CourseChoice {
            opleiding_id: Some("o1".into()),
            opleidingssoort_id: "s1".into(),
            label: "Excel".into(),
            free_seats: Some(5),
        }),
        ..Draft::default()
    };
    assert_eq!(seats_line(&draft, Lang::En), "5 left for 3 people");
    if let Some(c) = draft.course.as_mut() {
        c.free_seats = Some(2);
    }
    assert_eq!(seats_line(&draft, Lang::En), "Too few: 2 left for 3 people");
    if let Some(c) = draft.course.as_mut() {
        c.free_seats = None;
    }
    assert!(seats_line(&draft, Lang::Nl).starts_with("Onbekend"));
    let lines = review::summary(&draft, Lang::En);
    assert!(
        lines
            .iter()
            .any(|(l, v)| l == "Seats" && v.starts_with("Unknown"))
    );
}

#[test]
fn full_courses_can_be_recognised_and_unknown_counts_as_not_full() {
    let opleidingen = vec![
        json!({"id": "o1", "opleidingssoortId": "s", "naam": "A", "aantalPlaatsenVrij": 0}),
        json!({"id": "o2", "opleidingssoortId": "s", "naam": "B", "aantalPlaatsenVrij": 3}),
        json!({"id": "o3", "opleidingssoortId": "s", "naam": "C"}),
    ];
    let (rows, _) = course_rows(&opleidingen, &[], "");
    let full: Vec<_> = rows
        .iter()
        .filter(|r| r.is_full())
        .map(|r| r.naam.as_str())
        .collect();
    assert_eq!(full, ["A"]);
}

#[test]
fn keys_of_a_cancelled_lookup_wait_for_a_retry() {
    let mut people = PeopleState::default();
    let mut p = typed("a@b.nl");
    people.track("deelnemers[0]", &mut p);
    let (keys, _) = people.due();
    assert_eq!(keys.len(), 1);
    people.asked(nth_request(3), &keys);
    assert!(
        people.finished(nth_request(3)),
        "cancelled before an answer"
    );
    people.track("deelnemers[0]", &mut p);
    assert!(people.due().0.is_empty(), "not asked again by itself");
    people.retry();
    people.track("deelnemers[0]", &mut p);
    assert_eq!(people.due().0, keys);
}

/// Issue 21 point 4: the debounce reads the app's clock. On a stepped clock the lookup is due
/// exactly when 600 ms have passed on it, not a moment before, and no real time is waited.
#[test]
fn the_debounce_fires_when_the_stepped_clock_reaches_600_ms_and_not_before() {
    let clock = stepped();
    let mut people = PeopleState::on(clock.clone());
    let mut p = typed("");
    people.track("contactpersoon", &mut p);
    let _ = people.due();
    p.emailadres = "anna@voorbeeld.nl".into();
    people.track("contactpersoon", &mut p);
    assert_eq!(people.due(), (Vec::new(), Some(DEBOUNCE)), "just typed");
    clock.advance(DEBOUNCE - Duration::from_millis(1));
    people.track("contactpersoon", &mut p);
    assert_eq!(
        people.due(),
        (Vec::new(), Some(Duration::from_millis(1))),
        "1 ms before the debounce: not yet"
    );
    clock.advance(Duration::from_millis(1));
    people.track("contactpersoon", &mut p);
    let key = PersonKey::email("anna@voorbeeld.nl").unwrap();
    assert_eq!(people.due(), (vec![key], None), "at 600 ms: due");
}

/// The wizard's state hands its clock to the lookups, also after a switch of connection.
#[test]
fn the_wizard_lookups_run_on_the_wizard_clock() {
    let clock = stepped();
    let state = EnrolState::default().with_clock(clock.clone());
    let t0 = state.people.clock.instant();
    clock.advance(DEBOUNCE);
    assert_eq!(state.people.clock.since(t0), DEBOUNCE);
}

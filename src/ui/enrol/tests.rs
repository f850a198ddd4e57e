//! Unit tests of the wizard's pure parts: course search, navigation, the saved draft.

use super::*;
use crate::enrol::{CourseChoice, Person, Scenario};
use crate::worker::request_id::nth_request;
use serde_json::json;

fn opleidingen() -> Vec<Value> {
    vec![
        json!({"id": "o2", "opleidingssoortId": "s1", "naam": "Excel", "code": "XL-2",
               "startDatum": "2030-03-01", "aantalPlaatsenVrij": 4,
               "startLocatie": {"bedrijf": {"bezoekadres": {"plaats": "Utrecht"}}}}),
        json!({"id": "o1", "opleidingssoortId": "s1", "naam": "Excel", "code": "XL-1",
               "startDatum": "2030-01-15", "aantalPlaatsenVrij": 0,
               "startLocatie": {"bedrijf": {"bezoekadres": {"plaats": "Zwolle"}}}}),
        json!({"id": "o3", "opleidingssoortId": "s2", "naam": "Word", "code": "WD-1",
               "startDatum": "2030-02-01", "opleidingStatusId": "Geannuleerd"}),
    ]
}

#[test]
fn search_filters_by_every_word_hides_cancelled_and_sorts_by_date() {
    let soorten = vec![json!({"id": "s2", "naam": "Word", "code": "WD"})];
    let (all, types) = course_rows(&opleidingen(), &soorten, "");
    let ids: Vec<_> = all.iter().map(|r| r.choice.opleiding_id.clone()).collect();
    assert_eq!(ids, [Some("o1".into()), Some("o2".into())]);
    assert_eq!(types.len(), 1);
    assert_eq!(types[0].choice.opleiding_id, None);
    assert_eq!(types[0].choice.opleidingssoort_id, "s2");
    for (filter, expect) in [
        ("utrecht", vec!["o2"]),
        ("excel 15-01-2030", vec!["o1"]),
        ("xl-2", vec!["o2"]),
        ("2030-03", vec!["o2"]),
        ("word", vec![]),
        ("excel zwolle", vec!["o1"]),
    ] {
        let (rows, _) = course_rows(&opleidingen(), &soorten, filter);
        let got: Vec<_> = rows
            .iter()
            .filter_map(|r| r.choice.opleiding_id.as_deref())
            .collect();
        assert_eq!(got, expect, "{filter}");
    }
    let (rows, _) = course_rows(&opleidingen(), &[], "utrecht");
    assert_eq!(rows[0].choice.free_seats, Some(4));
    assert_eq!(rows[0].choice.opleidingssoort_id, "s1");
    assert!(rows[0].choice.label.contains("01-03-2030"));
}

fn person(last: &str, email: &str) -> Person {
    Person {
        voornaam: "A".into(),
        achternaam: last.into(),
        emailadres: email.into(),
        ..Person::default()
    }
}

fn started() -> EnrolState {
    let mut state = EnrolState::default();
    state.draft.course = Some(CourseChoice {
        opleiding_id: Some("o1".into()),
        opleidingssoort_id: "s1".into(),
        label: "Excel".into(),
        free_seats: None,
    });
    state.draft.scenario = Some(Scenario::ContactEnrolsEmployees);
    state
}

#[test]
fn next_is_blocked_by_errors_and_back_keeps_what_was_typed() {
    let mut state = started();
    assert_eq!(state.current_step(), Step::Contact);
    assert!(!state.next(), "an empty contact person blocks Next");
    assert!(state.attempted.contains(&Step::Contact));
    assert_eq!(state.current_step(), Step::Contact);
    state.draft.contact = person("Smit", "jan@x.nl");
    assert!(state.next());
    assert_eq!(state.current_step(), Step::Participants);
    assert!(!state.next(), "no participants yet");
    state.draft.participants.push(person("Bakker", "kees@x.nl"));
    assert!(state.next());
    assert_eq!(state.current_step(), Step::Company);
    state.back();
    state.back();
    state.back();
    assert_eq!(state.current_step(), Step::Scenario);
    assert_eq!(state.draft.participants.len(), 1, "Back loses nothing");
    assert!(state.next());
    assert_eq!(
        state.current_step(),
        Step::Contact,
        "Next goes one step at a time"
    );
    assert!(state.next());
    assert!(state.next());
    assert!(state.next());
    assert_eq!(state.current_step(), Step::Review);
    assert!(state.next());
    assert_eq!(state.current_step(), Step::Send);
}

#[test]
fn the_saved_draft_reopens_at_the_derived_step_with_the_entry_it_fixes() {
    let mut state = started();
    state.draft.contact = person("Smit", "jan@x.nl");
    assert!(state.next());
    state.fixing = "7".parse().ok();
    let json = state.saved_json();
    let restored = EnrolState::new(Some(&json));
    assert_eq!(restored.draft, state.draft);
    assert_eq!(restored.fixing, "7".parse().ok());
    assert_eq!(restored.current_step(), Step::Participants);
    // A plain draft (older format) is read too; garbage starts empty.
    let plain = serde_json::to_string(&state.draft).unwrap_or_default();
    assert_eq!(EnrolState::new(Some(&plain)).draft, state.draft);
    assert_eq!(EnrolState::new(Some("{oops")).draft, Draft::default());
}

#[test]
fn a_failed_send_is_found_in_the_outbox_by_its_body() {
    let mut state = started();
    state.draft.contact = person("Smit", "jan@x.nl");
    state.sending = Some(Sending::Enrol(nth_request(5)));
    let error = crate::message::from_worker_error(&crate::error::WorkerError::NotConnected);
    state.on_failed(nth_request(5), &error);
    assert_eq!(state.sending, None);
    let mut body = crate::enrol::payload(&state.draft);
    body["referentieNrKlant"] = json!("CD-1");
    let entry = Entry {
        id: "3".parse().unwrap(),
        created_at: crate::clock::Clock::system().now_utc(),
        updated_at: crate::clock::Clock::system().now_utc(),
        reference: "CD-1".into(),
        body,
        status: Status::Pending,
        attempts: 0,
        last_error: None,
        next_try_at: None,
        maybe_sent: false,
    };
    // No worker needed: the context records what the wizard sends.
    let sent = crate::ui::ctx::recording(&crate::ui::ConnState::Disconnected, |cx| {
        state.on_outbox_entries(nth_request(5), &[entry], cx)
    });
    assert!(
        sent.iter()
            .any(|c| matches!(c, crate::worker::Command::SaveDraft { json: None })),
        "the finished draft is cleared on disk"
    );
    assert!(matches!(state.outcome, Some(Outcome::Queued { .. })));
    assert!(
        state.is_done(),
        "a queued enrolment is not sent a second time"
    );
}

#[test]
fn a_reused_entry_is_said_on_the_send_step_and_forgotten_on_the_next_send() {
    let mut state = started();
    state.draft.contact = person("Smit", "jan@x.nl");
    state.sending = Some(Sending::Enrol(nth_request(5)));
    let at = crate::clock::Clock::system().now_utc();
    let reused = crate::session::Reused {
        id: "3".parse().unwrap(),
        queued_at: at,
        sent: Some((at, "W-42".into())),
    };
    crate::ui::ctx::recording(&crate::ui::ConnState::Disconnected, |cx| {
        // An answer to another request says nothing.
        state.on_event(
            EnrolEvent::Reused {
                req: nth_request(4),
                reused: reused.clone(),
            },
            cx,
        );
        assert!(state.reused.is_none());
        state.on_event(
            EnrolEvent::Reused {
                req: nth_request(5),
                reused,
            },
            cx,
        );
        let said = state
            .reused
            .as_ref()
            .expect("the reuse is kept for the send step");
        for lang in [crate::i18n::Lang::Nl, crate::i18n::Lang::En] {
            assert!(
                said.in_lang(lang).contains("W-42"),
                "{lang:?}: {}",
                said.in_lang(lang)
            );
        }
        // The next send starts without it.
        super::send::send(&mut state, cx);
        assert!(state.reused.is_none());
    });
}

#[test]
fn a_failed_course_list_waits_for_the_planner_instead_of_asking_every_frame() {
    let mut state = started();
    state.courses.start(nth_request(5));
    let error = crate::message::from_worker_error(&crate::error::WorkerError::NotConnected);
    assert!(state.courses.fail(nth_request(5), error));
    let mut actions = Vec::new();
    let mut enter = false;
    {
        let mut harness = egui_kittest::Harness::new_ui(|ui| {
            super::course::course_step(&mut state, true, ui, &mut actions, &mut enter);
        });
        for _ in 0..5 {
            harness.step();
        }
    }
    assert!(
        !actions.iter().any(|a| matches!(a, Action::LoadCourses)),
        "asked again by itself: {actions:?}"
    );
    // Never asked: the step asks once per frame until the request is under way.
    let mut fresh = started();
    let mut actions = Vec::new();
    {
        let mut harness = egui_kittest::Harness::new_ui(|ui| {
            super::course::course_step(&mut fresh, true, ui, &mut actions, &mut enter);
        });
        harness.step();
    }
    assert!(actions.iter().any(|a| matches!(a, Action::LoadCourses)));
}

/// The draft saves made by one autosave frame.
fn autosaves(state: &mut EnrolState) -> usize {
    let sent = crate::ui::ctx::recording(&crate::ui::ConnState::Disconnected, |cx| {
        let mut harness = egui_kittest::Harness::new_ui(|ui| state.autosave(ui, cx));
        harness.step();
    });
    sent.iter()
        .filter(|c| matches!(c, crate::worker::Command::SaveDraft { json: Some(_) }))
        .count()
}

/// The autosave runs on the app's clock: a change is saved once that clock passed a second
/// since the last save, not before (a stepped clock: no real time waited).
#[test]
fn a_changed_draft_is_saved_when_the_clock_passed_a_second() {
    let clock = crate::clock::Clock::stepped(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 18)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default(),
    );
    let mut state = started().with_clock(clock.clone());
    state.draft.contact = person("Smit", "jan@x.nl");
    assert_eq!(
        autosaves(&mut state),
        1,
        "the first change is saved at once"
    );
    state.draft.contact = person("Smits", "jan@x.nl");
    assert_eq!(autosaves(&mut state), 0, "within the second: waits");
    clock.advance(std::time::Duration::from_millis(999));
    assert_eq!(autosaves(&mut state), 0, "1 ms before the second");
    clock.advance(std::time::Duration::from_millis(1));
    assert_eq!(autosaves(&mut state), 1, "a second on: saved");
    assert_eq!(autosaves(&mut state), 0, "unchanged: not again");
}

//! The outbox screen through egui_kittest: a refused enrolment fixed in the JSON editor and sent
//! once; discard only after confirming; export copies the exact body.

mod common;

use coachdesk::app::{CoachApp, ConnState};
use coachdesk::i18n::{Lang, text};
use coachdesk::outbox::{Outbox, Status};
use coachdesk::paths::Dirs;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimHandle, Simulator};
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::{Value, json};

fn settle(h: &mut Harness<'_, CoachApp>) {
    for _ in 0..4 {
        h.step();
    }
}

/// A body Coachview refuses: the contact's e-mail address is invalid.
fn refused_body(sim: &SimHandle) -> Value {
    let course = sim.all(Resource::Opleidingen)[0].clone();
    json!({
        "aantalPersonen": 1,
        "contactpersoon": {"voornaam": "Anna", "achternaam": "Jansen", "emailadres": "anna at voorbeeld.nl"},
        "opleidingen": [{"opleidingId": course["id"], "opleidingssoortId": course["opleidingssoortId"]}],
    })
}

/// The app connected to a simulator whose outbox already holds `body` (queued by an earlier
/// run); the background flush on connect tries it; the outbox screen is open.
fn setup(lang: Lang) -> (SimHandle, TempHome, Harness<'static, CoachApp>, String) {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let dir = Dirs::under(&home.0).connection(&sim.base_url(), "demo");
    let outbox = Outbox::open(&dir.join("outbox.sqlite")).unwrap();
    let id = outbox.enqueue(refused_body(&sim), None).unwrap();
    let reference = outbox.get(id).unwrap().reference;
    drop(outbox);
    let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], lang);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.get_by_label(text(lang, "nav.outbox")).click();
    settle(&mut h);
    wait_until(&mut h, "the refusal", |a| {
        !a.outbox.busy()
            && a.outbox
                .entries()
                .first()
                .is_some_and(|e| matches!(e.status, Status::NeedsFix { .. }))
    });
    (sim, home, h, reference)
}

#[test]
fn a_refused_enrolment_is_fixed_in_the_editor_and_sent_once() {
    for lang in [Lang::Nl, Lang::En] {
        let (sim, _home, mut h, reference) = setup(lang);
        let status = h.state().outbox.entries()[0].status.text(lang);
        assert!(h.query_by_label(&status).is_some(), "status in words");
        h.get_by_label(&reference).click();
        settle(&mut h);
        assert!(
            h.query_by_label_contains("contactpersoon.emailadres")
                .is_some(),
            "the refused field is named"
        );
        h.check_accessibility();
        h.get_by_label(text(lang, "outbox.edit")).click();
        settle(&mut h);
        let editor = h.state().outbox.editor.clone().expect("the editor is open");
        let body: Value = serde_json::from_str(&editor.text).unwrap();
        assert_eq!(body["referentieNrKlant"], reference.as_str());
        // Broken JSON is refused in the dialog.
        let fixed = editor
            .text
            .replace("anna at voorbeeld.nl", "anna@voorbeeld.nl");
        let field = h.get_by_label(text(lang, "outbox.edit.label"));
        field.focus();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_label(text(lang, "outbox.edit.label"))
            .type_text("{ not json");
        settle(&mut h);
        h.get_by_label(text(lang, "outbox.edit.save")).click();
        settle(&mut h);
        let error = h
            .state()
            .outbox
            .editor
            .as_ref()
            .and_then(|e| e.error.clone());
        assert!(error.is_some(), "invalid JSON keeps the dialog open");
        h.get_by_label(text(lang, "outbox.edit.label")).focus();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_label(text(lang, "outbox.edit.label"))
            .type_text(&fixed);
        settle(&mut h);
        h.get_by_label(text(lang, "outbox.edit.save")).click();
        settle(&mut h);
        assert!(h.state().outbox.editor.is_none());
        wait_until(&mut h, "updated", |a| {
            !a.outbox.busy() && matches!(a.outbox.entries()[0].status, Status::Pending)
        });
        h.get_by_label(text(lang, "outbox.send_now")).click();
        wait_until(&mut h, "sent", |a| {
            matches!(a.outbox.entries()[0].status, Status::Sent { .. })
        });
        let received = sim.webaanvragen_received();
        assert_eq!(received.len(), 1);
        assert_eq!(
            received[0]["_body"]["contactpersoon"]["emailadres"],
            "anna@voorbeeld.nl"
        );
        assert_eq!(
            received[0]["_body"]["referentieNrKlant"],
            reference.as_str()
        );
        sim.shutdown();
    }
}

#[test]
fn discard_asks_first_and_export_copies_the_body() {
    let lang = Lang::Nl;
    let (sim, _home, mut h, reference) = setup(lang);
    h.get_by_label(&reference).click();
    settle(&mut h);
    h.get_by_label(text(lang, "outbox.export")).click();
    settle(&mut h);
    let (copied_ref, copied) = h.state().outbox.copied.clone().expect("copied");
    assert_eq!(copied_ref, reference);
    let copied: Value = serde_json::from_str(&copied).unwrap();
    assert_eq!(copied, h.state().outbox.entries()[0].body);
    // Discard, then cancel: nothing happens.
    h.get_by_label(text(lang, "outbox.discard")).click();
    settle(&mut h);
    assert!(
        h.query_by_label(text(lang, "outbox.discard.title"))
            .is_some()
    );
    h.check_accessibility();
    h.get_by_label(text(lang, "outbox.cancel")).click();
    settle(&mut h);
    assert!(
        h.query_by_label(text(lang, "outbox.discard.title"))
            .is_none()
    );
    assert!(h.state().outbox.entries()[0].status.is_open());
    // Discard and confirm.
    h.get_by_label(text(lang, "outbox.discard")).click();
    settle(&mut h);
    h.get_by_label(text(lang, "outbox.discard.confirm")).click();
    wait_until(&mut h, "discarded", |a| {
        matches!(a.outbox.entries()[0].status, Status::Discarded)
    });
    // "Send all due" has nothing to send.
    h.get_by_label(text(lang, "outbox.flush")).click();
    settle(&mut h);
    wait_until(&mut h, "flushed", |a| !a.outbox.busy());
    assert!(sim.webaanvragen_received().is_empty());
    sim.shutdown();
}

/// How many outbox lists the app sent its worker (the commands themselves, as the diagnostics
/// name them).
fn lists_sent(h: &egui_kittest::Harness<'_, coachdesk::app::CoachApp>) -> usize {
    h.state()
        .recent_commands()
        .iter()
        .filter(|c| **c == "OutboxList")
        .count()
}

/// Entering the outbox screen asks for the list once; staying on it asks no more; leaving and
/// entering again asks once more. The entries arrive.
#[test]
fn entering_the_outbox_lists_it_once_per_entry() {
    let lang = Lang::En;
    let (sim, _home, mut h, reference) = setup(lang);
    assert_eq!(lists_sent(&h), 1, "one list on entering");
    settle(&mut h);
    settle(&mut h);
    assert_eq!(lists_sent(&h), 1, "no list while staying");
    // Clicking the screen already shown is not entering it (the first "Outbox" is the
    // navigation's; the screen's heading says it too).
    let nav = h.get_all_by_label(text(lang, "nav.outbox")).next().unwrap();
    nav.click();
    settle(&mut h);
    assert_eq!(lists_sent(&h), 1);
    h.get_by_label(text(lang, "nav.browse")).click();
    settle(&mut h);
    assert_eq!(lists_sent(&h), 1, "no list on another screen");
    h.get_by_label(text(lang, "nav.outbox")).click();
    settle(&mut h);
    wait_until(&mut h, "listed again", |a| !a.outbox.busy());
    settle(&mut h);
    assert_eq!(lists_sent(&h), 2, "entered twice: listed twice");
    assert!(h.query_by_label(&reference).is_some(), "the entry is shown");
    sim.shutdown();
}

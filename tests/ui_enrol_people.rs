//! Enrolling known people and lists, driven through egui_kittest against the simulator: a known
//! person found by e-mail and used (her `persoonId` reaches Coachview), 25 rows pasted from Excel
//! with two bad rows fixed in place, an XLSX import (with a known person matched by e-mail), and a
//! lookup without `Personen.Lezen` that turns lookups off with one message.

mod common;

use coachdesk::app::{AppEnv, CoachApp, ConnState};
use coachdesk::clock::Clock;
use coachdesk::credentials::{CredentialStore, MemoryStore};
use coachdesk::enrol::Scenario;
use coachdesk::enrol::Step;
use coachdesk::i18n::{Lang, text};
use coachdesk::paths::Dirs;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimClient, SimHandle, Simulator};
use coachdesk::ui::enrol::people::{DEBOUNCE, LookupsOff};
use coachdesk::worker::{DialogAnswer, SaveDialog};
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const ANNA: &str = "anna.jansen@devries-bouw.nl";

/// Saves to a fixed path; opens the file the test made.
struct TestDialog {
    open: Option<PathBuf>,
    save: PathBuf,
}

impl SaveDialog for TestDialog {
    fn save_path(&self, _suggested: &str) -> DialogAnswer {
        DialogAnswer::Chosen(self.save.clone())
    }
    fn open_path(&self, _filter: &str, _extensions: &[&str]) -> DialogAnswer {
        match &self.open {
            Some(path) => DialogAnswer::Chosen(path.clone()),
            None => DialogAnswer::Cancelled,
        }
    }
}

struct Setup {
    sim: SimHandle,
    /// The app's clock: it moves only when the test steps it (the debounce is stepped past).
    clock: Clock,
    home: TempHome,
    h: Harness<'static, CoachApp>,
    lang: Lang,
    anna_id: String,
}

/// A simulator that knows Anna Jansen, a client without `Personen.Lezen`, the app connected as
/// `client` and on the wizard with courses loaded; `open` is what the file dialog answers.
fn setup(client: &str, open: Option<PathBuf>) -> Setup {
    let lang = Lang::Nl;
    let mut cfg = small_sim();
    let mut scopes = coachdesk::simulator::config::all_scopes();
    scopes.retain(|s| s != "Personen.Lezen");
    cfg.clients.push(SimClient {
        id: "zonderpersonen".into(),
        secret: "zonderpersonen".into(),
        scopes,
    });
    let sim = Simulator::spawn(cfg.clone()).unwrap();
    let anna = json!({"voornaam": "Anna", "voorletters": "A.", "achternaam": "Jansen",
        "email1": ANNA, "tel1": "06-12345678", "inactief": false,
        "bedrijf": {"naam": "Bouwbedrijf De Vries BV"}});
    let anna_id = sim.upsert(Resource::Personen, anna, sim.now());
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), client);
    // A company fetched earlier in the change browser, in this connection's store.
    let dir = Dirs::under(&home.0).connection(&sim.base_url(), client);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = coachdesk::store::Store::open(&dir.join("records.sqlite")).unwrap();
    let bedrijf = json!({"id": "b-1", "naam": "Bouwbedrijf De Vries BV",
        "emailadres": "info@devries-bouw.nl", "bezoekadres": {"adres1": "Kade 1",
        "postcode": "2611 AB", "plaats": "Delft", "landCode": "NL"},
        "auditTrail": {"gewijzigdDatumTijd": "2026-11-01T10:00:00.000", "etag": 1}});
    store
        .upsert_records(Resource::Bedrijven, &[bedrijf])
        .unwrap();
    drop(store);
    let credentials = Arc::new(MemoryStore::default());
    credentials.set(&profile.key(), client).unwrap();
    // The app's today is the simulator's; its clock moves only when a test steps it.
    let clock = Clock::stepped(sim.now());
    let env = AppEnv {
        dirs: Dirs::under(&home.0),
        credentials,
        demo: cfg,
        save_dialog: Arc::new(TestDialog {
            open,
            save: home.0.join("export.csv"),
        }),
        clock: clock.clone(),
        auto_probe: coachdesk::api::capabilities::AutoProbe::Never,
    };
    let mut h = harness(env, lang);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.get_by_label(text(lang, "nav.enrol")).click();
    wait_until(&mut h, "courses loaded", |a| a.enrol.courses_loaded());
    Setup {
        sim,
        clock,
        home,
        h,
        lang,
        anna_id,
    }
}

fn settle(h: &mut Harness<'_, CoachApp>) {
    for _ in 0..4 {
        h.step();
    }
}

fn next(s: &mut Setup) {
    s.h.get_by_label(text(s.lang, "wiz.next")).click();
    settle(&mut s.h);
}

fn type_into(s: &mut Setup, key: &str, nth: usize, value: &str) {
    let node = s.h.get_all_by_label(text(s.lang, key)).nth(nth).unwrap();
    node.focus();
    node.type_text(value);
    settle(&mut s.h);
}

/// Replaces the text of the `nth` field labelled `key`.
fn replace_in(s: &mut Setup, key: &str, nth: usize, value: &str) {
    let node = s.h.get_all_by_label(text(s.lang, key)).nth(nth).unwrap();
    node.focus();
    s.h.step();
    s.h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    s.h.step();
    s.h.get_all_by_label(text(s.lang, key))
        .nth(nth)
        .unwrap()
        .type_text(value);
    settle(&mut s.h);
}

fn to_contact_step(s: &mut Setup, scenario: Scenario) {
    let course =
        s.h.state()
            .enrol
            .opleidingen()
            .iter()
            .find(|o| o["aantalPlaatsenVrij"].as_i64().unwrap_or(0) >= 1)
            .cloned()
            .expect("a course with free seats");
    let code = course["code"].as_str().unwrap().to_string();
    type_into(s, "wiz.course.search", 0, &code);
    s.h.get_by_label(&code).click();
    settle(&mut s.h);
    next(s);
    s.h.get_by_label(scenario.label(s.lang)).click();
    settle(&mut s.h);
    next(s);
    assert_eq!(s.h.state().enrol.current_step(), Step::Contact);
}

fn typed_contact(s: &mut Setup) {
    type_into(s, "wiz.p.voornaam", 0, "Karin");
    type_into(s, "wiz.p.achternaam", 0, "Smit");
    type_into(s, "wiz.p.email", 0, "karin.smit@voorbeeld.nl");
}

/// Next until the send step, send, and return the body Coachview received.
fn send(s: &mut Setup) -> Value {
    for _ in 0..6 {
        if s.h.state().enrol.current_step() == Step::Send {
            break;
        }
        next(s);
    }
    assert_eq!(
        s.h.state().enrol.current_step(),
        Step::Send,
        "{:?}",
        coachdesk::enrol::validate(&s.h.state().enrol.draft)
    );
    s.h.get_by_label(text(s.lang, "wiz.send.button")).click();
    wait_until(&mut s.h, "an outcome", |a| {
        a.enrol.sending.is_none() && a.enrol.outcome.is_some()
    });
    let received = s.sim.webaanvragen_received();
    assert_eq!(received.len(), 1, "exactly one webaanvraag");
    received[0]["_body"].clone()
}

fn use_button(s: &Setup, n: Option<usize>) -> String {
    let base = coachdesk::i18n::format(s.lang, "people.use", &[("name", &"Anna Jansen")]);
    n.map_or(base.clone(), |n| format!("{base} ({n})"))
}

#[test]
fn a_known_person_is_found_by_email_and_her_persoon_id_is_sent() {
    let mut s = setup("demo", None);
    to_contact_step(&mut s, Scenario::SelfEnrol);
    type_into(&mut s, "wiz.p.email", 0, ANNA);
    // Debounced: typing alone sends nothing, not even a moment before the debounce is over.
    assert_eq!(s.h.state().enrol.people.sent, 0, "no lookup while typing");
    s.clock.advance(DEBOUNCE - Duration::from_millis(1));
    settle(&mut s.h);
    assert_eq!(s.h.state().enrol.people.sent, 0, "1 ms before the debounce");
    s.clock.advance(Duration::from_millis(1));
    wait_until(&mut s.h, "Anna found", |a| {
        a.enrol.people.found(ANNA).is_some()
    });
    let button = use_button(&s, None);
    let known = coachdesk::i18n::format(
        s.lang,
        "people.known",
        &[(
            "who",
            &format!("Anna Jansen (Bouwbedrijf De Vries BV, {ANNA})"),
        )],
    );
    assert!(
        s.h.query_by_label(&known).is_some(),
        "the offer names her company"
    );
    s.h.get_by_label(&button).click();
    settle(&mut s.h);
    let contact = s.h.state().enrol.draft.contact.clone();
    assert_eq!(contact.voornaam, "Anna");
    assert_eq!(contact.achternaam, "Jansen");
    assert_eq!(contact.telefoonnummer, "06-12345678");
    assert_eq!(contact.persoon_id, s.anna_id);
    assert_eq!(s.h.state().enrol.people.sent, 1);
    next(&mut s);
    assert_eq!(s.h.state().enrol.current_step(), Step::Company);
    // Back and forth: the answer is cached for the session, nothing is asked twice.
    s.h.get_by_label(text(s.lang, "wiz.back")).click();
    settle(&mut s.h);
    s.clock.advance(DEBOUNCE);
    settle(&mut s.h);
    assert_eq!(s.h.state().enrol.people.sent, 1, "cached");
    next(&mut s);
    // Her company is offered for the enrolment.
    let company = coachdesk::i18n::format(
        s.lang,
        "cpick.use_contacts",
        &[("name", &"Bouwbedrijf De Vries BV")],
    );
    s.h.get_by_label(&company).click();
    settle(&mut s.h);
    let body = send(&mut s);
    assert_eq!(body["contactpersoon"]["persoonId"], s.anna_id.as_str());
    assert_eq!(body["contactpersoon"]["emailadres"], ANNA);
    assert_eq!(body["bedrijf"]["naam"], "Bouwbedrijf De Vries BV");
    // The contact person and company are offered first next time.
    let recent = s.h.state().enrol.recent.clone();
    assert_eq!(recent.contacts[0].persoon_id, s.anna_id);
    assert_eq!(recent.companies[0].naam, "Bouwbedrijf De Vries BV");
    // Kept with this connection (its own folder), not for every profile.
    let path = Dirs::under(&s.home.0)
        .connection(&s.sim.base_url(), "demo")
        .join(coachdesk::enrol::recent::RECENT_FILE);
    wait_until(&mut s.h, "recent saved", |_| path.exists());
    // A new enrolment offers her first on the contact step.
    s.h.get_by_label(text(s.lang, "wiz.new")).click();
    settle(&mut s.h);
    to_contact_step(&mut s, Scenario::SelfEnrol);
    s.h.get_by_label(&format!("Anna Jansen <{ANNA}>")).click();
    settle(&mut s.h);
    assert_eq!(s.h.state().enrol.draft.contact.persoon_id, s.anna_id);
}

fn paste_rows() -> String {
    let mut rows = vec!["Voornaam\tTussenvoegsel\tAchternaam\tE-mailadres\tTelefoon".to_string()];
    for i in 1..=25 {
        let email = if i == 7 {
            "medewerker7@voorbeeld".to_string()
        } else {
            format!("medewerker{i}@voorbeeld.nl")
        };
        let last = if i == 12 {
            String::new()
        } else {
            format!("Achternaam{i}")
        };
        rows.push(format!("Mede{i}\t\t{last}\t{email}\t06-1234{i:04}"));
    }
    rows.join("\r\n")
}

#[test]
fn twenty_five_pasted_rows_with_two_bad_rows_fixed_in_place() {
    let mut s = setup("demo", None);
    to_contact_step(&mut s, Scenario::ContactEnrolsEmployees);
    typed_contact(&mut s);
    next(&mut s);
    assert_eq!(s.h.state().enrol.current_step(), Step::Participants);
    s.h.get_by_label(text(s.lang, "plist.paste")).focus();
    s.h.step();
    s.h.event(egui::Event::Paste(paste_rows()));
    settle(&mut s.h);
    let parsed = s.h.state().enrol.list.parsed.clone().expect("parsed");
    assert!(parsed.has_header);
    assert_eq!(parsed.rows.len(), 25);
    assert_eq!(parsed.bad_rows(), 2);
    assert!(parsed.rows[6].has_error() && parsed.rows[11].has_error());
    // The preview marks the bad rows with their reason.
    let reason = parsed.rows[6].reasons(s.lang);
    assert!(s.h.query_by_label(&reason).is_some(), "{reason}");
    s.h.check_accessibility();
    let add = coachdesk::i18n::format(s.lang, "plist.add", &[("n", &25)]);
    s.h.get_by_label(&add).click();
    settle(&mut s.h);
    assert_eq!(s.h.state().enrol.draft.participants.len(), 25);
    // Nothing goes out while a row is wrong.
    next(&mut s);
    assert_eq!(s.h.state().enrol.current_step(), Step::Participants);
    // A long list is a table with a status per row (23 in order, 2 with their reason), no forms.
    assert_eq!(s.h.get_all_by_label(text(s.lang, "plist.ok")).count(), 23);
    assert_eq!(s.h.get_all_by_label(text(s.lang, "wiz.p.email")).count(), 1);
    // Each bad row opens as a form and is fixed in place.
    let edit = |n: usize| coachdesk::i18n::format(s.lang, "wiz.participant.edit", &[("n", &n)]);
    let (seven, twelve) = (edit(7), edit(12));
    s.h.get_by_label(&seven).click();
    settle(&mut s.h);
    replace_in(&mut s, "wiz.p.email", 1, "medewerker7@voorbeeld.nl");
    s.h.get_by_label(&twelve).click();
    settle(&mut s.h);
    type_into(&mut s, "wiz.p.achternaam", 0, "Visser");
    assert_eq!(s.h.get_all_by_label(text(s.lang, "plist.ok")).count(), 25);
    let participants = &s.h.state().enrol.draft.participants;
    assert_eq!(participants[6].emailadres, "medewerker7@voorbeeld.nl");
    assert_eq!(participants[11].achternaam, "Visser");
    let body = send(&mut s);
    let deelnemers = body["deelnemers"].as_array().unwrap();
    assert_eq!(deelnemers.len(), 25);
    assert_eq!(body["aantalPersonen"], 25);
    assert_eq!(deelnemers[6]["emailadres"], "medewerker7@voorbeeld.nl");
    assert_eq!(deelnemers[11]["achternaam"], "Visser");
    assert_eq!(deelnemers[24]["voornaam"], "Mede25");
}

#[test]
fn an_xlsx_list_is_imported_and_a_known_person_in_it_is_matched_by_email() {
    let dir = TempHome::new();
    let path = dir.0.join("medewerkers.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["First name", "Last name", "Email", "Date of birth"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("Anna", "Jansen", ANNA),
        ("Piet", "Bakker", "piet.bakker@voorbeeld.nl"),
        ("Sara", "de Boer", "sara.deboer@voorbeeld.nl"),
    ];
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1985, 3, 14).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy");
    for (r, (first, last, email)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *first).unwrap();
        sheet.write_string(r, 1, *last).unwrap();
        sheet.write_string(r, 2, *email).unwrap();
        sheet
            .write_datetime_with_format(r, 3, &date, &format)
            .unwrap();
    }
    book.save(&path).unwrap();

    let mut s = setup("demo", Some(path));
    to_contact_step(&mut s, Scenario::ContactEnrolsEmployees);
    typed_contact(&mut s);
    next(&mut s);
    s.h.get_by_label(text(s.lang, "plist.import_file")).click();
    wait_until(&mut s.h, "the file read", |a| a.enrol.list.parsed.is_some());
    let parsed = s.h.state().enrol.list.parsed.clone().unwrap();
    assert!(parsed.has_header);
    assert_eq!(parsed.rows.len(), 3);
    assert_eq!(parsed.rows[2].person.geboorte_datum, "14-03-1985");
    assert_eq!(parsed.bad_rows(), 0);
    let add = coachdesk::i18n::format(s.lang, "plist.add", &[("n", &3)]);
    s.h.get_by_label(&add).click();
    settle(&mut s.h);
    let button = use_button(&s, Some(1));
    // Imported rows are looked up at once (nobody is typing them).
    wait_until(&mut s.h, "Anna found", |a| {
        a.enrol.people.found(ANNA).is_some()
    });
    settle(&mut s.h);
    s.h.get_by_label(&button).click();
    wait_until(&mut s.h, "every row looked up", |a| {
        a.enrol.people.pending.is_empty() && a.enrol.people.reqs.is_empty()
    });
    // The contact person's address was typed and left at once (debounced: never asked); each
    // row is asked once.
    assert_eq!(s.h.state().enrol.people.sent, 3, "three rows, once each");
    let body = send(&mut s);
    let deelnemers = body["deelnemers"].as_array().unwrap();
    assert_eq!(deelnemers.len(), 3);
    assert_eq!(deelnemers[0]["persoonId"], s.anna_id.as_str());
    assert!(deelnemers[1].get("persoonId").is_none());
    assert_eq!(deelnemers[2]["achternaam"], "de Boer");
    assert_eq!(deelnemers[2]["geboorteDatum"], "1985-03-14");
}

#[test]
fn without_the_read_scope_lookups_turn_off_with_one_message() {
    let mut s = setup("zonderpersonen", None);
    to_contact_step(&mut s, Scenario::ContactEnrolsEmployees);
    type_into(&mut s, "wiz.p.voornaam", 0, "Anna");
    type_into(&mut s, "wiz.p.achternaam", 0, "Jansen");
    type_into(&mut s, "wiz.p.email", 0, ANNA);
    s.clock.advance(DEBOUNCE);
    wait_until(&mut s.h, "lookups off", |a| a.enrol.people.off.is_some());
    assert_eq!(s.h.state().enrol.people.off, Some(LookupsOff::NoScope));
    let message = text(s.lang, "people.off_scope");
    assert_eq!(s.h.query_all_by_label(message).count(), 1, "said once");
    assert!(dialog_title(&s.h).is_none(), "no dialog: typing goes on");
    next(&mut s);
    s.h.get_by_label(text(s.lang, "wiz.participant.add"))
        .click();
    settle(&mut s.h);
    type_into(&mut s, "wiz.p.voornaam", 0, "Piet");
    type_into(&mut s, "wiz.p.achternaam", 0, "Bakker");
    type_into(&mut s, "wiz.p.email", 0, "piet.bakker@voorbeeld.nl");
    s.clock.advance(DEBOUNCE);
    settle(&mut s.h);
    assert_eq!(s.h.state().enrol.people.sent, 1, "no lookup after the 403");
    assert_eq!(
        s.h.query_all_by_label(message).count(),
        1,
        "still said once"
    );
    next(&mut s);
    assert_eq!(s.h.state().enrol.current_step(), Step::Company);
    // The company comes from the companies stored on this computer (no Personen.Lezen needed).
    type_into(&mut s, "cpick.search", 0, "vries bouw");
    s.h.get_by_label(text(s.lang, "cpick.search_button"))
        .click();
    wait_until(&mut s.h, "stored companies", |a| {
        a.enrol.known_companies.search.ready().is_some()
    });
    s.h.get_by_label("Bouwbedrijf De Vries BV (Delft)").click();
    settle(&mut s.h);
    let body = send(&mut s);
    assert!(body["contactpersoon"].get("persoonId").is_none());
    assert_eq!(body["deelnemers"][0]["achternaam"], "Bakker");
    assert_eq!(body["bedrijf"]["naam"], "Bouwbedrijf De Vries BV");
    assert_eq!(body["bedrijf"]["emailadres"], "info@devries-bouw.nl");
    assert_eq!(body["bedrijf"]["adres"]["plaats"], "Delft");
}

/// Issue 18: 25 pasted rows, three of them people Coachview knows, are looked up in one
/// multi-value request (proven by hits for several addresses); each row is judged right.
#[test]
fn a_pasted_list_is_looked_up_in_one_batch() {
    let mut s = setup("demo", None);
    let people = s.sim.all(Resource::Personen);
    let mut known: Vec<String> = Vec::new();
    for p in people.iter().rev() {
        let Some(email) = p["email1"].as_str().map(str::to_lowercase) else {
            continue;
        };
        if coachdesk::enrol::people::PersonKey::email(&email).is_some() && !known.contains(&email) {
            known.push(email);
        }
        if known.len() == 3 {
            break;
        }
    }
    assert_eq!(known.len(), 3, "the simulator knows three addresses");
    let mut rows = vec!["Voornaam\tTussenvoegsel\tAchternaam\tE-mailadres".to_string()];
    for i in 1..=25 {
        let email = known
            .get(i - 1)
            .cloned()
            .unwrap_or_else(|| format!("nieuw{i}@nergens-bekend.nl"));
        rows.push(format!("Mede{i}\t\tAchternaam{i}\t{email}"));
    }
    to_contact_step(&mut s, Scenario::ContactEnrolsEmployees);
    typed_contact(&mut s);
    next(&mut s);
    s.h.get_by_label(text(s.lang, "plist.paste")).focus();
    s.h.step();
    s.h.event(egui::Event::Paste(rows.join("\r\n")));
    settle(&mut s.h);
    let add = coachdesk::i18n::format(s.lang, "plist.add", &[("n", &25)]);
    s.h.get_by_label(&add).click();
    settle(&mut s.h);
    wait_until(&mut s.h, "every row looked up", |a| {
        a.enrol.people.pending.is_empty()
            && a.enrol.people.reqs.is_empty()
            && a.enrol.people.cache.len() >= 25
    });
    let state = &s.h.state().enrol.people;
    assert_eq!(
        state.sent, 3,
        "two requests prove the list filter, one asks the 25 addresses"
    );
    for email in &known {
        assert!(
            state.found(email).is_some_and(|f| !f.is_empty()),
            "{email} is known"
        );
    }
    for i in 4..=25 {
        let email = format!("nieuw{i}@nergens-bekend.nl");
        assert_eq!(state.found(&email).map(<[_]>::len), Some(0), "{email}");
    }
}

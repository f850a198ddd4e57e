//! One profile, one world (issue 18): switching from the demo to another tenant shows and sends
//! nothing of the demo there, a profile's secret follows a corrected client id (or the planner is
//! asked for it), and the demo is one click away in the status bar and in Settings. Driven in
//! Dutch through egui_kittest, by the labels a planner (or screen reader) sees.

mod common;

use coachdesk::app::{AppEnv, CoachApp, ConnState, Screen};
use coachdesk::config::{Config, Environment, Profile};
use coachdesk::credentials::{CredentialStore, MemoryStore};
use coachdesk::enrol::{CourseChoice, Scenario};
use coachdesk::i18n::{Lang, format, text};
use coachdesk::paths::Dirs;
use coachdesk::simulator::{SimConfig, Simulator};
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;

const LANG: Lang = Lang::Nl;

fn profile(name: &str, base_url: &str, client_id: &str) -> Profile {
    Profile {
        name: name.into(),
        environment: Environment::Custom(base_url.into()),
        client_id: client_id.into(),
        scopes: String::new(),
        demo: false,
    }
}

/// The app over `home` with `profiles` saved (none chosen yet) and `keyring`.
fn start(
    home: &TempHome,
    profiles: Vec<Profile>,
    keyring: Arc<MemoryStore>,
) -> Harness<'static, CoachApp> {
    let config = Config {
        profiles,
        last_profile: None,
    };
    config
        .save(&Dirs::under(&home.0).config.join("profiles.json"))
        .unwrap();
    let env = AppEnv {
        dirs: Dirs::under(&home.0),
        credentials: keyring,
        demo: small_sim(),
        save_dialog: Arc::new(FixedPath(home.0.join("x.csv"))),
        clock: coachdesk::clock::Clock::system(),
        auto_probe: coachdesk::api::capabilities::AutoProbe::Never,
    };
    harness(env, LANG)
}

fn status_profile(name: &str) -> String {
    format(LANG, "status.profile", &[("name", &name)])
}

/// Opens the status bar's profile menu and picks `entry`.
fn pick_in_status_menu(h: &mut Harness<'_, CoachApp>, current: &str, entry: &str) {
    h.get_by_label(&status_profile(current)).click();
    h.step();
    h.step();
    h.get_by_label(entry).click();
    h.step();
}

#[test]
fn switching_from_the_demo_to_another_tenant_carries_nothing_of_the_demo() {
    let tenant = Simulator::spawn(SimConfig {
        seed: 4242,
        ..small_sim()
    })
    .unwrap();
    let home = TempHome::new();
    let b = profile("Klant B", &tenant.base_url(), "demo");
    let keyring = Arc::new(MemoryStore::default());
    keyring.set(&b.key(), "demo").unwrap();
    // The demo's own recent file: a contact person known in the demo tenant.
    let demo_dir = Dirs::under(&home.0).connection("demo", "demo");
    std::fs::create_dir_all(&demo_dir).unwrap();
    std::fs::write(
        demo_dir.join(coachdesk::enrol::recent::RECENT_FILE),
        r#"{"contacts":[{"voornaam":"Dora","achternaam":"Demo","emailadres":"dora@demo.nl","persoonId":"demo-persoon-1"}],"companies":[{"naam":"Demo BV"}]}"#,
    )
    .unwrap();
    let mut h = start(&home, vec![b.clone()], keyring);
    h.run_ok();
    // The demo is in the status bar's menu: one click (after opening it).
    pick_in_status_menu(
        &mut h,
        text(LANG, "status.profile_none"),
        text(LANG, "status.profile_demo"),
    );
    wait_until(&mut h, "demo connected", |a| {
        matches!(a.conn, ConnState::Connected { demo: true, .. })
    });
    assert!(h.query_by_label(&status_profile("Demo")).is_some());
    // Demo data everywhere: a fetch, the connection test with its probe report, the courses,
    // the recent contact person picked in the wizard.
    h.get_by_label(text(LANG, "browse.last7")).click();
    h.step();
    h.get_by_label(text(LANG, "browse.fetch")).click();
    wait_until(&mut h, "fetch done", |a| a.browse.fetch.ready().is_some());
    assert!(!h.state().browse.model.is_empty());
    let demo_rate = h.state().rate.remaining;
    assert!(demo_rate.is_some());
    h.state_mut().switch_to(Screen::Settings);
    h.step();
    h.get_by_label(text(LANG, "settings.test")).click();
    wait_until(&mut h, "connection test", |a| {
        !a.settings.test_rows().is_empty() && a.settings.tenant_report.is_some()
    });
    h.state_mut().switch_to(Screen::Enrol);
    wait_until(&mut h, "demo courses and recent", |a| {
        a.enrol.courses_loaded() && !a.enrol.recent.contacts.is_empty()
    });
    let course = h.state().enrol.opleidingen()[0].clone();
    let course_id = course["id"].as_str().unwrap().to_string();
    let soort_id = course["opleidingssoortId"]
        .as_str()
        .unwrap_or("soort")
        .to_string();
    {
        let draft = &mut h.state_mut().enrol.draft;
        draft.course = Some(CourseChoice {
            opleiding_id: Some(course_id.clone()),
            opleidingssoort_id: soort_id.clone(),
            label: "BHV".into(),
            free_seats: None,
        });
        draft.scenario = Some(Scenario::SelfEnrol);
    }
    h.step();
    h.step();
    // "Recent gebruikt" offers the demo's person; picking her links the demo's persoonId.
    h.get_by_label("Dora Demo <dora@demo.nl>").click();
    h.step();
    assert_eq!(h.state().enrol.draft.contact.persoon_id, "demo-persoon-1");
    let demo_json = coachdesk::enrol::payload(&h.state().enrol.draft).to_string();
    assert!(demo_json.contains(&course_id) && demo_json.contains("demo-persoon-1"));

    // Switch to the other tenant in the status bar, from the change browser.
    h.state_mut().switch_to(Screen::Browse);
    h.step();
    pick_in_status_menu(&mut h, "Demo", "Klant B");
    wait_until(&mut h, "tenant B connected", |a| {
        matches!(a.conn, ConnState::Connected { demo: false, .. })
    });
    assert!(
        h.query_by_label(&status_profile("Klant B")).is_some(),
        "the bar names B"
    );
    let app = h.state();
    // Nothing of the demo is shown under B.
    assert!(
        app.browse.fetch.ready().is_none(),
        "no fetch summary of the demo"
    );
    assert!(app.browse.model.is_empty(), "no demo rows");
    assert_ne!(app.rate.remaining, demo_rate, "no demo quota");
    assert!(
        app.settings.test_rows().is_empty(),
        "no demo connection test"
    );
    assert!(app.settings.tenant_report.is_none(), "no demo probe report");
    assert!(!app.enrol.courses_loaded(), "no demo courses");
    assert!(
        app.enrol.recent.contacts.is_empty(),
        "no demo recent person"
    );
    assert!(
        app.enrol.recent.companies.is_empty(),
        "no demo recent company"
    );
    // The draft keeps what was typed, without the demo's ids; nothing of the demo is sent.
    let draft = &app.enrol.draft;
    assert_eq!(draft.contact.achternaam, "Demo");
    assert_eq!(draft.contact.emailadres, "dora@demo.nl");
    assert!(draft.course.is_none());
    let json = coachdesk::enrol::payload(draft).to_string();
    assert!(!json.contains(&course_id), "{json}");
    assert!(!json.contains(&soort_id), "{json}");
    assert!(!json.contains("demo-persoon-1"), "{json}");
    assert_eq!(app.enrol.owner().map(|o| o.key.clone()), Some(b.key()));
    // Told once, in the wizard and the notices, naming the profile the ids came from.
    let told = format(LANG, "world.ids_cleared", &[("name", &"Demo")]);
    assert_eq!(
        app.notices
            .iter()
            .filter(|m| m.what_happened.to_string() == told)
            .count(),
        1
    );
    h.state_mut().switch_to(Screen::Enrol);
    h.step();
    h.step();
    assert!(h.query_by_label(&told).is_some(), "the wizard says it");
    wait_until(&mut h, "B's recent file asked", |a| {
        !a.enrol.recent_load.is_loading() && a.enrol.courses_loaded()
    });
    assert!(h.state().enrol.recent.contacts.is_empty());
    let b_courses: Vec<String> = h
        .state()
        .enrol
        .opleidingen()
        .iter()
        .filter_map(|c| c["id"].as_str().map(String::from))
        .collect();
    assert!(!b_courses.is_empty(), "B's own courses are loaded");
    // The saved draft records B and holds no demo id.
    let draft_file = Dirs::under(&home.0)
        .data
        .join(coachdesk::worker::DRAFT_FILE);
    wait_until(&mut h, "draft saved", |_| {
        std::fs::read_to_string(&draft_file).is_ok_and(|t| t.contains(&b.key()))
    });
    let saved = std::fs::read_to_string(&draft_file).unwrap();
    assert!(
        !saved.contains("demo-persoon-1") && !saved.contains(&course_id),
        "{saved}"
    );

    // An enrolment made for the demo is refused by B's connection, and B receives nothing.
    let req = h.state_mut().next_req();
    h.state().send(coachdesk::worker::Command::Enrol {
        req,
        body: serde_json::from_str(&demo_json).unwrap(),
        reference: None,
        connection: Some(coachdesk::paths::connection_key("demo", "demo")),
    });
    wait_until(&mut h, "refused", |a| a.dialog.is_some());
    assert_eq!(
        dialog_title(&h).as_deref(),
        Some(text(LANG, "werr.other_connection.title"))
    );
    assert!(tenant.webaanvragen_received().is_empty());
    h.get_by_label(text(LANG, "dialog.close")).click();
    h.step();

    // Back to the demo in Settings: one click.
    h.state_mut().switch_to(Screen::Settings);
    h.step();
    h.get_by_label(text(LANG, "world.use_demo")).click();
    wait_until(&mut h, "demo again", |a| {
        matches!(a.conn, ConnState::Connected { demo: true, .. })
    });
    assert!(h.query_by_label(&status_profile("Demo")).is_some());
    assert!(
        h.state().settings.test_rows().is_empty(),
        "no B test under the demo"
    );
    h.check_accessibility();
    tenant.shutdown();
}

/// Opens Settings on profile `name` and replaces its client id with `client_id`.
fn correct_client_id(h: &mut Harness<'_, CoachApp>, client_id: &str) {
    h.state_mut().switch_to(Screen::Settings);
    h.step();
    h.step();
    let label = text(LANG, "settings.client_id");
    h.get_by_label(label).click();
    h.step();
    h.state_mut().settings.client_id.clear();
    h.step();
    h.get_by_label(label).type_text(client_id);
    h.step();
}

#[test]
fn a_corrected_client_id_takes_its_secret_along() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let typo = profile("Klant", &sim.base_url(), "demoo");
    let keyring = Arc::new(MemoryStore::default());
    keyring.set(&typo.key(), "demo").unwrap();
    let mut h = start(&home, vec![typo.clone()], keyring.clone());
    h.run_ok();
    correct_client_id(&mut h, "demo");
    assert_eq!(h.state().settings.client_id, "demo");
    h.get_by_label(text(LANG, "settings.connect")).click();
    wait_until(&mut h, "connected with the corrected client id", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    let fixed = profile("Klant", &sim.base_url(), "demo");
    assert_eq!(keyring.get(&fixed.key()).unwrap().as_deref(), Some("demo"));
    assert_eq!(
        keyring.get(&typo.key()).unwrap(),
        None,
        "the old account is forgotten"
    );
    let said = format(
        LANG,
        "settings.secret_moved",
        &[("name", &"Klant"), ("client", &"demo")],
    );
    assert_eq!(
        h.state().settings.secret_status.as_deref(),
        Some(said.as_str())
    );
    assert!(h.query_by_label(&said).is_some());
    sim.shutdown();
}

#[test]
fn without_a_secret_under_the_old_client_id_the_planner_is_asked_for_it() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let typo = profile("Klant", &sim.base_url(), "demoo");
    let keyring = Arc::new(MemoryStore::default());
    let mut h = start(&home, vec![typo], keyring.clone());
    h.run_ok();
    // An earlier keyring write said "bijgewerkt"; this save must not repeat it.
    h.state_mut().settings.secret_status = Some(text(LANG, "settings.secret_done").into());
    correct_client_id(&mut h, "demo");
    h.get_by_label(text(LANG, "settings.save")).click();
    wait_until(&mut h, "answer about the secret", |a| {
        a.settings.secret_status.is_some()
    });
    let asked = format(
        LANG,
        "settings.secret_missing",
        &[("name", &"Klant"), ("client", &"demo")],
    );
    assert_eq!(
        h.state().settings.secret_status.as_deref(),
        Some(asked.as_str())
    );
    assert!(
        h.query_by_label(text(LANG, "settings.secret_done"))
            .is_none()
    );
    assert!(matches!(h.state().conn, ConnState::Disconnected));
    sim.shutdown();
}

#[test]
fn renaming_a_profile_keeps_its_secret_and_the_bar_names_it() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let p = profile("Klant", &sim.base_url(), "demo");
    let keyring = Arc::new(MemoryStore::default());
    keyring.set(&p.key(), "demo").unwrap();
    let mut h = start(&home, vec![p.clone()], keyring.clone());
    h.run_ok();
    pick_in_status_menu(&mut h, text(LANG, "status.profile_none"), "Klant");
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.state_mut().switch_to(Screen::Settings);
    h.step();
    h.get_by_label(&format(
        LANG,
        "settings.profile_rename",
        &[("name", &"Klant")],
    ))
    .click();
    h.step();
    h.state_mut().settings.renaming = Some(("Klant".into(), "Klant Noord".into()));
    h.step();
    h.get_by_label(text(LANG, "settings.profile_rename_ok"))
        .click();
    h.step();
    h.step();
    assert!(h.query_by_label(&status_profile("Klant Noord")).is_some());
    assert_eq!(keyring.get(&p.key()).unwrap().as_deref(), Some("demo"));
    sim.shutdown();
}

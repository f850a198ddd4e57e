//! Settings for the browser's users (issue 13): profiles as a list — add, rename, switch (two
//! clicks in the status bar), remove after asking (its secret forgotten) — and light / dark /
//! follow-the-OS appearance.

mod common;

use coachdesk::app::{CoachApp, ConnState};
use coachdesk::config::{Config, Environment, Profile};
use coachdesk::i18n::{Lang, text};
use coachdesk::paths::Dirs;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const LANG: Lang = Lang::En;

fn profile(name: &str, url: &str) -> Profile {
    Profile {
        name: name.into(),
        environment: Environment::Custom(url.into()),
        client_id: "demo".into(),
        scopes: String::new(),
        demo: false,
    }
}

fn saved_config(home: &TempHome) -> Config {
    Config::load(&Dirs::under(&home.0).config.join("profiles.json")).unwrap()
}

fn connected_to(h: &Harness<'_, CoachApp>, url: &str) -> bool {
    matches!(&h.state().conn, ConnState::Connected { base_url, .. } if base_url == url)
}

#[test]
fn profiles_add_rename_switch_and_remove() {
    let (one, two) = (
        Simulator::spawn(small_sim()).unwrap(),
        Simulator::spawn(small_sim()).unwrap(),
    );
    let home = TempHome::new();
    let (a, b) = (
        profile("Test", &one.base_url()),
        profile("Other", &two.base_url()),
    );
    Config {
        profiles: vec![a.clone(), b.clone()],
        last_profile: Some("Test".into()),
        language: None,
    }
    .save(&Dirs::under(&home.0).config.join("profiles.json"))
    .unwrap();
    let mut h = app(
        &home,
        small_sim(),
        &[(&a.key(), "demo"), (&b.key(), "demo")],
        LANG,
    );
    let url_one = one.base_url();
    wait_until(
        &mut h,
        "connected to Test",
        |app| matches!(&app.conn, ConnState::Connected { base_url, .. } if *base_url == url_one),
    );

    // The status bar names the active profile; two clicks switch.
    h.get_by_label("Profile: Test").click();
    h.run_steps(2);
    h.get_by_label("Other").click();
    h.run_steps(1);
    let url_two = two.base_url();
    wait_until(
        &mut h,
        "connected to Other",
        |app| matches!(&app.conn, ConnState::Connected { base_url, .. } if *base_url == url_two),
    );
    assert!(connected_to(&h, &two.base_url()));
    assert!(h.query_by_label("Profile: Other").is_some());

    // Settings lists both profiles; add a third one.
    h.get_by_label(text(LANG, "nav.settings")).click();
    h.run_steps(2);
    assert!(h.query_by_label("Switch to Test").is_some());
    assert!(h.query_by_label("Other (in use)").is_some());
    h.get_by_label(text(LANG, "settings.profile_add")).click();
    h.run_steps(2);
    assert_eq!(h.state().settings.name, "New profile");
    h.get_by_label(text(LANG, "settings.env_custom")).click();
    h.run_steps(2);
    for (label, typed) in [
        ("settings.custom_url", one.base_url()),
        ("settings.client_id", "third".into()),
    ] {
        h.get_by_label(text(LANG, label)).click();
        h.run_steps(1);
        h.get_by_label(text(LANG, label)).type_text(&typed);
        h.run_steps(2);
    }
    assert_eq!(h.state().settings.client_id, "third");
    h.get_by_label(text(LANG, "settings.save")).click();
    h.run_steps(2);
    assert!(h.state().config.profile("New profile").is_some());
    assert!(h.query_by_label("Rename New profile").is_some(), "listed");

    // Rename it.
    h.get_by_label("Rename New profile").click();
    h.run_steps(2);
    h.state_mut().settings.renaming.as_mut().unwrap().1 = "Third".into();
    h.run_steps(1);
    h.get_by_label(text(LANG, "settings.profile_rename_ok"))
        .click();
    h.run_steps(2);
    assert!(h.state().config.profile("Third").is_some());
    assert!(h.state().config.profile("New profile").is_none());

    // Remove "Test": it asks first; Cancel keeps it, Yes removes it and forgets its secret.
    h.get_by_label("Remove Test…").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("Remove profile Test?").is_some());
    h.get_by_label(text(LANG, "settings.profile_cancel"))
        .click();
    h.run_steps(2);
    assert!(
        h.state().config.profile("Test").is_some(),
        "cancel keeps it"
    );
    h.get_by_label("Remove Test…").click();
    h.run_steps(2);
    h.get_by_label(text(LANG, "settings.profile_remove_yes"))
        .click();
    h.run_steps(2);
    assert!(h.state().config.profile("Test").is_none());
    let key = a.key();
    wait_until(&mut h, "secret forgotten", |app| {
        app.env.credentials.get(&key).ok().flatten().is_none()
    });
    assert!(
        h.state().env.credentials.get(&b.key()).unwrap().is_some(),
        "the other profile's secret stays"
    );
    // The profiles file on disk says the same.
    let start = std::time::Instant::now();
    while saved_config(&home).profile("Third").is_none()
        || saved_config(&home).profile("Test").is_some()
    {
        assert!(start.elapsed().as_secs() < 10, "profiles.json not updated");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let names: Vec<String> = saved_config(&home)
        .profiles
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Other", "Third"]);
    one.shutdown();
    two.shutdown();
}

#[test]
fn theme_follows_the_os_or_the_choice_in_settings() {
    let home = TempHome::new();
    let mut h = app(&home, small_sim(), &[], LANG);
    h.run_steps(2);
    h.get_by_label(text(LANG, "nav.settings")).click();
    h.run_steps(2);
    h.get_by_label(text(LANG, "settings.theme_dark")).click();
    h.run_steps(2);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    assert!(h.ctx.global_style().visuals.dark_mode);
    h.get_by_label(text(LANG, "settings.theme_light")).click();
    h.run_steps(2);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert!(!h.ctx.global_style().visuals.dark_mode);
    h.get_by_label(text(LANG, "settings.theme_system")).click();
    h.run_steps(2);
    assert_eq!(
        h.ctx.options(|o| o.theme_preference),
        egui::ThemePreference::System
    );
}

//! Settings for the browser's users (issue 13): profiles as a list — add, rename, switch (two
//! clicks in the status bar), remove after asking (its secret forgotten) — and light / dark /
//! follow-the-OS appearance. One test per feature, from a shared two-profile setup.

mod common;

use coachdesk::app::{CoachApp, ConnState};
use coachdesk::config::{Config, Environment, Profile};
use coachdesk::i18n::{Lang, text};
use coachdesk::paths::Dirs;
use coachdesk::simulator::{SimHandle, Simulator};
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

/// Two simulators, a profile for each ("Test", the last used, and "Other") with their secrets,
/// and the app connected to "Test".
struct TwoProfiles {
    one: SimHandle,
    two: SimHandle,
    home: TempHome,
    a: Profile,
    b: Profile,
    h: Harness<'static, CoachApp>,
}

impl TwoProfiles {
    fn new() -> TwoProfiles {
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
        TwoProfiles {
            one,
            two,
            home,
            a,
            b,
            h,
        }
    }

    /// Opens the settings screen.
    fn open_settings(&mut self) {
        self.h.get_by_label(text(LANG, "nav.settings")).click();
        self.h.run_steps(2);
    }

    /// Steps until the profiles file on disk lists exactly `names`.
    fn wait_for_saved(&mut self, names: &[&str]) {
        let home = &self.home;
        wait_until(&mut self.h, "profiles.json updated", |_| {
            let saved: Vec<String> = saved_config(home)
                .profiles
                .into_iter()
                .map(|p| p.name)
                .collect();
            saved == names
        });
    }

    fn shutdown(self) {
        self.one.shutdown();
        self.two.shutdown();
    }
}

#[test]
fn the_status_bar_switches_profiles_in_two_clicks() {
    let mut s = TwoProfiles::new();
    let h = &mut s.h;
    // The status bar names the active profile; two clicks switch.
    h.get_by_label("Profile: Test").click();
    h.run_steps(2);
    h.get_by_label("Other").click();
    h.run_steps(1);
    let url_two = s.two.base_url();
    wait_until(
        h,
        "connected to Other",
        |app| matches!(&app.conn, ConnState::Connected { base_url, .. } if *base_url == url_two),
    );
    assert!(connected_to(h, &url_two));
    assert!(h.query_by_label("Profile: Other").is_some());
    // Settings lists both, the one in use marked.
    s.open_settings();
    assert!(s.h.query_by_label("Switch to Test").is_some());
    assert!(s.h.query_by_label("Other (in use)").is_some());
    s.shutdown();
}

#[test]
fn settings_add_a_profile_and_rename_it() {
    let mut s = TwoProfiles::new();
    s.open_settings();
    let url_one = s.one.base_url();
    let h = &mut s.h;
    assert!(h.query_by_label("Test (in use)").is_some());
    h.get_by_label(text(LANG, "settings.profile_add")).click();
    h.run_steps(2);
    assert_eq!(h.state().settings.name, "New profile");
    h.get_by_label(text(LANG, "settings.env_custom")).click();
    h.run_steps(2);
    for (label, typed) in [
        ("settings.custom_url", url_one),
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
    // The profiles file on disk says the same.
    s.wait_for_saved(&["Test", "Other", "Third"]);
    s.shutdown();
}

#[test]
fn removing_a_profile_asks_first_and_forgets_only_its_secret() {
    let mut s = TwoProfiles::new();
    s.open_settings();
    let (key_a, key_b) = (s.a.key(), s.b.key());
    let h = &mut s.h;
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
    wait_until(h, "secret forgotten", |app| {
        app.env.credentials.get(&key_a).ok().flatten().is_none()
    });
    assert!(
        h.state().env.credentials.get(&key_b).unwrap().is_some(),
        "the other profile's secret stays"
    );
    s.wait_for_saved(&["Other"]);
    s.shutdown();
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

//! Settings through egui_kittest: a profile's secret goes to the keyring only; with no keyring the
//! user is told and may use the secret for this session only; "Test connection" names missing
//! scopes; "Forget secret" removes it.

mod common;

use coachdesk::app::{AppEnv, CoachApp, ConnState};
use coachdesk::clock::Clock;
use coachdesk::credentials::{CredentialError, CredentialStore, MemoryStore};
use coachdesk::i18n::{Lang, text};
use coachdesk::paths::Dirs;
use coachdesk::simulator::{SimClient, SimConfig, Simulator};
use coachdesk::worker::Access;
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::sync::Arc;

const LANG: Lang = Lang::En;

/// A keyring that is not there (Linux without a Secret Service).
struct NoKeyring;

impl CredentialStore for NoKeyring {
    fn set(&self, _: &str, _: &str) -> Result<(), CredentialError> {
        Err(CredentialError::NoKeyring(
            "org.freedesktop.secrets was not provided".into(),
        ))
    }
    fn get(&self, _: &str) -> Result<Option<String>, CredentialError> {
        Err(CredentialError::NoKeyring(
            "org.freedesktop.secrets was not provided".into(),
        ))
    }
    fn delete(&self, _: &str) -> Result<(), CredentialError> {
        Err(CredentialError::NoKeyring(
            "org.freedesktop.secrets was not provided".into(),
        ))
    }
}

fn harness_with(
    home: &TempHome,
    credentials: Arc<dyn CredentialStore>,
) -> Harness<'static, CoachApp> {
    let env = AppEnv {
        dirs: Dirs::under(&home.0),
        credentials,
        demo: small_sim(),
        save_dialog: Arc::new(FixedPath(home.0.join("x.csv"))),
        clock: Clock::system(),
        auto_probe: coachdesk::api::capabilities::AutoProbe::Never,
    };
    harness(env, LANG)
}

fn fill(h: &mut Harness<'_, CoachApp>, url: &str, client: &str, secret: &str) {
    h.get_by_label(text(LANG, "welcome.connect")).click();
    h.step();
    h.step();
    h.get_by_label(text(LANG, "settings.env_custom")).click();
    h.step();
    h.step();
    for (key, value) in [
        ("settings.custom_url", url),
        ("settings.client_id", client),
        ("settings.secret", secret),
    ] {
        let field = h.get_by_label(text(LANG, key));
        field.click();
        h.step();
        h.get_by_label(text(LANG, key)).type_text(value);
        h.step();
    }
    h.step();
}

#[test]
fn secret_goes_to_the_keyring_and_forget_removes_it() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let keyring = Arc::new(MemoryStore::default());
    let mut h = harness_with(&home, keyring.clone());
    h.run_ok();
    fill(&mut h, &sim.base_url(), "demo", "demo");
    h.get_by_label(text(LANG, "settings.connect")).click();
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    let account = coachdesk::paths::connection_key(&sim.base_url(), "demo");
    assert_eq!(keyring.get(&account).unwrap().as_deref(), Some("demo"));
    let profiles =
        std::fs::read_to_string(Dirs::under(&home.0).config.join("profiles.json")).unwrap();
    assert!(
        profiles.contains("\"demo\"") && !profiles.contains("secret\""),
        "{profiles}"
    );
    h.check_accessibility();
    h.get_by_label(text(LANG, "settings.forget_secret")).click();
    wait_until(&mut h, "forgotten", |a| a.settings.secret_status.is_some());
    assert_eq!(keyring.get(&account).unwrap(), None);
    sim.shutdown();
}

#[test]
fn without_a_keyring_the_user_is_told_and_can_use_the_secret_for_this_session() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let mut h = harness_with(&home, Arc::new(NoKeyring));
    h.run_ok();
    fill(&mut h, &sim.base_url(), "demo", "demo");
    h.get_by_label(text(LANG, "settings.connect")).click();
    wait_until(&mut h, "keyring dialog", |a| a.dialog.is_some());
    let message = h.state().dialog.clone().unwrap();
    assert_eq!(
        message.title.to_string(),
        text(LANG, "err.keyring.none.title")
    );
    assert!(message.what_happened.to_string().contains("NOT stored"));
    assert!(message.what_to_do.to_string().contains("gnome-keyring"));
    assert!(
        matches!(h.state().conn, ConnState::Disconnected),
        "no silent fallback"
    );
    h.get_by_label(text(LANG, "dialog.close")).click();
    h.step();
    h.get_by_label(text(LANG, "settings.session_only")).click();
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    // Nothing secret was written to disk.
    let mut found = Vec::new();
    for entry in walk(&home.0) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        if text.contains("\"demo\"") && text.contains("secret") {
            found.push(entry);
        }
    }
    assert!(found.is_empty(), "{found:?}");
    sim.shutdown();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

#[test]
fn test_connection_shows_readable_and_missing_scopes() {
    let sim = Simulator::spawn(SimConfig {
        clients: vec![SimClient {
            id: "smal".into(),
            secret: "smal".into(),
            scopes: vec![
                "api".into(),
                "Aanvragen.Lezen".into(),
                "Opleidingen.Lezen".into(),
            ],
        }],
        ..small_sim()
    })
    .unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "smal");
    let mut h = app(&home, small_sim(), &[(&profile.key(), "smal")], LANG);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.get_by_label(text(LANG, "nav.settings")).click();
    h.step();
    h.step();
    h.get_by_label(text(LANG, "settings.test")).click();
    wait_until(&mut h, "test table", |a| !a.settings.test_rows().is_empty());
    let rows = h.state().settings.test_rows().to_vec();
    for (resource, access) in &rows {
        match resource.name() {
            "Aanvragen" | "Opleidingen" => assert_eq!(*access, Access::Readable, "{resource}"),
            _ => assert_eq!(
                *access,
                Access::Forbidden {
                    scope: resource.read_scope()
                },
                "{resource}"
            ),
        }
    }
    assert!(
        h.query_by_label_contains("missing scope Personen.Lezen")
            .is_some()
    );
    assert!(h.query_by_label_contains("Requests left today").is_some());
    sim.shutdown();
}

/// The warning threshold lives in the browser; Settings changes it only through the effect the
/// app applies (it no longer edits the browser's state itself).
#[test]
fn the_warn_share_slider_changes_the_browsers_threshold() {
    let home = TempHome::new();
    let mut h = harness_with(&home, Arc::new(MemoryStore::default()));
    h.get_by_label(text(LANG, "nav.settings")).click();
    h.run_steps(2);
    let before = h.state().browse.warn_share_percent;
    // The label and the slider it labels carry the same name: take the slider.
    h.get_all_by_label(text(LANG, "settings.warn_share"))
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Slider)
        .expect("the slider")
        .focus();
    h.run_steps(1);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().browse.warn_share_percent, before + 1);
    // What the browser persists is what Settings set.
    assert_eq!(
        h.state().browse.persisted().warn_share_percent,
        Some(before + 1)
    );
}

/// "Simultaneous requests" (1–3, default 3) is a labelled slider; what it sets is what the browser
/// persists and what its fetches ask.
#[test]
fn the_parallel_slider_sets_the_fetchs_simultaneous_requests() {
    let home = TempHome::new();
    let mut h = harness_with(&home, Arc::new(MemoryStore::default()));
    h.get_by_label(text(LANG, "nav.settings")).click();
    h.run_steps(2);
    assert_eq!(h.state().browse.parallel, 3);
    h.get_all_by_label(text(LANG, "settings.parallel"))
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Slider)
        .expect("the slider")
        .focus();
    h.run_steps(1);
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().browse.parallel, 2);
    assert_eq!(h.state().browse.persisted().parallel, Some(2));
}

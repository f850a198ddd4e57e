//! The app shell driven through egui_kittest against the in-process simulator: first run → demo,
//! and the readable 401 / 403 / 429 / 500 dialogs, in Dutch and in English.

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use coachdesk::simulator::{SimClient, SimConfig, Simulator};
use common::*;
use egui_kittest::kittest::Queryable;

#[test]
fn first_run_demo_connects_in_two_clicks_and_shows_data() {
    for lang in [Lang::Nl, Lang::En] {
        let home = TempHome::new();
        // The demo's data and the app's "last 7 days" agree on the calendar.
        let mut h = app_with_clock(&home, at_fixed_now(small_sim()), &[], lang, fixed_clock());
        h.run_ok();
        // Click 1: try the demo.
        h.get_by_label(text(lang, "welcome.demo")).click();
        wait_until(&mut h, "demo connected", |a| {
            matches!(a.conn, ConnState::Connected { demo: true, .. })
        });
        h.check_accessibility();
        assert!(
            h.query_by_label_contains(text(lang, "browse.fetch"))
                .is_some()
        );
        // Click 2: fetch the last 7 days; rows arrive from the simulator.
        h.get_by_label(text(lang, "browse.last7")).click();
        h.step();
        h.get_by_label(text(lang, "browse.fetch")).click();
        wait_until(&mut h, "fetch done", |a| a.browse.fetch.ready().is_some());
        let summary = h.state().browse.fetch.ready().cloned().unwrap();
        assert!(summary.complete, "{summary:?}");
        assert!(!h.state().browse.model.is_empty());
        assert_eq!(h.state().browse.model.len() as u64, summary.records);
        assert!(
            h.state().rate.remaining.is_some(),
            "status bar knows the requests left"
        );
    }
}

fn dialog_for(lang: Lang, sim_cfg: SimConfig, client: &str, secret: &str) -> (String, String) {
    let sim = Simulator::spawn(sim_cfg).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), client);
    let mut h = app(&home, small_sim(), &[(&profile.key(), secret)], lang);
    wait_until(&mut h, "a dialog", |a| {
        a.dialog.is_some() || matches!(a.conn, ConnState::Connected { .. })
    });
    if h.state().dialog.is_none() {
        // Connected: trigger a read of the current resource range.
        h.get_by_label(text(lang, "browse.fetch")).click();
        wait_until(&mut h, "a dialog", |a| a.dialog.is_some());
    }
    let message = h.state().dialog.clone().unwrap();
    h.check_accessibility();
    assert!(
        h.query_by_label(text(lang, "dialog.copy_details"))
            .is_some()
    );
    sim.shutdown();
    (
        message.title.to_string(),
        format!("{} {}", message.what_happened, message.what_to_do),
    )
}

#[test]
fn wrong_secret_shows_the_401_dialog() {
    for lang in [Lang::Nl, Lang::En] {
        let (title, body) = dialog_for(lang, small_sim(), "demo", "wrong-secret");
        assert_eq!(title, text(lang, "err.401.title"));
        assert!(body.contains(text(lang, "err.401.todo")));
        assert!(
            !body.contains("wrong-secret"),
            "the secret never appears in a message"
        );
    }
}

#[test]
fn fault_rate_one_shows_the_500_dialog() {
    for lang in [Lang::Nl, Lang::En] {
        let sim = SimConfig {
            fault_rate: 1.0,
            ..small_sim()
        };
        let (title, body) = dialog_for(lang, sim, "demo", "demo");
        assert!(
            title.starts_with(&text(lang, "err.500.title")[..10]),
            "{title}"
        );
        assert!(body.contains("support@coachview.net"));
    }
}

#[test]
fn daily_limit_shows_the_429_dialog_with_countdown_and_sends_nothing_more() {
    for lang in [Lang::Nl, Lang::En] {
        let sim_cfg = SimConfig {
            daily_limit: 3,
            clients: vec![SimClient {
                id: "tiny".into(),
                secret: "tiny".into(),
                scopes: coachdesk::simulator::config::all_scopes(),
            }],
            ..small_sim()
        };
        let sim = Simulator::spawn(sim_cfg).unwrap();
        let home = TempHome::new();
        let profile = write_profile(&home, &sim.base_url(), "tiny");
        let mut h = app(&home, small_sim(), &[(&profile.key(), "tiny")], lang);
        wait_until(&mut h, "connected", |a| {
            matches!(a.conn, ConnState::Connected { .. })
        });
        // Fetch (confirming the cost warning) until the limit of 3 requests is used up.
        for _ in 0..6 {
            if h.state().dialog.is_some() {
                break;
            }
            if let Some(button) = h.query_by_label(text(lang, "browse.fetch")) {
                button.click();
            }
            wait_until(&mut h, "fetch settled", |a| {
                a.dialog.is_some()
                    || a.browse.fetch.ready().is_some()
                    || a.browse
                        .estimate
                        .as_ref()
                        .is_some_and(|e| e.requests.is_some())
            });
            if let Some(button) = h.query_by_label(text(lang, "browse.fetch_anyway")) {
                button.click();
                wait_until(&mut h, "fetch done", |a| {
                    a.dialog.is_some() || a.browse.fetch.ready().is_some()
                });
            }
            h.state_mut().browse.fetch.drop_value();
        }
        wait_until(&mut h, "429 dialog", |a| {
            a.dialog.as_ref().is_some_and(|m| m.reset_at.is_some())
        });
        let message = h.state().dialog.clone().unwrap();
        assert_eq!(message.title.to_string(), text(lang, "err.429.title"));
        assert!(
            message.what_happened.to_string().contains('3'),
            "names the limit: {}",
            message.what_happened
        );
        assert!(
            h.query_by_label_contains(text(lang, "dialog.countdown"))
                .is_some()
        );
        // Nothing more reaches the simulator, whatever the user clicks.
        let seen = sim.requests_received();
        h.get_by_label(text(lang, "dialog.close")).click();
        h.step();
        for _ in 0..3 {
            if let Some(button) = h.query_by_label(text(lang, "browse.fetch")) {
                button.click();
            }
            // Nothing must happen, so there is no answer to wait for: ten frames, each woken at
            // once by any worker event (or after 20 ms), as the window in which a request
            // would show.
            for _ in 0..10 {
                h.step();
                h.state_mut()
                    .wait_for_event(std::time::Duration::from_millis(20));
            }
        }
        assert_eq!(sim.requests_received(), seen, "no request after the 429");
        sim.shutdown();
    }
}

#[test]
fn every_screen_has_labelled_widgets() {
    let home = TempHome::new();
    let mut h = app(&home, small_sim(), &[], Lang::Nl);
    h.run_ok();
    h.check_accessibility();
    h.get_by_label(text(Lang::Nl, "welcome.demo")).click();
    wait_until(&mut h, "demo connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    // Ctrl + scales the whole UI (egui stores the factor with the window state).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.step();
    assert!(h.ctx.zoom_factor() > 1.0, "Ctrl + zooms in");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    h.step();
    assert_eq!(h.ctx.zoom_factor(), 1.0, "Ctrl 0 resets");
    for key in ["nav.browse", "nav.enrol", "nav.outbox", "nav.settings"] {
        h.get_by_label(text(Lang::Nl, key)).click();
        h.step();
        h.step();
        h.check_accessibility();
    }
}

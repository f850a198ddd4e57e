//! The connection part of Settings: the profile form, saving it, and the connection test with its cost.

use super::EnvChoice;
use super::frame::SettingsFrame;
use crate::config::Profile;
use crate::i18n::{t, tf};
use crate::worker::{Access, Command};
use egui::Ui;

pub(super) fn form_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    let s = &mut *sf.state;
    crate::ui::widgets::labelled_text(ui, t("settings.name"), &mut s.name);
    ui.horizontal(|ui| {
        ui.label(t("settings.environment"));
        for (choice, key) in [
            (EnvChoice::Live, "settings.env_live"),
            (EnvChoice::Training, "settings.env_training"),
            (EnvChoice::Custom, "settings.env_custom"),
        ] {
            if ui.radio(s.env == Some(choice), t(key)).clicked() {
                s.env = Some(choice);
            }
        }
    });
    if s.env == Some(EnvChoice::Custom) {
        crate::ui::widgets::labelled_text(ui, t("settings.custom_url"), &mut s.custom_url);
    }
    crate::ui::widgets::labelled_text(ui, t("settings.client_id"), &mut s.client_id);
    crate::ui::widgets::labelled_text(ui, t("settings.scopes"), &mut s.scopes);
    crate::ui::widgets::labelled_password(ui, t("settings.secret"), &mut s.secret);
    ui.label(t("settings.secret_hint"));
    let profile = s.profile();
    // A password typed into the address is refused: it would land in profiles.json.
    let url_credentials = s.env == Some(EnvChoice::Custom)
        && url::Url::parse(s.custom_url.trim())
            .is_ok_and(|u| crate::paths::check_no_credentials(&u).is_err());
    if url_credentials {
        ui.colored_label(ui.visuals().warn_fg_color, t("err.url_credentials.what"));
    }
    let valid = !profile.name.is_empty()
        && !profile.client_id.is_empty()
        && !url_credentials
        && (s.env != Some(EnvChoice::Custom) || !s.custom_url.trim().is_empty());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(valid, egui::Button::new(t("settings.save")))
            .clicked()
        {
            save_profile(sf, profile.clone());
        }
        if ui
            .add_enabled(valid, egui::Button::new(t("settings.connect")))
            .clicked()
        {
            if save_profile(sf, profile.clone()) {
                sf.state.connect_after_save = Some(profile.clone());
            } else {
                let session = sf.state.session_secret.clone();
                sf.connect(profile.clone(), session);
            }
        }
        if ui
            .add_enabled(valid, egui::Button::new(t("settings.forget_secret")))
            .clicked()
        {
            let req = sf.cx.next_req();
            sf.state.secret_req.start(req);
            sf.state.session_secret = None;
            sf.state.secret_status = None;
            sf.cx.send(Command::ForgetSecret {
                req,
                account: profile.key(),
            });
        }
    });
    if sf.state.keyring_failed {
        ui.colored_label(ui.visuals().warn_fg_color, t("settings.keyring_failed"));
        if ui.button(t("settings.session_only")).clicked() {
            let typed = std::mem::take(&mut sf.state.secret);
            sf.state.session_secret = sf
                .state
                .held_secret
                .take()
                .or((!typed.is_empty()).then_some(typed));
            sf.state.keyring_failed = false;
            sf.state.secret_status = Some(t("settings.session_only_done").to_string());
            let profile = sf.state.connect_after_save.take().unwrap_or(profile);
            let session = sf.state.session_secret.clone();
            sf.connect(profile, session);
        }
    }
    if let Some(status) = &sf.state.secret_status {
        ui.label(status);
    }
}

/// Saves the profile (and the typed secret in the keyring); true when a secret was sent to the
/// keyring, so connecting must wait for its answer.
fn save_profile(sf: &mut SettingsFrame, profile: Profile) -> bool {
    let secret = std::mem::take(&mut sf.state.secret);
    let saving_secret = !secret.is_empty();
    // What the screen says about the keyring is about this save only: never an earlier result.
    sf.state.secret_status = None;
    // The secret is kept under host + client id: a saved profile whose host or client id
    // changed keeps its secret only if it follows.
    let moved_from = sf
        .shared
        .config
        .profile(&profile.name)
        .map(Profile::key)
        .filter(|old| *old != profile.key());
    if saving_secret {
        let req = sf.cx.next_req();
        sf.state.secret_req.start(req);
        sf.state.keyring_failed = false;
        sf.state.secret_status = None;
        // Held in memory only until the keyring answers, for "use for this session only".
        sf.state.held_secret = Some(secret.clone());
        sf.cx.send(Command::SaveSecret {
            req,
            account: profile.key(),
            secret,
        });
    }
    sf.shared.config.last_profile = Some(profile.name.clone());
    sf.shared.config.upsert(profile.clone());
    let mut waiting = saving_secret;
    if let Some(from) = moved_from {
        let still_used = sf.shared.config.profiles.iter().any(|p| p.key() == from);
        let req = sf.cx.next_req();
        if saving_secret {
            // A new secret was typed for the new client id: the old one goes unless still used.
            if !still_used {
                sf.cx.send(Command::ForgetSecret { req, account: from });
            }
        } else {
            sf.state.secret_req.start(req);
            sf.state.moving = Some(profile.clone());
            sf.cx.send(Command::MoveSecret {
                req,
                from,
                to: profile.key(),
                forget_from: !still_used,
            });
            waiting = true;
        }
    }
    let req = sf.cx.next_req();
    sf.cx.send(Command::SaveConfig {
        req,
        config: sf.shared.config.clone(),
    });
    waiting
}

/// "Costs about 13 requests (at most 16) of the 4938 left today.", said before the test runs.
pub fn test_cost(left: Option<u64>) -> String {
    use crate::api::probe::{MAX_REQUESTS, USUAL_REQUESTS};
    match left {
        Some(left) => tf(
            "settings.test_cost",
            &[
                ("n", &USUAL_REQUESTS),
                ("max", &MAX_REQUESTS),
                ("left", &left),
            ],
        ),
        None => tf(
            "settings.test_cost_unknown",
            &[("n", &USUAL_REQUESTS), ("max", &MAX_REQUESTS)],
        ),
    }
}

pub(super) fn test_ui(sf: &mut SettingsFrame, ui: &mut Ui) {
    let connected = sf.cx.connected();
    let cost = test_cost(sf.cx.rate.remaining.map(u64::from));
    let clicked = ui
        .horizontal_wrapped(|ui| {
            let button = ui
                .add_enabled(connected, egui::Button::new(t("settings.test")))
                .on_hover_text(&cost);
            ui.weak(&cost);
            button.clicked()
        })
        .inner;
    if clicked {
        let req = sf.cx.next_req();
        sf.state.start_test(req);
        sf.cx.send(Command::TestConnection { req });
    }
    if sf.state.test.is_loading() {
        ui.spinner();
    }
    if !sf.state.test_rows().is_empty() {
        egui::Grid::new("test-table").striped(true).show(ui, |ui| {
            for (resource, access) in sf.state.test_rows() {
                ui.label(resource.name());
                match access {
                    Access::Readable => ui.label(t("settings.readable")),
                    Access::Forbidden { scope } => {
                        ui.label(tf("settings.forbidden", &[("scope", scope)]))
                    }
                    Access::Failed { message } => ui.label(message.to_string()),
                };
                ui.end_row();
            }
        });
        if let Some(left) = sf.cx.rate.remaining {
            ui.label(tf("settings.requests_left", &[("left", &left)]));
        }
    }
    if let Some(report) = &mut sf.state.tenant_report {
        crate::ui::tenant_report::report_ui(ui, report);
    }
}

//! The frame around every screen: navigation, status bar, dialogs, and keyboard zoom.

use super::{CoachApp, ConnState, Screen};
use crate::i18n::{self, Lang, t};
use crate::ui;
use egui::Ui;

/// Draws the whole window.
pub(super) fn show(app: &mut CoachApp, ui: &mut Ui) {
    // Ctrl + / Ctrl - / Ctrl 0 scale the UI: egui handles them, and eframe's storage keeps the
    // zoom factor across restarts.
    egui::Panel::top("nav").show(ui, |ui| nav_ui(app, ui));
    egui::Panel::bottom("status").show(ui, |ui| super::status::status_ui(app, ui));
    if app.show_notices {
        egui::Panel::right("notices")
            .default_size(320.0)
            .show(ui, |ui| super::notices::notices_ui(app, ui));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        let first_run =
            app.config.profiles.is_empty() && !matches!(app.conn, ConnState::Connected { .. });
        if first_run && app.persisted.screen != Screen::Settings {
            super::welcome::welcome_ui(app, ui);
            return;
        }
        screen_ui(app, ui);
    });
    super::notices::dialog_ui(app, ui);
}

/// Draws the current screen with its own state and a [`crate::ui::Ctx`]; applies what it asks.
fn screen_ui(app: &mut CoachApp, ui: &mut Ui) {
    let mut effects = Vec::new();
    let goto = {
        screen_ctx!(app, sink, cx);
        match app.persisted.screen {
            Screen::Browse => ui::browse::browse_ui(&mut app.browse, &mut cx, ui),
            Screen::Enrol => ui::enrol::enrol_ui(&mut app.enrol, &mut cx, ui),
            Screen::Outbox => ui::outbox::outbox_ui(&mut app.outbox, &mut cx, ui),
            Screen::Settings => {
                let shared = ui::settings::SettingsShared {
                    config: &mut app.config,
                    last_profile: &mut app.persisted.last_profile,
                    notices: &app.notices,
                    dirs: &app.env.dirs,
                    warn_share_percent: app.browse.warn_share_percent,
                    parallel: app.browse.parallel,
                    demo_active: app.world.as_ref().is_some_and(|w| w.demo),
                    worker: &app.worker,
                };
                effects = ui::settings::settings_ui(&mut app.settings, shared, &mut cx, ui);
            }
        }
        cx.take_goto()
    };
    for effect in effects {
        app.apply_settings(effect);
    }
    if let Some(screen) = goto {
        app.switch_to(screen);
    }
}

fn nav_ui(app: &mut CoachApp, ui: &mut Ui) {
    ui.horizontal(|ui| {
        ui.strong("coachdesk");
        ui.separator();
        for (screen, key) in [
            (Screen::Browse, "nav.browse"),
            (Screen::Enrol, "nav.enrol"),
            (Screen::Outbox, "nav.outbox"),
            (Screen::Settings, "nav.settings"),
        ] {
            if ui
                .selectable_label(app.persisted.screen == screen, t(key))
                .clicked()
            {
                app.switch_to(screen);
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let label = format!("{} ({})", t("nav.notices"), app.notices.len());
            if ui.selectable_label(app.show_notices, label).clicked() {
                app.show_notices = !app.show_notices;
            }
            let other = match i18n::current() {
                Lang::Nl => Lang::En,
                Lang::En => Lang::Nl,
            };
            if ui.button(t("nav.language")).clicked() {
                i18n::set_current(other);
                app.persisted.lang = other;
            }
        });
    });
}

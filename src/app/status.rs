//! The status bar: connection, requests left of the daily limit with reset time, running jobs.

use super::{CoachApp, ConnState};
use crate::i18n::{t, tf};
use crate::worker::Command;
use chrono::Local;
use egui::Ui;

/// Draws the status bar.
pub(super) fn status_ui(app: &mut CoachApp, ui: &mut Ui) {
    ui.horizontal(|ui| {
        profile_menu(app, ui);
        ui.separator();
        match &app.conn {
            ConnState::Disconnected => {
                ui.label(t("status.disconnected"));
            }
            ConnState::Connecting { .. } => {
                ui.spinner();
                ui.label(t("status.connecting"));
            }
            ConnState::Connected {
                label,
                base_url,
                demo,
            } => {
                let text = if *demo {
                    tf("status.connected_demo", &[("label", label)])
                } else {
                    tf("status.connected", &[("label", label), ("url", base_url)])
                };
                ui.label(text);
            }
        }
        ui.separator();
        if let (Some(left), Some(limit)) = (app.rate.remaining, app.rate.limit) {
            let reset = app
                .rate
                .reset_at
                .map(|r| r.with_timezone(&Local).format("%d-%m-%Y %H:%M").to_string())
                .unwrap_or_else(|| "-".into());
            ui.label(tf(
                "status.requests_left",
                &[("left", &left), ("limit", &limit), ("reset", &reset)],
            ));
            ui.separator();
        }
        let mut cancel = None;
        for job in &app.jobs {
            ui.label(job.progress.label.to_string());
            let fraction = match job.progress.total {
                Some(total) if total > 0 => job.progress.done as f32 / total as f32,
                _ => 0.0,
            };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(140.0)
                    .show_percentage(),
            );
            if ui.button(t("job.cancel")).clicked() {
                cancel = Some(job.req);
            }
        }
        if let Some(req) = cancel {
            app.send(Command::Cancel { req });
        }
    });
}

/// The active profile; a click opens the list, a second click switches (two clicks).
fn profile_menu(app: &mut CoachApp, ui: &mut Ui) {
    let name = match app.persisted.last_profile.as_deref() {
        Some(super::DEMO_PROFILE) => t("status.profile_demo").to_string(),
        Some(n) if app.config.profile(n).is_some() => n.to_string(),
        _ => t("status.profile_none").to_string(),
    };
    let mut switch = None;
    let mut manage = false;
    ui.menu_button(tf("status.profile", &[("name", &name)]), |ui| {
        for profile in &app.config.profiles {
            let current = profile.name == name;
            if ui.selectable_label(current, &profile.name).clicked() {
                if !current {
                    switch = Some(profile.clone());
                }
                ui.close();
            }
        }
        ui.separator();
        if ui.button(t("status.profile_manage")).clicked() {
            manage = true;
            ui.close();
        }
    });
    if let Some(profile) = switch {
        app.settings.load(&profile);
        app.connect(profile, None);
    }
    if manage {
        app.switch_to(super::Screen::Settings);
    }
}

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

/// The profile whose connection the screens show (the one connected, or being connected); a
/// click opens the list (the demo first), a second click switches (two clicks).
fn profile_menu(app: &mut CoachApp, ui: &mut Ui) {
    // A profile renamed in Settings keeps its connection: name it as it is called now.
    let renamed = app
        .persisted
        .last_profile
        .as_deref()
        .and_then(|n| app.config.profile(n))
        .filter(|p| {
            app.world
                .as_ref()
                .is_some_and(|w| !w.demo && w.key == p.key())
        })
        .map(|p| p.name.clone());
    if let (Some(world), Some(name)) = (app.world.as_mut(), renamed) {
        world.name = name;
    }
    let name = match &app.world {
        Some(world) => world.name.clone(),
        None => t("status.profile_none").to_string(),
    };
    let demo_active = app.world.as_ref().is_some_and(|w| w.demo);
    let active_key = app.world.as_ref().map(|w| w.key.clone());
    let mut switch = None;
    let mut demo = false;
    let mut manage = false;
    ui.menu_button(tf("status.profile", &[("name", &name)]), |ui| {
        if ui
            .selectable_label(demo_active, t("status.profile_demo"))
            .clicked()
        {
            demo = !demo_active;
            ui.close();
        }
        for profile in &app.config.profiles {
            let current = !demo_active
                && active_key.as_deref() == Some(profile.key().as_str())
                && app.persisted.last_profile.as_deref() == Some(profile.name.as_str());
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
    if demo {
        app.start_demo();
    }
    if manage {
        app.switch_to(super::Screen::Settings);
    }
}

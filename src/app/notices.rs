//! Messages: a dialog for what blocks the user (with a live 429 countdown) and a notices history.

use super::CoachApp;
use crate::i18n::t;
use crate::message::{UserMessage, countdown};
use egui::Ui;

fn body_ui(ui: &mut Ui, message: &UserMessage, now: chrono::DateTime<chrono::Utc>) {
    ui.label(message.what_happened.to_string());
    ui.add_space(4.0);
    ui.label(message.what_to_do.to_string());
    if let Some(reset_at) = message.reset_at {
        ui.add_space(4.0);
        ui.strong(format!(
            "{} {}",
            t("dialog.countdown"),
            countdown(reset_at, now)
        ));
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(500));
    }
}

/// The blocking dialog, if one is open.
pub(super) fn dialog_ui(app: &mut CoachApp, ui: &mut Ui) {
    let Some(message) = app.dialog.clone() else {
        return;
    };
    let now = app.env.clock.now_utc();
    let mut close = false;
    egui::Modal::new(egui::Id::unique("dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading(message.title.to_string());
        ui.add_space(6.0);
        body_ui(ui, &message, now);
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button(t("dialog.copy_details")).clicked() {
                ui.ctx().copy_text(message.details.clone());
            }
            if ui.button(t("dialog.close")).clicked() {
                close = true;
            }
        });
    });
    if close || ui.ctx().input(|i| i.key_pressed(egui::Key::Escape)) {
        app.dialog = None;
    }
}

/// The notices history panel, newest first.
pub(super) fn notices_ui(app: &mut CoachApp, ui: &mut Ui) {
    ui.heading(t("nav.notices"));
    if app.notices.is_empty() {
        ui.label(t("notices.empty"));
    }
    let now = app.env.clock.now_utc();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (i, message) in app.notices.iter().enumerate().rev() {
            egui::CollapsingHeader::new(message.title.to_string())
                .id_salt(("notice", i))
                .show(ui, |ui| {
                    body_ui(ui, message, now);
                    if ui.button(t("dialog.copy_details")).clicked() {
                        ui.ctx().copy_text(message.details.clone());
                    }
                });
        }
    });
    if ui.button(t("notices.clear")).clicked() {
        app.notices.clear();
    }
}

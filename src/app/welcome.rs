//! First run: try the demo (the built-in simulator) or connect to Coachview.

use super::{CoachApp, ConnState, Screen};
use crate::i18n::t;
use egui::Ui;

/// The welcome screen shown while no profile exists and nothing is connected.
pub(super) fn welcome_ui(app: &mut CoachApp, ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading(t("welcome.title"));
        ui.add_space(8.0);
        ui.label(t("welcome.intro"));
        ui.add_space(24.0);
        let connecting = matches!(app.conn, ConnState::Connecting { .. });
        if ui
            .add_enabled(
                !connecting,
                egui::Button::new(t("welcome.demo")).min_size(egui::vec2(260.0, 36.0)),
            )
            .clicked()
        {
            app.start_demo();
            app.switch_to(Screen::Browse);
        }
        ui.label(t("welcome.demo_hint"));
        ui.add_space(16.0);
        if ui
            .add(egui::Button::new(t("welcome.connect")).min_size(egui::vec2(260.0, 36.0)))
            .clicked()
        {
            app.switch_to(Screen::Settings);
        }
        if connecting {
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t("status.connecting"));
            });
        }
    });
}

//! The probe's table under "Verbinding testen": what this tenant does with each unconfirmed
//! fact, and "copy report" for support. Draws only; the worker ran the probe.

use crate::i18n::t;
use egui::Ui;

/// What the connection test's probe found, ready to show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenantReport {
    /// (what was checked, what this tenant does), translated.
    pub rows: Vec<(String, String)>,
    /// The technical term of each row (its hover text), same order as `rows`.
    pub hovers: Vec<String>,
    /// The plain-text report "copy report" puts on the clipboard.
    pub text: String,
    /// "Copy report" was used (a confirmation is shown).
    pub copied: bool,
}

/// Draws the table and the copy button.
pub fn report_ui(ui: &mut Ui, report: &mut TenantReport) {
    ui.add_space(6.0);
    ui.strong(t("tenant.probe.title"));
    egui::Grid::new("tenant-table")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(t("tenant.probe.fact"));
            ui.strong(t("tenant.probe.result"));
            ui.end_row();
            for (i, (fact, result)) in report.rows.iter().enumerate() {
                let label = ui.label(fact);
                if let Some(hover) = report.hovers.get(i) {
                    label.on_hover_text(hover);
                }
                ui.label(result);
                ui.end_row();
            }
        });
    if ui.button(t("tenant.probe.copy")).clicked() {
        ui.ctx().copy_text(report.text.clone());
        report.copied = true;
    }
    if report.copied {
        ui.label(t("tenant.probe.copied"));
    }
}

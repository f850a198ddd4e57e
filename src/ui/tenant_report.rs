//! The probe's table under "Verbinding testen": what this tenant does with each unconfirmed
//! fact, and "copy report" for support. Draws only; the worker ran the probe.

use crate::api::probe::ProbeReport;
use crate::i18n::{Lang, t};
use egui::Ui;

/// What the connection test's probe found, worded in `lang` (worded again when the planner
/// switches language).
#[derive(Debug, Clone, PartialEq)]
pub struct TenantReport {
    /// What the probe found.
    pub source: Box<ProbeReport>,
    /// The language `rows`, `hovers` and `text` are worded in.
    pub lang: Lang,
    /// (what was checked, what this tenant does), translated.
    pub rows: Vec<(String, String)>,
    /// The technical term of each row (its hover text), same order as `rows`.
    pub hovers: Vec<String>,
    /// The plain-text report "copy report" puts on the clipboard.
    pub text: String,
    /// "Copy report" was used (a confirmation is shown).
    pub copied: bool,
}

impl TenantReport {
    /// `source` worded in `lang`.
    pub(crate) fn new(source: Box<ProbeReport>, lang: Lang) -> TenantReport {
        TenantReport {
            rows: source.rows(lang),
            hovers: source.hovers(lang),
            text: source.to_text(lang),
            copied: false,
            source,
            lang,
        }
    }
}

/// Draws the table and the copy button, in the language of this frame.
pub fn report_ui(ui: &mut Ui, report: &mut TenantReport) {
    let lang = crate::i18n::current();
    if report.lang != lang {
        let copied = report.copied;
        *report = TenantReport::new(report.source.clone(), lang);
        report.copied = copied;
    }
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

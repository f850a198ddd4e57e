//! The enrolment wizard: course, who enrols, contact person, participants, company and invoice,
//! review, send. The wizard's step is derived from the draft, which is saved as the user types.

use crate::app::CoachApp;
use crate::enrol::Draft;
use crate::worker::Event;
use egui::Ui;

/// The wizard's state.
#[derive(Debug, Default)]
pub struct EnrolState {
    pub draft: Draft,
}

impl EnrolState {
    /// Restores a saved draft (JSON from the data folder), or starts empty.
    pub fn new(saved: Option<&str>) -> EnrolState {
        let draft = saved
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default();
        EnrolState { draft }
    }

    /// Applies a worker event meant for the wizard.
    pub fn apply(&mut self, _event: Event) {}
}

/// Draws the wizard.
pub fn enrol_ui(_app: &mut CoachApp, ui: &mut Ui) {
    ui.heading(crate::i18n::t("nav.enrol"));
}

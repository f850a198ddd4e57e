//! Small widgets that keep every input labelled for screen readers and tests.

use egui::{Response, Ui};

/// A label followed by a single-line text field labelled by it.
pub(crate) fn labelled_text(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.text_edit_singleline(value).labelled_by(label.id)
    })
    .inner
}

/// As [`labelled_text`], but the characters are hidden (secrets).
pub(crate) fn labelled_password(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        ui.add(egui::TextEdit::singleline(value).password(true))
            .labelled_by(label.id)
    })
    .inner
}

//! The detail pane's "what changed": the last change of the focused record as before → after per
//! field, stepping back through its earlier versions; a record seen for the first time says so.

use super::BrowseState;
use crate::i18n::{t, tf};
use crate::record::changes::{field_changes, is_new};
use crate::ui::Ctx;
use crate::worker::Command;
use egui::Ui;
use serde_json::Value;

/// Asks the worker for the record's versions when the detail pane shows another record.
fn request_versions(b: &mut BrowseState, cx: &mut Ctx, id: &str) {
    let known = b.versions_of.as_deref() == Some(id);
    if known || !b.connection_shown {
        return;
    }
    let req = cx.next_req();
    b.versions.restart(req);
    b.versions_of = Some(id.to_string());
    cx.send(Command::Versions {
        req,
        resource: b.resource,
        id: id.to_string(),
    });
}

fn when_and_who(record: &Value) -> String {
    let when = crate::record::cell(record, "auditTrail.gewijzigdDatumTijd").display(false);
    let who = crate::record::cell(record, "auditTrail.gewijzigdDoor").display(false);
    tf("browse.change_when", &[("when", &when), ("who", &who)])
}

/// Draws what changed in `record` (the focused row).
pub(super) fn changes_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui, record: &Value) {
    let Some(id) = record.get("id").and_then(Value::as_str) else {
        return;
    };
    request_versions(b, cx, id);
    let versions = match b.versions.value() {
        Some((v, versions)) if v.as_str() == id => versions.clone(),
        _ => {
            if is_new(record) {
                ui.label(t("browse.first_seen"));
            }
            return;
        }
    };
    if versions.is_empty() {
        ui.label(t("browse.first_seen"));
        return;
    }
    let step = b.version_step.min(versions.len() - 1);
    let newer = if step == 0 {
        record
    } else {
        &versions[step - 1].record
    };
    let older = &versions[step].record;
    ui.strong(tf(
        "browse.change_heading",
        &[("n", &(step + 1)), ("total", &versions.len())],
    ));
    ui.label(when_and_who(newer));
    let changes = field_changes(older, newer);
    if changes.is_empty() {
        ui.label(t("browse.change_none"));
    }
    egui::Grid::new(("changes", id, step))
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for change in &changes {
                ui.label(crate::record::label(&change.path))
                    .on_hover_text(change.path.as_str());
                ui.label(tf(
                    "browse.before_after",
                    &[("before", &change.before), ("after", &change.after)],
                ));
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                step + 1 < versions.len(),
                egui::Button::new(t("browse.older_change")),
            )
            .clicked()
        {
            b.version_step = step + 1;
        }
        if ui
            .add_enabled(step > 0, egui::Button::new(t("browse.newer_change")))
            .clicked()
        {
            b.version_step = step - 1;
        }
    });
    ui.separator();
}

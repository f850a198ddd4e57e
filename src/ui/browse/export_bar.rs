//! The export bar: format, selection or all shown rows, decimal comma, field paths or labels,
//! and the Export button.

use super::BrowseState;
use crate::export::{ExportFormat, ExportOptions};
use crate::i18n::{t, tf};
use crate::ui::Ctx;
use crate::ui::path_prompt::PathAnswer;
use crate::worker::Command;
use egui::Ui;
use std::path::PathBuf;

pub(super) fn export_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    let label = ui.label(t("browse.export_format"));
    egui::ComboBox::from_id_salt("export-format")
        .selected_text(format!("{:?}", b.export_format).to_uppercase())
        .show_ui(ui, |ui| {
            for f in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
                ui.selectable_value(&mut b.export_format, f, format!("{f:?}").to_uppercase());
            }
        })
        .response
        .labelled_by(label.id);
    ui.checkbox(&mut b.export_only_selection, t("browse.export_selection"));
    ui.checkbox(&mut b.decimal_comma, t("browse.decimal_comma"));
    ui.checkbox(&mut b.export_field_paths, t("browse.export_field_paths"))
        .on_hover_text(t("browse.export_field_paths_hint"));
    let rows = export_rows(b);
    let enabled = !rows.is_empty() && !b.exported.is_loading();
    if ui
        .add_enabled(
            enabled,
            egui::Button::new(tf("browse.export", &[("n", &rows.len())])),
        )
        .clicked()
    {
        b.export_name = format!(
            "{}-{}.{}",
            b.resource.name().to_lowercase(),
            b.clock.now().format("%Y%m%d-%H%M"),
            b.export_format.extension()
        );
        start_export(b, cx, &rows, None);
    }
    match b
        .export_path
        .ui(ui, "browse.export_path", "browse.export_path_save")
    {
        PathAnswer::Confirmed(path) if enabled => start_export(b, cx, &rows, Some(path)),
        PathAnswer::Confirmed(_) | PathAnswer::Waiting | PathAnswer::Closed => {}
    }
    if let Some((path, n)) = b.exported.value().cloned().flatten() {
        ui.label(tf(
            "browse.exported",
            &[("n", &n), ("path", &path.display())],
        ));
        if b.export_unnamed > 0 {
            ui.label(tf("browse.exported_unnamed", &[("n", &b.export_unnamed)]));
        }
        if ui.button(t("browse.open_folder")).clicked() {
            cx.send(Command::OpenFolder {
                path: path.parent().map(|p| p.to_path_buf()).unwrap_or(path),
            });
        }
    }
}

/// Asks the worker to write `rows`: to `path` when the planner typed one, else where the save
/// dialog says.
fn start_export(b: &mut BrowseState, cx: &mut Ctx, rows: &[usize], path: Option<PathBuf>) {
    let req = cx.next_req();
    b.exported.restart(req);
    cx.send(Command::ChooseAndExport {
        req,
        suggested_name: b.export_name.clone(),
        format: b.export_format,
        texts: b.model.rows_compact(rows),
        options: ExportOptions {
            columns: b.model.columns().to_vec(),
            decimal_comma: b.decimal_comma,
            field_paths: b.export_field_paths,
            lang: crate::i18n::current(),
        },
        path,
    });
}

/// The rows an export writes: the selection in table order, or all filtered rows.
pub(super) fn export_rows(state: &BrowseState) -> Vec<usize> {
    let visible = state.model.visible();
    if state.export_only_selection && !state.selected.is_empty() {
        visible
            .iter()
            .copied()
            .filter(|r| state.selected.contains(r))
            .collect()
    } else {
        visible.to_vec()
    }
}

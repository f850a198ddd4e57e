//! The virtual-scrolling record table: sortable headers and click / shift / ctrl selection.

use super::BrowseState;
use egui::Ui;
use egui_extras::{Column, TableBuilder};

const ROW_HEIGHT: f32 = 20.0;

/// Applies a click on `row` with the given modifiers to the selection.
pub(super) fn click_row(state: &mut BrowseState, row: usize, shift: bool, ctrl: bool) {
    if shift && let Some(anchor) = state.anchor {
        let visible = state.model.visible();
        let a = visible.iter().position(|&r| r == anchor);
        let b = visible.iter().position(|&r| r == row);
        if let (Some(a), Some(b)) = (a, b) {
            let (lo, hi) = (a.min(b), a.max(b));
            if !ctrl {
                state.selected.clear();
            }
            state.selected.extend(visible[lo..=hi].iter().copied());
            state.focus = Some(row);
            return;
        }
    }
    if ctrl {
        if !state.selected.remove(&row) {
            state.selected.insert(row);
        }
    } else {
        state.selected.clear();
        state.selected.insert(row);
    }
    state.anchor = Some(row);
    state.focus = Some(row);
}

/// Keyboard selection while no text field has focus: Up/Down move (Shift extends), Home/End jump,
/// Ctrl+A selects every filtered row.
pub(super) fn keyboard(state: &mut BrowseState, ui: &Ui) {
    if ui.memory(|m| m.focused().is_some()) || state.model.visible().is_empty() {
        return;
    }
    let (up, down, home, end, all, shift) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::Home),
            i.key_pressed(egui::Key::End),
            i.modifiers.command && i.key_pressed(egui::Key::A),
            i.modifiers.shift,
        )
    });
    if all {
        let visible = state.model.visible().to_vec();
        state.selected.extend(visible);
        return;
    }
    let visible = state.model.visible();
    let at = state
        .focus
        .and_then(|f| visible.iter().position(|&r| r == f));
    let target = match (up, down, home, end, at) {
        (true, _, _, _, Some(i)) => i.saturating_sub(1),
        (_, true, _, _, Some(i)) => (i + 1).min(visible.len() - 1),
        (true, _, _, _, None) | (_, true, _, _, None) | (_, _, true, _, _) => 0,
        (_, _, _, true, _) => visible.len() - 1,
        _ => return,
    };
    let row = visible[target];
    click_row(state, row, shift, false);
    state.scroll_to = Some(target);
}

/// Draws the table.
pub fn table_ui(state: &mut BrowseState, ui: &mut Ui) {
    keyboard(state, ui);
    let columns = state.model.columns().to_vec();
    if columns.is_empty() || state.model.is_empty() {
        ui.label(crate::i18n::t("browse.empty"));
        return;
    }
    let mut sort_click = None;
    let mut row_click = None;
    let mut drawn: Option<(usize, usize)> = None;
    let (shift, ctrl) = ui.input(|i| (i.modifiers.shift, i.modifiers.command));
    let sort = state.model.sort_state();
    let lang = crate::i18n::current();
    let mut builder = TableBuilder::new(ui);
    if let Some(index) = state.scroll_to.take() {
        builder = builder.scroll_to_row(index, None);
    }
    builder
        .id_salt(("table", state.resource.name()))
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .columns(
            Column::initial(150.0).at_least(50.0).clip(true),
            columns.len().saturating_sub(1),
        )
        .column(Column::remainder().at_least(80.0).clip(true))
        .header(ROW_HEIGHT + 4.0, |mut header| {
            for (i, column) in columns.iter().enumerate() {
                header.col(|ui| {
                    let arrow = match sort {
                        Some((c, true)) if c == i => " ^",
                        Some((c, false)) if c == i => " v",
                        _ => "",
                    };
                    let label = crate::record::label(column);
                    if ui
                        .button(format!("{label}{arrow}"))
                        .on_hover_text(column.as_str())
                        .clicked()
                    {
                        sort_click = Some(i);
                    }
                });
            }
        })
        .body(|body| {
            let visible = state.model.visible();
            body.rows(ROW_HEIGHT, visible.len(), |mut row| {
                let at = row.index();
                drawn = Some(drawn.map_or((at, at), |(a, b)| (a.min(at), b.max(at))));
                let record = visible[at];
                let selected = state.selected.contains(&record);
                row.set_selected(selected);
                let mut spoken = Vec::with_capacity(columns.len());
                for (c, path) in columns.iter().enumerate() {
                    row.col(|ui| {
                        // Not selectable: a click must reach the row (selection), not the text.
                        let cell = state.model.cell(record, c);
                        let is_id = crate::record::names::target_of(path).is_some();
                        // A bare id whose name could not be resolved says so (and why).
                        let text = match cell {
                            crate::record::Cell::Text(id) if is_id => {
                                state.names_retry.shown(id).unwrap_or_else(|| id.clone())
                            }
                            _ => crate::record::shown(cell, path.as_str(), lang),
                        };
                        spoken.push(text.clone());
                        let response = ui.add(egui::Label::new(text).selectable(false).truncate());
                        if is_id {
                            // The id behind a name, parsed only while hovered.
                            response.on_hover_ui(|ui| {
                                if let Some(r) = state.model.record(record) {
                                    ui.label(crate::record::cell(&r, path).display(false));
                                }
                            });
                        }
                    });
                }
                // A screen reader (and the desktop tests) find a row by what it shows.
                let response = row.response();
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::Role::Row, true, selected, spoken.join(", "))
                });
                if response.clicked() {
                    row_click = Some(record);
                }
            });
        });
    // The rows in view get their names first.
    state.names_view.drawn = drawn;
    if let Some(column) = sort_click {
        let ascending = !matches!(sort, Some((c, true)) if c == column);
        state.model.sort_by(column, ascending);
    }
    if let Some(row) = row_click {
        click_row(state, row, shift, ctrl);
    }
}

//! The browser's controls: resource, filter, column chooser and status line; the date range
//! (`range.rs`), fetch (`fetch.rs`) and export (`export_bar.rs`) have their own files.

use super::BrowseState;
use super::export_bar::export_ui;
use super::fetch::{estimate_ui, fetch_ui};
use super::range::range_ui;
use crate::i18n::{t, tf};
use crate::resource::Resource;
use crate::ui::Ctx;
use chrono::Local;
use egui::Ui;

/// Draws the controls above the table.
pub(super) fn controls_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        resource_ui(b, cx, ui);
        ui.separator();
        range_ui(b, ui);
    });
    ui.horizontal_wrapped(|ui| fetch_ui(b, cx, ui));
    estimate_ui(b, cx, ui);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t("browse.filter"));
        let filter = ui
            .add(egui::TextEdit::singleline(&mut b.filter).desired_width(220.0))
            .labelled_by(label.id);
        if filter.changed() {
            let text = b.filter.clone();
            b.model.set_filter(&text);
        }
        if let Some(day) = b.model.day()
            && ui
                .button(tf("browse.clear_day", &[("day", &day.format("%d-%m-%Y"))]))
                .clicked()
        {
            b.model.filter_day(None);
        }
        // A filter that hides rows says so, so an empty table explains itself.
        let filtered = !b.filter.trim().is_empty();
        ui.label(tf(
            if filtered {
                "browse.rows_filtered"
            } else {
                "browse.rows"
            },
            &[
                ("shown", &b.model.visible().len()),
                ("total", &b.model.len()),
                ("selected", &b.selected.len()),
                ("filter", &b.filter.trim()),
            ],
        ));
        let outside = b.model.outside_range();
        if outside > 0 {
            ui.label(tf("browse.outside_range", &[("n", &outside)]))
                .on_hover_text(t("browse.outside_range_hint"));
        }
        if ui.button(t("browse.select_all")).clicked() {
            let visible = b.model.visible().to_vec();
            b.selected.extend(visible);
        }
        if ui.button(t("browse.select_none")).clicked() {
            b.selected.clear();
        }
        ui.toggle_value(&mut b.show_columns, t("browse.columns"));
        super::views::views_ui(b, cx, ui);
    });
    if b.show_columns {
        columns_ui(b, ui);
    }
    ui.horizontal_wrapped(|ui| export_ui(b, cx, ui));
    status_line(b, ui);
}

fn resource_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    let label = ui.label(t("browse.resource"));
    let mut chosen = b.resource;
    egui::ComboBox::from_id_salt("resource")
        .selected_text(chosen.name())
        .show_ui(ui, |ui| {
            for r in Resource::BROWSABLE {
                ui.selectable_value(&mut chosen, r, r.name());
            }
        })
        .response
        .labelled_by(label.id);
    if chosen != b.resource {
        // The filter belongs to its resource: kept for it, and the chosen one's comes back.
        let typed = std::mem::take(&mut b.filter);
        b.filters.insert(b.resource, typed);
        b.filter = b.filters.remove(&chosen).unwrap_or_default();
        b.resource = chosen;
        b.as_of = None;
        b.fetch.drop_value();
        b.reset_model(Vec::new());
        let req = cx.next_req();
        b.load_stored(cx, req);
    }
}

fn columns_ui(state: &mut BrowseState, ui: &mut Ui) {
    let all = state.column_choices();
    let mut shown = state.model.columns().to_vec();
    let mut changed = false;
    egui::ScrollArea::vertical()
        .id_salt("columns")
        .max_height(160.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for column in &all {
                    let mut on = shown.contains(column);
                    let text = tf(
                        "browse.column_choice",
                        &[("label", &crate::record::label(column)), ("path", column)],
                    );
                    if ui
                        .checkbox(&mut on, text)
                        .on_hover_text(column.as_str())
                        .changed()
                    {
                        changed = true;
                        if on {
                            shown.push(column.clone());
                        } else {
                            shown.retain(|c| c != column);
                        }
                    }
                }
            });
        });
    if ui.button(t("browse.columns_default")).clicked() {
        shown = crate::record::default_columns_for(state.resource, &state.sample(50));
        changed = true;
    }
    if changed {
        state
            .columns
            .insert(state.resource.name().to_string(), shown.clone());
        state.model.set_columns(shown);
    }
}

fn status_line(state: &BrowseState, ui: &mut Ui) {
    if let Some(as_of) = state.as_of {
        ui.label(tf(
            "browse.as_of",
            &[(
                "time",
                &as_of.with_timezone(&Local).format("%d-%m-%Y %H:%M"),
            )],
        ));
    }
    if let Some(summary) = state.fetch.ready() {
        if summary.complete {
            ui.label(tf(
                "browse.fetched",
                &[
                    ("records", &summary.records),
                    ("requests", &summary.requests),
                    ("windows", &summary.windows),
                ],
            ));
        } else {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                tf(
                    "browse.partial",
                    &[
                        ("records", &summary.records),
                        (
                            "missing",
                            &summary
                                .missing
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default(),
                        ),
                    ],
                ),
            );
        }
    }
}

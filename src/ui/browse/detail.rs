//! The detail pane (every field of the focused record, nested objects as a tree, copy value) and
//! the lower pane (changes per day chart; related records).

use super::BrowseState;
use crate::i18n::{t, tf};
use crate::resource::Resource;
use crate::ui::Ctx;
use crate::worker::Command;
use egui::Ui;
use egui_plot::{Bar, BarChart, Plot};
use serde_json::Value;

/// Which resource and field hold the records related to a resource.
pub(super) fn related_of(resource: Resource) -> Option<(Resource, &'static str)> {
    match resource {
        Resource::Aanvragen => Some((Resource::Orderverkoopregels, "aanvraagId")),
        Resource::Opleidingen => Some((Resource::Opleidingsonderdelen, "opleidingId")),
        Resource::Opleidingssoorten => Some((Resource::Opleidingen, "opleidingssoortId")),
        _ => None,
    }
}

/// One field (or object) of a record: its readable label, the field path on hover.
fn value_ui(ui: &mut Ui, key: &str, path: &str, value: &Value, depth: usize) {
    let child = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    let label = if path.is_empty() {
        key.to_string()
    } else {
        crate::record::label(path)
    };
    match value {
        Value::Object(map) => {
            egui::CollapsingHeader::new(label)
                .id_salt((path, depth, map.len()))
                .default_open(depth == 0)
                .show(ui, |ui| {
                    for (k, v) in map {
                        value_ui(ui, k, &child(k), v, depth + 1);
                    }
                });
        }
        Value::Array(items) => {
            egui::CollapsingHeader::new(format!("{label} [{}]", items.len()))
                .id_salt((path, depth, items.len()))
                .show(ui, |ui| {
                    for (i, v) in items.iter().enumerate() {
                        let k = format!("{i}");
                        value_ui(ui, &k, &child(&k), v, depth + 1);
                    }
                });
        }
        other => {
            let cell = crate::record::Cell::from_value(Some(other));
            let text = crate::record::shown(&cell, path, crate::i18n::current());
            ui.horizontal(|ui| {
                ui.label(format!("{label}:")).on_hover_text(path);
                ui.label(&text);
                let copy = ui.small_button(t("browse.copy"));
                // Every field has its own copy button: a screen reader says which.
                copy.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        tf("browse.copy_field", &[("label", &label)]),
                    )
                });
                if copy.on_hover_text(t("browse.copy_hint")).clicked() {
                    ui.ctx().copy_text(text.clone());
                }
            });
        }
    }
}

/// The detail pane.
pub(super) fn detail_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    ui.heading(t("browse.details"));
    let Some(record) = b.focus.and_then(|r| b.model.record(r)) else {
        ui.label(t("browse.no_selection"));
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("detail")
        .show(ui, |ui| {
            super::versions::changes_ui(b, cx, ui, &record);
            // Ids read as the names the table shows (the ids stay in the exports).
            let named = crate::record::names::with_names_in(crate::i18n::current(), &record);
            value_ui(
                ui,
                t("browse.record"),
                "",
                named.as_ref().unwrap_or(&record),
                0,
            );
        });
}

/// The lower pane: chart of changes per day, and related records of the selection.
pub(super) fn lower_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    ui.columns(2, |cols| {
        chart_ui(b, &mut cols[0]);
        related_ui(b, cx, &mut cols[1]);
    });
}

fn chart_ui(b: &mut BrowseState, ui: &mut Ui) {
    ui.label(t("browse.chart"));
    let days = b.model.changes_per_day();
    if days.is_empty() {
        return;
    }
    let first = days[0].0;
    let bars: Vec<Bar> = days
        .iter()
        .map(|(day, n)| {
            Bar::new((*day - first).num_days() as f64, *n as f64)
                .name(day.format("%d-%m-%Y").to_string())
                .width(0.8)
        })
        .collect();
    let response = Plot::new("changes-per-day")
        .height(ui.available_height().max(80.0))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _range| {
            (first + chrono::Duration::days(mark.value.round() as i64))
                .format("%d-%m")
                .to_string()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(t("browse.chart"), bars));
            plot.pointer_coordinate()
        });
    if response.response.clicked()
        && let Some(point) = response.inner
    {
        let day = first + chrono::Duration::days(point.x.round() as i64);
        b.model.filter_day(Some(day));
    }
}

/// About how many requests fetching the related records of `n` ids costs: one multi-id filter
/// per URL-sized batch (a GUID and its separator take about 40 characters in the URL), at least
/// one page each.
pub fn related_cost(n: usize) -> u64 {
    const PER_ID: usize = 40;
    let per_batch = (crate::sync::related::MAX_URL_CHARS.saturating_sub(400) / PER_ID).max(1);
    n.div_ceil(per_batch) as u64
}

/// The same rule as a large fetch: more than the chosen share of the requests left (or, with no
/// limit known yet, more than 20 requests) asks first.
fn related_too_costly(b: &BrowseState, cx: &Ctx, requests: u64) -> bool {
    let share = u64::from(b.warn_share_percent);
    match cx.rate.remaining {
        Some(left) => requests * 100 > u64::from(left) * share,
        None => requests > 20,
    }
}

fn send_related(
    b: &mut BrowseState,
    cx: &mut Ctx,
    target: Resource,
    field: &str,
    ids: Vec<String>,
) {
    let req = cx.next_req();
    b.related.start(req);
    cx.send(Command::Related {
        req,
        resource: target,
        field: field.to_string(),
        ids,
    });
}

fn related_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    let Some((target, field)) = related_of(b.resource) else {
        ui.label(t("browse.no_related"));
        return;
    };
    let ids: Vec<String> = b
        .selected
        .iter()
        .filter_map(|&r| b.model.record(r))
        .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
        .collect();
    ui.horizontal(|ui| {
        let enabled = !ids.is_empty() && !b.related.is_loading();
        if ui
            .add_enabled(
                enabled,
                egui::Button::new(tf(
                    "browse.related",
                    &[("resource", &target.name()), ("n", &ids.len())],
                )),
            )
            .clicked()
        {
            let requests = related_cost(ids.len());
            if related_too_costly(b, cx, requests) {
                b.related_ask = Some((target, field.to_string(), ids, requests));
            } else {
                send_related(b, cx, target, field, ids);
            }
        }
        if b.related.is_loading() {
            ui.spinner();
        }
    });
    if let Some((target, field, ids, requests)) = b.related_ask.clone() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf(
                "browse.related_warn",
                &[
                    ("n", &ids.len()),
                    ("requests", &requests),
                    ("left", &cx.rate.remaining.unwrap_or(0)),
                ],
            ),
        );
        ui.horizontal(|ui| {
            if ui.button(t("browse.related_anyway")).clicked() {
                b.related_ask = None;
                send_related(b, cx, target, &field, ids);
            }
            if ui.button(t("browse.dont_fetch")).clicked() {
                b.related_ask = None;
            }
        });
    }
    if let Some((resource, model)) = b.related.value() {
        ui.label(tf(
            "browse.related_count",
            &[("resource", &resource.name()), ("n", &model.len())],
        ));
        egui::ScrollArea::both().id_salt("related").show(ui, |ui| {
            egui::Grid::new("related-grid")
                .striped(true)
                .show(ui, |ui| {
                    for column in model.columns() {
                        ui.strong(crate::record::label(column))
                            .on_hover_text(column.as_str());
                    }
                    ui.end_row();
                    for &row in model.visible().iter().take(500) {
                        for c in 0..model.columns().len() {
                            ui.label(model.cell(row, c).display(false));
                        }
                        ui.end_row();
                    }
                });
        });
    }
}

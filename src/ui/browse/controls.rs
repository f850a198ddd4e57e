//! The browser's controls: resource, date range with quick choices, fetch with cost estimate,
//! filter, column chooser and export.

use super::{BrowseState, PendingFetch, to_chrono, to_jiff};
use crate::app::CoachApp;
use crate::export::{ExportFormat, ExportOptions};
use crate::i18n::{t, tf};
use crate::resource::Resource;
use crate::worker::{Command, FetchRange};
use chrono::{Datelike, Duration, Local};
use egui::Ui;
use egui_extras::DatePickerButton;

/// The quick date choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum QuickRange {
    Today,
    Yesterday,
    Last7Days,
    ThisMonth,
}

impl QuickRange {
    fn key(self) -> &'static str {
        match self {
            QuickRange::Today => "browse.today",
            QuickRange::Yesterday => "browse.yesterday",
            QuickRange::Last7Days => "browse.last7",
            QuickRange::ThisMonth => "browse.this_month",
        }
    }

    /// The days (inclusive) this choice means today.
    pub fn days(self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let today = Local::now().date_naive();
        match self {
            QuickRange::Today => (today, today),
            QuickRange::Yesterday => (today - Duration::days(1), today - Duration::days(1)),
            QuickRange::Last7Days => (today - Duration::days(6), today),
            QuickRange::ThisMonth => (today.with_day(1).unwrap_or(today), today),
        }
    }

    /// Applies the choice to the state's from/to dates (inclusive).
    pub fn apply(self, state: &mut BrowseState) {
        let (from, to) = self.days();
        state.from = to_jiff(from);
        state.to = to_jiff(to);
        state.quick = Some(self);
    }
}

/// Draws the controls above the table.
pub fn controls_ui(app: &mut CoachApp, ui: &mut Ui) {
    ui.horizontal_wrapped(|ui| {
        resource_ui(app, ui);
        ui.separator();
        range_ui(&mut app.browse, ui);
    });
    ui.horizontal_wrapped(|ui| fetch_ui(app, ui));
    estimate_ui(app, ui);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t("browse.filter"));
        let filter = ui
            .add(egui::TextEdit::singleline(&mut app.browse.filter).desired_width(220.0))
            .labelled_by(label.id);
        if filter.changed() {
            let text = app.browse.filter.clone();
            app.browse.model.set_filter(&text);
        }
        if let Some(day) = app.browse.model.day()
            && ui
                .button(tf("browse.clear_day", &[("day", &day.format("%d-%m-%Y"))]))
                .clicked()
        {
            app.browse.model.filter_day(None);
        }
        ui.label(tf(
            "browse.rows",
            &[
                ("shown", &app.browse.model.visible().len()),
                ("total", &app.browse.model.len()),
                ("selected", &app.browse.selected.len()),
            ],
        ));
        let outside = app.browse.model.outside_range();
        if outside > 0 {
            ui.label(tf("browse.outside_range", &[("n", &outside)]))
                .on_hover_text(t("browse.outside_range_hint"));
        }
        if ui.button(t("browse.select_all")).clicked() {
            let visible = app.browse.model.visible().to_vec();
            app.browse.selected.extend(visible);
        }
        if ui.button(t("browse.select_none")).clicked() {
            app.browse.selected.clear();
        }
        ui.toggle_value(&mut app.browse.show_columns, t("browse.columns"));
        super::views::views_ui(app, ui);
    });
    if app.browse.show_columns {
        columns_ui(&mut app.browse, ui);
    }
    ui.horizontal_wrapped(|ui| export_ui(app, ui));
    status_line(&app.browse, ui);
}

fn resource_ui(app: &mut CoachApp, ui: &mut Ui) {
    let label = ui.label(t("browse.resource"));
    let mut chosen = app.browse.resource;
    egui::ComboBox::from_id_salt("resource")
        .selected_text(chosen.name())
        .show_ui(ui, |ui| {
            for r in Resource::BROWSABLE {
                ui.selectable_value(&mut chosen, r, r.name());
            }
        })
        .response
        .labelled_by(label.id);
    if chosen != app.browse.resource {
        app.browse.resource = chosen;
        app.browse.as_of = None;
        app.browse.last_fetch = None;
        app.browse.reset_model(Vec::new());
        let req = app.next_req();
        app.browse.load_stored(&app.worker, req);
    }
}

fn range_ui(state: &mut BrowseState, ui: &mut Ui) {
    let from = ui.label(t("browse.from"));
    ui.add(
        DatePickerButton::new(&mut state.from)
            .id_salt("from")
            .show_icon(false)
            .format("%d-%m-%Y"),
    )
    .labelled_by(from.id);
    let to = ui.label(t("browse.to"));
    ui.add(
        DatePickerButton::new(&mut state.to)
            .id_salt("to")
            .show_icon(false)
            .format("%d-%m-%Y"),
    )
    .labelled_by(to.id);
    if to_chrono(state.to) < to_chrono(state.from) {
        state.to = state.from;
    }
    for quick in [
        QuickRange::Today,
        QuickRange::Yesterday,
        QuickRange::Last7Days,
        QuickRange::ThisMonth,
    ] {
        if ui.button(t(quick.key())).clicked() {
            quick.apply(state);
        }
    }
}

fn fetch_ui(app: &mut CoachApp, ui: &mut Ui) {
    let connected = matches!(app.conn, crate::app::ConnState::Connected { .. });
    let busy = app.browse.fetch_req.is_some() || app.browse.estimate.is_some();
    if ui
        .add_enabled(connected && !busy, egui::Button::new(t("browse.fetch")))
        .clicked()
    {
        let range = app.browse.range();
        request_estimate(app, range);
    }
    if ui
        .add_enabled(
            connected && !busy,
            egui::Button::new(t("browse.since_last")),
        )
        .clicked()
    {
        start_fetch(app, FetchRange::SinceLastSync);
    }
    if let Some(req) = app.browse.fetch_req {
        ui.spinner();
        if ui.button(t("browse.cancel_fetch")).clicked() {
            app.send(Command::Cancel { req });
        }
    }
}

fn request_estimate(app: &mut CoachApp, range: FetchRange) {
    let FetchRange::Days { from, to } = range else {
        return start_fetch(app, range);
    };
    let req = app.next_req();
    app.browse.estimate = Some(PendingFetch {
        req,
        range,
        requests: None,
        records: None,
    });
    app.send(Command::Estimate {
        req,
        resource: app.browse.resource,
        from,
        to,
    });
}

/// Starts the fetch (after the estimate, or at once for "since last sync").
pub fn start_fetch(app: &mut CoachApp, range: FetchRange) {
    let req = app.next_req();
    app.browse.estimate = None;
    app.browse.fetch_req = Some(req);
    app.browse.last_fetch = None;
    app.send(Command::Fetch {
        req,
        resource: app.browse.resource,
        range,
    });
}

fn estimate_ui(app: &mut CoachApp, ui: &mut Ui) {
    let Some(pending) = app.browse.estimate.clone() else {
        return;
    };
    let (Some(requests), Some(records)) = (pending.requests, pending.records) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t("browse.estimating"));
        });
        return;
    };
    let left = app.rate.remaining.map(u64::from);
    let share = u64::from(app.browse.warn_share_percent);
    let too_costly = left.is_some_and(|left| requests * 100 > left * share);
    if !too_costly {
        start_fetch(app, pending.range);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf(
                "browse.estimate_warn",
                &[
                    ("records", &records),
                    ("requests", &requests),
                    ("left", &left.unwrap_or(0)),
                ],
            ),
        );
        if ui.button(t("browse.fetch_anyway")).clicked() {
            start_fetch(app, pending.range);
        }
        if ui.button(t("browse.dont_fetch")).clicked() {
            app.browse.estimate = None;
        }
    });
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

fn export_ui(app: &mut CoachApp, ui: &mut Ui) {
    let label = ui.label(t("browse.export_format"));
    egui::ComboBox::from_id_salt("export-format")
        .selected_text(format!("{:?}", app.browse.export_format).to_uppercase())
        .show_ui(ui, |ui| {
            for f in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
                ui.selectable_value(
                    &mut app.browse.export_format,
                    f,
                    format!("{f:?}").to_uppercase(),
                );
            }
        })
        .response
        .labelled_by(label.id);
    ui.checkbox(
        &mut app.browse.export_only_selection,
        t("browse.export_selection"),
    );
    ui.checkbox(&mut app.browse.decimal_comma, t("browse.decimal_comma"));
    ui.checkbox(
        &mut app.browse.export_field_paths,
        t("browse.export_field_paths"),
    )
    .on_hover_text(t("browse.export_field_paths_hint"));
    let rows = export_rows(&app.browse);
    let enabled = !rows.is_empty() && app.browse.export_req.is_none();
    if ui
        .add_enabled(
            enabled,
            egui::Button::new(tf("browse.export", &[("n", &rows.len())])),
        )
        .clicked()
    {
        let req = app.next_req();
        app.browse.export_req = Some(req);
        app.browse.exported = None;
        let format = app.browse.export_format;
        let name = format!(
            "{}-{}.{}",
            app.browse.resource.name().to_lowercase(),
            Local::now().format("%Y%m%d-%H%M"),
            format.extension()
        );
        app.send(Command::ChooseAndExport {
            req,
            suggested_name: name,
            format,
            texts: app.browse.model.rows_json(&rows),
            options: ExportOptions {
                columns: app.browse.model.columns().to_vec(),
                decimal_comma: app.browse.decimal_comma,
                field_paths: app.browse.export_field_paths,
            },
        });
    }
    if let Some((path, n)) = app.browse.exported.clone() {
        ui.label(tf(
            "browse.exported",
            &[("n", &n), ("path", &path.display())],
        ));
        if ui.button(t("browse.open_folder")).clicked() {
            app.send(Command::OpenFolder {
                path: path.parent().map(|p| p.to_path_buf()).unwrap_or(path),
            });
        }
    }
}

/// The rows an export writes: the selection in table order, or all filtered rows.
pub fn export_rows(state: &BrowseState) -> Vec<usize> {
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
    if let Some(summary) = &state.last_fetch {
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
                        ("missing", &summary.missing.clone().unwrap_or_default()),
                    ],
                ),
            );
        }
    }
}

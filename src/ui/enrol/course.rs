//! Step 1: find a course as you type (name, code, start date, place, free seats), or pick a
//! course type for the waiting list when no date fits.

use super::form::Fields;
use super::{Action, EnrolState};
use crate::enrol::{CourseChoice, Step};
use crate::i18n::{t, tf};
use chrono::NaiveDate;
use egui::Ui;
use serde_json::Value;

/// At most this many rows are drawn; the user narrows the search for the rest.
const MAX_ROWS: usize = 100;

/// A course (or course type) as the search list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseRow {
    /// What choosing this row puts in the draft.
    pub choice: CourseChoice,
    /// The course's (or course type's) name.
    pub naam: String,
    /// The course code; empty when it has none.
    pub code: String,
    /// The start date; `None` for a course type or when unknown.
    pub start: Option<NaiveDate>,
    /// The place it is held; empty when unknown.
    pub place: String,
    /// Free seats (`aantalPlaatsenVrij`); `None` when unknown.
    pub free: Option<i64>,
}

fn text(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for key in path {
        match cur.get(key) {
            Some(next) => cur = next,
            None => return String::new(),
        }
    }
    match cur {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

impl CourseRow {
    fn from_opleiding(v: &Value) -> Option<CourseRow> {
        if text(v, &["opleidingStatusId"]) == "Geannuleerd" {
            return None;
        }
        let id = text(v, &["id"]);
        let soort = text(v, &["opleidingssoortId"]);
        if id.is_empty() {
            return None;
        }
        let naam = text(v, &["naam"]);
        let code = text(v, &["code"]);
        let start = crate::enrol::rules::parse_date(&text(v, &["startDatum"]));
        let mut place = text(v, &["startLocatie", "bedrijf", "bezoekadres", "plaats"]);
        if place.is_empty() {
            place = text(v, &["startLocatie", "lokaal"]);
        }
        let free = v.get("aantalPlaatsenVrij").and_then(Value::as_i64);
        let date = start.map(|d| d.format("%d-%m-%Y").to_string());
        let label = [
            naam.as_str(),
            code.as_str(),
            date.as_deref().unwrap_or(""),
            &place,
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
        Some(CourseRow {
            choice: CourseChoice {
                opleiding_id: Some(id),
                opleidingssoort_id: soort,
                label,
                free_seats: free,
            },
            naam,
            code,
            start,
            place,
            free,
        })
    }

    fn from_soort(v: &Value) -> Option<CourseRow> {
        let id = text(v, &["id"]);
        if id.is_empty() {
            return None;
        }
        let naam = text(v, &["naam"]);
        let code = text(v, &["code"]);
        let label = tf("wiz.course.waitlist_label", &[("name", &naam)]);
        Some(CourseRow {
            choice: CourseChoice {
                opleiding_id: None,
                opleidingssoort_id: id,
                label,
                free_seats: None,
            },
            naam,
            code,
            start: None,
            place: String::new(),
            free: None,
        })
    }

    /// True when Coachview says no seat is left (unknown counts as not full).
    pub(crate) fn is_full(&self) -> bool {
        self.free.is_some_and(|f| f <= 0)
    }

    /// True when every word of the filter occurs in name, code, start date, place or free seats.
    fn matches(&self, words: &[String]) -> bool {
        let start = self
            .start
            .map(|d| format!("{} {}", d.format("%d-%m-%Y"), d.format("%Y-%m-%d")))
            .unwrap_or_default();
        let free = self.free.map(|f| f.to_string()).unwrap_or_default();
        let hay = format!(
            "{} {} {} {} {}",
            self.naam, self.code, start, self.place, free
        )
        .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// The matching courses (cancelled ones left out, by start date) and course types (by name).
pub fn course_rows(
    opleidingen: &[Value],
    soorten: &[Value],
    filter: &str,
) -> (Vec<CourseRow>, Vec<CourseRow>) {
    let words: Vec<String> = filter
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut courses: Vec<CourseRow> = opleidingen
        .iter()
        .filter_map(CourseRow::from_opleiding)
        .filter(|r| r.matches(&words))
        .collect();
    courses.sort_by(|a, b| (a.start, &a.naam).cmp(&(b.start, &b.naam)));
    let mut types: Vec<CourseRow> = soorten
        .iter()
        .filter_map(CourseRow::from_soort)
        .filter(|r| r.matches(&words))
        .collect();
    types.sort_by(|a, b| a.naam.cmp(&b.naam));
    (courses, types)
}

pub(super) fn course_step(
    state: &mut EnrolState,
    connected: bool,
    ui: &mut Ui,
    actions: &mut Vec<Action>,
    enter: &mut bool,
) {
    // Never asked yet: ask. After a failure the planner asks again ("reload"): no retry loop.
    if state.courses.value().is_none() && !state.courses.is_loading() {
        if !connected {
            ui.label(t("wiz.course.not_connected"));
        } else if let Some(error) = state.courses.error() {
            let lang = crate::i18n::current();
            ui.colored_label(ui.visuals().warn_fg_color, error.title.in_lang(lang));
            ui.label(error.what_to_do.in_lang(lang));
        } else {
            actions.push(Action::LoadCourses);
        }
    }
    let issues = state.issues_of(Step::Course);
    let attempted = state.attempted.contains(&Step::Course);
    let mut fields = Fields::new(issues, &mut state.server_issues, attempted);
    ui.horizontal(|ui| {
        let label = ui.label(t("wiz.course.search"));
        let r = ui
            .add(egui::TextEdit::singleline(&mut state.course_filter).desired_width(360.0))
            .labelled_by(label.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            *enter = true;
        }
        if state.courses.is_loading() {
            ui.spinner();
            ui.label(t("wiz.course.loading"));
        } else if connected && ui.button(t("wiz.course.reload")).clicked() {
            actions.push(Action::LoadCourses);
        }
    });
    if let Some(course) = &state.draft.course {
        ui.strong(tf("wiz.course.chosen", &[("label", &course.label)]));
    }
    let mut picked: Option<CourseChoice> = None;
    ui.checkbox(&mut state.hide_full, t("seats.hide_full"));
    let (mut courses, types) = match state.courses.value() {
        Some(c) => course_rows(&c.opleidingen, &c.soorten, &state.course_filter),
        None => course_rows(&[], &[], &state.course_filter),
    };
    let full = courses.iter().filter(|r| r.is_full()).count();
    if state.hide_full {
        courses.retain(|r| !r.is_full());
        if full > 0 {
            ui.weak(tf("seats.hidden", &[("n", &full)]));
        }
    }
    let chosen = state.draft.course.as_ref();
    if state.courses.value().is_some() {
        ui.label(tf(
            "wiz.course.count",
            &[
                ("shown", &courses.len().min(MAX_ROWS)),
                ("total", &courses.len()),
            ],
        ));
        if courses.is_empty() {
            ui.label(t("wiz.course.none"));
        }
        egui::Grid::new("courses")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for key in [
                    "wiz.col.code",
                    "wiz.col.name",
                    "wiz.col.start",
                    "wiz.col.place",
                    "wiz.col.free",
                ] {
                    ui.strong(t(key));
                }
                ui.end_row();
                for row in courses.iter().take(MAX_ROWS) {
                    let selected =
                        chosen.is_some_and(|c| c.opleiding_id == row.choice.opleiding_id);
                    if ui.selectable_label(selected, &row.code).clicked() {
                        picked = Some(row.choice.clone());
                    }
                    ui.label(&row.naam);
                    ui.label(
                        row.start
                            .map(|d| d.format("%d-%m-%Y").to_string())
                            .unwrap_or_default(),
                    );
                    ui.label(&row.place);
                    ui.label(
                        row.free
                            .map(|f| f.to_string())
                            .unwrap_or_else(|| t("seats.unknown_short").to_string()),
                    );
                    ui.end_row();
                }
            });
        if courses.len() > MAX_ROWS {
            ui.label(tf("wiz.course.more", &[("n", &(courses.len() - MAX_ROWS))]));
        }
        ui.add_space(8.0);
        ui.label(t("wiz.course.waitlist"));
        ui.horizontal_wrapped(|ui| {
            for row in types.iter().take(MAX_ROWS) {
                let selected = chosen.is_some_and(|c| {
                    c.opleiding_id.is_none()
                        && c.opleidingssoort_id == row.choice.opleidingssoort_id
                });
                if ui.selectable_label(selected, &row.choice.label).clicked() {
                    picked = Some(row.choice.clone());
                }
            }
        });
    }
    if let Some(choice) = picked {
        state.draft.course = Some(choice);
        fields.forget_server("opleidingen");
    }
    fields.messages(ui, "opleidingen");
    fields.messages(ui, "opleidingen[0].opleidingId");
    fields.messages(ui, "opleidingen[0].opleidingssoortId");
    fields.rest(ui);
}

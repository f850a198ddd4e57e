//! Step 6: a readable summary and the exact JSON that will be sent.

use super::EnrolState;
use super::form::Fields;
use crate::enrol::{Draft, Person, Step};
use crate::i18n::{Lang, t};
use egui::Ui;

/// The summary as (label, value) lines, in the current language.
pub(super) fn summary(draft: &Draft, lang: Lang) -> Vec<(String, String)> {
    let none = crate::i18n::text(lang, "wiz.review.none").to_string();
    let or_none = |s: String| if s.trim().is_empty() { none.clone() } else { s };
    let person = |p: &Person| {
        let mut parts = vec![p.display_name()];
        for extra in [&p.emailadres, &p.telefoonnummer, &p.geboorte_datum] {
            if !extra.trim().is_empty() {
                parts.push(extra.trim().to_string());
            }
        }
        parts.join(", ")
    };
    let l = |key: &str| crate::i18n::text(lang, key).to_string();
    let mut out = vec![
        (
            l("wiz.review.course"),
            or_none(
                draft
                    .course
                    .as_ref()
                    .map(|c| c.label.clone())
                    .unwrap_or_default(),
            ),
        ),
        (
            l("wiz.review.scenario"),
            or_none(
                draft
                    .scenario
                    .map(|s| s.label(lang).to_string())
                    .unwrap_or_default(),
            ),
        ),
        (l("wiz.review.contact"), or_none(person(&draft.contact))),
    ];
    for (i, p) in draft.attendees().iter().enumerate() {
        out.push((
            crate::i18n::format(lang, "wiz.participant.n", &[("n", &(i + 1))]),
            person(p),
        ));
    }
    out.push((l("wiz.review.people"), draft.number_of_people().to_string()));
    out.push((l("seats.label"), seats_line(draft, lang)));
    let company = draft
        .company
        .as_ref()
        .map(|c| c.naam.clone())
        .unwrap_or_default();
    out.push((l("wiz.review.company"), or_none(company)));
    let debtor = draft
        .debtor
        .as_ref()
        .map(|d| {
            [&d.naam_rekeninghouder, &d.iban]
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    out.push((l("wiz.review.debtor"), or_none(debtor)));
    out.push((l("wiz.remark"), or_none(draft.remark.clone())));
    let reference = if draft.reference.trim().is_empty() {
        l("wiz.review.generated")
    } else {
        draft.reference.trim().to_string()
    };
    out.push((l("wiz.review.reference"), reference));
    out
}

/// Seats left against the number of people; says so when Coachview gave no seat count.
pub(super) fn seats_line(draft: &Draft, lang: Lang) -> String {
    let people = draft.number_of_people();
    let course = draft.course.as_ref();
    match course.and_then(|c| c.free_seats) {
        _ if course.is_some_and(|c| c.opleiding_id.is_none()) => {
            crate::i18n::text(lang, "seats.waitlist").to_string()
        }
        Some(free) if i64::try_from(people).unwrap_or(i64::MAX) > free => {
            crate::i18n::format(lang, "seats.short", &[("free", &free), ("n", &people)])
        }
        Some(free) => crate::i18n::format(lang, "seats.enough", &[("free", &free), ("n", &people)]),
        None => crate::i18n::format(lang, "seats.unknown", &[("n", &people)]),
    }
}

pub(super) fn review_step(state: &mut EnrolState, ui: &mut Ui) {
    let lang = crate::i18n::current();
    ui.strong(t("wiz.review.summary"));
    egui::Grid::new("review")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (label, value) in summary(&state.draft, lang) {
                ui.label(label);
                ui.label(value);
                ui.end_row();
            }
        });
    let issues = state.issues_of(Step::Review);
    let attempted = state.attempted.contains(&Step::Review);
    let mut fields = Fields::new(issues, &mut state.server_issues, attempted);
    fields.rest(ui);
    ui.add_space(8.0);
    let json =
        serde_json::to_string_pretty(&crate::enrol::payload(&state.draft)).unwrap_or_default();
    let label = ui.label(t("wiz.review.json"));
    ui.add(
        egui::TextEdit::multiline(&mut json.as_str())
            .code_editor()
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}

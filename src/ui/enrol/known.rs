//! What the wizard already knows: recent contact persons and companies, companies stored on this
//! computer, the contact person's company from Coachview; and the worker answers that feed them.

use super::{Action, EnrolState};
use crate::enrol::{Company, Draft, Step};
use crate::i18n::{t, tf};
use crate::message::UserMessage;
use crate::ui::{Ctx, Remote};
use crate::worker::{Command, RequestId};
use egui::Ui;

/// The stored-company search.
#[derive(Debug, Default)]
pub struct KnownCompanies {
    pub query: String,
    /// The stored companies found by the last search.
    pub search: Remote<Vec<Company>>,
}

/// Recently used contact persons, offered first on the contact step.
pub(super) fn recent_contacts(state: &mut EnrolState, ui: &mut Ui) {
    if state.recent.contacts.is_empty() {
        return;
    }
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(t("recent.contacts"));
        for person in &state.recent.contacts {
            let email = person.emailadres.trim();
            let label = if email.is_empty() {
                person.display_name()
            } else {
                format!("{} <{email}>", person.display_name())
            };
            if ui.button(label).clicked() {
                picked = Some(person.clone());
            }
        }
    });
    if let Some(person) = picked {
        state.draft.contact = person;
    }
}

/// "2 participants still have errors: 7, 12" above the participant forms.
pub(super) fn bad_rows_line(state: &EnrolState, ui: &mut Ui) {
    let offset = usize::from(
        state.draft.scenario == Some(crate::enrol::Scenario::ContactEnrolsSelfAndEmployees),
    );
    let today = state.clock.today();
    let bad: Vec<String> = state
        .draft
        .participants
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            crate::enrol::list::row_issues(p, today)
                .iter()
                .any(crate::enrol::FieldIssue::is_error)
        })
        .map(|(i, _)| (i + offset + 1).to_string())
        .collect();
    if !bad.is_empty() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            tf(
                "plist.still_bad",
                &[("n", &bad.len()), ("rows", &bad.join(", "))],
            ),
        );
    }
}

/// The company step's shortcuts: the contact person's company, recent companies, and a search
/// of the companies stored on this computer.
pub(super) fn company_choices(
    draft: &mut Draft,
    known: &mut KnownCompanies,
    recent: &crate::enrol::recent::Recent,
    hint: Option<&str>,
    ui: &mut Ui,
    actions: &mut Vec<Action>,
) {
    let mut picked: Option<Company> = None;
    let current = draft.company.as_ref().map(|c| c.naam.trim().to_lowercase());
    if let Some(name) = hint.filter(|n| current.as_deref() != Some(&n.trim().to_lowercase())) {
        let button = tf("cpick.use_contacts", &[("name", &name)]);
        if ui.button(button).clicked() {
            picked = Some(
                known
                    .search
                    .value()
                    .into_iter()
                    .flatten()
                    .chain(&recent.companies)
                    .find(|c| c.naam.eq_ignore_ascii_case(name))
                    .cloned()
                    .unwrap_or_else(|| Company {
                        naam: name.to_string(),
                        ..Company::default()
                    }),
            );
        }
    }
    if !recent.companies.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(t("recent.companies"));
            for company in &recent.companies {
                if ui.button(&company.naam).clicked() {
                    picked = Some(company.clone());
                }
            }
        });
    }
    ui.horizontal(|ui| {
        let label = ui.label(t("cpick.search"));
        let r = ui
            .add(egui::TextEdit::singleline(&mut known.query).desired_width(240.0))
            .labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let go = ui.button(t("cpick.search_button")).clicked();
        if (go || enter) && !known.query.trim().is_empty() && !known.search.is_loading() {
            actions.push(Action::SearchCompanies(known.query.trim().to_string()));
        }
        if known.search.is_loading() {
            ui.spinner();
        }
    });
    if let Some(results) = known.search.value().filter(|_| !known.search.is_loading()) {
        if results.is_empty() {
            ui.weak(t("cpick.none_stored"));
        }
        ui.horizontal_wrapped(|ui| {
            for company in results {
                let place = company.adres.plaats.trim();
                let label = if place.is_empty() {
                    company.naam.clone()
                } else {
                    format!("{} ({place})", company.naam)
                };
                if ui.button(label).clicked() {
                    picked = Some(company.clone());
                }
            }
        });
    }
    if let Some(company) = picked {
        draft.company = Some(company);
    }
}

impl EnrolState {
    /// A known-people request failed: stop waiting for it.
    pub(super) fn known_failed(&mut self, req: RequestId, error: &UserMessage) {
        self.people.finished(req);
        self.list.file.fail(req, error.clone());
        self.known_companies.search.fail(req, error.clone());
        // A recent file that cannot be read counts as read: it is not asked again.
        self.recent_load.fail(req, error.clone());
    }

    /// Remembers the contact person and company of a finished enrolment on this computer.
    pub(super) fn remember_recent(&mut self, cx: &Ctx) {
        let company = self.draft.company.clone();
        self.recent.remember(&self.draft.contact, company.as_ref());
        // Each connection keeps its own recent file (people and companies of that tenant).
        if let (Ok(json), true) = (serde_json::to_string(&self.recent), self.entered.is_some()) {
            cx.send(Command::SaveRecent { json });
        }
    }

    /// The automatic lookups due now (after drawing), and the recent file on first show.
    pub(super) fn background_actions(&mut self, connected: bool, ui: &Ui) -> Vec<Action> {
        let mut out = Vec::new();
        if matches!(self.recent_load, Remote::Idle) && self.entered.is_some() {
            out.push(Action::LoadRecent);
        }
        let (keys, wait) = self.people.due();
        let on_people_step = matches!(self.current_step(), Step::Contact | Step::Participants);
        if connected && on_people_step && !keys.is_empty() {
            out.push(Action::Lookup(keys));
        }
        if let Some(wait) = wait {
            ui.ctx().request_repaint_after(wait);
        }
        out
    }
}

/// Sends the worker command of a known-people action with a fresh request id.
pub(super) fn run_action(state: &mut super::EnrolState, cx: &mut Ctx, action: Action) {
    let req = cx.next_req();
    match action {
        Action::Lookup(keys) => {
            state.people.asked(req, &keys);
            cx.send(Command::LookupPeople { req, keys });
        }
        Action::ImportFile(path) => {
            state.list.file.start(req);
            let title = crate::i18n::t("plist.file_filter").to_string();
            cx.send(Command::ImportParticipants { req, title, path });
        }
        Action::SearchCompanies(name) => {
            state.known_companies.search.start(req);
            cx.send(Command::SearchCompanies { req, name });
        }
        Action::LoadRecent => {
            if state.entered.is_some() {
                state.recent_load.start(req);
                cx.send(Command::LoadRecent { req });
            }
        }
        Action::LoadCourses | Action::Send | Action::OpenOutbox => {}
    }
}

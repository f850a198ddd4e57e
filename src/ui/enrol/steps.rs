//! Steps 2–5: who enrols, the contact person, the participants, company and invoice.

use super::form::{Fields, address_rows, person_form};
use super::people::{apply_offer, offers, status_line};
use super::{Action, EnrolState};
use crate::enrol::{Company, Debtor, Person, Scenario, Step};
use crate::i18n::{t, tf};
use egui::Ui;

fn fields_for(state: &mut EnrolState, step: Step) -> Fields<'_> {
    let issues = state.issues_of(step);
    let attempted = state.attempted.contains(&step);
    Fields::new(issues, &mut state.server_issues, attempted)
}

/// Step 2: three choices, each with a plain explanation.
pub(super) fn scenario_step(state: &mut EnrolState, ui: &mut Ui) {
    let lang = crate::i18n::current();
    for scenario in Scenario::ALL {
        ui.radio_value(
            &mut state.draft.scenario,
            Some(scenario),
            scenario.label(lang),
        );
        ui.indent(("explain", scenario.label(lang)), |ui| {
            ui.label(scenario.explanation(lang));
        });
        ui.add_space(6.0);
    }
    let mut fields = fields_for(state, Step::Scenario);
    fields.messages(ui, "scenario");
    fields.rest(ui);
}

/// Step 3: the contact person (for self-enrolment: the participant).
pub(super) fn contact_step(
    state: &mut EnrolState,
    ui: &mut Ui,
    enter: &mut bool,
    actions: &mut Vec<Action>,
) {
    if state.draft.scenario == Some(Scenario::SelfEnrol) {
        ui.label(t("wiz.contact.self"));
    }
    status_line(&state.people, ui);
    super::known::recent_contacts(state, ui);
    let issues = state.issues_of(Step::Contact);
    let attempted = state.attempted.contains(&Step::Contact);
    let mut fields = Fields::new(issues, &mut state.server_issues, attempted);
    person_form(
        ui,
        &mut fields,
        "contactpersoon",
        &mut state.draft.contact,
        true,
    );
    state
        .people
        .track("contactpersoon", &mut state.draft.contact);
    if let Some(offer) = offers(&state.people, &state.draft.contact, None, ui)
        && let Some(key) = apply_offer(
            offer,
            &mut state.draft.contact,
            &mut state.people,
            &mut state.company_hint,
        )
    {
        actions.push(Action::Lookup(vec![key]));
    }
    // In scenario 3 the contact person's copy in `deelnemers[0]` is shown here.
    fields.rest(ui);
    *enter |= fields.enter;
}

/// Above this many participants the step shows a table with a status per row instead of a form
/// per person.
const COMPACT_FROM: usize = 5;

/// Step 4: the participants (scenario 3 shows the contact person first, kept in sync).
pub(super) fn participants_step(
    state: &mut EnrolState,
    ui: &mut Ui,
    enter: &mut bool,
    actions: &mut Vec<Action>,
) {
    let today = state.clock.today();
    ui.group(
        |ui| match super::list::list_panel(&mut state.list, ui, today) {
            Some(super::list::ListAction::ChooseFile(path)) => {
                actions.push(Action::ImportFile(path))
            }
            Some(super::list::ListAction::Add(people)) => {
                let bad = people.iter().any(|p| {
                    crate::enrol::list::row_issues(p, today)
                        .iter()
                        .any(crate::enrol::FieldIssue::is_error)
                });
                state.draft.participants.extend(people);
                if bad {
                    // Show every reason at its field at once, also for empty required fields.
                    state.attempted.insert(Step::Participants);
                }
            }
            None => {}
        },
    );
    status_line(&state.people, ui);
    super::known::bad_rows_line(state, ui);
    let with_contact = state.draft.scenario == Some(Scenario::ContactEnrolsSelfAndEmployees);
    let offset = usize::from(with_contact);
    if with_contact {
        let name = state.draft.contact.display_name();
        ui.group(|ui| {
            ui.strong(tf("wiz.participant.n", &[("n", &1)]));
            ui.label(tf("wiz.participant.contact", &[("name", &name)]));
        });
    }
    let issues = state.issues_of(Step::Participants);
    let attempted = state.attempted.contains(&Step::Participants);
    let mut fields = Fields::new(issues, &mut state.server_issues, attempted);
    fields.messages(ui, "deelnemers");
    let mut remove = None;
    let mut lookups = Vec::new();
    let people = &mut state.people;
    let hint = &mut state.company_hint;
    let compact = state.draft.participants.len() > COMPACT_FROM;
    if compact {
        // A long list is a table with a status per row; one person opens as a form.
        let open = &mut state.editing_participant;
        egui::Grid::new("participants-table")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                ui.strong(t("plist.col.row"));
                ui.strong(t("wiz.p.name"));
                ui.strong(t("wiz.p.email"));
                ui.strong(t("plist.col.status"));
                ui.end_row();
                for (i, person) in state.draft.participants.iter_mut().enumerate() {
                    let n = i + offset + 1;
                    let prefix = format!("deelnemers[{}]", i + offset);
                    people.track(&prefix, person);
                    ui.label(tf("wiz.participant.n", &[("n", &n)]));
                    ui.label(person.display_name());
                    ui.label(&person.emailadres);
                    match fields.first_error_under(&prefix) {
                        Some(error) => {
                            ui.colored_label(ui.visuals().error_fg_color, error);
                        }
                        None => {
                            ui.label(t("plist.ok"));
                        }
                    }
                    ui.horizontal(|ui| {
                        // Short on screen, whole for a screen reader ("Deelnemer 7 bewerken").
                        let named = |response: egui::Response, key: &str| {
                            let name = tf(key, &[("n", &n)]);
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                            });
                            response.clicked()
                        };
                        if named(
                            ui.small_button(t("wiz.participant.edit_short")),
                            "wiz.participant.edit",
                        ) {
                            *open = (*open != Some(i)).then_some(i);
                        }
                        if named(
                            ui.small_button(t("wiz.participant.remove_short")),
                            "wiz.participant.remove",
                        ) {
                            remove = Some(i);
                        }
                    });
                    ui.end_row();
                }
            });
    }
    for (i, person) in state.draft.participants.iter_mut().enumerate() {
        if compact && state.editing_participant != Some(i) {
            continue;
        }
        let n = i + offset + 1;
        ui.group(|ui| {
            ui.horizontal(|ui| {
                ui.strong(tf("wiz.participant.n", &[("n", &n)]));
                if compact {
                    if ui.button(t("wiz.participant.close")).clicked() {
                        state.editing_participant = None;
                    }
                } else if ui
                    .button(tf("wiz.participant.remove", &[("n", &n)]))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
            let prefix = format!("deelnemers[{}]", i + offset);
            fields.messages(ui, &prefix);
            person_form(ui, &mut fields, &prefix, person, false);
            people.track(&prefix, person);
            if let Some(offer) = offers(people, person, Some(n), ui) {
                lookups.extend(apply_offer(offer, person, people, hint));
            }
        });
    }
    if !lookups.is_empty() {
        actions.push(Action::Lookup(lookups));
    }
    if state.draft.participants.is_empty() {
        ui.label(t("wiz.participant.none"));
    }
    if ui.button(t("wiz.participant.add")).clicked() {
        state.draft.participants.push(Person::default());
    }
    if let Some(i) = remove {
        state.editing_participant = None;
        state.draft.participants.remove(i);
        fields.forget_server("deelnemers");
    }
    fields.rest(ui);
    *enter |= fields.enter;
}

/// Step 5: optional company and invoice details, remark and the user's own reference.
pub(super) fn company_step(
    state: &mut EnrolState,
    ui: &mut Ui,
    enter: &mut bool,
    actions: &mut Vec<Action>,
) {
    let issues = state.issues_of(Step::Company);
    let attempted = state.attempted.contains(&Step::Company);
    let mut fields = Fields::new(issues, &mut state.server_issues, attempted);
    super::known::company_choices(
        &mut state.draft,
        &mut state.known_companies,
        &state.recent,
        state.company_hint.as_deref(),
        ui,
        actions,
    );
    let draft = &mut state.draft;
    let mut with_company = draft.company.is_some();
    if ui
        .checkbox(&mut with_company, t("wiz.company.use"))
        .changed()
    {
        draft.company = with_company.then(Company::default);
    }
    if let Some(company) = &mut draft.company {
        egui::Grid::new("company").num_columns(2).show(ui, |ui| {
            fields.text(ui, t("wiz.company.name"), &mut company.naam, "bedrijf.naam");
            fields.text(
                ui,
                t("wiz.company.email"),
                &mut company.emailadres,
                "bedrijf.emailadres",
            );
            fields.text(
                ui,
                t("wiz.company.phone"),
                &mut company.telefoonnummer,
                "bedrijf.telefoonnummer",
            );
            address_rows(ui, &mut fields, "bedrijf.adres", &mut company.adres);
        });
    }
    let mut with_debtor = draft.debtor.is_some();
    if ui.checkbox(&mut with_debtor, t("wiz.debtor.use")).changed() {
        draft.debtor = with_debtor.then(Debtor::default);
    }
    if let Some(debtor) = &mut draft.debtor {
        egui::Grid::new("debtor").num_columns(2).show(ui, |ui| {
            fields.text(
                ui,
                t("wiz.debtor.holder"),
                &mut debtor.naam_rekeninghouder,
                "debiteur.naamRekeninghouder",
            );
            fields.text(ui, t("wiz.debtor.iban"), &mut debtor.iban, "debiteur.iban");
            fields.text(
                ui,
                t("wiz.debtor.btw"),
                &mut debtor.btw_nummer,
                "debiteur.btwNummer",
            );
            fields.text(
                ui,
                t("wiz.debtor.email"),
                &mut debtor.emailadres_anders,
                "debiteur.emailadresAnders",
            );
        });
        ui.checkbox(&mut debtor.particulier, t("wiz.debtor.private"));
    }
    ui.add_space(6.0);
    let label = ui.label(t("wiz.remark"));
    let remark = ui
        .add(
            egui::TextEdit::multiline(&mut draft.remark)
                .desired_rows(3)
                .desired_width(480.0),
        )
        .labelled_by(label.id);
    if remark.changed() {
        fields.forget_server("opmerking");
    }
    fields.messages(ui, "opmerking");
    egui::Grid::new("reference").num_columns(2).show(ui, |ui| {
        fields.text(
            ui,
            t("wiz.reference"),
            &mut draft.reference,
            "referentieNrKlant",
        );
    });
    ui.weak(t("wiz.reference_hint"));
    fields.rest(ui);
    *enter |= fields.enter;
}

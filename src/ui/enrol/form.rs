//! Form fields with their validation messages right below them, and the person form.

use crate::enrol::{FieldIssue, Person, Severity};
use crate::i18n::{Lang, t, tf};
use egui::{Response, Ui};
use std::collections::HashSet;

/// The issues of one step and which of them have been shown at a field.
pub(super) struct Fields<'a> {
    /// Our validation issues for this step.
    issues: Vec<FieldIssue>,
    /// Coachview's (400), removed from a field once the user edits it.
    server: &'a mut Vec<FieldIssue>,
    /// The user pressed Next here: show errors of empty fields too.
    attempted: bool,
    shown: HashSet<String>,
    /// Enter was pressed in a single-line field.
    pub enter: bool,
    lang: Lang,
}

impl<'a> Fields<'a> {
    pub(super) fn new(
        issues: Vec<FieldIssue>,
        server: &'a mut Vec<FieldIssue>,
        attempted: bool,
    ) -> Self {
        Fields {
            issues,
            server,
            attempted,
            shown: HashSet::new(),
            enter: false,
            lang: crate::i18n::current(),
        }
    }

    /// A labelled single-line field in a two-column grid, with its messages below it.
    pub(super) fn text(
        &mut self,
        ui: &mut Ui,
        label: &str,
        value: &mut String,
        path: &str,
    ) -> Response {
        let label = ui.label(label);
        // A stable id from the field's path: an automatic id changes when a line appears above
        // the form (the lookup count), which took the focus and the typed text from the field.
        let response = ui
            .add(
                egui::TextEdit::singleline(value)
                    .id_salt(path)
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        ui.end_row();
        if response.changed() {
            self.server.retain(|i| i.field != path);
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            self.enter = true;
        }
        let filled = !value.trim().is_empty();
        self.messages_in_grid(ui, path, filled);
        response
    }

    /// Marks a path as handled by the caller and shows its messages in the grid.
    pub(super) fn messages_in_grid(&mut self, ui: &mut Ui, path: &str, filled: bool) {
        for (severity, text) in self.take(path, filled) {
            ui.label("");
            message(ui, severity, &text);
            ui.end_row();
        }
    }

    /// Shows the messages of a path outside a grid.
    pub(super) fn messages(&mut self, ui: &mut Ui, path: &str) {
        for (severity, text) in self.take(path, false) {
            message(ui, severity, &text);
        }
    }

    /// The first error (ours or Coachview's) of any field under `prefix` (a participant in the
    /// compact list), marking them shown; `None` when the person is in order.
    pub(super) fn first_error_under(&mut self, prefix: &str) -> Option<String> {
        let under = |field: &str| field == prefix || field.starts_with(&format!("{prefix}."));
        let mut found = None;
        for issue in self.issues.iter().chain(self.server.iter()) {
            if under(&issue.field) {
                self.shown.insert(issue.field.clone());
                if found.is_none() && issue.is_error() {
                    found = Some(issue.code.message(self.lang));
                }
            }
        }
        found
    }

    /// Drops server messages of every path starting with `prefix` (e.g. a removed participant).
    pub(super) fn forget_server(&mut self, prefix: &str) {
        self.server.retain(|i| !i.field.starts_with(prefix));
    }

    fn take(&mut self, path: &str, filled: bool) -> Vec<(Severity, String)> {
        self.shown.insert(path.to_string());
        let show_errors = self.attempted || filled;
        let ours = self
            .issues
            .iter()
            .filter(|i| i.field == path && (show_errors || !i.is_error()));
        let theirs = self.server.iter().filter(|i| i.field == path);
        ours.chain(theirs)
            .map(|i| (i.severity, i.code.message(self.lang)))
            .collect()
    }

    /// Every message not shown at a field yet (whole-step issues, unknown server paths).
    pub(super) fn rest(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let ours = self
            .issues
            .iter()
            .filter(|i| !self.shown.contains(&i.field) && (self.attempted || !i.is_error()));
        let theirs = self
            .server
            .iter()
            .filter(|i| !self.shown.contains(&i.field));
        for issue in ours.chain(theirs) {
            let text = if issue.field.is_empty() {
                issue.code.message(lang)
            } else {
                format!("{}: {}", issue.field, issue.code.message(lang))
            };
            message(ui, issue.severity, &text);
        }
    }
}

/// One message in the error or warning colour.
pub(super) fn message(ui: &mut Ui, severity: Severity, text: &str) {
    match severity {
        Severity::Error => {
            ui.colored_label(ui.visuals().error_fg_color, text);
        }
        Severity::Warning => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                tf("wiz.warning", &[("text", &text)]),
            );
        }
    }
}

/// The fields of a person; `with_address` adds address and country (the contact person).
pub(super) fn person_form(
    ui: &mut Ui,
    fields: &mut Fields<'_>,
    prefix: &str,
    person: &mut Person,
    with_address: bool,
) {
    let at = |f: &str| format!("{prefix}.{f}");
    egui::Grid::new(("person", prefix))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            fields.text(
                ui,
                t("wiz.p.voornaam"),
                &mut person.voornaam,
                &at("voornaam"),
            );
            fields.text(
                ui,
                t("wiz.p.voorletters"),
                &mut person.voorletters,
                &at("voorletters"),
            );
            fields.text(
                ui,
                t("wiz.p.tussenvoegsels"),
                &mut person.tussenvoegsels,
                &at("tussenvoegsels"),
            );
            fields.text(
                ui,
                t("wiz.p.achternaam"),
                &mut person.achternaam,
                &at("achternaam"),
            );
            fields.text(
                ui,
                t("wiz.p.email"),
                &mut person.emailadres,
                &at("emailadres"),
            );
            fields.text(
                ui,
                t("wiz.p.phone"),
                &mut person.telefoonnummer,
                &at("telefoonnummer"),
            );
            fields.text(
                ui,
                t("wiz.p.birth"),
                &mut person.geboorte_datum,
                &at("geboorteDatum"),
            );
            if with_address {
                address_rows(ui, fields, &at("adres"), &mut person.adres);
            }
        });
}

/// Address rows inside a grid.
pub(super) fn address_rows(
    ui: &mut Ui,
    fields: &mut Fields<'_>,
    prefix: &str,
    adres: &mut crate::enrol::Address,
) {
    let at = |f: &str| format!("{prefix}.{f}");
    fields.text(ui, t("wiz.p.adres1"), &mut adres.adres1, &at("adres1"));
    fields.text(
        ui,
        t("wiz.p.postcode"),
        &mut adres.postcode,
        &at("postcode"),
    );
    fields.text(ui, t("wiz.p.plaats"), &mut adres.plaats, &at("plaats"));
    fields.text(ui, t("wiz.p.land"), &mut adres.land_code, &at("landCode"));
}

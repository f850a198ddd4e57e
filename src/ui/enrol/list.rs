//! Participants from a list: paste rows from Excel or import a CSV/XLSX file, see how the columns
//! were read and which rows are wrong (with the reason), then add them to the participants, where
//! bad rows are fixed in place. Nothing is sent while a row has an error.

use crate::enrol::Person;
use crate::enrol::list::{self, ParsedList};
use crate::i18n::{t, tf};
use crate::ui::path_prompt::PathAnswer;
use egui::Ui;

/// At most this many rows are drawn in the preview (all are added).
const PREVIEW_ROWS: usize = 200;

/// The list being pasted or imported.
#[derive(Debug, Default)]
pub struct ListImport {
    /// The paste box.
    pub text: String,
    /// The rows as read (from the paste box or a file).
    pub parsed: Option<ParsedList>,
    /// The file the rows came from (empty: pasted).
    pub source: String,
    /// How the file was decoded (a text file only).
    pub encoding: Option<crate::enrol::text_encoding::TextEncoding>,
    /// The file dialog / read under way.
    pub file: crate::ui::Remote<()>,
    /// The typed path offered when no file dialog could be shown, and the last folder read.
    pub path: crate::ui::path_prompt::PathPrompt,
    parsed_text: String,
}

impl ListImport {
    /// Rows of a file arrived (dates are checked against `today`).
    pub(crate) fn take_file(
        &mut self,
        file: String,
        rows: &crate::enrol::list_file::ListFile,
        today: chrono::NaiveDate,
    ) {
        if file.is_empty() {
            return;
        }
        self.path.used(std::path::Path::new(&file));
        self.parsed = Some(list::interpret(&rows.rows, today));
        self.encoding = rows.encoding;
        self.source = file;
        self.text.clear();
        self.parsed_text.clear();
    }

    fn reparse_paste(&mut self, today: chrono::NaiveDate) {
        if self.text == self.parsed_text {
            return;
        }
        self.parsed_text = self.text.clone();
        self.source.clear();
        self.encoding = None;
        self.parsed = (!self.text.trim().is_empty())
            .then(|| list::interpret(&list::split_pasted(&self.text), today));
    }
}

/// What the list panel asks of the wizard.
pub(super) enum ListAction {
    /// Open the file dialog (through the worker), or read the typed path.
    ChooseFile(Option<std::path::PathBuf>),
    /// Add these people to the participants.
    Add(Vec<Person>),
}

/// The paste box, the import button and the preview (dates are checked against `today`).
pub(super) fn list_panel(
    import: &mut ListImport,
    ui: &mut Ui,
    today: chrono::NaiveDate,
) -> Option<ListAction> {
    let mut action = None;
    ui.strong(t("plist.title"));
    ui.weak(t("plist.hint"));
    let label = ui.label(t("plist.paste"));
    // A long paste scrolls inside the box, so the preview and its buttons stay in view.
    egui::ScrollArea::vertical()
        .id_salt("list-paste")
        .max_height(90.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut import.text)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .code_editor(),
            )
            .labelled_by(label.id);
        });
    import.reparse_paste(today);
    ui.horizontal(|ui| {
        let busy = import.file.is_loading();
        if ui
            .add_enabled(!busy, egui::Button::new(t("plist.import_file")))
            .clicked()
        {
            action = Some(ListAction::ChooseFile(None));
        }
        if busy {
            ui.spinner();
        }
        if !import.source.is_empty() {
            ui.label(tf("plist.from_file", &[("file", &import.source)]));
            if let Some(encoding) = import.encoding {
                ui.weak(tf("plist.encoding", &[("encoding", &encoding.name())]));
            }
        }
    });
    if let PathAnswer::Confirmed(path) = import.path.ui(ui, "plist.file_path", "plist.file_open") {
        action = Some(ListAction::ChooseFile(Some(path)));
    }
    let Some(parsed) = &import.parsed else {
        return action;
    };
    let lang = crate::i18n::current();
    let names: Vec<&str> = parsed
        .columns
        .iter()
        .map(|c| crate::i18n::text(lang, c.label_key()))
        .collect();
    if parsed.has_header {
        ui.label(tf("plist.by_header", &[("columns", &names.join(" | "))]));
    } else {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf("plist.by_position", &[("columns", &names.join(" | "))]),
        );
    }
    if parsed.dropped > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf(
                "plist.dropped",
                &[("n", &parsed.dropped), ("max", &list::MAX_ROWS)],
            ),
        );
    }
    preview(parsed, ui);
    let n = parsed.rows.len();
    let bad = parsed.bad_rows();
    if bad > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tf("plist.bad_rows", &[("bad", &bad), ("n", &n)]),
        );
    }
    let mut discard = false;
    ui.horizontal(|ui| {
        if n > 0 && ui.button(tf("plist.add", &[("n", &n)])).clicked() {
            action = Some(ListAction::Add(
                parsed.rows.iter().map(|r| r.person.clone()).collect(),
            ));
        }
        discard = ui.button(t("plist.discard")).clicked();
    });
    if discard || matches!(action, Some(ListAction::Add(_))) {
        let path = std::mem::take(&mut import.path);
        *import = ListImport {
            path,
            ..Default::default()
        };
    }
    action
}

fn preview(parsed: &ParsedList, ui: &mut Ui) {
    let lang = crate::i18n::current();
    egui::ScrollArea::both()
        .id_salt("list-preview")
        .max_height(180.0)
        .show(ui, |ui| {
            egui::Grid::new("list-preview-grid")
                .striped(true)
                .num_columns(parsed.columns.len() + 2)
                .show(ui, |ui| {
                    ui.strong(t("plist.col.row"));
                    for c in &parsed.columns {
                        ui.strong(crate::i18n::text(lang, c.label_key()));
                    }
                    ui.strong(t("plist.col.status"));
                    ui.end_row();
                    for row in parsed.rows.iter().take(PREVIEW_ROWS) {
                        ui.label(row.line.to_string());
                        for c in &parsed.columns {
                            ui.label(cell(&row.person, *c));
                        }
                        if row.has_error() {
                            ui.colored_label(ui.visuals().error_fg_color, row.reasons(lang));
                        } else {
                            ui.label(t("plist.ok"));
                        }
                        ui.end_row();
                    }
                });
            if parsed.rows.len() > PREVIEW_ROWS {
                ui.label(tf(
                    "plist.more",
                    &[("n", &(parsed.rows.len() - PREVIEW_ROWS))],
                ));
            }
        });
}

fn cell(p: &Person, c: list::Column) -> String {
    use list::Column::*;
    match c {
        Voornaam => p.voornaam.clone(),
        Voorletters => p.voorletters.clone(),
        Tussenvoegsels => p.tussenvoegsels.clone(),
        Achternaam => p.achternaam.clone(),
        Email => p.emailadres.clone(),
        Telefoon => p.telefoonnummer.clone(),
        Geboortedatum => p.geboorte_datum.clone(),
        Geslacht => p.geslacht.clone(),
        Ignore => String::new(),
    }
}

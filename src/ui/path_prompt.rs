//! The typed path that stands in for a file dialog that cannot be shown (Linux without a desktop
//! portal or zenity): says so, proposes a path in the last folder used, and hands back the path
//! the planner confirms. Shared by the export and the participants-file import.

use crate::i18n::t;
use egui::Ui;
use std::path::{Path, PathBuf};

/// A path field that is open, or not.
#[derive(Debug, Default, Clone)]
pub struct PathPrompt {
    /// The path as typed; `None` while no dialog failed.
    pub typed: Option<String>,
    /// The folder of the last file written or read (proposed next time).
    pub last_folder: Option<PathBuf>,
}

/// What the planner did with the path field this frame.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathAnswer {
    /// Nothing yet.
    Waiting,
    /// Use this path.
    Confirmed(PathBuf),
    /// The planner closed the field.
    Closed,
}

impl PathPrompt {
    /// No dialog could be shown: open the field with `name` in the last folder (else `folder`).
    pub(crate) fn open(&mut self, folder: &Path, name: &str) {
        let folder = self
            .last_folder
            .clone()
            .unwrap_or_else(|| folder.to_path_buf());
        self.typed = Some(folder.join(name).display().to_string());
    }

    /// A file was written or read at `path`: its folder is proposed next time.
    pub(crate) fn used(&mut self, path: &Path) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.last_folder = Some(parent.to_path_buf());
        }
    }

    /// Draws the field (when open): the reason, the labelled path and `confirm` / Cancel.
    pub(crate) fn ui(&mut self, ui: &mut Ui, field_key: &str, confirm_key: &str) -> PathAnswer {
        let Some(typed) = self.typed.as_mut() else {
            return PathAnswer::Waiting;
        };
        let mut answer = PathAnswer::Waiting;
        ui.colored_label(ui.visuals().warn_fg_color, t("path.no_dialog"));
        ui.horizontal(|ui| {
            let label = ui.label(t(field_key));
            let edit = ui
                .add(egui::TextEdit::singleline(typed).desired_width(420.0))
                .labelled_by(label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let path = typed.trim().to_string();
            if (ui
                .add_enabled(!path.is_empty(), egui::Button::new(t(confirm_key)))
                .clicked()
                || enter)
                && !path.is_empty()
            {
                answer = PathAnswer::Confirmed(PathBuf::from(path));
            }
            if ui.button(t("path.cancel")).clicked() {
                answer = PathAnswer::Closed;
            }
        });
        if answer != PathAnswer::Waiting {
            self.typed = None;
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_proposes_the_last_folder_used_and_else_the_given_one() {
        // Joined the way this OS joins paths (`\` on Windows).
        let shown = |folder: &str, name: &str| Path::new(folder).join(name).display().to_string();
        let mut p = PathPrompt::default();
        p.open(Path::new("/home/anna/Documenten"), "aanvragen.csv");
        assert_eq!(
            p.typed,
            Some(shown("/home/anna/Documenten", "aanvragen.csv"))
        );
        p.used(Path::new("/srv/exports/oud.csv"));
        p.open(Path::new("/home/anna/Documenten"), "nieuw.xlsx");
        assert_eq!(p.typed, Some(shown("/srv/exports", "nieuw.xlsx")));
    }
}

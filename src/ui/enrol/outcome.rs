//! Step 7: send, and how it went (sent with its number, waiting in the outbox, held, refused).

use super::{Action, EnrolState};
use crate::i18n::{Lang, t, tf};
use crate::outbox::{Entry, Status};
use egui::Ui;

/// How a send ended, as the wizard shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Coachview has it, under this `nummer`.
    Sent {
        /// The webaanvraag's number in Coachview.
        nummer: String,
    },
    /// In the outbox; it goes out automatically. `detail`: status and last error in words.
    Queued {
        /// The entry's status and last error, in words.
        detail: String,
    },
    /// In the outbox, held until the user acts (credentials, scope).
    Held {
        /// Why it is held and what to do, in words.
        detail: String,
    },
    /// Coachview refused fields (400): the wizard reopened at them.
    NeedsFix,
}

impl Outcome {
    /// The outcome of an entry after its first try.
    pub(crate) fn from_entry(entry: &Entry, lang: Lang) -> Outcome {
        let error = entry
            .last_error
            .as_ref()
            .map(|f| f.text(lang))
            .unwrap_or_default();
        let detail = |status: String| {
            if error.is_empty() {
                status
            } else {
                format!("{status}. {error}")
            }
        };
        match &entry.status {
            Status::Sent { nummer, .. } => Outcome::Sent {
                nummer: nummer.clone(),
            },
            Status::NeedsFix { .. } => Outcome::NeedsFix,
            Status::Held { reason } => Outcome::Held {
                detail: reason.text(lang),
            },
            other => Outcome::Queued {
                detail: detail(other.text(lang)),
            },
        }
    }
}

pub(super) fn send_step(state: &mut EnrolState, ui: &mut Ui, actions: &mut Vec<Action>) {
    if let Some(reused) = state.reused.as_ref().filter(|_| state.outcome.is_some()) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            reused.in_lang(crate::i18n::current()),
        );
    }
    match &state.outcome {
        Some(Outcome::Sent { nummer }) => {
            ui.heading(tf("wiz.sent", &[("nummer", nummer)]));
        }
        Some(Outcome::Queued { detail }) => {
            ui.strong(t("wiz.queued"));
            ui.label(detail);
        }
        Some(Outcome::Held { detail }) => {
            ui.colored_label(ui.visuals().warn_fg_color, t("wiz.held"));
            ui.label(detail);
        }
        Some(Outcome::NeedsFix) | None => {}
    }
    if state.is_done() {
        ui.horizontal(|ui| {
            if ui.button(t("wiz.new")).clicked() {
                state.reset();
            }
            if ui.button(t("wiz.to_outbox")).clicked() {
                actions.push(Action::OpenOutbox);
            }
        });
        return;
    }
    ui.label(t("wiz.send.explain"));
    if state.sending.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t("wiz.send.busy"));
        });
        return;
    }
    let button = ui.button(t("wiz.send.button"));
    let enter =
        ui.ctx().memory(|m| m.focused().is_none()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if button.clicked() || enter {
        actions.push(Action::Send);
    }
}

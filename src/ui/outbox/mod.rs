//! The outbox screen: every queued enrolment with status, attempts, last error and next try;
//! send now, edit, discard (confirmed), export as JSON.

use crate::i18n::{Lang, t, tf};
use crate::outbox::{Entry, EntryId, Status};
use crate::ui::{Ctx, Remote};
use crate::worker::{Command, RequestId};
use chrono::{DateTime, Local, Utc};
use egui::Ui;
use serde_json::Value;

/// The JSON editor of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Editor {
    /// The outbox entry being edited.
    pub id: EntryId,
    /// The entry's reference, shown above the editor.
    pub reference: String,
    /// The body as the planner edits it (JSON text).
    pub text: String,
    /// Why the text cannot be saved (not JSON, not an object); `None` when it can.
    pub error: Option<String>,
}

/// The outbox screen's state.
#[derive(Debug, Default)]
pub struct OutboxState {
    /// The entries: the answer to our request under way (list, flush, send, edit, discard), or a
    /// list that arrived unasked (the background flush).
    list: Remote<Vec<Entry>>,
    /// The entry shown in the detail pane; `None`: none.
    pub selected: Option<EntryId>,
    /// The entry waiting for "yes, discard".
    pub confirm_discard: Option<EntryId>,
    /// The open JSON editor; `None` when closed.
    pub editor: Option<Editor>,
    /// The JSON last copied with "export", for the note under the buttons.
    pub copied: Option<(String, String)>,
}

/// The worker's answers the outbox screen handles.
#[derive(Debug)]
pub(crate) enum OutboxEvent {
    /// The outbox's entries (the answer to one of our requests, or to the background flush).
    Entries {
        /// The request this answers (or the background flush's).
        req: RequestId,
        /// Every entry of the outbox.
        entries: Vec<Entry>,
    },
    /// A request failed (the shell shows why).
    Failed {
        /// The request that failed.
        req: RequestId,
        /// Why, worded for the planner.
        error: Box<crate::message::UserMessage>,
    },
}

impl OutboxState {
    /// The planner switched to this screen: ask for the list once (when connected).
    pub(crate) fn on_enter(&mut self, cx: &mut Ctx) {
        if cx.connected() {
            self.run(Action::List, cx);
        }
    }

    /// Applies a worker answer meant for the outbox screen.
    pub(crate) fn on_event(&mut self, event: OutboxEvent) {
        match event {
            OutboxEvent::Entries { req, entries } => {
                if self.list.is_waiting_for(req) {
                    self.list.resolve(req, entries);
                } else {
                    self.list.put(entries);
                }
            }
            OutboxEvent::Failed { req, error } => {
                self.list.fail(req, *error);
            }
        }
    }

    /// The entries as last listed.
    pub fn entries(&self) -> &[Entry] {
        self.list.value().map(Vec::as_slice).unwrap_or_default()
    }

    /// True while one of our requests is under way.
    pub fn busy(&self) -> bool {
        self.list.is_loading()
    }

    fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entries().iter().find(|e| e.id == id)
    }

    fn run(&mut self, action: Action, cx: &mut Ctx) {
        let req = cx.request(|req| match action {
            Action::List => Command::OutboxList { req },
            Action::Flush => Command::OutboxFlush { req },
            Action::SendNow(id) => Command::OutboxSendNow { req, id },
            Action::Discard(id) => Command::OutboxDiscard { req, id },
            Action::Update(id, body) => Command::OutboxUpdate { req, id, body },
        });
        self.list.start(req);
    }
}

enum Action {
    List,
    Flush,
    SendNow(EntryId),
    Discard(EntryId),
    Update(EntryId, Value),
}

/// A time in local time as `dd-mm-jjjj uu:mm`.
pub(crate) fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%d-%m-%Y %H:%M").to_string()
}

/// The "next try" column: a time, "as soon as possible", "waits for you", or nothing.
pub(crate) fn next_try_text(entry: &Entry, lang: Lang, now: DateTime<Utc>) -> String {
    match &entry.status {
        Status::Sent { .. } | Status::Discarded => String::new(),
        Status::Held { .. } | Status::NeedsFix { .. } => {
            crate::i18n::text(lang, "outbox.next_user").to_string()
        }
        _ => match entry.next_try_at {
            Some(at) if at > now => local_time(at),
            _ => crate::i18n::text(lang, "outbox.next_now").to_string(),
        },
    }
}

/// Draws the outbox screen.
pub(crate) fn outbox_ui(state: &mut OutboxState, cx: &mut Ctx, ui: &mut Ui) {
    let mut actions = Vec::new();
    screen_ui(state, ui, &mut actions, cx.clock.now_utc());
    for action in actions {
        state.run(action, cx);
    }
}

fn screen_ui(state: &mut OutboxState, ui: &mut Ui, actions: &mut Vec<Action>, now: DateTime<Utc>) {
    let lang = crate::i18n::current();
    ui.heading(t("nav.outbox"));
    ui.label(t("outbox.intro"));
    ui.horizontal(|ui| {
        let idle = !state.busy();
        if ui
            .add_enabled(idle, egui::Button::new(t("outbox.flush")))
            .clicked()
        {
            actions.push(Action::Flush);
        }
        if ui
            .add_enabled(idle, egui::Button::new(t("outbox.refresh")))
            .clicked()
        {
            actions.push(Action::List);
        }
        if !idle {
            ui.spinner();
            ui.label(t("outbox.busy"));
        }
    });
    ui.separator();
    if state.entries().is_empty() {
        ui.label(t("outbox.empty"));
    }
    egui::ScrollArea::vertical()
        .id_salt("outbox-table")
        .max_height(ui.available_height() * 0.6)
        .show(ui, |ui| table_ui(state, ui, lang, now));
    ui.separator();
    if let Some(entry) = state.selected.and_then(|id| state.entry(id)).cloned() {
        detail_ui(state, &entry, ui, actions, lang);
    }
    discard_dialog(state, ui, actions);
    edit_dialog(state, ui, actions);
}

fn table_ui(state: &mut OutboxState, ui: &mut Ui, lang: Lang, now: DateTime<Utc>) {
    egui::Grid::new("outbox")
        .num_columns(6)
        .striped(true)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            for key in [
                "outbox.col.reference",
                "outbox.col.created",
                "outbox.col.status",
                "outbox.col.attempts",
                "outbox.col.error",
                "outbox.col.next",
            ] {
                ui.strong(t(key));
            }
            ui.end_row();
            let mut clicked = None;
            for entry in state.entries().iter().rev() {
                let selected = state.selected == Some(entry.id);
                if ui.selectable_label(selected, &entry.reference).clicked() {
                    clicked = Some(entry.id);
                }
                ui.label(local_time(entry.created_at));
                ui.label(entry.status.text(lang));
                ui.label(entry.attempts.to_string());
                let error = entry
                    .last_error
                    .as_ref()
                    .filter(|_| entry.status.is_open())
                    .map(|f| f.text(lang))
                    .unwrap_or_default();
                ui.add(egui::Label::new(error).wrap());
                ui.label(next_try_text(entry, lang, now));
                ui.end_row();
            }
            if clicked.is_some() {
                state.selected = clicked;
            }
        });
}

fn detail_ui(
    state: &mut OutboxState,
    entry: &Entry,
    ui: &mut Ui,
    actions: &mut Vec<Action>,
    lang: Lang,
) {
    ui.strong(tf("outbox.selected", &[("reference", &entry.reference)]));
    ui.label(entry.status.text(lang));
    if let Status::NeedsFix { field_errors } = &entry.status {
        for issue in crate::enrol::map_server_errors(field_errors) {
            ui.colored_label(ui.visuals().error_fg_color, issue.line(lang));
        }
    }
    let open = entry.status.is_open();
    let editable = open && !matches!(entry.status, Status::Sending);
    let idle = !state.busy();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(open && idle, egui::Button::new(t("outbox.send_now")))
            .clicked()
        {
            actions.push(Action::SendNow(entry.id));
        }
        if ui
            .add_enabled(editable && idle, egui::Button::new(t("outbox.edit")))
            .clicked()
        {
            state.editor = Some(Editor {
                id: entry.id,
                reference: entry.reference.clone(),
                text: serde_json::to_string_pretty(&entry.body).unwrap_or_default(),
                error: None,
            });
        }
        if ui
            .add_enabled(editable && idle, egui::Button::new(t("outbox.discard")))
            .clicked()
        {
            state.confirm_discard = Some(entry.id);
        }
        if ui.button(t("outbox.export")).clicked() {
            let json = serde_json::to_string_pretty(&entry.body).unwrap_or_default();
            ui.ctx().copy_text(json.clone());
            state.copied = Some((entry.reference.clone(), json));
        }
    });
    if let Some((reference, _)) = &state.copied {
        ui.weak(tf("outbox.copied", &[("reference", reference)]));
    }
}

fn discard_dialog(state: &mut OutboxState, ui: &mut Ui, actions: &mut Vec<Action>) {
    let Some(id) = state.confirm_discard else {
        return;
    };
    let Some(entry) = state.entry(id).cloned() else {
        state.confirm_discard = None;
        return;
    };
    let mut close = false;
    egui::Modal::new(egui::Id::unique("outbox-discard")).show(ui.ctx(), |ui| {
        ui.set_max_width(440.0);
        ui.heading(t("outbox.discard.title"));
        ui.label(tf(
            "outbox.discard.body",
            &[("reference", &entry.reference)],
        ));
        if entry.maybe_sent {
            ui.colored_label(ui.visuals().warn_fg_color, t("outbox.discard.maybe_sent"));
        }
        ui.horizontal(|ui| {
            if ui.button(t("outbox.discard.confirm")).clicked() {
                actions.push(Action::Discard(id));
                close = true;
            }
            if ui.button(t("outbox.cancel")).clicked() {
                close = true;
            }
        });
    });
    if close {
        state.confirm_discard = None;
    }
}

fn edit_dialog(state: &mut OutboxState, ui: &mut Ui, actions: &mut Vec<Action>) {
    let Some(editor) = &mut state.editor else {
        return;
    };
    let mut close = false;
    egui::Modal::new(egui::Id::unique("outbox-edit")).show(ui.ctx(), |ui| {
        ui.set_max_width(640.0);
        ui.heading(tf("outbox.edit.title", &[("reference", &editor.reference)]));
        let label = ui.label(t("outbox.edit.label"));
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut editor.text)
                        .code_editor()
                        .desired_rows(16)
                        .desired_width(600.0),
                )
                .labelled_by(label.id);
            });
        if let Some(error) = &editor.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.horizontal(|ui| {
            if ui.button(t("outbox.edit.save")).clicked() {
                match serde_json::from_str::<Value>(&editor.text) {
                    Ok(body @ Value::Object(_)) => {
                        actions.push(Action::Update(editor.id, body));
                        close = true;
                    }
                    Ok(_) => editor.error = Some(t("outbox.edit.not_object").to_string()),
                    Err(e) => {
                        editor.error = Some(tf("outbox.edit.invalid", &[("error", &e)]));
                    }
                }
            }
            if ui.button(t("outbox.cancel")).clicked() {
                close = true;
            }
        });
    });
    if close {
        state.editor = None;
    }
}

#[cfg(test)]
mod tests;

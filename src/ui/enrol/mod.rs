//! The enrolment wizard: course, who enrols, contact person, participants, company and invoice,
//! review, send. The wizard's step is derived from the draft, which is saved as the user types.

mod course;
mod draw;
mod events;
mod form;
mod known;
pub mod list;
mod outcome;
mod owner;
pub mod people;
mod review;
mod send;
mod steps;

use crate::enrol::{Draft, FieldIssue, Step};

use crate::message::UserMessage;
use crate::outbox::{Entry, Status};
use crate::ui::{Ctx, Remote};
use crate::worker::{Command, RequestId};
use egui::Ui;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

pub use course::{CourseRow, course_rows};
pub use draw::enrol_ui;
pub use events::{Courses, EnrolEvent};
pub use outcome::Outcome;
pub use owner::DraftOwner;

/// What is saved on disk while the user types: the draft, and the outbox entry it fixes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Saved {
    draft: Draft,
    /// The outbox entry Coachview refused (400) that this draft corrects.
    fixing: Option<crate::outbox::EntryId>,
    /// The connection the draft was made for (absent in drafts saved before it was recorded).
    #[serde(default)]
    owner: Option<DraftOwner>,
}

/// The wizard's state.
#[derive(Debug, Default)]
pub struct EnrolState {
    /// The enrolment being entered (autosaved).
    pub draft: Draft,
    /// A step the user went back to (the shown step is the earlier of this and the derived one).
    pub view: Option<Step>,
    /// Steps where the user pressed Next: their empty required fields now show messages.
    pub attempted: BTreeSet<Step>,
    /// What Coachview said about fields (a 400), shown at those fields until they are edited.
    pub server_issues: Vec<FieldIssue>,
    /// The outbox entry this draft fixes (after a 400): it is updated and sent again, not duplicated.
    pub fixing: Option<crate::outbox::EntryId>,
    /// Upcoming courses and course types (JSON records).
    pub courses: Remote<Courses>,
    /// The search text above the course list.
    pub course_filter: String,
    /// The send (or fix: update, then send) under way.
    pub sending: Option<Sending>,
    /// A send request that failed; its entry may still have been queued.
    maybe_queued: Option<RequestId>,
    /// How the last send ended.
    pub outcome: Option<Outcome>,
    /// Set when the last send found the same enrolment in the outbox and reused that entry.
    pub reused: Option<crate::i18n::Text>,
    last_saved: Option<String>,
    last_save_at: Option<Instant>,
    last_step: Option<Step>,
    /// Known people: lookups and their session cache.
    pub people: people::PeopleState,
    /// The participants list being pasted or imported.
    pub list: list::ListImport,
    /// The participant whose form is open in the compact list (many participants).
    pub editing_participant: Option<usize>,
    /// Recently used contact persons and companies (this computer).
    pub recent: crate::enrol::recent::Recent,
    /// Reading the recent file (once a session; a failure counts as read).
    pub recent_load: Remote<()>,
    /// The company Coachview names for the contact person that was used.
    pub company_hint: Option<String>,
    /// The stored-company search.
    pub known_companies: known::KnownCompanies,
    /// Leave full courses out of the course list.
    pub hide_full: bool,
    /// What "today" is for date checks (the app's clock; fixed in tests).
    pub clock: crate::clock::Clock,
    /// The connection the draft belongs to (see [`EnrolState::enter_connection`]).
    owner: Option<DraftOwner>,
    /// The key of the connection in use (the worker knows its folder and recent file); `None`
    /// before any.
    entered: Option<String>,
    /// The profile whose ids the last switch took out of the draft (shown at the top).
    ids_cleared_from: Option<String>,
}

/// A send in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    /// `Command::Enrol`.
    Enrol(RequestId),
    /// `Command::OutboxUpdate` of the entry being fixed; the send follows.
    Update(RequestId, crate::outbox::EntryId),
    /// `Command::OutboxSendNow` of the entry being fixed.
    SendNow(RequestId, crate::outbox::EntryId),
}

impl Sending {
    fn req(self) -> RequestId {
        match self {
            Sending::Enrol(r) | Sending::Update(r, _) | Sending::SendNow(r, _) => r,
        }
    }
}

/// What a frame of the wizard asks the app to do (it needs request ids and the worker).
#[derive(Debug)]
pub(crate) enum Action {
    LoadCourses,
    Send,
    OpenOutbox,
    Lookup(Vec<crate::enrol::people::PersonKey>),
    ImportFile(Option<std::path::PathBuf>),
    SearchCompanies(String),
    LoadRecent,
}

impl EnrolState {
    /// Restores a saved draft (JSON from the data folder), or starts empty.
    pub(crate) fn new(saved: Option<&str>) -> EnrolState {
        let saved = saved.and_then(|json| {
            serde_json::from_str::<Saved>(json).ok().or_else(|| {
                serde_json::from_str::<Draft>(json).ok().map(|draft| Saved {
                    draft,
                    fixing: None,
                    owner: None,
                })
            })
        });
        let mut state = EnrolState::default();
        if let Some(saved) = saved {
            state.draft = saved.draft;
            state.fixing = saved.fixing;
            state.owner = saved.owner;
            state.last_saved = Some(state.saved_json());
        }
        state
    }

    /// The same state on `clock`.
    pub(crate) fn with_clock(self, clock: crate::clock::Clock) -> EnrolState {
        let mut state = EnrolState { clock, ..self };
        state.people.clock = state.clock.clone();
        state
    }

    /// The step on screen: the derived one, or an earlier one the user went back to.
    pub fn current_step(&self) -> Step {
        let derived = self.draft.step();
        match self.view {
            Some(v) if v < derived => v,
            _ => derived,
        }
    }

    /// Validation issues (ours) that belong to `step`.
    pub(crate) fn issues_of(&self, step: Step) -> Vec<FieldIssue> {
        crate::enrol::validate_at(&self.draft, self.clock.today())
            .into_iter()
            .filter(|i| step == Step::Review || self.draft.step_of_field(&i.field) == step)
            .collect()
    }

    /// Next: blocked while the step has errors (they are then shown at their fields).
    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> bool {
        let step = self.current_step();
        if step == Step::Send {
            return false;
        }
        if self.issues_of(step).iter().any(FieldIssue::is_error) {
            self.attempted.insert(step);
            return false;
        }
        let draft = &self.draft;
        self.server_issues
            .retain(|i| draft.step_of_field(&i.field) != step);
        match step {
            Step::Contact | Step::Participants | Step::Company => self.draft.confirm(step),
            Step::Review => self.draft.reviewed = true,
            _ => {}
        }
        let steps = self.draft.steps();
        let next = steps.iter().copied().find(|s| *s > step);
        let derived = self.draft.step();
        self.view = next.filter(|n| *n < derived);
        true
    }

    /// Back one step; nothing typed is lost.
    pub(crate) fn back(&mut self) {
        let step = self.current_step();
        let previous = self.draft.steps().into_iter().rev().find(|s| *s < step);
        if let Some(previous) = previous {
            self.view = Some(previous);
            self.draft.reviewed = false;
        }
    }

    /// Forgets everything for a new enrolment (the saved draft is removed by the caller).
    pub(crate) fn reset(&mut self) {
        let courses = std::mem::take(&mut self.courses);
        let recent_load = std::mem::take(&mut self.recent_load);
        let people = std::mem::take(&mut self.people);
        let recent = std::mem::take(&mut self.recent);
        *self = EnrolState {
            courses,
            people,
            recent,
            recent_load,
            owner: self.owner.take(),
            entered: self.entered.take(),
            hide_full: self.hide_full,
            clock: self.clock.clone(),
            ..EnrolState::default()
        };
        self.last_saved = Some(self.saved_json());
    }

    fn saved_json(&self) -> String {
        let saved = Saved {
            draft: self.draft.clone(),
            fixing: self.fixing,
            owner: self.owner.clone(),
        };
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// A request failed (the shell shows why): stop waiting for it.
    pub(crate) fn on_failed(&mut self, req: RequestId, error: &UserMessage) {
        self.known_failed(req, error);
        self.courses.fail(req, error.clone());
        if let Some(sending) = self.sending.filter(|s| s.req() == req) {
            self.sending = None;
            if matches!(sending, Sending::Enrol(_)) {
                self.maybe_queued = Some(req);
            }
        }
    }

    /// The outbox list after one of our requests: continue a fix, or learn that a failed send
    /// was queued after all.
    pub(crate) fn on_outbox_entries(&mut self, req: RequestId, entries: &[Entry], cx: &mut Ctx) {
        match self.sending {
            Some(Sending::Update(r, id)) if r == req => {
                let req = cx.request(|req| Command::OutboxSendNow { req, id });
                self.sending = Some(Sending::SendNow(req, id));
            }
            Some(Sending::SendNow(r, id)) if r == req => {
                if let Some(entry) = entries.iter().find(|e| e.id == id) {
                    self.finish(entry, cx);
                } else {
                    self.sending = None;
                }
            }
            _ if self.maybe_queued == Some(req) => {
                self.maybe_queued = None;
                let body = crate::enrol::payload(&self.draft);
                let queued = entries
                    .iter()
                    .rev()
                    .find(|e| without_reference(&e.body) == without_reference(&body));
                if let Some(entry) = queued.filter(|_| self.outcome.is_none()) {
                    let entry = entry.clone();
                    self.finish(&entry, cx);
                }
            }
            _ => {}
        }
    }

    /// The entry came back from its (first) try.
    pub(super) fn finish(&mut self, entry: &Entry, cx: &Ctx) {
        self.sending = None;
        self.maybe_queued = None;
        if let Status::NeedsFix { field_errors } = &entry.status {
            self.server_issues = crate::enrol::map_server_errors(field_errors);
            self.fixing = Some(entry.id);
            self.draft.reviewed = false;
            let first = self
                .server_issues
                .iter()
                .map(|i| self.draft.step_of_field(&i.field))
                .min()
                .unwrap_or(Step::Review);
            self.view = Some(first);
            self.outcome = Some(Outcome::NeedsFix);
            return;
        }
        self.outcome = Some(Outcome::from_entry(entry, crate::i18n::current()));
        self.remember_recent(cx);
        // The outbox owns the enrolment now: the draft must not be sent a second time.
        self.fixing = None;
        cx.send(Command::SaveDraft { json: None });
        self.last_saved = Some(self.saved_json());
    }

    /// True once the enrolment is in the outbox (sent, queued or held): only "new" is offered.
    pub(crate) fn is_done(&self) -> bool {
        matches!(&self.outcome, Some(o) if *o != Outcome::NeedsFix)
    }

    /// Saves the draft when it changed: at once on a step change, else at most once a second.
    fn autosave(&mut self, ui: &Ui, cx: &Ctx) {
        if self.is_done() {
            return;
        }
        let step = self.current_step();
        let json = self.saved_json();
        if self.last_saved.as_deref() == Some(json.as_str()) {
            self.last_step = Some(step);
            return;
        }
        let step_changed = self.last_step.is_some_and(|s| s != step);
        let waited = self
            .last_save_at
            .map_or(Duration::MAX, |at| self.clock.since(at));
        if step_changed || waited >= Duration::from_secs(1) {
            cx.send(Command::SaveDraft {
                json: Some(json.clone()),
            });
            self.last_saved = Some(json);
            self.last_save_at = Some(self.clock.instant());
        } else {
            ui.ctx()
                .request_repaint_after(Duration::from_secs(1).saturating_sub(waited));
        }
        self.last_step = Some(step);
    }
}

/// A body with `referentieNrKlant` removed (the outbox adds a generated one).
fn without_reference(body: &Value) -> Value {
    let mut body = body.clone();
    if let Value::Object(map) = &mut body {
        map.remove("referentieNrKlant");
    }
    body
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_known;

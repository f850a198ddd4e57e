//! The worker's answers the enrolment wizard handles, each matched by name (no catch-all); an
//! answer to a request the wizard no longer waits for is dropped.

use super::EnrolState;
use crate::enrol::Company;
use crate::enrol::people::{Lookup, PersonKey};
use crate::outbox::Entry;
use crate::ui::Ctx;
use crate::worker::RequestId;
use serde_json::Value;

/// A worker answer meant for the wizard (the app routes each `worker::Event` here by name; the
/// outbox list goes to [`EnrolState::on_outbox_entries`], failures to `on_failed`).
#[derive(Debug)]
pub enum EnrolEvent {
    /// Upcoming courses and course types.
    Courses {
        /// The request this answers.
        req: RequestId,
        /// Upcoming, not cancelled courses (Opleidingen records).
        opleidingen: Vec<Value>,
        /// Course types (Opleidingssoorten records).
        soorten: Vec<Value>,
    },
    /// An enrolment was queued and tried once.
    Enrolled {
        /// The request this answers.
        req: RequestId,
        /// The outbox entry, with the status after the first try.
        entry: Box<Entry>,
    },
    /// The same enrolment was in the outbox already: that entry is reused (`Enrolled` follows).
    Reused {
        /// The request this answers.
        req: RequestId,
        /// Which entry was reused, and how it stood.
        reused: crate::session::Reused,
    },
    /// The answer to one key of a people lookup.
    PersonFound {
        /// The request this answers.
        req: RequestId,
        /// The key that was looked up.
        key: PersonKey,
        /// What Coachview answered for it.
        lookup: Lookup,
        /// Requests sent since the previous answer (0: answered by the same batch).
        requests: u64,
    },
    /// Every key of a lookup was answered.
    LookupDone {
        /// The request this answers.
        req: RequestId,
    },
    /// No file dialog could be shown for the participants file: offer a typed path in `folder`.
    NoFileDialog {
        /// The request this answers.
        req: RequestId,
        /// The folder to propose.
        folder: std::path::PathBuf,
    },
    /// A participants file was read (`file` empty: none chosen).
    ParticipantFile {
        /// The request this answers.
        req: RequestId,
        /// The chosen file's name; empty when none was chosen.
        file: String,
        /// The file's rows (with their spreadsheet row numbers) and its text encoding.
        rows: crate::enrol::list_file::ListFile,
    },
    /// Stored companies matching a search.
    Companies {
        /// The request this answers.
        req: RequestId,
        /// The matching companies.
        companies: Vec<Company>,
    },
    /// The recently used contact persons and companies.
    Recent {
        /// The request this answers.
        req: RequestId,
        /// The recent list as JSON; `None` if there is no file yet.
        json: Option<String>,
    },
}

/// Upcoming courses and course types (JSON records), as loaded.
#[derive(Debug, Clone, Default)]
pub struct Courses {
    /// Upcoming, not cancelled courses (Opleidingen records).
    pub opleidingen: Vec<Value>,
    /// Course types (Opleidingssoorten records).
    pub soorten: Vec<Value>,
}

impl EnrolState {
    /// True once courses arrived (also while they are reloaded).
    pub fn courses_loaded(&self) -> bool {
        self.courses.value().is_some()
    }

    /// The upcoming courses shown (empty until loaded).
    pub fn opleidingen(&self) -> &[Value] {
        self.courses
            .value()
            .map_or(&[], |c| c.opleidingen.as_slice())
    }

    /// The course types shown (empty until loaded).
    pub fn soorten(&self) -> &[Value] {
        self.courses.value().map_or(&[], |c| c.soorten.as_slice())
    }

    /// Applies a worker answer meant for the wizard; stale answers are dropped.
    pub(crate) fn on_event(&mut self, event: EnrolEvent, cx: &Ctx) {
        match event {
            EnrolEvent::Courses {
                req,
                opleidingen,
                soorten,
            } => {
                self.courses.resolve(
                    req,
                    Courses {
                        opleidingen,
                        soorten,
                    },
                );
            }
            EnrolEvent::Enrolled { req, entry } => {
                let ours =
                    self.sending.is_some_and(|s| s.req() == req) || self.maybe_queued == Some(req);
                if ours {
                    self.finish(&entry, cx);
                }
            }
            EnrolEvent::Reused { req, reused } => {
                if self.sending.is_some_and(|s| s.req() == req) || self.maybe_queued == Some(req) {
                    self.reused = Some(reused.text());
                }
            }
            EnrolEvent::PersonFound {
                req,
                key,
                lookup,
                requests,
            } => {
                if self.people.reqs.contains(&req) {
                    self.people.answered(key, lookup, requests);
                }
            }
            EnrolEvent::LookupDone { req } => {
                self.people.finished(req);
            }
            EnrolEvent::NoFileDialog { req, folder } => {
                if self.list.file.resolve(req, ()) {
                    self.list.path.open(&folder, "");
                }
            }
            EnrolEvent::ParticipantFile { req, file, rows } => {
                if self.list.file.resolve(req, ()) {
                    self.list.take_file(file, &rows, self.clock.today());
                }
            }
            EnrolEvent::Companies { req, companies } => {
                self.known_companies.search.resolve(req, companies);
            }
            EnrolEvent::Recent { req, json } => {
                if self.recent_load.resolve(req, ())
                    && let Some(json) = json
                {
                    self.recent = crate::enrol::recent::Recent::from_json(&json);
                }
            }
        }
    }
}

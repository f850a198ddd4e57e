//! `Command`: what the UI asks the worker to do. Every request carries an id; answers echo it.

use crate::config::{Config, Profile};
use crate::export::{ExportFormat, ExportOptions};
use crate::resource::Resource;
use chrono::NaiveDate;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

/// Identifies one request; the UI drops answers to requests it no longer waits for. A newtype so
/// it cannot be mixed up with an entry id, a count or an index; fresh ids come only from
/// [`RequestId::advance`] on the app's one counter.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct RequestId(pub u64);

impl RequestId {
    /// The id of a report nobody asked for (an autosave failure, an automatic flush); the app's
    /// counter starts above it, so no screen ever waits for it.
    pub const UNSOLICITED: RequestId = RequestId(0);

    /// Treats `self` as the counter: steps it on and returns the new, never-before-used id.
    pub fn advance(&mut self) -> RequestId {
        self.0 = self.0.wrapping_add(1);
        *self
    }
}

/// The bare number, as logs showed it before the newtype (`req: 5`).
impl std::fmt::Debug for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

/// UI → worker. `Debug` is redacting (see below): no secret, body, draft or record text.
pub enum Command {
    /// Start the built-in simulator in-process and connect to it with the demo client.
    StartDemo { req: RequestId },
    /// Connect with a profile; the secret comes from the keyring, or `session_secret` if given.
    Connect {
        req: RequestId,
        profile: Profile,
        session_secret: Option<String>,
    },
    /// Store a secret in the OS keyring under `account`.
    SaveSecret {
        req: RequestId,
        account: String,
        secret: String,
    },
    /// Save the profiles file (never holds a secret).
    SaveConfig { req: RequestId, config: Config },
    /// Remove the secret stored under `account`.
    ForgetSecret { req: RequestId, account: String },
    /// Get a token, then try `take=1` on every resource.
    TestConnection { req: RequestId },
    /// Load the stored records of a resource (offline, before any network call).
    LoadStored {
        req: RequestId,
        resource: Resource,
        /// The connection's data folder; no connection is needed.
        dir: PathBuf,
        /// The UI's language: the rows' "changed fields" and name texts are worded in it (the
        /// worker thread has no language of its own).
        lang: crate::i18n::Lang,
    },
    /// Estimate how many requests fetching [from, to) would cost.
    Estimate {
        req: RequestId,
        resource: Resource,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Fetch the records changed in [from, to) (or since the last sync) into the store.
    Fetch {
        req: RequestId,
        resource: Resource,
        range: FetchRange,
        /// The UI's language: names that came embedded with the rows are worded in it.
        lang: crate::i18n::Lang,
    },
    /// Fetch records of `resource` whose `field` is one of `ids` (one multi-id filter per batch).
    Related {
        req: RequestId,
        resource: Resource,
        field: String,
        ids: Vec<String>,
    },
    /// Ask where to save (native dialog, off the UI thread), then write `rows` of `records`.
    ChooseAndExport {
        req: RequestId,
        suggested_name: String,
        format: ExportFormat,
        /// The rows to write, as the table holds them (JSON text).
        texts: Vec<Arc<str>>,
        options: ExportOptions,
    },
    /// Open a folder in the system's file manager.
    OpenFolder { path: PathBuf },
    /// Queue an enrolment in the outbox (on disk first), then try to send it once. The same
    /// enrolment queued before is not queued or sent again: its entry is reused
    /// (`Event::EnrolmentReused`, then `Event::Enrolled` with that entry).
    Enrol {
        req: RequestId,
        body: Value,
        reference: Option<String>,
    },
    /// List the outbox.
    OutboxList { req: RequestId },
    /// Send one outbox entry now.
    OutboxSendNow { req: RequestId, id: i64 },
    /// Discard one outbox entry (the UI asked for confirmation).
    OutboxDiscard { req: RequestId, id: i64 },
    /// Replace an entry's body after editing (it becomes pending again).
    OutboxUpdate {
        req: RequestId,
        id: i64,
        body: Value,
    },
    /// Send every due entry.
    OutboxFlush { req: RequestId },
    /// Load upcoming courses and course types for the enrolment wizard.
    LoadCourses { req: RequestId },
    /// Save the enrolment draft (JSON) so nothing typed is lost; `None` removes it.
    SaveDraft { json: Option<String> },
    /// Stop a running job; what it fetched so far is kept.
    Cancel { req: RequestId },
    /// Stop the worker.
    Shutdown,
    /// Look up people in Coachview (`GET Personen`, one small request per key, in order); each
    /// answer is an [`Event::PersonFound`](super::Event::PersonFound), then `LookupDone`.
    LookupPeople {
        req: RequestId,
        keys: Vec<crate::enrol::people::PersonKey>,
    },
    /// Ask which participants file to import (dialog off the UI thread), then read its rows.
    ImportParticipants {
        req: RequestId,
        /// The file dialog's filter name, worded by the UI.
        title: String,
    },
    /// Search the companies stored on this computer (Bedrijven fetched earlier) by name.
    SearchCompanies { req: RequestId, name: String },
    /// Read the recently used contact persons and companies.
    LoadRecent { req: RequestId },
    /// Save the recently used contact persons and companies (JSON, no secret).
    SaveRecent { json: String },
    /// The earlier versions of one stored record (offline, from the connection's store in `dir`).
    Versions {
        req: RequestId,
        resource: Resource,
        id: String,
        dir: PathBuf,
    },
    /// Find the names behind bare ids (per target resource), cache them in the store; answered
    /// by `NamesResolved`.
    ResolveNames {
        req: RequestId,
        targets: Vec<(Resource, Vec<String>)>,
    },
}

impl Command {
    /// The variant's name, for logs.
    fn name(&self) -> &'static str {
        match self {
            Command::StartDemo { .. } => "StartDemo",
            Command::Connect { .. } => "Connect",
            Command::SaveSecret { .. } => "SaveSecret",
            Command::SaveConfig { .. } => "SaveConfig",
            Command::ForgetSecret { .. } => "ForgetSecret",
            Command::TestConnection { .. } => "TestConnection",
            Command::LoadStored { .. } => "LoadStored",
            Command::Estimate { .. } => "Estimate",
            Command::Fetch { .. } => "Fetch",
            Command::Related { .. } => "Related",
            Command::ChooseAndExport { .. } => "ChooseAndExport",
            Command::OpenFolder { .. } => "OpenFolder",
            Command::Enrol { .. } => "Enrol",
            Command::OutboxList { .. } => "OutboxList",
            Command::OutboxSendNow { .. } => "OutboxSendNow",
            Command::OutboxDiscard { .. } => "OutboxDiscard",
            Command::OutboxUpdate { .. } => "OutboxUpdate",
            Command::OutboxFlush { .. } => "OutboxFlush",
            Command::LoadCourses { .. } => "LoadCourses",
            Command::SaveDraft { .. } => "SaveDraft",
            Command::Cancel { .. } => "Cancel",
            Command::Shutdown => "Shutdown",
            Command::LookupPeople { .. } => "LookupPeople",
            Command::ImportParticipants { .. } => "ImportParticipants",
            Command::SearchCompanies { .. } => "SearchCompanies",
            Command::LoadRecent { .. } => "LoadRecent",
            Command::SaveRecent { .. } => "SaveRecent",
            Command::Versions { .. } => "Versions",
            Command::ResolveNames { .. } => "ResolveNames",
        }
    }
}

/// Redacting: the variant, its request id and harmless fields (resource, entry id) only. A
/// secret, an enrolment body (names, addresses, IBANs), a draft or record text never reaches a
/// log through `{:?}`.
impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct(self.name());
        match self {
            Command::StartDemo { req }
            | Command::SaveConfig { req, .. }
            | Command::ForgetSecret { req, .. }
            | Command::TestConnection { req }
            | Command::ChooseAndExport { req, .. }
            | Command::Enrol { req, .. }
            | Command::OutboxList { req }
            | Command::OutboxFlush { req }
            | Command::LoadCourses { req }
            | Command::Cancel { req }
            | Command::LookupPeople { req, .. }
            | Command::ImportParticipants { req, .. }
            | Command::SearchCompanies { req, .. }
            | Command::LoadRecent { req }
            | Command::ResolveNames { req, .. } => {
                d.field("req", req);
            }
            Command::Versions { req, resource, .. } => {
                d.field("req", req).field("resource", resource);
            }
            Command::Connect { req, profile, .. } => {
                d.field("req", req).field("profile", &profile.name);
            }
            Command::SaveSecret { req, .. } => {
                d.field("req", req).field("secret", &"<redacted>");
            }
            Command::LoadStored { req, resource, .. }
            | Command::Estimate { req, resource, .. }
            | Command::Fetch { req, resource, .. }
            | Command::Related { req, resource, .. } => {
                d.field("req", req).field("resource", resource);
            }
            Command::OutboxSendNow { req, id }
            | Command::OutboxDiscard { req, id }
            | Command::OutboxUpdate { req, id, .. } => {
                d.field("req", req).field("id", id);
            }
            Command::OpenFolder { .. }
            | Command::SaveDraft { .. }
            | Command::SaveRecent { .. }
            | Command::Shutdown => {}
        }
        d.finish_non_exhaustive()
    }
}

/// Which changes to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchRange {
    /// Whole local days [from, to).
    Days { from: NaiveDate, to: NaiveDate },
    /// From the stored cursor (minus the lookback) until now.
    SinceLastSync,
}

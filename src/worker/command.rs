//! `Command`: what the UI asks the worker to do. Every request carries an id; answers echo it.

use crate::config::{Config, Profile};
use crate::export::{ExportFormat, ExportOptions};
use crate::resource::Resource;
use chrono::NaiveDate;
use serde_json::Value;
use std::path::PathBuf;

pub use super::request_id::{RequestId, RequestIds};

/// UI → worker. `Debug` is redacting (see below): no secret, body, draft or record text.
pub enum Command {
    /// The connection whose stored data the screens show now (`None`: the built-in demo's): the
    /// worker keeps its data folder for the offline browse jobs (`LoadStored`, `Versions`), so
    /// the UI names a resource and a range, never a path. Sent before anything of it is asked.
    ShowConnection {
        /// The profile shown; `None` (or a profile marked demo): the demo.
        profile: Option<crate::config::Profile>,
    },
    /// Start the built-in simulator in-process and connect to it with the demo client.
    StartDemo {
        /// The id this request's answers echo.
        req: RequestId,
    },
    /// Connect with a profile; the secret comes from the keyring, or `session_secret` if given.
    Connect {
        /// The id this request's answers echo.
        req: RequestId,
        /// The profile to connect with (environment, client id, name).
        profile: Profile,
        /// A secret typed for this session only; `None` reads it from the keyring.
        session_secret: Option<String>,
    },
    /// Store a secret in the OS keyring under `account`.
    SaveSecret {
        /// The id this request's answers echo.
        req: RequestId,
        /// The keyring account to store it under (one per profile).
        account: String,
        /// The client secret itself; never logged (see `Debug`).
        secret: String,
    },
    /// Save the profiles file (never holds a secret).
    SaveConfig {
        /// The id this request's answers echo.
        req: RequestId,
        /// The whole profiles file to write.
        config: Config,
    },
    /// Remove the secret stored under `account`.
    ForgetSecret {
        /// The id this request's answers echo.
        req: RequestId,
        /// The keyring account whose secret is removed.
        account: String,
    },
    /// A profile's connection key changed (host or client id corrected) and no new secret was
    /// typed: move the secret from `from` to `to`, and remove it under `from` when
    /// `forget_from` (no other profile uses that connection). Answers `SecretMoved`.
    MoveSecret {
        /// The id this request's answers echo.
        req: RequestId,
        /// The keyring account the secret was stored under.
        from: String,
        /// The keyring account it belongs under now.
        to: String,
        /// Remove it under `from` afterwards.
        forget_from: bool,
    },
    /// Get a token, then try `take=1` on every resource.
    TestConnection {
        /// The id this request's answers echo.
        req: RequestId,
    },
    /// Load the stored records of a resource changed within some days (offline, before any
    /// network call). The answer comes in pages (`StoredJson`, the last one `done`); nothing in
    /// it is worded (the table words it when drawn).
    LoadStored {
        /// The id this request's answers echo.
        req: RequestId,
        /// The resource whose stored records to load (from the folder of the connection shown,
        /// see `ShowConnection`; no connection is needed).
        resource: Resource,
        /// Only records changed on these days (inclusive, local); `None`: every stored record.
        days: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    },
    /// Estimate how many requests fetching [from, to) would cost.
    Estimate {
        /// The id this request's answers echo.
        req: RequestId,
        /// The resource to estimate.
        resource: Resource,
        /// The first day of the range (inclusive).
        from: NaiveDate,
        /// The day after the range (exclusive).
        to: NaiveDate,
    },
    /// Fetch the records changed in [from, to) (or since the last sync) into the store.
    Fetch {
        /// The id this request's answers echo.
        req: RequestId,
        /// The resource to fetch.
        resource: Resource,
        /// Which changes to fetch.
        range: FetchRange,
        /// Requests in flight at most (Settings, 1–3).
        parallel: usize,
    },
    /// Fetch records of `resource` whose `field` is one of `ids` (one multi-id filter per batch).
    Related {
        /// The id this request's answers echo.
        req: RequestId,
        /// The resource to fetch from.
        resource: Resource,
        /// The field of `resource` the ids are matched against (e.g. `opleidingId`).
        field: String,
        /// The ids to match (asked for in batches, one multi-id filter each).
        ids: Vec<String>,
    },
    /// Ask where to save (native dialog, off the UI thread), then write `rows` of `records`.
    ChooseAndExport {
        /// The id this request's answers echo.
        req: RequestId,
        /// The file name the save dialog proposes.
        suggested_name: String,
        /// The file format to write.
        format: ExportFormat,
        /// The rows to write, as the table holds them (compact JSON text, read one at a time).
        texts: crate::record::RowTexts,
        /// The export's choices (columns, separator, …).
        options: ExportOptions,
        /// A path the planner typed (no file dialog could be shown): written without a dialog.
        path: Option<std::path::PathBuf>,
    },
    /// Open a folder in the system's file manager.
    OpenFolder {
        /// The folder to open.
        path: PathBuf,
    },
    /// Queue an enrolment in the outbox (on disk first), then try to send it once. The same
    /// enrolment queued before is not queued or sent again: its entry is reused
    /// (`Event::EnrolmentReused`, then `Event::Enrolled` with that entry).
    Enrol {
        /// The id this request's answers echo.
        req: RequestId,
        /// The enrolment as Coachview's JSON body.
        body: Value,
        /// The planner's own reference for the entry, if any.
        reference: Option<String>,
        /// The connection key the enrolment was made for (its ids are that tenant's); when it
        /// is not the connection in use the worker refuses (`WorkerError::OtherConnection`).
        /// `None`: not recorded (the command line's own session).
        connection: Option<String>,
    },
    /// List the outbox.
    OutboxList {
        /// The id this request's answers echo.
        req: RequestId,
    },
    /// Send one outbox entry now.
    OutboxSendNow {
        /// The id this request's answers echo.
        req: RequestId,
        /// The outbox entry's id.
        id: crate::outbox::EntryId,
    },
    /// Discard one outbox entry (the UI asked for confirmation).
    OutboxDiscard {
        /// The id this request's answers echo.
        req: RequestId,
        /// The outbox entry's id.
        id: crate::outbox::EntryId,
    },
    /// Replace an entry's body after editing (it becomes pending again).
    OutboxUpdate {
        /// The id this request's answers echo.
        req: RequestId,
        /// The outbox entry's id.
        id: crate::outbox::EntryId,
        /// The edited enrolment body that replaces the queued one.
        body: Value,
    },
    /// Send every due entry.
    OutboxFlush {
        /// The id this request's answers echo.
        req: RequestId,
    },
    /// Load upcoming courses and course types for the enrolment wizard.
    LoadCourses {
        /// The id this request's answers echo.
        req: RequestId,
    },
    /// Save the enrolment draft (JSON) so nothing typed is lost; `None` removes it.
    SaveDraft {
        /// The draft as JSON; `None` deletes the draft file.
        json: Option<String>,
    },
    /// Stop a running job; what it fetched so far is kept.
    Cancel {
        /// The id of the request whose job is stopped.
        req: RequestId,
    },
    /// Stop the worker.
    Shutdown,
    /// Look up people in Coachview (`GET Personen`, one small request per key, in order); each
    /// answer is an [`Event::PersonFound`](super::Event::PersonFound), then `LookupDone`.
    LookupPeople {
        /// The id this request's answers echo.
        req: RequestId,
        /// The people to look up, in the order the answers should come.
        keys: Vec<crate::enrol::people::PersonKey>,
    },
    /// Ask which participants file to import (dialog off the UI thread), then read its rows.
    ImportParticipants {
        /// The id this request's answers echo.
        req: RequestId,
        /// The file dialog's filter name, worded by the UI.
        title: String,
        /// A path the planner typed (no file dialog could be shown): read without a dialog.
        path: Option<std::path::PathBuf>,
    },
    /// Search the companies stored on this computer (Bedrijven fetched earlier) by name.
    SearchCompanies {
        /// The id this request's answers echo.
        req: RequestId,
        /// The (part of the) company name to search for.
        name: String,
    },
    /// Read the recently used contact persons and companies of the connection shown (each
    /// connection has its own recent file in its folder, see `ShowConnection`).
    LoadRecent {
        /// The id this request's answers echo.
        req: RequestId,
    },
    /// Save the recently used contact persons and companies of the connection shown (JSON, no
    /// secret).
    SaveRecent {
        /// The recent list as JSON.
        json: String,
    },
    /// The earlier versions of one stored record (offline, from the connection's store in `dir`).
    Versions {
        /// The id this request's answers echo.
        req: RequestId,
        /// The resource the record belongs to.
        resource: Resource,
        /// The record's Coachview id (its versions are read from the store of the connection
        /// shown).
        id: String,
    },
    /// Find the names behind bare ids (per target resource), cache them in the store; answered
    /// by `NamesResolved`.
    ResolveNames {
        /// The id this request's answers echo.
        req: RequestId,
        /// Per target resource, the ids whose names are wanted.
        targets: Vec<(Resource, Vec<String>)>,
    },
}

impl Command {
    /// The variant's name, for logs and the diagnostics.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Command::ShowConnection { .. } => "ShowConnection",
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
            Command::MoveSecret { .. } => "MoveSecret",
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
            Command::ShowConnection { profile } => {
                d.field("profile", &profile.as_ref().map(|p| p.name.as_str()));
            }
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
            | Command::LoadRecent { req, .. }
            | Command::MoveSecret { req, .. }
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
    Days {
        /// The first day (inclusive, local time).
        from: NaiveDate,
        /// The day after the last (exclusive, local time).
        to: NaiveDate,
    },
    /// From the stored cursor (minus the lookback) until now.
    SinceLastSync,
}

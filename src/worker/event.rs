//! `Event`: what the worker tells the UI. Large payloads are shared (`Arc`) or boxed.

use super::command::RequestId;
use crate::api::RateLimitStatus;
use crate::error::WorkerError;
use crate::resource::Resource;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::path::PathBuf;

/// What `MoveSecret` found under the old keyring account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretMove {
    /// The secret was stored under the new account (and removed under the old one if asked).
    Moved,
    /// Nothing under the old account, but the new account already holds a secret.
    AlreadyThere,
    /// No secret under either account: the planner must type it.
    Missing,
}

/// How one resource answered the connection test.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// `take=1` worked.
    Readable,
    /// 403: the named scope is missing.
    Forbidden {
        /// The scope the 403 answer named as missing.
        scope: String,
    },
    /// Another failure.
    Failed {
        /// What went wrong, to be worded in the UI's language.
        message: crate::i18n::Text,
    },
}

/// The end of a fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchSummary {
    /// Records written to the store.
    pub records: u64,
    /// HTTP requests made (each counts against the daily limit).
    pub requests: u64,
    /// Time windows the range was split into and fetched.
    pub windows: u64,
    /// Whether the whole range was fetched (not cancelled, nothing failed).
    pub complete: bool,
    /// When incomplete: which part of the range was not fetched (or why nothing was).
    pub missing: Option<crate::i18n::Text>,
}

/// Worker → UI.
#[derive(Debug)]
pub enum Event {
    /// Connected (token obtained); `label` names the connection.
    Connected {
        /// The request this answers.
        req: RequestId,
        /// A readable name for the connection (profile or demo).
        label: String,
        /// The API's base URL, as shown in the status bar.
        base_url: String,
        /// Whether this is the built-in simulator.
        demo: bool,
        /// The connection's key (host + client id; the demo has its own): what its data,
        /// quota and secret are kept under.
        key: String,
        /// The probe is due on this connection (never run, a fallback since, or 30 days old).
        probe_due: bool,
    },
    /// The answer to `MoveSecret`.
    SecretMoved {
        /// The request this answers.
        req: RequestId,
        /// What was found and done.
        outcome: SecretMove,
    },
    /// A secret was stored in the keyring.
    SecretSaved {
        /// The request this answers.
        req: RequestId,
    },
    /// A secret was removed from the keyring.
    SecretForgotten {
        /// The request this answers.
        req: RequestId,
    },
    /// The connection test's table.
    ConnectionTest {
        /// The request this answers.
        req: RequestId,
        /// Each resource with how it answered, in test order.
        rows: Vec<(Resource, Access)>,
    },
    /// The estimated cost of a fetch.
    Estimate {
        /// The request this answers.
        req: RequestId,
        /// The records expected (from the server's count).
        records: u64,
        /// The requests the fetch would make.
        requests: u64,
    },
    /// A job's progress (fetch, export, related).
    Progress {
        /// The request this answers.
        req: RequestId,
        /// How far the job is.
        progress: Progress,
    },
    /// Records that just arrived (and were committed to the store) during a fetch.
    Rows {
        /// The request this answers.
        req: RequestId,
        /// The records just stored, in arrival order.
        records: Vec<Value>,
    },
    /// A fetch ended (complete, cancelled or failed part-way; the rows so far are kept).
    FetchDone {
        /// The request this answers.
        req: RequestId,
        /// What the fetch did and whether it is complete.
        summary: FetchSummary,
    },
    /// Related records arrived.
    Related {
        /// The request this answers.
        req: RequestId,
        /// The resource the records belong to.
        resource: Resource,
        /// The related records found.
        records: Vec<Value>,
    },
    /// No file dialog could be shown for this request (export or participants file): the UI
    /// offers a path field, starting at `folder`.
    NoFileDialog {
        /// The request this answers.
        req: RequestId,
        /// The folder to propose (the documents or home folder).
        folder: PathBuf,
    },
    /// An export finished.
    Exported {
        /// The request this answers.
        req: RequestId,
        /// The file written.
        path: PathBuf,
        /// The number of records written.
        rows: usize,
        /// Ids written without their name: the lookup could not reach Coachview.
        unnamed: usize,
    },
    /// An enrolment was queued and tried once; `entry.status` says how it went.
    Enrolled {
        /// The request this answers.
        req: RequestId,
        /// The outbox entry, with the status after the first try.
        entry: Box<crate::outbox::Entry>,
    },
    /// The outbox's entries.
    OutboxEntries {
        /// The request this answers.
        req: RequestId,
        /// Every entry of the outbox.
        entries: Vec<crate::outbox::Entry>,
        /// The connection whose outbox this is (a background flush of the previous connection
        /// may still end after a switch).
        key: String,
    },
    /// Upcoming courses (not cancelled) and course types.
    Courses {
        /// The request this answers.
        req: RequestId,
        /// Upcoming, not cancelled courses (Opleidingen records).
        opleidingen: Vec<Value>,
        /// Course types (Opleidingssoorten records).
        soorten: Vec<Value>,
    },
    /// The latest rate-limit headers of the connection `key`.
    RateLimit {
        /// The connection the headers came from (a job of an earlier connection may still end).
        key: String,
        /// What the headers said.
        rate: RateLimitStatus,
    },
    /// Something failed. The cause stays typed; the UI words it in its own language with
    /// [`crate::message::from_worker_error`] (a keyring failure also offers "use this secret for
    /// this session only": [`WorkerError::offers_session_secret`]).
    Failed {
        /// The request that failed.
        req: RequestId,
        /// The typed cause.
        error: Box<WorkerError>,
    },
    /// The answer to one key of [`Command::LookupPeople`](super::Command::LookupPeople).
    PersonFound {
        /// The request this answers.
        req: RequestId,
        /// The key that was looked up.
        key: crate::enrol::people::PersonKey,
        /// What Coachview answered for it (the matches, no scope, not honoured, failed).
        lookup: crate::enrol::people::Lookup,
        /// Requests sent since the previous answer (0: answered by the same batch).
        requests: u64,
    },
    /// Every key of a lookup request was answered (or the rest was skipped).
    LookupDone {
        /// The request this answers.
        req: RequestId,
    },
    /// A participants file was read; `file` empty means the user chose none.
    ParticipantFile {
        /// The request this answers.
        req: RequestId,
        /// The chosen file's name; empty when the user chose none.
        file: String,
        /// The file's rows (with their spreadsheet row numbers) and its text encoding.
        rows: crate::enrol::list_file::ListFile,
    },
    /// Stored companies whose name matches a search.
    Companies {
        /// The request this answers.
        req: RequestId,
        /// The matching companies.
        companies: Vec<crate::enrol::Company>,
    },
    /// The recently used contact persons and companies (JSON), if the file exists.
    Recent {
        /// The request this answers.
        req: RequestId,
        /// The recent list as JSON; `None` if there is no file yet.
        json: Option<String>,
    },
    /// One page of the stored records of a resource as JSON text (each with what changed and
    /// the names known, language-free), and when they were last synced: the answer to
    /// `LoadStored`, in pages (the first small, so the first rows show at once).
    StoredJson {
        /// The request this answers.
        req: RequestId,
        /// The resource the records belong to.
        resource: Resource,
        /// This page's stored records as JSON text, annotated under `coachdesk`.
        texts: Vec<String>,
        /// When this resource was last synced; `None` if never.
        as_of: Option<DateTime<Utc>>,
        /// Stored records outside the days asked (counted by the store, not loaded).
        outside: u64,
        /// Stored records within the days asked: the rows all pages bring together.
        within: u64,
        /// True on the last page.
        done: bool,
        /// Given back when the page is dropped: the next one is sent then (flow control).
        ticket: super::pages::PageTicket,
    },
    /// The earlier versions of one record, newest first.
    Versions {
        /// The request this answers.
        req: RequestId,
        /// The record's Coachview id.
        id: String,
        /// Its earlier versions, newest first.
        versions: Vec<crate::store::StoredVersion>,
    },
    /// Names were looked up (and cached): the answers (names, missing or no scope) are given
    /// in `names` per resource so the table shows them in place; `failed` lists the ids a
    /// failure left unanswered, and why (they are asked again later).
    NamesResolved {
        /// The request this answers.
        req: RequestId,
        /// Per resource, each id with its new name state.
        names: Vec<(Resource, Vec<(String, crate::record::names::NameState)>)>,
        /// The ids a failure left unanswered and why; `None` if none failed.
        failed: Option<crate::record::names::NamesFailure>,
    },
    /// What the connection test's probe found about this tenant (the UI words its table and the
    /// plain-text report for support).
    TenantReport {
        /// The request this answers.
        req: RequestId,
        /// What the probe found.
        report: Box<crate::api::probe::ProbeReport>,
    },
    /// The enrolment of `Command::Enrol` was in the outbox already (the same body): its entry
    /// is used and nothing is enrolled twice. Comes just before that request's `Enrolled` (or
    /// `Failed`, when its try failed); `reused.text()` says so in words.
    EnrolmentReused {
        /// The request this answers.
        req: RequestId,
        /// Which entry was reused, and how it stood.
        reused: crate::session::Reused,
    },
}

/// How far a long job is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Units done (windows, records, rows: see `label`).
    pub done: u64,
    /// Units in all, when known.
    pub total: Option<u64>,
    /// A short description of the current step, worded when shown.
    pub label: crate::i18n::Text,
}

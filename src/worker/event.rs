//! `Event`: what the worker tells the UI. Large payloads are shared (`Arc`) or boxed.

use super::command::RequestId;
use crate::api::RateLimitStatus;
use crate::error::WorkerError;
use crate::resource::Resource;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

/// How one resource answered the connection test.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// `take=1` worked.
    Readable,
    /// 403: the named scope is missing.
    Forbidden { scope: String },
    /// Another failure.
    Failed { message: crate::i18n::Text },
}

/// The end of a fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchSummary {
    pub records: u64,
    pub requests: u64,
    pub windows: u64,
    pub complete: bool,
    /// When incomplete: which part of the range was not fetched (or why nothing was).
    pub missing: Option<crate::i18n::Text>,
}

/// Worker → UI.
#[derive(Debug)]
pub enum Event {
    /// Connected (token obtained); `label` names the connection.
    Connected {
        req: RequestId,
        label: String,
        base_url: String,
        demo: bool,
    },
    /// A secret was stored in the keyring.
    SecretSaved { req: RequestId },
    /// A secret was removed from the keyring.
    SecretForgotten { req: RequestId },
    /// The connection test's table.
    ConnectionTest {
        req: RequestId,
        rows: Vec<(Resource, Access)>,
    },
    /// Stored records of a resource, and when they were last synced.
    Stored {
        req: RequestId,
        resource: Resource,
        records: Arc<Vec<Value>>,
        as_of: Option<DateTime<Utc>>,
    },
    /// The estimated cost of a fetch.
    Estimate {
        req: RequestId,
        records: u64,
        requests: u64,
    },
    /// A job's progress (fetch, export, related).
    Progress { req: RequestId, progress: Progress },
    /// Records that just arrived (and were committed to the store) during a fetch.
    Rows { req: RequestId, records: Vec<Value> },
    /// A fetch ended (complete, cancelled or failed part-way; the rows so far are kept).
    FetchDone {
        req: RequestId,
        summary: FetchSummary,
    },
    /// Related records arrived.
    Related {
        req: RequestId,
        resource: Resource,
        records: Vec<Value>,
    },
    /// An export finished.
    Exported {
        req: RequestId,
        path: PathBuf,
        rows: usize,
    },
    /// An enrolment was queued and tried once; `entry.status` says how it went.
    Enrolled {
        req: RequestId,
        entry: Box<crate::outbox::Entry>,
    },
    /// The outbox's entries.
    OutboxEntries {
        req: RequestId,
        entries: Vec<crate::outbox::Entry>,
    },
    /// Upcoming courses (not cancelled) and course types.
    Courses {
        req: RequestId,
        opleidingen: Vec<Value>,
        soorten: Vec<Value>,
    },
    /// The latest rate-limit headers.
    RateLimit(RateLimitStatus),
    /// Something failed. The cause stays typed; the UI words it in its own language with
    /// [`crate::message::from_worker_error`] (a keyring failure also offers "use this secret for
    /// this session only": [`WorkerError::offers_session_secret`]).
    Failed {
        req: RequestId,
        error: Box<WorkerError>,
    },
    /// The answer to one key of [`Command::LookupPeople`](super::Command::LookupPeople).
    PersonFound {
        req: RequestId,
        key: crate::enrol::people::PersonKey,
        lookup: crate::enrol::people::Lookup,
    },
    /// Every key of a lookup request was answered (or the rest was skipped).
    LookupDone { req: RequestId },
    /// A participants file was read; `file` empty means the user chose none.
    ParticipantFile {
        req: RequestId,
        file: String,
        rows: Vec<Vec<String>>,
    },
    /// Stored companies whose name matches a search.
    Companies {
        req: RequestId,
        companies: Vec<crate::enrol::Company>,
    },
    /// The recently used contact persons and companies (JSON), if the file exists.
    Recent {
        req: RequestId,
        json: Option<String>,
    },
    /// Stored records of a resource as JSON text (each with its change summary), and when they
    /// were last synced: the answer to `LoadStored`.
    StoredJson {
        req: RequestId,
        resource: Resource,
        texts: Vec<String>,
        as_of: Option<DateTime<Utc>>,
    },
    /// The earlier versions of one record, newest first.
    Versions {
        req: RequestId,
        id: String,
        versions: Vec<crate::store::StoredVersion>,
    },
    /// Names were looked up (and cached); `learnt` answers (names, missing or no scope), given
    /// in `names` per resource so the table shows them in place; `failed` lists the ids a
    /// failure left unanswered, and why (they are asked again later).
    NamesResolved {
        req: RequestId,
        learnt: usize,
        names: Vec<(Resource, Vec<(String, crate::record::names::NameState)>)>,
        failed: Option<crate::record::names::NamesFailure>,
    },
    /// What the connection test's probe found about this tenant (the UI words its table and the
    /// plain-text report for support).
    TenantReport {
        req: RequestId,
        report: Box<crate::api::probe::ProbeReport>,
    },
    /// The enrolment of `Command::Enrol` was in the outbox already (the same body): its entry
    /// is used and nothing is enrolled twice. Comes just before that request's `Enrolled` (or
    /// `Failed`, when its try failed); `reused.text()` says so in words.
    EnrolmentReused {
        req: RequestId,
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

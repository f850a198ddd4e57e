//! One queued enrolment ([`Entry`]), its number in the outbox ([`EntryId`]), and what can go wrong
//! with the outbox itself ([`OutboxError`]).

use super::{Failure, Status};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// An entry's number in this outbox (a draft that fixes an entry saves it as the bare number).
/// Its number is private: an id comes from the outbox's own rows, or from a number the planner
/// read there and typed back (`FromStr`: `coachdesk outbox export 7`, a saved draft).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct EntryId(pub(super) i64);

/// The `entries.id` column's value (so SQL over the outbox file takes the id itself).
impl rusqlite::ToSql for EntryId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl std::str::FromStr for EntryId {
    type Err = std::num::ParseIntError;

    /// The number as the outbox shows it (`7`); whether that entry exists is the outbox's to say.
    fn from_str(s: &str) -> Result<EntryId, Self::Err> {
        s.trim().parse().map(EntryId)
    }
}

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One queued enrolment.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The entry's id in this outbox.
    pub id: EntryId,
    /// When the entry was queued.
    pub created_at: DateTime<Utc>,
    /// When the entry last changed (status, body or a try).
    pub updated_at: DateTime<Utc>,
    /// `referentieNrKlant`, also inside `body`; the key for reconciling.
    pub reference: String,
    /// The exact webaanvraag body that is (or will be) posted.
    pub body: Value,
    /// Where the entry stands.
    pub status: Status,
    /// Tries so far (POSTs and reconciling lookups).
    pub attempts: u32,
    /// What went wrong last; `None` when nothing has failed yet.
    pub last_error: Option<Failure>,
    /// Not sent before this time (backoff, or the rate-limit reset).
    pub next_try_at: Option<DateTime<Utc>>,
    /// An earlier try may have arrived: look it up before posting again.
    pub maybe_sent: bool,
}

/// What can go wrong with the outbox itself (not with sending: that is in an entry's status).
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// The outbox database failed.
    #[error("outbox database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Reading or writing the outbox's files failed.
    #[error("outbox file error: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the outbox was written by a newer coachdesk (schema {found}, this build knows {known})"
    )]
    /// The file's schema is newer than this build understands.
    NewerSchema {
        /// The schema version in the file.
        found: u32,
        /// The newest schema version this build knows.
        known: u32,
    },
    /// No entry has this id.
    #[error("outbox entry {0} does not exist")]
    NotFound(EntryId),
    /// The reference is empty, too long or contains a forbidden character.
    #[error("reference {0:?} cannot be used (empty, too long, or contains ; , = & #)")]
    InvalidReference(String),
    /// The body is not a JSON object.
    #[error("the enrolment body must be a JSON object")]
    BodyNotObject,
    #[error("outbox entry {id} is {status} and cannot be changed now")]
    /// The entry's status does not allow this change.
    NotEditable {
        /// The entry.
        id: EntryId,
        /// Its status's machine name.
        status: &'static str,
    },
    /// The daily request limit is used up until this moment.
    #[error("nothing may be sent before {0} (daily request limit)")]
    RateLimitedUntil(DateTime<Utc>),
    /// Another coachdesk process holds the sending lock.
    #[error("another coachdesk process is sending from this outbox")]
    Busy,
    /// Stored data cannot be read (what and where).
    #[error("the outbox holds unreadable data: {0}")]
    Corrupt(String),
}

//! `WorkerError`: why a job of the worker or the CLI failed, kept typed until it is worded.
//!
//! Engines return their own errors (`ApiError`, `StoreError`, `OutboxError`, `SyncError`, …);
//! the worker and the CLI turn them into a `WorkerError` with `?` (the `From`s below), send it in
//! `Event::Failed` as it is, and only the side that knows the planner's language words it, once,
//! with [`crate::message::from_worker_error`]. The `Display` text is for logs and CLI details
//! (English, technical, never a secret).

use crate::api::{ApiError, ApiErrorKind};
use crate::credentials::CredentialError;
use crate::resource::Resource;

/// Why a job failed; each cause has its own advice for the planner. Engine errors are kept as
/// their typed source (`std::error::Error::source` walks the chain); no conversion ends in a
/// catch-all, so a new engine error does not compile until it is given its own place here.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// A job that needs Coachview was asked for before any connection was made.
    #[error("not connected to Coachview")]
    NotConnected,
    /// The profile has no client secret in the keyring (nor one for this session).
    #[error("no client secret is stored for this connection")]
    NoSecret,
    /// "Since the last sync" for a resource that was never synced.
    #[error("{0} has not been synced before: choose a date range first")]
    NoCursor(Resource),
    /// One day holds more changes than can be paged safely.
    #[error("the day {day} holds {count} changes, more than can be read safely")]
    TooBusy {
        /// The day, as shown to the planner.
        day: String,
        /// How many changes the server counted that day.
        count: u64,
    },
    /// A sync window could not be proven complete (nothing was pruned).
    #[error("{0}")]
    Gap(crate::sync::Gap),
    /// Too many records share one change time to page through them safely.
    #[error("more than {limit} records share the change time {at}; they cannot be paged safely")]
    TooManyTies {
        /// The shared change time, as shown to the planner.
        at: String,
        /// The largest `$skip` read safely.
        limit: u64,
    },
    /// The range ends at or before its start.
    #[error("invalid range: the end must be after the start")]
    EmptyRange,
    /// Coachview answered with an error, or could not be reached.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The OS keyring refused, is locked or is missing.
    #[error("{0}")]
    Keyring(CredentialError),
    /// A data folder or file of this connection could not be created.
    #[error("could not create {}", path.display())]
    Folder {
        /// The folder or file.
        path: std::path::PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The record store (SQLite) failed.
    #[error("the record store failed")]
    Store(#[source] crate::store::StoreError),
    /// The outbox failed (its database, its files, its data, or what was to be put in it).
    #[error("the outbox failed")]
    Outbox(#[source] crate::outbox::OutboxError),
    /// Another coachdesk process is sending from this outbox.
    #[error("another coachdesk process is sending from this outbox")]
    OutboxBusy,
    /// What was learned about the tenant could not be kept (`tenant.json`).
    #[error("could not keep the capabilities in {}", path.display())]
    Tenant {
        /// The connection's folder.
        path: std::path::PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The profiles file could not be read or written.
    #[error("the settings could not be saved")]
    Config(#[source] crate::config::ConfigError),
    /// The enrolment draft could not be written.
    #[error("the enrolment draft could not be saved to {}", path.display())]
    Draft {
        /// The draft file (or its temporary file).
        path: std::path::PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// An export failed (the target is untouched).
    #[error("the export failed")]
    Export(#[source] crate::export::ExportError),
    /// A participants list could not be read.
    #[error("the participants list could not be read")]
    ListFile(#[source] crate::enrol::list_file::ListFileError),
    /// What the planner gave (a command's argument, an input file) is not valid.
    #[error("{0}")]
    Input(String),
    /// An enrolment made for another connection (its Coachview ids are that tenant's) was to be
    /// sent over the connection in use; it was refused.
    #[error("the enrolment was made for another connection and was not sent")]
    OtherConnection,
    /// The planner cancelled the job.
    #[error("cancelled")]
    Cancelled,
    /// A background task stopped unexpectedly (a bug); the log has more.
    #[error("a background task stopped")]
    Task(#[source] tokio::task::JoinError),
    /// Something coachdesk needs could not be started (the async runtime, a thread).
    #[error("internal error: {0}")]
    Internal(String),
}

impl WorkerError {
    /// True when the failure offers "use this secret for this session only" (the keyring failed).
    pub(crate) fn offers_session_secret(&self) -> bool {
        matches!(self, WorkerError::Keyring(_))
    }

    /// A background task that did not finish (panicked or was aborted).
    pub(crate) fn task(e: tokio::task::JoinError) -> WorkerError {
        WorkerError::Task(e)
    }

    /// This error and each of its sources, joined: the technical detail shown under "Details"
    /// and in logs (English, never a secret).
    pub(crate) fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut next = std::error::Error::source(self);
        while let Some(e) = next {
            let part = e.to_string();
            if !text.contains(&part) {
                text.push_str(": ");
                text.push_str(&part);
            }
            next = e.source();
        }
        text
    }
}

impl From<ApiError> for WorkerError {
    fn from(e: ApiError) -> WorkerError {
        match e.kind {
            ApiErrorKind::Cancelled => WorkerError::Cancelled,
            _ => WorkerError::Api(Box::new(e)),
        }
    }
}

impl From<CredentialError> for WorkerError {
    fn from(e: CredentialError) -> WorkerError {
        WorkerError::Keyring(e)
    }
}

impl From<crate::store::StoreError> for WorkerError {
    fn from(e: crate::store::StoreError) -> WorkerError {
        WorkerError::Store(e)
    }
}

impl From<crate::outbox::OutboxError> for WorkerError {
    fn from(e: crate::outbox::OutboxError) -> WorkerError {
        use crate::outbox::OutboxError as O;
        match e {
            O::Busy => WorkerError::OutboxBusy,
            O::RateLimitedUntil(reset_at) => WorkerError::Api(Box::new(ApiError::new(
                ApiErrorKind::RateLimited {
                    reset_at: Some(reset_at),
                    limit: None,
                },
                None,
                "POST",
                &Resource::Webaanvragen.path(),
                "",
            ))),
            e @ (O::Sqlite(_)
            | O::Io(_)
            | O::NewerSchema { .. }
            | O::NotFound(_)
            | O::InvalidReference(_)
            | O::BodyNotObject
            | O::NotEditable { .. }
            | O::Corrupt(_)) => WorkerError::Outbox(e),
        }
    }
}

impl From<crate::sync::SyncError> for WorkerError {
    fn from(e: crate::sync::SyncError) -> WorkerError {
        use crate::sync::SyncError as S;
        match e {
            S::Api { error, .. } => error.into(),
            S::Store { source, .. } => source.into(),
            S::NoCursor(resource) => WorkerError::NoCursor(resource),
            S::TooBusy { day, count, .. } => WorkerError::TooBusy { day, count },
            S::Gap { gap, .. } => WorkerError::Gap(gap),
            S::TooManyTies { at, limit, .. } => WorkerError::TooManyTies { at, limit },
            S::EmptyRange => WorkerError::EmptyRange,
        }
    }
}

impl From<crate::export::ExportError> for WorkerError {
    fn from(e: crate::export::ExportError) -> WorkerError {
        use crate::export::ExportError as X;
        match e {
            X::Cancelled => WorkerError::Cancelled,
            e @ (X::Io { .. }
            | X::DiskFull { .. }
            | X::Xlsx(_)
            | X::Csv(_)
            | X::TooManyRows { .. }) => WorkerError::Export(e),
        }
    }
}

impl From<crate::enrol::list_file::ListFileError> for WorkerError {
    fn from(e: crate::enrol::list_file::ListFileError) -> WorkerError {
        WorkerError::ListFile(e)
    }
}

impl From<crate::config::ConfigError> for WorkerError {
    fn from(e: crate::config::ConfigError) -> WorkerError {
        WorkerError::Config(e)
    }
}

impl From<tokio::task::JoinError> for WorkerError {
    fn from(e: tokio::task::JoinError) -> WorkerError {
        WorkerError::task(e)
    }
}

#[cfg(test)]
mod tests;

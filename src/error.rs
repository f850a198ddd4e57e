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

/// Why a job failed; each cause has its own advice for the planner.
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
    /// The paging could not go on safely (too many records share one change time, an empty range).
    #[error("{0}")]
    Paging(String),
    /// Coachview answered with an error, or could not be reached.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The OS keyring refused, is locked or is missing.
    #[error("{0}")]
    Keyring(CredentialError),
    /// The record store or the outbox database (SQLite) failed.
    #[error("{0}")]
    Store(String),
    /// Another coachdesk process is sending from this outbox.
    #[error("another coachdesk process is sending from this outbox")]
    OutboxBusy,
    /// An outbox entry is gone or cannot be changed in its state (the list was out of date).
    #[error("{0}")]
    OutboxEntry(String),
    /// The profiles file could not be written.
    #[error("the settings could not be saved: {0}")]
    Config(String),
    /// The enrolment draft could not be written.
    #[error("the enrolment draft could not be saved: {0}")]
    Draft(String),
    /// A file the planner chose (export target, participants list, enrolment file) failed.
    #[error("{0}")]
    File(String),
    /// A file could not be written because the disk is full (the old file is kept).
    #[error("{0}: the disk is full")]
    DiskFull(String),
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
    #[error("internal error: {0}")]
    Internal(String),
}

impl WorkerError {
    /// True when the failure offers "use this secret for this session only" (the keyring failed).
    pub fn offers_session_secret(&self) -> bool {
        matches!(self, WorkerError::Keyring(_))
    }

    /// A background task that did not finish (panicked or was aborted).
    pub fn task(e: tokio::task::JoinError) -> WorkerError {
        WorkerError::Internal(e.to_string())
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
        WorkerError::Store(e.to_string())
    }
}

impl From<crate::outbox::OutboxError> for WorkerError {
    fn from(e: crate::outbox::OutboxError) -> WorkerError {
        use crate::outbox::OutboxError as O;
        match e {
            O::Busy => WorkerError::OutboxBusy,
            O::NotFound(_) | O::NotEditable { .. } => WorkerError::OutboxEntry(e.to_string()),
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
            other => WorkerError::Store(other.to_string()),
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
            other => WorkerError::Paging(other.to_string()),
        }
    }
}

impl From<crate::export::ExportError> for WorkerError {
    fn from(e: crate::export::ExportError) -> WorkerError {
        match e {
            crate::export::ExportError::Cancelled => WorkerError::Cancelled,
            crate::export::ExportError::DiskFull { path } => {
                WorkerError::DiskFull(path.display().to_string())
            }
            other => WorkerError::File(other.to_string()),
        }
    }
}

impl From<crate::enrol::list_file::ListFileError> for WorkerError {
    fn from(e: crate::enrol::list_file::ListFileError) -> WorkerError {
        WorkerError::File(e.to_string())
    }
}

impl From<crate::config::ConfigError> for WorkerError {
    fn from(e: crate::config::ConfigError) -> WorkerError {
        WorkerError::Config(e.to_string())
    }
}

impl From<tokio::task::JoinError> for WorkerError {
    fn from(e: tokio::task::JoinError) -> WorkerError {
        WorkerError::task(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, text};
    use crate::message::{Severity, from_worker_error};

    /// A message worded in one language, for assertions.
    #[derive(Debug)]
    struct Worded {
        title: String,
        what_happened: String,
        what_to_do: String,
        severity: Severity,
    }

    fn worded(e: &WorkerError, lang: Lang) -> Worded {
        let m = from_worker_error(e);
        Worded {
            title: m.title.in_lang(lang),
            what_happened: m.what_happened.in_lang(lang),
            what_to_do: m.what_to_do.in_lang(lang),
            severity: m.severity,
        }
    }

    fn one_of_each() -> Vec<WorkerError> {
        let api = ApiError::new(
            ApiErrorKind::Unauthorized,
            Some(401),
            "GET",
            "/api/v1/x",
            "",
        );
        vec![
            WorkerError::NotConnected,
            WorkerError::NoSecret,
            WorkerError::NoCursor(Resource::Aanvragen),
            WorkerError::TooBusy {
                day: "03-11-2026".into(),
                count: 12_000,
            },
            WorkerError::Paging("too many ties".into()),
            WorkerError::Gap(crate::sync::Gap::Short {
                days: crate::sync::Days::of(
                    chrono::NaiveDateTime::MIN,
                    chrono::NaiveDateTime::MIN + chrono::Duration::days(1),
                ),
                read: 3_468,
                expected: 3_480,
            }),
            WorkerError::Api(Box::new(api)),
            WorkerError::Keyring(CredentialError::Locked("locked".into())),
            WorkerError::Store("disk I/O error".into()),
            WorkerError::OutboxBusy,
            WorkerError::OutboxEntry("outbox entry 3 does not exist".into()),
            WorkerError::Config("read-only".into()),
            WorkerError::Draft("read-only".into()),
            WorkerError::File("x.xlsx: in use".into()),
            WorkerError::Cancelled,
            WorkerError::Internal("task panicked".into()),
            WorkerError::Input("--to is before --from".into()),
        ]
    }

    #[test]
    fn every_cause_has_its_own_complete_advice_in_both_languages() {
        for lang in [Lang::Nl, Lang::En] {
            let mut advice = std::collections::HashSet::new();
            for e in one_of_each() {
                let m = worded(&e, lang);
                for part in [&m.title, &m.what_happened, &m.what_to_do] {
                    assert!(!part.trim().is_empty(), "{e:?} {lang:?}");
                    assert!(!part.contains("missing text"), "{e:?} {lang:?}");
                    assert!(!part.contains('{'), "unfilled placeholder: {part}");
                }
                assert!(
                    advice.insert(m.what_to_do.clone()),
                    "{e:?} shares its advice"
                );
                let disk = text(lang, "werr.store.todo");
                if !matches!(e, WorkerError::Store(_)) {
                    assert_ne!(m.what_to_do, disk, "{e:?} gets disk-space advice");
                }
            }
        }
    }

    #[test]
    fn the_advice_fits_the_cause() {
        let en = |e: WorkerError| worded(&e, Lang::En);
        let nl = |e: WorkerError| worded(&e, Lang::Nl);
        assert!(
            en(WorkerError::NotConnected)
                .what_to_do
                .contains("Connect in Settings")
        );
        assert!(
            nl(WorkerError::NotConnected)
                .what_to_do
                .contains("Verbind in Instellingen")
        );
        assert!(
            en(WorkerError::NoSecret)
                .what_to_do
                .contains("Enter the client secret")
        );
        assert!(
            nl(WorkerError::NoSecret)
                .what_to_do
                .contains("Vul het client secret in")
        );
        assert_eq!(en(WorkerError::NoSecret).severity, Severity::Blocking);
        assert!(
            en(WorkerError::NoCursor(Resource::Aanvragen))
                .what_to_do
                .contains("date range")
        );
        assert!(
            nl(WorkerError::NoCursor(Resource::Aanvragen))
                .what_happened
                .contains("Aanvragen")
        );
        let busy = en(WorkerError::TooBusy {
            day: "03-11-2026".into(),
            count: 12_000,
        });
        assert!(busy.what_happened.contains("03-11-2026") && busy.what_happened.contains("12000"));
        // API and keyring failures keep their own, detailed wording.
        let api = ApiError::new(ApiErrorKind::Unauthorized, Some(401), "GET", "/x", "");
        assert_eq!(
            from_worker_error(&WorkerError::Api(Box::new(api.clone()))),
            crate::message::from_api_error(&api)
        );
        let locked = CredentialError::Locked("locked".into());
        assert!(WorkerError::Keyring(locked.clone()).offers_session_secret());
        assert!(!WorkerError::NoSecret.offers_session_secret());
        assert_eq!(
            from_worker_error(&WorkerError::Keyring(locked.clone())),
            crate::message::from_credential_error(&locked)
        );
    }

    #[test]
    fn engine_errors_keep_their_cause() {
        let cancelled = ApiError::new(ApiErrorKind::Cancelled, None, "GET", "/x", "");
        assert!(matches!(
            WorkerError::from(cancelled),
            WorkerError::Cancelled
        ));
        let busy: WorkerError = crate::outbox::OutboxError::Busy.into();
        assert!(matches!(busy, WorkerError::OutboxBusy));
        let gone: WorkerError =
            crate::outbox::OutboxError::NotFound(crate::outbox::EntryId(3)).into();
        assert!(matches!(gone, WorkerError::OutboxEntry(_)));
        let no_cursor: WorkerError = crate::sync::SyncError::NoCursor(Resource::Personen).into();
        assert!(matches!(
            no_cursor,
            WorkerError::NoCursor(Resource::Personen)
        ));
        let exported: WorkerError = crate::export::ExportError::Cancelled.into();
        assert!(matches!(exported, WorkerError::Cancelled));
    }
}

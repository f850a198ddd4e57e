//! One mapping from every failure (API, keyring, store, export) to a message a planner can act on.

use crate::api::{ApiError, ApiErrorKind};
use crate::credentials::CredentialError;
use crate::error::WorkerError;
use crate::i18n::Text;
use chrono::{DateTime, Local, Utc};

/// How much a failure blocks the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Shown as a dialog: the user must act (credentials, scopes, limit).
    Blocking,
    /// Shown in the notices panel.
    Notice,
}

/// A readable failure: title, what happened, what to do, plus copyable technical details. The
/// three sentences are [`Text`]s, worded when shown in the language of the showing thread (the
/// worker builds messages but never words them).
#[derive(Debug, Clone, PartialEq)]
pub struct UserMessage {
    /// A short headline.
    pub title: Text,
    /// What happened, in one sentence.
    pub what_happened: Text,
    /// What the planner can do about it.
    pub what_to_do: Text,
    /// Time, method, path, status — never a token or secret.
    pub details: String,
    /// Shown as a dialog, or only in the notices panel.
    pub severity: Severity,
    /// When the message is about the daily limit: the reset time for a live countdown.
    pub reset_at: Option<DateTime<Utc>>,
}

fn details(e: &ApiError) -> String {
    let status = e
        .status
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".to_string());
    format!(
        "time: {}\nrequest: {} {}\nstatus: {}",
        e.at.with_timezone(&Local).format("%d-%m-%Y %H:%M:%S"),
        e.method,
        e.path,
        status
    )
}

/// Three sentences from `{key}.title`, `{key}.what` (or `what_key`) and `{key}.todo`.
fn sentences(key: &str, what_key: &str, args: &[(&str, Text)]) -> [Text; 3] {
    [
        Text::with(format!("{key}.title"), args.to_vec()),
        Text::with(what_key, args.to_vec()),
        Text::with(format!("{key}.todo"), args.to_vec()),
    ]
}

/// The message for an API failure.
pub fn from_api_error(e: &ApiError) -> UserMessage {
    let (key, severity, reset_at, arg): (&str, Severity, Option<DateTime<Utc>>, Text) = match &e
        .kind
    {
        ApiErrorKind::Unauthorized => ("err.401", Severity::Blocking, None, Text::plain("")),
        ApiErrorKind::Forbidden { scope_hint } => (
            "err.403",
            Severity::Blocking,
            None,
            scope_hint
                .clone()
                .map_or_else(|| Text::key("err.403.unknown_scope"), Text::Plain),
        ),
        // Nothing said when the limit resets: no countdown is invented.
        ApiErrorKind::RateLimited {
            reset_at: None,
            limit,
        } => (
            "err.429_later",
            Severity::Blocking,
            None,
            Text::plain(limit.unwrap_or(5000)),
        ),
        ApiErrorKind::RateLimited { reset_at, limit } => (
            "err.429",
            Severity::Blocking,
            *reset_at,
            Text::plain(limit.unwrap_or(5000)),
        ),
        // 500 is usually a timeout on a large request; 502/503/504 were already retried.
        ApiErrorKind::Server { status } => {
            ("err.500", Severity::Blocking, None, Text::plain(status))
        }
        ApiErrorKind::Timeout { .. } => ("err.timeout", Severity::Notice, None, Text::plain("")),
        ApiErrorKind::Network { detail, .. } if detail.contains("plain http is only allowed") => {
            ("err.http", Severity::Blocking, None, Text::plain(""))
        }
        ApiErrorKind::Network { detail, .. } if detail.contains(crate::paths::URL_CREDENTIALS) => (
            "err.url_credentials",
            Severity::Blocking,
            None,
            Text::plain(""),
        ),
        ApiErrorKind::Network { detail, .. } => {
            let tls = detail.to_ascii_lowercase().contains("certificate")
                || detail.to_ascii_lowercase().contains("tls");
            (
                if tls { "err.tls" } else { "err.network" },
                Severity::Notice,
                None,
                Text::plain(""),
            )
        }
        ApiErrorKind::BadRequest { title, .. } => {
            ("err.400", Severity::Notice, None, Text::plain(title))
        }
        ApiErrorKind::Decode { path, .. } => {
            ("err.decode", Severity::Notice, None, Text::plain(path))
        }
        ApiErrorKind::Unexpected { status: 413 } => {
            ("err.413", Severity::Notice, None, Text::plain(413))
        }
        ApiErrorKind::Unexpected { status } if (300..400).contains(status) => {
            ("err.redirect", Severity::Notice, None, Text::plain(status))
        }
        ApiErrorKind::Unexpected { status } => (
            "err.unexpected",
            Severity::Notice,
            None,
            Text::plain(status),
        ),
        ApiErrorKind::Cancelled => ("err.cancelled", Severity::Notice, None, Text::plain("")),
    };
    let args = [("arg", arg), ("path", Text::plain(&e.path))];
    // "N requests per 24 hours" only when the server's headers said so.
    let what_key = match &e.kind {
        ApiErrorKind::RateLimited { limit: None, .. } => "err.429.what_unknown".to_string(),
        _ => format!("{key}.what"),
    };
    let [title, what_happened, what_to_do] = sentences(key, &what_key, &args);
    UserMessage {
        title,
        what_happened,
        what_to_do,
        details: details(e),
        severity,
        reset_at,
    }
}

/// The message for a keyring failure.
pub fn from_credential_error(e: &CredentialError) -> UserMessage {
    let key = match e {
        CredentialError::NoKeyring(_) => "err.keyring.none",
        CredentialError::Locked(_) => "err.keyring.locked",
        CredentialError::Other(_) => "err.keyring.other",
    };
    // The library's own (English) text goes under Details, never into the Dutch sentence.
    let detail = e.to_string();
    let [title, what_happened, what_to_do] = sentences(key, &format!("{key}.what"), &[]);
    UserMessage {
        title,
        what_happened,
        what_to_do,
        details: detail,
        severity: Severity::Blocking,
        reset_at: None,
    }
}

/// The message for a worker or CLI failure: the one place a [`WorkerError`] is turned into
/// advice that fits its cause (connect, enter the secret, choose a range, free disk, update
/// coachdesk, …). Built as [`Text`]s, worded where it is shown. The sentences carry only values
/// that read the same in every language (a path, a day, a count); the engine's own English goes
/// under Details ([`WorkerError::chain`]).
pub fn from_worker_error(e: &WorkerError) -> UserMessage {
    use crate::config::ConfigError as C;
    use crate::enrol::list_file::ListFileError as L;
    use crate::export::ExportError as X;
    use crate::outbox::OutboxError as O;
    let plain = |v: &dyn std::fmt::Display| Text::plain(v);
    let path = |p: &std::path::Path| Text::plain(p.display());
    let (key, severity, args): (&str, Severity, Vec<(&str, Text)>) = match e {
        WorkerError::Api(error) => return from_api_error(error),
        WorkerError::Keyring(error) => return from_credential_error(error),
        WorkerError::Gap(gap) => return from_gap(gap),
        WorkerError::Config(C::Damaged { moved_to, .. }) => {
            return damaged_file(DamagedFile::Profiles, moved_to);
        }
        WorkerError::Outbox(O::RateLimitedUntil(reset_at)) => {
            let kind = ApiErrorKind::RateLimited {
                reset_at: Some(*reset_at),
                limit: None,
            };
            return from_api_error(&ApiError::new(kind, None, "POST", "", ""));
        }
        WorkerError::Cancelled | WorkerError::Export(X::Cancelled) => {
            ("err.cancelled", Severity::Notice, vec![])
        }
        WorkerError::NotConnected => ("werr.not_connected", Severity::Notice, vec![]),
        WorkerError::NoSecret => ("werr.no_secret", Severity::Blocking, vec![]),
        WorkerError::NoCursor(resource) => (
            "werr.no_cursor",
            Severity::Notice,
            vec![("arg", plain(resource))],
        ),
        WorkerError::TooBusy { day, count } => (
            "werr.too_busy",
            Severity::Notice,
            vec![("day", plain(day)), ("count", plain(count))],
        ),
        WorkerError::TooManyTies { at, limit } => (
            "werr.ties",
            Severity::Notice,
            vec![("at", plain(at)), ("limit", plain(limit))],
        ),
        WorkerError::EmptyRange => ("werr.empty_range", Severity::Notice, vec![]),
        WorkerError::Folder { path: p, .. } => {
            ("werr.folder", Severity::Notice, vec![("arg", path(p))])
        }
        WorkerError::Store(_) => ("werr.store", Severity::Notice, vec![]),
        WorkerError::Outbox(O::Sqlite(_) | O::Io(_)) => {
            ("werr.outbox_store", Severity::Notice, vec![])
        }
        WorkerError::Outbox(O::Corrupt(_)) => ("werr.outbox_corrupt", Severity::Notice, vec![]),
        WorkerError::Outbox(O::NewerSchema { .. }) => {
            ("werr.outbox_newer", Severity::Blocking, vec![])
        }
        WorkerError::Outbox(O::InvalidReference(r)) => (
            "werr.outbox_reference",
            Severity::Notice,
            vec![("arg", plain(r))],
        ),
        WorkerError::Outbox(O::BodyNotObject) => ("werr.outbox_body", Severity::Notice, vec![]),
        WorkerError::Outbox(O::NotFound(_) | O::NotEditable { .. }) => {
            ("werr.outbox_entry", Severity::Notice, vec![])
        }
        WorkerError::Outbox(O::Busy) | WorkerError::OutboxBusy => {
            ("werr.outbox_busy", Severity::Notice, vec![])
        }
        WorkerError::Tenant { path: p, .. } => {
            ("werr.tenant", Severity::Notice, vec![("arg", path(p))])
        }
        WorkerError::Config(C::Io { path: p, .. } | C::Parse { path: p, .. }) => {
            ("werr.config", Severity::Notice, vec![("arg", path(p))])
        }
        WorkerError::Draft { path: p, .. } => {
            ("werr.draft", Severity::Notice, vec![("arg", path(p))])
        }
        WorkerError::Export(X::DiskFull { path: p }) => {
            ("werr.disk_full", Severity::Notice, vec![("arg", path(p))])
        }
        WorkerError::Export(X::Io { path: p, .. }) => {
            ("werr.file", Severity::Notice, vec![("arg", path(p))])
        }
        WorkerError::Export(X::Xlsx(_) | X::Csv(_)) => {
            ("werr.export_build", Severity::Notice, vec![])
        }
        WorkerError::Export(X::TooManyRows { rows, max }) => (
            "werr.export_rows",
            Severity::Notice,
            vec![("rows", plain(rows)), ("max", plain(max))],
        ),
        WorkerError::ListFile(L::Read { path: p, .. }) => {
            ("werr.list_read", Severity::Notice, vec![("arg", plain(p))])
        }
        WorkerError::ListFile(L::TooLarge { path: p }) => (
            "werr.list_large",
            Severity::Notice,
            vec![
                ("arg", plain(p)),
                (
                    "max",
                    plain(&(crate::enrol::list_file::MAX_FILE_BYTES / 1024 / 1024)),
                ),
            ],
        ),
        WorkerError::ListFile(L::UnknownKind { path: p }) => {
            ("werr.list_kind", Severity::Notice, vec![("arg", plain(p))])
        }
        WorkerError::ListFile(L::NoSheet { path: p }) => {
            ("werr.list_sheet", Severity::Notice, vec![("arg", plain(p))])
        }
        WorkerError::Input(_) => ("werr.input", Severity::Notice, vec![]),
        WorkerError::OtherConnection => ("werr.other_connection", Severity::Blocking, vec![]),
        WorkerError::Task(_) | WorkerError::Internal(_) => {
            ("werr.internal", Severity::Notice, vec![])
        }
    };
    let [title, what_happened, what_to_do] = sentences(key, &format!("{key}.what"), &args);
    UserMessage {
        title,
        what_happened,
        what_to_do,
        details: e.chain(),
        severity,
        reset_at: None,
    }
}

/// The message for a sync window that could not be proven complete.
pub fn from_gap(gap: &crate::sync::Gap) -> UserMessage {
    let key = gap.key();
    let [title, what_happened, what_to_do] = sentences(key, &format!("{key}.what"), &gap.args());
    UserMessage {
        title,
        what_happened,
        what_to_do,
        details: gap.to_string(),
        severity: Severity::Notice,
        reset_at: None,
    }
}

/// Which of the planner's files was damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DamagedFile {
    /// `profiles.json`.
    Profiles,
    /// The enrolment draft.
    Draft,
}

/// Told once when a damaged file was moved aside (kept as `moved_to`, never overwritten).
pub(crate) fn damaged_file(which: DamagedFile, moved_to: &std::path::Path) -> UserMessage {
    let key = match which {
        DamagedFile::Profiles => "damaged.profiles",
        DamagedFile::Draft => "damaged.draft",
    };
    let path = moved_to.display().to_string();
    let args = vec![("path", Text::plain(&path))];
    UserMessage {
        title: Text::with(format!("{key}.title"), args.clone()),
        what_happened: Text::with(format!("{key}.what"), args.clone()),
        what_to_do: Text::with("damaged.todo", args),
        details: path.clone(),
        severity: Severity::Blocking,
        reset_at: None,
    }
}

/// The messages to show once at start-up about the planner's own files.
pub fn startup_notices(
    config: Option<crate::config::ConfigError>,
    draft_moved_to: Option<std::path::PathBuf>,
) -> Vec<UserMessage> {
    let mut out = Vec::new();
    match config {
        Some(crate::config::ConfigError::Damaged { moved_to, .. }) => {
            out.push(damaged_file(DamagedFile::Profiles, &moved_to));
        }
        // Read but not readable for another reason (permissions, a folder in the way).
        Some(other) => out.push(from_worker_error(&WorkerError::Config(other))),
        None => {}
    }
    if let Some(moved_to) = draft_moved_to {
        out.push(damaged_file(DamagedFile::Draft, &moved_to));
    }
    out
}

/// "3:04:05" until `reset_at` (0:00:00 once passed).
pub(crate) fn countdown(reset_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (reset_at - now).num_seconds().max(0);
    format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
}

#[cfg(test)]
mod tests;

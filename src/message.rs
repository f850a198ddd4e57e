//! One mapping from every failure (API, keyring, store, export) to a message a planner can act on.

use crate::api::{ApiError, ApiErrorKind};
use crate::credentials::CredentialError;
use crate::error::WorkerError;
use crate::i18n::{Lang, format, text};
use chrono::{DateTime, Local, Utc};

/// How much a failure blocks the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Shown as a dialog: the user must act (credentials, scopes, limit).
    Blocking,
    /// Shown in the notices panel.
    Notice,
}

/// A readable failure: title, what happened, what to do, plus copyable technical details.
#[derive(Debug, Clone, PartialEq)]
pub struct UserMessage {
    pub title: String,
    pub what_happened: String,
    pub what_to_do: String,
    /// Time, method, path, status — never a token or secret.
    pub details: String,
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

/// The message for an API failure in `lang`.
pub fn from_api_error(e: &ApiError, lang: Lang) -> UserMessage {
    let t = |key: &str| text(lang, key).to_string();
    let (key, severity, reset_at, arg): (&str, Severity, Option<DateTime<Utc>>, String) = match &e
        .kind
    {
        ApiErrorKind::Unauthorized => ("err.401", Severity::Blocking, None, String::new()),
        ApiErrorKind::Forbidden { scope_hint } => (
            "err.403",
            Severity::Blocking,
            None,
            scope_hint
                .clone()
                .unwrap_or_else(|| t("err.403.unknown_scope")),
        ),
        ApiErrorKind::RateLimited { reset_at, limit } => (
            "err.429",
            Severity::Blocking,
            *reset_at,
            limit
                .map(|l| l.to_string())
                .unwrap_or_else(|| "5000".into()),
        ),
        // 500 is usually a timeout on a large request; 502/503/504 were already retried.
        ApiErrorKind::Server { status } => {
            ("err.500", Severity::Blocking, None, status.to_string())
        }
        ApiErrorKind::Timeout { .. } => ("err.timeout", Severity::Notice, None, String::new()),
        ApiErrorKind::Network { detail, .. } if detail.contains("plain http is only allowed") => {
            ("hard.err.http", Severity::Blocking, None, String::new())
        }
        ApiErrorKind::Network { detail, .. } => {
            let tls = detail.to_ascii_lowercase().contains("certificate")
                || detail.to_ascii_lowercase().contains("tls");
            (
                if tls { "err.tls" } else { "err.network" },
                Severity::Notice,
                None,
                String::new(),
            )
        }
        ApiErrorKind::BadRequest { title, .. } => {
            ("err.400", Severity::Notice, None, title.clone())
        }
        ApiErrorKind::Decode { path, .. } => ("err.decode", Severity::Notice, None, path.clone()),
        ApiErrorKind::Unexpected { status: 413 } => {
            ("hard.err.413", Severity::Notice, None, "413".to_string())
        }
        ApiErrorKind::Unexpected { status } if (300..400).contains(status) => (
            "hard.err.redirect",
            Severity::Notice,
            None,
            status.to_string(),
        ),
        ApiErrorKind::Unexpected { status } => {
            ("err.unexpected", Severity::Notice, None, status.to_string())
        }
        ApiErrorKind::Cancelled => ("err.cancelled", Severity::Notice, None, String::new()),
    };
    let args: [(&str, &dyn std::fmt::Display); 2] = [("arg", &arg), ("path", &e.path)];
    // "N requests per 24 hours" only when the server's headers said so.
    let what_key = match &e.kind {
        ApiErrorKind::RateLimited { limit: None, .. } => "err.429.what_unknown".to_string(),
        _ => format!("{key}.what"),
    };
    UserMessage {
        title: format(lang, &format!("{key}.title"), &args),
        what_happened: format(lang, &what_key, &args),
        what_to_do: format(lang, &format!("{key}.todo"), &args),
        details: details(e),
        severity,
        reset_at,
    }
}

/// The message for a keyring failure in `lang`.
pub fn from_credential_error(e: &CredentialError, lang: Lang) -> UserMessage {
    let key = match e {
        CredentialError::NoKeyring(_) => "err.keyring.none",
        CredentialError::Locked(_) => "err.keyring.locked",
        CredentialError::Other(_) => "err.keyring.other",
    };
    let detail = e.to_string();
    let args: [(&str, &dyn std::fmt::Display); 1] = [("arg", &detail)];
    UserMessage {
        title: format(lang, &format!("{key}.title"), &args),
        what_happened: format(lang, &format!("{key}.what"), &args),
        what_to_do: format(lang, &format!("{key}.todo"), &args),
        details: detail,
        severity: Severity::Blocking,
        reset_at: None,
    }
}

/// The message for a worker or CLI failure in `lang`: the one place a [`WorkerError`] is worded,
/// with advice that fits its cause (connect, enter the secret, choose a range, free disk, …).
pub fn from_worker_error(e: &WorkerError, lang: Lang) -> UserMessage {
    let (key, severity, arg) = match e {
        WorkerError::Api(error) => return from_api_error(error, lang),
        WorkerError::Keyring(error) => return from_credential_error(error, lang),
        WorkerError::Cancelled => ("err.cancelled", Severity::Notice, String::new()),
        WorkerError::NotConnected => ("werr.not_connected", Severity::Notice, String::new()),
        WorkerError::NoSecret => ("werr.no_secret", Severity::Blocking, String::new()),
        WorkerError::NoCursor(resource) => {
            ("werr.no_cursor", Severity::Notice, resource.to_string())
        }
        WorkerError::TooBusy { .. } => ("werr.too_busy", Severity::Notice, String::new()),
        WorkerError::Paging(detail) => ("werr.paging", Severity::Notice, detail.clone()),
        WorkerError::Store(detail) => ("werr.store", Severity::Notice, detail.clone()),
        WorkerError::OutboxBusy => ("werr.outbox_busy", Severity::Notice, String::new()),
        WorkerError::OutboxEntry(detail) => ("werr.outbox_entry", Severity::Notice, detail.clone()),
        WorkerError::Config(detail) => ("werr.config", Severity::Notice, detail.clone()),
        WorkerError::Draft(detail) => ("werr.draft", Severity::Notice, detail.clone()),
        WorkerError::File(detail) => ("werr.file", Severity::Notice, detail.clone()),
        WorkerError::Input(detail) => ("werr.input", Severity::Notice, detail.clone()),
        WorkerError::Internal(detail) => ("werr.internal", Severity::Notice, detail.clone()),
    };
    let (day, count) = match e {
        WorkerError::TooBusy { day, count } => (day.clone(), count.to_string()),
        _ => (String::new(), String::new()),
    };
    let args: [(&str, &dyn std::fmt::Display); 3] =
        [("arg", &arg), ("day", &day), ("count", &count)];
    UserMessage {
        title: format(lang, &format!("{key}.title"), &args),
        what_happened: format(lang, &format!("{key}.what"), &args),
        what_to_do: format(lang, &format!("{key}.todo"), &args),
        details: e.to_string(),
        severity,
        reset_at: None,
    }
}

/// Which of the planner's files was damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DamagedFile {
    /// `profiles.json`.
    Profiles,
    /// The enrolment draft.
    Draft,
}

/// Told once when a damaged file was moved aside (kept as `moved_to`, never overwritten).
pub fn damaged_file(lang: Lang, which: DamagedFile, moved_to: &std::path::Path) -> UserMessage {
    let key = match which {
        DamagedFile::Profiles => "hard.damaged.profiles",
        DamagedFile::Draft => "hard.damaged.draft",
    };
    let path = moved_to.display().to_string();
    let args: [(&str, &dyn std::fmt::Display); 1] = [("path", &path)];
    UserMessage {
        title: format(lang, &format!("{key}.title"), &args),
        what_happened: format(lang, &format!("{key}.what"), &args),
        what_to_do: format(lang, "hard.damaged.todo", &args),
        details: path.clone(),
        severity: Severity::Blocking,
        reset_at: None,
    }
}

/// The messages to show once at start-up about the planner's own files.
pub fn startup_notices(
    config: Option<crate::config::ConfigError>,
    draft_moved_to: Option<std::path::PathBuf>,
    lang: Lang,
) -> Vec<UserMessage> {
    let mut out = Vec::new();
    match config {
        Some(crate::config::ConfigError::Damaged { moved_to, .. }) => {
            out.push(damaged_file(lang, DamagedFile::Profiles, &moved_to));
        }
        // Read but not readable for another reason (permissions, a folder in the way).
        Some(other) => out.push(from_worker_error(
            &WorkerError::Store(other.to_string()),
            lang,
        )),
        None => {}
    }
    if let Some(moved_to) = draft_moved_to {
        out.push(damaged_file(lang, DamagedFile::Draft, &moved_to));
    }
    out
}

/// "3:04:05" until `reset_at` (0:00:00 once passed).
pub fn countdown(reset_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (reset_at - now).num_seconds().max(0);
    format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn kinds() -> Vec<ApiErrorKind> {
        vec![
            ApiErrorKind::Unauthorized,
            ApiErrorKind::Forbidden {
                scope_hint: Some("Aanvragen.Lezen".into()),
            },
            ApiErrorKind::Forbidden { scope_hint: None },
            ApiErrorKind::RateLimited {
                reset_at: Some(Utc::now()),
                limit: Some(5000),
            },
            ApiErrorKind::Server { status: 500 },
            ApiErrorKind::Server { status: 503 },
            ApiErrorKind::Timeout { maybe_sent: false },
            ApiErrorKind::Network {
                detail: "connection refused".into(),
                maybe_sent: false,
            },
            ApiErrorKind::Network {
                detail: "invalid peer certificate".into(),
                maybe_sent: false,
            },
            ApiErrorKind::BadRequest {
                title: "Ongeldig".into(),
                field_errors: Default::default(),
            },
            ApiErrorKind::Decode {
                path: "[3].nummer".into(),
                snippet: "x".into(),
            },
            ApiErrorKind::Unexpected { status: 404 },
            ApiErrorKind::Cancelled,
        ]
    }

    #[test]
    fn every_api_error_has_a_complete_message_in_both_languages() {
        for kind in kinds() {
            let e = ApiError::new(kind.clone(), None, "GET", "/api/v1/Aanvragen?take=1", "");
            for lang in [Lang::Nl, Lang::En] {
                let m = from_api_error(&e, lang);
                for text in [&m.title, &m.what_happened, &m.what_to_do] {
                    assert!(!text.trim().is_empty(), "{kind:?} {lang:?}");
                    assert!(!text.contains("missing text"), "{kind:?} {lang:?}: {text}");
                    assert!(!text.contains('{'), "unfilled placeholder: {text}");
                }
                assert!(m.details.contains("GET /api/v1/Aanvragen?take=1"));
            }
        }
    }

    #[test]
    fn the_key_facts_reach_the_user() {
        let msg = |kind| from_api_error(&ApiError::new(kind, Some(0), "GET", "/x", ""), Lang::En);
        let forbidden = msg(ApiErrorKind::Forbidden {
            scope_hint: Some("Webaanvragen.Schrijven".into()),
        });
        assert!(forbidden.what_happened.contains("Webaanvragen.Schrijven"));
        assert_eq!(forbidden.severity, Severity::Blocking);
        let limited = msg(ApiErrorKind::RateLimited {
            reset_at: None,
            limit: Some(5000),
        });
        assert!(limited.what_happened.contains("5000"));
        let server = msg(ApiErrorKind::Server { status: 500 });
        assert!(server.what_to_do.contains("support@coachview.net"));
        let tls = msg(ApiErrorKind::Network {
            detail: "invalid peer certificate".into(),
            maybe_sent: false,
        });
        assert_eq!(tls.title, text(Lang::En, "err.tls.title"));
    }

    #[test]
    fn countdown_formats_and_stops_at_zero() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap();
        let reset = now + chrono::Duration::seconds(3 * 3600 + 4 * 60 + 5);
        assert_eq!(countdown(reset, now), "3:04:05");
        assert_eq!(countdown(now, reset), "0:00:00");
    }
}

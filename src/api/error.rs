//! `ApiError`: everything that can go wrong talking to Coachview, without secrets.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// The longest body excerpt an error keeps.
pub const MAX_BODY_CHARS: usize = 2_000;

/// What kind of failure, with the data a user message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiErrorKind {
    /// 401: the token was refused (already renewed once).
    Unauthorized,
    /// 403: a scope or right is missing; `scope_hint` names it when known (e.g. `Aanvragen.Lezen`).
    Forbidden { scope_hint: Option<String> },
    /// 429 or a known exhausted limit: nothing may be sent before `reset_at`.
    RateLimited {
        reset_at: Option<DateTime<Utc>>,
        limit: Option<u32>,
    },
    /// 5xx from the server.
    Server { status: u16 },
    /// The request took too long. `maybe_sent`: the server may have received it.
    Timeout { maybe_sent: bool },
    /// Connecting, DNS, TLS or a dropped connection. `maybe_sent`: the request may have arrived.
    Network { detail: String, maybe_sent: bool },
    /// 400 with field errors (ProblemDetails `errors`, field path → messages).
    BadRequest {
        title: String,
        field_errors: BTreeMap<String, Vec<String>>,
    },
    /// A response that could not be decoded; `path` locates the bad value.
    Decode { path: String, snippet: String },
    /// Any other unexpected status.
    Unexpected { status: u16 },
    /// The job was cancelled by the user.
    Cancelled,
}

/// One failed API call: kind plus where it happened. Never holds a token or a secret.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{method} {path}: {kind:?}")]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub status: Option<u16>,
    pub method: String,
    /// Path and query of the request (no host credentials, no token).
    pub path: String,
    /// The response body, truncated to [`MAX_BODY_CHARS`].
    pub body: String,
    pub at: DateTime<Utc>,
}

impl ApiError {
    /// Builds an error, truncating the body.
    pub fn new(
        kind: ApiErrorKind,
        status: Option<u16>,
        method: &str,
        path: &str,
        body: &str,
    ) -> ApiError {
        ApiError {
            kind,
            status,
            method: method.to_string(),
            path: path.to_string(),
            body: truncate_chars(body, MAX_BODY_CHARS),
            at: Utc::now(),
        }
    }

    /// True when a non-idempotent request (a POST) may have reached the server even though no
    /// answer came back, so it must be reconciled before it is sent again.
    pub fn is_ambiguous(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::Timeout { maybe_sent: true }
                | ApiErrorKind::Network {
                    maybe_sent: true,
                    ..
                }
        )
    }

    /// True for failures that may pass by themselves (network, timeout, 502/503/504).
    pub fn is_transient(&self) -> bool {
        match &self.kind {
            ApiErrorKind::Timeout { .. } | ApiErrorKind::Network { .. } => true,
            ApiErrorKind::Server { status } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

/// Cuts `s` to at most `max` characters, marking the cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_truncated_on_a_char_boundary() {
        let body = "é".repeat(MAX_BODY_CHARS + 10);
        let e = ApiError::new(
            ApiErrorKind::Server { status: 500 },
            Some(500),
            "GET",
            "/x",
            &body,
        );
        assert_eq!(e.body.chars().count(), MAX_BODY_CHARS + 1);
        assert!(!e.is_ambiguous());
        assert!(!e.is_transient());
    }

    #[test]
    fn ambiguity_and_transience() {
        let t = ApiError::new(
            ApiErrorKind::Timeout { maybe_sent: true },
            None,
            "POST",
            "/w",
            "",
        );
        assert!(t.is_ambiguous() && t.is_transient());
        let c = ApiError::new(
            ApiErrorKind::Network {
                detail: "refused".into(),
                maybe_sent: false,
            },
            None,
            "POST",
            "/w",
            "",
        );
        assert!(!c.is_ambiguous() && c.is_transient());
        let b = ApiError::new(
            ApiErrorKind::Server { status: 503 },
            Some(503),
            "GET",
            "/x",
            "",
        );
        assert!(b.is_transient());
    }
}

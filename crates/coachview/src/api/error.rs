//! `ApiError`: everything that can go wrong talking to Coachview, without secrets.

pub use super::scrub::truncate_chars;
use super::scrub::{hide_known, scrub};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// The longest body excerpt an error keeps (scrubbed: see [`super::scrub`]).
pub(crate) const MAX_BODY_CHARS: usize = 500;

/// The longest piece of server text (a title, a field message, a snippet) an error keeps.
pub(crate) const MAX_SERVER_TEXT: usize = 200;

/// What kind of failure, with the data a user message needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiErrorKind {
    /// 401: the token was refused (already renewed once).
    Unauthorized,
    /// 403: a scope or right is missing; `scope_hint` names it when known (e.g. `Aanvragen.Lezen`).
    Forbidden {
        /// The missing scope, when the answer named one.
        scope_hint: Option<String>,
    },
    /// 429 or a known exhausted limit: nothing may be sent before `reset_at`.
    RateLimited {
        /// When the limit resets, if the server said (bounded before use).
        reset_at: Option<DateTime<Utc>>,
        /// The daily limit, if the server said.
        limit: Option<u32>,
    },
    /// 5xx from the server.
    Server {
        /// The HTTP status (500–599).
        status: u16,
    },
    /// The request took too long. `maybe_sent`: the server may have received it.
    Timeout {
        /// True when the request may have reached the server.
        maybe_sent: bool,
    },
    /// Connecting, DNS, TLS or a dropped connection. `maybe_sent`: the request may have arrived.
    Network {
        /// What failed (connect, DNS, TLS, reset), without any secret.
        detail: String,
        /// True when the request may have reached the server.
        maybe_sent: bool,
    },
    /// 400 with field errors (ProblemDetails `errors`, field path → messages).
    BadRequest {
        /// The ProblemDetails `title`, truncated to [`MAX_SERVER_TEXT`].
        title: String,
        /// Field path → the server's messages about it.
        field_errors: BTreeMap<String, Vec<String>>,
    },
    /// A response that could not be decoded; `path` locates the bad value.
    Decode {
        /// Where in the response the bad value sits (JSON path).
        path: String,
        /// A short piece of the bad value, truncated.
        snippet: String,
    },
    /// Any other unexpected status.
    Unexpected {
        /// The HTTP status.
        status: u16,
    },
    /// The job was cancelled by the user.
    Cancelled,
}

/// One failed API call: kind plus where it happened. Never holds a token or a secret.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{method} {path}: {kind:?}")]
pub struct ApiError {
    /// What kind of failure, with its data.
    pub kind: ApiErrorKind,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// The HTTP method (`GET`, `POST`, …).
    pub method: String,
    /// Path and query of the request (no host credentials, no token).
    pub path: String,
    /// The response body, truncated to [`MAX_BODY_CHARS`].
    pub body: String,
    /// When the failure happened.
    pub at: DateTime<Utc>,
}

impl ApiError {
    /// Builds an error. Every piece of server text (body, title, field messages, snippets,
    /// scope hints) is capped and scrubbed of anything that looks like a token or a secret.
    pub fn new(
        kind: ApiErrorKind,
        status: Option<u16>,
        method: &str,
        path: &str,
        body: &str,
    ) -> ApiError {
        ApiError::new_hiding(kind, status, method, path, body, &[])
    }

    /// [`ApiError::new`] that first hides every form of these values (the client secret, the
    /// current token: see [`hide_known`]) in the whole texts, before anything is cut: a secret
    /// that straddles a cut cannot survive in part.
    pub(crate) fn new_hiding(
        kind: ApiErrorKind,
        status: Option<u16>,
        method: &str,
        path: &str,
        body: &str,
        known: &[&str],
    ) -> ApiError {
        let clean = |s: &str, max: usize| scrub(&hide_known(s, known), max);
        ApiError {
            kind: scrub_kind(kind, &|s| clean(s, MAX_SERVER_TEXT)),
            status,
            method: method.to_string(),
            path: clean(path, MAX_BODY_CHARS),
            body: clean(body, MAX_BODY_CHARS),
            at: crate::clock::Clock::system().now_utc(),
        }
    }

    /// Hides these values in what the error kept (a second net: text already cut can only be
    /// cleaned by [`ApiError::new_hiding`]).
    pub(crate) fn hide(mut self, known: &[&str]) -> ApiError {
        let h = |s: &str| hide_known(s, known);
        self.kind = scrub_kind(self.kind, &h);
        self.body = h(&self.body);
        self.path = h(&self.path);
        self
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

/// Applies `f` to every piece of server text inside a kind.
fn scrub_kind(kind: ApiErrorKind, f: &dyn Fn(&str) -> String) -> ApiErrorKind {
    match kind {
        ApiErrorKind::Forbidden { scope_hint } => ApiErrorKind::Forbidden {
            scope_hint: scope_hint.map(|s| f(s.as_str())),
        },
        ApiErrorKind::Network { detail, maybe_sent } => ApiErrorKind::Network {
            detail: f(detail.as_str()),
            maybe_sent,
        },
        ApiErrorKind::BadRequest {
            title,
            field_errors,
        } => ApiErrorKind::BadRequest {
            title: f(title.as_str()),
            field_errors: field_errors
                .into_iter()
                .take(50)
                .map(|(k, v)| {
                    (
                        f(k.as_str()),
                        v.iter().take(10).map(|m| f(m.as_str())).collect(),
                    )
                })
                .collect(),
        },
        ApiErrorKind::Decode { path, snippet } => ApiErrorKind::Decode {
            path: f(path.as_str()),
            snippet: f(snippet.as_str()),
        },
        other => other,
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
        let echoed = ApiError::new(
            ApiErrorKind::BadRequest {
                title: "bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig".into(),
                field_errors: BTreeMap::from([(
                    "x".into(),
                    vec!["client_secret=hunter2hunter2".into()],
                )]),
            },
            Some(400),
            "POST",
            "/x",
            "{\"access_token\":\"tok-123456\"}",
        )
        .hide(&["plain-known-secret"]);
        let all = format!("{echoed:?}");
        assert!(!all.contains("eyJ") && !all.contains("hunter2") && !all.contains("tok-123456"));
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

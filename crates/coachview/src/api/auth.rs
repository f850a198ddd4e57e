//! Client-credentials token: request, cache, renew shortly before it expires.

use serde_json::Value;
use std::time::{Duration, Instant};

/// A cached access token. `Debug` never shows the token.
#[derive(Clone)]
pub(crate) struct Token {
    value: String,
    /// When we stop using it (a margin before the server's expiry).
    renew_at: Instant,
    /// The granted scopes (`scope`, space-separated), when the token endpoint named them.
    scope: Option<String>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("value", &"<redacted>")
            .field("renew_at", &self.renew_at)
            .field("scope", &self.scope)
            .finish()
    }
}

/// The longest token lifetime believed (Coachview offers 15 min, 1 h or 8 h).
pub(crate) const MAX_LIFETIME_SECS: f64 = 24.0 * 3600.0;

/// How long before expiry a token is renewed: a tenth of its lifetime, at most 60 s.
pub(crate) fn renew_margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(Duration::from_secs(60))
}

impl Token {
    /// A token valid for `lifetime` from `now`.
    pub(crate) fn new(value: String, lifetime: Duration, now: Instant) -> Token {
        Token {
            value,
            renew_at: now
                .checked_add(lifetime.saturating_sub(renew_margin(lifetime)))
                .unwrap_or(now),
            scope: None,
        }
    }

    /// The same token with the scopes the endpoint said it granted.
    pub(crate) fn with_scope(mut self, scope: Option<String>) -> Token {
        self.scope = scope;
        self
    }

    /// Whether the token carries `scope` (`None`: the endpoint did not say what it granted).
    pub(crate) fn grants(&self, scope: &str) -> Option<bool> {
        let granted = self.scope.as_deref()?;
        Some(
            granted
                .split_whitespace()
                .any(|s| s.eq_ignore_ascii_case(scope)),
        )
    }

    /// The bearer value.
    pub(crate) fn value(&self) -> &str {
        &self.value
    }

    /// True while it may still be used.
    pub(crate) fn is_fresh(&self, now: Instant) -> bool {
        now < self.renew_at
    }
}

/// What a token response told us.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenReply {
    /// `access_token` and its lifetime (`expires_in`, default 15 min when missing).
    Granted {
        /// The bearer token; never logged.
        token: String,
        /// How long the token is valid.
        lifetime: Duration,
        /// The granted scopes, when the answer names them (bounded).
        scope: Option<String>,
    },
    /// An OAuth error (`invalid_client`, `invalid_scope`, …) with its description.
    Refused {
        /// The OAuth `error` code.
        error: String,
        /// The `error_description`, if the server gave one (bounded).
        description: Option<String>,
    },
}

/// Reads a token endpoint body; `None` when it is not JSON at all.
pub(crate) fn parse_token_reply(body: &[u8]) -> Option<TokenReply> {
    let v: Value = serde_json::from_slice(body).ok()?;
    if let Some(token) = v.get("access_token").and_then(Value::as_str) {
        let secs = match v.get("expires_in") {
            Some(Value::Number(n)) => n.as_f64().unwrap_or(900.0),
            Some(Value::String(s)) => s.parse().unwrap_or(900.0),
            _ => 900.0,
        };
        // Hostile or broken values (1e20, NaN, negative) never reach a Duration or an Instant:
        // Coachview's longest lifetime is 8 h, so anything over a day is read as a day.
        let secs = if secs.is_finite() && secs > 0.0 {
            secs.clamp(1.0, MAX_LIFETIME_SECS)
        } else {
            900.0
        };
        let scope = v
            .get("scope")
            .and_then(Value::as_str)
            .map(|s| s.chars().take(4000).collect());
        return Some(TokenReply::Granted {
            token: token.to_string(),
            lifetime: Duration::from_secs_f64(secs),
            scope,
        });
    }
    let error = v.get("error").and_then(Value::as_str)?.to_string();
    let description = v
        .get("error_description")
        .and_then(Value::as_str)
        .map(str::to_string);
    Some(TokenReply::Refused { error, description })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renews_before_expiry() {
        let now = crate::clock::Clock::system().instant();
        let t = Token::new("abc".into(), Duration::from_secs(900), now);
        assert_eq!(
            t.grants("Webaanvragen.Schrijven"),
            None,
            "not said: unknown"
        );
        let said = Some("api Webaanvragen.Schrijven".to_string());
        let w = Token::new("abc".into(), Duration::from_secs(900), now).with_scope(said);
        assert_eq!(w.grants("webaanvragen.schrijven"), Some(true));
        assert_eq!(w.grants("Personen.Schrijven"), Some(false));
        assert!(t.is_fresh(now + Duration::from_secs(800)));
        assert!(!t.is_fresh(now + Duration::from_secs(841)));
        let short = Token::new("abc".into(), Duration::from_secs(2), now);
        assert!(short.is_fresh(now + Duration::from_millis(1700)));
        assert!(!short.is_fresh(now + Duration::from_millis(1850)));
        assert!(!format!("{t:?}").contains("abc"));
    }

    #[test]
    fn token_replies() {
        let ok =
            parse_token_reply(br#"{"access_token":"x","expires_in":3600,"token_type":"Bearer"}"#);
        assert_eq!(
            ok,
            Some(TokenReply::Granted {
                token: "x".into(),
                lifetime: Duration::from_secs(3600),
                scope: None,
            })
        );
        let no =
            parse_token_reply(br#"{"error":"invalid_scope","error_description":"Nope.Lezen"}"#);
        assert_eq!(
            no,
            Some(TokenReply::Refused {
                error: "invalid_scope".into(),
                description: Some("Nope.Lezen".into())
            })
        );
        assert_eq!(parse_token_reply(b"<html>"), None);
    }

    #[test]
    fn absurd_lifetimes_are_clamped_not_panicking() {
        for body in [
            &br#"{"access_token":"x","expires_in":1e19}"#[..],
            br#"{"access_token":"x","expires_in":1e20}"#,
            br#"{"access_token":"x","expires_in":"1e300"}"#,
        ] {
            let Some(TokenReply::Granted { lifetime, .. }) = parse_token_reply(body) else {
                panic!("not granted");
            };
            assert_eq!(lifetime, Duration::from_secs(86_400));
            let t = Token::new(
                "x".into(),
                lifetime,
                crate::clock::Clock::system().instant(),
            );
            assert!(t.is_fresh(crate::clock::Clock::system().instant()));
        }
        let t = Token::new(
            "x".into(),
            Duration::MAX,
            crate::clock::Clock::system().instant(),
        );
        assert!(!format!("{t:?}").is_empty());
    }
}

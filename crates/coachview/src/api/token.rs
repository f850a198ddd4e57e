//! Getting and caching the access token (client-credentials form POST, retried like a GET).

use super::auth::{Token, TokenReply, parse_token_reply};
use super::error::{ApiError, ApiErrorKind};
use super::http::{
    BodyError, Inner, MAX_ATTEMPTS, backoff, read_capped, too_large_error, transport_error,
};
use super::status::status_error;
use std::sync::atomic::Ordering;

impl Inner {
    /// A fresh token, requested when missing or about to expire.
    pub(super) async fn token(&self) -> Result<String, ApiError> {
        let mut guard = self.token.lock().await;
        if let Some(t) = guard.as_ref()
            && t.is_fresh(crate::clock::Clock::system().instant())
        {
            return Ok(t.value().to_string());
        }
        let token = self
            .request_token()
            .await
            .map_err(|e| e.hide(&[self.client_secret.as_str()]))?;
        let value = token.value().to_string();
        *guard = Some(token);
        Ok(value)
    }

    /// Whether the cached token carries `scope` (`None`: no token, or the endpoint did not
    /// say which scopes it granted).
    pub(super) async fn token_grants(&self, scope: &str) -> Option<bool> {
        self.token.lock().await.as_ref()?.grants(scope)
    }

    /// Forgets the cached token (after a 401).
    pub(super) async fn drop_token(&self) {
        *self.token.lock().await = None;
    }

    async fn request_token(&self) -> Result<Token, ApiError> {
        let path = "/auth/connect/token";
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.as_str()),
        ];
        if let Some(s) = self.scopes.as_deref().filter(|s| !s.trim().is_empty()) {
            form.push(("scope", s));
        }
        let mut attempt = 0;
        loop {
            self.gate("POST", path)?;
            attempt += 1;
            let started = crate::clock::Clock::system().instant();
            self.sent.fetch_add(1, Ordering::Relaxed);
            // No redirect is followed: a 307 would re-post the secret wherever it points.
            let res = self
                .http_no_redirect
                .post(format!("{}{path}", self.base_url))
                .form(&form)
                .send()
                .await;
            let (status, body) = match res {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let limit = self.max_body.load(Ordering::Relaxed).min(1024 * 1024);
                    match read_capped(r, limit).await {
                        Ok(b) => {
                            self.received.fetch_add(b.len() as u64, Ordering::Relaxed);
                            (status, b)
                        }
                        Err(BodyError::TooLarge(limit)) => {
                            return Err(too_large_error(limit, status, "POST", path));
                        }
                        Err(BodyError::Transport(e)) if attempt < MAX_ATTEMPTS => {
                            tracing::warn!("token body failed: {e}");
                            tokio::time::sleep(backoff(attempt)).await;
                            continue;
                        }
                        Err(BodyError::Transport(e)) => {
                            return Err(transport_error(&e, "POST", path));
                        }
                    }
                }
                Err(e) if attempt < MAX_ATTEMPTS => {
                    tracing::warn!("token request failed (attempt {attempt}): {e}");
                    tokio::time::sleep(backoff(attempt)).await;
                    continue;
                }
                Err(e) => return Err(transport_error(&e, "POST", path)),
            };
            if matches!(status, 502..=504) && attempt < MAX_ATTEMPTS {
                tokio::time::sleep(backoff(attempt)).await;
                continue;
            }
            // Every piece of the answer is cleaned of the secret before anything cuts it.
            let secret = [self.client_secret.as_str()];
            let text = super::scrub::hide_known(&String::from_utf8_lossy(&body), &secret);
            return match parse_token_reply(&body) {
                Some(TokenReply::Granted {
                    token,
                    lifetime,
                    scope,
                }) if (200..300).contains(&status) => {
                    Ok(Token::new(token, lifetime, started).with_scope(scope))
                }
                Some(TokenReply::Refused { error, description }) => {
                    let description = description.map(|d| super::scrub::hide_known(&d, &secret));
                    let kind = if error == "invalid_scope" || error == "unauthorized_client" {
                        ApiErrorKind::Forbidden {
                            scope_hint: description.or(self.scopes.clone()),
                        }
                    } else if status >= 500 {
                        ApiErrorKind::Server { status }
                    } else {
                        ApiErrorKind::Unauthorized
                    };
                    Err(ApiError::new_hiding(
                        kind,
                        Some(status),
                        "POST",
                        path,
                        &text,
                        &secret,
                    ))
                }
                _ if (200..300).contains(&status) => Err(ApiError::new(
                    ApiErrorKind::Decode {
                        path: "$.access_token".into(),
                        snippet: super::error::truncate_chars(&text, 80),
                    },
                    Some(status),
                    "POST",
                    path,
                    &text,
                )),
                _ => Err(ApiError::new(
                    status_error(status, &body, None, None),
                    Some(status),
                    "POST",
                    path,
                    &text,
                )),
            };
        }
    }
}

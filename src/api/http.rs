//! The request loop: token, rate-limit gate, retries with jittered backoff, status → `ApiError`.

use super::auth::{Token, TokenReply, parse_token_reply};
use super::error::{ApiError, ApiErrorKind};
use super::rate_limit::RateLimitStatus;
use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Attempts for network errors and 502/503/504 (including the first).
pub const MAX_ATTEMPTS: u32 = 3;

/// How long to refuse requests after a 429 that carried no reset time.
const DEFAULT_BLOCK: Duration = Duration::from_secs(60);

/// A successful (2xx) answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Shared state behind `Client`.
pub struct Inner {
    pub http: reqwest::Client,
    pub base_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Option<String>,
    pub token: tokio::sync::Mutex<Option<Token>>,
    pub rate: Mutex<RateLimitStatus>,
    /// After a 429: nothing is sent before this moment.
    pub blocked_until: Mutex<Option<DateTime<Utc>>>,
    pub sent: AtomicU64,
}

fn lock<T: Clone>(m: &Mutex<T>) -> T {
    match m.lock() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

fn set<T>(m: &Mutex<T>, f: impl FnOnce(&mut T)) {
    match m.lock() {
        Ok(mut g) => f(&mut g),
        Err(poisoned) => f(&mut poisoned.into_inner()),
    }
}

/// Jittered exponential backoff before attempt `attempt + 1`: ~250 ms, ~500 ms, …
fn backoff(attempt: u32) -> Duration {
    let base = 250u64 << attempt.min(4);
    Duration::from_millis(base + rand::random_range(0..base))
}

/// Error for a reqwest failure that produced no status.
fn transport_error(e: &reqwest::Error, method: &str, path: &str) -> ApiError {
    let maybe_sent = !e.is_connect();
    let kind = if e.is_timeout() {
        ApiErrorKind::Timeout { maybe_sent }
    } else {
        let mut detail = e.to_string();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            detail = format!("{detail}: {s}");
            src = s.source();
        }
        ApiErrorKind::Network { detail, maybe_sent }
    };
    ApiError::new(kind, None, method, path, "")
}

/// Turns a non-2xx status into an error kind.
pub fn status_error(
    status: u16,
    body: &[u8],
    reset_at: Option<DateTime<Utc>>,
    limit: Option<u32>,
) -> ApiErrorKind {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    match status {
        401 => ApiErrorKind::Unauthorized,
        403 => ApiErrorKind::Forbidden {
            scope_hint: scope_hint(json.as_ref(), body),
        },
        429 => ApiErrorKind::RateLimited { reset_at, limit },
        400 | 422 => {
            let title = json
                .as_ref()
                .and_then(|v| v.get("title").or_else(|| v.get("detail")))
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(200).collect());
            let mut field_errors = std::collections::BTreeMap::new();
            if let Some(Value::Object(errs)) = json.as_ref().and_then(|v| v.get("errors")) {
                for (k, v) in errs {
                    let msgs = match v {
                        Value::Array(a) => a
                            .iter()
                            .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_string))
                            .collect(),
                        Value::String(s) => vec![s.clone()],
                        other => vec![other.to_string()],
                    };
                    field_errors.insert(k.clone(), msgs);
                }
            }
            ApiErrorKind::BadRequest {
                title,
                field_errors,
            }
        }
        500..=599 => ApiErrorKind::Server { status },
        _ => ApiErrorKind::Unexpected { status },
    }
}

/// The missing scope named by a 403 body (`scope` field or `Missing scope: X`).
fn scope_hint(json: Option<&Value>, body: &[u8]) -> Option<String> {
    if let Some(s) = json.and_then(|v| v.get("scope")).and_then(Value::as_str) {
        return Some(s.to_string());
    }
    let text = String::from_utf8_lossy(body);
    let idx = text.find("scope:")?;
    let rest = text[idx + 6..].trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

impl Inner {
    /// The last known rate-limit state.
    pub fn rate(&self) -> RateLimitStatus {
        lock(&self.rate)
    }

    /// Refuses at once (no request) while a 429's reset or a known exhausted limit is ahead.
    fn gate(&self, method: &str, path: &str) -> Result<(), ApiError> {
        let now = Utc::now();
        let blocked = lock(&self.blocked_until).filter(|t| *t > now);
        let rate = self.rate();
        let reset_at =
            blocked.or_else(|| rate.exhausted_at(now).then_some(rate.reset_at).flatten());
        match reset_at {
            Some(reset_at) => Err(ApiError::new(
                ApiErrorKind::RateLimited {
                    reset_at: Some(reset_at),
                    limit: rate.limit,
                },
                None,
                method,
                path,
                "not sent: the daily request limit is used up until the reset time",
            )),
            None => Ok(()),
        }
    }

    fn note_headers(&self, headers: &HeaderMap) {
        let status = RateLimitStatus::from_headers(headers, Utc::now());
        set(&self.rate, |r| r.merge(status));
    }

    /// A fresh token, requested when missing or about to expire.
    pub async fn token(&self) -> Result<String, ApiError> {
        let mut guard = self.token.lock().await;
        if let Some(t) = guard.as_ref()
            && t.is_fresh(Instant::now())
        {
            return Ok(t.value().to_string());
        }
        let token = self.request_token().await?;
        let value = token.value().to_string();
        *guard = Some(token);
        Ok(value)
    }

    /// Forgets the cached token (after a 401).
    pub async fn drop_token(&self) {
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
            let started = Instant::now();
            self.sent.fetch_add(1, Ordering::Relaxed);
            let res = self
                .http
                .post(format!("{}{path}", self.base_url))
                .form(&form)
                .send()
                .await;
            let (status, body) = match res {
                Ok(r) => {
                    let status = r.status().as_u16();
                    match r.bytes().await {
                        Ok(b) => (status, b.to_vec()),
                        Err(e) if attempt < MAX_ATTEMPTS => {
                            tracing::warn!("token body failed: {e}");
                            tokio::time::sleep(backoff(attempt)).await;
                            continue;
                        }
                        Err(e) => return Err(transport_error(&e, "POST", path)),
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
            let text = String::from_utf8_lossy(&body).to_string();
            return match parse_token_reply(&body) {
                Some(TokenReply::Granted { token, lifetime }) if (200..300).contains(&status) => {
                    Ok(Token::new(token, lifetime, started))
                }
                Some(TokenReply::Refused { error, description }) => {
                    let kind = if error == "invalid_scope" || error == "unauthorized_client" {
                        ApiErrorKind::Forbidden {
                            scope_hint: description.or(self.scopes.clone()),
                        }
                    } else if status >= 500 {
                        ApiErrorKind::Server { status }
                    } else {
                        ApiErrorKind::Unauthorized
                    };
                    Err(ApiError::new(kind, Some(status), "POST", path, &text))
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

    /// Sends one request (`body` = JSON for a POST). GETs are retried on network errors and
    /// 502/503/504 (at most [`MAX_ATTEMPTS`]); a POST is never retried. A 401 renews the token
    /// and repeats the request once (GET only).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let is_get = method == reqwest::Method::GET;
        let m = method.as_str().to_string();
        let mut attempt = 0;
        let mut renewed = false;
        loop {
            self.gate(&m, path_and_query)?;
            let token = self.token().await?;
            self.gate(&m, path_and_query)?;
            attempt += 1;
            let mut req = self
                .http
                .request(method.clone(), format!("{}{path_and_query}", self.base_url))
                .bearer_auth(&token)
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(b) = body {
                req = req.json(b);
            }
            self.sent.fetch_add(1, Ordering::Relaxed);
            let result = match req.send().await {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let headers = r.headers().clone();
                    r.bytes().await.map(|b| (status, headers, b.to_vec()))
                }
                Err(e) => Err(e),
            };
            let (status, headers, bytes) = match result {
                Ok(x) => x,
                Err(e) => {
                    if is_get && attempt < MAX_ATTEMPTS {
                        tracing::warn!("{m} {path_and_query} failed (attempt {attempt}): {e}");
                        tokio::time::sleep(backoff(attempt)).await;
                        continue;
                    }
                    return Err(transport_error(&e, &m, path_and_query));
                }
            };
            self.note_headers(&headers);
            if (200..300).contains(&status) {
                return Ok(Reply {
                    status,
                    headers,
                    body: bytes,
                });
            }
            if status == 401 {
                self.drop_token().await;
                if is_get && !renewed {
                    renewed = true;
                    continue;
                }
            }
            if is_get && matches!(status, 502..=504) && attempt < MAX_ATTEMPTS {
                tokio::time::sleep(backoff(attempt)).await;
                continue;
            }
            let rate = self.rate();
            if status == 429 {
                let reset = rate
                    .reset_at
                    .filter(|t| *t > Utc::now())
                    .unwrap_or_else(|| Utc::now() + DEFAULT_BLOCK);
                set(&self.blocked_until, |b| *b = Some(reset));
            }
            let blocked = lock(&self.blocked_until);
            let kind = status_error(status, &bytes, blocked, rate.limit);
            let text = String::from_utf8_lossy(&bytes);
            return Err(ApiError::new(kind, Some(status), &m, path_and_query, &text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping() {
        let body = br#"{"title":"Forbidden","detail":"Missing scope: Aanvragen.Lezen","scope":"Aanvragen.Lezen"}"#;
        assert_eq!(
            status_error(403, body, None, None),
            ApiErrorKind::Forbidden {
                scope_hint: Some("Aanvragen.Lezen".into())
            }
        );
        assert_eq!(
            status_error(403, b"Missing scope: Personen.Lezen", None, None),
            ApiErrorKind::Forbidden {
                scope_hint: Some("Personen.Lezen".into())
            }
        );
        let pd = br#"{"type":"x","title":"One or more validation errors","status":400,"errors":{"contactpersoon.emailadres":["Ongeldig"]}}"#;
        match status_error(400, pd, None, None) {
            ApiErrorKind::BadRequest {
                title,
                field_errors,
            } => {
                assert_eq!(title, "One or more validation errors");
                assert_eq!(
                    field_errors["contactpersoon.emailadres"],
                    vec!["Ongeldig".to_string()]
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            status_error(500, b"", None, None),
            ApiErrorKind::Server { status: 500 }
        );
        assert_eq!(
            status_error(418, b"", None, None),
            ApiErrorKind::Unexpected { status: 418 }
        );
    }

    #[test]
    fn backoff_grows_with_jitter() {
        for a in 1..3 {
            let d = backoff(a).as_millis() as u64;
            let base = 250u64 << a;
            assert!((base..2 * base).contains(&d));
        }
    }
}

//! The request loop: token, rate-limit gate, retries with jittered backoff, status → `ApiError`.

use super::auth::Token;
use super::error::{ApiError, ApiErrorKind};
use super::rate_limit::RateLimitStatus;
use super::status::status_error;
use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

mod body;
pub(super) use body::{BodyError, read_capped, too_large_error};

/// Attempts for network errors and 502/503/504 (including the first).
pub(super) const MAX_ATTEMPTS: u32 = 3;

/// How long a 429 without a usable reset (none, negative, in the past) is waited out, once
/// until a request succeeds again; the next such 429 ends the request ("try again later").
pub(super) const DEFAULT_BLOCK: Duration = Duration::from_secs(60);

/// Told when a 429 wait starts (its end), e.g. so the CLI prints it on stderr at once.
pub(super) type WaitNotice = std::sync::Arc<dyn Fn(DateTime<Utc>) + Send + Sync>;

/// The largest response body read by default; more is refused while streaming (64 MB).
pub(super) const DEFAULT_MAX_BODY: u64 = 64 * 1024 * 1024;

/// At most this many redirects are followed, and only for a GET within one origin.
const MAX_REDIRECTS: usize = 5;

/// Scheme, host and port equal: a redirect may stay within one origin (so never https → http).
pub(super) fn same_origin(a: &url::Url, b: &url::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The redirect policy of GETs: same origin only, never from https to http, at most 5 hops.
/// Token requests and POSTs use a client that follows no redirect at all (a 307 would re-post
/// the secret or personal data to wherever it points).
pub(super) fn get_redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let allowed = attempt.previous().len() <= MAX_REDIRECTS
            && attempt
                .previous()
                .first()
                .is_some_and(|first| same_origin(first, attempt.url()));
        if allowed {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// A 429 whose wait is at most this long is waited out in place (GET only).
pub(super) const SHORT_WAIT: Duration = Duration::from_secs(120);

/// In-place waits for one request before the 429 is reported after all.
const MAX_SHORT_WAITS: u32 = 20;

/// A successful (2xx) answer.
#[derive(Debug)]
pub(super) struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Shared state behind `Client`.
pub(super) struct Inner {
    /// For GETs: follows redirects within one origin only.
    pub http: reqwest::Client,
    /// For the token request and POSTs: follows no redirect.
    pub http_no_redirect: reqwest::Client,
    /// The largest body read ([`DEFAULT_MAX_BODY`]; tests set less).
    pub max_body: AtomicU64,
    pub base_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Option<String>,
    pub token: tokio::sync::Mutex<Option<Token>>,
    pub rate: Mutex<RateLimitStatus>,
    /// After a 429: nothing is sent before this moment.
    pub blocked_until: Mutex<Option<DateTime<Utc>>>,
    pub sent: AtomicU64,
    /// Body bytes of every answer read in full (token answers and errors included).
    pub received: AtomicU64,
    /// While a short 429 wait runs in place: when it ends (for progress displays).
    pub waiting_until: Mutex<Option<DateTime<Utc>>>,
    /// A 429 without a usable reset was waited out since the last successful answer.
    pub blind_waited: std::sync::atomic::AtomicBool,
    /// Told when a 429 wait starts.
    pub wait_notice: Mutex<Option<WaitNotice>>,
    /// How long a 429 without a usable reset is waited out, in ms ([`DEFAULT_BLOCK`]; tests set
    /// less).
    pub blind_wait_ms: AtomicU64,
    /// The bytes read and what the line costs, measured from the answers.
    pub link: super::link::Link,
    /// Answers that said the server is busy: 429 (also those waited out in place) and
    /// 502/503/504 (also those retried). The sync reads it to stop asking in parallel.
    pub busy: AtomicU64,
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
pub(super) fn backoff(attempt: u32) -> Duration {
    let base = 250u64 << attempt.min(4);
    Duration::from_millis(base + rand::random_range(0..base))
}

/// Error for a reqwest failure that produced no status.
pub(super) fn transport_error(e: &reqwest::Error, method: &str, path: &str) -> ApiError {
    // Not connected, or the request could not even be built (e.g. a hostile token with a line
    // break in it): nothing left this computer.
    let maybe_sent = !e.is_connect() && !e.is_builder();
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

/// The same error, marked as "this request never left": nothing to reconcile.
fn not_sent(mut e: ApiError) -> ApiError {
    match &mut e.kind {
        ApiErrorKind::Timeout { maybe_sent } | ApiErrorKind::Network { maybe_sent, .. } => {
            *maybe_sent = false;
        }
        _ => {}
    }
    e
}

impl Inner {
    /// Waits until `reset` in place after a 429, telling the wait notice as it starts.
    async fn wait_in_place(&self, reset: DateTime<Utc>, m: &str, path: &str) {
        let wait = (reset - crate::clock::Clock::system().now_utc())
            .to_std()
            .unwrap_or_default();
        tracing::info!("429 on {m} {path}: waiting {wait:?} in place");
        set(&self.waiting_until, |w| *w = Some(reset));
        if let Some(notice) = lock(&self.wait_notice) {
            notice(reset);
        }
        // Cleared also when the waiting request is dropped (a sync's read-ahead aborted).
        struct Clear<'a>(&'a Mutex<Option<DateTime<Utc>>>);
        impl Drop for Clear<'_> {
            fn drop(&mut self) {
                set(self.0, |w| *w = None);
            }
        }
        let _clear = Clear(&self.waiting_until);
        tokio::time::sleep(wait).await;
    }

    /// The last known rate-limit state.
    pub(super) fn rate(&self) -> RateLimitStatus {
        lock(&self.rate)
    }

    /// When the short 429 wait now running ends, if one runs.
    pub(super) fn waiting_until(&self) -> Option<DateTime<Utc>> {
        lock(&self.waiting_until)
    }

    /// Starts from a status read back from disk (a reset too far ahead is cut to 48 h).
    pub(super) fn restore_rate(&self, status: RateLimitStatus) {
        let status = status.bounded(crate::clock::Clock::system().now_utc());
        set(&self.rate, |r| *r = status);
    }

    /// Refuses at once (no request) while a 429's reset or a known exhausted limit is ahead.
    pub(super) fn gate(&self, method: &str, path: &str) -> Result<(), ApiError> {
        let now = crate::clock::Clock::system().now_utc();
        let blocked = lock(&self.blocked_until).filter(|t| *t > now);
        let rate = self.rate();
        let reset_at =
            blocked.or_else(|| rate.exhausted_at(now).then_some(rate.reset_at).flatten());
        match reset_at {
            Some(reset_at) => Err(ApiError::new(
                ApiErrorKind::RateLimited {
                    reset_at: Some(reset_at),
                    limit: rate.daily_limit(),
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
        let status =
            RateLimitStatus::from_headers(headers, crate::clock::Clock::system().now_utc());
        set(&self.rate, |r| r.merge(status));
    }

    /// Sends one request (`body` = JSON for a POST). GETs are retried on network errors and
    /// 502/503/504 (at most [`MAX_ATTEMPTS`]); a POST is never retried after an unclear failure.
    /// A 401 renews the token and repeats the request once, a POST too: a 401 proves the request
    /// was not processed. A POST follows no redirect (a 3xx is an error, never success).
    pub(super) async fn send(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let is_get = method == reqwest::Method::GET;
        let m = method.as_str().to_string();
        let mut attempt = 0;
        let mut renewed = false;
        let mut short_waits = 0;
        loop {
            self.gate(&m, path_and_query)?;
            // A failed token request proves the request itself was never sent.
            let token = self.token().await.map_err(not_sent)?;
            self.gate(&m, path_and_query)?;
            attempt += 1;
            let http = if is_get {
                &self.http
            } else {
                &self.http_no_redirect
            };
            let mut req = http
                .request(method.clone(), format!("{}{path_and_query}", self.base_url))
                .bearer_auth(&token)
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(b) = body {
                req = req.json(b);
            }
            self.sent.fetch_add(1, Ordering::Relaxed);
            let limit = self.max_body.load(Ordering::Relaxed);
            let asked = crate::clock::Clock::system().instant();
            let result = match req.send().await {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let headers = r.headers().clone();
                    match read_capped(r, limit).await {
                        Ok(b) => {
                            self.received.fetch_add(b.len() as u64, Ordering::Relaxed);
                            Ok((status, headers, b))
                        }
                        Err(BodyError::Transport(e)) => Err(e),
                        Err(BodyError::TooLarge(limit)) => {
                            self.note_headers(&headers);
                            return Err(too_large_error(limit, status, &m, path_and_query));
                        }
                    }
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
            self.link.note(
                bytes.len() as u64,
                crate::clock::Clock::system().since(asked),
            );
            if matches!(status, 429 | 502..=504) {
                self.busy.fetch_add(1, Ordering::Relaxed);
            }
            // Method, path and status only: never the token or a body.
            tracing::debug!("{m} {path_and_query} -> {status}");
            if (200..300).contains(&status) {
                self.blind_waited.store(false, Ordering::Relaxed);
                return Ok(Reply {
                    status,
                    headers,
                    body: bytes,
                });
            }
            if status == 401 {
                self.drop_token().await;
                if !renewed {
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
                let now = crate::clock::Clock::system().now_utc();
                let retry_after = headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| super::rate_limit::parse_retry_after(v, now));
                // Only a reset ahead is usable: none, a negative one or one in the past is not.
                let usable = retry_after
                    .filter(|t| *t > now)
                    .or(rate.reset_at.filter(|t| *t > now));
                match usable {
                    Some(reset) => {
                        set(&self.blocked_until, |b| *b = Some(reset));
                        // A 429 says no request is left until then, whatever the last answer
                        // seen said (the answer to a request aborted in flight is never seen,
                        // and a 429 need not carry the rate headers).
                        set(&self.rate, |r| {
                            r.remaining = Some(0);
                            r.reset_at = Some(reset);
                        });
                        let wait = (reset - now).to_std().unwrap_or_default();
                        if is_get && wait <= SHORT_WAIT && short_waits < MAX_SHORT_WAITS {
                            short_waits += 1;
                            attempt = 0;
                            self.wait_in_place(reset, &m, path_and_query).await;
                            continue;
                        }
                    }
                    None => {
                        // Nothing says when: wait the default once (told as it starts), then
                        // stop with "try again later" rather than an invented countdown.
                        set(&self.blocked_until, |b| *b = None);
                        if is_get && !self.blind_waited.swap(true, Ordering::Relaxed) {
                            attempt = 0;
                            let ms = self.blind_wait_ms.load(Ordering::Relaxed);
                            let reset = now + chrono::Duration::milliseconds(ms as i64);
                            self.wait_in_place(reset, &m, path_and_query).await;
                            continue;
                        }
                    }
                }
            }
            let blocked = lock(&self.blocked_until);
            let kind = status_error(status, &bytes, blocked, rate.daily_limit());
            let text = String::from_utf8_lossy(&bytes);
            let known = [token.as_str(), self.client_secret.as_str()];
            return Err(ApiError::new_hiding(
                kind,
                Some(status),
                &m,
                path_and_query,
                &text,
                &known,
            ));
        }
    }
}

#[cfg(test)]
mod tests;

//! `Client`: the Coachview REST client (list, count, get, POST webaanvraag) over one connection.

use super::capabilities::Capabilities;
use super::decode::{BodyError, DecodeIssue, Page, decode_list};
use super::error::{ApiError, ApiErrorKind, truncate_chars};
use super::http::{Inner, Reply};
use super::query::Query;
use super::rate_limit::RateLimitStatus;
use crate::resource::Resource;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Reads a list body: its records and the problems found in single records.
type ListDecoder<T> = fn(&[u8]) -> Result<(Vec<T>, Vec<DecodeIssue>), BodyError>;

/// Where and how to connect. `Debug` redacts the secret.
#[derive(Clone)]
pub struct ClientConfig {
    /// `https://secure.coachview.net`, `https://training.coachview.net`, a tenant host or the
    /// simulator's `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The OAuth client secret; never logged or shown (see `Debug`).
    pub client_secret: String,
    /// Space-separated scopes to ask for; `None` = the client's own.
    pub scopes: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl ClientConfig {
    /// A config with no scope narrowing and a 60 s timeout.
    pub fn new(base_url: &str, client_id: &str, client_secret: &str) -> ClientConfig {
        ClientConfig {
            base_url: base_url.to_string(),
            client_id: client_id.to_string(),
            client_secret: client_secret.to_string(),
            scopes: None,
            timeout: Duration::from_secs(60),
        }
    }
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// What a successful POST of a webaanvraag answered (201).
#[derive(Debug, Clone, PartialEq)]
pub struct WebaanvraagCreated {
    /// The new webaanvraag's id, if the answer held one.
    pub id: Option<String>,
    /// Its number (`nummer`), as the server typed it; `None` if absent.
    pub nummer: Option<Value>,
    /// Where a payment provider wants the person sent, if anywhere.
    pub betaalprovider_redirect_url: Option<String>,
    /// The whole body as received.
    pub raw: Value,
}

/// The Coachview client. Cheap to clone (one connection pool, one token cache, one rate-limit
/// state); `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// What this tenant is known to do (shared by clones; see `capabilities.rs`).
    caps: Arc<std::sync::Mutex<Capabilities>>,
    /// When tracing (benchmarks): the path and query of every list and count request.
    trace: Arc<std::sync::Mutex<Option<Vec<String>>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("client_id", &self.inner.client_id)
            .finish_non_exhaustive()
    }
}

mod raw_list;
pub use raw_list::{RawPage, is_example_raw};
mod reference;
pub use reference::{CannotTell, REFERENCE_CANDIDATES, ReferenceLookup, parse_http_date};
mod tenant;
use tenant::example_data_error;
pub use tenant::is_example_data;

fn config_error(detail: String) -> ApiError {
    ApiError::new(
        ApiErrorKind::Network {
            detail,
            maybe_sent: false,
        },
        None,
        "-",
        "-",
        "",
    )
}

fn decode_error(reply: &Reply, method: &str, path: &str, at: String, snippet: String) -> ApiError {
    let text = String::from_utf8_lossy(&reply.body);
    ApiError::new(
        ApiErrorKind::Decode { path: at, snippet },
        Some(reply.status),
        method,
        path,
        &text,
    )
}

impl Client {
    /// Builds a client; fails on an unusable base URL.
    pub fn new(cfg: ClientConfig) -> Result<Client, ApiError> {
        let base_url = cfg.base_url.trim().trim_end_matches('/').to_string();
        // Messages never show a password typed into the address.
        let shown = crate::paths::without_credentials(&base_url);
        let parsed = url::Url::parse(&base_url)
            .map_err(|e| config_error(format!("invalid base URL '{shown}': {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(config_error(format!(
                "invalid base URL '{shown}': use http(s)://host"
            )));
        }
        crate::paths::check_no_credentials(&parsed).map_err(config_error)?;
        crate::paths::check_scheme(&parsed).map_err(config_error)?;
        let builder = |redirects: reqwest::redirect::Policy| {
            reqwest::Client::builder()
                .timeout(cfg.timeout)
                .connect_timeout(cfg.timeout.min(Duration::from_secs(15)))
                .user_agent(concat!("coachdesk/", env!("CARGO_PKG_VERSION")))
                .redirect(redirects)
                .build()
                .map_err(|e| config_error(format!("could not set up HTTP: {e}")))
        };
        let http = builder(super::http::get_redirect_policy())?;
        let http_no_redirect = builder(reqwest::redirect::Policy::none())?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                http_no_redirect,
                max_body: std::sync::atomic::AtomicU64::new(super::http::DEFAULT_MAX_BODY),
                base_url,
                client_id: cfg.client_id,
                client_secret: cfg.client_secret,
                scopes: cfg.scopes,
                token: tokio::sync::Mutex::new(None),
                rate: std::sync::Mutex::new(RateLimitStatus::default()),
                blocked_until: std::sync::Mutex::new(None),
                sent: std::sync::atomic::AtomicU64::new(0),
                received: std::sync::atomic::AtomicU64::new(0),
                waiting_until: std::sync::Mutex::new(None),
                blind_waited: std::sync::atomic::AtomicBool::new(false),
                wait_notice: std::sync::Mutex::new(None),
                blind_wait_ms: std::sync::atomic::AtomicU64::new(
                    super::http::DEFAULT_BLOCK.as_millis() as u64,
                ),
                link: Default::default(),
                busy: std::sync::atomic::AtomicU64::new(0),
            }),
            caps: Arc::default(),
            trace: Arc::default(),
        })
    }

    /// Sets the largest response body this client reads (default 64 MB); tests use less.
    pub fn set_max_body_bytes(&self, limit: u64) {
        self.inner.max_body.store(limit.max(1), Ordering::Relaxed);
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The full URL a list query would use (for URL-length budgeting).
    pub(crate) fn list_url(&self, resource: Resource, query: &Query) -> String {
        format!("{}{}", self.inner.base_url, list_path(resource, query))
    }

    /// One list page. `records` keeps every object the server sent; `row_count` comes from
    /// `RowCount` when the query asked `Count=true`.
    pub async fn list(&self, resource: Resource, query: &Query) -> Result<Page, ApiError> {
        let (records, row_count, issues) = self
            .list_with(resource, query, decode_list, is_example_data)
            .await?;
        Ok(Page {
            records,
            row_count,
            issues,
        })
    }

    /// One list page read by `decode` (records as values, or as text for the sync), with the
    /// checks every list shares: an empty body next to `RowCount` is no rows (any other empty
    /// body is an error), example data is a missing scope, and each record's problem is logged.
    pub(super) async fn list_with<T>(
        &self,
        resource: Resource,
        query: &Query,
        decode: ListDecoder<T>,
        is_example: fn(&[T]) -> bool,
    ) -> Result<(Vec<T>, Option<u64>, Vec<DecodeIssue>), ApiError> {
        let path = list_path(resource, query);
        self.note_trace(&path);
        let reply = self.inner.send(reqwest::Method::GET, &path, None).await?;
        let row_count = row_count(&reply);
        // `Count=true` may be answered with the `RowCount` header and an empty body: no rows. Any
        // other empty body is an error (it must never read as "no more records").
        let empty = reply.body.iter().all(u8::is_ascii_whitespace);
        let (records, issues) = if empty && row_count.is_some() {
            (Vec::new(), Vec::new())
        } else {
            decode(&reply.body)
                .map_err(|e| decode_error(&reply, "GET", &path, e.path, e.snippet))?
        };
        if is_example(&records) {
            return Err(example_data_error(resource, &path));
        }
        for issue in &issues {
            // Server text in a log: capped and scrubbed like any error text.
            tracing::warn!(
                "GET {path}: {} {}",
                super::scrub::scrub(&issue.path, 80),
                super::scrub::scrub(&issue.message, 120)
            );
        }
        Ok((records, row_count, issues))
    }

    /// How many records match `query` (`Count=true`, `take=1`, the `RowCount` header).
    pub async fn count(&self, resource: Resource, query: &Query) -> Result<u64, ApiError> {
        let q = query.clone().count(true).skip(0).take(1);
        let path = list_path(resource, &q);
        self.note_trace(&path);
        let reply = self.inner.send(reqwest::Method::GET, &path, None).await?;
        if row_count(&reply).is_none()
            && decode_list(&reply.body).is_ok_and(|(rows, _)| is_example_data(&rows))
        {
            return Err(example_data_error(resource, &path));
        }
        row_count(&reply).ok_or_else(|| {
            decode_error(
                &reply,
                "GET",
                &path,
                "RowCount (header missing)".into(),
                String::new(),
            )
        })
    }

    /// One record by id.
    pub async fn get(&self, resource: Resource, id: &str) -> Result<Value, ApiError> {
        let path = format!("{}/{}", resource.path(), super::query::encode(id));
        let reply = self.inner.send(reqwest::Method::GET, &path, None).await?;
        serde_json::from_slice(&reply.body).map_err(|e| {
            let text = String::from_utf8_lossy(&reply.body);
            decode_error(
                &reply,
                "GET",
                &path,
                format!("$ ({e})"),
                truncate_chars(&text, 80),
            )
        })
    }

    /// POST `/api/v1/Webaanvragen`: 201 → the created ids. Never retried here (not even after a
    /// dropped connection): the outbox decides, after reconciling by reference.
    pub async fn post_webaanvraag(&self, body: &Value) -> Result<WebaanvraagCreated, ApiError> {
        let path = Resource::Webaanvragen.path();
        let reply = self
            .inner
            .send(reqwest::Method::POST, &path, Some(body))
            .await?;
        let raw: Value = if reply.body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(&reply.body).map_err(|e| {
                let text = String::from_utf8_lossy(&reply.body);
                decode_error(
                    &reply,
                    "POST",
                    &path,
                    format!("$ ({e})"),
                    truncate_chars(&text, 80),
                )
            })?
        };
        let text = |k: &str| {
            super::decode::field(&raw, k)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        Ok(WebaanvraagCreated {
            id: text("id"),
            nummer: super::decode::field(&raw, "nummer")
                .filter(|v| !v.is_null())
                .cloned(),
            betaalprovider_redirect_url: text("betaalproviderRedirectUrl")
                .filter(|s| !s.is_empty()),
            raw,
        })
    }

    /// Gets a token now (the first step of "Test connection").
    pub async fn ensure_token(&self) -> Result<(), ApiError> {
        self.inner.token().await.map(|_| ())
    }

    /// Whether the current token carries `scope`, as the token endpoint said when it granted it
    /// (`None`: not said, or no token yet). Sends nothing.
    pub async fn token_grants(&self, scope: &str) -> Option<bool> {
        self.inner.token_grants(scope).await
    }

    /// The last known daily-limit state.
    pub fn rate_limit(&self) -> RateLimitStatus {
        self.inner.rate()
    }

    /// Answers that said the server is busy (429, also those waited out in place; 502/503/504,
    /// also those retried), since this client was made.
    pub fn busy_answers(&self) -> u64 {
        self.inner.busy.load(Ordering::Relaxed)
    }

    /// Every HTTP request this client sent (token requests included).
    pub fn requests_sent(&self) -> u64 {
        self.inner.sent.load(Ordering::Relaxed)
    }

    /// False while a 429's reset or a known used-up daily limit is ahead: a request would be
    /// refused without being sent.
    pub fn may_send(&self) -> bool {
        self.inner.gate("GET", "").is_ok()
    }

    /// What the line to this Coachview costs, as measured so far.
    pub fn link(&self) -> super::link::LinkEstimate {
        self.inner.link.estimate()
    }

    /// Body bytes of every answer this client read in full (token answers and errors
    /// included; as sent, before any decoding).
    pub fn bytes_received(&self) -> u64 {
        self.inner.received.load(Ordering::Relaxed)
    }
}

fn list_path(resource: Resource, query: &Query) -> String {
    let qs = query.to_query_string();
    if qs.is_empty() {
        resource.path()
    } else {
        format!("{}?{qs}", resource.path())
    }
}

fn row_count(reply: &Reply) -> Option<u64> {
    reply
        .headers
        .get("rowcount")
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.trim().parse().ok())
}

#[cfg(test)]
mod tests;

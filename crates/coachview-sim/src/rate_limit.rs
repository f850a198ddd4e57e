//! Per-client request limit over a rolling 24 hours, with the `X-Rate-Limit-*` headers.

use axum::http::{HeaderMap, HeaderValue};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use std::collections::{HashMap, VecDeque};

/// The outcome of counting one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the request may be answered (else 429).
    pub allowed: bool,
    /// The client's limit per window.
    pub limit: u32,
    /// Requests left in the window after this one.
    pub remaining: u32,
    /// When the oldest counted request leaves the window.
    pub reset: DateTime<Utc>,
}

impl Verdict {
    /// `Retry-After` for a refused request: whole seconds until the reset, at least 1.
    pub fn apply_retry_after(&self, headers: &mut HeaderMap, now: DateTime<Utc>) {
        let ms = (self.reset - now).num_milliseconds().max(0);
        let secs = ((ms + 999) / 1000).max(1);
        headers.insert("retry-after", HeaderValue::from(secs as u64));
    }

    /// Adds `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (ISO UTC) to a response.
    pub fn apply(&self, headers: &mut HeaderMap) {
        // Rounded up to the second, so the reset never reads as already passed.
        let reset =
            (self.reset + Duration::milliseconds(999)).to_rfc3339_opts(SecondsFormat::Secs, true);
        for (name, value) in [
            ("x-rate-limit-limit", self.limit.to_string()),
            ("x-rate-limit-remaining", self.remaining.to_string()),
            ("x-rate-limit-reset", reset),
        ] {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
    }
}

/// Request times per client id, oldest first.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    seen: HashMap<String, VecDeque<DateTime<Utc>>>,
}

const WINDOW_HOURS: i64 = 24;

impl RateLimiter {
    /// A limiter allowing `limit` requests per client per window.
    pub fn new(limit: u32) -> RateLimiter {
        RateLimiter::with_window(limit, WINDOW_HOURS as u64 * 3_600)
    }

    /// A limiter over a rolling window of `secs` seconds (at least 1).
    pub fn with_window(limit: u32, secs: u64) -> RateLimiter {
        RateLimiter {
            limit,
            window: Duration::seconds(secs.clamp(1, 10 * 365 * 86_400) as i64),
            seen: HashMap::new(),
        }
    }

    /// Counts a request of `client` at `now`, unless the limit is reached (a refused request
    /// is not counted).
    pub fn check(&mut self, client: &str, now: DateTime<Utc>) -> Verdict {
        let window = self.window;
        let times = self.seen.entry(client.to_string()).or_default();
        while times.front().is_some_and(|t| *t + window <= now) {
            times.pop_front();
        }
        let allowed = times.len() < self.limit as usize;
        if allowed {
            times.push_back(now);
        }
        let reset = times.front().map_or(now + window, |t| *t + window);
        Verdict {
            allowed,
            limit: self.limit,
            remaining: self.limit.saturating_sub(times.len() as u32),
            reset,
        }
    }

    /// The state of `client` at `now` without counting a request (for answers that do not use
    /// the quota, such as a refusal of too many requests at once).
    pub fn peek(&mut self, client: &str, now: DateTime<Utc>) -> Verdict {
        let window = self.window;
        let times = self.seen.entry(client.to_string()).or_default();
        while times.front().is_some_and(|t| *t + window <= now) {
            times.pop_front();
        }
        Verdict {
            allowed: times.len() < self.limit as usize,
            limit: self.limit,
            remaining: self.limit.saturating_sub(times.len() as u32),
            reset: times.front().map_or(now + window, |t| *t + window),
        }
    }

    /// Forgets every counted request.
    pub fn reset(&mut self) {
        self.seen.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_refuses_then_rolls_over() {
        let mut rl = RateLimiter::new(2);
        let t0 = coachview::clock::Clock::system().now_utc();
        let a = rl.check("c", t0);
        assert!(a.allowed);
        assert_eq!(a.remaining, 1);
        assert_eq!(a.reset, t0 + Duration::hours(24));
        assert!(rl.check("c", t0 + Duration::hours(1)).allowed);
        let refused = rl.check("c", t0 + Duration::hours(2));
        assert!(!refused.allowed);
        assert_eq!(refused.remaining, 0);
        assert_eq!(refused.reset, t0 + Duration::hours(24));
        // another client has its own budget
        assert!(rl.check("other", t0).allowed);
        // once the first request is 24 h old, one slot frees up
        let later = rl.check("c", t0 + Duration::hours(24));
        assert!(later.allowed);
        assert_eq!(later.reset, t0 + Duration::hours(25));
        rl.reset();
        assert_eq!(rl.check("c", t0 + Duration::hours(24)).remaining, 1);
    }
}

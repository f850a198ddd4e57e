//! What the server said about the daily request limit (`X-Rate-Limit-*` headers).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The last known state of the rate limit; fields are `None` until a response told us.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitStatus {
    /// `X-Rate-Limit-Limit`, e.g. 5,000 per 24 h.
    pub limit: Option<u32>,
    /// `X-Rate-Limit-Remaining`.
    pub remaining: Option<u32>,
    /// `X-Rate-Limit-Reset`: when the window resets.
    pub reset_at: Option<DateTime<Utc>>,
}

impl RateLimitStatus {
    /// Reads the `X-Rate-Limit-*` headers; absent or unreadable headers give `None` fields.
    pub fn from_headers(
        headers: &reqwest::header::HeaderMap,
        now: DateTime<Utc>,
    ) -> RateLimitStatus {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
        };
        RateLimitStatus {
            limit: text("x-rate-limit-limit").and_then(|s| s.parse().ok()),
            remaining: text("x-rate-limit-remaining").and_then(|s| s.parse().ok()),
            reset_at: text("x-rate-limit-reset").and_then(|s| parse_reset(&s, now)),
        }
    }

    /// Keeps the known fields of `newer` and the old values where `newer` has none.
    pub fn merge(&mut self, newer: RateLimitStatus) {
        self.limit = newer.limit.or(self.limit);
        self.remaining = newer.remaining.or(self.remaining);
        self.reset_at = newer.reset_at.or(self.reset_at);
    }

    /// True when the server said no request is left and the reset is still ahead.
    pub fn exhausted_at(&self, now: DateTime<Utc>) -> bool {
        self.remaining == Some(0) && self.reset_at.is_some_and(|r| r > now)
    }
}

/// Parses `X-Rate-Limit-Reset`: an ISO date-time (UTC when no zone is given), a Unix
/// timestamp, or a number of seconds from now.
pub fn parse_reset(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Ok(n) = s.parse::<f64>() {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        if n > 1_000_000_000.0 {
            return DateTime::from_timestamp(n as i64, 0);
        }
        return Some(now + chrono::Duration::milliseconds((n * 1000.0) as i64));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_formats() {
        let now = DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let iso = parse_reset("2025-01-02T09:30:00Z", now).unwrap();
        assert_eq!(iso.to_rfc3339(), "2025-01-02T09:30:00+00:00");
        assert_eq!(
            parse_reset("2025-01-02T09:30:00.5", now)
                .unwrap()
                .timestamp(),
            iso.timestamp()
        );
        assert_eq!(
            parse_reset("1735812000", now).unwrap().timestamp(),
            1_735_812_000
        );
        assert_eq!(
            parse_reset("60", now).unwrap(),
            now + chrono::Duration::seconds(60)
        );
        assert_eq!(parse_reset("soon", now), None);
    }

    #[test]
    fn headers_and_exhaustion() {
        let now = Utc::now();
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("X-Rate-Limit-Limit", "5000".parse().unwrap());
        h.insert("X-Rate-Limit-Remaining", "0".parse().unwrap());
        h.insert("X-Rate-Limit-Reset", "120".parse().unwrap());
        let s = RateLimitStatus::from_headers(&h, now);
        assert_eq!((s.limit, s.remaining), (Some(5000), Some(0)));
        assert!(s.exhausted_at(now));
        assert!(!s.exhausted_at(now + chrono::Duration::seconds(121)));
        let mut old = RateLimitStatus {
            limit: Some(10),
            remaining: Some(3),
            reset_at: None,
        };
        old.merge(RateLimitStatus {
            remaining: Some(2),
            ..Default::default()
        });
        assert_eq!((old.limit, old.remaining), (Some(10), Some(2)));
    }
}

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
    /// `X-Rate-Limit-Reset`: when the window resets (never more than [`MAX_AHEAD_HOURS`] ahead).
    pub reset_at: Option<DateTime<Utc>>,
    /// `X-Rate-Limit-Limit` given as a period (`1d`, `12h`): its length in seconds.
    #[serde(default)]
    pub period_secs: Option<u64>,
}

/// Two resets this close (a relative `X-Rate-Limit-Reset` read a moment apart) are the same
/// window.
const SAME_WINDOW_SECS: i64 = 5;

/// A reset or wait is never believed further ahead than this (a bad header must not block
/// coachdesk for years, nor store a date that cannot be read back).
pub(crate) const MAX_AHEAD_HOURS: i64 = 48;

impl RateLimitStatus {
    /// Reads the `X-Rate-Limit-*` headers; absent or unreadable headers give `None` fields.
    pub(crate) fn from_headers(
        headers: &reqwest::header::HeaderMap,
        now: DateTime<Utc>,
    ) -> RateLimitStatus {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.trim().to_string())
        };
        let limit_text = text("x-rate-limit-limit");
        RateLimitStatus {
            limit: limit_text.as_deref().and_then(|s| s.parse().ok()),
            remaining: text("x-rate-limit-remaining").and_then(|s| s.parse().ok()),
            reset_at: text("x-rate-limit-reset").and_then(|s| parse_reset(&s, now)),
            period_secs: limit_text.as_deref().and_then(parse_period),
        }
    }

    /// True when the headers told both the number and that it counts per 24 hours (or gave
    /// no period at all, as Coachview's documented `5000` does): only then may the UI say
    /// "N per 24 hours".
    pub fn daily_limit(&self) -> Option<u32> {
        match self.period_secs {
            None | Some(86_400) => self.limit,
            Some(_) => None,
        }
    }

    /// This status with a reset too far ahead cut to [`MAX_AHEAD_HOURS`] from `now` (for a
    /// status read back from disk).
    pub fn bounded(mut self, now: DateTime<Utc>) -> RateLimitStatus {
        self.reset_at = self.reset_at.map(|r| clamp_ahead(r, now));
        self
    }

    /// Keeps the known fields of `newer` and the old values where `newer` has none. Answers to
    /// requests in flight at once may arrive out of order: within the same window (the same
    /// reset, to a few seconds) the requests left only go down, so the lower count is kept.
    pub(crate) fn merge(&mut self, newer: RateLimitStatus) {
        self.limit = newer.limit.or(self.limit);
        let same_window = match (self.reset_at, newer.reset_at) {
            (Some(a), Some(b)) => (a - b).num_seconds().abs() <= SAME_WINDOW_SECS,
            _ => false,
        };
        self.remaining = match (self.remaining, newer.remaining) {
            (Some(old), Some(new)) if same_window => Some(old.min(new)),
            (old, new) => new.or(old),
        };
        self.reset_at = newer.reset_at.or(self.reset_at);
        self.period_secs = newer.period_secs.or(self.period_secs);
    }

    /// True when the server said no request is left and the reset is still ahead.
    pub(crate) fn exhausted_at(&self, now: DateTime<Utc>) -> bool {
        self.remaining == Some(0) && self.reset_at.is_some_and(|r| r > now)
    }
}

/// `t`, but never later than [`MAX_AHEAD_HOURS`] after `now`.
pub(crate) fn clamp_ahead(t: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    t.min(now + chrono::Duration::hours(MAX_AHEAD_HOURS))
}

/// `now` plus `secs` seconds, bounded to [`MAX_AHEAD_HOURS`]; `None` for negative or
/// non-finite values.
fn after_secs(secs: f64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if !secs.is_finite() || secs < 0.0 {
        return None;
    }
    let max = (MAX_AHEAD_HOURS * 3_600) as f64;
    let ms = (secs.min(max) * 1000.0) as i64;
    Some(now + chrono::Duration::milliseconds(ms))
}

/// Parses `X-Rate-Limit-Reset`: an ISO date-time (UTC when no zone is given), a Unix
/// timestamp, or a number of seconds from now. Always at most [`MAX_AHEAD_HOURS`] ahead, so
/// `+10000-01-01T00:00:00` or a year 9999 cannot block anything or reach the disk.
pub(crate) fn parse_reset(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(clamp_ahead(t.with_timezone(&Utc), now));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(clamp_ahead(t.and_utc(), now));
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(clamp_ahead(t.with_timezone(&Utc), now));
    }
    if let Ok(n) = s.parse::<f64>() {
        if n > 1_000_000_000.0 && n.is_finite() {
            let t = DateTime::from_timestamp(n.min(1.0e12) as i64, 0)?;
            return Some(clamp_ahead(t, now));
        }
        return after_secs(n, now);
    }
    None
}

/// Parses `Retry-After`: whole seconds or an HTTP date; at most [`MAX_AHEAD_HOURS`] ahead.
pub(crate) fn parse_retry_after(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(n) = s.parse::<f64>() {
        return after_secs(n, now);
    }
    DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|t| clamp_ahead(t.with_timezone(&Utc), now).max(now))
}

/// A period such as `1d`, `12h`, `15m`, `30s` (AspNetCoreRateLimit's `X-Rate-Limit-Limit`),
/// in seconds.
pub(crate) fn parse_period(s: &str) -> Option<u64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: u64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
    let mult = match unit.to_ascii_lowercase() {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return None,
    };
    n.checked_mul(mult)
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
        assert_eq!(parse_reset("-5", now), None);
    }

    #[test]
    fn hostile_resets_are_clamped_to_48_hours() {
        let now = crate::clock::Clock::system().now_utc();
        let max = now + chrono::Duration::hours(MAX_AHEAD_HOURS);
        for s in [
            "+10000-01-01T00:00:00Z",
            "9999-12-31T23:59:59",
            "9999-12-31T23:59:59+01:00",
            "99999999999999",
            "1e300",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            let r = parse_reset(s, now);
            assert!(r.is_none_or(|r| r <= max), "{s}: {r:?}");
        }
        assert_eq!(parse_reset("9999-12-31T23:59:59", now), Some(max));
        assert_eq!(
            parse_retry_after("1", now),
            Some(now + chrono::Duration::seconds(1))
        );
        assert_eq!(parse_retry_after("1e20", now), Some(max));
        let http = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now);
        assert_eq!(http, Some(now), "a date in the past means now");
        assert_eq!(parse_retry_after("NaN", now), None);
        // what is stored can be read back
        let s = RateLimitStatus {
            reset_at: parse_reset("+10000-01-01T00:00:00", now),
            ..Default::default()
        };
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<RateLimitStatus>(&text).unwrap(), s);
    }

    #[test]
    fn limit_as_a_number_or_a_period() {
        let now = crate::clock::Clock::system().now_utc();
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("X-Rate-Limit-Limit", "1d".parse().unwrap());
        let s = RateLimitStatus::from_headers(&h, now);
        assert_eq!((s.limit, s.period_secs), (None, Some(86_400)));
        assert_eq!(s.daily_limit(), None);
        assert_eq!(parse_period("12h"), Some(43_200));
        assert_eq!(parse_period("15m"), Some(900));
        assert_eq!(parse_period("5000"), None);
        assert_eq!(parse_period("99999999999999999999d"), None);
        let daily = RateLimitStatus {
            limit: Some(5000),
            ..Default::default()
        };
        assert_eq!(daily.daily_limit(), Some(5000));
    }

    #[test]
    fn headers_and_exhaustion() {
        let now = crate::clock::Clock::system().now_utc();
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
            period_secs: None,
        };
        old.merge(RateLimitStatus {
            remaining: Some(2),
            ..Default::default()
        });
        assert_eq!((old.limit, old.remaining), (Some(10), Some(2)));
        // Two answers of one window out of order: the lower count stands; a later window's
        // count replaces it.
        let reset = now + chrono::Duration::hours(20);
        let at = |remaining, reset_at| RateLimitStatus {
            limit: Some(40),
            remaining: Some(remaining),
            reset_at: Some(reset_at),
            period_secs: None,
        };
        let mut s = at(0, reset);
        s.merge(at(1, reset + chrono::Duration::seconds(1)));
        assert_eq!(s.remaining, Some(0));
        s.merge(at(39, reset + chrono::Duration::hours(24)));
        assert_eq!(s.remaining, Some(39));
    }
}

//! The simulator's clock and time zone, apart from the client's when asked: its local times
//! (`auditTrail`, no zone, as Coachview writes them) are in a zone of its own and its clock may
//! run off, and every answer carries the `Date` header that clock gives (in UTC, as HTTP does).

use super::Shared;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Duration, Local, NaiveDateTime, Offset, TimeZone, Utc};
use std::sync::Arc;

/// The UTC offset of the simulator's local times at `t`: its own zone, else this PC's.
pub fn utc_offset(zone_secs: Option<i32>, t: NaiveDateTime) -> Duration {
    let secs = zone_secs.unwrap_or_else(|| {
        Local
            .offset_from_local_datetime(&t)
            .earliest()
            .map_or(0, |o| o.fix().local_minus_utc())
    });
    Duration::seconds(i64::from(secs))
}

/// The simulator's "now" as local time: the real time, moved `skew_secs` off and shown in the
/// zone `zone_secs` east of UTC (`None`: this PC's zone).
pub fn start_time(zone_secs: Option<i32>, skew_secs: i64) -> NaiveDateTime {
    let utc = coachview::clock::Clock::system().now_utc() + Duration::seconds(skew_secs);
    match zone_secs {
        Some(z) => (utc + Duration::seconds(i64::from(z))).naive_utc(),
        None => utc.with_timezone(&Local).naive_local(),
    }
}

/// Parses a zone as `+09:00`, `-05:30`, `+2` (hours) or `UTC`.
pub fn parse_zone(s: &str) -> Result<i32, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("utc") || s == "Z" {
        return Ok(0);
    }
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => (1, s),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    match (h.parse::<i32>(), m.parse::<i32>()) {
        (Ok(h), Ok(m)) if (0..=14).contains(&h) && (0..60).contains(&m) => {
            Ok(sign * (h * 3600 + m * 60))
        }
        _ => Err(format!("a zone is written +HH:MM (e.g. +09:00), got '{s}'")),
    }
}

/// The simulator's clock in UTC (its local now, moved back by its zone).
pub fn server_utc(shared: &Shared) -> DateTime<Utc> {
    let now = shared.now();
    Utc.from_utc_datetime(&(now - utc_offset(shared.cfg.utc_offset_secs, now)))
}

/// Sets `Date` from the simulator's own clock on every answer.
pub async fn date_layer(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let date = server_utc(&shared)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    if let Ok(v) = HeaderValue::from_str(&date) {
        resp.headers_mut().insert(header::DATE, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_and_the_start_time_is_in_the_zone() {
        assert_eq!(parse_zone("+09:00"), Ok(9 * 3600));
        assert_eq!(parse_zone("-05:30"), Ok(-(5 * 3600 + 30 * 60)));
        assert_eq!(parse_zone("2"), Ok(7200));
        assert_eq!(parse_zone("UTC"), Ok(0));
        assert!(parse_zone("+15:00").is_err() && parse_zone("noon").is_err());
        let tokyo = start_time(Some(9 * 3600), -300);
        let want = (coachview::clock::Clock::system().now_utc() + Duration::hours(9)
            - Duration::minutes(5))
        .naive_utc();
        assert!((tokyo - want).num_seconds().abs() < 5);
    }
}

//! How a sync's rows get their names, chosen by cost for the job at hand. Embedded relations
//! (`InclusiefDirecteRelaties=true`, where the probe proved them) put the related objects in every
//! row: no extra request, but about 3.3 KB more per Aanvraag (a page of 100 is 392 KB instead of
//! 61 KB) that must cross the line and be cut out again. Without them the names of the rows a
//! planner looks at come from the names cache and a few batched multi-id lookups
//! (`where=id=a,b,c`, 100 ids a request per related resource). Requests are weighed against the
//! daily limit (scarcer as it runs out), bytes against the time they take on this line
//! ([`crate::api::link`]). A large sync therefore goes without, a day's few hundred changes with.

use crate::api::link::LinkEstimate;

/// Extra body bytes per row when its related objects come embedded (simulator Aanvragen).
pub const EMBED_EXTRA_BYTES: u64 = 3_300;

/// How fast this computer reads and cuts out embedded objects (bytes per second).
const CUT_BYTES_PER_SEC: f64 = 200_000_000.0;

/// The rows a planner sees, whose names are looked up right away without embedding.
pub const VIEW_ROWS: u64 = 100;

/// Related resources a row names (a person, a course, a company).
const RELATED: u64 = 3;

/// What one request of the daily limit is worth in seconds when the limit is untouched; it grows
/// as the requests left shrink.
const REQUEST_WORTH_SECS: f64 = 0.1;

/// The seconds one request costs: its round trip plus its share of what is left of the day.
fn request_secs(link: &LinkEstimate, left: Option<u32>, limit: Option<u32>) -> f64 {
    let scarcity = match (left, limit) {
        (Some(left), Some(limit)) if limit > 0 => {
            (f64::from(limit) / f64::from(left.max(1))).min(1_000.0)
        }
        _ => 1.0,
    };
    link.round_trip.as_secs_f64() + REQUEST_WORTH_SECS * scarcity
}

/// The cost in seconds of each way for `rows` rows: (embedded, batched lookups).
pub fn costs(rows: u64, link: &LinkEstimate, left: Option<u32>, limit: Option<u32>) -> (f64, f64) {
    let extra = (rows * EMBED_EXTRA_BYTES) as f64;
    let embedded = extra / link.bytes_per_sec.max(1.0) + extra / CUT_BYTES_PER_SEC;
    let lookups = RELATED * rows.min(VIEW_ROWS).div_ceil(100);
    (embedded, lookups as f64 * request_secs(link, left, limit))
}

/// Whether a sync expected to bring `rows` rows asks for embedded relations (when proven).
pub fn embed(rows: u64, link: &LinkEstimate, left: Option<u32>, limit: Option<u32>) -> bool {
    let (embedded, lookups) = costs(rows, link, left, limit);
    embedded < lookups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::link::ASSUMED;
    use std::time::Duration;

    #[test]
    fn a_day_of_changes_comes_with_names_and_a_large_sync_without() {
        // An office line 100 ms away at 20 Mbit/s, the day's limit untouched.
        assert!(embed(300, &ASSUMED, Some(5_000), Some(5_000)));
        assert!(!embed(20_000, &ASSUMED, Some(5_000), Some(5_000)));
        assert!(!embed(100_000, &ASSUMED, None, None));
        // A slow line makes bytes dearer: 300 rows are 1 MB, 4 s at 2 Mbit/s.
        let slow = LinkEstimate {
            round_trip: Duration::from_millis(100),
            bytes_per_sec: 250_000.0,
        };
        assert!(!embed(300, &slow, Some(5_000), Some(5_000)));
        // Near the end of the day's requests, requests are dearer than bytes.
        assert!(embed(20_000, &ASSUMED, Some(20), Some(5_000)));
        // Loopback: bytes are almost free, the cut is what costs.
        let near = LinkEstimate {
            round_trip: Duration::from_millis(2),
            bytes_per_sec: 500_000_000.0,
        };
        assert!(embed(1_000, &near, None, None));
        assert!(!embed(100_000, &near, None, None));
    }
}

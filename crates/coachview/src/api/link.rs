//! What the line to this Coachview costs, measured from the answers themselves: the round trip (the time of small answers) and the throughput (the bytes of large answers over
//! their time beyond a round trip). A job uses it to weigh bytes against requests, e.g. whether
//! names come embedded in every page or by a few batched lookups ([`crate::sync::names_cost`]).

use std::sync::Mutex;
use std::time::Duration;

/// An answer this small is mostly round trip.
const SMALL: u64 = 16 * 1024;
/// An answer this large is mostly transfer.
const LARGE: u64 = 64 * 1024;
/// The weight of a new measurement in the running averages.
const WEIGHT: f64 = 0.3;

/// The assumed line before anything was measured: an office line at 20 Mbit/s and 100 ms away.
pub const ASSUMED: LinkEstimate = LinkEstimate {
    round_trip: Duration::from_millis(100),
    bytes_per_sec: 2_500_000.0,
};

/// How far away Coachview is and how fast bytes come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkEstimate {
    /// The time of an answer that carries almost nothing.
    pub round_trip: Duration,
    /// Body bytes per second of a large answer, beyond its round trip.
    pub bytes_per_sec: f64,
}

impl LinkEstimate {
    /// The time an answer of `bytes` takes: a round trip plus the transfer.
    pub fn seconds_for(&self, bytes: u64) -> f64 {
        self.round_trip.as_secs_f64() + bytes as f64 / self.bytes_per_sec.max(1.0)
    }
}

/// The running figures of one connection (shared by its clones).
#[derive(Debug, Default)]
pub(crate) struct Link {
    state: Mutex<State>,
}

#[derive(Debug, Default, Clone, Copy)]
struct State {
    round_trip: Option<f64>,
    bytes_per_sec: Option<f64>,
}

fn average(old: Option<f64>, new: f64) -> f64 {
    old.map_or(new, |o| o + WEIGHT * (new - o))
}

impl Link {
    /// One answer of `bytes` body bytes arrived `took` after its request was sent.
    pub(crate) fn note(&self, bytes: u64, took: Duration) {
        let mut s = match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let secs = took.as_secs_f64();
        if bytes <= SMALL {
            s.round_trip = Some(average(s.round_trip, secs));
        } else if bytes >= LARGE {
            let rtt = s.round_trip.unwrap_or(0.0);
            // Only when the transfer is clearly longer than the round trip measured so far.
            let transfer = secs - rtt;
            if transfer > secs * 0.1 && transfer > 0.0 {
                s.bytes_per_sec = Some(average(s.bytes_per_sec, bytes as f64 / transfer));
            }
        }
    }

    /// The line as measured so far; what is not measured yet is [`ASSUMED`].
    pub(crate) fn estimate(&self) -> LinkEstimate {
        let s = self.snapshot();
        LinkEstimate {
            round_trip: s
                .round_trip
                .map_or(ASSUMED.round_trip, Duration::from_secs_f64),
            bytes_per_sec: s.bytes_per_sec.unwrap_or(ASSUMED.bytes_per_sec),
        }
    }

    fn snapshot(&self) -> State {
        match self.state.lock() {
            Ok(g) => *g,
            Err(p) => *p.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_answers_give_the_round_trip_and_large_ones_the_throughput() {
        let link = Link::default();
        assert_eq!(link.estimate(), ASSUMED);
        for _ in 0..10 {
            link.note(2_000, Duration::from_millis(60));
        }
        let e = link.estimate();
        assert!((e.round_trip.as_secs_f64() - 0.060).abs() < 0.002, "{e:?}");
        assert_eq!(e.bytes_per_sec, ASSUMED.bytes_per_sec, "nothing large yet");
        // 1 MB in 60 ms + 0.5 s: 2 MB/s.
        for _ in 0..10 {
            link.note(1_000_000, Duration::from_millis(560));
        }
        let e = link.estimate();
        assert!((e.bytes_per_sec - 2_000_000.0).abs() < 50_000.0, "{e:?}");
        assert!((e.seconds_for(1_000_000) - 0.56).abs() < 0.02);
    }
}

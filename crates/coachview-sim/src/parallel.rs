//! `--max-parallel N` / `--over-parallel 429|queue`: how many requests the simulator answers at
//! once. Beyond N it answers 429 (`Retry-After: 1`, the usual rate headers with requests left:
//! this is not the daily quota) or queues the request until a slot frees. It records the most
//! requests it was answering at once, so tests can assert a client's politeness.

use super::Shared;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Semaphore;

/// What to do with a request beyond the parallel limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OverParallel {
    /// Answer 429 with `Retry-After: 1`.
    #[default]
    TooMany,
    /// Wait until a slot frees.
    Queue,
}

impl OverParallel {
    /// Parses `429` or `queue` (the `--over-parallel` flag).
    pub fn parse(s: &str) -> Result<OverParallel, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "429" => Ok(OverParallel::TooMany),
            "queue" => Ok(OverParallel::Queue),
            _ => Err(format!("--over-parallel expects 429 or queue, got '{s}'")),
        }
    }
}

/// The slots and the in-flight gauge.
#[derive(Debug)]
pub struct Gate {
    /// `None`: unlimited.
    slots: Option<Arc<Semaphore>>,
    over: OverParallel,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
}

impl Gate {
    /// `max` requests at once (0 = unlimited).
    pub fn new(max: usize, over: OverParallel) -> Gate {
        Gate {
            slots: (max > 0).then(|| Arc::new(Semaphore::new(max))),
            over,
            in_flight: AtomicU64::new(0),
            max_in_flight: AtomicU64::new(0),
        }
    }

    /// The most requests answered at once since the start or the last [`Gate::reset_max`].
    pub fn max_in_flight(&self) -> u64 {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// Starts counting the maximum afresh (from the requests being answered now).
    pub fn reset_max(&self) {
        let now = self.in_flight.load(Ordering::SeqCst);
        self.max_in_flight.store(now, Ordering::SeqCst);
    }

    fn enter(&self) -> InFlight<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(self)
    }
}

/// One request being answered; leaving (also when the client went away) frees its place.
struct InFlight<'a>(&'a Gate);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The 429 for a request beyond the limit: `Retry-After: 1` and the client's rate headers as
/// they stand (not counted: a refused request does not use the daily quota).
fn too_many(shared: &Shared, headers: &axum::http::HeaderMap) -> Response {
    let mut resp = super::problem::problem(
        StatusCode::TOO_MANY_REQUESTS,
        "Too Many Requests",
        "too many requests at once; retry after a second",
    );
    let client = shared.tokens().check(headers).ok().map(|g| g.client_id);
    if let Some(client) = client
        && !shared.dialect().retry_after_only
    {
        let verdict = shared
            .limits()
            .peek(&client, coachview::clock::Clock::system().now_utc());
        verdict.apply(resp.headers_mut());
    }
    resp.headers_mut()
        .insert("retry-after", HeaderValue::from_static("1"));
    resp
}

/// The middleware: admits, queues or refuses by the limit, and keeps the gauge.
pub async fn parallel_layer(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let gate = &shared.parallel;
    let _permit = match &gate.slots {
        None => None,
        Some(slots) => match gate.over {
            OverParallel::Queue => slots.clone().acquire_owned().await.ok(),
            OverParallel::TooMany => match slots.clone().try_acquire_owned() {
                Ok(p) => Some(p),
                Err(_) => {
                    shared.requests.fetch_add(1, Ordering::SeqCst);
                    return too_many(&shared, req.headers());
                }
            },
        },
    };
    let _in_flight = gate.enter();
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_parallel_parses_and_the_gauge_resets() {
        assert_eq!(OverParallel::parse("429"), Ok(OverParallel::TooMany));
        assert_eq!(OverParallel::parse(" Queue "), Ok(OverParallel::Queue));
        assert!(OverParallel::parse("wait").is_err());
        let gate = Gate::new(0, OverParallel::TooMany);
        let (a, b) = (gate.enter(), gate.enter());
        assert_eq!(gate.max_in_flight(), 2);
        drop(a);
        gate.reset_max();
        assert_eq!(gate.max_in_flight(), 1, "the one still answered counts");
        drop(b);
        let _c = gate.enter();
        assert_eq!(gate.max_in_flight(), 1);
    }
}

//! Distance: a server tens of ms away over one shared office line. Answers trickle out at
//! `bandwidth_kbps` for all connections together (one line, chunks of [`CHUNK`] bytes in turn),
//! a list answer costs server time per row it holds (`row_cost_us`), and every body byte sent
//! is counted. The latency itself stays in `faults.rs`.

use super::Shared;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Bytes sent as one piece through the throttled line.
pub const CHUNK: usize = 8 * 1024;

/// The last stretch of a wait that is slept on a blocking thread instead of tokio's timer.
const FINE: Duration = Duration::from_millis(2);

/// Waits until `deadline`, to within about a tenth of a millisecond where the OS sleeps that
/// finely (Linux, macOS; Windows sleeps in ticks of about a millisecond). Tokio's timer ticks in
/// whole milliseconds, so a wait on it alone ends up to a millisecond late: a `skip=1` that
/// the skip cost prices at 2 µs took a whole tick, about as long as the rest of the answer on
/// loopback. The bulk of a long wait goes on the timer, the last [`FINE`] on a blocking thread.
pub async fn wait_until(deadline: Instant) {
    let now = Instant::now();
    if deadline <= now {
        return;
    }
    if deadline - now > FINE {
        tokio::time::sleep_until(deadline - FINE).await;
    }
    let rest = deadline.saturating_duration_since(Instant::now());
    if rest.is_zero() {
        return;
    }
    if tokio::task::spawn_blocking(move || std::thread::sleep(rest))
        .await
        .is_err()
    {
        tokio::time::sleep(rest).await;
    }
}

/// Waits `d` (see [`wait_until`]); nothing for a zero duration.
pub async fn wait(d: Duration) {
    if !d.is_zero() {
        wait_until(Instant::now() + d).await;
    }
}

/// The line and the counters every connection shares.
#[derive(Debug, Default)]
pub struct Line {
    /// Kilobits per second for all answers together (0: unlimited).
    pub bandwidth_kbps: AtomicU64,
    /// Extra server time per row (and embedded object) of a list answer, in µs.
    pub row_cost_us: AtomicU64,
    /// Body bytes handed to the connections (every answer, token answers and errors included).
    pub bytes_sent: AtomicU64,
    /// Microseconds the line was reserved for sending (throttled answers only).
    pub line_busy_us: AtomicU64,
    /// Microseconds of row cost added to list answers.
    pub row_cost_total_us: AtomicU64,
    /// When the line is free for the next chunk.
    free_at: Mutex<Option<Instant>>,
}

impl Line {
    /// A line with the configured bandwidth and row cost.
    pub fn new(bandwidth_kbps: u64, row_cost_us: u64) -> Line {
        let line = Line::default();
        line.bandwidth_kbps.store(bandwidth_kbps, Ordering::SeqCst);
        line.row_cost_us.store(row_cost_us, Ordering::SeqCst);
        line
    }

    /// Reserves the line for `n` bytes after whatever is queued before them; returns the
    /// moment they have gone out.
    fn reserve(&self, n: usize, kbps: u64) -> Instant {
        let micros = (n as u64).saturating_mul(8_000) / kbps.max(1);
        let now = Instant::now();
        let mut free = self.free_at.lock().unwrap_or_else(|e| e.into_inner());
        let start = free.filter(|t| *t > now).unwrap_or(now);
        let done = start + Duration::from_micros(micros);
        *free = Some(done);
        self.line_busy_us.fetch_add(micros, Ordering::SeqCst);
        done
    }

    /// The server time a list answer of `rows` rows with `embedded` embedded objects adds.
    pub fn row_delay(&self, rows: usize, embedded: usize) -> Duration {
        let us = self
            .row_cost_us
            .load(Ordering::SeqCst)
            .saturating_mul((rows + embedded) as u64);
        self.row_cost_total_us.fetch_add(us, Ordering::SeqCst);
        Duration::from_micros(us)
    }
}

/// Counts every answer's body bytes and, with a bandwidth set, sends them in chunks that each
/// wait for their turn on the shared line.
pub async fn line_layer(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let (parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!("simulator answer body failed: {e}");
            Bytes::new()
        }
    };
    shared
        .line
        .bytes_sent
        .fetch_add(bytes.len() as u64, Ordering::SeqCst);
    let kbps = shared.line.bandwidth_kbps.load(Ordering::SeqCst);
    if kbps == 0 || bytes.is_empty() {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let len = bytes.len();
    let stream =
        futures_util::stream::unfold((shared, bytes), move |(shared, mut rest)| async move {
            if rest.is_empty() {
                return None;
            }
            let chunk = rest.split_to(rest.len().min(CHUNK));
            let done = shared.line.reserve(chunk.len(), kbps);
            wait_until(done).await;
            Some((Ok::<_, std::convert::Infallible>(chunk), (shared, rest)))
        });
    let mut resp = Response::from_parts(parts, Body::from_stream(stream));
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len as u64));
    resp
}

// Not on Windows, whose threads sleep in whole timer ticks too (47 ms for the test's fifty
// waits under Wine): there a wait is as fine as the OS's.
#[cfg(all(test, not(windows)))]
mod tests {
    use super::*;

    /// A modelled delay below tokio's millisecond tick is waited about as long as it says, not
    /// a whole tick: fifty waits of 200 µs (10 ms in all) never end early, and take far less
    /// than the 50 ms or more that fifty timer ticks cost (measured with a build running next to
    /// it: 66 ms with tokio's timer alone, 19 ms with this wait).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_delay_below_the_timer_tick_is_not_rounded_up_to_a_tick() {
        let start = Instant::now();
        for _ in 0..50 {
            let one = Instant::now();
            wait(Duration::from_micros(200)).await;
            assert!(one.elapsed() >= Duration::from_micros(200), "ended early");
        }
        let took = start.elapsed();
        assert!(took < Duration::from_millis(40), "took {took:?}");
        // Zero waits nothing; a deadline in the past returns at once.
        wait(Duration::ZERO).await;
        wait_until(Instant::now() - Duration::from_millis(5)).await;
    }
}

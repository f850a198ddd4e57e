//! Fault injection: latency, 5xx answers, dropped connections, lost POST responses, offline.

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The switchable fault settings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaultSettings {
    /// Share of requests (0–1) answered with a random 5xx.
    pub fault_rate: f64,
    /// Share of requests (0–1) whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Share of successful webaanvraag POSTs (0–1) committed whose answer is then dropped.
    pub lost_response_rate: f64,
    /// Extra delay before every answer, in milliseconds.
    pub latency_ms: u64,
}

/// What happens to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The delay before answering, in milliseconds.
    pub latency_ms: u64,
    /// Close the connection without an answer.
    pub drop: bool,
    /// Answer this 5xx status instead of handling the request.
    pub fault: Option<u16>,
    /// For a successful POST Webaanvragen: commit, then drop the answer.
    pub lose_response: bool,
}

/// Settings plus their own seeded RNG (separate from the data generator).
#[derive(Debug)]
pub struct Faults {
    /// The settings in force (tests may change them while running).
    pub settings: FaultSettings,
    rng: StdRng,
}

impl Faults {
    /// Fault settings with their own RNG seeded from `seed` (reproducible runs).
    pub fn new(settings: FaultSettings, seed: u64) -> Faults {
        Faults {
            settings,
            rng: StdRng::seed_from_u64(seed ^ 0xfa17_5eed),
        }
    }

    /// Draws the fate of one request.
    pub fn decide(&mut self) -> Decision {
        let s = self.settings;
        let mut roll = |p: f64| p > 0.0 && self.rng.random_bool(p.clamp(0.0, 1.0));
        let drop = roll(s.drop_rate);
        let fault = roll(s.fault_rate);
        let lose_response = roll(s.lost_response_rate);
        let status = [500u16, 502, 503][self.rng.random_range(0..3)];
        Decision {
            latency_ms: s.latency_ms,
            drop,
            fault: fault.then_some(status),
            lose_response,
        }
    }
}

/// A TCP connection that can be cut from a handler: after `kill` every read and write fails,
/// so hyper closes the socket without sending the response.
pub struct KillableStream {
    inner: TcpStream,
    killed: Arc<AtomicBool>,
}

fn killed_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection dropped by the simulator",
    )
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.killed.load(Ordering::SeqCst) {
            return Poll::Ready(Err(killed_error()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The handler's way to cut its own connection (from the request's connect info).
#[derive(Debug, Clone)]
pub struct ConnKill(Arc<AtomicBool>);

impl ConnKill {
    /// Cuts this request's connection: its next read or write fails, so no answer arrives.
    pub fn kill(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A listener that refuses every connection while `offline` is set. It counts every TCP
/// connection it accepts, refused ones included, so a test can prove that nothing connected
/// at all (a request counter is never reached by a connection dropped here).
pub struct KillListener {
    /// The bound socket.
    pub inner: TcpListener,
    /// While true, every accepted connection is dropped at once.
    pub offline: Arc<AtomicBool>,
    /// TCP connections accepted so far, refused ones included.
    pub accepted: Arc<AtomicU64>,
}

impl Listener for KillListener {
    type Io = KillableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    self.accepted.fetch_add(1, Ordering::SeqCst);
                    if self.offline.load(Ordering::SeqCst) {
                        drop(stream);
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    let io = KillableStream {
                        inner: stream,
                        killed: Arc::new(AtomicBool::new(false)),
                    };
                    return (io, addr);
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

impl Connected<IncomingStream<'_, KillListener>> for ConnKill {
    fn connect_info(stream: IncomingStream<'_, KillListener>) -> Self {
        ConnKill(stream.io().killed.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_respected_roughly_and_zero_means_never() {
        let mut never = Faults::new(FaultSettings::default(), 1);
        assert!((0..1000).all(|_| {
            let d = never.decide();
            !d.drop && d.fault.is_none() && !d.lose_response
        }));
        let mut half = Faults::new(
            FaultSettings {
                fault_rate: 0.5,
                ..FaultSettings::default()
            },
            1,
        );
        let faults: Vec<u16> = (0..1000).filter_map(|_| half.decide().fault).collect();
        assert!((400..600).contains(&faults.len()), "{}", faults.len());
        for code in [500, 502, 503] {
            assert!(faults.contains(&code));
        }
    }
}

//! What a screen may use besides its own state: send commands, take request ids, the clock, the
//! connection and rate limit, and ask the shell to switch screens. No screen sees the whole app.

use crate::api::RateLimitStatus;
use crate::clock::Clock;
use crate::worker::{Command, RequestId, RequestIds};

/// The screens of the main window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Screen {
    /// The change browser (fetch, table, export).
    Browse,
    /// The enrolment wizard.
    Enrol,
    /// The outbox of queued enrolments.
    Outbox,
    /// Profiles, connection test and preferences.
    Settings,
}

/// The connection as the UI sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnState {
    /// No connection (none chosen yet, or it failed).
    Disconnected,
    /// A connect or demo start is under way.
    Connecting {
        /// The connect request whose answer ends the wait.
        req: RequestId,
    },
    /// Connected (token obtained).
    Connected {
        /// A readable name for the connection.
        label: String,
        /// The API's base URL.
        base_url: String,
        /// Whether this is the built-in simulator.
        demo: bool,
    },
}

/// The small context a screen draws and handles events with (built by the app for each call).
pub struct Ctx<'a> {
    sink: &'a dyn Fn(Command),
    next_req: &'a mut RequestIds,
    /// What the screens take for "today" and "now".
    pub clock: Clock,
    /// The connection as it stands.
    pub conn: &'a ConnState,
    /// The requests left of the daily limit, as last reported.
    pub rate: &'a RateLimitStatus,
    goto: Option<Screen>,
}

impl<'a> Ctx<'a> {
    /// A context that hands commands to `sink` and counts request ids in `next_req`.
    pub(crate) fn new(
        sink: &'a dyn Fn(Command),
        next_req: &'a mut RequestIds,
        clock: Clock,
        conn: &'a ConnState,
        rate: &'a RateLimitStatus,
    ) -> Ctx<'a> {
        Ctx {
            sink,
            next_req,
            clock,
            conn,
            rate,
            goto: None,
        }
    }

    /// A fresh request id.
    pub(crate) fn next_req(&mut self) -> RequestId {
        self.next_req.fresh()
    }

    /// Sends a command that carries no new request id (cancel, open a folder).
    pub(crate) fn send(&self, command: Command) {
        (self.sink)(command);
    }

    /// Takes a fresh request id, sends the command built with it, and returns the id.
    pub(crate) fn request(&mut self, command: impl FnOnce(RequestId) -> Command) -> RequestId {
        let req = self.next_req();
        self.send(command(req));
        req
    }

    /// True while connected.
    pub(crate) fn connected(&self) -> bool {
        matches!(self.conn, ConnState::Connected { .. })
    }

    /// Asks the shell to switch to `screen` after this frame (it calls that screen's `on_enter`).
    pub(crate) fn goto(&mut self, screen: Screen) {
        self.goto = Some(screen);
    }

    /// The screen asked for with [`Ctx::goto`], if any.
    pub(crate) fn take_goto(&mut self) -> Option<Screen> {
        self.goto.take()
    }
}

/// Runs `f` with a context whose commands land in the returned list (unit tests: no worker).
#[cfg(test)]
pub(crate) fn recording(conn: &ConnState, f: impl FnOnce(&mut Ctx)) -> Vec<Command> {
    let sent = std::cell::RefCell::new(Vec::new());
    let sink = |c: Command| sent.borrow_mut().push(c);
    let (mut next, rate) = (RequestIds::new(), RateLimitStatus::default());
    let mut cx = Ctx::new(&sink, &mut next, Clock::system(), conn, &rate);
    f(&mut cx);
    sent.into_inner()
}

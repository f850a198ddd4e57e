//! What a screen may use besides its own state: send commands, take request ids, the clock, the
//! connection and rate limit, and ask the shell to switch screens. No screen sees the whole app.

use crate::api::RateLimitStatus;
use crate::clock::Clock;
use crate::worker::{Command, RequestId};

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
    next_req: &'a mut RequestId,
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
    pub fn new(
        sink: &'a dyn Fn(Command),
        next_req: &'a mut RequestId,
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
    pub fn next_req(&mut self) -> RequestId {
        self.next_req.advance()
    }

    /// Sends a command that carries no new request id (cancel, open a folder).
    pub fn send(&self, command: Command) {
        (self.sink)(command);
    }

    /// Takes a fresh request id, sends the command built with it, and returns the id.
    pub fn request(&mut self, command: impl FnOnce(RequestId) -> Command) -> RequestId {
        let req = self.next_req();
        self.send(command(req));
        req
    }

    /// True while connected.
    pub fn connected(&self) -> bool {
        matches!(self.conn, ConnState::Connected { .. })
    }

    /// Asks the shell to switch to `screen` after this frame (it calls that screen's `on_enter`).
    pub fn goto(&mut self, screen: Screen) {
        self.goto = Some(screen);
    }

    /// The screen asked for with [`Ctx::goto`], if any.
    pub fn take_goto(&mut self) -> Option<Screen> {
        self.goto.take()
    }
}

/// Runs `f` with a context whose commands land in the returned list (unit tests: no worker).
#[cfg(test)]
pub(crate) fn recording(conn: &ConnState, f: impl FnOnce(&mut Ctx)) -> Vec<Command> {
    let sent = std::cell::RefCell::new(Vec::new());
    let sink = |c: Command| sent.borrow_mut().push(c);
    let (mut next, rate) = (RequestId::default(), RateLimitStatus::default());
    let mut cx = Ctx::new(&sink, &mut next, Clock::system(), conn, &rate);
    f(&mut cx);
    sent.into_inner()
}

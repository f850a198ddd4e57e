//! `Remote<T>`: a value the worker delivers later — idle, loading (for one request), ready or failed.
//!
//! A screen keeps one `Remote` per thing it asks the worker for, instead of a hand-rolled
//! `*_req: Option<RequestId>` next to the value. Only the answer to the newest request counts (a
//! stale answer is ignored), and a refetch keeps the previous value so the screen does not blank.

use crate::message::UserMessage;
use crate::worker::RequestId;

/// An asynchronously delivered value.
#[derive(Debug, Clone, Default)]
pub enum Remote<T> {
    /// Never asked (or cleared).
    #[default]
    Idle,
    /// Asked with `req`; `previous` is what was shown before (kept on screen meanwhile).
    Loading {
        /// The request whose answer is awaited.
        req: RequestId,
        /// What was shown before, kept on screen meanwhile.
        previous: Option<T>,
    },
    /// The answer to the newest request.
    Ready(T),
    /// The newest request failed (the shell already told the planner why).
    Failed {
        /// Why, worded for the planner.
        error: Box<UserMessage>,
        /// What was shown before the request, kept on screen.
        previous: Option<T>,
    },
}

impl<T> Remote<T> {
    /// Asks again with `req`: any answer to an earlier request is stale from now on.
    pub(crate) fn start(&mut self, req: RequestId) {
        let previous = self.take_value();
        *self = Remote::Loading { req, previous };
    }

    /// Asks anew with `req`, forgetting what was shown before.
    pub(crate) fn restart(&mut self, req: RequestId) {
        *self = Remote::Loading {
            req,
            previous: None,
        };
    }

    /// The answer to `req`; ignored (returns false) unless `req` is the request waited for.
    pub(crate) fn resolve(&mut self, req: RequestId, value: T) -> bool {
        if !self.is_waiting_for(req) {
            return false;
        }
        *self = Remote::Ready(value);
        true
    }

    /// `req` failed; ignored (returns false) unless it is the request waited for. The previous
    /// value stays available.
    pub(crate) fn fail(&mut self, req: RequestId, error: UserMessage) -> bool {
        if !self.is_waiting_for(req) {
            return false;
        }
        let previous = self.take_value();
        *self = Remote::Failed {
            error: Box::new(error),
            previous,
        };
        true
    }

    /// A value that arrived unasked (a background refresh): shown at once; a request under way
    /// still waits for its own answer.
    pub(crate) fn put(&mut self, value: T) {
        match self {
            Remote::Loading { previous, .. } | Remote::Failed { previous, .. } => {
                *previous = Some(value)
            }
            Remote::Idle | Remote::Ready(_) => *self = Remote::Ready(value),
        }
    }

    /// Forgets the value shown; a request under way still waits for its answer.
    pub fn drop_value(&mut self) {
        match self {
            Remote::Loading { previous, .. } | Remote::Failed { previous, .. } => *previous = None,
            Remote::Ready(_) => *self = Remote::Idle,
            Remote::Idle => {}
        }
    }

    /// Stops waiting and forgets the value.
    pub(crate) fn clear(&mut self) {
        *self = Remote::Idle;
    }

    /// True while a request is under way.
    pub fn is_loading(&self) -> bool {
        matches!(self, Remote::Loading { .. })
    }

    /// The request under way, if any.
    pub fn req(&self) -> Option<RequestId> {
        match self {
            Remote::Loading { req, .. } => Some(*req),
            _ => None,
        }
    }

    /// True when `req` is the request under way.
    pub(crate) fn is_waiting_for(&self, req: RequestId) -> bool {
        self.req() == Some(req)
    }

    /// The answer to the newest request, when it arrived.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Remote::Ready(value) => Some(value),
            _ => None,
        }
    }

    /// What to show: the newest answer, or the one before while loading or after a failure.
    pub(crate) fn value(&self) -> Option<&T> {
        match self {
            Remote::Idle => None,
            Remote::Ready(value) => Some(value),
            Remote::Loading { previous, .. } | Remote::Failed { previous, .. } => previous.as_ref(),
        }
    }

    /// The failure of the newest request, if it failed.
    pub(crate) fn error(&self) -> Option<&UserMessage> {
        match self {
            Remote::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    fn take_value(&mut self) -> Option<T> {
        match std::mem::take(self) {
            Remote::Idle => None,
            Remote::Ready(value) => Some(value),
            Remote::Loading { previous, .. } | Remote::Failed { previous, .. } => previous,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::request_id::nth_request;

    fn message() -> UserMessage {
        crate::message::from_worker_error(&crate::error::WorkerError::NotConnected)
    }

    #[test]
    fn answers_only_the_request_waited_for() {
        let mut r: Remote<u32> = Remote::Idle;
        assert!(!r.resolve(nth_request(1), 10), "nothing was asked");
        r.start(nth_request(1));
        assert!(r.is_loading());
        assert!(
            !r.resolve(nth_request(2), 20),
            "an answer to another request is stale"
        );
        assert!(r.is_loading());
        assert!(r.resolve(nth_request(1), 10));
        assert_eq!(r.ready(), Some(&10));
        assert!(!r.is_loading());
        assert!(
            !r.resolve(nth_request(1), 11),
            "a second answer to a done request is ignored"
        );
        assert_eq!(r.ready(), Some(&10));
    }

    #[test]
    fn a_new_request_supersedes_and_keeps_the_shown_value() {
        let mut r: Remote<&str> = Remote::Idle;
        r.start(nth_request(1));
        assert!(r.resolve(nth_request(1), "first"));
        r.start(nth_request(2));
        assert_eq!(
            r.value(),
            Some(&"first"),
            "a refetch does not blank the screen"
        );
        assert_eq!(r.ready(), None);
        r.start(nth_request(3));
        assert!(
            !r.resolve(nth_request(2), "old"),
            "the superseded request's answer is stale"
        );
        assert_eq!(r.value(), Some(&"first"));
        assert!(r.resolve(nth_request(3), "third"));
        assert_eq!(r.ready(), Some(&"third"));
        r.restart(nth_request(4));
        assert_eq!(r.value(), None, "restart forgets what was shown");
    }

    #[test]
    fn a_failure_counts_only_for_the_newest_request() {
        let mut r: Remote<u32> = Remote::Idle;
        r.start(nth_request(1));
        assert!(r.resolve(nth_request(1), 5));
        r.start(nth_request(2));
        assert!(
            !r.fail(nth_request(1), message()),
            "an old request's failure is stale"
        );
        assert!(r.is_loading());
        assert!(r.fail(nth_request(2), message()));
        assert!(!r.is_loading());
        assert!(r.error().is_some());
        assert_eq!(
            r.value(),
            Some(&5),
            "the value before the failure stays shown"
        );
        r.put(6);
        assert_eq!(
            r.value(),
            Some(&6),
            "an unasked value is shown after a failure too"
        );
        r.start(nth_request(3));
        r.put(7);
        assert!(
            r.is_waiting_for(nth_request(3)),
            "an unasked value does not end the wait"
        );
        assert_eq!(r.value(), Some(&7));
        r.clear();
        assert_eq!(r.value(), None);
        assert_eq!(r.req(), None);
    }
}

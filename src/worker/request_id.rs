//! Request ids: each command that expects an answer carries one, and its answers echo it. Fresh
//! ids come only from a [`RequestIds`] counter.

/// Identifies one request; the UI drops answers to requests it no longer waits for. A newtype so
/// it cannot be mixed up with an entry id, a count or an index. Its number is private: a fresh id
/// comes only from a [`RequestIds`] counter (the app has one), the only other id is
/// [`RequestId::UNSOLICITED`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(u64);

impl RequestId {
    /// The id of a report nobody asked for (an autosave failure, an automatic flush); a counter
    /// never hands it out, so no screen ever waits for it.
    pub(crate) const UNSOLICITED: RequestId = RequestId(0);
}

/// The counter that hands out request ids: each [`RequestIds::fresh`] is new (1, 2, 3, …; never
/// [`RequestId::UNSOLICITED`]).
#[derive(Debug, Default)]
pub struct RequestIds {
    last: u64,
}

impl RequestIds {
    /// A counter that has handed out nothing yet.
    pub fn new() -> RequestIds {
        RequestIds::default()
    }

    /// Steps the counter on and returns the new, never-before-used id.
    pub fn fresh(&mut self) -> RequestId {
        self.last = self.last.wrapping_add(1).max(1);
        RequestId(self.last)
    }
}

/// The bare number, as logs showed it before the newtype (`req: 5`).
impl std::fmt::Debug for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

/// The `n`-th id a fresh counter hands out: tests name requests by number, through the counter.
#[cfg(test)]
pub(crate) fn nth_request(n: u64) -> RequestId {
    let mut ids = RequestIds::new();
    (0..n).fold(RequestId::UNSOLICITED, |_, _| ids.fresh())
}

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn a_counter_hands_out_new_ids_never_the_unsolicited_one() {
        let mut ids = RequestIds::new();
        let first = ids.fresh();
        let second = ids.fresh();
        assert!(first != RequestId::UNSOLICITED && second != RequestId::UNSOLICITED);
        assert!(
            second > first,
            "newer ids compare greater: {first:?} {second:?}"
        );
        assert_eq!(
            nth_request(2),
            second,
            "a fresh counter hands out the same sequence"
        );
        // A counter that wrapped around skips the unsolicited id.
        let mut wrapped = RequestIds { last: u64::MAX };
        assert_ne!(wrapped.fresh(), RequestId::UNSOLICITED);
    }
}

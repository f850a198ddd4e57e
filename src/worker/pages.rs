//! Flow control for a job that sends its answer in pages: each page carries a [`PageTicket`];
//! the job waits while [`IN_FLIGHT`] pages are still held (queued in the channel, or being taken
//! into the table), so a fast reader never queues a whole large range as text in front of a
//! slower table. A ticket is given back when it is dropped (taken, or dropped unread).

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Pages sent but not yet taken, at most.
pub(crate) const IN_FLIGHT: usize = 2;

#[derive(Debug, Default)]
struct Shared {
    held: Mutex<usize>,
    returned: Condvar,
}

/// The pages of one job: hands out tickets and waits for them to come back.
#[derive(Debug, Default)]
pub(crate) struct Pages(Arc<Shared>);

impl Pages {
    /// A ticket for the next page, once fewer than [`IN_FLIGHT`] are held; `None` when `stop`
    /// says so first (checked every 100 ms).
    pub(crate) fn ticket(&self, stop: &dyn Fn() -> bool) -> Option<PageTicket> {
        let shared = &self.0;
        let mut held = shared.held.lock().unwrap_or_else(|e| e.into_inner());
        while *held >= IN_FLIGHT {
            if stop() {
                return None;
            }
            held = shared
                .returned
                .wait_timeout(held, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *held += 1;
        Some(PageTicket(Some(shared.clone())))
    }
}

/// Held by one page on its way; dropping it lets the job send the next.
#[derive(Debug, Default)]
pub struct PageTicket(Option<Arc<Shared>>);

impl PageTicket {
    /// A ticket of no job (tests, pages that need no flow control).
    pub fn none() -> PageTicket {
        PageTicket(None)
    }
}

impl Drop for PageTicket {
    fn drop(&mut self) {
        if let Some(shared) = self.0.take() {
            let mut held = shared.held.lock().unwrap_or_else(|e| e.into_inner());
            *held = held.saturating_sub(1);
            shared.returned.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_more_than_two_pages_are_held_and_a_returned_one_frees_a_place() {
        let pages = Pages::default();
        let first = pages.ticket(&|| false).unwrap();
        let _second = pages.ticket(&|| false).unwrap();
        assert!(
            pages.ticket(&|| true).is_none(),
            "a third waits (and stops)"
        );
        let waiter = std::thread::scope(|s| {
            let waiting = s.spawn(|| pages.ticket(&|| false).is_some());
            drop(first);
            waiting.join().unwrap()
        });
        assert!(waiter, "the returned ticket let the next page go");
    }
}

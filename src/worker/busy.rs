//! Busy flags of background jobs as drop guards: a job that ends in any way, a panic included,
//! releases its flag, so (e.g.) automatic sending never stops for the rest of the session.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A background job's busy flag, cleared when the guard is dropped (also while unwinding).
pub(super) struct BusyGuard(Arc<AtomicBool>);

impl BusyGuard {
    /// Sets the flag and returns its guard, or `None` when the job is already running.
    pub(super) fn try_claim(flag: &Arc<AtomicBool>) -> Option<BusyGuard> {
        (!flag.swap(true, Ordering::SeqCst)).then(|| BusyGuard(flag.clone()))
    }
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::BusyGuard;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[tokio::test]
    async fn a_panicking_background_job_releases_its_busy_flag() {
        let flag = Arc::new(AtomicBool::new(false));
        let guard = BusyGuard::try_claim(&flag).unwrap();
        assert!(BusyGuard::try_claim(&flag).is_none(), "one at a time");
        let job = tokio::spawn(async move {
            let _busy = guard;
            panic!("a flush blew up");
        });
        assert!(job.await.is_err());
        assert!(!flag.load(Ordering::SeqCst));
        assert!(
            BusyGuard::try_claim(&flag).is_some(),
            "the next tick runs again"
        );
    }
}

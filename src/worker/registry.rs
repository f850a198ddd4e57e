//! The worker's job registry (the cancel flag of every running request, removed when the job
//! ends in any way) and serial lanes (jobs that must run one after another, off the loop).

use super::RequestId;
use crate::cancel::Cancel;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc;

/// The running jobs by request id. Cloning shares the registry.
#[derive(Clone, Default)]
pub(super) struct Registry(Arc<Mutex<HashMap<RequestId, Cancel>>>);

impl Registry {
    fn jobs(&self) -> MutexGuard<'_, HashMap<RequestId, Cancel>> {
        // A panic while holding the lock cannot leave the map half-changed (single calls).
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a job: its cancel flag, and the guard that removes it when the job ends.
    pub(super) fn start(&self, req: RequestId) -> (Cancel, JobGuard) {
        let cancel = Cancel::new();
        self.jobs().insert(req, cancel.clone());
        let guard = JobGuard {
            registry: self.clone(),
            req,
        };
        (cancel, guard)
    }

    /// Asks the job `req` to stop; false when no such job is running (it ended already).
    pub(super) fn cancel(&self, req: RequestId) -> bool {
        match self.jobs().get(&req) {
            Some(cancel) => {
                cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// How many jobs are running.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.jobs().len()
    }

    /// True when no job is running.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cancel flag of a running job (tests watch it).
    #[cfg(test)]
    pub(super) fn get(&self, req: RequestId) -> Option<Cancel> {
        self.jobs().get(&req).cloned()
    }
}

/// Removes its job from the registry when dropped: at the job's end, a panic included.
pub(super) struct JobGuard {
    registry: Registry,
    req: RequestId,
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        self.registry.jobs().remove(&self.req);
    }
}

/// A boxed job for a lane.
pub(super) type LaneJob = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Runs its jobs one after another in their own task, so the worker loop never awaits them
/// (an unlock prompt of the keyring never holds up Cancel) while their order is kept (two draft
/// saves never race for the same temp file, a forget never overtakes the save before it).
#[derive(Clone)]
pub(super) struct SerialLane(mpsc::UnboundedSender<LaneJob>);

impl SerialLane {
    /// Starts the lane's task on the current runtime.
    pub(super) fn start() -> SerialLane {
        let (tx, mut rx) = mpsc::unbounded_channel::<LaneJob>();
        tokio::spawn(async move {
            while let Some(job) = rx.recv().await {
                // Each job runs as its own task: a panic in one ends only that job.
                if let Err(e) = tokio::spawn(job).await {
                    tracing::warn!("a background save stopped: {e}");
                }
            }
        });
        SerialLane(tx)
    }

    /// Queues a job behind the ones already queued.
    pub(super) fn push(&self, job: impl Future<Output = ()> + Send + 'static) {
        if self.0.send(Box::pin(job)).is_err() {
            tracing::warn!("a background save was dropped: the worker is stopping");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::request_id::nth_request;

    #[test]
    fn an_entry_lives_as_long_as_its_job() {
        let registry = Registry::default();
        let (cancel, guard) = registry.start(nth_request(7));
        assert_eq!(registry.len(), 1);
        assert!(registry.cancel(nth_request(7)));
        assert!(cancel.is_cancelled());
        drop(guard);
        assert!(registry.is_empty());
        assert!(
            !registry.cancel(nth_request(7)),
            "an ended job cannot be cancelled"
        );
    }

    #[tokio::test]
    async fn a_lane_keeps_the_order_and_survives_a_panicking_job() {
        let lane = SerialLane::start();
        let (tx, mut rx) = mpsc::unbounded_channel();
        for i in 0..5 {
            let tx = tx.clone();
            lane.push(async move {
                tokio::time::sleep(std::time::Duration::from_millis(5 - i)).await;
                let _ = tx.send(i);
            });
        }
        lane.push(async { panic!("a save blew up") });
        let tx2 = tx.clone();
        lane.push(async move {
            let _ = tx2.send(99);
        });
        let mut seen = Vec::new();
        for _ in 0..6 {
            seen.extend(rx.recv().await);
        }
        assert_eq!(seen, vec![0, 1, 2, 3, 4, 99]);
    }
}

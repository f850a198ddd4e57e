//! The worker → UI event channel: every send also wakes egui so the event is shown at once.

use super::event::Event;
use std::sync::mpsc;

/// Sends events to the UI and requests a repaint.
#[derive(Clone)]
pub struct EventSender {
    tx: mpsc::Sender<Event>,
    ctx: Option<egui::Context>,
}

impl EventSender {
    /// A sender that wakes `ctx` (or nobody, for headless use).
    pub fn new(tx: mpsc::Sender<Event>, ctx: Option<egui::Context>) -> EventSender {
        EventSender { tx, ctx }
    }

    /// Sends; a closed UI is not an error for the worker (it is shutting down).
    pub(crate) fn send(&self, event: Event) {
        if self.tx.send(event).is_ok()
            && let Some(ctx) = &self.ctx
        {
            ctx.request_repaint();
        }
    }
}

impl EventSender {
    /// Reports a failed request with its typed cause; the UI words it in its language.
    pub(crate) fn fail(&self, req: super::RequestId, error: impl Into<crate::error::WorkerError>) {
        self.send(Event::Failed {
            req,
            error: Box::new(error.into()),
        });
    }
}

/// A job's progress value.
pub(super) fn progress(label: crate::i18n::Text, done: u64, total: Option<u64>) -> super::Progress {
    super::Progress { done, total, label }
}

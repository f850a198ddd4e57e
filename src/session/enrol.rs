//! Sending one enrolment through the outbox, the same way from the wizard and from
//! `coachdesk enrol`: on disk first, then one try. The same enrolment queued before (same body,
//! see `outbox::dedup`) is not queued or posted again: its entry is reused and the planner is
//! told so ([`Reused`]). An entry that still has to go out is tried once; one that reached
//! Coachview, or is held as unconfirmed (the planner must look first), is only reported.

use super::{Folder, Session};
use crate::cancel::Cancel;
use crate::error::WorkerError;
use crate::i18n::Text;
use crate::outbox::{Entry, EntryId, FlushReport, Outbox, OutboxError, Status, Wait};
use chrono::{DateTime, Local, Utc};
use serde_json::Value;

/// How an enrolment landed in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    /// Its entry.
    pub id: EntryId,
    /// Set when the same enrolment was queued before and that entry is used.
    pub reused: Option<Reused>,
}

/// An enrolment queued and tried once.
#[derive(Debug)]
pub struct Enrolled {
    /// Where it is in the outbox (and whether an earlier entry was reused).
    pub queued: Queued,
    /// The entry after its try, or why the try failed.
    pub sent: Result<Entry, WorkerError>,
}

/// The same enrolment was in the outbox already: its entry is used, nothing is enrolled twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Reused {
    /// The entry that was reused.
    pub id: EntryId,
    /// When it was queued.
    pub queued_at: DateTime<Utc>,
    /// When Coachview accepted it, and its `nummer`, if it did.
    pub sent: Option<(DateTime<Utc>, String)>,
}

impl Reused {
    /// What is known about `entry`, the entry being reused.
    pub(crate) fn of(entry: &Entry) -> Reused {
        let sent = match &entry.status {
            Status::Sent { nummer, .. } => Some((entry.updated_at, nummer.clone())),
            _ => None,
        };
        Reused {
            id: entry.id,
            queued_at: entry.created_at,
            sent,
        }
    }

    /// In words (worded where it is shown): "already in the outbox (sent on …)".
    pub fn text(&self) -> Text {
        let at = |t: &DateTime<Utc>| Text::plain(t.with_timezone(&Local).format("%d-%m-%Y %H:%M"));
        match &self.sent {
            Some((sent_at, nummer)) => Text::with(
                "session.reused.sent",
                vec![
                    ("id", Text::plain(self.id)),
                    ("at", at(sent_at)),
                    ("nummer", Text::plain(nummer)),
                ],
            ),
            None => Text::with(
                "session.reused.open",
                vec![("id", Text::plain(self.id)), ("at", at(&self.queued_at))],
            ),
        }
    }

    /// The command line's hint that `--again` enrols once more on purpose.
    pub fn again_hint() -> Text {
        Text::key("session.reused.again")
    }
}

/// Whether an entry should be tried now: one that reached Coachview is only reported, and one
/// held for its own sake (unconfirmed, a lookup that cannot tell, server errors) waits for the
/// planner (never for a rerun).
pub fn needs_sending(entry: &Entry) -> bool {
    match &entry.status {
        Status::Pending => true,
        Status::Held { reason } => !reason.waits_for_planner(),
        _ => false,
    }
}

impl Folder {
    /// Queues `body` in `outbox` (on disk before this returns) unless the same enrolment is
    /// there already; `again` queues a new entry all the same. `reference`: the planner's own
    /// `referentieNrKlant` (else the body's, else one is generated).
    pub(crate) fn queue_enrolment(
        &self,
        outbox: &Outbox,
        body: Value,
        reference: Option<String>,
        again: bool,
    ) -> Result<Queued, OutboxError> {
        let (id, existing) = outbox.enqueue_unique(body, reference, again)?;
        let reused = if existing {
            Some(Reused::of(&outbox.get(id)?))
        } else {
            None
        };
        Ok(Queued { id, reused })
    }
}

impl Session {
    /// Tries the entry once when it needs sending; returns the entry as it is now.
    pub(crate) async fn send_queued(
        &self,
        outbox: &Outbox,
        id: EntryId,
    ) -> Result<Entry, WorkerError> {
        let entry = outbox.get(id)?;
        if !needs_sending(&entry) {
            return Ok(entry);
        }
        Ok(outbox
            .send_now(id, self.client(), self.clock().now_utc())
            .await?)
    }

    /// One enrolment in `outbox`: queued (or the same one reused), then tried once. A failed
    /// try leaves the entry waiting in the outbox; it comes back in [`Enrolled::sent`].
    pub(crate) async fn enrol(
        &self,
        outbox: &Outbox,
        body: Value,
        reference: Option<String>,
        again: bool,
    ) -> Result<Enrolled, OutboxError> {
        let queued = self
            .folder()
            .queue_enrolment(outbox, body, reference, again)?;
        let sent = self.send_queued(outbox, queued.id).await;
        Ok(Enrolled { queued, sent })
    }
}

impl Session {
    /// The planner's "Nu verzenden" for one entry: sent now, whatever its wait (`Outbox::send_now`).
    pub async fn send_now(
        &self,
        outbox: &Outbox,
        id: EntryId,
        now: DateTime<Utc>,
    ) -> Result<Entry, OutboxError> {
        outbox.send_now(id, self.client(), now).await
    }

    /// Sends every entry due at `now` (`Outbox::flush_due`): the app's background flush and its
    /// "Alles verzenden".
    pub async fn flush_outbox(
        &self,
        outbox: &Outbox,
        now: DateTime<Utc>,
        cancel: &Cancel,
    ) -> Result<FlushReport, OutboxError> {
        outbox.flush_due(self.client(), now, cancel).await
    }

    /// Flushes, waits for what comes due within `max_wait` and flushes again
    /// (`Outbox::drain`): `coachdesk outbox flush [--wait]`.
    pub async fn drain_outbox<N, W, F>(
        &self,
        outbox: &Outbox,
        all: bool,
        max_wait: chrono::Duration,
        now: N,
        wait: W,
        cancel: &Cancel,
    ) -> Result<FlushReport, OutboxError>
    where
        N: Fn() -> DateTime<Utc>,
        W: FnMut(Wait) -> F,
        F: std::future::Future<Output = ()>,
    {
        outbox
            .drain(self.client(), all, max_wait, now, wait, cancel)
            .await
    }
}

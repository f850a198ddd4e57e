//! The reconcile of an entry that may have arrived: the one guarded lookup, judged by
//! `identity`, and what it needs from the outbox file (when the unclear failure happened, what
//! the entry's enrolment must look like, which webaanvragen other entries already claimed);
//! plus the flush's time.

use super::classify::{Outcome, Phase};
use super::identity::{Expected, ServerClock, Verdict, pick};
use super::schema::time_text;
use super::status::{HoldReason, Status};
use super::transport::Transport;
use super::{Entry, EntryId, Outbox, OutboxError, status_json};
use crate::api::ReferenceLookup;
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

/// The flush's idea of "now": the time it was given plus the time the outbox's clock moved
/// since, so a failure is dated when it happened (not when the flush started) even in tests that
/// pass a time in the future.
pub(super) struct FlushTime {
    base: DateTime<Utc>,
    start: std::time::Instant,
    clock: crate::clock::Clock,
}

impl FlushTime {
    pub(super) fn new(base: DateTime<Utc>, clock: &crate::clock::Clock) -> FlushTime {
        FlushTime {
            base,
            start: clock.instant(),
            clock: clock.clone(),
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.base + Duration::from_std(self.clock.since(self.start)).unwrap_or_default()
    }
}

impl Outbox {
    /// When the unclear failure happened (older files: the last change).
    pub(super) fn maybe_sent_at(&self, entry: &Entry) -> Result<DateTime<Utc>, OutboxError> {
        // A damaged value reads as none (the last change counts): it never stops the flush.
        let at: Option<String> = self.db().query_row(
            "SELECT maybe_sent_at FROM entries WHERE id = ?1",
            [entry.id],
            |r| Ok(r.get(0).ok().flatten()),
        )?;
        Ok(at
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map_or(entry.updated_at, |t| t.with_timezone(&Utc)))
    }

    /// What a reconcile must see to accept a record as this entry's enrolment.
    pub(super) fn expected(&self, entry: &Entry) -> Result<Expected, OutboxError> {
        let first: Option<String> = self.db().query_row(
            "SELECT first_attempt_at FROM entries WHERE id = ?1",
            [entry.id],
            |r| Ok(r.get(0).ok().flatten()),
        )?;
        let first = first
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map_or(entry.created_at, |t| t.with_timezone(&Utc));
        Ok(Expected::from_body(&entry.body, &entry.reference, first))
    }

    /// Webaanvragen other entries already stand for: a reconcile never claims them again.
    pub(super) fn claimed_ids(
        &self,
        id: EntryId,
    ) -> Result<std::collections::HashSet<String>, OutboxError> {
        let db = self.db();
        let mut stmt =
            db.prepare("SELECT server_id FROM entries WHERE server_id IS NOT NULL AND id != ?1")?;
        // A damaged value is no claim; it never stops the others.
        let ids = stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .filter_map(Result::ok)
            .collect();
        Ok(ids)
    }

    /// The reconciling lookup of an entry that may have arrived: `Some` ends its turn (found,
    /// held, or the lookup failed), `None` means not there: post it.
    pub(super) async fn reconcile<T: Transport + Sync>(
        &self,
        entry: &Entry,
        from: &str,
        transport: &T,
        clock: &FlushTime,
    ) -> Result<Option<Outcome>, OutboxError> {
        let id = entry.id;
        let expected = self.expected(entry)?;
        let claimed = self.claimed_ids(id)?;
        match transport.find_by_reference(&entry.reference).await {
            Ok(ReferenceLookup::Found {
                records,
                server_now,
                received_at,
            }) => {
                // Whatever the transport, records with another reference prove nothing.
                let checked = ReferenceLookup::from_answer(
                    &entry.reference,
                    records,
                    u64::MAX,
                    server_now,
                    received_at,
                );
                let records = match checked {
                    ReferenceLookup::Found { records, .. } => records,
                    ReferenceLookup::CannotTell(why) => {
                        return self
                            .hold_entry(id, from, HoldReason::CannotTell { why })
                            .map(Some);
                    }
                };
                let clock = ServerClock::from_date(server_now, received_at);
                match pick(&expected, &records, &claimed, &clock) {
                    Verdict::Same(created) => {
                        self.mark_sent(id, &created, true, 1)?;
                        return Ok(Some(Outcome::Sent { reconciled: true }));
                    }
                    Verdict::Unconfirmed(created) => {
                        let reason = HoldReason::Unconfirmed {
                            nummer: created.nummer,
                        };
                        return self.hold_entry(id, from, reason).map(Some);
                    }
                    Verdict::NotFound => {}
                }
            }
            Ok(ReferenceLookup::CannotTell(why)) => {
                return self
                    .hold_entry(id, from, HoldReason::CannotTell { why })
                    .map(Some);
            }
            Err(e) => {
                return self
                    .record_failure(id, from, &e, Phase::Lookup, entry.attempts + 1, clock.now())
                    .map(Some);
            }
        }
        Ok(None)
    }

    /// Holds one entry for its own sake (the lookup counts as a try); the flush goes on.
    fn hold_entry(
        &self,
        id: EntryId,
        from: &str,
        reason: HoldReason,
    ) -> Result<Outcome, OutboxError> {
        let status = Status::Held { reason };
        let changed = self.db().execute(
            "UPDATE entries SET status = 'held', status_json = ?1,
                 attempts = attempts + 1, next_try_at = NULL, updated_at = ?2
             WHERE id = ?3 AND status = ?4",
            params![
                status_json(&status),
                time_text(self.clock.now_utc()),
                id,
                from
            ],
        )?;
        Ok(if changed == 0 {
            Outcome::Skipped
        } else {
            Outcome::HeldEntry
        })
    }
}

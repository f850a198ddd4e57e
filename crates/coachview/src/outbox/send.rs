//! Sending: the per-entry state machine (reconcile, claim, POST, classify), flushing and backoff.

use super::classify::{Classified, LOOKUP_WAIT_SECS, Outcome, Phase, classify};
use super::reconcile::FlushTime;
use super::schema::time_text;
use super::status::{Failure, HoldReason, Status};
use super::transport::{Created, Transport};
use super::{Entry, EntryId, Outbox, OutboxError, status_json};
use crate::api::{ApiError, ApiErrorKind};
use crate::cancel::Cancel;
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

/// This many connection failures in a row: Coachview is unreachable, stop this flush.
const OFFLINE_STREAK: u32 = 3;
/// After this many POSTs in a row answered with a server error (not a gateway's 502/503/504),
/// an entry is held: Coachview fails on this enrolment itself, and retrying forever only spends
/// requests (about 96 a day at the longest backoff).
pub const MAX_SERVER_ERRORS: u32 = 5;

/// Why a flush stopped before it went through every due entry.
#[derive(Debug, Clone, PartialEq)]
pub enum StopReason {
    /// The planner cancelled the flush.
    Cancelled,
    /// 429: nothing more is sent before `reset_at`.
    RateLimited {
        /// When the daily limit resets.
        reset_at: DateTime<Utc>,
    },
    /// 401/403 or an answer we do not understand: the user must act.
    Held(HoldReason),
    /// Several connection failures in a row.
    Offline,
}

/// What one flush did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlushReport {
    /// Entries found in `Sending` from an interrupted process (now reconciled first).
    pub recovered: usize,
    /// Entries tried (posted, or looked up first).
    pub attempted: usize,
    /// Entries Coachview now has.
    pub sent: usize,
    /// Of `sent`: found by reference after an unclear failure, not posted again.
    pub reconciled: usize,
    /// Entries Coachview refused (400): the planner must fix fields.
    pub needs_fix: usize,
    /// Entries held until the planner acts (401/403, unknown answers).
    pub held: usize,
    /// Entries that failed for now and wait for a later try.
    pub retry_later: usize,
    /// Rows that cannot be read: shown as damaged, kept, never sent.
    pub damaged: usize,
    /// Why the flush stopped early; `None` when it went through every due entry.
    pub stopped: Option<StopReason>,
    /// Entries still open afterwards (not sent, not discarded).
    pub open: usize,
}

impl Outbox {
    /// Sends every due entry once, in order. Stops early on 429 (every waiting entry then
    /// waits for the reset), on 401/403, when Coachview looks unreachable, or when cancelled.
    pub async fn flush_due<T: Transport + Sync>(
        &self,
        transport: &T,
        now: DateTime<Utc>,
        cancel: &Cancel,
    ) -> Result<FlushReport, OutboxError> {
        let _lock = self.acquire_send_lock().await?;
        let mut report = FlushReport {
            recovered: self.recover_interrupted()?,
            ..FlushReport::default()
        };
        let mut offline_streak = 0;
        let clock = FlushTime::new(now, &self.clock);
        for id in self.due_ids(now)? {
            if cancel.is_cancelled() {
                report.stopped = Some(StopReason::Cancelled);
                break;
            }
            let outcome = self.deliver(id, transport, &clock, false).await?;
            if !matches!(outcome, Outcome::Skipped | Outcome::Damaged) {
                report.attempted += 1;
            }
            match outcome {
                Outcome::Skipped => {}
                Outcome::Damaged => report.damaged += 1,
                Outcome::HeldEntry => report.held += 1,
                Outcome::Sent { reconciled } => {
                    report.sent += 1;
                    report.reconciled += usize::from(reconciled);
                    offline_streak = 0;
                }
                Outcome::NeedsFix => {
                    report.needs_fix += 1;
                    offline_streak = 0;
                }
                Outcome::Held(reason) => {
                    report.held += 1;
                    report.stopped = Some(StopReason::Held(reason));
                    break;
                }
                Outcome::RateLimited(reset_at) => {
                    self.wait_all_for_reset(reset_at)?;
                    report.stopped = Some(StopReason::RateLimited { reset_at });
                    break;
                }
                Outcome::RetryLater { offline } => {
                    report.retry_later += 1;
                    offline_streak = if offline { offline_streak + 1 } else { 0 };
                    if offline_streak >= OFFLINE_STREAK {
                        report.stopped = Some(StopReason::Offline);
                        break;
                    }
                }
                Outcome::Cancelled => {
                    report.stopped = Some(StopReason::Cancelled);
                    break;
                }
            }
        }
        report.open = self.open_count()?;
        Ok(report)
    }

    /// "Send now" for one entry: ignores its backoff and a hold, not the rate-limit reset.
    /// Returns the entry afterwards (an entry needing a fix is returned unchanged).
    pub async fn send_now<T: Transport + Sync>(
        &self,
        id: EntryId,
        transport: &T,
        now: DateTime<Utc>,
    ) -> Result<Entry, OutboxError> {
        let _lock = self.acquire_send_lock().await?;
        self.recover_interrupted()?;
        if let Status::WaitingForReset { reset_at } = self.get(id)?.status
            && reset_at > now
        {
            return Err(OutboxError::RateLimitedUntil(reset_at));
        }
        let clock = FlushTime::new(now, &self.clock);
        if let Outcome::RateLimited(reset_at) = self.deliver(id, transport, &clock, true).await? {
            self.wait_all_for_reset(reset_at)?;
        }
        self.get(id)
    }

    /// Entries left in `Sending` by a process that died mid-POST: pending, maybe sent.
    /// Only called while holding the send lock, so no live sender owns them.
    fn recover_interrupted(&self) -> Result<usize, OutboxError> {
        let interrupted = serde_json::to_string(&Failure::Interrupted).unwrap_or_default();
        Ok(self.db().execute(
            "UPDATE entries SET status = 'pending', status_json = ?1, maybe_sent = 1,
                 last_error = ?2, next_try_at = NULL, maybe_sent_at = updated_at
             WHERE status = 'sending'",
            params![status_json(&Status::Pending), interrupted],
        )?)
    }

    fn due_ids(&self, now: DateTime<Utc>) -> Result<Vec<EntryId>, OutboxError> {
        let db = self.db();
        let mut stmt = db.prepare(
            "SELECT id FROM entries WHERE status IN ('pending', 'waiting_for_reset')
                 AND (next_try_at IS NULL OR next_try_at <= ?1) ORDER BY id",
        )?;
        let ids = stmt
            .query_map([time_text(now)], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids.into_iter().map(EntryId).collect())
    }

    fn wait_all_for_reset(&self, reset_at: DateTime<Utc>) -> Result<(), OutboxError> {
        let status = Status::WaitingForReset { reset_at };
        self.db().execute(
            "UPDATE entries SET status = 'waiting_for_reset', status_json = ?1, next_try_at = ?2
             WHERE status IN ('pending', 'waiting_for_reset')",
            params![status_json(&status), time_text(reset_at)],
        )?;
        Ok(())
    }

    /// One entry through the state machine.
    async fn deliver<T: Transport + Sync>(
        &self,
        id: EntryId,
        transport: &T,
        clock: &FlushTime,
        allow_held: bool,
    ) -> Result<Outcome, OutboxError> {
        let entry = match self.get(id) {
            Ok(entry) => entry,
            // A damaged row is left exactly as it is; the others go on.
            Err(OutboxError::Corrupt(problem)) => {
                tracing::warn!("outbox entry {id} is damaged and skipped: {problem}");
                return Ok(Outcome::Damaged);
            }
            Err(e) => return Err(e),
        };
        let now = clock.now();
        let sendable = match &entry.status {
            Status::Pending => true,
            Status::WaitingForReset { reset_at } => *reset_at <= now,
            Status::Held { .. } => allow_held,
            _ => false,
        };
        if !sendable {
            return Ok(Outcome::Skipped);
        }
        let from = entry.status.name();
        // "Send now" on an entry held as unconfirmed, or because the lookup cannot tell: the
        // planner checked Coachview.
        let checked_by_planner = allow_held
            && matches!(
                entry.status,
                Status::Held {
                    reason: HoldReason::Unconfirmed { .. } | HoldReason::CannotTell { .. }
                }
            );
        if entry.maybe_sent && !checked_by_planner {
            // A slow server may still be storing the earlier POST: look it up only a while after
            // the failure (also for "send now" and `flush --all`).
            let not_before = self.maybe_sent_at(&entry)? + Duration::seconds(LOOKUP_WAIT_SECS);
            if now < not_before {
                self.db().execute(
                    "UPDATE entries SET next_try_at = ?1
                     WHERE id = ?2 AND (next_try_at IS NULL OR next_try_at < ?1)",
                    params![time_text(not_before), id],
                )?;
                return Ok(Outcome::Skipped);
            }
            if let Some(outcome) = self.reconcile(&entry, from, transport, clock).await? {
                return Ok(outcome);
            }
        }
        // Claim: committed before the POST, so a crash from here on is recovered as maybe sent.
        let claimed = self.db().execute(
            "UPDATE entries SET status = 'sending', status_json = ?1, attempts = attempts + 1,
                 maybe_sent = 0, updated_at = ?2, first_attempt_at = coalesce(first_attempt_at, ?3)
             WHERE id = ?4 AND status = ?5",
            params![
                status_json(&Status::Sending),
                time_text(self.clock.now_utc()),
                time_text(self.clock.now_utc().min(now)),
                id,
                from
            ],
        )?;
        if claimed == 0 {
            return Ok(Outcome::Skipped);
        }
        let entry = self.get(id)?;
        match transport.post(&entry.body).await {
            Ok(created) => {
                self.mark_sent(id, &created, false, 0)?;
                Ok(Outcome::Sent { reconciled: false })
            }
            Err(e) => {
                self.record_failure(id, "sending", &e, Phase::Post, entry.attempts, clock.now())
            }
        }
    }

    pub(super) fn mark_sent(
        &self,
        id: EntryId,
        created: &Created,
        reconciled: bool,
        extra_attempts: u32,
    ) -> Result<(), OutboxError> {
        // Unconditional: Coachview has it, whatever happened to the entry meanwhile.
        let status = Status::Sent {
            nummer: created.nummer.clone(),
            reconciled,
        };
        // The webaanvraag's id is claimed by this entry, unless another entry already has it.
        self.db().execute(
            "UPDATE entries SET status = 'sent', status_json = ?1, maybe_sent = 0, next_try_at = NULL,
                 attempts = attempts + ?2, updated_at = ?3,
                 server_id = CASE WHEN EXISTS (SELECT 1 FROM entries e2
                                               WHERE e2.server_id = ?5 AND e2.id != ?4)
                             THEN NULL ELSE ?5 END
             WHERE id = ?4",
            params![
                status_json(&status),
                extra_attempts,
                time_text(self.clock.now_utc()),
                id,
                created.id
            ],
        )?;
        Ok(())
    }

    /// Classifies a failure, stores the new state and says what the flush should do next.
    pub(super) fn record_failure(
        &self,
        id: EntryId,
        from: &str,
        e: &ApiError,
        phase: Phase,
        attempts: u32,
        now: DateTime<Utc>,
    ) -> Result<Outcome, OutboxError> {
        let Classified {
            mut status,
            maybe_sent,
            mut next_try,
            mut outcome,
        } = classify(e, phase, attempts, now);
        // A POST that keeps getting a server error (its own, not a gateway's, nor the token
        // request's): held after a few in a row, never retried by itself.
        let server_error = match (&e.kind, phase) {
            (ApiErrorKind::Server { status }, Phase::Post)
                if !(502..=504).contains(status) && !e.path.starts_with("/auth/") =>
            {
                Some(*status)
            }
            _ => None,
        };
        if let Some(code) = server_error {
            // A damaged count reads as "many": held rather than retried for ever.
            let before: u32 = self.db().query_row(
                "SELECT server_errors FROM entries WHERE id = ?1",
                [id],
                |r| Ok(r.get(0).unwrap_or(MAX_SERVER_ERRORS)),
            )?;
            let tries = before.saturating_add(1);
            if tries >= MAX_SERVER_ERRORS {
                let reference = self.get(id).map(|e| e.reference).unwrap_or_default();
                let reason = HoldReason::ServerErrors {
                    status: code,
                    tries,
                    reference,
                    at: now,
                };
                status = Status::Held { reason };
                next_try = None;
                outcome = Outcome::HeldEntry;
            }
        }
        let failure = match phase {
            Phase::Post => Failure::from_api(e),
            Phase::Lookup => Failure::LookupFailed {
                inner: Box::new(Failure::from_api(e)),
            },
        };
        let changed = self.db().execute(
            "UPDATE entries SET status = ?1, status_json = ?2, maybe_sent = coalesce(?3, maybe_sent),
                 next_try_at = ?4, last_error = ?5, attempts = attempts + ?6, updated_at = ?7,
                 maybe_sent_at = CASE WHEN ?3 = 1 THEN ?7 ELSE maybe_sent_at END,
                 server_errors = CASE WHEN ?10 = 1 THEN server_errors + 1
                                      WHEN ?11 = 1 THEN 0 ELSE server_errors END
             WHERE id = ?8 AND status = ?9",
            params![
                status.name(),
                status_json(&status),
                maybe_sent,
                next_try.map(time_text),
                serde_json::to_string(&failure).unwrap_or_default(),
                u32::from(phase == Phase::Lookup),
                // The moment of the failure: the reconciling lookup counts its wait from here.
                time_text(now),
                id,
                from,
                u32::from(server_error.is_some()),
                u32::from(phase == Phase::Post)
            ],
        )?;
        Ok(if changed == 0 {
            Outcome::Skipped
        } else {
            outcome
        })
    }
}

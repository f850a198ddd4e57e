//! What a reconcile needs from the outbox file: when the unclear failure happened, what the
//! entry's enrolment must look like, and which webaanvragen other entries already claimed; plus
//! the flush's clock.

use super::identity::Expected;
use super::{Entry, EntryId, Outbox, OutboxError};
use chrono::{DateTime, Duration, Utc};

/// The flush's idea of "now": the time it was given plus the real time elapsed since, so a
/// failure is dated when it happened (not when the flush started) even in tests that pass a
/// time in the future.
pub(super) struct Clock {
    base: DateTime<Utc>,
    start: std::time::Instant,
}

impl Clock {
    pub(super) fn new(base: DateTime<Utc>) -> Clock {
        Clock {
            base,
            start: std::time::Instant::now(),
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.base + Duration::from_std(self.start.elapsed()).unwrap_or_default()
    }
}

impl Outbox {
    /// When the unclear failure happened (older files: the last change).
    pub(super) fn maybe_sent_at(&self, entry: &Entry) -> Result<DateTime<Utc>, OutboxError> {
        let at: Option<String> = self.db().query_row(
            "SELECT maybe_sent_at FROM entries WHERE id = ?1",
            [entry.id.0],
            |r| r.get(0),
        )?;
        Ok(at
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map_or(entry.updated_at, |t| t.with_timezone(&Utc)))
    }

    /// What a reconcile must see to accept a record as this entry's enrolment.
    pub(super) fn expected(&self, entry: &Entry) -> Result<Expected, OutboxError> {
        let first: Option<String> = self.db().query_row(
            "SELECT first_attempt_at FROM entries WHERE id = ?1",
            [entry.id.0],
            |r| r.get(0),
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
            .query_map([id.0], |r| r.get::<_, String>(0))?
            .filter_map(Result::ok)
            .collect();
        Ok(ids)
    }
}

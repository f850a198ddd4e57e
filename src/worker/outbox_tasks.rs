//! Worker jobs for enrolments: queue in the durable outbox first, then send; list, edit, discard,
//! flush.

use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::api::{ApiError, ApiErrorKind};
use crate::cancel::Cancel;
use crate::outbox::{Entry, EntryId, HoldReason, Outbox, Status};
use crate::resource::Resource;
use serde_json::Value;

/// What the UI asked of the outbox.
#[derive(Debug)]
pub(super) enum OutboxJob {
    Enrol {
        body: Value,
        reference: Option<String>,
    },
    List,
    SendNow(EntryId),
    Discard(EntryId),
    Update {
        id: EntryId,
        body: Value,
    },
    Flush,
}

/// A dialog for an entry that needs the user (401/403 hold, rate limit), as an API error would.
fn entry_message(events: &EventSender, req: RequestId, entry: &Entry) {
    let kind = match &entry.status {
        Status::Held {
            reason: HoldReason::Unauthorized,
        } => ApiErrorKind::Unauthorized,
        Status::Held {
            reason: HoldReason::Forbidden { scope_hint },
        } => ApiErrorKind::Forbidden {
            scope_hint: Some(
                scope_hint
                    .clone()
                    .unwrap_or_else(|| Resource::Webaanvragen.write_scope()),
            ),
        },
        Status::WaitingForReset { reset_at } => ApiErrorKind::RateLimited {
            reset_at: Some(*reset_at),
            limit: None,
        },
        _ => return,
    };
    let error = ApiError::new(kind, None, "POST", &Resource::Webaanvragen.path(), "");
    events.fail(req, error);
}

fn send_list(outbox: &Outbox, events: &EventSender, req: RequestId, key: String) {
    match outbox.list() {
        Ok(entries) => events.send(Event::OutboxEntries { req, entries, key }),
        Err(e) => events.fail(req, e),
    }
}

/// Runs one outbox job.
pub(super) async fn run(
    conn: &Connection,
    req: RequestId,
    job: OutboxJob,
    events: &EventSender,
    cancel: &Cancel,
) {
    let outbox = match conn.open_outbox() {
        Ok(outbox) => outbox,
        Err(e) => return events.fail(req, e),
    };
    let now = conn.clock().now_utc();
    match job {
        OutboxJob::Enrol { body, reference } => {
            // Durable first: the entry is on disk before anything goes over the network. The
            // same enrolment queued before is reused, never sent twice (`session::enrol`).
            let enrolled = match conn.enrol(&outbox, body, reference, false).await {
                Ok(enrolled) => enrolled,
                Err(e) => return events.fail(req, e),
            };
            if let Some(reused) = enrolled.queued.reused {
                events.send(Event::EnrolmentReused { req, reused });
            }
            match enrolled.sent {
                Ok(entry) => {
                    entry_message(events, req, &entry);
                    events.send(Event::Enrolled {
                        req,
                        entry: Box::new(entry),
                    });
                }
                Err(e) => events.fail(req, e),
            }
        }
        OutboxJob::List => {}
        OutboxJob::SendNow(id) => match conn.send_now(&outbox, id, now).await {
            Ok(entry) => entry_message(events, req, &entry),
            Err(e) => events.fail(req, e),
        },
        OutboxJob::Discard(id) => {
            if let Err(e) = outbox.discard(id) {
                events.fail(req, e);
            }
        }
        OutboxJob::Update { id, body } => {
            if let Err(e) = outbox.update_body(id, body) {
                events.fail(req, e);
            }
        }
        OutboxJob::Flush => {
            if let Err(e) = conn.flush_outbox(&outbox, now, cancel).await {
                events.fail(req, e);
            }
        }
    }
    send_list(&outbox, events, req, conn.key.clone());
}

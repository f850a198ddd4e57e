//! Worker jobs for enrolments: queue in the durable outbox first, then send; list, edit, discard,
//! flush; and the course list the wizard searches.

use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::api::probe::{EXTRA_FLAG, RELATIONS_FLAG};
use crate::api::{ApiError, ApiErrorKind, Query};
use crate::cancel::Cancel;
use crate::outbox::{Entry, EntryId, HoldReason, Outbox, Status};
use crate::resource::Resource;
use chrono::Utc;
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
    let outbox = match conn.folder().open_outbox() {
        Ok(outbox) => outbox,
        Err(e) => return events.fail(req, e),
    };
    let now = Utc::now();
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
        OutboxJob::SendNow(id) => match outbox.send_now(id, conn.client(), now).await {
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
            if let Err(e) = outbox.flush_due(conn.client(), now, cancel).await {
                events.fail(req, e);
            }
        }
    }
    send_list(&outbox, events, req, conn.key.clone());
}

/// Upcoming courses (not cancelled) and the course types, for the wizard's first step.
pub(super) async fn courses(
    conn: &Connection,
    req: RequestId,
    events: &EventSender,
    cancel: &Cancel,
) {
    let today = chrono::Local::now().date_naive();
    let mut opleidingen = Vec::new();
    let caps = conn.client().capabilities();
    let mut upcoming = Query::new().where_op(
        "startDatum",
        crate::api::Op::Ge,
        today.format("%d-%m-%Y").to_string(),
    );
    // Embedded relations only where the probe proved them honoured.
    if caps.direct_relations == Some(true) {
        upcoming = upcoming.flag(RELATIONS_FLAG, true);
    }
    // Start dates and free seats are computed fields: Coachview sends them only with this
    // (not sent where a 400 refused it).
    if caps.extra_fields != Some(false) {
        upcoming = upcoming.flag(EXTRA_FLAG, true);
    }
    match all_pages(conn.client(), Resource::Opleidingen, &upcoming, cancel).await {
        Ok(records) => {
            opleidingen.extend(records.into_iter().filter(|r| {
                r.get("opleidingStatusId").and_then(Value::as_str) != Some("Geannuleerd")
            }))
        }
        Err(e) => {
            return events.fail(req, e);
        }
    }
    let mut soorten = Query::new().where_eq("inactief", "false");
    if conn.client().capabilities().extra_fields != Some(false) {
        soorten = soorten.flag(EXTRA_FLAG, true);
    }
    let soorten =
        match all_pages(conn.client(), Resource::Opleidingssoorten, &soorten, cancel).await {
            Ok(records) => records,
            Err(e) => {
                return events.fail(req, e);
            }
        };
    events.send(Event::Courses {
        req,
        opleidingen,
        soorten,
    });
}

/// Pages through a small list (courses, course types) until a page shorter than the server's
/// page size (no `Count=true`: its body may be empty); never past a safe skip.
async fn all_pages(
    client: &crate::api::Client,
    resource: Resource,
    query: &Query,
    cancel: &Cancel,
) -> Result<Vec<Value>, ApiError> {
    const PAGE: u64 = 100;
    const SAFE_SKIP: u64 = 2_000;
    let mut out = Vec::new();
    let mut skip = 0;
    let mut query = query.clone();
    let known = client
        .capabilities()
        .page_size_for(resource, &query.flag_names());
    let mut size = crate::sync::PageSize::new(PAGE, known);
    loop {
        if cancel.is_cancelled() {
            return Err(ApiError::new(
                ApiErrorKind::Cancelled,
                None,
                "GET",
                &resource.path(),
                "",
            ));
        }
        let page = match client
            .list(resource, &query.clone().skip(skip).take(PAGE))
            .await
        {
            Ok(page) => page,
            // A flag refused (400): the same page once more without it, remembered.
            Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
                if query.has_flag(RELATIONS_FLAG) {
                    tracing::warn!("{resource}: {RELATIONS_FLAG} refused; asked without it");
                    query = query.without_flag(RELATIONS_FLAG);
                    client.update_capabilities(|c| c.direct_relations = Some(false));
                    continue;
                }
                if query.has_flag(EXTRA_FLAG) {
                    tracing::warn!("{resource}: {EXTRA_FLAG} refused; asked without it");
                    query = query.without_flag(EXTRA_FLAG);
                    client.update_capabilities(|c| c.extra_fields = Some(false));
                    continue;
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let n = page.records.len() as u64;
        out.extend(page.records);
        skip += n;
        let done = size.after_page(n, None) == crate::sync::cursor::PageEnd::Last;
        if done || skip > SAFE_SKIP {
            return Ok(out);
        }
    }
}

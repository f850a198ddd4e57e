//! Names for bare ids, fetched in batches and cached in the store.
//!
//! A filter on `id` (`where=id=a,b,c`) is not confirmed for Coachview, so the first batch is its
//! own probe: every record it returns must carry one of the asked ids (identity proven), else
//! the filter is not honoured on this connection and each id is fetched with
//! `GET <Resource>/{id}` instead (checked the same way). A refusal (400) mid-job switches to
//! the fallback too. Every request goes through the client, so it counts against the quota.

use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::api::decode::record_id;
use crate::api::{ApiError, ApiErrorKind, Query};
use crate::cancel::Cancel;
use crate::record::names::{NameState, NamesCause, NamesFailure, name_of};
use crate::resource::Resource;
use std::collections::HashSet;

/// At most this many ids are resolved per job (the visible rows first).
pub(super) const MAX_IDS: usize = 400;

/// How one batch went.
enum Batch {
    Names(Vec<(String, NameState)>),
    /// The filter was refused or ignored: fall back to one GET per id.
    NotHonoured,
}

async fn by_filter(
    conn: &Connection,
    resource: Resource,
    ids: &[String],
) -> Result<Batch, ApiError> {
    let query = Query::new().where_in("id", ids).take(ids.len() as u64);
    let page = match conn.client().list(resource, &query).await {
        Ok(page) => page,
        Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
            return Ok(Batch::NotHonoured);
        }
        Err(e) => return Err(e),
    };
    let asked: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let mut found = HashSet::new();
    for record in &page.records {
        let Some(id) = record_id(record).filter(|id| asked.contains(id.as_str())) else {
            // A record nobody asked for: the filter was ignored. Trust nothing from it.
            return Ok(Batch::NotHonoured);
        };
        if let Some(name) = name_of(resource, record) {
            found.insert(id.clone());
            out.push((id, NameState::Found(name)));
        }
    }
    out.extend(
        ids.iter()
            .filter(|id| !found.contains(id.as_str()))
            .map(|id| (id.clone(), NameState::Missing)),
    );
    Ok(Batch::Names(out))
}

async fn by_get(conn: &Connection, resource: Resource, id: &str) -> Result<NameState, ApiError> {
    match conn.client().get(resource, id).await {
        Ok(record) if record_id(&record).as_deref() == Some(id) => Ok(name_of(resource, &record)
            .map(NameState::Found)
            .unwrap_or(NameState::Missing)),
        Ok(_) => Ok(NameState::Missing),
        Err(e) => match e.kind {
            ApiErrorKind::Forbidden { .. } => Ok(NameState::Forbidden),
            ApiErrorKind::Unexpected { status: 404 } | ApiErrorKind::BadRequest { .. } => {
                Ok(NameState::Missing)
            }
            _ => Err(e),
        },
    }
}

/// Resolves the names of `ids` of one resource; what was learnt is returned even when a later
/// request fails (the error comes second).
async fn resolve(
    conn: &Connection,
    resource: Resource,
    ids: &[String],
    cancel: &Cancel,
) -> (Vec<(String, NameState)>, Option<ApiError>) {
    let mut out = Vec::new();
    let mut honoured = true;
    let batches = crate::sync::related::batches(conn.client(), resource, "id", ids);
    let mut rest: Vec<String> = Vec::new();
    for batch in batches {
        if cancel.is_cancelled() {
            return (out, None);
        }
        if !honoured {
            rest.extend(batch);
            continue;
        }
        match by_filter(conn, resource, &batch).await {
            Ok(Batch::Names(names)) => out.extend(names),
            Ok(Batch::NotHonoured) => {
                tracing::info!("{resource}: a filter on id is not honoured here; one GET per id");
                honoured = false;
                rest.extend(batch);
            }
            Err(e) if matches!(e.kind, ApiErrorKind::Forbidden { .. }) => {
                out.extend(ids.iter().map(|id| (id.clone(), NameState::Forbidden)));
                return (out, None);
            }
            Err(e) => return (out, Some(e)),
        }
    }
    for id in rest {
        if cancel.is_cancelled() {
            break;
        }
        match by_get(conn, resource, &id).await {
            Ok(NameState::Forbidden) => {
                // No scope for this resource: the other ids would be refused alike.
                let answered: HashSet<String> = out.iter().map(|(o, _)| o.clone()).collect();
                out.extend(
                    ids.iter()
                        .filter(|i| !answered.contains(*i))
                        .map(|i| (i.clone(), NameState::Forbidden)),
                );
                break;
            }
            Ok(state) => out.push((id, state)),
            Err(e) => return (out, Some(e)),
        }
    }
    (out, None)
}

/// Resolves the names of `targets` (ids per resource), caches them in the connection's store
/// and sends them back (the table shows them in place). A failure stops the job: the ids left
/// unanswered go back with the cause, so the browser can ask them again later.
pub(super) async fn run(
    conn: &Connection,
    req: RequestId,
    targets: Vec<(Resource, Vec<String>)>,
    events: &EventSender,
    cancel: &Cancel,
) {
    let mut learnt = 0;
    let mut failed: Option<NamesFailure> = None;
    let mut all = Vec::new();
    for (resource, ids) in targets {
        let mut unique: Vec<String> = Vec::new();
        for id in ids {
            if !id.is_empty() && !unique.contains(&id) && unique.len() < MAX_IDS {
                unique.push(id);
            }
        }
        if let Some(f) = failed.as_mut() {
            // An earlier resource failed: these were not asked.
            f.ids.extend(unique.into_iter().map(|id| (resource, id)));
            continue;
        }
        let (names, error) = resolve(conn, resource, &unique, cancel).await;
        learnt += names.len();
        // Cancelled part-way: the ids not answered go back untried (not as a failure).
        let error = error.or_else(|| {
            let answered: HashSet<&str> = names.iter().map(|(id, _)| id.as_str()).collect();
            (cancel.is_cancelled() && unique.iter().any(|id| !answered.contains(id.as_str())))
                .then(|| crate::api::ApiError::new(ApiErrorKind::Cancelled, None, "GET", "", ""))
        });
        if let Some(e) = error {
            tracing::warn!("names of {resource} not resolved: {e}");
            let answered: HashSet<&str> = names.iter().map(|(id, _)| id.as_str()).collect();
            let ids = unique
                .iter()
                .filter(|id| !answered.contains(id.as_str()))
                .map(|id| (resource, id.clone()))
                .collect();
            failed = Some(NamesFailure {
                cause: NamesCause::of(&e.kind),
                ids,
            });
        }
        if !names.is_empty() {
            let folder = conn.folder().clone();
            let cached = names.clone();
            let saved = tokio::task::spawn_blocking(move || {
                Ok::<_, crate::error::WorkerError>(
                    folder.open_store()?.put_names(resource, &cached)?,
                )
            })
            .await;
            if let Err(e) = saved
                .map_err(crate::error::WorkerError::task)
                .and_then(|r| r)
            {
                tracing::warn!("names not cached: {e}");
            }
            all.push((resource, names));
        }
        events.send(conn.rate_event());
    }
    events.send(Event::NamesResolved {
        req,
        learnt,
        names: all,
        failed,
    });
}

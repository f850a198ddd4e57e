//! Names for bare ids, fetched in batches (`Session::resolve_names`) and cached in the store.
//! Every request goes through the client, so it counts against the quota.

use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::api::ApiErrorKind;
use crate::cancel::Cancel;
use crate::record::names::{NamesCause, NamesFailure};
use crate::resource::Resource;
use std::collections::HashSet;

/// At most this many ids are resolved per job (the visible rows first).
pub(super) const MAX_IDS: usize = 400;

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
    let mut failed: Option<NamesFailure> = None;
    let mut all = Vec::new();
    let mut untried: Vec<(Resource, String)> = Vec::new();
    let caps_before = conn.client().capabilities();
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
        let resolved = conn.resolve_names(resource, &unique, cancel).await;
        let (names, error) = (resolved.names, resolved.error);
        // Past the single-GET budget: these go back untried (not a failure), asked again once
        // in view; the other resources are still asked.
        untried.extend(resolved.untried.into_iter().map(|id| (resource, id)));
        // Cancelled part-way: the ids not answered go back untried (not as a failure).
        let error = error.or_else(|| {
            let answered: HashSet<&str> = names.iter().map(|(id, _)| id.as_str()).collect();
            let left = unique.iter().any(|id| {
                !answered.contains(id.as_str()) && !untried.contains(&(resource, id.clone()))
            });
            (cancel.is_cancelled() && left)
                .then(|| crate::api::ApiError::new(ApiErrorKind::Cancelled, None, "GET", "", ""))
        });
        if let Some(e) = error {
            tracing::warn!("names of {resource} not resolved: {e}");
            let answered: HashSet<&str> = names.iter().map(|(id, _)| id.as_str()).collect();
            let ids = unique
                .iter()
                .filter(|id| !answered.contains(id.as_str()))
                .map(|id| (resource, id.clone()))
                .filter(|key| !untried.contains(key))
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
    if !untried.is_empty() {
        match failed.as_mut() {
            Some(f) => f.ids.extend(untried),
            None => {
                failed = Some(NamesFailure {
                    cause: NamesCause::Cancelled,
                    ids: untried,
                });
            }
        }
    }
    if conn.client().capabilities() != caps_before {
        // What was learnt (an id filter not honoured, a page size) is kept for later jobs.
        conn.save_tenant_async().await;
    }
    events.send(Event::NamesResolved {
        req,
        names: all,
        failed,
    });
}

//! Resolving bare ids to names, per resource, for a connection ([`Session::resolve_names`]: no
//! store, no events; the caller caches and reports).
//!
//! A filter on `id` (`where=id=a,b,c`) is not confirmed for Coachview, so the first batch of a
//! resource is its own probe: every record it returns must carry one of the asked ids (identity
//! proven), else the filter is not honoured. What a batch proved is kept in the connection's
//! capabilities (`id_filter`, per resource), so later jobs do not test it again. Batches are
//! paged under the resource's own page size (a server that caps pages below the batch does not
//! turn the ids past the cap into "missing"). Where the filter is not honoured, ids are fetched
//! one `GET <Resource>/{id}` each, at most [`MAX_GETS`] per job (the visible rows first; the rest
//! go back untried and are asked again once in view). A resource that does not exist on the
//! tenant (404) makes its ids missing and does not fail the other resources.

use crate::api::capabilities::page_key;
use crate::api::decode::record_id;
use crate::api::{ApiError, ApiErrorKind, Client, Query};
use crate::cancel::Cancel;
use crate::record::names::{NameState, name_of};
use crate::resource::Resource;
use crate::sync::PageSize;
use crate::sync::cursor::PageEnd;
use std::collections::HashSet;

mod export;
pub use export::NamesForExport;
pub(crate) use export::cached_names;

/// At most this many single GETs per job and resource where the id filter is not honoured.
pub(crate) const MAX_GETS: usize = 20;

/// How one batch went.
enum Batch {
    Names(Vec<(String, NameState)>),
    /// The filter was refused or ignored: fall back to one GET per id.
    NotHonoured,
}

/// What resolving one resource's ids gave.
#[derive(Debug, Default)]
pub struct Resolved {
    /// The names learnt.
    pub names: Vec<(String, NameState)>,
    /// The failure that stopped it, if any (what was learnt before stays in `names`).
    pub error: Option<ApiError>,
    /// Ids not asked in this job (the single-GET budget was spent): asked again later.
    pub untried: Vec<String>,
}

fn not_found(e: &ApiError) -> bool {
    e.kind == ApiErrorKind::Unexpected { status: 404 }
}

async fn by_filter(client: &Client, resource: Resource, ids: &[String]) -> Result<Batch, ApiError> {
    let asked: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let take = ids.len() as u64;
    let mut size = PageSize::new(take, client.capabilities().page_size_for(resource, &[]));
    let mut skip = 0;
    let mut out = Vec::new();
    let mut found = HashSet::new();
    let mut seen = HashSet::new();
    loop {
        let query = Query::new().where_in("id", ids).skip(skip).take(take);
        let page = match client.list(resource, &query).await {
            Ok(page) => page,
            Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
                return Ok(Batch::NotHonoured);
            }
            Err(e) => return Err(e),
        };
        let n = page.records.len() as u64;
        let mut fresh = false;
        for record in &page.records {
            let Some(id) = record_id(record).filter(|id| asked.contains(id.as_str())) else {
                // A record nobody asked for: the filter was ignored. Trust nothing from it.
                return Ok(Batch::NotHonoured);
            };
            fresh |= seen.insert(id.clone());
            if let Some(name) = name_of(resource, record) {
                found.insert(id.clone());
                out.push((id, NameState::Found(name)));
            }
        }
        skip += n;
        // All asked ids answered, a page of nothing new, or the last page: done.
        let all = seen.len() >= ids.len();
        let end = size.after_page(n, None);
        if all || !fresh || end == PageEnd::Last || skip >= take {
            break;
        }
    }
    if let Some(known) = size.known() {
        let key = page_key(resource, &[]);
        client.update_capabilities(|c| {
            c.page_sizes.insert(key, known);
        });
    }
    out.extend(
        ids.iter()
            .filter(|id| !found.contains(id.as_str()))
            .map(|id| (id.clone(), NameState::Missing)),
    );
    Ok(Batch::Names(out))
}

async fn by_get(client: &Client, resource: Resource, id: &str) -> Result<NameState, ApiError> {
    match client.get(resource, id).await {
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

impl super::Session {
    /// Resolves the names of `ids` of one resource (batched `where=id=a,b,c` where the tenant
    /// honours it, else a bounded number of single GETs); what a batch proved is kept in the
    /// connection's capabilities.
    pub async fn resolve_names(
        &self,
        resource: Resource,
        ids: &[String],
        cancel: &Cancel,
    ) -> Resolved {
        resolve(self.client(), resource, ids, cancel).await
    }
}

/// Resolves the names of `ids` of one resource.
async fn resolve(client: &Client, resource: Resource, ids: &[String], cancel: &Cancel) -> Resolved {
    let mut r = Resolved::default();
    let known = client
        .capabilities()
        .id_filter
        .get(resource.name())
        .copied();
    let mut honoured = known != Some(false);
    let batches = crate::sync::related::batches(client, resource, "id", ids);
    let mut rest: Vec<String> = Vec::new();
    for batch in batches {
        if cancel.is_cancelled() {
            return r;
        }
        if !honoured {
            rest.extend(batch);
            continue;
        }
        match by_filter(client, resource, &batch).await {
            Ok(Batch::Names(names)) => {
                if known.is_none() && names.iter().any(|(_, s)| *s != NameState::Missing) {
                    // Proven: records carrying the asked ids, and no other.
                    client.update_capabilities(|c| {
                        c.id_filter.insert(resource.name().into(), true);
                    });
                }
                r.names.extend(names);
            }
            Ok(Batch::NotHonoured) => {
                tracing::info!("{resource}: a filter on id is not honoured here (remembered)");
                client.update_capabilities(|c| {
                    c.id_filter.insert(resource.name().into(), false);
                });
                honoured = false;
                rest.extend(batch);
            }
            Err(e) if matches!(e.kind, ApiErrorKind::Forbidden { .. }) => {
                r.names
                    .extend(ids.iter().map(|id| (id.clone(), NameState::Forbidden)));
                return r;
            }
            Err(e) if not_found(&e) => {
                // The resource does not exist on this tenant: its ids have no name here.
                tracing::info!("{resource}: not found on this tenant (404)");
                r.names
                    .extend(ids.iter().map(|id| (id.clone(), NameState::Missing)));
                return r;
            }
            Err(e) => {
                r.error = Some(e);
                return r;
            }
        }
    }
    let mut gets = 0;
    for id in rest {
        if cancel.is_cancelled() {
            break;
        }
        if gets >= MAX_GETS {
            r.untried.push(id);
            continue;
        }
        gets += 1;
        match by_get(client, resource, &id).await {
            Ok(NameState::Forbidden) => {
                // No scope for this resource: the other ids would be refused alike.
                let answered: HashSet<String> = r.names.iter().map(|(o, _)| o.clone()).collect();
                r.names.extend(
                    ids.iter()
                        .filter(|i| !answered.contains(*i))
                        .map(|i| (i.clone(), NameState::Forbidden)),
                );
                r.untried.clear();
                break;
            }
            Ok(state) => r.names.push((id, state)),
            Err(e) => {
                r.error = Some(e);
                return r;
            }
        }
    }
    r
}

#[cfg(test)]
mod tests;

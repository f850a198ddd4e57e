//! Names for an export ([`Session::names_for_export`]): what the connection's names cache knows,
//! then one batched lookup per resource (`where=id=a,b,c`, [`Session::resolve_names`]) for the
//! rest, cached for the next time. The app's export of table rows and `coachdesk sync --export`
//! both come through here; `coachdesk export` (no connection) uses the cache alone.

use crate::cancel::Cancel;
use crate::error::WorkerError;
use crate::record::names::{ExportNames, NameState};
use crate::resource::Resource;
use std::collections::{BTreeMap, HashMap};

/// What the names of an export came to.
#[derive(Debug, Default)]
pub struct NamesForExport {
    /// The names known now, by resource and id.
    pub found: ExportNames,
    /// Ids left without a name: Coachview could not be asked (offline, the daily limit, a
    /// failure); the export writes their ids.
    pub without: usize,
    /// Requests the lookups sent.
    pub requests: u64,
}

/// The wanted ids per resource, each once, in a stable order.
fn by_resource(wanted: &[(Resource, String)]) -> BTreeMap<&'static str, (Resource, Vec<String>)> {
    let mut out: BTreeMap<&'static str, (Resource, Vec<String>)> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for (resource, id) in wanted {
        if !id.is_empty() && seen.insert((*resource, id.as_str())) {
            out.entry(resource.name())
                .or_insert_with(|| (*resource, Vec::new()))
                .1
                .push(id.clone());
        }
    }
    out
}

/// The cached names of `resources` in the store of `folder` (none when nothing is stored).
/// Blocking.
pub(crate) fn cached_names(
    folder: &crate::session::Folder,
    resources: &[Resource],
) -> Result<ExportNames, WorkerError> {
    let mut found = ExportNames::new();
    let Some(store) = folder.open_existing_store()? else {
        return Ok(found);
    };
    for resource in resources {
        for (id, state) in store.names(*resource)? {
            found.insert((*resource, id), state);
        }
    }
    Ok(found)
}

impl super::super::Session {
    /// The names of `wanted` (ids by resource): the cache first, then batched lookups for the
    /// rest, which are cached. `progress(done, total)` counts the resources looked up. A failed
    /// lookup stops the lookups (what it learnt stays) and leaves its ids `without` a name.
    pub async fn names_for_export(
        &self,
        wanted: &[(Resource, String)],
        progress: &mut (dyn FnMut(usize, usize) + Send),
        cancel: &Cancel,
    ) -> Result<NamesForExport, WorkerError> {
        let groups = by_resource(wanted);
        let resources: Vec<Resource> = groups.values().map(|(r, _)| *r).collect();
        let folder = self.folder().clone();
        let mut found = tokio::task::spawn_blocking(move || cached_names(&folder, &resources))
            .await
            .map_err(WorkerError::task)??;
        let requests_before = self.client().requests_sent();
        let mut without = 0;
        let mut failed = false;
        let total = groups.len();
        for (done, (resource, ids)) in groups.into_values().enumerate() {
            progress(done, total);
            let left: Vec<String> = ids
                .into_iter()
                .filter(|id| !found.contains_key(&(resource, id.clone())))
                .collect();
            if left.is_empty() {
                continue;
            }
            if failed || cancel.is_cancelled() {
                without += left.len();
                continue;
            }
            let resolved = self.resolve_names(resource, &left, cancel).await;
            if let Some(e) = &resolved.error {
                tracing::warn!("names of {resource} for the export not looked up: {e}");
                failed = true;
            }
            let learnt: HashMap<&str, &NameState> = resolved
                .names
                .iter()
                .map(|(id, state)| (id.as_str(), state))
                .collect();
            without += left
                .iter()
                .filter(|id| !learnt.contains_key(id.as_str()))
                .count();
            if !resolved.names.is_empty() {
                let folder = self.folder().clone();
                let names = resolved.names.clone();
                tokio::task::spawn_blocking(move || -> Result<(), WorkerError> {
                    folder.open_store()?.put_names(resource, &names)?;
                    Ok(())
                })
                .await
                .map_err(WorkerError::task)??;
            }
            for (id, state) in resolved.names {
                found.insert((resource, id), state);
            }
        }
        progress(total, total);
        Ok(NamesForExport {
            found,
            without,
            requests: self.client().requests_sent() - requests_before,
        })
    }
}

//! Rows of a fetch as the browser shows them while they arrive: each annotated with what changed
//! since the version stored before it (or marked new) and the names known (embedded with the
//! rows, else cached in the store), language-free, exactly as a load of the stored rows would
//! annotate them; so the table takes them in place and needs no reload of the whole range.

use super::browse_tasks::{KnownNames, known_names};
use crate::record::names::NameState;
use crate::resource::Resource;
use crate::session::Folder;
use crate::store::Store;
use serde_json::Value;

/// A read connection to the record store for the fetch's rows (the fetch writes through its own).
pub(super) struct Annotator {
    resource: Resource,
    /// Behind a lock only so the progress callback may be shared; one caller at a time.
    store: Option<std::sync::Mutex<Store>>,
    names: KnownNames,
}

impl Annotator {
    /// Opens the store a second time; without it rows go out as they came (names still known
    /// from the rows themselves).
    pub(super) fn open(folder: &Folder, resource: Resource) -> Annotator {
        let store = folder
            .open_store()
            .map_err(|e| tracing::warn!("fetched rows go without their change summary: {e}"))
            .ok();
        let names = store
            .as_ref()
            .and_then(|s| known_names(s).ok())
            .unwrap_or_default();
        let store = store.map(std::sync::Mutex::new);
        Annotator {
            resource,
            store,
            names,
        }
    }

    /// Annotates `records` (a batch just handed to the store); `embedded` are the names that
    /// came with them.
    pub(super) fn annotate(
        &self,
        records: &mut [Value],
        embedded: &[(Resource, String, NameState)],
    ) {
        let came: std::collections::HashMap<(Resource, &str), &NameState> = embedded
            .iter()
            .map(|(r, id, state)| ((*r, id.as_str()), state))
            .collect();
        let lookup = |r: Resource, id: &str| match came.get(&(r, id)) {
            Some(state) => Some((*state).clone()),
            None => self.names.get(&r)?.get(id).cloned(),
        };
        let store = self.store.as_ref().and_then(|s| s.lock().ok());
        for record in records {
            if let Some(store) = &store {
                let id = crate::api::decode::record_id(record);
                let previous = id.and_then(|id| {
                    let at = crate::api::decode::changed_at(record);
                    let etag = crate::api::decode::etag(record);
                    store
                        .previous_of(self.resource, &id, at, etag)
                        .ok()
                        .flatten()
                });
                let previous = previous.and_then(|p| serde_json::from_str::<Value>(&p).ok());
                crate::record::changes::annotate(record, previous.as_ref());
            }
            crate::record::names::annotate_names(record, &lookup);
        }
    }
}

//! The change browser's offline jobs: stored records with their change summary, and the earlier
//! versions of one record. Both read the connection's store only (no network).

use super::{Event, EventSender, RequestId};
use crate::error::WorkerError;
use crate::resource::Resource;
use crate::store::Store;
use std::path::PathBuf;

fn open(dir: &std::path::Path) -> Result<Store, WorkerError> {
    crate::session::Folder::at(dir).open_store()
}

/// Sends what the store in `dir` holds for `resource` as JSON text, each record annotated with
/// what changed since its previous version (or marked new), worded in `lang`. One record is
/// parsed at a time.
pub(super) async fn load_stored(
    dir: PathBuf,
    req: RequestId,
    resource: Resource,
    lang: crate::i18n::Lang,
    events: &EventSender,
) {
    let result = tokio::task::spawn_blocking(move || {
        let store = open(&dir)?;
        let mut names = std::collections::HashMap::new();
        for (_, target) in crate::record::names::ID_FIELDS {
            if !names.contains_key(target) {
                names.insert(*target, store.names(*target)?);
            }
        }
        let lookup = |resource: Resource, id: &str| names.get(&resource)?.get(id).cloned();
        let mut texts = Vec::new();
        let mut bad = None;
        store.for_each_with_previous(resource, None, None, &mut |json, previous| {
            match serde_json::from_str::<serde_json::Value>(&json) {
                Ok(mut record) => {
                    let previous = previous.and_then(|p| serde_json::from_str(&p).ok());
                    crate::record::changes::annotate(lang, &mut record, previous.as_ref());
                    crate::record::names::annotate_names(lang, &mut record, &lookup);
                    texts.push(record.to_string());
                }
                Err(e) => bad = Some(e.to_string()),
            }
        })?;
        if let Some(e) = bad {
            tracing::warn!("a stored {resource} record is not valid JSON: {e}");
        }
        texts.shrink_to_fit();
        let as_of = store.last_sync(resource)?;
        Ok::<_, WorkerError>((texts, as_of))
    })
    .await;
    match result {
        Ok(Ok((texts, as_of))) => events.send(Event::StoredJson {
            req,
            resource,
            texts,
            as_of,
        }),
        Ok(Err(e)) => events.fail(req, e),
        Err(e) => events.fail(req, e),
    }
}

/// Sends the earlier versions of record `id`, newest first.
pub(super) async fn versions(
    dir: PathBuf,
    req: RequestId,
    resource: Resource,
    id: String,
    events: &EventSender,
) {
    let key = id.clone();
    let result = tokio::task::spawn_blocking(move || {
        Ok::<_, WorkerError>(open(&dir)?.versions(resource, &key)?)
    })
    .await;
    match result {
        Ok(Ok(versions)) => events.send(Event::Versions { req, id, versions }),
        Ok(Err(e)) => events.fail(req, e),
        Err(e) => events.fail(req, e),
    }
}

//! The change browser's jobs: stored records with their change summary and the earlier versions of
//! one record (the connection's store only, no network), and the related records of the detail
//! pane (asked from Coachview).

use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::cancel::Cancel;
use crate::error::WorkerError;
use crate::record::names::NameState;
use crate::resource::Resource;
use crate::session::Folder;
use crate::store::Store;
use chrono::{NaiveDate, NaiveTime};
use std::collections::HashMap;

/// What the browser asks of the store: a resource, and the days it shows.
pub(super) struct StoredAsk {
    /// The data folder of the connection shown.
    pub folder: Folder,
    /// The resource shown.
    pub resource: Resource,
    /// Days shown (inclusive, local); `None`: everything stored.
    pub days: Option<(NaiveDate, NaiveDate)>,
}

/// Rows in the first page: small, so the first rows are in the table at once.
const FIRST_PAGE: usize = 500;
/// Rows in each later page.
const PAGE: usize = 20_000;

/// The names the store knows, per target resource (language-free).
pub(super) type KnownNames = HashMap<Resource, HashMap<String, NameState>>;

/// Every name the store knows for the resources id fields point at.
pub(super) fn known_names(store: &Store) -> Result<KnownNames, WorkerError> {
    let mut names = HashMap::new();
    for (_, target) in crate::record::names::ID_FIELDS {
        if !names.contains_key(target) {
            names.insert(*target, store.names(*target)?);
        }
    }
    Ok(names)
}

/// Sends, in pages, what the store in `dir` holds for `resource` changed within the days asked
/// (read through the index on the change time), each record as JSON text annotated with what
/// changed since its previous version (or marked new) and the names known: typed, never worded
/// (the table words it when drawn). The stored records outside those days are only counted. One
/// record is parsed at a time; a cancelled load stops after the page in hand.
pub(super) async fn load_stored(
    ask: StoredAsk,
    req: RequestId,
    events: &EventSender,
    cancel: Cancel,
) {
    let sender = events.clone();
    let result =
        tokio::task::spawn_blocking(move || stored_pages(ask, req, &sender, &cancel)).await;
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => events.fail(req, e),
        Err(e) => events.fail(req, e),
    }
}

fn stored_pages(
    ask: StoredAsk,
    req: RequestId,
    events: &EventSender,
    cancel: &Cancel,
) -> Result<(), WorkerError> {
    let started = crate::clock::Clock::system().instant();
    let StoredAsk {
        folder,
        resource,
        days,
    } = ask;
    let store = folder.open_store()?;
    let names = known_names(&store)?;
    let lookup = |resource: Resource, id: &str| names.get(&resource)?.get(id).cloned();
    let bounds = days.map(|(from, to)| {
        let end = to.succ_opt().unwrap_or(to);
        (from.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN))
    });
    let as_of = store.last_sync(resource)?;
    let all = store.count(resource)?;
    let within = match bounds {
        Some((from, to)) => store.count_between(resource, from, to)?,
        None => all,
    };
    let outside = all.saturating_sub(within);
    // At most two pages on their way: the table takes them as fast as it can, no faster.
    let pages = crate::worker::pages::Pages::default();
    let stop = || cancel.is_cancelled();
    let page = |texts: Vec<String>, done: bool| {
        let ticket = pages.ticket(&stop)?;
        Some(Event::StoredJson {
            req,
            resource,
            texts,
            as_of,
            outside,
            within,
            done,
            ticket,
        })
    };
    let mut texts = Vec::new();
    let mut sent = 0;
    let mut bad = None;
    let (from, to) = bounds.unzip();
    store.for_each_with_previous(resource, from, to, &mut |json, previous| {
        if cancel.is_cancelled() {
            return;
        }
        match serde_json::from_str::<serde_json::Value>(&json) {
            Ok(mut record) => {
                let previous = previous.and_then(|p| serde_json::from_str(&p).ok());
                crate::record::changes::annotate(&mut record, previous.as_ref());
                crate::record::names::annotate_names(&mut record, &lookup);
                texts.push(record.to_string());
            }
            Err(e) => bad = Some(e.to_string()),
        }
        let limit = if sent == 0 { FIRST_PAGE } else { PAGE };
        if texts.len() >= limit {
            if sent == 0 {
                tracing::info!(
                    "stored {resource}: first {} rows read in {} ms",
                    texts.len(),
                    crate::clock::Clock::system().since(started).as_millis()
                );
            }
            sent += texts.len();
            if let Some(page) = page(std::mem::take(&mut texts), false) {
                events.send(page);
            }
        }
    })?;
    if let Some(e) = bad {
        tracing::warn!("a stored {resource} record is not valid JSON: {e}");
    }
    if cancel.is_cancelled() {
        // Only a load no longer waited for is cancelled: nothing more to say.
        return Ok(());
    }
    sent += texts.len();
    match page(texts, true) {
        Some(page) => events.send(page),
        None => return Ok(()),
    }
    tracing::info!(
        "stored {resource}: {sent} rows in range, {outside} outside, read in {} ms",
        crate::clock::Clock::system().since(started).as_millis()
    );
    Ok(())
}

/// Sends the earlier versions of record `id`, newest first.
pub(super) async fn versions(
    folder: Folder,
    req: RequestId,
    resource: Resource,
    id: String,
    events: &EventSender,
) {
    let key = id.clone();
    let result = tokio::task::spawn_blocking(move || {
        Ok::<_, WorkerError>(folder.open_store()?.versions(resource, &key)?)
    })
    .await;
    match result {
        Ok(Ok(versions)) => events.send(Event::Versions { req, id, versions }),
        Ok(Err(e)) => events.fail(req, e),
        Err(e) => events.fail(req, e),
    }
}

/// The records of `resource` whose `field` is one of `ids`.
pub(super) async fn related(
    conn: &Connection,
    req: RequestId,
    resource: Resource,
    field: String,
    ids: Vec<String>,
    events: &EventSender,
    cancel: &Cancel,
) {
    match conn.related(resource, &field, &ids, cancel).await {
        Ok(records) => events.send(Event::Related {
            req,
            resource,
            records,
        }),
        Err(e) => events.fail(req, e),
    }
}

//! Related records for many ids at once: `where=field=id1,id2,…` in batches whose URL stays
//! under 2,000 characters, paged with small skips. No `Count=true` on these pages: a batch ends
//! on a page shorter than the server's learned page size.

use super::cursor::{PageEnd, PageSize};
use crate::api::decode::record_id;
use crate::api::query::CHANGED_ORDER_FIELD;
use crate::api::{ApiError, ApiErrorKind, Client, Dir, Query};
use crate::cancel::Cancel;
use crate::resource::Resource;
use serde_json::Value;
use std::collections::HashSet;

/// URLs stay below this many characters.
pub const MAX_URL_CHARS: usize = 2_000;

/// Page size asked for related records.
const PAGE: u64 = 100;

/// The highest skip used inside one batch; a batch with more rows is split in two.
const SAFE_SKIP: u64 = 2_000;

fn batch_query(field: &str, ids: &[String], skip: u64) -> Query {
    Query::new()
        .where_in(field, ids)
        .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
        .skip(skip)
        .take(PAGE)
}

/// Splits `ids` into batches whose longest request URL fits in [`MAX_URL_CHARS`].
pub fn batches(
    client: &Client,
    resource: Resource,
    field: &str,
    ids: &[String],
) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for id in ids {
        cur.push(id.clone());
        let len = client
            .list_url(resource, &batch_query(field, &cur, SAFE_SKIP))
            .len();
        if len >= MAX_URL_CHARS && cur.len() > 1 {
            let last = cur.pop().unwrap_or_default();
            out.push(std::mem::take(&mut cur));
            cur.push(last);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Fetches the records of `resource` whose `field` is one of `ids` (deduplicated by id).
pub async fn related(
    client: &Client,
    resource: Resource,
    field: &str,
    ids: &[String],
    cancel: &Cancel,
) -> Result<Vec<Value>, ApiError> {
    let mut unique: Vec<String> = Vec::new();
    let mut known = HashSet::new();
    for id in ids {
        if !id.is_empty() && known.insert(id.as_str()) {
            unique.push(id.clone());
        }
    }
    let mut todo: Vec<Vec<String>> = batches(client, resource, field, &unique);
    todo.reverse();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut learned = client.capabilities().page_size_for(resource, &[]);
    while let Some(batch) = todo.pop() {
        let mut skip = 0;
        let mut rows = Vec::new();
        let mut split = false;
        let mut size = PageSize::new(PAGE, learned);
        loop {
            if cancel.is_cancelled() {
                let path = client.list_url(resource, &batch_query(field, &batch, skip));
                return Err(ApiError::new(
                    ApiErrorKind::Cancelled,
                    None,
                    "GET",
                    &path,
                    "",
                ));
            }
            let page = client
                .list(resource, &batch_query(field, &batch, skip))
                .await?;
            let n = page.records.len() as u64;
            rows.extend(page.records);
            skip += n;
            let end = size.after_page(n, None);
            learned = size.known().or(learned);
            if end == PageEnd::Last {
                break;
            }
            if skip > SAFE_SKIP && batch.len() > 1 {
                split = true;
                break;
            }
            if skip > SAFE_SKIP {
                let path = client.list_url(resource, &batch_query(field, &batch, skip));
                let kind = ApiErrorKind::Decode {
                    path: "RowCount".into(),
                    snippet: format!("more than {SAFE_SKIP} related records for one id"),
                };
                return Err(ApiError::new(kind, None, "GET", &path, ""));
            }
        }
        if split {
            let (a, b) = batch.split_at(batch.len() / 2);
            todo.push(b.to_vec());
            todo.push(a.to_vec());
            continue;
        }
        for r in rows {
            let fresh = record_id(&r).is_none_or(|id| seen.insert(id));
            if fresh {
                out.push(r);
            }
        }
    }
    Ok(out)
}

//! `Client::list_raw`: one list page for the sync, records kept as the JSON text the server sent
//! (see `raw.rs`); the same checks as [`Client::list`].

use super::{Client, decode_error, list_path, row_count};
use crate::api::decode::DecodeIssue;
use crate::api::error::ApiError;
use crate::api::query::Query;
use crate::api::raw::{RawRecord, decode_raw_list};
use crate::resource::Resource;

/// One list page with its records as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPage {
    pub records: Vec<RawRecord>,
    /// The `RowCount` header (present when the query asked `Count=true`).
    pub row_count: Option<u64>,
    /// Problems found in single records.
    pub issues: Vec<DecodeIssue>,
}

/// Example data (every `id` identical), as [`super::is_example_data`] decides for values.
pub fn is_example_raw(records: &[RawRecord]) -> bool {
    let mut ids = records.iter().map(|r| r.id.as_deref());
    match ids.next() {
        Some(Some(first)) if records.len() >= 2 => ids.all(|id| id == Some(first)),
        _ => false,
    }
}

impl Client {
    /// One list page like [`Client::list`], without building a `Value` per record: each record
    /// keeps its JSON text, with its id, change time and etag read out.
    pub async fn list_raw(&self, resource: Resource, query: &Query) -> Result<RawPage, ApiError> {
        let path = list_path(resource, query);
        self.note_trace(&path);
        let reply = self.inner.send(reqwest::Method::GET, &path, None).await?;
        let row_count = row_count(&reply);
        // `Count=true` may be answered with the `RowCount` header and an empty body: no rows. Any
        // other empty body is an error (it must never read as "no more records").
        let empty = reply.body.iter().all(u8::is_ascii_whitespace);
        let (records, issues) = if empty && row_count.is_some() {
            (Vec::new(), Vec::new())
        } else {
            decode_raw_list(&reply.body)
                .map_err(|e| decode_error(&reply, "GET", &path, e.path, e.snippet))?
        };
        if is_example_raw(&records) {
            return Err(super::tenant::example_data_error(resource, &path));
        }
        for issue in &issues {
            // Server text in a log: capped and scrubbed like any error text.
            tracing::warn!(
                "GET {path}: {} {}",
                crate::api::scrub::scrub(&issue.path, 80),
                crate::api::scrub::scrub(&issue.message, 120)
            );
        }
        Ok(RawPage {
            records,
            row_count,
            issues,
        })
    }
}

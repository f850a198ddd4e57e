//! `Client::list_raw`: one list page for the sync, records kept as the JSON text the server sent
//! (see `raw.rs`); the same checks as [`Client::list`].

use super::Client;
use crate::api::decode::DecodeIssue;
use crate::api::error::ApiError;
use crate::api::query::Query;
use crate::api::raw::{RawRecord, decode_raw_list};
use crate::resource::Resource;

/// One list page with its records as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawPage {
    /// The page's records, each kept as its JSON text.
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
        let (records, row_count, issues) = self
            .list_with(resource, query, decode_raw_list, is_example_raw)
            .await?;
        Ok(RawPage {
            records,
            row_count,
            issues,
        })
    }
}

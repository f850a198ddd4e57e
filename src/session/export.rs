//! Writing a connection's stored records to a file, the one way `coachdesk export` and
//! `coachdesk sync --out` do it: the records changed in a range, read from the store as the JSON
//! text they were stored as (parsed one at a time while writing), in the columns asked or the
//! resource's default ones.

use super::Folder;
use crate::error::WorkerError;
use crate::export::{ExportFormat, ExportOptions, export_texts};
use crate::record::names::{add_names, unnamed_ids};
use crate::resource::Resource;
use chrono::NaiveDateTime;
use std::path::Path;
use std::sync::Arc;

/// What an export of stored records writes.
#[derive(Debug, Clone, Copy)]
pub struct StoredExport<'a> {
    /// The resource.
    pub resource: Resource,
    /// Changed in `[from, to)`; `None`: every stored record.
    pub range: Option<(NaiveDateTime, NaiveDateTime)>,
    /// Columns (dotted paths); empty: the resource's default columns.
    pub columns: &'a [String],
    /// The file; its extension chooses CSV, XLSX or JSON.
    pub out: &'a Path,
    /// A header row of field paths (for integrators) instead of readable labels.
    pub field_paths: bool,
}

/// The records' texts with the names the cache knows in their annotation.
fn named_texts(
    texts: Vec<Arc<str>>,
    columns: &[String],
    found: &crate::record::names::ExportNames,
) -> Vec<Arc<str>> {
    texts
        .into_iter()
        .map(|text| {
            let Ok(mut record) = serde_json::from_str::<serde_json::Value>(&text) else {
                return text;
            };
            if add_names(&mut record, columns, found) {
                Arc::from(record.to_string())
            } else {
                text
            }
        })
        .collect()
}

/// The ids of `texts`' exported id columns that carry no name.
pub(crate) fn unnamed_in(texts: &[Arc<str>], columns: &[String]) -> Vec<(Resource, String)> {
    texts
        .iter()
        .filter_map(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .flat_map(|record| unnamed_ids(&record, columns))
        .collect()
}

impl Folder {
    /// `texts` with the names this folder's cache knows for their exported id columns.
    fn with_cached_names(
        &self,
        texts: Vec<Arc<str>>,
        columns: &[String],
    ) -> Result<Vec<Arc<str>>, WorkerError> {
        let resources: Vec<Resource> = crate::record::names::ID_FIELDS
            .iter()
            .map(|(_, r)| *r)
            .collect();
        let found = super::names::cached_names(self, &resources)?;
        if found.is_empty() {
            return Ok(texts);
        }
        Ok(named_texts(texts, columns, &found))
    }

    /// Writes the stored records `what` names to its file; returns the rows written. Nothing
    /// stored yet (no sync ran for this connection) is an input error that says so.
    /// `progress(done, total)` is told as rows are written.
    pub fn export_stored(
        &self,
        what: &StoredExport<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize, WorkerError> {
        let format = ExportFormat::from_path(what.out).ok_or_else(|| {
            WorkerError::Input(format!(
                "{}: use a .csv, .xlsx or .json file name",
                what.out.display()
            ))
        })?;
        let Some(store) = self.open_existing_store()? else {
            return Err(WorkerError::Input(format!(
                "no records stored in {}: run `coachdesk sync` first",
                self.path().display()
            )));
        };
        let (from, to) = what.range.unzip();
        let texts = store.record_texts(what.resource, from, to)?;
        let columns = if what.columns.is_empty() {
            let sample: Vec<serde_json::Value> = texts
                .iter()
                .take(100)
                .filter_map(|t| serde_json::from_str(t).ok())
                .collect();
            crate::record::default_columns_for(what.resource, &sample)
        } else {
            what.columns
                .iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        };
        // Readable headers: the id columns show the names the connection's cache knows
        // (`coachdesk sync --export` looks the missing ones up first).
        let texts = if what.field_paths {
            texts
        } else {
            self.with_cached_names(texts, &columns)?
        };
        let opts = ExportOptions {
            columns,
            decimal_comma: false,
            field_paths: what.field_paths,
            lang: crate::i18n::current(),
        };
        let summary = export_texts(
            format,
            what.out,
            &texts,
            &opts,
            progress,
            &crate::cancel::Cancel::new(),
        )?;
        Ok(summary.rows)
    }
}

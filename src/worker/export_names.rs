//! Names in the app's export of table rows: the ids in the exported id columns that the rows
//! carry no name for are looked up through the connection's session (its names cache, then one
//! batched `where=id=a,b,c` lookup per resource, cached) and written into the rows before the file
//! is written, so the file reads like the table. Offline, a lookup that fails, or cancel: the file
//! is still written, with ids where no name is known.

use super::channels::progress;
use super::connection::Connection;
use super::{Event, EventSender, RequestId};
use crate::cancel::Cancel;
use crate::export::ExportOptions;
use crate::record::RowTexts;
use crate::record::names::{ExportNames, add_names, unnamed_ids};
use crate::resource::Resource;
use serde_json::Value;

/// The unnamed ids of the rows' exported id columns, and which rows hold any.
fn unnamed(texts: &RowTexts, columns: &[String]) -> (Vec<(Resource, String)>, Vec<usize>) {
    let mut wanted = Vec::new();
    let mut rows = Vec::new();
    for i in 0..texts.len() {
        let Some(record) = texts
            .get(i)
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        else {
            continue;
        };
        let ids = unnamed_ids(&record, columns);
        if !ids.is_empty() {
            rows.push(i);
            wanted.extend(ids);
        }
    }
    (wanted, rows)
}

/// `texts` with the names `found` knows written into `rows`.
fn named(mut texts: RowTexts, rows: &[usize], columns: &[String], found: &ExportNames) -> RowTexts {
    for &i in rows {
        let Some(mut record) = texts
            .get(i)
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        else {
            continue;
        };
        if add_names(&mut record, columns, found) {
            texts.replace(i, &record.to_string());
        }
    }
    texts
}

/// The rows with the names of their exported id columns looked up (see the module), and how
/// many ids are left without a name because Coachview could not be asked.
pub(super) async fn with_names(
    conn: &Connection,
    req: RequestId,
    texts: RowTexts,
    options: &ExportOptions,
    events: &EventSender,
    cancel: &Cancel,
) -> (RowTexts, usize) {
    let columns = options.columns.clone();
    let scan = texts.clone();
    let cols = columns.clone();
    let Ok((wanted, rows)) = tokio::task::spawn_blocking(move || unnamed(&scan, &cols)).await
    else {
        return (texts, 0);
    };
    if wanted.is_empty() {
        return (texts, 0);
    }
    let label = crate::i18n::Text::key("job.export_names");
    let mut on_progress = |done: usize, total: usize| {
        events.send(Event::Progress {
            req,
            progress: progress(label.clone(), done as u64, Some(total as u64)),
        });
    };
    let names = conn
        .names_for_export(&wanted, &mut on_progress, cancel)
        .await;
    events.send(conn.rate_event());
    let names = match names {
        Ok(names) => names,
        Err(e) => {
            tracing::warn!("names for the export not looked up: {e}");
            let distinct: std::collections::HashSet<_> = wanted.iter().collect();
            return (texts, distinct.len());
        }
    };
    if names.without > 0 {
        tracing::warn!("export: {} ids without a name", names.without);
    }
    let found = names.found;
    let unchanged = texts.clone();
    let texts = tokio::task::spawn_blocking(move || named(texts, &rows, &columns, &found))
        .await
        .unwrap_or(unchanged);
    (texts, names.without)
}

//! The export job: ask where to save (dialog off the UI thread), then write the table's rows as
//! CSV, XLSX or JSON with progress and cancel. Needs no connection: the rows come with the command.

use super::channels::progress;
use super::{DialogAnswer, Event, EventSender, RequestId, SaveDialog};
use crate::cancel::Cancel;
use crate::error::WorkerError;
use crate::export::{ExportFormat, ExportOptions};
use std::sync::Arc;

/// What to export.
pub(super) struct Export {
    pub suggested_name: String,
    pub format: ExportFormat,
    /// The rows to write, as the table holds them (compact JSON text).
    pub texts: crate::record::RowTexts,
    pub options: ExportOptions,
    /// A typed path (no dialog); `None`: ask with the dialog.
    pub path: Option<std::path::PathBuf>,
    /// The connection of the rows, online: names their id columns lack are looked up first.
    pub conn: Option<Arc<super::connection::Connection>>,
}

/// Runs one export; a cancelled dialog ends the job with an empty path.
pub(super) async fn export(
    req: RequestId,
    job: Export,
    dialog: Arc<dyn SaveDialog>,
    events: &EventSender,
    cancel: Cancel,
) {
    let name = job.suggested_name.clone();
    let typed = job.path.clone();
    let chosen = tokio::task::spawn_blocking(move || match typed {
        Some(path) => DialogAnswer::Chosen(path),
        None => dialog.save_path(&name),
    })
    .await;
    let path = match chosen {
        Ok(DialogAnswer::Chosen(path)) => path,
        Ok(DialogAnswer::Unavailable) => {
            let folder = super::default_folder();
            return events.send(Event::NoFileDialog { req, folder });
        }
        Ok(DialogAnswer::Cancelled) => {
            // Cancelled by the user: nothing to report but the end of the job.
            return events.send(Event::Exported {
                req,
                path: std::path::PathBuf::new(),
                rows: 0,
                unnamed: 0,
            });
        }
        Err(e) => return events.fail(req, e),
    };
    let mut job = job;
    let mut unnamed = 0;
    if let Some(conn) = job.conn.take()
        && !job.options.field_paths
    {
        let texts = std::mem::take(&mut job.texts);
        (job.texts, unnamed) =
            super::export_names::with_names(&conn, req, texts, &job.options, events, &cancel).await;
    }
    let events2 = events.clone();
    let result = tokio::task::spawn_blocking(move || {
        let label = crate::i18n::Text::key("job.export");
        crate::export::export_row_texts(
            job.format,
            &path,
            &job.texts,
            &job.options,
            &mut |done, total| {
                events2.send(Event::Progress {
                    req,
                    progress: progress(label.clone(), done as u64, Some(total as u64)),
                })
            },
            &cancel,
        )
    })
    .await;
    match result.map_err(WorkerError::task).and_then(|r| Ok(r?)) {
        Ok(summary) => events.send(Event::Exported {
            req,
            path: summary.path,
            rows: summary.rows,
            unnamed,
        }),
        Err(e) => events.fail(req, e),
    }
}

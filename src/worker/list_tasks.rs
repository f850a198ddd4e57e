//! Reading a participants file (CSV, TXT, XLSX, XLS, ODS) for the wizard's list step, through the
//! native file dialog or a typed path.

use super::{DialogAnswer, Event, EventSender, RequestId, SaveDialog};
use crate::enrol::list_file;
use std::sync::Arc;

/// Asks for a participants file and reads it; a cancelled dialog answers with an empty file name.
pub(super) async fn import_participants(
    req: RequestId,
    title: String,
    typed: Option<std::path::PathBuf>,
    dialog: Arc<dyn SaveDialog>,
    events: &EventSender,
) {
    let result = tokio::task::spawn_blocking(move || {
        let answer = match typed {
            Some(path) => DialogAnswer::Chosen(path),
            None => dialog.open_path(&title, &["xlsx", "xls", "ods", "csv", "txt"]),
        };
        let path = match answer {
            DialogAnswer::Chosen(path) => path,
            DialogAnswer::Cancelled => return Ok(None),
            DialogAnswer::Unavailable => return Ok(Some(Err(super::default_folder()))),
        };
        let rows = list_file::read_rows(&path)?;
        Ok::<_, crate::error::WorkerError>(Some(Ok((path.display().to_string(), rows))))
    })
    .await;
    match result {
        Ok(Ok(None)) => events.send(Event::ParticipantFile {
            req,
            file: String::new(),
            rows: list_file::ListFile::default(),
        }),
        Ok(Ok(Some(Err(folder)))) => events.send(Event::NoFileDialog { req, folder }),
        Ok(Ok(Some(Ok((file, rows))))) => events.send(Event::ParticipantFile { req, file, rows }),
        Ok(Err(e)) => events.fail(req, e),
        Err(e) => events.fail(req, e),
    }
}

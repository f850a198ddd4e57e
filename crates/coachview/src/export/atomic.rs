//! A temporary file next to the export target, renamed over it on success, removed otherwise.

use super::ExportError;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// A hidden temp file in the target's folder (same file system, so the rename is atomic).
/// Dropping it without [`TempFile::commit`] removes it.
pub(super) struct TempFile {
    file: Option<File>,
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl TempFile {
    /// Creates `.<name>.<random>.tmp` beside `target`. Errors name the target.
    pub(super) fn create(target: &Path) -> Result<TempFile, ExportError> {
        let name = target.file_name().ok_or_else(|| {
            let e = io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name");
            ExportError::io(target, e)
        })?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let temp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            uuid::Uuid::new_v4().simple()
        ));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| ExportError::io(target, e))?;
        Ok(TempFile {
            file: Some(file),
            temp,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The open temp file (always open until `commit`, which consumes `self`).
    pub(super) fn file(&mut self) -> Result<&mut File, ExportError> {
        let target = &self.target;
        self.file
            .as_mut()
            .ok_or_else(|| ExportError::io(target, io::Error::other("temp file already closed")))
    }

    /// Flushes the data to disk and renames the temp file over the target.
    pub(super) fn commit(mut self) -> Result<(), ExportError> {
        if let Some(file) = self.file.take() {
            file.sync_all()
                .map_err(|e| ExportError::io(&self.target, e))?;
            // Closed before the rename: Windows refuses to rename an open file.
            drop(file);
        }
        // Retried briefly while a virus scanner or indexer still has the new file open.
        crate::atomic_file::replace(&self.temp, &self.target)
            .map_err(|e| ExportError::io(&self.target, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.committed {
            self.file = None;
            // Best effort: the export already failed; its error is what the user sees.
            let _ = fs::remove_file(&self.temp);
        }
    }
}

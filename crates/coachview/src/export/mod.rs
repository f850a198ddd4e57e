//! Export of records to CSV (for Dutch Excel), XLSX and JSON, written atomically via a temp file.
//!
//! Every export writes to a hidden temporary file next to the target and renames it over the
//! target only when complete, so a failed or cancelled export leaves no half file and never
//! replaces an existing file with a half one.

mod atomic;
mod csv;
mod json;
mod space;
mod xlsx;

#[cfg(test)]
pub(crate) use self::csv::excel_safe;

use crate::cancel::Cancel;
use serde_json::Value;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows between two cancel checks and progress reports.
const CHECK_EVERY: usize = 1000;

/// The file formats coachdesk exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// `;`-separated, UTF-8 with BOM, dd-mm-jjjj dates: opens correctly in Dutch Excel.
    Csv,
    /// Excel workbook with real dates and numbers.
    Xlsx,
    /// The full records, as a pretty JSON array.
    Json,
}

impl ExportFormat {
    /// The format for a file name's extension (`.csv`, `.xlsx`, `.json`, any case).
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The usual extension, without a dot (for save dialogs).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }
}

/// What to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Dotted field paths, in order (CSV and XLSX). Empty: every column seen in the records
    /// ([`crate::record::all_columns`]). JSON always writes the full records.
    pub columns: Vec<String>,
    /// CSV only: write `52,5` instead of `52.5`.
    pub decimal_comma: bool,
    /// CSV and XLSX: the header row holds the field paths (for integrators) instead of the
    /// readable labels in `lang` ([`crate::record::label_in`]).
    pub field_paths: bool,
    /// The language of the readable labels (the UI's or the CLI's, never the worker's thread).
    pub lang: crate::i18n::Lang,
}

/// The result of a finished export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// Records written (a stored text that is not JSON at all is left out and not counted).
    pub rows: usize,
    /// The file written.
    pub path: PathBuf,
}

/// Why an export failed. After any error the target is untouched and no temp file remains.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Creating, writing (e.g. a full disk) or renaming the file failed.
    #[error("could not write {}: {source}", path.display())]
    Io {
        /// The export's target path.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The disk (or the quota, or a size limit) is full: nothing was replaced, the temp files
    /// are gone.
    #[error("could not write {}: the disk is full", path.display())]
    DiskFull {
        /// The export's target path.
        path: PathBuf,
    },
    /// The Excel writer refused the data.
    #[error("could not build the Excel file: {0}")]
    Xlsx(rust_xlsxwriter::XlsxError),
    /// The CSV writer refused the data.
    #[error("could not write CSV: {0}")]
    Csv(String),
    /// More rows than one Excel sheet holds.
    #[error("{rows} rows do not fit in one Excel sheet (at most {max})")]
    TooManyRows {
        /// Rows asked for.
        rows: usize,
        /// Excel's limit, without the header row.
        max: usize,
    },
    /// The user cancelled.
    #[error("export cancelled")]
    Cancelled,
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> ExportError {
        if is_disk_full(&source) {
            return ExportError::DiskFull {
                path: path.to_path_buf(),
            };
        }
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// True for "no space left" and "file too large" (a size limit, a quota), on every platform.
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded
    )
}

/// Writes `records` to `path` in `format`. `progress(done, total)` is called every
/// [`CHECK_EVERY`] rows and at the end; `cancel` is checked as often.
pub fn export_records(
    format: ExportFormat,
    path: &Path,
    records: &[Value],
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<ExportSummary, ExportError> {
    let rows = Rows::Values(records.iter().collect());
    export_refs(format, path, &rows, opts, progress, cancel)
}

/// [`export_records`] for some rows of `records` (a table selection or the filtered rows), in
/// the given order, without copying the records. Indices out of range are skipped.
pub fn export_rows(
    format: ExportFormat,
    path: &Path,
    records: &[Value],
    rows: &[usize],
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<ExportSummary, ExportError> {
    let rows = Rows::Values(rows.iter().filter_map(|&i| records.get(i)).collect());
    export_refs(format, path, &rows, opts, progress, cancel)
}

/// [`export_records`] for records kept as JSON text, e.g. [`crate::record::TableModel::rows_json`]
/// (a selection or the filtered rows), parsed one at a time. A text the full parser refuses (a
/// lone surrogate, deep nesting) is repaired first; a text that is not JSON at all is left out
/// and not counted in [`ExportSummary::rows`].
pub fn export_texts(
    format: ExportFormat,
    path: &Path,
    texts: &[Arc<str>],
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<ExportSummary, ExportError> {
    export_refs(format, path, &Rows::Texts(texts), opts, progress, cancel)
}

/// [`export_texts`] for rows as a table keeps them ([`crate::record::TableModel::rows_compact`]),
/// each read back to JSON only when it is written.
pub fn export_row_texts(
    format: ExportFormat,
    path: &Path,
    texts: &crate::record::RowTexts,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<ExportSummary, ExportError> {
    export_refs(format, path, &Rows::Compact(texts), opts, progress, cancel)
}

/// The rows of one export, as values or as JSON text parsed on the fly.
pub(crate) enum Rows<'a> {
    Values(Vec<&'a Value>),
    Texts(&'a [Arc<str>]),
    /// A table's compact texts, read back one at a time.
    Compact(&'a crate::record::RowTexts),
    /// Other rows with their id fields replaced by known names and their change summary worded
    /// in the export's language (readable CSV / XLSX).
    Named(&'a Rows<'a>, crate::i18n::Lang),
}

impl Rows<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Rows::Values(v) => v.len(),
            Rows::Texts(t) => t.len(),
            Rows::Compact(t) => t.len(),
            Rows::Named(r, _) => r.len(),
        }
    }

    /// Row `i` with its id fields replaced by the names the browser knows (readable exports).
    fn named(&self, i: usize, lang: crate::i18n::Lang) -> Option<Cow<'_, Value>> {
        let row = self.record(i)?;
        Some(match crate::record::names::with_names_in(lang, &row) {
            Some(named) => Cow::Owned(named),
            None => row,
        })
    }

    /// Row `i` (`Null` when out of range or not JSON).
    pub(crate) fn get(&self, i: usize) -> Cow<'_, Value> {
        self.record(i).unwrap_or(Cow::Owned(Value::Null))
    }

    /// Row `i`, or `None` when it is out of range or a text that is not JSON even after
    /// repairing ([`crate::api::raw_sanitize::parse_record`]): such a row is not written, and
    /// not counted as written.
    pub(crate) fn record(&self, i: usize) -> Option<Cow<'_, Value>> {
        match self {
            Rows::Values(v) => v.get(i).map(|r| Cow::Borrowed(*r)),
            Rows::Texts(t) => {
                let text = t.get(i)?;
                let parsed = crate::api::raw_sanitize::parse_record(text);
                if parsed.is_none() {
                    tracing::warn!("export: row {i} is not JSON and is left out");
                }
                parsed.map(Cow::Owned)
            }
            Rows::Compact(t) => {
                let parsed = crate::api::raw_sanitize::parse_record(&t.get(i)?);
                if parsed.is_none() {
                    tracing::warn!("export: row {i} is not JSON and is left out");
                }
                parsed.map(Cow::Owned)
            }
            Rows::Named(r, lang) => r.named(i, *lang),
        }
    }
}

fn export_refs(
    format: ExportFormat,
    path: &Path,
    rows: &Rows<'_>,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &Cancel,
) -> Result<ExportSummary, ExportError> {
    if cancel.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    if format == ExportFormat::Xlsx && rows.len() > xlsx::MAX_ROWS {
        return Err(ExportError::TooManyRows {
            rows: rows.len(),
            max: xlsx::MAX_ROWS,
        });
    }
    let columns = if opts.columns.is_empty() {
        let mut collector = crate::record::ColumnCollector::default();
        for i in 0..rows.len() {
            collector.add(&rows.get(i));
        }
        collector.finish()
    } else {
        opts.columns.clone()
    };
    let headers = if opts.field_paths {
        columns.clone()
    } else {
        crate::record::labels_in(opts.lang, &columns)
    };
    let mut ticker = Ticker {
        progress,
        cancel,
        total: rows.len(),
    };
    let named = Rows::Named(rows, opts.lang);
    let rows = if opts.field_paths || format == ExportFormat::Json {
        rows
    } else {
        &named
    };
    // A full folder fails at once, before the work (the writers still handle filling up).
    space::check(path, 0)?;
    let mut temp = atomic::TempFile::create(path)?;
    let written = match format {
        ExportFormat::Csv => csv::write(
            temp.file()?,
            path,
            rows,
            &columns,
            &headers,
            opts.decimal_comma,
            &mut ticker,
        )?,
        ExportFormat::Xlsx => {
            xlsx::write(temp.file()?, path, rows, &columns, &headers, &mut ticker)?
        }
        ExportFormat::Json => json::write(temp.file()?, path, rows, &mut ticker)?,
    };
    if cancel.is_cancelled() {
        return Err(ExportError::Cancelled);
    }
    temp.commit()?;
    (ticker.progress)(rows.len(), rows.len());
    Ok(ExportSummary {
        rows: written,
        path: path.to_path_buf(),
    })
}

/// Progress reports and cancel checks, every [`CHECK_EVERY`] rows.
pub(crate) struct Ticker<'a> {
    progress: &'a mut dyn FnMut(usize, usize),
    cancel: &'a Cancel,
    total: usize,
}

impl Ticker<'_> {
    /// Call before writing row `done` (0-based).
    pub(crate) fn tick(&mut self, done: usize) -> Result<(), ExportError> {
        if done.is_multiple_of(CHECK_EVERY) {
            if self.cancel.is_cancelled() {
                return Err(ExportError::Cancelled);
            }
            (self.progress)(done, self.total);
        }
        Ok(())
    }
}

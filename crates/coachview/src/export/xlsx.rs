//! XLSX export: bold frozen header with autofilter, real Excel dates, numbers, booleans, widths.

use super::{ExportError, Rows, Ticker};
use crate::record::{self, Cell};
use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

/// Data rows one sheet holds (Excel's 1,048,576 minus the header).
pub(super) const MAX_ROWS: usize = 1_048_575;
/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;
/// Rows looked at to size the columns.
const WIDTH_SAMPLE: usize = 1000;
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;

/// Builds the workbook (in constant-memory mode: each finished row goes to a temporary file, so
/// 100,000 rows need no more memory than a few), then writes it into `file`.
///
/// The writer's temporary files go next to the target (not the system temp folder, which may be
/// small or full), and the writer panics when such a file cannot be written: that panic is
/// caught here and becomes an error ([`ExportError::DiskFull`] when the disk is full).
pub(super) fn write(
    file: &mut File,
    target: &Path,
    rows: &Rows<'_>,
    columns: &[String],
    headers: &[String],
    ticker: &mut Ticker<'_>,
) -> Result<usize, ExportError> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let build = || -> Result<usize, ExportError> {
        let mut workbook = Workbook::new();
        workbook
            .set_tempdir(dir)
            .map_err(|e| xlsx_error(target, e))?;
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(|e| xlsx_error(target, e))?;
        let written = fill(sheet, rows, columns, headers, ticker)?;
        let mut out = BufWriter::with_capacity(256 * 1024, &mut *file);
        workbook
            .save_to_writer(&mut out)
            .map_err(|e| xlsx_error(target, e))?;
        out.into_inner()
            .map_err(|e| ExportError::io(target, e.into_error()))?;
        Ok(written)
    };
    quiet_panics_here();
    QUIET.with(|q| q.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(build));
    QUIET.with(|q| q.set(false));
    match outcome {
        Ok(result) => result,
        Err(payload) => Err(writer_panic(target, payload.as_ref())),
    }
}

thread_local! {
    /// True while this thread runs the Excel writer, whose panics are caught and worded.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent for a panic of the Excel writer on this
/// thread (it is caught and becomes an error; printing "panicked at …" would look like a crash)
/// and hands every other panic to the hook that was there before.
fn quiet_panics_here() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// The error for a panic of the Excel writer: its message carries the I/O error it met.
pub(super) fn writer_panic(target: &Path, payload: &(dyn std::any::Any + Send)) -> ExportError {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("the Excel writer stopped");
    tracing::warn!("the Excel writer panicked: {message}");
    let full = [
        "StorageFull",
        "FileTooLarge",
        "QuotaExceeded",
        "code: 28,",
        "code: 27,",
    ];
    if full.iter().any(|f| message.contains(f)) {
        return ExportError::DiskFull {
            path: target.to_path_buf(),
        };
    }
    let cut = crate::api::scrub::truncate_chars(message, 200);
    ExportError::io(target, std::io::Error::other(cut))
}

fn fill(
    sheet: &mut Worksheet,
    rows: &Rows<'_>,
    columns: &[String],
    headers: &[String],
    ticker: &mut Ticker<'_>,
) -> Result<usize, ExportError> {
    let err = ExportError::Xlsx;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let date_time = Format::new().set_num_format("dd-mm-yyyy hh:mm");
    sheet.set_name("Export").map_err(err)?;
    let mut widths: Vec<usize> = headers.iter().map(|c| c.chars().count() + 3).collect();
    for (col, name) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, col_num(col)?, name, &bold)
            .map_err(err)?;
    }
    let mut written = 0;
    for done in 0..rows.len() {
        ticker.tick(done)?;
        let Some(record) = rows.record(done) else {
            continue;
        };
        written += 1;
        let row = u32::try_from(written).map_err(|_| ExportError::TooManyRows {
            rows: rows.len(),
            max: MAX_ROWS,
        })?;
        for (col, path) in columns.iter().enumerate() {
            let cell = record::cell(&record, path);
            let c = col_num(col)?;
            if written <= WIDTH_SAMPLE {
                let shown = match &cell {
                    Cell::DateTime(_) => 16,
                    Cell::Date(_) => 10,
                    other => other.display(false).chars().count(),
                };
                widths[col] = widths[col].max(shown + 1);
            }
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    sheet.write_string(row, c, truncate(text)).map_err(err)?;
                }
                // Exports read records, never the browser's worded cells; written as text.
                Cell::Worded(ref worded) => {
                    let text = worded.word(crate::i18n::current());
                    sheet.write_string(row, c, truncate(text)).map_err(err)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, c, n).map_err(err)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(row, c, b).map_err(err)?;
                }
                Cell::DateTime(_) | Cell::Date(_) => {
                    let format = if matches!(cell, Cell::Date(_)) {
                        &date
                    } else {
                        &date_time
                    };
                    match cell.as_datetime().and_then(excel_date_time) {
                        Some(value) => sheet.write_datetime_with_format(row, c, &value, format),
                        // Before 1900 Excel has no dates: keep the text.
                        None => sheet.write_string(row, c, cell.display(false)),
                    }
                    .map_err(err)?;
                }
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) as f64;
        sheet.set_column_width(col_num(col)?, width).map_err(err)?;
    }
    if !columns.is_empty() {
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        let last_row = u32::try_from(written).unwrap_or(u32::MAX);
        sheet
            .autofilter(0, 0, last_row, col_num(columns.len() - 1)?)
            .map_err(err)?;
    }
    Ok(written)
}

fn col_num(col: usize) -> Result<u16, ExportError> {
    u16::try_from(col).map_err(|_| ExportError::Xlsx(XlsxError::RowColumnLimitError))
}

fn excel_date_time(t: NaiveDateTime) -> Option<ExcelDateTime> {
    let year = u16::try_from(t.year()).ok()?;
    let milli = (t.nanosecond() / 1_000_000).min(999);
    ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)
        .and_then(|d| {
            d.and_hms_milli(
                t.hour() as u16,
                t.minute() as u8,
                t.second() as u8,
                milli as u16,
            )
        })
        .ok()
}

/// At most Excel's cell limit, cut on a character boundary.
fn truncate(mut text: String) -> String {
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

fn xlsx_error(target: &Path, e: XlsxError) -> ExportError {
    match e {
        XlsxError::IoError(source) | XlsxError::TempFileError(_, source) => {
            ExportError::io(target, source)
        }
        // A zip or other error that wraps an I/O error of a full disk.
        other => {
            let mut source = std::error::Error::source(&other);
            while let Some(e) = source {
                if let Some(io) = e.downcast_ref::<std::io::Error>()
                    && super::is_disk_full(io)
                {
                    return ExportError::DiskFull {
                        path: target.to_path_buf(),
                    };
                }
                source = e.source();
            }
            ExportError::Xlsx(other)
        }
    }
}

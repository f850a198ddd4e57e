//! Reading a participants file (CSV, TXT/TSV, XLSX/XLS/ODS) into rows of cells. The only file I/O
//! of the enrolment module; the worker calls it off the UI thread, the CLI directly.

use std::path::Path;

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why a file could not be read; the text names the file, never its contents.
#[derive(Debug, thiserror::Error)]
pub enum ListFileError {
    #[error("{path}: {message}")]
    /// The file could not be read or parsed.
    Read {
        /// The file as shown to the planner.
        path: String,
        /// What went wrong, from the OS or the parser.
        message: String,
    },
    #[error("{path}: the file is larger than {max} MB", max = MAX_FILE_BYTES / 1024 / 1024)]
    /// The file is larger than the limit.
    TooLarge {
        /// The file as shown to the planner.
        path: String,
    },
    #[error("{path}: use a .csv, .txt, .xlsx, .xls or .ods file")]
    /// The file's extension is not one coachdesk reads.
    UnknownKind {
        /// The file as shown to the planner.
        path: String,
    },
    #[error("{path}: the workbook has no worksheet")]
    /// The workbook holds no worksheet.
    NoSheet {
        /// The file as shown to the planner.
        path: String,
    },
}

/// Reads the file's rows (the first worksheet of a workbook); cells as text, dates `dd-mm-jjjj`.
pub fn read_rows(path: &Path) -> Result<Vec<Vec<String>>, ListFileError> {
    let shown = path.display().to_string();
    let read_err = |message: String| ListFileError::Read {
        path: shown.clone(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| read_err(e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(ListFileError::TooLarge { path: shown });
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
            Ok(super::list::split_csv(&decode_text(&bytes)))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, &shown),
        _ => Err(ListFileError::UnknownKind { path: shown }),
    }
}

/// UTF-8 (with or without BOM); anything else is read as Windows-1252/Latin-1, as older Excel
/// versions save CSV.
fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn read_workbook(path: &Path, shown: &str) -> Result<Vec<Vec<String>>, ListFileError> {
    use calamine::Reader;
    let read_err = |message: String| ListFileError::Read {
        path: shown.to_string(),
        message,
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| read_err(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ListFileError::NoSheet {
            path: shown.to_string(),
        })?
        .map_err(|e| read_err(e.to_string()))?;
    Ok(range
        .rows()
        .take(super::list::MAX_ROWS + 2)
        .map(|row| row.iter().map(cell_text).collect::<Vec<_>>())
        .filter(|cells: &Vec<String>| cells.iter().any(|c| !c.trim().is_empty()))
        .collect())
}

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64()).unwrap_or_else(|| dt.as_f64().to_string()),
    }
}

/// An Excel serial date (1900 system) as `dd-mm-jjjj`; `None` when out of range.
fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor() as i64;
    let days = if days < 60 { days + 1 } else { days };
    let date = epoch.checked_add_signed(chrono::Duration::days(days))?;
    Some(date.format("%d-%m-%Y").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(29342.0).as_deref(), Some("01-05-1980"));
        assert_eq!(excel_date(-5.0), None);
        assert_eq!(excel_date(f64::NAN), None);
    }

    #[test]
    fn latin1_csv_is_read() {
        assert_eq!(decode_text(b"Jos\xe9"), "José");
    }
}

//! Reading a participants file (CSV, TXT/TSV, XLSX/XLS/ODS) into rows of cells. The only file I/O
//! of the enrolment module; the worker calls it off the UI thread, the CLI directly.

use super::list::SheetRow;
use super::text_encoding::{self, TextEncoding};
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

/// A participants file as read: its rows (blank rows left out, each with its spreadsheet row
/// number) and, for a text file, the encoding it was decoded from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ListFile {
    /// The non-blank rows, each with the number Excel shows for it.
    pub rows: Vec<SheetRow>,
    /// How a CSV/TXT file was decoded; `None` for a workbook.
    pub encoding: Option<TextEncoding>,
}

/// Reads the file's rows (the first worksheet of a workbook); cells as text, dates `dd-mm-jjjj`.
pub fn read_rows(path: &Path) -> Result<ListFile, ListFileError> {
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
            Ok(read_text(&bytes))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(ListFile {
            rows: read_workbook(path, &shown)?,
            encoding: None,
        }),
        _ => Err(ListFileError::UnknownKind { path: shown }),
    }
}

/// A CSV/TXT file's bytes as rows: decoded as [`text_encoding::decode`] detects.
pub fn read_text(bytes: &[u8]) -> ListFile {
    let (text, encoding) = text_encoding::decode(bytes);
    ListFile {
        rows: super::list::split_csv(&text),
        encoding: Some(encoding),
    }
}

fn read_workbook(path: &Path, shown: &str) -> Result<Vec<SheetRow>, ListFileError> {
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
    // The range starts at the first used cell; Excel's row numbers start at the sheet's top.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            SheetRow::new(first_row + i + 1, cells.iter().map(String::as_str))
        })
        .filter(|row| !row.is_blank())
        .take(super::list::MAX_ROWS + 2)
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
    fn workbook_rows_keep_the_row_numbers_excel_shows() {
        let dir = std::env::temp_dir().join(format!("coachdesk-xlsx-rows-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("deelnemers.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        // Row 1 blank, 2 header, 3 Anna, 4 and 5 blank, 6 a bad address (0-based below).
        for (row, cells) in [
            (1, ["Voornaam", "Achternaam", "E-mail"]),
            (2, ["Anna", "Jansen", "anna@voorbeeld.nl"]),
            (5, ["Kees", "Smit", "kees@"]),
        ] {
            for (col, cell) in cells.iter().enumerate() {
                sheet.write_string(row, col as u16, *cell).unwrap();
            }
        }
        book.save(&path).unwrap();
        let file = read_rows(&path).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(file.encoding, None);
        let list = super::super::list::interpret(&file.rows, chrono::NaiveDate::MIN);
        let lines: Vec<usize> = list.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 6]);
        assert!(list.rows[1].has_error());
    }

    #[test]
    fn windows_1252_csv_is_read_and_named() {
        let file = read_text(b"Jos\xe9;\x8aimon;\x92t Hart");
        assert_eq!(file.rows[0].cells, ["José", "Šimon", "’t Hart"]);
        assert_eq!(file.encoding, Some(TextEncoding::Windows1252));
    }
}

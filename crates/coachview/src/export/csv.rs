//! CSV for Dutch Excel: UTF-8 with BOM, `;` separator, CRLF, dd-mm-jjjj dates, optional decimal comma.
//!
//! Every text cell starting with `=`, `+`, `-`, `@`, a tab or CR gets a leading `'`, so Excel keeps
//! it as text: no formula runs (webaanvraag fields come from public web forms) and text such as
//! `-2+3` or `+31-20-1234567` is not turned into a number or a formula result. Typed cells
//! (numbers, dates) are never touched, so real amounts stay numbers.

use super::{ExportError, Rows, Ticker};
use crate::record::{self, Cell};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes the header (`headers`: labels or column paths) and one line per record.
pub(super) fn write(
    file: &mut File,
    target: &Path,
    rows: &Rows<'_>,
    columns: &[String],
    headers: &[String],
    decimal_comma: bool,
    ticker: &mut Ticker<'_>,
) -> Result<usize, ExportError> {
    let io = |e| ExportError::io(target, e);
    let mut out = BufWriter::with_capacity(256 * 1024, file);
    out.write_all(BOM).map_err(io)?;
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut out);
    let csv_err = |e: ::csv::Error| {
        let text = e.to_string();
        match e.into_kind() {
            ::csv::ErrorKind::Io(source) => ExportError::io(target, source),
            _ => ExportError::Csv(text),
        }
    };
    writer
        .write_record(headers.iter().map(|c| excel_safe(c).into_owned()))
        .map_err(csv_err)?;
    let mut fields: Vec<String> = Vec::with_capacity(columns.len());
    let mut written = 0;
    for done in 0..rows.len() {
        ticker.tick(done)?;
        let Some(record) = rows.record(done) else {
            continue;
        };
        written += 1;
        fields.clear();
        fields.extend(
            columns
                .iter()
                .map(|path| match record::cell(&record, path) {
                    Cell::Text(text) => excel_safe(&text).into_owned(),
                    other => other.display(decimal_comma),
                }),
        );
        writer.write_record(&fields).map_err(csv_err)?;
    }
    writer.flush().map_err(io)?;
    drop(writer);
    out.into_inner().map_err(|e| io(e.into_error()))?;
    Ok(written)
}

/// The text as Excel should show it, with a leading `'` when Excel would read a formula.
pub(crate) fn excel_safe(text: &str) -> Cow<'_, str> {
    let risky = matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::excel_safe;

    #[test]
    fn every_formula_looking_cell_stays_text() {
        assert_eq!(excel_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(excel_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(excel_safe("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(excel_safe("-2+3+cmd|x"), "'-2+3+cmd|x");
        // Excel would compute these (1, a phone number as a sum) or read them as numbers.
        assert_eq!(excel_safe("-2+3"), "'-2+3");
        assert_eq!(excel_safe("+31-20-1234567"), "'+31-20-1234567");
        assert_eq!(excel_safe("+31 6 12345678"), "'+31 6 12345678");
        assert_eq!(excel_safe("\tx"), "'\tx");
        assert_eq!(excel_safe("\rx"), "'\rx");
        assert_eq!(excel_safe("06-12345678"), "06-12345678");
        assert_eq!(excel_safe("gewoon = tekst"), "gewoon = tekst");
        assert_eq!(excel_safe(""), "");
    }
}

//! CSV for Dutch Excel: UTF-8 with BOM, `;` separator, CRLF, dd-mm-jjjj dates, optional decimal comma.
//!
//! Text that Excel would run as a formula (starting with `=`, `@`, a tab or CR, or with `+`/`-`
//! followed by more than digits, spaces and `+-().,/`) gets a leading `'`. Webaanvraag fields come
//! from public web forms, so this closes CSV formula injection; phone numbers (`+31 6 …`) and
//! negative amounts stay as they are. Typed cells (numbers, dates) are never touched.

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
) -> Result<(), ExportError> {
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
    for done in 0..rows.len() {
        let record = rows.get(done);
        ticker.tick(done)?;
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
    Ok(())
}

/// The text as Excel should show it, with a leading `'` when Excel would read a formula.
pub(crate) fn excel_safe(text: &str) -> Cow<'_, str> {
    let risky = match text.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !text
            .bytes()
            .all(|b| b.is_ascii_digit() || b" +-().,/".contains(&b)),
        _ => false,
    };
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
    fn formulas_are_neutralised_but_phone_numbers_kept() {
        assert_eq!(excel_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(excel_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(excel_safe("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(excel_safe("-2+3+cmd|x"), "'-2+3+cmd|x");
        assert_eq!(excel_safe("+31 6 12345678"), "+31 6 12345678");
        assert_eq!(excel_safe("-12,50"), "-12,50");
        assert_eq!(excel_safe("gewoon = tekst"), "gewoon = tekst");
        assert_eq!(excel_safe(""), "");
    }
}

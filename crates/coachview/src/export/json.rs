//! JSON export: the full records as a pretty array, written record by record.

use super::{ExportError, Rows, Ticker};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes `[`, each record pretty-printed and indented two spaces, and `]`.
pub(super) fn write(
    file: &mut File,
    target: &Path,
    rows: &Rows<'_>,
    ticker: &mut Ticker<'_>,
) -> Result<usize, ExportError> {
    let io = |e| ExportError::io(target, e);
    let mut out = BufWriter::with_capacity(256 * 1024, file);
    out.write_all(b"[").map_err(io)?;
    let mut buffer = Vec::new();
    let mut written = 0;
    for done in 0..rows.len() {
        ticker.tick(done)?;
        let Some(record) = rows.record(done) else {
            continue;
        };
        buffer.clear();
        serde_json::to_writer_pretty(&mut buffer, &*record).map_err(|e| io(e.into()))?;
        out.write_all(if written == 0 {
            &b"\n  "[..]
        } else {
            &b",\n  "[..]
        })
        .map_err(io)?;
        // Pretty JSON has raw newlines only between tokens (inside strings they are `\n`).
        for (i, line) in buffer.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.write_all(b"\n  ").map_err(io)?;
            }
            out.write_all(line).map_err(io)?;
        }
        written += 1;
    }
    out.write_all(if written == 0 {
        &b"]\n"[..]
    } else {
        &b"\n]\n"[..]
    })
    .map_err(io)?;
    out.into_inner().map_err(|e| io(e.into_error()))?;
    Ok(written)
}

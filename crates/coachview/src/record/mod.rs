//! Neutral helpers over Coachview records (`serde_json::Value` objects): field paths, cells, columns.

mod cell;
pub mod changes;
mod columns;
mod compact;
mod labels;
pub mod names;
mod shown;
mod table;
pub mod unembed;
mod worded;

pub use cell::Cell;
pub use columns::{ColumnCollector, all_columns, default_columns, default_columns_for};
pub use compact::RowTexts;
pub use labels::{humanise, label, label_in, labels, labels_in};
pub use shown::shown;
pub use table::TableModel;
pub use worded::Worded;

use serde_json::Value;

/// The value at a dotted path (`auditTrail.gewijzigdDatumTijd`), with case-insensitive keys
/// (`audittrail.gewijzigddatumtijd` finds the same). A numeric segment indexes an array
/// (`regels.0.omschrijving`). `None` when any step is missing.
pub(crate) fn field<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = record;
    for segment in path.split('.') {
        current = match current {
            Value::Object(map) => match map.get(segment) {
                Some(v) => v,
                None => map.iter().find(|(k, _)| k.eq_ignore_ascii_case(segment))?.1,
            },
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The typed cell at a dotted path; see [`Cell`].
pub fn cell(record: &Value, path: &str) -> Cell {
    Cell::from_value(field(record, path))
}

/// The moment a record last changed: `auditTrail.gewijzigdDatumTijd`, else
/// `auditTrail.aangemaaktDatumTijd`.
pub fn changed_at(record: &Value) -> Option<chrono::NaiveDateTime> {
    cell(record, "auditTrail.gewijzigdDatumTijd")
        .as_datetime()
        .or_else(|| cell(record, "auditTrail.aangemaaktDatumTijd").as_datetime())
}

/// Lower-case text with the common Latin accents removed (`Émile` → `emile`, `ĳ` → `ij`): the
/// form used for case-insensitive sorting and searching. Good enough for Dutch names.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            match lower {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
                'ç' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ĳ' => out.push_str("ij"),
                other => out.push(other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_follows_dotted_paths_case_insensitively() {
        let r = json!({
            "nummer": 7,
            "auditTrail": {"gewijzigdDatumTijd": "2025-01-16T15:47:18.433", "etag": 1},
            "regels": [{"omschrijving": "a"}, {"omschrijving": "b"}]
        });
        let exact = field(&r, "auditTrail.gewijzigdDatumTijd");
        assert_eq!(exact, Some(&json!("2025-01-16T15:47:18.433")));
        assert_eq!(field(&r, "audittrail.gewijzigddatumtijd"), exact);
        assert_eq!(field(&r, "AUDITTRAIL.ETAG"), Some(&json!(1)));
        assert_eq!(field(&r, "regels.1.omschrijving"), Some(&json!("b")));
        assert_eq!(field(&r, "regels.x"), None);
        assert_eq!(field(&r, "nummer.deeper"), None);
        assert_eq!(field(&r, "missing"), None);
        assert_eq!(cell(&r, "nummer"), Cell::Number(7.0));
    }

    #[test]
    fn changed_at_falls_back_to_created() {
        let created_only = json!({"auditTrail": {"aangemaaktDatumTijd": "2025-02-03T04:05:06"}});
        let at = changed_at(&created_only).map(|d| d.to_string());
        assert_eq!(at.as_deref(), Some("2025-02-03 04:05:06"));
        assert_eq!(changed_at(&json!({"id": "x"})), None);
    }

    #[test]
    fn fold_lowercases_and_strips_accents() {
        assert_eq!(fold("Émile Brontë-IJsselĲ"), "emile bronte-ijsselij");
        assert_eq!(fold("ABC"), "abc");
    }
}

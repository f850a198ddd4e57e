//! One typed table cell taken from a Coachview record field: parsing, display and sort order.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime};
use serde_json::Value;
use std::cmp::Ordering;

/// A record field as the table, the detail pane and the exporters see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Missing, `null`, `""`, `[]` or `{}`.
    Empty,
    /// Any other string; nested objects and arrays as compact JSON.
    Text(String),
    /// A JSON number.
    Number(f64),
    /// A JSON boolean.
    Bool(bool),
    /// A Coachview date-time (`2025-06-06T09:30:00`, `2025-01-16T15:47:18.433`), local time.
    DateTime(NaiveDateTime),
    /// A Coachview date (`2025-06-06`).
    Date(NaiveDate),
    /// A cell the browser words when it is drawn (change summary, name behind an id); behind an
    /// `Arc` so a cell stays small and the many "new" cells share one ([`super::Worded::shared`]).
    Worded(std::sync::Arc<super::Worded>),
}

impl Cell {
    /// The cell for a JSON value (`None` = field missing).
    pub fn from_value(value: Option<&Value>) -> Cell {
        match value {
            None | Some(Value::Null) => Cell::Empty,
            Some(Value::Bool(b)) => Cell::Bool(*b),
            Some(Value::Number(n)) => n.as_f64().map_or(Cell::Empty, Cell::Number),
            Some(Value::String(s)) => Cell::from_text(s),
            Some(Value::Array(a)) if a.is_empty() => Cell::Empty,
            Some(Value::Object(o)) if o.is_empty() => Cell::Empty,
            Some(other) => Cell::Text(other.to_string()),
        }
    }

    /// The cell for a string: a date or date-time when it looks like one, else text.
    pub fn from_text(s: &str) -> Cell {
        if s.is_empty() {
            return Cell::Empty;
        }
        match parse_date_like(s) {
            Some(cell) => cell,
            None => Cell::Text(s.to_owned()),
        }
    }

    /// The text shown in the table and written to CSV: dates as `dd-mm-jjjj` and date-times as
    /// `dd-mm-jjjj uu:mm`; numbers with a decimal comma when `decimal_comma`; booleans as
    /// `true`/`false`; `Empty` as "".
    pub fn display(&self, decimal_comma: bool) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n, decimal_comma),
            Cell::Bool(b) => b.to_string(),
            Cell::DateTime(dt) => dt.format("%d-%m-%Y %H:%M").to_string(),
            Cell::Date(d) => d.format("%d-%m-%Y").to_string(),
            Cell::Worded(w) => w.word(crate::i18n::current()),
        }
    }

    /// A total order for sorting a column: numbers numerically, dates and date-times
    /// chronologically (a date counts as its midnight), text case- and accent-insensitively,
    /// `false` before `true`. Between kinds: numbers, dates, booleans, text, and `Empty` last.
    pub fn cmp_for_sort(&self, other: &Cell) -> Ordering {
        SortKey::of(self).cmp(&SortKey::of(other))
    }

    /// The moment of a date or date-time cell (a date as its midnight).
    pub fn as_datetime(&self) -> Option<NaiveDateTime> {
        match self {
            Cell::DateTime(dt) => Some(*dt),
            Cell::Date(d) => Some(d.and_time(chrono::NaiveTime::MIN)),
            _ => None,
        }
    }
}

/// A precomputed sort key with the order of [`Cell::cmp_for_sort`] (text already folded), so a
/// 100,000-row sort does not fold strings in every comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortKey {
    Number(f64),
    Moment(NaiveDateTime),
    Bool(bool),
    Text(String),
    Empty,
}

impl SortKey {
    pub(crate) fn of(cell: &Cell) -> SortKey {
        match cell {
            Cell::Empty => SortKey::Empty,
            Cell::Number(n) => SortKey::Number(*n),
            Cell::Bool(b) => SortKey::Bool(*b),
            Cell::Text(s) => SortKey::Text(super::fold(s)),
            Cell::Worded(w) => SortKey::Text(super::fold(&w.word(crate::i18n::current()))),
            Cell::DateTime(_) | Cell::Date(_) => {
                cell.as_datetime().map_or(SortKey::Empty, SortKey::Moment)
            }
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortKey::Number(_) => 0,
            SortKey::Moment(_) => 1,
            SortKey::Bool(_) => 2,
            SortKey::Text(_) => 3,
            SortKey::Empty => 4,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, SortKey::Empty)
    }
}

impl Eq for SortKey {}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => a.total_cmp(b),
            (SortKey::Moment(a), SortKey::Moment(b)) => a.cmp(b),
            (SortKey::Bool(a), SortKey::Bool(b)) => a.cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// Integers without a fraction, other numbers in their shortest exact form.
fn format_number(n: f64, decimal_comma: bool) -> String {
    let text = if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    };
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]`, or with a zone (`Z`, `+02:00`: converted to
/// local time, because the table shows local times).
fn parse_date_like(s: &str) -> Option<Cell> {
    let b = s.as_bytes();
    // Cheap shape check first: most strings are not dates.
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || !b[0].is_ascii_digit() {
        return None;
    }
    if b.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(Cell::Date);
    }
    if b[10] != b'T' && b[10] != b' ' {
        return None;
    }
    let normalised = if b[10] == b' ' {
        std::borrow::Cow::Owned(format!("{}T{}", &s[..10], &s[11..]))
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    let s = normalised.as_ref();
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(Cell::DateTime(dt));
    }
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
        return Some(Cell::DateTime(dt));
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|dt| Cell::DateTime(dt.with_timezone(&Local).naive_local()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn recognises_coachview_dates_and_kinds() {
        assert_eq!(
            Cell::from_text("2025-06-06T09:30:00"),
            Cell::DateTime(dt("2025-06-06 09:30:00"))
        );
        assert_eq!(
            Cell::from_text("2025-01-16T15:47:18.433"),
            Cell::DateTime(dt("2025-01-16 15:47:18.433"))
        );
        assert_eq!(
            Cell::from_text("2025-06-06"),
            Cell::Date(NaiveDate::from_ymd_opt(2025, 6, 6).unwrap())
        );
        assert_eq!(
            Cell::from_text("2025-13-06"),
            Cell::Text("2025-13-06".into())
        );
        assert_eq!(Cell::from_text("09:30:00"), Cell::Text("09:30:00".into()));
        assert_eq!(Cell::from_value(Some(&json!(52.5))), Cell::Number(52.5));
        assert_eq!(Cell::from_value(Some(&json!(true))), Cell::Bool(true));
        assert_eq!(Cell::from_value(Some(&json!(null))), Cell::Empty);
        assert_eq!(Cell::from_value(Some(&json!(""))), Cell::Empty);
        assert_eq!(Cell::from_value(None), Cell::Empty);
        assert_eq!(
            Cell::from_value(Some(&json!({"a": 1, "b": [true]}))),
            Cell::Text(r#"{"a":1,"b":[true]}"#.into())
        );
    }

    #[test]
    fn displays_dutch_dates_and_decimal_comma() {
        assert_eq!(
            Cell::from_text("2025-01-16T15:47:18.433").display(false),
            "16-01-2025 15:47"
        );
        assert_eq!(Cell::from_text("2025-06-06").display(true), "06-06-2025");
        assert_eq!(Cell::Number(52.5).display(true), "52,5");
        assert_eq!(Cell::Number(52.5).display(false), "52.5");
        assert_eq!(Cell::Number(240923003.0).display(true), "240923003");
        assert_eq!(Cell::Number(-3.0).display(false), "-3");
        assert_eq!(Cell::Empty.display(true), "");
    }

    #[test]
    fn sort_order_is_typed_and_puts_empty_last() {
        let mut cells = vec![
            Cell::Empty,
            Cell::Text("émile".into()),
            Cell::Text("Zeeman".into()),
            Cell::Number(10.0),
            Cell::Number(9.0),
            Cell::Text("eva".into()),
            Cell::from_text("2025-06-06T09:30:00"),
            Cell::from_text("2025-06-05"),
            Cell::Bool(true),
            Cell::Bool(false),
        ];
        cells.sort_by(Cell::cmp_for_sort);
        let shown: Vec<String> = cells.iter().map(|c| c.display(false)).collect();
        assert_eq!(
            shown,
            [
                "9",
                "10",
                "05-06-2025",
                "06-06-2025 09:30",
                "false",
                "true",
                "émile",
                "eva",
                "Zeeman",
                ""
            ]
        );
    }
}

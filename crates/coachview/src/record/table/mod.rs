//! The change browser's table model: precomputed cells, stable sort, filter-as-you-type, day filter.

use super::compact::{Keys, RowTexts};
use super::{Cell, changed_at, fold_into};
use chrono::NaiveDate;
use serde_json::Value;
use std::sync::Arc;

static EMPTY: Cell = Cell::Empty;

/// Rows (records) and chosen columns, ready for a virtual-scrolling table.
///
/// A *row* is an index into [`TableModel::records`]. Rows are only ever appended, never removed
/// or moved, so a row index is a stable handle: the UI keeps its selection as a
/// `HashSet<usize>` of rows, valid across sorting, filtering and appending. [`TableModel::visible`]
/// lists the rows to show, sorted and filtered.
///
/// Memory: a record is kept as compact JSON text (`Arc<str>`), not as a `serde_json::Value`:
/// 100,000 Aanvraag records take ~330 MB as `Value`s but ~75 MB as text; its field names are kept
/// as one byte each (`compact.rs`: a third less). [`TableModel::record`] parses one on demand
/// (detail pane); [`TableModel::rows_compact`] hands rows to an export job
/// ([`crate::export::export_row_texts`]) without copying them. Feed records in windows
/// ([`TableModel::append`], [`TableModel::append_json`]) so the `Value`s never all exist at once.
///
/// Per row it keeps the cells of the chosen columns and one folded (lower-case, accent-free)
/// search text, all in one buffer, so a filter keystroke is one substring scan per row; a
/// keystroke that narrows the filter (text grows) only rescans the rows still shown.
#[derive(Debug, Clone)]
pub struct TableModel {
    /// The records' texts with their field names as codes ([`Keys`]).
    records: Vec<Arc<str>>,
    /// The field names the texts are written with (shared with export jobs; only grows).
    keys: Arc<Keys>,
    columns: Vec<String>,
    /// `cells[column][row]`.
    cells: Vec<Vec<Cell>>,
    /// Folded text of every row's cells, rows back to back; row `r` ends at `search_ends[r]`.
    search_text: String,
    search_ends: Vec<usize>,
    changed_on: Vec<Option<NaiveDate>>,
    /// All rows in sort order.
    order: Vec<usize>,
    sort: Option<(usize, bool)>,
    /// Folded filter text.
    filter: String,
    day: Option<NaiveDate>,
    /// Only rows changed within these days (inclusive) are shown.
    range: Option<(NaiveDate, NaiveDate)>,
    /// Rows outside `range` (counted at the last refilter).
    outside: usize,
    /// Stored rows outside the range that were never loaded (counted by the store).
    stored_outside: usize,
    visible: Vec<usize>,
}

impl TableModel {
    /// A model over `records` showing `columns` (dotted field paths), unsorted and unfiltered.
    pub fn new(records: Vec<Value>, columns: Vec<String>) -> TableModel {
        let mut model = TableModel::empty(columns);
        model.append(records);
        model
    }

    /// A model with no rows yet.
    pub fn empty(columns: Vec<String>) -> TableModel {
        TableModel {
            records: Vec::new(),
            keys: Arc::default(),
            cells: columns.iter().map(|_| Vec::new()).collect(),
            columns,
            search_text: String::new(),
            search_ends: Vec::new(),
            changed_on: Vec::new(),
            order: Vec::new(),
            sort: None,
            filter: String::new(),
            day: None,
            range: None,
            outside: 0,
            stored_outside: 0,
            visible: Vec::new(),
        }
    }

    /// Adds records (a fetch window that arrived), keeping the sort and filters. Each `Value` is
    /// dropped once indexed.
    pub fn append(&mut self, more: Vec<Value>) {
        let start = self.records.len();
        for record in more {
            self.index_row(&record);
            let text = self.compact(&record, &record.to_string());
            self.records.push(text);
        }
        self.appended(start);
    }

    /// Adds records given as JSON text (as the store keeps them). A text the parser refuses as
    /// stored by an older version (a lone surrogate, deep nesting) is repaired
    /// ([`crate::api::raw_sanitize`]); texts that are not JSON are skipped; returns how many were.
    pub fn append_json(&mut self, texts: impl IntoIterator<Item = String>) -> usize {
        let start = self.records.len();
        let mut skipped = 0;
        for text in texts {
            match serde_json::from_str::<Value>(&text) {
                Ok(record) => {
                    self.index_row(&record);
                    let text = self.compact(&record, &text);
                    self.records.push(text);
                }
                Err(_) => match crate::api::raw_sanitize::sanitize(&text).and_then(|(fixed, _)| {
                    Some((serde_json::from_str::<Value>(&fixed).ok()?, fixed))
                }) {
                    Some((record, fixed)) => {
                        self.index_row(&record);
                        let text = self.compact(&record, &fixed);
                        self.records.push(text);
                    }
                    None => skipped += 1,
                },
            }
        }
        self.appended(start);
        skipped
    }

    /// Makes room for `rows` more rows (a load that knows its count).
    pub fn reserve(&mut self, rows: usize) {
        self.records.reserve(rows);
        for cells in &mut self.cells {
            cells.reserve(rows);
        }
        self.search_ends.reserve(rows);
        self.changed_on.reserve(rows);
        self.order.reserve(rows);
        self.visible.reserve(rows);
    }

    /// The compact text of `record` (whose JSON text is `text`), learning its field names.
    pub(super) fn compact(&mut self, record: &Value, text: &str) -> Arc<str> {
        Arc::make_mut(&mut self.keys).learn(record);
        Arc::from(self.keys.encode(text))
    }

    fn appended(&mut self, start: usize) {
        if self.records.len() == start {
            return;
        }
        self.order.extend(start..self.records.len());
        match self.sort {
            Some((column, ascending)) => self.sort_by(column, ascending),
            None => self.refilter(),
        }
    }

    /// Shows other columns; keeps the sort when its column is still shown. The text filter now
    /// applies to the new columns.
    pub fn set_columns(&mut self, columns: Vec<String>) {
        let sorted_name = self
            .sort
            .and_then(|(c, asc)| Some((self.columns.get(c)?.clone(), asc)));
        self.columns = columns;
        self.sort = sorted_name.and_then(|(name, asc)| {
            let index = self
                .columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(&name))?;
            Some((index, asc))
        });
        self.rebuild();
    }

    /// One record by row, parsed from its stored text.
    pub fn record(&self, row: usize) -> Option<Value> {
        // The text was produced by serde_json or parsed by it on the way in, so it parses.
        serde_json::from_str(&self.keys.decode(self.records.get(row)?)).ok()
    }

    /// One record's text as the table keeps it (compact: field names as codes); the same `Arc`
    /// until the row changes. [`TableModel::record_text`] reads it as JSON.
    pub fn record_json(&self, row: usize) -> Option<&Arc<str>> {
        self.records.get(row)
    }

    /// One record's JSON text.
    pub fn record_text(&self, row: usize) -> Option<std::borrow::Cow<'_, str>> {
        Some(self.keys.decode(self.records.get(row)?))
    }

    /// The JSON texts of some rows, in the given order (out-of-range rows skipped), each read
    /// back to JSON (a copy; an export job takes [`TableModel::rows_compact`] instead).
    pub fn rows_json(&self, rows: &[usize]) -> Vec<Arc<str>> {
        rows.iter()
            .filter_map(|&r| self.record_text(r).map(|t| Arc::from(t.as_ref())))
            .collect()
    }

    /// The texts of some rows, in the given order (out-of-range rows skipped), as kept: cheap
    /// (reference-counted), `Send`, for an export job off the UI thread, read one at a time.
    pub fn rows_compact(&self, rows: &[usize]) -> RowTexts {
        let texts = rows
            .iter()
            .filter_map(|&r| self.records.get(r).cloned())
            .collect();
        RowTexts::new(texts, self.keys.clone())
    }

    /// The shown columns (dotted field paths).
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of rows in all (not only visible).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when there are no rows at all.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The cell of `row` in column `column` (`Empty` when out of range).
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.cells
            .get(column)
            .and_then(|cells| cells.get(row))
            .unwrap_or(&EMPTY)
    }

    /// The rows to show, in sort order, after the text and day filters.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// Recomputes cells and search text for new columns (parses every record once more).
    fn rebuild(&mut self) {
        let rows = self.records.len();
        self.cells = (0..self.columns.len())
            .map(|_| Vec::with_capacity(rows))
            .collect();
        self.search_text.clear();
        self.search_ends = Vec::with_capacity(rows);
        self.changed_on = Vec::with_capacity(rows);
        for row in 0..rows {
            let record = self.record(row).unwrap_or(Value::Null);
            self.index_row(&record);
        }
        self.search_text.shrink_to_fit();
        match self.sort {
            Some((column, ascending)) => self.sort_by(column, ascending),
            None => self.refilter(),
        }
    }

    /// Appends the cells, search text and change day of the next row.
    fn index_row(&mut self, record: &Value) {
        for (column, path) in self.columns.iter().enumerate() {
            let cell = super::names::display_cell(record, path);
            push_search(&mut self.search_text, &cell);
            self.cells[column].push(cell);
        }
        self.search_ends.push(self.search_text.len());
        self.changed_on.push(changed_at(record).map(|t| t.date()));
    }
}

/// Appends a cell's folded text (and a separator) to a row's search text; a worded cell in
/// every language, so the filter finds what the planner reads whatever language is shown.
fn push_search(search_text: &mut String, cell: &Cell) {
    if let Cell::Worded(w) = cell {
        for words in w.every_wording() {
            fold_into(&words, search_text);
            search_text.push('\u{1f}');
        }
        return;
    }
    if !matches!(cell, Cell::Empty) {
        fold_into(&cell.display(false), search_text);
        if let Cell::Number(n) = cell
            && n.fract() != 0.0
        {
            search_text.push(' ');
            search_text.push_str(&cell.display(true));
        }
        // A separator no typed text contains, so a match never spans two cells.
        search_text.push('\u{1f}');
    }
}

mod names_in_place;

mod replace;

mod view;

#[cfg(test)]
mod tests;

//! The change browser's table model: precomputed cells, stable sort, filter-as-you-type, day filter.

use super::cell::SortKey;
use super::{Cell, changed_at, fold_into};
use chrono::NaiveDate;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

static EMPTY: Cell = Cell::Empty;

/// Rows (records) and chosen columns, ready for a virtual-scrolling table.
///
/// A *row* is an index into [`TableModel::records`]. Rows are only ever appended, never removed
/// or moved, so a row index is a stable handle: the UI keeps its selection as a
/// `HashSet<usize>` of rows, valid across sorting, filtering and appending. [`TableModel::visible`]
/// lists the rows to show, sorted and filtered.
///
/// Per row it keeps the cells of the chosen columns and one folded (lower-case, accent-free)
/// search text, all in one buffer, so a filter keystroke is one substring scan per row; a
/// keystroke that narrows the filter (text grows) only rescans the rows still shown.
#[derive(Debug, Clone)]
pub struct TableModel {
    records: Arc<Vec<Value>>,
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
    visible: Vec<usize>,
}

impl TableModel {
    /// A model over `records` showing `columns` (dotted field paths), unsorted and unfiltered.
    pub fn new(records: impl Into<Arc<Vec<Value>>>, columns: Vec<String>) -> TableModel {
        let mut model = TableModel {
            records: records.into(),
            columns,
            cells: Vec::new(),
            search_text: String::new(),
            search_ends: Vec::new(),
            changed_on: Vec::new(),
            order: Vec::new(),
            sort: None,
            filter: String::new(),
            day: None,
            visible: Vec::new(),
        };
        model.rebuild();
        model
    }

    /// Adds records (a fetch window that arrived), keeping the sort and filters.
    pub fn append(&mut self, more: Vec<Value>) {
        if more.is_empty() {
            return;
        }
        let start = self.records.len();
        Arc::make_mut(&mut self.records).extend(more);
        for row in start..self.records.len() {
            self.index_row(row);
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

    /// The records, shared (hand a clone of the `Arc` to an export job).
    pub fn records(&self) -> &Arc<Vec<Value>> {
        &self.records
    }

    /// One record by row.
    pub fn record(&self, row: usize) -> Option<&Value> {
        self.records.get(row)
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

    /// The current sort: column index and ascending.
    pub fn sort_state(&self) -> Option<(usize, bool)> {
        self.sort
    }

    /// Sorts by a column (stable: equal cells keep their previous order, so sorting by B then
    /// by A orders by A, then B). Empty cells stay last in both directions.
    pub fn sort_by(&mut self, column: usize, ascending: bool) {
        let Some(cells) = self.cells.get(column) else {
            return;
        };
        let keys: Vec<SortKey> = cells.iter().map(SortKey::of).collect();
        self.order.sort_by(|&a, &b| {
            let (ka, kb) = (&keys[a], &keys[b]);
            match (ka.is_empty(), kb.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ if ascending => ka.cmp(kb),
                _ => kb.cmp(ka),
            }
        });
        self.sort = Some((column, ascending));
        self.refilter();
    }

    /// Filters on text (case- and accent-insensitive substring of any shown column, as shown:
    /// dates as `dd-mm-jjjj uu:mm`, fractions with a point or a comma). Returns the visible rows.
    pub fn set_filter(&mut self, text: &str) -> &[usize] {
        let mut needle = String::with_capacity(text.len());
        fold_into(text, &mut needle);
        let narrowing = needle.contains(self.filter.as_str());
        self.filter = needle;
        if narrowing {
            let mut visible = std::mem::take(&mut self.visible);
            visible.retain(|&row| self.matches_text(row));
            self.visible = visible;
        } else {
            self.refilter();
        }
        &self.visible
    }

    /// Shows only rows changed on `day` (`auditTrail.gewijzigdDatumTijd`, else the creation
    /// time), or all days with `None`. Returns the visible rows.
    pub fn filter_day(&mut self, day: Option<NaiveDate>) -> &[usize] {
        self.day = day;
        self.refilter();
        &self.visible
    }

    /// The day filter in force.
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// The day a row last changed.
    pub fn changed_on(&self, row: usize) -> Option<NaiveDate> {
        self.changed_on.get(row).copied().flatten()
    }

    /// Rows changed per day over all rows (ignoring filters), by day ascending.
    pub fn changes_per_day(&self) -> Vec<(NaiveDate, usize)> {
        let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for day in self.changed_on.iter().flatten() {
            *per_day.entry(*day).or_default() += 1;
        }
        per_day.into_iter().collect()
    }

    fn rebuild(&mut self) {
        let rows = self.records.len();
        self.cells = (0..self.columns.len())
            .map(|_| Vec::with_capacity(rows))
            .collect();
        self.search_text.clear();
        self.search_ends = Vec::with_capacity(rows);
        self.changed_on = Vec::with_capacity(rows);
        for row in 0..rows {
            self.index_row(row);
        }
        self.search_text.shrink_to_fit();
        if self.order.len() != rows {
            self.order = (0..rows).collect();
        }
        match self.sort {
            Some((column, ascending)) => self.sort_by(column, ascending),
            None => self.refilter(),
        }
    }

    fn index_row(&mut self, row: usize) {
        let record = &self.records[row];
        for (column, path) in self.columns.iter().enumerate() {
            let cell = super::cell(record, path);
            if !matches!(cell, Cell::Empty) {
                fold_into(&cell.display(false), &mut self.search_text);
                if let Cell::Number(n) = cell
                    && n.fract() != 0.0
                {
                    self.search_text.push(' ');
                    self.search_text.push_str(&cell.display(true));
                }
                // A separator no typed text contains, so a match never spans two cells.
                self.search_text.push('\u{1f}');
            }
            self.cells[column].push(cell);
        }
        self.search_ends.push(self.search_text.len());
        self.changed_on.push(changed_at(record).map(|t| t.date()));
    }

    fn matches_text(&self, row: usize) -> bool {
        if self.filter.is_empty() {
            return true;
        }
        let start = if row == 0 {
            0
        } else {
            self.search_ends[row - 1]
        };
        self.search_text[start..self.search_ends[row]].contains(self.filter.as_str())
    }

    fn refilter(&mut self) {
        let mut visible = std::mem::take(&mut self.visible);
        visible.clear();
        visible.extend(self.order.iter().copied().filter(|&row| {
            (self.day.is_none() || self.changed_on[row] == self.day) && self.matches_text(row)
        }));
        self.visible = visible;
    }
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;

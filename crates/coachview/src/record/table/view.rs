//! What the table shows: the sort, the text filter, the day and range filters, and the changes per
//! day of the chart (a second `impl TableModel`; building and appending rows is in `mod.rs`).

use super::TableModel;
use crate::record::cell::SortKey;
use crate::record::fold_into;
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::BTreeMap;

impl TableModel {
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

    /// Shows only rows changed between `from` and `to` (whole days, inclusive), or every row
    /// with `None`; rows without a change time lie outside any range. Returns the visible rows.
    pub fn filter_range(&mut self, range: Option<(NaiveDate, NaiveDate)>) -> &[usize] {
        if self.range != range {
            self.range = range;
            self.refilter();
        }
        &self.visible
    }

    /// The range filter in force.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.range
    }

    /// How many rows lie outside the range filter: those loaded but filtered out, and the stored
    /// ones the store counted but did not load ([`TableModel::set_stored_outside`]).
    pub fn outside_range(&self) -> usize {
        self.outside + self.stored_outside
    }

    /// The number of stored rows outside the range that were not loaded (the store counts them).
    pub fn set_stored_outside(&mut self, rows: usize) {
        self.stored_outside = rows;
    }

    fn in_range(&self, row: usize) -> bool {
        match self.range {
            None => true,
            Some((from, to)) => self.changed_on[row].is_some_and(|d| d >= from && d <= to),
        }
    }

    /// The day filter in force.
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// The day a row last changed.
    pub fn changed_on(&self, row: usize) -> Option<NaiveDate> {
        self.changed_on.get(row).copied().flatten()
    }

    /// Rows changed per day over the rows in the range (ignoring the other filters), by day
    /// ascending.
    pub fn changes_per_day(&self) -> Vec<(NaiveDate, usize)> {
        let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (row, day) in self.changed_on.iter().enumerate() {
            if let Some(day) = day
                && self.in_range(row)
            {
                *per_day.entry(*day).or_default() += 1;
            }
        }
        per_day.into_iter().collect()
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

    /// Rows whose search text contains the filter: one scan over the whole buffer, jumping to
    /// the next row after a hit (faster than a search per row). `None` without a filter.
    fn text_hits(&self) -> Option<Vec<bool>> {
        if self.filter.is_empty() {
            return None;
        }
        let mut hits = vec![false; self.search_ends.len()];
        let mut from = 0;
        while let Some(found) = self.search_text[from..].find(self.filter.as_str()) {
            let row = self.search_ends.partition_point(|&end| end <= from + found);
            let Some(hit) = hits.get_mut(row) else { break };
            *hit = true;
            from = self.search_ends[row];
        }
        Some(hits)
    }

    pub(super) fn refilter(&mut self) {
        let hits = self.text_hits();
        let mut visible = std::mem::take(&mut self.visible);
        visible.clear();
        visible.extend(self.order.iter().copied().filter(|&row| {
            self.in_range(row)
                && (self.day.is_none() || self.changed_on[row] == self.day)
                && hits.as_ref().is_none_or(|h| h[row])
        }));
        self.visible = visible;
        self.outside = match self.range {
            None => 0,
            Some(_) => (0..self.records.len())
                .filter(|&r| !self.in_range(r))
                .count(),
        };
    }
}

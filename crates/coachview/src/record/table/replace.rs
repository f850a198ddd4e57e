//! Newer versions of rows already in a table, put in place: the row keeps its index (so the
//! selection and focus stay valid), only its record, cells and change day are replaced, and the
//! sort and filters are applied again. Rows synced while the view is open arrive this way
//! instead of the whole range being loaded again.

use super::{TableModel, changed_at};
use serde_json::Value;

impl TableModel {
    /// Replaces the records of some rows (row index, newer record); rows out of range are
    /// skipped. Returns how many were replaced.
    pub fn replace_rows(&mut self, rows: Vec<(usize, Value)>) -> usize {
        let mut replaced = 0;
        for (row, record) in rows {
            if row >= self.records.len() {
                continue;
            }
            for (column, path) in self.columns.iter().enumerate() {
                self.cells[column][row] = super::super::names::display_cell(&record, path);
            }
            self.changed_on[row] = changed_at(&record).map(|t| t.date());
            self.records[row] = self.compact(&record, &record.to_string());
            replaced += 1;
        }
        if replaced > 0 {
            self.reindex_search();
            match self.sort {
                Some((column, ascending)) => self.sort_by(column, ascending),
                None => self.refilter(),
            }
        }
        replaced
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::Arc;

    #[test]
    fn a_replaced_row_keeps_its_index_and_is_sorted_and_found_anew() {
        let records = vec![
            json!({"id": "a", "nummer": 1, "status": "Nieuw"}),
            json!({"id": "b", "nummer": 2, "status": "Nieuw"}),
        ];
        let mut m = TableModel::new(records, vec!["nummer".into(), "status".into()]);
        m.sort_by(0, true);
        let untouched = m.record_json(1).cloned().unwrap();
        let newer = json!({"id": "a", "nummer": 3, "status": "Verwerkt"});
        assert_eq!(m.replace_rows(vec![(0, newer), (9, json!({}))]), 1);
        assert_eq!(m.len(), 2, "no row added");
        assert_eq!(m.cell(0, 0).display(false), "3");
        assert_eq!(m.visible(), &[1, 0][..], "sorted on the new value");
        assert_eq!(m.set_filter("verwerkt"), &[0][..]);
        assert!(Arc::ptr_eq(&untouched, m.record_json(1).unwrap()));
    }
}

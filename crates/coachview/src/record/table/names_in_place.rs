//! Names put into a loaded table in place: a resolved names batch turns the bare ids in the id
//! columns into names without reloading the rows (only the rows that show one of those ids are
//! touched; every other row keeps its text, untouched).

use super::{Cell, TableModel, push_search};
use crate::record::Worded;
use crate::record::changes::OWN_KEY;
use crate::record::names::{ID_FIELDS, NameState, name_json};
use crate::resource::Resource;
use serde_json::{Map, Value};
use std::collections::HashMap;

impl TableModel {
    /// Shows the names of `target`'s ids in place of the bare ids: every cell of an id column
    /// pointing at `target` that still shows an id of `names` shows its name (or "not found",
    /// "no read access"), the row's record gains the name under `coachdesk.namen` (detail pane,
    /// readable export) and the search text follows; the sort is kept. Returns the rows changed.
    pub fn put_names(&mut self, target: Resource, names: &HashMap<String, NameState>) -> usize {
        let fields: Vec<(usize, &'static str)> = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let (field, r) = ID_FIELDS.iter().find(|(f, _)| f.eq_ignore_ascii_case(c))?;
                (*r == target).then_some((i, *field))
            })
            .collect();
        if fields.is_empty() || names.is_empty() {
            return 0;
        }
        // (row, field, name), from the cells alone: no record is parsed to find them. The cell
        // keeps the name typed; it is worded when drawn.
        let mut changed: Vec<(usize, &'static str, Value)> = Vec::new();
        for &(column, field) in &fields {
            for (row, cell) in self.cells[column].iter_mut().enumerate() {
                if let Cell::Text(id) = cell
                    && let Some(state) = names.get(id.as_str())
                {
                    *cell = Cell::Worded(Worded::Name(target, state.clone()).shared());
                    changed.push((row, field, name_json(state)));
                }
            }
        }
        if changed.is_empty() {
            return 0;
        }
        changed.sort_by_key(|(row, _, _)| *row);
        let mut rows = 0;
        for group in changed.chunk_by(|a, b| a.0 == b.0) {
            let row = group[0].0;
            let Some(mut record) = self.record(row) else {
                continue;
            };
            if let Value::Object(map) = &mut record {
                let own = map
                    .entry(OWN_KEY)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(own) = own {
                    let namen = own
                        .entry("namen")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(namen) = namen {
                        for (_, field, shown) in group {
                            namen.insert((*field).to_string(), shown.clone());
                        }
                    }
                }
            }
            self.records[row] = self.compact(&record, &record.to_string());
            rows += 1;
        }
        self.reindex_search();
        let sorted_on_names = self
            .sort
            .filter(|(c, _)| fields.iter().any(|(f, _)| f == c));
        match sorted_on_names {
            Some((column, ascending)) => self.sort_by(column, ascending),
            None => self.refilter(),
        }
        rows
    }

    /// Rebuilds the search text from the cells (no record is parsed).
    pub(super) fn reindex_search(&mut self) {
        let mut text = String::with_capacity(self.search_text.len());
        let mut ends = Vec::with_capacity(self.records.len());
        for row in 0..self.records.len() {
            for cells in &self.cells {
                if let Some(cell) = cells.get(row) {
                    push_search(&mut text, cell);
                }
            }
            ends.push(text.len());
        }
        self.search_text = text;
        self.search_ends = ends;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::Arc;

    #[test]
    fn a_names_batch_changes_only_the_rows_with_those_ids() {
        let records = vec![
            json!({"id": "a1", "bedrijfId": "b1", "nummer": 1,
                "auditTrail": {"gewijzigdDatumTijd": "2026-11-24T10:00:00"}}),
            json!({"id": "a2", "bedrijfId": "b2", "nummer": 2,
                "auditTrail": {"gewijzigdDatumTijd": "2026-11-24T11:00:00"}}),
            json!({"id": "a3", "bedrijfId": "b1", "nummer": 3,
                "auditTrail": {"gewijzigdDatumTijd": "2026-11-24T12:00:00"}}),
        ];
        let mut m = TableModel::new(records, vec!["nummer".into(), "bedrijfId".into()]);
        m.sort_by(1, true);
        let untouched = m.record_json(1).unwrap().clone();
        let names: HashMap<String, NameState> = [
            (
                "b1".to_string(),
                NameState::Found("Zuidas Bouw B.V.".into()),
            ),
            ("bx".to_string(), NameState::Found("Unrelated".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            m.put_names(Resource::Personen, &names),
            0,
            "no column points there"
        );
        assert_eq!(m.put_names(Resource::Bedrijven, &names), 2);
        assert_eq!(m.cell(0, 1).display(false), "Zuidas Bouw B.V.");
        assert_eq!(m.cell(2, 1).display(false), "Zuidas Bouw B.V.");
        assert_eq!(m.cell(1, 1).display(false), "b2");
        assert!(
            Arc::ptr_eq(&untouched, m.record_json(1).unwrap()),
            "row 2 untouched"
        );
        let r0 = m.record(0).unwrap();
        assert_eq!(r0["bedrijfId"], "b1", "the record keeps its id");
        assert_eq!(r0[OWN_KEY]["namen"]["bedrijfId"], "Zuidas Bouw B.V.");
        // Sorted on the names column: the rows follow the names now (b2 before Zuidas).
        assert_eq!(m.visible(), &[1, 0, 2][..]);
        // The filter finds the name, no longer the id.
        assert_eq!(m.set_filter("zuidas"), &[0, 2][..]);
        assert!(m.set_filter("b1").is_empty());
        let missing: HashMap<String, NameState> = [("b2".to_string(), NameState::Missing)]
            .into_iter()
            .collect();
        assert_eq!(m.put_names(Resource::Bedrijven, &missing), 1);
        assert_eq!(
            m.cell(1, 1).display(false),
            NameState::Missing.shown_in(crate::i18n::current(), Resource::Bedrijven)
        );
    }
}

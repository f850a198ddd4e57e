//! Runs a list query over a table: index range, residual filter, order, skip/take, count.

use super::query::{OrderBy, Where, within};
use super::store::{Id, Row, Table};
use serde_json::Value;

/// One answered page.
#[derive(Debug, Default)]
pub struct Page {
    /// The records of the page, as JSON text.
    pub items: Vec<String>,
    /// The number of matching records before skip/take (only when asked for).
    pub total: Option<usize>,
}

/// Answers a list query. Default order (no `orderby`): change time, then id, ascending.
pub fn list(
    table: &Table,
    filter: &Where,
    order: Option<&OrderBy>,
    skip: usize,
    take: usize,
    want_count: bool,
) -> Page {
    let (lo, hi) = filter.change_bounds();
    let residual = filter.residual();
    let candidates: Box<dyn DoubleEndedIterator<Item = (&Id, &Row)> + '_> = match filter.id_list() {
        Some(ids) => {
            let mut rows: Vec<(&Id, &Row)> = Vec::new();
            for id in &ids {
                if let Some((key, row)) = table.get_entry(id)
                    && within(row.changed, lo, hi)
                    && !rows.iter().any(|(k, _)| *k == key)
                {
                    rows.push((key, row));
                }
            }
            rows.sort_by(|a, b| (a.1.changed, a.0).cmp(&(b.1.changed, b.0)));
            Box::new(rows.into_iter())
        }
        None => table.range(lo, hi),
    };
    let accept = |row: &Row| -> Option<Option<Value>> {
        if residual.is_empty() {
            return Some(None);
        }
        let value = row.value();
        residual
            .iter()
            .all(|c| c.matches(&value))
            .then_some(Some(value))
    };
    let index_order = match order {
        None => Some(false),
        Some(o) => o.by_change_only(),
    };
    match index_order {
        Some(desc) => {
            let iter: Box<dyn Iterator<Item = (&Id, &Row)>> = if desc {
                Box::new(candidates.rev())
            } else {
                candidates
            };
            let mut page = Page::default();
            let mut seen = 0usize;
            for (_, row) in iter {
                if accept(row).is_none() {
                    continue;
                }
                if seen >= skip && page.items.len() < take {
                    page.items.push(row.json());
                }
                seen += 1;
                if !want_count && page.items.len() >= take && seen >= skip {
                    break;
                }
            }
            page.total = want_count.then_some(seen);
            page
        }
        None => {
            let Some(order) = order else {
                return Page::default();
            };
            let mut matched: Vec<(Value, &Row, &Id)> = candidates
                .filter_map(|(id, row)| {
                    let value = accept(row)?.unwrap_or_else(|| row.value());
                    Some((value, row, id))
                })
                .collect();
            matched.sort_by(|a, b| {
                order
                    .compare(&a.0, &b.0)
                    .then_with(|| (a.1.changed, a.2).cmp(&(b.1.changed, b.2)))
            });
            let total = matched.len();
            Page {
                items: matched
                    .into_iter()
                    .skip(skip)
                    .take(take)
                    .map(|(_, row, _)| row.json())
                    .collect(),
                total: want_count.then_some(total),
            }
        }
    }
}

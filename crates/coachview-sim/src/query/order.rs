//! The `orderby` language: parsing and sorting records by it.

use super::QueryError;
use super::lookup;
use super::matching::text_of;
use crate::store::{CHANGED_PATH, FieldKind};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A parsed `orderby`: fields with their direction (true = descending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBy {
    /// The lower-case field paths in order, each with `true` for descending.
    pub keys: Vec<(String, bool)>,
}

impl OrderBy {
    /// Parses `field [asc|desc][, field [asc|desc]…]`.
    pub fn parse(text: &str, schema: &BTreeMap<String, FieldKind>) -> Result<OrderBy, QueryError> {
        let mut keys = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let mut words = part.split_whitespace();
            let field = words.next().unwrap_or_default();
            let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => return Err(QueryError::BadOrder(part.into())),
            };
            if words.next().is_some() {
                return Err(QueryError::BadOrder(part.into()));
            }
            let path = field.to_ascii_lowercase();
            match schema.get(&path) {
                Some(FieldKind::Object | FieldKind::Array) | None => {
                    return Err(QueryError::UnknownOrderField(field.into()));
                }
                Some(_) => keys.push((path, desc)),
            }
        }
        if keys.is_empty() {
            return Err(QueryError::BadOrder(text.into()));
        }
        Ok(OrderBy { keys })
    }

    /// The change time alone (the index order): `Some(descending)`.
    pub fn by_change_only(&self) -> Option<bool> {
        match self.keys.as_slice() {
            [(path, desc)] if path == CHANGED_PATH => Some(*desc),
            _ => None,
        }
    }

    /// Compares two records by the keys (nulls first when ascending).
    pub fn compare(&self, a: &Value, b: &Value) -> Ordering {
        for (path, desc) in &self.keys {
            let ord = value_order(
                lookup(a, path).unwrap_or(&Value::Null),
                lookup(b, path).unwrap_or(&Value::Null),
            );
            let ord = if *desc { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    }
}

fn value_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => text_of(a).cmp(&text_of(b)),
    }
}

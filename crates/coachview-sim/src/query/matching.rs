//! Matching a record against the parsed clauses: the value at a path, and comparisons.

use super::{Clause, Cond, Op, Scalar};
use crate::time::parse_record_time;
use chrono::NaiveDateTime;
use serde_json::Value;
use std::cmp::Ordering;
use std::ops::Bound;

/// The value at a lower-case dotted path, matching keys case-insensitively.
pub fn lookup<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = record;
    for part in path.split('.') {
        let Value::Object(map) = current else {
            return None;
        };
        current = match map.get(part) {
            Some(v) => v,
            None => map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .map(|(_, v)| v)?,
        };
    }
    Some(current)
}

impl Clause {
    /// True when the record satisfies this clause.
    pub fn matches(&self, record: &Value) -> bool {
        let value = lookup(record, &self.path).unwrap_or(&Value::Null);
        match &self.cond {
            Cond::TimeRange(lo, hi) => value
                .as_str()
                .and_then(parse_record_time)
                .is_some_and(|t| within(t, *lo, *hi)),
            Cond::In(list) => list.iter().any(|s| scalar_eq(value, s)),
            Cond::Cmp(op, s) => match compare(value, s) {
                Some(ord) => match op {
                    Op::Gt => ord == Ordering::Greater,
                    Op::Ge => ord != Ordering::Less,
                    Op::Lt => ord == Ordering::Less,
                    Op::Le => ord != Ordering::Greater,
                },
                None => false,
            },
        }
    }
}

/// True when `t` lies within the bounds.
pub fn within(t: NaiveDateTime, lo: Bound<NaiveDateTime>, hi: Bound<NaiveDateTime>) -> bool {
    let above = match lo {
        Bound::Included(l) => t >= l,
        Bound::Excluded(l) => t > l,
        Bound::Unbounded => true,
    };
    let below = match hi {
        Bound::Included(h) => t <= h,
        Bound::Excluded(h) => t < h,
        Bound::Unbounded => true,
    };
    above && below
}

pub(super) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.to_lowercase()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn scalar_eq(value: &Value, s: &Scalar) -> bool {
    match s {
        Scalar::Null => value.is_null(),
        Scalar::Bool(b) => value.as_bool() == Some(*b),
        Scalar::Num(n) => value.as_f64() == Some(*n),
        Scalar::Str(text) => text_of(value).is_some_and(|v| v == *text),
    }
}

fn compare(value: &Value, s: &Scalar) -> Option<Ordering> {
    match s {
        Scalar::Num(n) => value.as_f64()?.partial_cmp(n),
        Scalar::Str(text) => Some(text_of(value)?.as_str().cmp(text.as_str())),
        _ => None,
    }
}

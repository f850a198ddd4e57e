//! The `where` and `orderby` languages: parsing against a table's fields and matching records.

use super::store::{CHANGED_PATH, FieldKind};
use super::time::{FilterTime, parse_filter_time};
use chrono::NaiveDateTime;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound;

/// Why a `where` or `orderby` was refused (the text goes into the 400 body).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown field '{0}' in where")]
    /// A `where` names a field the table does not have.
    UnknownField(String),
    #[error("unknown field '{0}' in orderby")]
    /// An `orderby` names a field the table does not have.
    UnknownOrderField(String),
    #[error("bad operator in where clause '{0}': use =, >, >=, < or <=")]
    /// A clause has no known operator (`=`, `>`, `>=`, `<`, `<=`).
    BadOperator(String),
    #[error("missing field name in where clause '{0}'")]
    /// A clause has an operator but no field name before it.
    MissingField(String),
    #[error(
        "bad date '{value}' for field '{field}': use dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd or yyyy-mm-ddTHH:MM:SS"
    )]
    /// A date clause's value is not a date or date-time in a known form.
    BadDate {
        /// The field's name as written.
        field: String,
        /// The value as written.
        value: String,
    },
    #[error("bad number '{value}' for field '{field}'")]
    /// A number field compared with something that is not a number.
    BadNumber {
        /// The field's name as written.
        field: String,
        /// The value as written.
        value: String,
    },
    #[error("bad boolean '{value}' for field '{field}': use true or false")]
    /// A boolean field compared with something other than `true`/`false`.
    BadBool {
        /// The field's name as written.
        field: String,
        /// The value as written.
        value: String,
    },
    #[error("field '{field}' only supports '=' (got '{op}')")]
    /// A field that only supports `=` got another operator.
    OnlyEquals {
        /// The field's name as written.
        field: String,
        /// The operator used.
        op: String,
    },
    #[error("a comma list needs '=' (field '{0}')")]
    /// A comma list of values with an operator other than `=`.
    ListNeedsEquals(String),
    #[error("a date range on '{0}' takes exactly two dates: from,to")]
    /// A date range (`=from,to`) with other than two dates.
    BadRange(String),
    #[error("field '{0}' is an object or a list and cannot be filtered")]
    /// A filter on an object or list field.
    NotFilterable(String),
    #[error("bad orderby '{0}': use 'field asc' or 'field desc'")]
    /// An `orderby` part that is not `field [asc|desc]`.
    BadOrder(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

/// A literal in a clause.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Lower case (text compares case-insensitively).
    Str(String),
}

/// What a clause demands of its field.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// A date or date-time between the bounds.
    TimeRange(Bound<NaiveDateTime>, Bound<NaiveDateTime>),
    /// Equal to one of these (`=` with one value or a comma list).
    In(Vec<Scalar>),
    /// Compared with `>`, `>=`, `<`, `<=`.
    Cmp(Op, Scalar),
}

/// One `field<op>value` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// Lower-case dotted path.
    pub path: String,
    /// What the clause demands of the field's value.
    pub cond: Cond,
}

/// A parsed `where`: clauses joined with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Where {
    /// The clauses, all of which must hold.
    pub clauses: Vec<Clause>,
}

impl Where {
    /// Parses `a=b;c>=d;…` against the table's known fields.
    pub fn parse(text: &str, schema: &BTreeMap<String, FieldKind>) -> Result<Where, QueryError> {
        let mut clauses = Vec::new();
        for raw in text.split(';') {
            let raw = raw.trim();
            if !raw.is_empty() {
                clauses.push(parse_clause(raw, schema)?);
            }
        }
        Ok(Where { clauses })
    }

    /// The change-time bounds of all clauses on `auditTrail.gewijzigdDatumTijd`, intersected.
    pub fn change_bounds(&self) -> (Bound<NaiveDateTime>, Bound<NaiveDateTime>) {
        let mut lo = Bound::Unbounded;
        let mut hi = Bound::Unbounded;
        for c in &self.clauses {
            if c.path == CHANGED_PATH
                && let Cond::TimeRange(l, h) = &c.cond
            {
                lo = tighter(lo, *l, Ordering::Greater);
                hi = tighter(hi, *h, Ordering::Less);
            }
        }
        (lo, hi)
    }

    /// The ids of an `id=a,b,c` clause, if there is one.
    pub fn id_list(&self) -> Option<Vec<String>> {
        self.clauses
            .iter()
            .find_map(|c| match (&c.cond, c.path.as_str()) {
                (Cond::In(values), "id") => Some(
                    values
                        .iter()
                        .filter_map(|v| match v {
                            Scalar::Str(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => None,
            })
    }

    /// The clauses the change-time index does not already answer.
    pub fn residual(&self) -> Vec<&Clause> {
        self.clauses
            .iter()
            .filter(|c| !(c.path == CHANGED_PATH && matches!(c.cond, Cond::TimeRange(..))))
            .collect()
    }
}

/// Of two bounds, the one that admits less; `side` is Greater for lower bounds.
fn tighter(
    a: Bound<NaiveDateTime>,
    b: Bound<NaiveDateTime>,
    side: Ordering,
) -> Bound<NaiveDateTime> {
    let time = |x: &Bound<NaiveDateTime>| match x {
        Bound::Included(t) | Bound::Excluded(t) => Some(*t),
        Bound::Unbounded => None,
    };
    match (time(&a), time(&b)) {
        (None, _) => b,
        (_, None) => a,
        (Some(ta), Some(tb)) if ta.cmp(&tb) == side => a,
        (Some(ta), Some(tb)) if tb.cmp(&ta) == side => b,
        _ if matches!(a, Bound::Excluded(_)) => a,
        _ => b,
    }
}

fn parse_clause(raw: &str, schema: &BTreeMap<String, FieldKind>) -> Result<Clause, QueryError> {
    let op_start = raw
        .find(['=', '<', '>', '!'])
        .ok_or_else(|| QueryError::BadOperator(raw.into()))?;
    let field = raw[..op_start].trim();
    let rest = &raw[op_start..];
    let op_len = rest
        .find(|c| !matches!(c, '=' | '<' | '>' | '!'))
        .unwrap_or(rest.len());
    let (op, value) = (&rest[..op_len], rest[op_len..].trim());
    if field.is_empty() {
        return Err(QueryError::MissingField(raw.into()));
    }
    let path = field.to_ascii_lowercase();
    if !path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(QueryError::UnknownField(field.into()));
    }
    let kind = *schema
        .get(&path)
        .ok_or_else(|| QueryError::UnknownField(field.into()))?;
    let op = match op {
        "=" => None,
        ">" => Some(Op::Gt),
        ">=" => Some(Op::Ge),
        "<" => Some(Op::Lt),
        "<=" => Some(Op::Le),
        _ => return Err(QueryError::BadOperator(raw.into())),
    };
    let values: Vec<&str> = value.split(',').map(str::trim).collect();
    if values.len() > 1 && op.is_some() && !matches!(kind, FieldKind::Date | FieldKind::DateTime) {
        return Err(QueryError::ListNeedsEquals(field.into()));
    }
    let cond = match kind {
        FieldKind::Object | FieldKind::Array => {
            return Err(QueryError::NotFilterable(field.into()));
        }
        FieldKind::Date | FieldKind::DateTime => time_cond(field, op, &values)?,
        FieldKind::Bool => {
            if let Some(op) = op {
                return Err(QueryError::OnlyEquals {
                    field: field.into(),
                    op: op_text(op).into(),
                });
            }
            let parsed = values
                .iter()
                .map(|v| match v.to_ascii_lowercase().as_str() {
                    "true" => Ok(Scalar::Bool(true)),
                    "false" => Ok(Scalar::Bool(false)),
                    "null" => Ok(Scalar::Null),
                    _ => Err(QueryError::BadBool {
                        field: field.into(),
                        value: (*v).into(),
                    }),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Cond::In(parsed)
        }
        FieldKind::Num => {
            let parsed = values
                .iter()
                .map(|v| {
                    if v.eq_ignore_ascii_case("null") {
                        return Ok(Scalar::Null);
                    }
                    v.parse::<f64>()
                        .map(Scalar::Num)
                        .map_err(|_| QueryError::BadNumber {
                            field: field.into(),
                            value: (*v).into(),
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            scalar_cond(op, parsed)
        }
        FieldKind::Str | FieldKind::Unknown => {
            let parsed = values
                .iter()
                .map(|v| {
                    if v.eq_ignore_ascii_case("null") {
                        Scalar::Null
                    } else {
                        Scalar::Str(v.to_lowercase())
                    }
                })
                .collect();
            scalar_cond(op, parsed)
        }
    };
    Ok(Clause { path, cond })
}

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Lt => "<",
        Op::Le => "<=",
    }
}

fn scalar_cond(op: Option<Op>, mut values: Vec<Scalar>) -> Cond {
    match (op, values.len()) {
        (Some(op), 1) => Cond::Cmp(op, values.remove(0)),
        _ => Cond::In(values),
    }
}

/// Date clauses: `=d` is that whole day (or that exact moment for a date-time), `=d1,d2` is
/// `[d1, d2)`; `>`, `>=`, `<`, `<=` compare with the moment (a date means its midnight).
fn time_cond(field: &str, op: Option<Op>, values: &[&str]) -> Result<Cond, QueryError> {
    let parse = |v: &str| {
        parse_filter_time(v).ok_or_else(|| QueryError::BadDate {
            field: field.into(),
            value: v.into(),
        })
    };
    match (op, values) {
        (None, [v]) if v.eq_ignore_ascii_case("null") => Ok(Cond::In(vec![Scalar::Null])),
        (None, [v]) => Ok(match parse(v)? {
            FilterTime::Date(d) => {
                let start = FilterTime::Date(d).start();
                Cond::TimeRange(
                    Bound::Included(start),
                    Bound::Excluded(start + chrono::Duration::days(1)),
                )
            }
            FilterTime::DateTime(t) => Cond::TimeRange(Bound::Included(t), Bound::Included(t)),
        }),
        (None, [from, to]) => Ok(Cond::TimeRange(
            Bound::Included(parse(from)?.start()),
            Bound::Excluded(parse(to)?.start()),
        )),
        (Some(op), [v]) => {
            let t = parse(v)?.start();
            Ok(match op {
                Op::Gt => Cond::TimeRange(Bound::Excluded(t), Bound::Unbounded),
                Op::Ge => Cond::TimeRange(Bound::Included(t), Bound::Unbounded),
                Op::Lt => Cond::TimeRange(Bound::Unbounded, Bound::Excluded(t)),
                Op::Le => Cond::TimeRange(Bound::Unbounded, Bound::Included(t)),
            })
        }
        _ => Err(QueryError::BadRange(field.into())),
    }
}

mod matching;
mod order;

pub use matching::{lookup, within};
pub use order::OrderBy;

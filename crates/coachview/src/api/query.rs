//! Query builder for Coachview list requests: `where` clauses, orderby, skip/take, Count, flags.

use chrono::{NaiveDate, NaiveDateTime};

/// The change-time field used for windows and keyset paging (field names are case-insensitive).
pub(crate) const CHANGED_FIELD: &str = "audittrail.gewijzigddatumtijd";

/// The orderby field for the change time, spelled as S2 does.
pub const CHANGED_ORDER_FIELD: &str = "audittrail.gewijzigdDatumTijd";

/// A comparison operator in a `where` clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl Op {
    /// The operator as written in the query.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }
}

/// Sort direction for `orderby`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Ascending (`asc`).
    Asc,
    /// Descending (`desc`).
    Desc,
}

/// A list query. Clauses are joined with `;` (AND) into one `where` parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    clauses: Vec<String>,
    orderby: Option<(String, Dir)>,
    skip: Option<u64>,
    take: Option<u64>,
    count: bool,
    flags: Vec<(String, bool)>,
    params: Vec<(String, String)>,
}

/// A date as Coachview's filters take it: `dd-mm-yyyy`.
pub(crate) fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// A date-time as an ISO filter value with milliseconds: `2021-06-09T10:15:00.123`.
pub(crate) fn format_datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

impl Query {
    /// An empty query (no parameters at all).
    pub fn new() -> Query {
        Query::default()
    }

    /// `field=value`.
    pub fn where_eq(self, field: &str, value: impl std::fmt::Display) -> Query {
        self.where_op(field, Op::Eq, value)
    }

    /// `field<op>value`.
    pub fn where_op(mut self, field: &str, op: Op, value: impl std::fmt::Display) -> Query {
        self.clauses.push(format!("{field}{}{value}", op.as_str()));
        self
    }

    /// `field<op>2021-06-09T10:15:00.123` (ISO date-time bound, for sub-day windows and keyset).
    pub fn where_datetime(self, field: &str, op: Op, t: NaiveDateTime) -> Query {
        self.where_op(field, op, format_datetime(t))
    }

    /// `field=dd-mm-yyyy,dd-mm-yyyy`: whole days, `from 00:00 <= t < to 00:00`.
    pub(crate) fn where_range_dates(self, field: &str, from: NaiveDate, to: NaiveDate) -> Query {
        let value = format!("{},{}", format_date(from), format_date(to));
        self.where_op(field, Op::Eq, value)
    }

    /// `[from, to)` on a date-time field: a comma date range when both bounds are midnights,
    /// else `field>=from;field<to`.
    pub(crate) fn where_between(
        self,
        field: &str,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Query {
        let midnight = |t: NaiveDateTime| t.time() == chrono::NaiveTime::MIN;
        if midnight(from) && midnight(to) && from < to {
            self.where_range_dates(field, from.date(), to.date())
        } else {
            self.where_datetime(field, Op::Ge, from)
                .where_datetime(field, Op::Lt, to)
        }
    }

    /// `field=id1,id2,…` (IN).
    pub fn where_in<S: AsRef<str>>(self, field: &str, values: &[S]) -> Query {
        let list: Vec<&str> = values.iter().map(|v| v.as_ref()).collect();
        self.where_op(field, Op::Eq, list.join(","))
    }

    /// `orderby=field asc|desc`.
    pub fn orderby(mut self, field: &str, dir: Dir) -> Query {
        self.orderby = Some((field.to_string(), dir));
        self
    }

    /// `skip=n` (omitted when 0).
    pub fn skip(mut self, n: u64) -> Query {
        self.skip = (n > 0).then_some(n);
        self
    }

    /// `take=n`.
    pub fn take(mut self, n: u64) -> Query {
        self.take = Some(n);
        self
    }

    /// `Count=true`: the server answers the total in the `RowCount` header.
    pub fn count(mut self, on: bool) -> Query {
        self.count = on;
        self
    }

    /// The names of the flags set to `true` (the flag set a page size is learned under).
    pub fn flag_names(&self) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The same query without the flag `name` (a tenant refused it).
    pub fn without_flag(mut self, name: &str) -> Query {
        self.flags.retain(|(n, _)| n != name);
        self
    }

    /// Whether the flag `name` is set to `true`.
    pub fn has_flag(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, on)| n == name && *on)
    }

    /// A boolean flag such as `InclusiefDirecteRelaties=true`.
    pub fn flag(mut self, name: &str, on: bool) -> Query {
        self.flags.retain(|(n, _)| n != name);
        self.flags.push((name.to_string(), on));
        self
    }

    /// A separate parameter outside `where`, e.g. `PersoonId=…`.
    pub fn param(mut self, name: &str, value: impl std::fmt::Display) -> Query {
        self.params.push((name.to_string(), value.to_string()));
        self
    }

    /// The `where` value: clauses joined by `;`.
    pub fn where_value(&self) -> Option<String> {
        (!self.clauses.is_empty()).then(|| self.clauses.join(";"))
    }

    /// The parameters in a fixed order: where, orderby, skip, take, Count, flags, params.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(w) = self.where_value() {
            out.push(("where".to_string(), w));
        }
        if let Some((field, dir)) = &self.orderby {
            let d = match dir {
                Dir::Asc => "asc",
                Dir::Desc => "desc",
            };
            out.push(("orderby".to_string(), format!("{field} {d}")));
        }
        if let Some(s) = self.skip {
            out.push(("skip".to_string(), s.to_string()));
        }
        if let Some(t) = self.take {
            out.push(("take".to_string(), t.to_string()));
        }
        if self.count {
            out.push(("Count".to_string(), "true".to_string()));
        }
        for (name, on) in &self.flags {
            out.push((name.clone(), on.to_string()));
        }
        out.extend(self.params.iter().cloned());
        out
    }

    /// The query string without `?`, encoding only what must be encoded, so the seed's
    /// examples stay readable: `where=audittrail.gewijzigddatumtijd=09-06-2021,10-06-2021`.
    pub fn to_query_string(&self) -> String {
        self.to_pairs()
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query component, keeping the characters Coachview's filters use
/// (`= , ; : . - _ ~`) and encoding everything else that is not alphanumeric.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(b as char),
            b'=' | b',' | b';' | b':' | b'.' | b'-' | b'_' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn seed_example_yesterday() {
        let q = Query::new().where_range_dates(CHANGED_FIELD, date(2021, 6, 9), date(2021, 6, 10));
        assert_eq!(
            q.to_query_string(),
            "where=audittrail.gewijzigddatumtijd=09-06-2021,10-06-2021"
        );
    }

    #[test]
    fn seed_example_multi_id() {
        let q = Query::new().where_in("aanvraagid", &["a1", "b2", "c3"]);
        assert_eq!(q.to_query_string(), "where=aanvraagid=a1,b2,c3");
    }

    #[test]
    fn keyset_page_query() {
        let t = date(2021, 6, 9).and_hms_milli_opt(10, 15, 0, 123).unwrap();
        let end = date(2021, 6, 10).and_hms_opt(0, 0, 0).unwrap();
        let q = Query::new()
            .where_datetime(CHANGED_FIELD, Op::Ge, t)
            .where_datetime(CHANGED_FIELD, Op::Lt, end)
            .orderby(CHANGED_ORDER_FIELD, Dir::Asc)
            .skip(3)
            .take(100)
            .count(true);
        assert_eq!(
            q.where_value().unwrap(),
            "audittrail.gewijzigddatumtijd>=2021-06-09T10:15:00.123;\
             audittrail.gewijzigddatumtijd<2021-06-10T00:00:00.000"
        );
        assert_eq!(
            q.to_query_string(),
            "where=audittrail.gewijzigddatumtijd%3E=2021-06-09T10:15:00.123;\
             audittrail.gewijzigddatumtijd%3C2021-06-10T00:00:00.000\
             &orderby=audittrail.gewijzigdDatumTijd%20asc&skip=3&take=100&Count=true"
        );
    }

    #[test]
    fn between_uses_dates_only_for_whole_days() {
        let a = date(2024, 1, 1).and_hms_opt(0, 0, 0).unwrap();
        let b = date(2024, 1, 3).and_hms_opt(0, 0, 0).unwrap();
        let q = Query::new().where_between(CHANGED_FIELD, a, b);
        assert_eq!(
            q.where_value().unwrap(),
            "audittrail.gewijzigddatumtijd=01-01-2024,03-01-2024"
        );
        let c = date(2024, 1, 1).and_hms_opt(12, 0, 0).unwrap();
        let q = Query::new().where_between(CHANGED_FIELD, a, c);
        assert_eq!(
            q.where_value().unwrap(),
            "audittrail.gewijzigddatumtijd>=2024-01-01T00:00:00.000;\
             audittrail.gewijzigddatumtijd<2024-01-01T12:00:00.000"
        );
    }

    #[test]
    fn flags_params_and_skip_zero() {
        let q = Query::new()
            .where_eq("publicatieWebsite", true)
            .where_eq("inactief", false)
            .skip(0)
            .flag("InclusiefDirecteRelaties", true)
            .flag("InclusiefDirecteRelaties", false)
            .param("PersoonId", "x y");
        assert_eq!(
            q.to_query_string(),
            "where=publicatieWebsite=true;inactief=false&InclusiefDirecteRelaties=false&PersoonId=x%20y"
        );
        assert_eq!(Query::new().to_query_string(), "");
    }
}

//! How a dialect reads and rewrites a `where` text: date ranges and date-times in it, clauses per
//! field, and the clauses a server ignoring them would drop.

/// A date-time (a `T` or a space followed by a time) inside a `where` value.
pub fn has_datetime_value(filter: &str) -> bool {
    filter.split(';').any(|clause| {
        let value = clause
            .find(['=', '<', '>'])
            .map(|i| clause[i..].trim_start_matches(['=', '<', '>', '!']))
            .unwrap_or_default();
        value
            .split(',')
            .any(|v| v.trim().contains(['T', ' ', ':']) && v.trim().len() > 10)
    })
}

/// The widest date range (`=D1,D2`, dates only) in the filter, in days (`D2 - D1`).
pub fn date_range_days(filter: &str) -> Option<i64> {
    use crate::time::{FilterTime, parse_filter_time};
    filter
        .split(';')
        .filter_map(|clause| {
            let eq = clause.find('=')?;
            let (head, value) = (&clause[..eq], &clause[eq + 1..]);
            let parts: Vec<&str> = value.split(',').collect();
            if head.ends_with(['<', '>', '!']) || parts.len() != 2 {
                return None;
            }
            match (parse_filter_time(parts[0]), parse_filter_time(parts[1])) {
                (Some(FilterTime::Date(a)), Some(FilterTime::Date(b))) => Some((b - a).num_days()),
                _ => None,
            }
        })
        .max()
}

/// The field a `where` clause is on (lower case).
fn clause_field(clause: &str) -> String {
    let field = clause
        .split(['=', '<', '>', '!'])
        .next()
        .unwrap_or_default();
    field.trim().to_ascii_lowercase()
}

/// The filter keeping, of several clauses on one field, only the last.
pub fn last_clause_per_field(filter: &str) -> String {
    let clauses: Vec<&str> = filter.split(';').collect();
    clauses
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            let f = clause_field(c);
            !clauses[i + 1..]
                .iter()
                .any(|later| clause_field(later) == f)
        })
        .map(|(_, c)| *c)
        .collect::<Vec<_>>()
        .join(";")
}

/// The filter without its clauses on the field `id` (a server that ignores them).
pub fn without_id_clauses(filter: &str) -> String {
    filter
        .split(';')
        .filter(|c| {
            let field = c.split(['=', '<', '>', '!']).next().unwrap_or_default();
            !field.trim().eq_ignore_ascii_case("id")
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The filter without its `field=a,b,…` clauses (a list of values; one value is kept).
pub fn without_list_clauses(filter: &str, field: &str) -> String {
    filter
        .split(';')
        .filter(|c| {
            let Some((head, value)) = c.split_once('=') else {
                return true;
            };
            !(head.trim().eq_ignore_ascii_case(field) && value.contains(','))
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A filter clause on `referentieNrKlant` (case-insensitive).
pub fn filters_reference(filter: &str) -> bool {
    filter.split(';').any(|c| {
        c.trim()
            .to_ascii_lowercase()
            .starts_with("referentienrklant")
    })
}

/// The filter without its `referentieNrKlant` clauses (what a server ignoring them runs).
pub fn without_reference(filter: &str) -> String {
    filter
        .split(';')
        .filter(|c| !filters_reference(c))
        .collect::<Vec<_>>()
        .join(";")
}

/// Shifts the end of every comma date range (`=D1,D2`, dates only) one day on, so `D2` is
/// included: the simulator's own engine then answers what an end-inclusive server would.
pub fn widen_ranges(filter: &str) -> String {
    use crate::time::{FilterTime, parse_filter_time};
    filter
        .split(';')
        .map(|clause| {
            let Some(eq) = clause.find('=') else {
                return clause.to_string();
            };
            let (head, value) = (&clause[..eq], &clause[eq + 1..]);
            let parts: Vec<&str> = value.split(',').collect();
            if head.ends_with(['<', '>', '!']) || parts.len() != 2 {
                return clause.to_string();
            }
            match (parse_filter_time(parts[0]), parse_filter_time(parts[1])) {
                (Some(FilterTime::Date(_)), Some(FilterTime::Date(to))) => {
                    let next = to + chrono::Duration::days(1);
                    format!("{head}={},{}", parts[0], next.format("%d-%m-%Y"))
                }
                _ => clause.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

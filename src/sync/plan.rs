//! Window planning from counts: one count for the range, then halve the busiest window while
//! it holds more than the safe skip limit and the small planning budget allows.

use super::SyncOptions;
use crate::api::query::CHANGED_FIELD;
use crate::api::{ApiError, Client, Query};
use crate::resource::Resource;
use chrono::{Duration, NaiveDateTime, Timelike};

/// A time window `[from, to)` and how many changes it is expected to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub expected: u64,
    /// True when `expected` came from a count of exactly this window (not derived).
    pub counted: bool,
}

impl Window {
    /// True when the window need not be fetched: it was counted and held nothing.
    pub fn is_known_empty(&self) -> bool {
        self.counted && self.expected == 0
    }
}

/// The query for "changed in `[from, to)`".
pub fn changed_between(from: NaiveDateTime, to: NaiveDateTime) -> Query {
    Query::new().where_between(CHANGED_FIELD, from, to)
}

/// How many extra count requests planning may spend: ~2 % of the pages, at least 2.
pub fn planning_budget(total: u64, opts: &SyncOptions) -> u64 {
    let pages = total.div_ceil(opts.page_size.max(1));
    (pages / 50).max(2)
}

/// The middle of a window, on a whole second (so bounds print exactly).
fn middle(from: NaiveDateTime, to: NaiveDateTime) -> NaiveDateTime {
    let mid = from + (to - from) / 2;
    mid.with_nanosecond(0).unwrap_or(mid)
}

/// Plans the windows of `[from, to)` in time order. Costs 1 request plus at most
/// [`planning_budget`] more.
pub async fn plan_windows(
    client: &Client,
    resource: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: &SyncOptions,
) -> Result<Vec<Window>, ApiError> {
    let total = client.count(resource, &changed_between(from, to)).await?;
    let mut windows = vec![Window {
        from,
        to,
        expected: total,
        counted: true,
    }];
    let mut budget = planning_budget(total, opts);
    while budget > 0 {
        let candidate = windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.expected > opts.safe_skip && w.to - w.from >= Duration::minutes(2))
            .max_by_key(|(_, w)| w.expected)
            .map(|(i, _)| i);
        let Some(i) = candidate else { break };
        let w = windows[i].clone();
        let mid = middle(w.from, w.to);
        let first = client
            .count(resource, &changed_between(w.from, mid))
            .await?;
        budget -= 1;
        let second = w.expected.saturating_sub(first);
        windows[i] = Window {
            from: w.from,
            to: mid,
            expected: first,
            counted: true,
        };
        windows.insert(
            i + 1,
            Window {
                from: mid,
                to: w.to,
                expected: second,
                counted: false,
            },
        );
    }
    Ok(windows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_and_middle() {
        let o = SyncOptions::default();
        assert_eq!(planning_budget(0, &o), 2);
        assert_eq!(planning_budget(100_000, &o), 20);
        let a = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let b = a + Duration::milliseconds(3_001);
        assert_eq!(middle(a, b), a + Duration::seconds(1));
        assert!(
            Window {
                from: a,
                to: b,
                expected: 0,
                counted: true
            }
            .is_known_empty()
        );
        assert!(
            !Window {
                from: a,
                to: b,
                expected: 0,
                counted: false
            }
            .is_known_empty()
        );
    }
}

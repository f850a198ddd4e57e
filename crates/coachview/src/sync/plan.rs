//! Window planning from counts: one count for the range, then halve the busiest window while
//! it holds more than the safe skip limit and the small planning budget allows.

use super::SyncOptions;
use super::cursor::{Paging, window_query};
use crate::api::{ApiError, Client};
use crate::resource::Resource;
use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};

/// A time window `[from, to)` and how many changes it is expected to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The window's start (inclusive).
    pub from: NaiveDateTime,
    /// The window's end (exclusive).
    pub to: NaiveDateTime,
    /// The changes the window is expected to hold.
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

/// How many extra count requests planning may spend: ~2 % of the pages, at least 2.
pub(super) fn planning_budget(total: u64, opts: &SyncOptions) -> u64 {
    let pages = total.div_ceil(opts.page_size.max(1));
    (pages / 50).max(2)
}

/// The middle of a window, on a whole second (so bounds print exactly).
fn middle(from: NaiveDateTime, to: NaiveDateTime) -> NaiveDateTime {
    let mid = from + (to - from) / 2;
    mid.with_nanosecond(0).unwrap_or(mid)
}

/// A split point of `[from, to)` for this paging: any second for keyset, a midnight strictly
/// inside the window for day ranges (`None` when the window is one day or less).
pub(super) fn split_point(
    paging: Paging,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Option<NaiveDateTime> {
    match paging {
        Paging::Keyset => (to - from >= Duration::minutes(2)).then(|| middle(from, to)),
        Paging::Days { .. } => {
            let mid = middle(from, to).date().and_time(NaiveTime::MIN);
            let mid = if mid <= from {
                mid + Duration::days(1)
            } else {
                mid
            };
            (mid > from && mid < to).then_some(mid)
        }
    }
}

/// Plans the windows of `[from, to)` in time order (whole days unless date-times are proven).
/// Costs 1 count request plus at most [`planning_budget`] more.
pub async fn plan_windows(
    client: &Client,
    resource: Resource,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: &SyncOptions,
    paging: Paging,
) -> Result<Vec<Window>, ApiError> {
    let total = client
        .count(resource, &window_query(paging, from, to))
        .await?;
    let mut windows = vec![Window {
        from,
        to,
        expected: total,
        counted: true,
    }];
    if total > super::gap::MAX_PLAUSIBLE_COUNT {
        // Not believed: nothing is planned on it (the run stops naming it).
        return Ok(windows);
    }
    // Day windows are read from both ends, so they may hold twice the safe skip; they need more
    // splits than keyset windows to get there (a window still too busy is split when read).
    let (threshold, mut budget) = match paging {
        Paging::Keyset => (opts.safe_skip, planning_budget(total, opts)),
        Paging::Days { .. } => (
            opts.safe_skip.saturating_mul(2),
            planning_budget(total, opts).saturating_mul(5) / 2,
        ),
    };
    while budget > 0 {
        let candidate = windows
            .iter()
            .enumerate()
            .filter(|(_, w)| w.expected > threshold && split_point(paging, w.from, w.to).is_some())
            .max_by_key(|(_, w)| w.expected)
            .map(|(i, _)| i);
        let Some(i) = candidate else { break };
        let w = windows[i].clone();
        let Some(mid) = split_point(paging, w.from, w.to) else {
            break;
        };
        let first = client
            .count(resource, &window_query(paging, w.from, mid))
            .await?;
        budget -= 1;
        if first > w.expected || first > super::gap::MAX_PLAUSIBLE_COUNT {
            // A part counting more than the whole: not believed, nothing more is planned on it.
            windows[i].expected = first.max(w.expected);
            break;
        }
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
        let days = Paging::Days {
            inclusive_end: false,
        };
        assert_eq!(split_point(days, a, a + Duration::days(1)), None);
        assert_eq!(
            split_point(days, a, a + Duration::days(5)),
            Some(a + Duration::days(2))
        );
        assert_eq!(
            split_point(days, a + Duration::hours(1), a + Duration::days(1)),
            None
        );
        assert_eq!(
            split_point(days, a + Duration::hours(20), a + Duration::days(2)),
            Some(a + Duration::days(1))
        );
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

//! Unit tests of day paging that moves on by day (issue 22), with the tiny server of `tests.rs`.

use super::tests::{answer, at, data, drive, ids_between, rec, sorted};
use super::*;

/// Issue 22: without a probe (`desc` unproven) a window of many days holding more than the
/// safe skip is read in one pass: at the safe skip the range moves on to the last row's day,
/// skipping its rows already read; no page is asked twice. A single day busier than the safe
/// skip still stops, naming that day (not the window's first).
#[test]
fn a_window_of_many_days_busier_than_the_safe_skip_moves_on_by_day_without_desc() {
    let days = Paging::Days {
        inclusive_end: false,
    };
    let d = data(1_000, 100);
    let (from, to) = (at("2024-01-01T00:00:00"), at("2024-01-11T00:00:00"));
    for (desc, cap) in [(false, 100), (true, 100), (false, 30)] {
        let c =
            Cursor::new(from, to, days, PageSize::new(100, None), Some(1_000), 300).with_desc(desc);
        let (got, requests, stop) = drive(c, &d, cap, false);
        assert_eq!(stop, None, "desc {desc} cap {cap}");
        assert_eq!(got.len(), 1_000, "no duplicates (desc {desc} cap {cap})");
        assert_eq!(sorted(got), ids_between(&d, from, to));
        // Every row once: the pages of 1,000 rows, a confirming page for a learned cap, the end.
        assert!(
            requests <= 1_000 / cap as usize + 2,
            "desc {desc} cap {cap}: {requests} requests"
        );
    }
    // The skip stays within a day's changes (100 a day here): the range moves on by day.
    let mut c = Cursor::new(from, to, days, PageSize::new(100, None), Some(1_000), 300);
    let Next::Fetch(first) = c.next_query() else {
        panic!()
    };
    assert_eq!(
        first.where_value().unwrap(),
        "audittrail.gewijzigddatumtijd=01-01-2024,11-01-2024"
    );
    let mut wheres = Vec::new();
    while let Next::Fetch(q) = c.next_query() {
        let skip: u64 = q
            .to_pairs()
            .iter()
            .find(|(k, _)| k == "skip")
            .map_or(0, |(_, v)| v.parse().unwrap());
        assert!(skip <= 100, "skip {skip} in {q:?}");
        wheres.push(q.where_value().unwrap().to_string());
        c.advance(answer(&d, &q, 100, false));
    }
    assert_eq!(
        wheres[3],
        "audittrail.gewijzigddatumtijd=03-01-2024,11-01-2024"
    );
    // A re-read pages the whole range with plain skip: from both ends up to the safe skip
    // (400 + 400 of these 1,000), then it stops as before.
    let (got, _, stop) = drive(c.again(Some(1_000)), &d, 100, false);
    assert_eq!(got.len(), 800);
    assert!(matches!(stop, Some(CursorStop::TooBusy { .. })), "{stop:?}");
    // Three quiet days, then a day of 500 changes: the stop names the busy day.
    let mut d: Vec<Value> = data(300, 100);
    let busy = at("2024-01-04T00:00:00");
    d.extend((0..500).map(|i| rec(10_000 + i, busy + Duration::seconds(i as i64 * 100))));
    let c = Cursor::new(from, to, days, PageSize::new(100, None), Some(800), 300);
    // With `desc` proven the busy day is read from both ends (300 + 300 of its 500).
    let (got, _, stop) = drive(c.clone(), &d, 100, false);
    assert_eq!((got.len(), stop), (800, None));
    let (_, _, stop) = drive(c.with_desc(false), &d, 100, false);
    assert_eq!(
        stop,
        Some(CursorStop::TooBusy {
            day: busy.date(),
            count: 800
        })
    );
}

/// A count derived for a window (a larger window's count less its first half's) on a server
/// that includes a range's end day is lower than the window's query holds: both counts hold the
/// day they share. Here the window 02..05 January has 55 records (45 on its first day) and its
/// derived count is 10 (the 3rd to the 5th). The first page of 50 (the server's cap, not yet
/// known) is short of `take` but must not end the window: the derived count may say more, never
/// none. A count of the window itself still ends it at the short page; one the reading passed
/// says nothing.
#[test]
fn a_derived_count_may_say_more_rows_follow_never_that_none_do() {
    let days = Paging::Days {
        inclusive_end: false,
    };
    let mut d: Vec<Value> = Vec::new();
    let day = |n: i64| at("2024-01-01T00:00:00") + Duration::days(n);
    d.extend((0..45).map(|i| rec(i, day(1) + Duration::minutes(10 + 20 * i as i64))));
    d.extend((0..10).map(|i| {
        rec(
            100 + i,
            day(2 + i as i64 / 5) + Duration::hours(1 + i as i64),
        )
    }));
    let (from, to) = (day(1), day(4));
    let want = ids_between(&d, from, to);
    assert_eq!(want.len(), 55);
    let derived =
        Cursor::new(from, to, days, PageSize::new(100, None), Some(10), 300).with_counted(false);
    let (got, requests, stop) = drive(derived, &d, 50, true);
    assert_eq!(stop, None);
    assert_eq!(sorted(got), want);
    assert_eq!(requests, 2, "the short page is confirmed by one more");
    // The window's own count (55 in its query, end day included) ends it at the second page.
    let counted = Cursor::new(from, to, days, PageSize::new(100, None), Some(55), 300);
    let (got, requests, _) = drive(counted, &d, 50, true);
    assert_eq!((got.len(), requests), (55, 2));
    // A count that the first page already passed (records changed into the window while it
    // was read, or a count that is not of this query) does not say the short page is the last.
    let passed = Cursor::new(from, to, days, PageSize::new(100, None), Some(40), 300);
    let (got, requests, stop) = drive(passed, &d, 50, true);
    assert_eq!((sorted(got), requests, stop), (want, 2, None));
}

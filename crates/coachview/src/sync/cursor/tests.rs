//! Unit tests of the paging cursor: a tiny in-memory server answers its queries.

use super::*;
use crate::api::decode::parse_datetime;
use serde_json::json;

pub(super) fn at(s: &str) -> NaiveDateTime {
    parse_datetime(s).unwrap()
}

pub(super) fn rec(id: usize, t: NaiveDateTime) -> Value {
    json!({"id": format!("r{id:05}"), "auditTrail": {"gewijzigdDatumTijd": t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()}})
}

/// Answers a cursor query over `data` (sorted by time): the day range (optionally end-inclusive),
/// `>=`/`<` date-times, order, skip and a page cap.
pub(super) fn answer(data: &[Value], q: &Query, cap: u64, inclusive: bool) -> Vec<Value> {
    let pairs = q.to_pairs();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let w = get("where").unwrap();
    let (mut lo, mut hi) = (NaiveDateTime::MIN, NaiveDateTime::MAX);
    for clause in w.split(';') {
        if let Some(v) = clause.strip_prefix("audittrail.gewijzigddatumtijd>=") {
            lo = at(v);
        } else if let Some(v) = clause.strip_prefix("audittrail.gewijzigddatumtijd<") {
            hi = at(v);
        } else if let Some(v) = clause.strip_prefix("audittrail.gewijzigddatumtijd=") {
            let (a, b) = v.split_once(',').unwrap();
            let d = |s: &str| NaiveDate::parse_from_str(s, "%d-%m-%Y").unwrap();
            lo = d(a).and_hms_opt(0, 0, 0).unwrap();
            hi = (d(b) + Duration::days(i64::from(inclusive)))
                .and_hms_opt(0, 0, 0)
                .unwrap();
        }
    }
    let mut rows: Vec<Value> = data
        .iter()
        .filter(|r| {
            let c = changed_at(r).unwrap();
            c >= lo && c < hi
        })
        .cloned()
        .collect();
    if get("orderby").unwrap().ends_with("desc") {
        rows.reverse();
    }
    let skip: usize = get("skip").map_or(0, |s| s.parse().unwrap());
    let take: u64 = get("take").unwrap().parse().unwrap();
    rows.into_iter()
        .skip(skip)
        .take(take.min(cap) as usize)
        .collect()
}

/// Runs a cursor to its end; returns the kept ids, the requests and the stop, if any.
pub(super) fn drive(
    mut c: Cursor,
    data: &[Value],
    cap: u64,
    inclusive: bool,
) -> (Vec<String>, usize, Option<CursorStop>) {
    let mut out = Vec::new();
    let mut requests = 0;
    loop {
        match c.next_query() {
            Next::Fetch(q) => {
                requests += 1;
                assert!(requests < 10_000, "runaway cursor");
                for r in c.advance(answer(data, &q, cap, inclusive)) {
                    out.push(record_id(&r).unwrap());
                }
            }
            Next::Done => return (out, requests, None),
            Next::Stop(s) => return (out, requests, Some(s)),
        }
    }
}

/// `n` records spread over the days from 2024-01-01, `per_day` a day.
pub(super) fn data(n: usize, per_day: usize) -> Vec<Value> {
    let start = at("2024-01-01T00:00:00");
    (0..n)
        .map(|i| {
            let day = (i / per_day) as i64;
            let secs = ((i % per_day) * 86_000 / per_day) as i64;
            rec(i, start + Duration::days(day) + Duration::seconds(secs))
        })
        .collect()
}

pub(super) fn ids_between(data: &[Value], from: NaiveDateTime, to: NaiveDateTime) -> Vec<String> {
    let mut v: Vec<String> = data
        .iter()
        .filter(|r| (from..to).contains(&changed_at(r).unwrap()))
        .map(|r| record_id(r).unwrap())
        .collect();
    v.sort();
    v
}

pub(super) fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn day_windows_read_exactly_with_a_capped_page_and_an_inclusive_end() {
    let d = data(1_000, 100);
    let (from, to) = (at("2024-01-02T00:00:00"), at("2024-01-05T00:00:00"));
    let want = ids_between(&d, from, to);
    for (cap, inclusive) in [
        (100, false),
        (50, false),
        (100, true),
        (50, true),
        (7, true),
    ] {
        let c = Cursor::new(
            from,
            to,
            Paging::Days {
                inclusive_end: false,
            },
            PageSize::new(100, None),
            Some(300),
            2_000,
        );
        let (got, requests, stop) = drive(c, &d, cap, inclusive);
        assert_eq!(stop, None);
        assert_eq!(sorted(got.clone()), want, "cap {cap} inclusive {inclusive}");
        assert_eq!(got.len(), want.len(), "no duplicates");
        if cap == 50 && !inclusive {
            assert_eq!(requests, 7, "6 full pages of 50 and one empty");
        }
    }
}

#[test]
fn a_known_inclusive_end_asks_one_day_less() {
    let (from, to) = (at("2024-01-02T00:00:00"), at("2024-01-05T00:00:00"));
    let q = days_query(from, to, true);
    assert_eq!(
        q.where_value().unwrap(),
        "audittrail.gewijzigddatumtijd=02-01-2024,04-01-2024"
    );
    let q = days_query(from, to, false);
    assert_eq!(
        q.where_value().unwrap(),
        "audittrail.gewijzigddatumtijd=02-01-2024,05-01-2024"
    );
    let d = data(1_000, 100);
    let c = Cursor::new(
        from,
        to,
        Paging::Days {
            inclusive_end: true,
        },
        PageSize::new(100, None),
        Some(300),
        2_000,
    );
    let (got, requests, _) = drive(c, &d, 100, true);
    assert_eq!(sorted(got), ids_between(&d, from, to));
    assert_eq!(requests, 4);
}

#[test]
fn a_busy_day_is_read_from_both_ends_and_a_busier_one_stops_naming_it() {
    let d = data(700, 700);
    let (from, to) = (at("2024-01-01T00:00:00"), at("2024-01-02T00:00:00"));
    let c = Cursor::new(
        from,
        to,
        Paging::Days {
            inclusive_end: false,
        },
        PageSize::new(100, None),
        Some(700),
        300,
    );
    let (got, _, stop) = drive(c, &d, 100, false);
    assert_eq!(stop, None);
    assert_eq!(sorted(got), ids_between(&d, from, to));
    let d = data(1_000, 1_000);
    let c = Cursor::new(
        from,
        to,
        Paging::Days {
            inclusive_end: false,
        },
        PageSize::new(100, None),
        Some(1_000),
        300,
    );
    let (_, _, stop) = drive(c, &d, 100, false);
    assert_eq!(
        stop,
        Some(CursorStop::TooBusy {
            day: from.date(),
            count: 1_000
        })
    );
}

#[test]
fn keyset_pages_without_a_count_and_learns_the_page_size() {
    let d = data(1_000, 100);
    let (from, to) = (at("2024-01-02T00:00:00"), at("2024-01-05T00:00:00"));
    for cap in [100, 50] {
        let c = Cursor::new(
            from,
            to,
            Paging::Keyset,
            PageSize::new(100, None),
            None,
            2_000,
        );
        let (got, requests, stop) = drive(c, &d, cap, false);
        assert_eq!(stop, None);
        assert_eq!(sorted(got), ids_between(&d, from, to));
        assert!(requests <= 300 / cap as usize + 2, "cap {cap}: {requests}");
    }
    let mut c = Cursor::new(
        from,
        to,
        Paging::Keyset,
        PageSize::new(100, None),
        None,
        2_000,
    );
    let Next::Fetch(q) = c.next_query() else {
        panic!()
    };
    assert!(!q.to_query_string().contains("Count"));
    c.advance(answer(&d, &q, 50, false));
    let Next::Fetch(q) = c.next_query() else {
        panic!()
    };
    assert!(q.where_value().unwrap().contains(">=2024-01-02T"), "{q:?}");
}

#[test]
fn keyset_stops_when_the_server_ignores_the_time() {
    let d = data(300, 100);
    let (from, to) = (at("2024-01-01T00:00:00"), at("2024-01-04T00:00:00"));
    let mut c = Cursor::new(
        from,
        to,
        Paging::Keyset,
        PageSize::new(100, None),
        None,
        2_000,
    );
    let Next::Fetch(q) = c.next_query() else {
        panic!()
    };
    c.advance(answer(&d, &q, 100, false));
    // a server that ignores `>=` answers the first page again
    let Next::Fetch(_) = c.next_query() else {
        panic!()
    };
    c.advance(d[..100].to_vec());
    assert!(matches!(
        c.next_query(),
        Next::Stop(CursorStop::NotHonoured(_))
    ));
}

#[test]
fn page_size_rules() {
    let mut p = PageSize::new(100, None);
    assert_eq!(p.after_page(100, None), PageEnd::More);
    assert_eq!(p.after_page(40, Some(false)), PageEnd::Last);
    let mut p = PageSize::new(100, None);
    assert_eq!(
        p.after_page(50, None),
        PageEnd::More,
        "confirm a short page once"
    );
    assert_eq!(p.after_page(50, None), PageEnd::More);
    assert_eq!(p.learned(), Some(50));
    assert_eq!(p.after_page(20, None), PageEnd::Last);
    let mut p = PageSize::new(100, None);
    assert_eq!(p.after_page(50, None), PageEnd::More);
    assert_eq!(p.after_page(0, None), PageEnd::Last);
    assert_eq!(p.learned(), None, "a last page teaches nothing");
    let mut p = PageSize::new(100, Some(50));
    assert_eq!(p.after_page(49, None), PageEnd::Last);
    assert_eq!(PageSize::new(100, Some(500)).learned(), None);
    let mut p = PageSize::new(100, Some(100));
    assert_eq!(p.after_page(30, None), PageEnd::Last, "no cap below take");
    let mut p = PageSize::new(100, None);
    assert_eq!(p.after_page(100, None), PageEnd::More);
    assert_eq!(p.after_page(30, None), PageEnd::Last);
    assert_eq!(p.known(), Some(100));
}

/// Issue 19: rows a server sends from outside the window's query (it ignored the filter) never
/// count towards the window's proof; a full page of rows already read, or a page that goes back
/// in time, stops the window.
#[test]
fn the_proof_counts_only_the_querys_rows_and_no_progress_stops() {
    let days = Paging::Days {
        inclusive_end: false,
    };
    let (from, to) = (at("2026-11-14T00:00:00"), at("2026-11-15T00:00:00"));
    let mut c = Cursor::new(from, to, days, PageSize::new(3, None), Some(3), 100);
    // A server ignoring the where: rows of another month, and one of the day after (an
    // end-inclusive server may send that one; it is in the count of the query).
    let far = at("2026-10-01T10:00:00");
    let next_day = at("2026-11-15T09:00:00");
    c.advance(vec![rec(1, far), rec(2, far), rec(3, next_day)]);
    assert_eq!(c.distinct(), 1, "only the row the query may hold counts");
    // The same full page again: no progress.
    let mut c = Cursor::new(from, to, days, PageSize::new(2, None), Some(10), 100);
    let t = at("2026-11-14T10:00:00");
    c.advance(vec![rec(1, t), rec(2, t)]);
    assert!(matches!(c.next_query(), Next::Fetch(_)));
    c.advance(vec![rec(1, t), rec(2, t)]);
    assert!(matches!(
        c.next_query(),
        Next::Stop(CursorStop::Gap(super::super::gap::Gap::NoProgress { .. }))
    ));
    // Back in time between ascending pages.
    let mut c = Cursor::new(from, to, days, PageSize::new(2, None), Some(10), 100);
    c.advance(vec![rec(1, t), rec(2, t + Duration::hours(2))]);
    c.advance(vec![
        rec(3, t + Duration::hours(1)),
        rec(4, t + Duration::hours(3)),
    ]);
    assert!(matches!(
        c.next_query(),
        Next::Stop(CursorStop::Gap(super::super::gap::Gap::BackInTime { .. }))
    ));
}

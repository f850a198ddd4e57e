//! Issue 19: every sync window proves itself. A window is committed (pruned, cursor moved) only
//! when the distinct records read add up to its count; a server that drops rows, repeats pages,
//! goes back in time or counts absurdly is stopped within a few requests with the gap named, and
//! stored rows are never pruned on a window that was not read completely.

mod common;
mod hostile_server;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::i18n::Lang;
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, Gap, SyncError, SyncOptions, SyncReport};
use common::TempHome;
use hostile_server::*;
use std::sync::Arc;

struct Env {
    sim: SimHandle,
    client: Client,
    store: Store,
    _dir: TempHome,
}

async fn env(scale: usize) -> Env {
    let sim = Simulator::start(SimConfig {
        scale,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    let dir = TempHome::new();
    let store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    Env {
        sim,
        client,
        store,
        _dir: dir,
    }
}

fn last_days(sim: &SimHandle, days: i64) -> (NaiveDateTime, NaiveDateTime) {
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    (end - Duration::days(days), end)
}

async fn run(e: &mut Env, from: NaiveDateTime, to: NaiveDateTime) -> Result<SyncReport, SyncError> {
    sync::SyncJob::new(
        &e.client,
        Resource::Aanvragen,
        from,
        to,
        SyncOptions::default(),
    )
    .run(&mut e.store, &mut |_| {}, &Cancel::new())
    .await
}

/// The store holds exactly the simulator's records changed in the range.
fn assert_same(e: &Env, from: NaiveDateTime, to: NaiveDateTime) {
    assert_same_of(e, Resource::Aanvragen, from, to);
}

fn assert_same_of(e: &Env, resource: Resource, from: NaiveDateTime, to: NaiveDateTime) {
    let mut want = e.sim.changed_between(resource, from, to);
    want.sort();
    let got: Vec<(String, i64)> = e
        .store
        .ids_and_etags(resource, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert_eq!(got.len(), want.len(), "record count differs");
    assert_eq!(got, want);
}

/// A server that drops one row of every page: the second sync must not prune what it did not
/// see, and must name how many records of which days could not be read.
#[tokio::test]
async fn a_server_that_drops_rows_never_prunes_and_names_the_gap() {
    for keyset in [false, true] {
        let mut e = env(1_500).await;
        let (from, to) = last_days(&e.sim, 60);
        if keyset {
            e.client
                .update_capabilities(|c| c.datetime_filters = Some(true));
        }
        let mut d = Dialect::default();
        let first = run(&mut e, from, to).await.unwrap();
        assert!(first.complete && first.records > 150, "{first:?}");
        assert_same(&e, from, to);
        d.drop_rows = true;
        e.sim.set_dialect(d);
        let err = run(&mut e, from, to).await.unwrap_err();
        let SyncError::Gap { gap, report } = &err else {
            panic!("keyset={keyset}: {err:?}")
        };
        let Gap::Short { read, expected, .. } = gap else {
            panic!("{gap:?}")
        };
        assert!(read < expected, "{gap:?}");
        assert_eq!(
            gap.days().first,
            gap.days().last,
            "narrowed to the day: {gap:?}"
        );
        assert_eq!(report.removed, 0, "rows were pruned on an unproven window");
        assert!(!report.complete && report.missing.is_some());
        // Nothing stored was lost: the store still equals the simulator's truth.
        assert_same(&e, from, to);
        let missing = (expected - read).to_string();
        for lang in [Lang::Nl, Lang::En] {
            let m = coachdesk::message::from_gap(gap);
            let what = m.what_happened.in_lang(lang);
            assert!(what.contains(&missing), "{what}");
            assert!(what.contains(&expected.to_string()), "{what}");
        }
    }
}

/// A row of change time `t` with id `id`.
fn row(id: &str, t: &str) -> String {
    format!(r#"{{"id":"{id}","auditTrail":{{"gewijzigdDatumTijd":"{t}"}}}}"#)
}

fn range() -> (NaiveDateTime, NaiveDateTime) {
    let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 14)
        .unwrap()
        .and_time(NaiveTime::MIN);
    (from, from + Duration::days(1))
}

async fn sync_against(server: &Hostile, keyset: bool) -> (Result<SyncReport, SyncError>, usize) {
    let client = server.client();
    if keyset {
        client.update_capabilities(|c| c.datetime_filters = Some(true));
    }
    let dir = TempHome::new();
    let mut store = Store::open(&dir.0.join("records.sqlite")).unwrap();
    let (from, to) = range();
    let r = sync::SyncJob::new(
        &client,
        Resource::Aanvragen,
        from,
        to,
        SyncOptions::default(),
    )
    .run(&mut store, &mut |_| {}, &Cancel::new())
    .await;
    let api = server
        .lines()
        .iter()
        .filter(|l| l.contains("/api/"))
        .count();
    (r, api)
}

/// One new row a page with `RowCount: 18446744073709551615`: stopped at once, not after ~2,000
/// requests.
#[tokio::test]
async fn an_absurd_count_stops_within_a_few_requests() {
    for keyset in [false, true] {
        let server = Hostile::start(Arc::new(|r, i| {
            if is_token(r) {
                return token_ok(i);
            }
            let t = format!("2026-11-14T10:{:02}:{:02}", (i / 60) % 60, i % 60);
            Answer::Fixed(
                200,
                vec![("RowCount".into(), "18446744073709551615".into())],
                format!("[{}]", row(&format!("id-{i}"), &t)),
            )
        }))
        .await;
        let (r, api) = sync_against(&server, keyset).await;
        let err = r.unwrap_err();
        assert!(
            matches!(
                err,
                SyncError::Gap {
                    gap: Gap::AbsurdCount { .. },
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(api <= 5, "{api} requests");
    }
}

/// A plausible count and one new row a page: stopped within a few requests, not after 2,000.
#[tokio::test]
async fn one_row_a_page_against_a_count_of_thousands_stops_early() {
    for keyset in [false, true] {
        let server = Hostile::start(Arc::new(|r, i| {
            if is_token(r) {
                return token_ok(i);
            }
            let t = format!("2026-11-14T00:{:02}:{:02}", (i / 60) % 60, i % 60);
            Answer::Fixed(
                200,
                vec![("RowCount".into(), "3000".into())],
                format!("[{}]", row(&format!("id-{i}"), &t)),
            )
        }))
        .await;
        let (r, api) = sync_against(&server, keyset).await;
        let err = r.unwrap_err();
        assert!(
            matches!(
                err,
                SyncError::Gap {
                    gap: Gap::TinyPages { size: 1, .. },
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(api <= 6, "{api} requests");
    }
}

/// A plausible count that grows with every page (by far more than the pages could hold).
#[tokio::test]
async fn a_count_growing_faster_than_the_pages_stops() {
    let server = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            return token_ok(i);
        }
        let t = format!("2026-11-14T10:{:02}:{:02}", (i / 60) % 60, i % 60);
        // Full pages of new rows (not tiny pages, which stop for their own reason).
        let rows: Vec<String> = (0..100).map(|k| row(&format!("id-{i}-{k}"), &t)).collect();
        Answer::Fixed(
            200,
            vec![("RowCount".into(), (5_000 + 1_000 * i).to_string())],
            format!("[{}]", rows.join(",")),
        )
    }))
    .await;
    let (r, api) = sync_against(&server, false).await;
    let err = r.unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::Gap {
                gap: Gap::AbsurdCount { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(api <= 8, "{api} requests");
}

/// A server that ignores `skip` (the same page every time) or answers pages that go back in
/// time: the window stops within a few requests, naming the day.
#[tokio::test]
async fn repeated_pages_and_pages_back_in_time_stop_the_window() {
    for keyset in [false, true] {
        let same = Hostile::start(Arc::new(|r, i| {
            if is_token(r) {
                return token_ok(i);
            }
            let rows: Vec<String> = (0..100)
                .map(|k| {
                    row(
                        &format!("id-{k}"),
                        &format!("2026-11-14T10:{:02}:{:02}", k / 60, k % 60),
                    )
                })
                .collect();
            Answer::Fixed(
                200,
                vec![("RowCount".into(), "1000".into())],
                format!("[{}]", rows.join(",")),
            )
        }))
        .await;
        let (r, api) = sync_against(&same, keyset).await;
        let err = r.unwrap_err();
        let SyncError::Gap { gap, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(matches!(gap, Gap::NoProgress { .. }), "{gap:?}");
        assert_eq!(gap.days().label(), "14-11-2026");
        assert!(api <= 6, "{api} requests");
    }
    // Days: each page is new but starts before the last one ended.
    let back = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            return token_ok(i);
        }
        let hour = 20 - (i % 20);
        let rows: Vec<String> = (0..100)
            .map(|k| {
                let t = format!("2026-11-14T{hour:02}:{:02}:{:02}", k / 60, k % 60);
                row(&format!("id-{i}-{k}"), &t)
            })
            .collect();
        Answer::Fixed(
            200,
            vec![("RowCount".into(), "1000".into())],
            format!("[{}]", rows.join(",")),
        )
    }))
    .await;
    let (r, api) = sync_against(&back, false).await;
    let err = r.unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::Gap {
                gap: Gap::BackInTime { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(api <= 6, "{api} requests");
}

/// Issue 19 point 2: a page size is learned per resource and flag set. Aanvragen come in full
/// pages of 100; Opleidingen (asked with InclusiefExtraVelden) 20 at most: their short pages must
/// not end a window whose count says more, and each size is kept under its own key.
#[tokio::test]
async fn page_sizes_are_learned_per_resource_and_flag_set() {
    let mut e = env(3_000).await;
    e.sim
        .set_dialect(Dialect::parse("page-cap=Opleidingen:20").unwrap());
    let (from, to) = last_days(&e.sim, 400);
    let first = run(&mut e, from, to).await.unwrap();
    assert!(first.complete && first.records > 100, "{first:?}");
    let r = sync::SyncJob::new(
        &e.client,
        Resource::Opleidingen,
        from,
        to,
        SyncOptions::default(),
    )
    .run(&mut e.store, &mut |_| {}, &Cancel::new())
    .await
    .unwrap();
    assert!(r.complete && r.records > 20, "{r:?}");
    assert_same_of(&e, Resource::Opleidingen, from, to);
    let caps = e.client.capabilities();
    assert_eq!(caps.page_size_for(Resource::Aanvragen, &[]), Some(100));
    assert_eq!(
        caps.page_size_for(Resource::Opleidingen, &["InclusiefExtraVelden"]),
        Some(20)
    );
    assert_eq!(caps.page_size, None, "no one value for the connection");
}

/// Issue 19 point 5: a 500 (a timeout) on a page of a day range reads the window in halves; a
/// single day that keeps failing, with no date-times to narrow it by, stops naming the day: the
/// range's first day that holds changes (a half counted empty is not asked).
#[tokio::test]
async fn a_500_in_day_windows_narrows_to_halves_then_names_the_day() {
    let mut e = env(1_500).await;
    let (from, to) = last_days(&e.sim, 60);
    let first_day = e
        .sim
        .all(Resource::Aanvragen)
        .iter()
        .filter_map(coachdesk::api::decode::changed_at)
        .filter(|t| *t >= from && *t < to)
        .min()
        .expect("changes in the range")
        .date();
    e.sim
        .set_dialect(Dialect::parse("dates-only,timeout-over-days=7").unwrap());
    let r = run(&mut e, from, to).await.unwrap();
    assert!(r.complete && r.records > 100, "{r:?}");
    assert_same(&e, from, to);
    // Every day range times out: the first day is named, nothing after it is pretended.
    e.sim
        .set_dialect(Dialect::parse("dates-only,timeout-over-days=0").unwrap());
    let before = e.sim.requests_received();
    let err = run(&mut e, from, to).await.unwrap_err();
    let SyncError::Gap { gap, report } = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(gap, Gap::ServerError { .. }), "{gap:?}");
    assert_eq!(gap.days().first, gap.days().last, "one day: {gap:?}");
    assert_eq!(gap.days().first, first_day);
    assert_eq!(report.removed, 0);
    assert!(
        e.sim.requests_received() - before < 30,
        "halving is bounded"
    );
    let m = coachdesk::message::from_gap(gap);
    for lang in [Lang::Nl, Lang::En] {
        let what = m.what_happened.in_lang(lang);
        assert!(
            what.contains(&first_day.format("%d-%m-%Y").to_string()),
            "{what}"
        );
        assert!(m.what_to_do.in_lang(lang).contains("support@coachview.net"));
    }
    assert_same(&e, from, to);
}

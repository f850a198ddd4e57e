//! Sync engine against the in-process simulator: exact ranges, incremental sync, token renewal,
//! daily limit, capped take, a busy day, faults, related records and cancellation.

mod common;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::{ApiErrorKind, Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, SyncError, SyncOptions, SyncProgressInfo, SyncReport};
use common::TempHome;
use serde_json::json;

struct Env {
    sim: SimHandle,
    client: Client,
    store: Store,
    _dir: TempHome,
}

async fn env(cfg: SimConfig) -> Env {
    let sim = Simulator::start(cfg).await.unwrap();
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

fn cfg(scale: usize) -> SimConfig {
    SimConfig {
        scale,
        ..SimConfig::default()
    }
}

fn midnight(t: NaiveDateTime) -> NaiveDateTime {
    t.date().and_time(NaiveTime::MIN)
}

/// The last `days` days up to the end of the simulator's today.
fn last_days(sim: &SimHandle, days: i64) -> (NaiveDateTime, NaiveDateTime) {
    let end = midnight(sim.now()) + Duration::days(1);
    (end - Duration::days(days), end)
}

async fn run(
    e: &mut Env,
    from: NaiveDateTime,
    to: NaiveDateTime,
    opts: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    sync::SyncJob::new(&e.client, Resource::Aanvragen, from, to, opts.clone())
        .run(&mut e.store, &mut |_| {}, &Cancel::new())
        .await
}

/// The store holds exactly the simulator's records changed in the range, with the same etags.
fn assert_same(e: &Env, from: NaiveDateTime, to: NaiveDateTime) {
    let mut want = e.sim.changed_between(Resource::Aanvragen, from, to);
    want.sort();
    let got: Vec<(String, i64)> = e
        .store
        .ids_and_etags(Resource::Aanvragen, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert_eq!(got.len(), want.len(), "record count differs");
    assert_eq!(got, want);
}

fn page_bound(n: u64, page: u64) -> u64 {
    (1.05 * n.div_ceil(page) as f64).ceil() as u64 + 10
}

#[tokio::test]
async fn a_synced_range_equals_the_simulators_changes() {
    let mut e = env(cfg(3_000)).await;
    let (from, to) = last_days(&e.sim, 120);
    let r = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(r.complete && r.missing.is_none());
    assert_same(&e, from, to);
    assert!(r.records > 100, "the range should hold data: {r:?}");
    assert!(r.requests <= page_bound(r.records, 100), "{r:?}");
    assert!(e.store.cursor(Resource::Aanvragen).unwrap().is_some());
    assert!(e.store.last_sync(Resource::Aanvragen).unwrap().is_some());
}

#[tokio::test]
async fn incremental_sync_picks_up_changes_additions_and_deletions() {
    let mut e = env(cfg(2_000)).await;
    let now = e.sim.now();
    // A record changed shortly before the first sync, deleted after it (inside the lookback).
    let doomed = e.sim.upsert(
        Resource::Aanvragen,
        json!({"aanvraagStatusId": "Nieuw"}),
        now - Duration::hours(3),
    );
    let (from, to) = last_days(&e.sim, 30);
    run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(
        e.store
            .records(Resource::Aanvragen, None, None)
            .unwrap()
            .iter()
            .any(|x| x["id"] == doomed.as_str())
    );
    let old = e
        .sim
        .changed_between(Resource::Aanvragen, from, midnight(now) - Duration::days(3));
    assert!(old.len() >= 3, "test data too thin");
    for (id, _) in &old[..2] {
        assert!(
            e.sim
                .touch(Resource::Aanvragen, id, now - Duration::minutes(5))
        );
    }
    let added = e.sim.upsert(
        Resource::Aanvragen,
        json!({"aanvraagStatusId": "Nieuw"}),
        now - Duration::minutes(1),
    );
    assert!(e.sim.delete(Resource::Aanvragen, &doomed));

    let today = e.sim.now().date();
    let r = sync::SyncJob::since_last(
        &e.client,
        &e.store,
        Resource::Aanvragen,
        SyncOptions::default(),
        today,
    )
    .unwrap()
    .run(&mut e.store, &mut |_| {}, &Cancel::new())
    .await
    .unwrap();
    assert!(r.complete);
    assert_same(&e, from, to);
    let all = e.store.records(Resource::Aanvragen, None, None).unwrap();
    assert!(all.iter().any(|x| x["id"] == added.as_str()));
    assert!(
        !all.iter().any(|x| x["id"] == doomed.as_str()),
        "deleted record still stored"
    );
    assert!(r.removed >= 1);
    // The incremental run only fetched the lookback range, not the whole month again.
    assert!(r.records < 100, "{r:?}");
}

#[tokio::test]
async fn a_two_second_token_lifetime_renews_silently() {
    let mut e = env(SimConfig {
        token_lifetime_secs: 2,
        latency_ms: 150,
        ..cfg(2_000)
    })
    .await;
    let (from, to) = last_days(&e.sim, 400);
    let started = coachdesk::clock::Clock::system().instant();
    let opts = SyncOptions {
        page_size: 50,
        ..SyncOptions::default()
    };
    let r = run(&mut e, from, to, &opts).await.unwrap();
    assert!(
        coachdesk::clock::Clock::system().since(started) > std::time::Duration::from_secs(3),
        "sync too short to test renewal: {r:?}"
    );
    assert!(r.complete);
    assert_same(&e, from, to);
}

#[tokio::test]
async fn the_daily_limit_stops_the_sync_and_nothing_is_sent_before_the_reset() {
    let mut e = env(SimConfig {
        daily_limit: 8,
        ..cfg(2_000)
    })
    .await;
    let (from, to) = last_days(&e.sim, 400);
    let err = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap_err();
    let SyncError::Api { error, report } = &err else {
        panic!("{err:?}")
    };
    let ApiErrorKind::RateLimited {
        reset_at: Some(reset),
        ..
    } = error.kind
    else {
        panic!("{error:?}")
    };
    assert!(reset > coachdesk::clock::Clock::system().now_utc());
    assert!(!report.complete && report.missing.is_some());
    assert!(report.records > 0, "pages before the limit are kept");
    assert_eq!(e.store.count(Resource::Aanvragen).unwrap(), report.records);
    let received = e.sim.requests_received();
    let again = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(again, SyncError::Api { .. }));
    assert_eq!(
        e.sim.requests_received(),
        received,
        "a request was sent before the reset"
    );
}

#[tokio::test]
async fn a_server_capped_take_still_gives_everything() {
    let mut e = env(SimConfig {
        max_take: 50,
        ..cfg(2_000)
    })
    .await;
    let (from, to) = last_days(&e.sim, 90);
    let r = run(
        &mut e,
        from,
        to,
        &SyncOptions {
            page_size: 100,
            ..SyncOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(r.complete);
    assert_same(&e, from, to);
    assert!(r.requests <= page_bound(r.records, 50), "{r:?}");
}

#[tokio::test]
async fn a_busy_day_of_8000_changes_needs_no_high_skip() {
    // The simulator answers 500 for any skip above 100: the sync must never need one.
    let mut e = env(SimConfig {
        max_skip: 100,
        ..cfg(300)
    })
    .await;
    let day = midnight(e.sim.now()) - Duration::days(2);
    for i in 0..8_000i64 {
        // Bursts of identical change times, too: keyset paging must cope with ties.
        let t = day + Duration::milliseconds(8 * 3_600_000 + (i / 3) * 7_001);
        e.sim
            .upsert(Resource::Aanvragen, json!({"nummer": 900_000 + i}), t);
    }
    let (from, to) = (day, day + Duration::days(1));
    // Keyset paging, as on a tenant whose probe proved date-time filters.
    e.client
        .update_capabilities(|c| c.datetime_filters = Some(true));
    let r = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(r.complete);
    assert!(r.records >= 8_000);
    assert_same(&e, from, to);
    assert!(r.requests <= page_bound(r.records, 100), "{r:?}");
}

#[tokio::test]
async fn faults_end_complete_or_with_a_clear_error_never_a_silent_gap() {
    let mut e = env(cfg(2_000)).await;
    e.sim.set_faults(0.2, 0.0, 0.0, 0);
    let (from, to) = last_days(&e.sim, 200);
    match run(&mut e, from, to, &SyncOptions::default()).await {
        Ok(r) => {
            assert!(r.complete);
            assert_same(&e, from, to);
        }
        Err(SyncError::Api { error, report }) => {
            assert!(
                matches!(
                    error.kind,
                    ApiErrorKind::Server { .. } | ApiErrorKind::Network { .. }
                ),
                "{error:?}"
            );
            assert!(!report.complete);
            assert!(report.missing.is_some_and(|m| {
                m.text()
                    .in_lang(coachdesk::i18n::Lang::En)
                    .contains("changed from")
            }));
        }
        Err(other) => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn related_records_come_in_url_safe_batches() {
    let mut e = env(cfg(1_000)).await;
    let (from, to) = last_days(&e.sim, 400);
    run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    let ids: Vec<String> = e
        .sim
        .all(Resource::Aanvragen)
        .iter()
        .take(150)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    for batch in sync::related::batches(&e.client, Resource::Orderverkoopregels, "aanvraagid", &ids)
    {
        assert!(batch.len() > 1);
    }
    let got = sync::related(
        &e.client,
        Resource::Orderverkoopregels,
        "aanvraagid",
        &ids,
        &Cancel::new(),
    )
    .await
    .unwrap();
    let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut want: Vec<String> = e
        .sim
        .all(Resource::Orderverkoopregels)
        .iter()
        .filter(|r| r["aanvraagId"].as_str().is_some_and(|a| wanted.contains(a)))
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let mut got_ids: Vec<String> = got
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    want.sort();
    got_ids.sort();
    assert!(!want.is_empty());
    assert_eq!(got_ids, want);
}

#[tokio::test]
async fn cancelling_keeps_what_arrived_and_says_what_is_missing() {
    let mut e = env(cfg(2_000)).await;
    let (from, to) = last_days(&e.sim, 400);
    let cancel = Cancel::new();
    let c2 = cancel.clone();
    let mut pages = 0;
    let mut progress = |p: &SyncProgressInfo<'_>| {
        if !p.batch.is_empty() {
            pages += 1;
            if pages == 2 {
                c2.cancel();
            }
        }
    };
    let opts = SyncOptions {
        flush_rows: 1_000,
        ..SyncOptions::default()
    };
    let r = sync::SyncJob::new(&e.client, Resource::Aanvragen, from, to, opts.clone())
        .run(&mut e.store, &mut progress, &cancel)
        .await
        .unwrap();
    assert!(!r.complete);
    assert!(r.missing.is_some());
    assert_eq!(e.store.count(Resource::Aanvragen).unwrap(), r.records);
    // Rows are written in batches of at most 1,000 (or every 250 ms): cancelled after the second
    // batch, at most two batches arrived, and not everything.
    let total = e.sim.changed_between(Resource::Aanvragen, from, to).len() as u64;
    assert!(
        r.records > 0 && r.records <= 2_000 && r.records < total,
        "{r:?}"
    );
}

#[tokio::test]
async fn a_sparse_range_costs_pages_not_days_and_progress_adds_up() {
    let mut e = env(cfg(400)).await;
    let (from, to) = last_days(&e.sim, 400);
    let est = sync::estimate_requests(
        &e.client,
        Resource::Aanvragen,
        from,
        to,
        &SyncOptions::default(),
    )
    .await
    .unwrap();
    let expected = e.sim.changed_between(Resource::Aanvragen, from, to).len() as u64;
    assert_eq!(est.records, expected);
    let mut last = (0u64, 0u64, 0u64);
    let mut batches = 0u64;
    let mut progress = |p: &SyncProgressInfo<'_>| {
        assert!(p.windows_done >= last.0 && p.records >= last.1 && p.requests >= last.2);
        assert!(p.windows_done <= p.windows_total);
        last = (p.windows_done, p.records, p.requests);
        batches += p.batch.len() as u64;
    };
    let opts = SyncOptions::default();
    let r = sync::SyncJob::new(&e.client, Resource::Aanvragen, from, to, opts.clone())
        .run(&mut e.store, &mut progress, &Cancel::new())
        .await
        .unwrap();
    assert_eq!(r.records, expected);
    assert_eq!(
        batches, expected,
        "every committed record is handed to the progress callback once"
    );
    assert_eq!(last.0, r.windows);
    // One count, the pages, a token: nowhere near one request per day.
    assert!(r.requests <= expected.div_ceil(100) + 3, "{r:?}");
    assert!(est.requests >= r.requests - 1, "estimate {est:?} vs {r:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_network_error_after_three_attempts() {
    let mut e = env(cfg(300)).await;
    e.client.ensure_token().await.unwrap();
    e.sim.set_offline(true);
    let (from, to) = last_days(&e.sim, 30);
    let before = e.client.requests_sent();
    let err = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap_err();
    let SyncError::Api { error, report } = err else {
        panic!()
    };
    assert!(
        matches!(
            error.kind,
            ApiErrorKind::Network { .. } | ApiErrorKind::Timeout { .. }
        ),
        "{error:?}"
    );
    // Three attempts for the plan's count, and at most three for the first page asked with it
    // (first rows fast), which stops when the count has failed.
    let sent = e.client.requests_sent() - before;
    assert!((3..=6).contains(&sent), "{sent} attempts");
    assert!(report.missing.is_some() && !report.complete);
}

/// Runs the `coachdesk` binary with a private home folder and the secret in the environment.
fn coachdesk(home: &std::path::Path, secret: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(args)
        .env("COACHDESK_HOME", home)
        .env("COACHDESK_CLIENT_SECRET", secret)
        .output()
        .unwrap()
}

#[test]
fn the_sync_and_export_commands_work_end_to_end() {
    let sim = Simulator::spawn(cfg(600)).unwrap();
    let home = TempHome::new();
    let url = sim.base_url();
    let day = |d: NaiveDateTime| d.format("%Y-%m-%d").to_string();
    let (from, to) = last_days(&sim, 60);
    let last_day = day(to - Duration::days(1));
    let first_day = day(from);
    let base = [
        "--base-url",
        url.as_str(),
        "--client-id",
        "demo",
        "--resource",
        "aanvragen",
    ];
    let mut args = vec!["sync"];
    args.extend(base);
    args.extend(["--from", &first_day, "--to", &last_day]);
    let out = coachdesk(&home.0, "demo", &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = stdout.lines().last().unwrap();
    let expected = sim.changed_between(Resource::Aanvragen, from, to).len();
    assert!(
        summary.starts_with(&format!("records={expected} requests=")),
        "{summary}"
    );
    assert!(
        summary.contains(" windows=") && summary.contains(" seconds="),
        "{summary}"
    );

    let csv = home.0.join("out.csv");
    let mut args = vec!["export"];
    args.extend(base);
    args.extend([
        "--from",
        &first_day,
        "--to",
        &last_day,
        "--columns",
        "id,nummer",
    ]);
    args.extend(["--out", csv.to_str().unwrap()]);
    let out = coachdesk(&home.0, "", &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().count(),
        expected + 1,
        "header plus one line per record"
    );

    let mut args = vec!["sync"];
    args.extend(base);
    args.push("--since-last");
    let bad = coachdesk(&home.0, "wrong-secret-value", &args);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("error"), "{err}");
    assert!(!err.contains("wrong-secret-value"));
    sim.shutdown();
}

#[tokio::test]
async fn a_500_narrows_the_window_once_then_reports_what_is_missing() {
    // 250 records share one change time; the simulator answers 500 to any skip above 100, so
    // the third page of that instant fails whatever the window: the sync must stop, not loop.
    let mut e = env(SimConfig {
        max_skip: 100,
        ..cfg(300)
    })
    .await;
    let at = midnight(e.sim.now()) - Duration::days(1) + Duration::hours(10);
    for i in 0..250 {
        e.sim
            .upsert(Resource::Aanvragen, json!({"nummer": 700_000 + i}), at);
    }
    let (from, to) = (midnight(at), midnight(at) + Duration::days(1));
    e.client
        .update_capabilities(|c| c.datetime_filters = Some(true));
    let before = e.sim.requests_received();
    let err = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap_err();
    let SyncError::Api { error, report } = err else {
        panic!()
    };
    assert_eq!(error.kind, ApiErrorKind::Server { status: 500 });
    let missing = report.missing.unwrap();
    assert_eq!(missing.from, at);
    let missing = missing.text().in_lang(coachdesk::i18n::Lang::En);
    assert!(
        missing.contains(&at.format("%d-%m-%Y %H:%M").to_string()),
        "{missing}"
    );
    // count + pages at skip 0 and 100 + the failing page + one narrowed retry (+ a token).
    let sent = e.sim.requests_received() - before;
    assert!((5..=6).contains(&sent), "{sent} requests");
    assert!(report.records >= 200);
}

/// The GUI worker runs syncs inside `tokio::spawn`: the futures must be `Send`.
#[allow(dead_code)]
fn sync_futures_are_send(client: Client, mut store: Store, cancel: Cancel) {
    fn is_send<T: Send>(_: &T) {}
    let (a, b) = (chrono::NaiveDateTime::MIN, chrono::NaiveDateTime::MAX);
    let opts = SyncOptions::default();
    let mut progress = |_: &SyncProgressInfo<'_>| {};
    let job = sync::SyncJob::new(&client, Resource::Aanvragen, a, b, opts.clone());
    let f = job.run(&mut store, &mut progress, &cancel);
    is_send(&f);
    let ids: Vec<String> = Vec::new();
    is_send(&sync::related(
        &client,
        Resource::Orderverkoopregels,
        "aanvraagid",
        &ids,
        &cancel,
    ));
    is_send(&client.post_webaanvraag(&serde_json::Value::Null));
}

/// The next page is asked before this one's rows are handed on: while the progress callback of
/// a page runs (the sync task is busy), the request for the page after it is already out. Broken
/// pipelining shows as a callback that sees no request ahead (each waits 2 s, then counts none).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_page_is_asked_while_this_one_is_processed() {
    let mut e = env(cfg(600)).await;
    let (from, to) = last_days(&e.sim, 400);
    e.client
        .update_capabilities(|c| c.datetime_filters = Some(true));
    let opts = SyncOptions {
        flush_rows: 1,
        page_size: 50,
        ..SyncOptions::default()
    };
    let client = e.client.clone();
    client.start_trace();
    let data_requests = || {
        client
            .trace_so_far()
            .iter()
            .filter(|p| !p.to_ascii_lowercase().contains("count=true"))
            .count()
    };
    let (mut batches, mut ahead) = (0, 0);
    let mut progress = |p: &SyncProgressInfo<'_>| {
        if p.batch.is_empty() {
            return;
        }
        batches += 1;
        let waited = coachdesk::clock::Clock::system().instant();
        while data_requests() <= batches
            && coachdesk::clock::Clock::system().since(waited) < std::time::Duration::from_secs(2)
        {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        if data_requests() > batches {
            ahead += 1;
        }
    };
    let r = sync::SyncJob::new(&e.client, Resource::Aanvragen, from, to, opts)
        .run(&mut e.store, &mut progress, &Cancel::new())
        .await
        .unwrap();
    assert!(r.complete);
    assert_same(&e, from, to);
    assert_eq!(
        r.windows, 1,
        "one window, so every page but the last has one after it"
    );
    assert!(batches >= 5, "{batches} pages");
    assert!(
        ahead >= batches - 1,
        "{ahead} of {batches} pages had the next one asked"
    );
}

/// First rows fast: the first page of a sync goes to the store and the table as soon as it is
/// read, before the rest of the range; later rows come in larger batches.
#[tokio::test]
async fn the_first_page_is_shown_before_the_rest_of_the_range() {
    let mut e = env(cfg(3_000)).await;
    let (from, to) = last_days(&e.sim, 120);
    let expected = e.sim.changed_between(Resource::Aanvragen, from, to).len();
    assert!(expected > 300, "the premise: several pages ({expected})");
    let mut batches = Vec::new();
    let r = sync::SyncJob::new(
        &e.client,
        Resource::Aanvragen,
        from,
        to,
        SyncOptions::default(),
    )
    .run(
        &mut e.store,
        &mut |p: &SyncProgressInfo<'_>| {
            if !p.batch.is_empty() {
                batches.push(p.batch.len());
            }
        },
        &Cancel::new(),
    )
    .await
    .unwrap();
    assert!(r.complete);
    let page = SyncOptions::default().page_size as usize;
    assert!(
        batches.first().is_some_and(|n| *n <= page),
        "the first rows waited for more: {batches:?}"
    );
    assert_eq!(batches.iter().sum::<usize>(), expected);
}

/// Before a long sync the CLI says what the plan expects against the requests left today, and that
/// a sync over the daily limit stops there, keeps what it read and continues with `--since-last`;
/// a sync within the limit says the plan without that warning.
#[test]
fn the_cli_says_what_a_sync_will_cost_against_the_daily_limit_before_it_runs() {
    // The probe takes about a dozen of the 40; the range needs about 32 more.
    let sim = Simulator::spawn(SimConfig {
        daily_limit: 40,
        ..cfg(3_000)
    })
    .unwrap();
    let url = sim.base_url();
    let day = |d: NaiveDateTime| d.format("%Y-%m-%d").to_string();
    // `coachdesk sync` of the last `days` days in a fresh home: its output, and the home.
    let sync_days = |days: i64| {
        let (from, to) = last_days(&sim, days);
        let (first, last) = (day(from), day(to - Duration::days(1)));
        let args = [
            "sync",
            "--base-url",
            &url,
            "--client-id",
            "demo",
            "--resource",
            "aanvragen",
            "--from",
            &first,
            "--to",
            &last,
        ];
        let home = TempHome::new();
        (coachdesk(&home.0, "demo", &args), home)
    };
    let (from, to) = last_days(&sim, 400);
    let expected = sim.changed_between(Resource::Aanvragen, from, to).len();
    assert!(
        expected > 2_000,
        "a range that needs more than the limit: {expected}"
    );
    let (out, home) = sync_days(400);
    let err = String::from_utf8_lossy(&out.stderr);
    let planned = err
        .lines()
        .find(|l| l.starts_with("Planned: about "))
        .unwrap_or_else(|| panic!("no plan line:\n{err}"));
    assert!(
        planned.contains(&format!("about {expected} records")),
        "{planned}"
    );
    assert!(planned.contains("left today."), "{planned}");
    assert!(
        planned.contains("the sync stops at the limit") && planned.contains("--since-last"),
        "{planned}"
    );
    assert!(!out.status.success(), "stopped by the limit");
    let folder =
        coachdesk::session::Folder::of(&coachdesk::paths::Dirs::under(&home.0), &url, "demo");
    let stored = Store::open(&folder.records_path())
        .unwrap()
        .records(Resource::Aanvragen, None, None)
        .unwrap()
        .len();
    assert!(stored > 0, "what was read is kept");

    // A range within the limit: the plan without the warning.
    sim.reset_rate_limits();
    let (out, _other) = sync_days(3);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let planned = err
        .lines()
        .find(|l| l.starts_with("Planned: about "))
        .unwrap_or_else(|| panic!("no plan line:\n{err}"));
    assert!(!planned.contains("stops at the limit"), "{planned}");
}

/// The sync's writer hands its WAL to a checkpoint of its own once the run is done (`impl Drop
/// for Run`); `finish_checkpoints`, which the CLI and the app's worker call before they exit,
/// waits for it. Afterwards the WAL is empty and every record is in the database file, with the
/// run's own store connection still open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sync_writers_wal_is_checkpointed_once_the_run_is_done() {
    let mut e = env(cfg(3_000)).await;
    let (from, to) = last_days(&e.sim, 400);
    let r = run(&mut e, from, to, &SyncOptions::default())
        .await
        .unwrap();
    assert!(r.complete && r.records > 2_000, "{r:?}");
    coachdesk::store::finish_checkpoints();
    let size = |p: std::path::PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    assert_eq!(
        size(e._dir.0.join("records.sqlite-wal")),
        0,
        "the WAL is emptied"
    );
    assert!(
        size(e._dir.0.join("records.sqlite")) > 1_000_000,
        "the records are in the database file"
    );
    assert_same(&e, from, to);
}

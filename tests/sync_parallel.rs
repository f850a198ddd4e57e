//! Issue 22: bounded parallel windows. With up to three requests in flight the store still ends
//! exactly as the simulator's truth under every dialect and fault the other sync tests play, the
//! request bound holds, and a server that refuses (or queues) requests asked at once gets one at
//! a time, remembered for the next sync.

mod common;

use chrono::{Duration, NaiveDateTime, NaiveTime};
use coachdesk::api::capabilities::Capabilities;
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::parallel::OverParallel;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{self, SyncError, SyncOptions, SyncReport};
use common::TempHome;

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

fn cfg() -> SimConfig {
    SimConfig {
        scale: 4_000,
        ..SimConfig::default()
    }
}

/// Small windows (a low safe skip), so a range is planned as several windows to overlap.
fn opts(parallel: usize) -> SyncOptions {
    SyncOptions {
        parallel,
        safe_skip: 300,
        ..SyncOptions::default()
    }
}

fn range(sim: &SimHandle) -> (NaiveDateTime, NaiveDateTime) {
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    (end - Duration::days(300), end)
}

/// Runs a sync of Aanvragen; `polite` tells whether progress ever said "one at a time".
async fn run(
    e: &mut Env,
    resource: Resource,
    opts: &SyncOptions,
) -> (Result<SyncReport, SyncError>, bool) {
    let (from, to) = range(&e.sim);
    let mut polite = false;
    let r = sync::SyncJob::new(&e.client, resource, from, to, opts.clone())
        .run(
            &mut e.store,
            &mut |p| polite |= p.one_at_a_time,
            &Cancel::new(),
        )
        .await;
    (r, polite)
}

/// The store holds exactly the simulator's records of the range (ids and etags), and the cursor
/// is the newest change time among them.
fn assert_exact(e: &Env, resource: Resource, why: &str) {
    let (from, to) = range(&e.sim);
    let mut want = e.sim.changed_between(resource, from, to);
    let newest = want
        .last()
        .and_then(|(id, _)| e.sim.record(resource, id))
        .and_then(|v| coachdesk::api::decode::changed_at(&v));
    want.sort();
    let got: Vec<(String, i64)> = e
        .store
        .ids_and_etags(resource, from, to)
        .unwrap()
        .into_iter()
        .map(|(id, etag)| (id, etag.unwrap_or(-1)))
        .collect();
    assert_eq!(got.len(), want.len(), "{why}: record count differs");
    assert_eq!(got, want, "{why}");
    assert_eq!(e.store.cursor(resource).unwrap(), newest, "{why}: cursor");
}

/// The request bound of a sync: `1.05·N/100 + windows + 5` for N records, or (where a re-plan
/// costs more, e.g. a downgrade to day windows) what the same sync costs one request at a time.
/// That one varies by one itself: a page asked ahead and then not wanted (a flag dropped while
/// the page before was processed) is aborted, before or after it left.
fn assert_bound(r: &SyncReport, sequential: u64, why: &str) {
    let bound = (1.05 * r.records as f64 / 100.0).ceil() as u64 + r.windows + 5;
    let bound = bound.max(sequential + 1);
    assert!(
        r.requests <= bound,
        "{why}: {} > {bound}: {r:?}",
        r.requests
    );
}

/// What the same sync costs with one request at a time (a fresh simulator of `config`), or how
/// it stops.
async fn sequential(
    config: SimConfig,
    caps: impl Fn(&mut Capabilities),
    resource: Resource,
) -> Result<u64, SyncError> {
    let mut e = env(config).await;
    e.client.update_capabilities(caps);
    let (r, _) = run(&mut e, resource, &opts(1)).await;
    r.map(|r| r.requests)
}

/// The kind of a stop, e.g. `Gap(TinyPages`.
fn kind(e: &SyncError) -> String {
    let text = format!("{e:?}");
    text.split(['{', ' '])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Every dialect switch the sync tests play, one at a time and all together.
fn dialects() -> Vec<(&'static str, Dialect)> {
    let mut out: Vec<(&'static str, Dialect)> = [
        "",
        "dates-only",
        "count-empty-body",
        "count-always",
        "end-inclusive",
        "page-cap=50",
        "page-cap=Aanvragen:40",
        "retry-after-only",
        "rate-headers-on-429",
        "relations-ignored",
        "relations-refused",
        "extra-fields-refused",
        "desc-ignored",
        "two-clause-last-only",
        "timeout-over-days=7",
    ]
    .into_iter()
    .map(|s| (s, Dialect::parse(s).unwrap()))
    .collect();
    out.push(("all", Dialect::all()));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_windows_are_exact_under_every_dialect() {
    for (name, dialect) in dialects() {
        for keyset in [false, true] {
            let why = format!("{name} keyset={keyset}");
            let config = SimConfig {
                dialect: dialect.clone(),
                ..cfg()
            };
            let caps = |c: &mut Capabilities| {
                c.datetime_filters = Some(keyset);
                c.desc_order = Some(true);
                c.direct_relations = Some(true);
            };
            let resource = if name.contains("extra") {
                Resource::Opleidingen
            } else {
                Resource::Aanvragen
            };
            let one = sequential(config.clone(), caps, resource).await;
            let mut e = env(config).await;
            e.client.update_capabilities(caps);
            let (r, _) = run(&mut e, resource, &opts(3)).await;
            let one = match (one, r) {
                (Ok(one), r) => {
                    let r = r.unwrap_or_else(|err| panic!("{why}: {err:?}"));
                    (one, r)
                }
                // Where one at a time stops (a gap it names), three at a time stops the same way,
                // pruning nothing.
                (Err(seq), Err(par)) => {
                    assert_eq!(kind(&seq), kind(&par), "{why}: {par:?}");
                    assert_eq!(par.report().map(|r| r.removed), Some(0), "{why}");
                    continue;
                }
                (Err(seq), Ok(r)) => panic!("{why}: one at a time {seq:?}, three {r:?}"),
            };
            let (one, r) = one;
            assert!(r.complete, "{why}: {r:?}");
            assert!(
                r.records > 500 || resource != Resource::Aanvragen,
                "{why}: {r:?}"
            );
            assert!(
                r.windows > 2 || resource != Resource::Aanvragen,
                "{why}: {r:?}"
            );
            assert_exact(&e, resource, &why);
            assert_bound(&r, one, &why);
        }
    }
}

/// Faults, short token lifetimes and a tight rate limit (429s waited out in place): the sync ends
/// exact, or with a clear error that pruned nothing unproven.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_windows_hold_under_faults_and_limits() {
    let cases: Vec<(&str, SimConfig)> = vec![
        (
            "faults 0.2",
            SimConfig {
                fault_rate: 0.2,
                ..cfg()
            },
        ),
        (
            "drops 0.1",
            SimConfig {
                drop_rate: 0.1,
                ..cfg()
            },
        ),
        (
            "token 2 s",
            SimConfig {
                token_lifetime_secs: 2,
                latency_ms: 5,
                ..cfg()
            },
        ),
        (
            "40 per 2 s",
            SimConfig {
                daily_limit: 40,
                rate_window_secs: 2,
                ..cfg()
            },
        ),
    ];
    for (name, config) in cases {
        for keyset in [false, true] {
            let why = format!("{name} keyset={keyset}");
            let mut e = env(config.clone()).await;
            e.client
                .update_capabilities(|c| c.datetime_filters = Some(keyset));
            let before = e.store.count(Resource::Aanvragen).unwrap();
            match run(&mut e, Resource::Aanvragen, &opts(3)).await.0 {
                Ok(r) => {
                    assert!(r.complete, "{why}: {r:?}");
                    assert_exact(&e, Resource::Aanvragen, &why);
                }
                Err(SyncError::Api { error, report }) => {
                    assert!(error.status.is_none_or(|s| s >= 500), "{why}: {error:?}");
                    assert!(!report.complete && report.missing.is_some(), "{why}");
                    assert_eq!(report.removed, 0, "{why}");
                    assert!(e.store.count(Resource::Aanvragen).unwrap() >= before);
                }
                Err(other) => panic!("{why}: {other:?}"),
            }
        }
    }
}

/// With latency, three windows really are read at once; with one, never two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_three_overlaps_and_parallel_one_never_does() {
    for keyset in [false, true] {
        let config = SimConfig {
            latency_ms: 15,
            ..cfg()
        };
        let caps = |c: &mut Capabilities| {
            c.datetime_filters = Some(keyset);
            c.desc_order = Some(true);
        };
        let one = sequential(config.clone(), caps, Resource::Aanvragen)
            .await
            .unwrap();
        let mut e = env(config).await;
        e.client.update_capabilities(caps);
        let (r, polite) = run(&mut e, Resource::Aanvragen, &opts(3)).await;
        let r = r.unwrap();
        assert!(!polite, "{r:?}");
        assert!(e.sim.max_in_flight() > 1, "keyset={keyset}: no overlap");
        assert!(e.sim.max_in_flight() <= 3, "{}", e.sim.max_in_flight());
        assert_exact(&e, Resource::Aanvragen, "parallel 3");
        assert_bound(&r, one, "parallel 3");
    }
    // A server answering one at a time (429 beyond): parallel 1 never meets it.
    let mut e = env(SimConfig {
        latency_ms: 5,
        max_parallel: 1,
        ..cfg()
    })
    .await;
    e.client.update_capabilities(|c| c.desc_order = Some(true));
    let (r, polite) = run(&mut e, Resource::Aanvragen, &opts(1)).await;
    let r = r.unwrap();
    assert!(!polite);
    assert_eq!(e.sim.max_in_flight(), 1);
    assert_eq!(
        e.client.busy_answers(),
        0,
        "a 429 came: two were sent at once"
    );
    assert_exact(&e, Resource::Aanvragen, "parallel 1");
    assert_bound(&r, 0, "parallel 1");
}

/// A server that answers 429 to a second request at once: the sync drops to one at a time, says
/// so, stays exact, and the next sync to it never sends two at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_refusing_parallel_requests_gets_one_at_a_time() {
    for keyset in [false, true] {
        let config = SimConfig {
            latency_ms: 15,
            max_parallel: 1,
            over_parallel: OverParallel::TooMany,
            ..cfg()
        };
        let caps = |c: &mut Capabilities| {
            c.datetime_filters = Some(keyset);
            c.desc_order = Some(true);
        };
        let one = sequential(config.clone(), caps, Resource::Aanvragen)
            .await
            .unwrap();
        let mut e = env(config).await;
        e.client.update_capabilities(caps);
        let (r, polite) = run(&mut e, Resource::Aanvragen, &opts(3)).await;
        let r = r.unwrap();
        assert!(
            polite,
            "keyset={keyset}: the sync did not say it slowed down"
        );
        assert!(e.client.busy_answers() > 0);
        assert_eq!(e.client.capabilities().parallel_requests, Some(false));
        assert_exact(&e, Resource::Aanvragen, "refused");
        // The refusals themselves are requests too (each a 429).
        let refusals = e.client.busy_answers();
        assert!(refusals <= 3, "{refusals} refusals");
        assert_bound(&r, one + refusals, "refused");
        // The next sync (a change made meanwhile) starts at one.
        let first = e
            .sim
            .changed_between(Resource::Aanvragen, range(&e.sim).0, range(&e.sim).1)[0]
            .0
            .clone();
        let now = e.sim.now();
        e.sim.touch(Resource::Aanvragen, &first, now);
        e.sim.reset_max_in_flight();
        let busy = e.client.busy_answers();
        let (again, polite) = run(&mut e, Resource::Aanvragen, &opts(3)).await;
        let again = again.unwrap();
        assert_eq!(e.sim.max_in_flight(), 1, "keyset={keyset}");
        assert_eq!(e.client.busy_answers(), busy);
        assert!(!polite);
        assert_exact(&e, Resource::Aanvragen, "second sync");
        assert_bound(&again, 0, "second sync");
    }
}

/// A server that queues requests beyond one: exact too; answers slower than the threshold drop
/// the run to one at a time and are remembered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queueing_server_stays_exact_and_slow_answers_slow_down() {
    for slow_ms in [10_000, 20] {
        let mut e = env(SimConfig {
            latency_ms: 15,
            max_parallel: 1,
            over_parallel: OverParallel::Queue,
            ..cfg()
        })
        .await;
        e.client.update_capabilities(|c| {
            c.datetime_filters = Some(true);
            c.desc_order = Some(true);
        });
        let o = SyncOptions {
            slow_answer: std::time::Duration::from_millis(slow_ms),
            ..opts(3)
        };
        let (r, polite) = run(&mut e, Resource::Aanvragen, &o).await;
        let r = r.unwrap();
        assert_eq!(e.sim.max_in_flight(), 1);
        assert_exact(&e, Resource::Aanvragen, "queue");
        assert_bound(&r, 0, "queue");
        let slow = slow_ms < 1_000;
        assert_eq!(polite, slow, "slow_ms={slow_ms}");
        let remembered = e.client.capabilities().parallel_requests == Some(false);
        assert_eq!(remembered, slow, "slow_ms={slow_ms}");
    }
}

/// `coachdesk sync --parallel 3` against a server that refuses a second request at once: stderr
/// says the sync went on one at a time, the records are all there, and the next run (the
/// connection's capabilities read back from disk) never sends two at once. `--parallel 4` is
/// refused before anything is sent.
#[test]
fn the_cli_says_it_slows_down_and_remembers_it() {
    let sim = Simulator::spawn(SimConfig {
        latency_ms: 15,
        max_parallel: 1,
        ..cfg()
    })
    .unwrap();
    let home = TempHome::new();
    let url = sim.base_url();
    let (from, to) = range(&sim);
    let day = |d: NaiveDateTime| d.format("%Y-%m-%d").to_string();
    let (first, last) = (day(from), day(to - Duration::days(1)));
    let args = |parallel: &'static str| {
        vec![
            "sync",
            "--base-url",
            url.as_str(),
            "--client-id",
            "demo",
            "--resource",
            "aanvragen",
            "--from",
            first.as_str(),
            "--to",
            last.as_str(),
            "--safe-skip",
            "300",
            "--parallel",
            parallel,
        ]
    };
    let (code, _, _) = common::cli::coachdesk(&home.0, &args("4"));
    assert_eq!(code, 2);
    assert_eq!(sim.requests_received(), 0);
    let said = "Coachview is answering slowly or busy: continuing with one request at a time";
    let (code, out, err) = common::cli::coachdesk(&home.0, &args("3"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains(said), "{err}");
    let expected = sim.changed_between(Resource::Aanvragen, from, to).len();
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with(&format!("records={expected} ")),
        "{out}"
    );
    sim.reset_max_in_flight();
    let (code, out, err) = common::cli::coachdesk(&home.0, &args("3"));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!err.contains(said), "{err}");
    assert_eq!(sim.max_in_flight(), 1);
    sim.shutdown();
}

/// `--max-parallel 1`: a second request at once gets a 429 with `Retry-After: 1` and the usual rate
/// headers, requests left (not the daily quota, not counted in it); in queue mode it waits and
/// both are answered, one after the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_refuses_or_queues_a_second_request_at_once() {
    for over in [OverParallel::TooMany, OverParallel::Queue] {
        let sim = Simulator::start(SimConfig {
            scale: 50,
            latency_ms: 300,
            max_parallel: 1,
            over_parallel: over,
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
        client.ensure_token().await.unwrap();
        let token = sim.issued_tokens().pop().unwrap();
        let http = reqwest::Client::new();
        let url = format!("{}/api/v1/Aanvragen?take=1", sim.base_url());
        let get = || http.get(&url).bearer_auth(&token).send();
        let (a, b) = tokio::join!(get(), async {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            get().await
        });
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.status().as_u16(), 200);
        match over {
            OverParallel::TooMany => {
                assert_eq!(b.status().as_u16(), 429);
                let h = b.headers();
                assert_eq!(h.get("retry-after").unwrap(), "1");
                let left: u32 = h
                    .get("x-rate-limit-remaining")
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                let limit = SimConfig::default().daily_limit;
                assert!(left >= limit - 1, "{left}");
                // Only the admitted request counted: the next one leaves limit − 2.
                let c = get().await.unwrap();
                let left = c.headers().get("x-rate-limit-remaining").unwrap();
                assert_eq!(left.to_str().unwrap(), (limit - 2).to_string());
            }
            OverParallel::Queue => assert_eq!(b.status().as_u16(), 200),
        }
        assert_eq!(sim.max_in_flight(), 1);
        sim.shutdown();
    }
}

//! The probe finds each dialect's behaviour in at most a dozen read-only requests, the sync then
//! uses what it proved, and `coachdesk probe` stores it for the connection.

use chrono::{Duration, NaiveTime};
use coachdesk::api::probe::ProbeReport;
use coachdesk::api::probe::probe;
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::i18n::{Lang, text};
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimClient, SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{SyncJob, SyncOptions};

async fn sim(spec: &str) -> SimHandle {
    Simulator::start(SimConfig {
        scale: 1_000,
        dialect: Dialect::parse(spec).unwrap(),
        clients: vec![SimClient::parse("noaanvragen:pw:api,Opleidingen.Lezen").unwrap()],
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn client(sim: &SimHandle, id: &str, secret: &str) -> Client {
    Client::new(ClientConfig::new(&sim.base_url(), id, secret)).unwrap()
}

/// What a dialect's probe result must show.
type Check = fn(&coachdesk::api::Capabilities, &coachdesk::api::RateLimitStatus);

#[tokio::test]
async fn the_probe_tells_each_dialect_apart_within_a_dozen_get_requests() {
    let today = coachdesk::clock::Clock::system().today();
    let cases: [(&str, Check); 10] = [
        ("", |c, r| {
            assert_eq!(c.datetime_filters, Some(true));
            assert_eq!(c.desc_order, Some(true));
            assert_eq!(c.extra_fields, Some(true));
            assert_eq!(c.range_end_inclusive, Some(false));
            assert_eq!(c.count_with_body, Some(true));
            assert_eq!(c.page_size, Some(100));
            assert_eq!(c.rate_limit_headers, Some(true));
            assert_eq!(r.limit, Some(5000));
            assert_eq!(c.reference_filter, Some(true));
            assert!(c.readable.values().all(|v| *v), "{:?}", c.readable);
            assert_eq!(c.readable.len(), Resource::ALL.len());
        }),
        ("dates-only", |c, _| {
            assert_eq!(c.datetime_filters, Some(false))
        }),
        ("end-inclusive", |c, _| {
            assert_eq!(c.range_end_inclusive, Some(true))
        }),
        ("count-empty-body", |c, _| {
            assert_eq!(c.count_with_body, Some(false))
        }),
        ("page-cap=50", |c, _| assert_eq!(c.page_size, Some(50))),
        ("retry-after-only", |c, r| {
            assert_eq!(c.rate_limit_headers, Some(false));
            assert_eq!(r.limit, None);
        }),
        ("no-reference-filter", |c, _| {
            assert_eq!(c.reference_filter, Some(false))
        }),
        // Issue 19 points 4 and 6: desc, both clauses of a date-time range, computed fields.
        ("desc-ignored", |c, _| {
            assert_eq!(c.desc_order, Some(false));
            assert_eq!(c.datetime_filters, Some(true));
        }),
        ("two-clause-last-only", |c, _| {
            assert_eq!(
                c.datetime_filters,
                Some(false),
                "only the last clause applied"
            );
            assert_eq!(c.desc_order, Some(true));
        }),
        ("extra-fields-refused", |c, _| {
            assert_eq!(c.extra_fields, Some(false));
            assert_eq!(c.datetime_filters, Some(true), "not a date-time refusal");
            assert_eq!(c.readable.get("Opleidingen"), Some(&true));
        }),
    ];
    for (spec, check) in cases {
        let sim = sim(spec).await;
        let c = client(&sim, "demo", "demo");
        let before = sim.requests_received();
        let report = probe(&c, today).await.unwrap();
        check(&report.capabilities, &report.rate_limit);
        let sent = sim.requests_received() - before;
        let allowed = match spec {
            "count-empty-body" | "extra-fields-refused" => 14,
            _ => 13,
        };
        assert!(sent <= allowed, "{spec}: {sent} requests (token included)");
        assert_eq!(report.requests, sent, "{spec}");
        assert!(
            sim.webaanvragen_received().is_empty(),
            "the probe must not write"
        );
        assert_eq!(
            c.capabilities(),
            report.capabilities,
            "stored on the client"
        );
        sim.shutdown();
    }
}

#[tokio::test]
async fn example_data_and_missing_scopes_show_as_unreadable() {
    let sim = sim("example-data-without-scope").await;
    let c = client(&sim, "noaanvragen", "pw");
    let report = probe(&c, coachdesk::clock::Clock::system().today())
        .await
        .unwrap();
    let r = &report.capabilities.readable;
    assert_eq!(r.get("Aanvragen"), Some(&false));
    assert_eq!(r.get("Personen"), Some(&false));
    assert_eq!(r.get("Opleidingen"), Some(&true));
    let text = report.to_text(Lang::En);
    assert!(text.contains("Read: Aanvragen: no"), "{text}");
    let nl = report.to_text(Lang::Nl);
    assert!(nl.contains("Lezen: Opleidingen: ja"), "{nl}");
}

#[tokio::test]
async fn after_a_probe_the_sync_pages_by_date_time_with_about_one_request_per_page() {
    let sim = sim("").await;
    let c = client(&sim, "demo", "demo");
    probe(&c, coachdesk::clock::Clock::system().today())
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("coachdesk-probe-{}", uuid::Uuid::new_v4()));
    let mut store = Store::open(&dir.join("records.sqlite")).unwrap();
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    let from = end - Duration::days(400);
    let job = SyncJob::new(&c, Resource::Aanvragen, from, end, SyncOptions::default());
    assert_eq!(job.paging(), coachdesk::sync::Paging::Keyset);
    let r = job
        .run(&mut store, &mut |_| {}, &Cancel::new())
        .await
        .unwrap();
    let n = sim.changed_between(Resource::Aanvragen, from, end).len() as u64;
    assert_eq!(r.records, n);
    let bound = (1.05 * n as f64 / 100.0).ceil() as u64 + r.windows + 5;
    assert!(r.requests <= bound, "{r:?} > {bound}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_probe_command_prints_the_table_and_stores_the_capabilities() {
    let sim = Simulator::spawn(SimConfig {
        scale: 300,
        dialect: Dialect::parse("dates-only,page-cap=50").unwrap(),
        ..SimConfig::default()
    })
    .unwrap();
    let home = std::env::temp_dir().join(format!("coachdesk-probe-cli-{}", uuid::Uuid::new_v4()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args([
            "probe",
            "--base-url",
            &sim.base_url(),
            "--client-id",
            "demo",
        ])
        .env("COACHDESK_HOME", &home)
        .env("COACHDESK_CLIENT_SECRET", "demo")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Fetch changes by the hour (faster): no"),
        "{stdout}"
    );
    assert!(stdout.contains("Rows per request: 50"), "{stdout}");
    let stored: Vec<_> = walk(&home)
        .into_iter()
        .filter(|p| p.ends_with("tenant.json"))
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let text = std::fs::read_to_string(&stored[0]).unwrap();
    assert!(text.contains("\"datetime_filters\": false"), "{text}");
    sim.shutdown();
    let _ = std::fs::remove_dir_all(&home);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// `coachdesk sync` on a tenant's first use runs the probe by itself, says so on stderr with its
/// cost, keeps what it found, and then fetches with it (date-time windows on a tenant that
/// honours them); the next run does not probe again, and `--no-probe` never does.
#[test]
fn the_cli_probes_a_tenant_once_by_itself_before_its_first_job() {
    let sim = Simulator::spawn(SimConfig {
        scale: 300,
        ..SimConfig::default()
    })
    .unwrap();
    let home = std::env::temp_dir().join(format!("coachdesk-probe-once-{}", uuid::Uuid::new_v4()));
    let to = sim.now().date() + chrono::Duration::days(1);
    let from = to - chrono::Duration::days(20);
    let sync = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
            .args(["sync", "--base-url", &sim.base_url(), "--client-id", "demo"])
            .args(["--resource", "Aanvragen"])
            .args(["--from", &from.to_string(), "--to", &to.to_string()])
            .args(extra)
            .env("COACHDESK_HOME", &home)
            .env("COACHDESK_CLIENT_SECRET", "demo")
            .env_remove("COACHDESK_NO_PROBE")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        err
    };
    let before = sim.requests_received();
    let first = sync(&[]);
    assert!(
        first.contains("first use of this Coachview tenant"),
        "{first}"
    );
    assert!(
        first.contains(&format!("about {}", coachdesk::api::probe::USUAL_REQUESTS)),
        "{first}"
    );
    assert!(sim.requests_received() - before > coachdesk::api::probe::USUAL_REQUESTS);
    let stored: Vec<_> = walk(&home)
        .into_iter()
        .filter(|p| p.ends_with("tenant.json"))
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    let kept = coachdesk::api::capabilities::load(stored[0].parent().unwrap()).capabilities;
    assert!(kept.probed_at.is_some());
    assert_eq!(
        kept.datetime_filters,
        Some(true),
        "the simulator honours date-times"
    );
    let second = sync(&[]);
    assert!(!second.contains("first use"), "{second}");
    // A new connection folder with --no-probe: nothing learned, nothing probed.
    let _ = std::fs::remove_dir_all(&home);
    let third = sync(&["--no-probe"]);
    assert!(!third.contains("first use"), "{third}");
    let stored: Vec<_> = walk(&home)
        .into_iter()
        .filter(|p| p.ends_with("tenant.json"))
        .collect();
    let kept = coachdesk::api::capabilities::load(stored[0].parent().unwrap()).capabilities;
    assert_eq!(kept.probed_at, None);
    sim.shutdown();
    let _ = std::fs::remove_dir_all(&home);
}

// What the report says about enrolling (it lived beside `ProbeReport` before the core became its
// own crate; the simulator is not a dependency of the core).
async fn probed(id: &str) -> ProbeReport {
    let sim = Simulator::start(SimConfig {
        scale: 300,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), id, id)).unwrap();
    let report = probe(&client, coachdesk::clock::Clock::system().today())
        .await
        .unwrap();
    assert!(
        sim.webaanvragen_received().is_empty(),
        "finding out never enrols"
    );
    report
}

fn enrol_row(report: &ProbeReport, lang: Lang) -> String {
    let fact = text(lang, "tenant.fact.enrol");
    let rows = report.rows(lang);
    rows.into_iter()
        .find(|(f, _)| f == fact)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no enrol row"))
}

#[tokio::test]
async fn may_this_client_enrol_is_read_from_the_token_without_sending_anything() {
    let all = probed("demo").await;
    assert_eq!(all.may_enrol, Some(true));
    assert_eq!(enrol_row(&all, Lang::Nl), "ja");
    let read_only = probed("lezen").await;
    assert_eq!(read_only.may_enrol, Some(false));
    assert_eq!(enrol_row(&read_only, Lang::Nl), "nee");
    // A token endpoint that does not say what it granted: unknown until the first enrolment.
    let unsaid = ProbeReport {
        may_enrol: None,
        ..read_only
    };
    assert_eq!(
        enrol_row(&unsaid, Lang::Nl),
        "onbekend tot de eerste inschrijving"
    );
    assert_eq!(
        enrol_row(&unsaid, Lang::En),
        "unknown until the first enrolment"
    );
    assert!(unsaid.to_text(Lang::Nl).contains("Webaanvragen.Schrijven"));
}

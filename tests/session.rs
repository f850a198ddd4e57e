//! One `Session` behind the app's worker and the command line: the same enrolment twice is one
//! POST (counted by the simulator) and the second run says it reused the entry — from the CLI,
//! from the worker, and across the two; the CLI's sync and the worker's fetch of one range fill
//! the same store file at the same path with the same records.

mod common;

use chrono::{Duration, NaiveDate};
use coachdesk::config::{Environment, Profile};
use coachdesk::credentials::MemoryStore;
use coachdesk::enrol::{Scenario, payload};
use coachdesk::paths::Dirs;
use coachdesk::resource::Resource;
use coachdesk::session::{Folder, RECORDS_FILE};
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::worker::{
    Command, Event, EventSender, FetchRange, RequestId, RequestIds, WorkerEnv, WorkerHandle,
};
use common::cli::coachdesk;
use common::enrolment::draft;
use common::{FixedPath, TempHome};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

fn sim() -> SimHandle {
    Simulator::spawn(SimConfig {
        scale: 300,
        ..SimConfig::default()
    })
    .unwrap()
}

/// The app's worker over `home`, with its event stream.
fn worker(home: &Path) -> (WorkerHandle, Receiver<Event>) {
    let env = WorkerEnv {
        dirs: Dirs::under(home),
        credentials: Arc::new(MemoryStore::default()),
        demo: SimConfig::default(),
        save_dialog: Arc::new(FixedPath(home.join("export.csv"))),
        clock: coachdesk::clock::Clock::system(),
    };
    let (tx, rx) = channel();
    let handle = coachdesk::worker::spawn(env, EventSender::new(tx, None)).unwrap();
    (handle, rx)
}

/// The next event that `pick` takes (others are skipped); fails after 60 s.
fn wait_for<T>(rx: &Receiver<Event>, what: &str, mut pick: impl FnMut(Event) -> Option<T>) -> T {
    let until = coachdesk::clock::Clock::system().instant() + std::time::Duration::from_secs(60);
    loop {
        let left = until.saturating_duration_since(coachdesk::clock::Clock::system().instant());
        let event = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {what}"));
        if let Event::Failed { error, .. } = &event {
            panic!("{what}: a job failed: {error:?}");
        }
        if let Some(found) = pick(event) {
            return found;
        }
    }
}

/// Connects the worker to the simulator as `demo`.
fn connect(worker: &WorkerHandle, rx: &Receiver<Event>, sim: &SimHandle, ids: &mut RequestIds) {
    let req = ids.fresh();
    let profile = Profile {
        name: "Sim".into(),
        environment: Environment::Custom(sim.base_url()),
        client_id: "demo".into(),
        scopes: String::new(),
        demo: false,
    };
    worker.send(Command::Connect {
        req,
        profile,
        session_secret: Some("demo".into()),
    });
    wait_for(rx, "connection", |e| {
        matches!(e, Event::Connected { req: r, .. } if r == req).then_some(())
    });
}

/// Sends `Command::Enrol` and returns (the reuse notice if any, the entry id, its status name).
fn enrol(
    worker: &WorkerHandle,
    rx: &Receiver<Event>,
    req: RequestId,
    body: &Value,
) -> (
    Option<coachdesk::session::Reused>,
    coachdesk::outbox::EntryId,
    &'static str,
) {
    worker.send(Command::Enrol {
        connection: None,
        req,
        body: body.clone(),
        reference: None,
    });
    let mut reused = None;
    let entry = wait_for(rx, "enrolment", |e| match e {
        Event::EnrolmentReused { req: r, reused: n } if r == req => {
            reused = Some(n);
            None
        }
        Event::Enrolled { req: r, entry } if r == req => Some(entry),
        _ => None,
    });
    (reused, entry.id, entry.status.name())
}

#[test]
fn the_cli_enrols_the_same_file_once_and_says_it_reused_the_entry() {
    let sim = sim();
    let home = TempHome::new();
    let file = home.0.join("aanmelding.json");
    std::fs::write(
        &file,
        payload(&draft(&sim, Scenario::SelfEnrol)).to_string(),
    )
    .unwrap();
    let base = sim.base_url();
    let args = [
        "enrol",
        "--file",
        file.to_str().unwrap(),
        "--base-url",
        &base,
        "--client-id",
        "demo",
    ];
    let (code, first, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 0, "{first}{err}");
    assert!(!err.contains("queued before"), "{err}");
    let (code, second, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 0, "{second}{err}");
    assert_eq!(second, first, "the same entry is reported");
    assert!(
        err.contains("This enrolment was queued before as outbox entry 1 and was sent on"),
        "{err}"
    );
    assert!(
        err.contains("It was not enrolled twice. Use --again"),
        "{err}"
    );
    // In Dutch as well.
    let dutch: Vec<&str> = args.iter().copied().chain(["--lang", "nl"]).collect();
    let (code, _, err) = coachdesk(&home.0, &dutch);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Deze aanmelding stond al in de wachtrij als item 1 en is op"),
        "{err}"
    );
    assert_eq!(sim.webaanvragen_received().len(), 1, "one POST in all");
    sim.shutdown();
}

#[test]
fn a_rerun_reuses_the_waiting_entry_and_tries_it_once_more() {
    let sim = sim();
    let home = TempHome::new();
    let file = home.0.join("aanmelding.json");
    std::fs::write(
        &file,
        payload(&draft(&sim, Scenario::SelfEnrol)).to_string(),
    )
    .unwrap();
    let base = sim.base_url();
    let args = [
        "enrol",
        "--file",
        file.to_str().unwrap(),
        "--base-url",
        &base,
    ];
    sim.set_offline(true);
    let (code, out, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 75, "queued while Coachview is away: {out}{err}");
    assert!(out.starts_with("status=queued entry=1 "), "{out}");
    sim.set_offline(false);
    // The scheduled rerun: the same entry (not a second one), sent now.
    let (code, out, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("status=sent"), "{out}");
    assert!(
        err.contains("This enrolment was queued before as outbox entry 1 (on "),
        "{err}"
    );
    let (_, list, _) = coachdesk(&home.0, &["outbox", "list", "--base-url", &base]);
    assert_eq!(list.lines().count(), 1, "{list}");
    assert_eq!(sim.webaanvragen_received().len(), 1);
    sim.shutdown();
}

#[test]
fn the_worker_enrols_the_same_body_once_and_so_does_the_cli_after_it() {
    let sim = sim();
    let home = TempHome::new();
    let (worker, rx) = worker(&home.0);
    let mut ids = RequestIds::new();
    connect(&worker, &rx, &sim, &mut ids);
    let body = payload(&draft(&sim, Scenario::ContactEnrolsEmployees));
    let (reused, id, status) = enrol(&worker, &rx, ids.fresh(), &body);
    assert!(reused.is_none());
    assert_eq!(status, "sent");
    // The planner presses Send again (or enrols the same people once more).
    let (reused, again_id, status) = enrol(&worker, &rx, ids.fresh(), &body);
    assert_eq!((again_id, status), (id, "sent"), "the same entry");
    let reused = reused.expect("the planner is told the entry was reused");
    assert_eq!(reused.id, id);
    assert!(reused.sent.is_some());
    let nl = reused.text().in_lang(coachdesk::i18n::Lang::Nl);
    assert!(
        nl.starts_with("Deze aanmelding stond al in de wachtrij als item"),
        "{nl}"
    );
    assert_eq!(sim.webaanvragen_received().len(), 1, "one POST");
    // A different body is a new enrolment.
    let mut other = body.clone();
    other["opmerking"] = "Graag een vegetarische lunch".into();
    let (reused, other_id, _) = enrol(&worker, &rx, ids.fresh(), &other);
    assert!(reused.is_none());
    assert_ne!(other_id, id);
    assert_eq!(sim.webaanvragen_received().len(), 2);
    drop(worker);
    // The command line on the same computer follows the same rule for the same enrolment.
    let file = home.0.join("aanmelding.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let base = sim.base_url();
    let args = [
        "enrol",
        "--file",
        file.to_str().unwrap(),
        "--base-url",
        &base,
    ];
    let (code, out, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("status=sent"), "{out}");
    assert!(
        err.contains(&format!(
            "queued before as outbox entry {id} and was sent on"
        )),
        "{err}"
    );
    assert_eq!(sim.webaanvragen_received().len(), 2, "no third POST");
    sim.shutdown();
}

/// Every stored record of `resource` under `home` (and the store's path), sorted by id.
fn stored(home: &Path, base_url: &str, resource: Resource) -> (std::path::PathBuf, Vec<Value>) {
    let folder = Folder::of(&Dirs::under(home), base_url, "demo");
    let path = folder.records_path();
    assert!(path.exists(), "{}", path.display());
    let store = Store::open(&path).unwrap();
    let mut records = store.records(resource, None, None).unwrap();
    records.sort_by_key(|r| r["id"].as_str().unwrap_or_default().to_string());
    (path.strip_prefix(home).unwrap().to_path_buf(), records)
}

#[test]
fn the_cli_sync_and_the_worker_fetch_fill_the_same_store_file() {
    let sim = sim();
    let base = sim.base_url();
    let today = sim.now().date();
    let (from, to): (NaiveDate, NaiveDate) =
        (today - Duration::days(40), today - Duration::days(5));
    // The command line: `coachdesk sync`, the last day inclusive.
    let cli_home = TempHome::new();
    let last = (to - Duration::days(1)).format("%Y-%m-%d").to_string();
    let first = from.format("%Y-%m-%d").to_string();
    let args = [
        "sync",
        "--base-url",
        &base,
        "--client-id",
        "demo",
        "--resource",
        "Aanvragen",
        "--from",
        &first,
        "--to",
        &last,
    ];
    let (code, out, err) = coachdesk(&cli_home.0, &args);
    assert_eq!(code, 0, "{out}{err}");
    // The app: a fetch of the same days through the worker.
    let app_home = TempHome::new();
    let (worker, rx) = worker(&app_home.0);
    let mut ids = RequestIds::new();
    connect(&worker, &rx, &sim, &mut ids);
    let fetch = ids.fresh();
    worker.send(Command::Fetch {
        req: fetch,
        resource: Resource::Aanvragen,
        range: FetchRange::Days { from, to },
        parallel: coachdesk::sync::SyncOptions::default().parallel,
    });
    let summary = wait_for(&rx, "fetch", |e| match e {
        Event::FetchDone { req, summary } if req == fetch => Some(summary),
        _ => None,
    });
    assert!(summary.complete, "{summary:?}");
    drop(worker);
    let (cli_path, cli_records) = stored(&cli_home.0, &base, Resource::Aanvragen);
    let (app_path, app_records) = stored(&app_home.0, &base, Resource::Aanvragen);
    assert_eq!(cli_path, app_path, "the same file at the same place");
    assert!(cli_path.ends_with(RECORDS_FILE));
    let expected = sim.changed_between(
        Resource::Aanvragen,
        from.and_hms_opt(0, 0, 0).unwrap(),
        to.and_hms_opt(0, 0, 0).unwrap(),
    );
    assert!(!expected.is_empty(), "the range holds records");
    assert_eq!(cli_records.len(), expected.len());
    assert_eq!(cli_records, app_records, "the same records");
    sim.shutdown();
}

//! Soak: 1,000 enrolments through a faulty simulator while the sending process is SIGKILLed; none lost, none twice.
//! Its test names start with `soak_`: CI runs them as a step of their own (`.ci/run`).

use coachdesk::outbox::{Outbox, Status};
use coachdesk::resource::Resource;
use coachdesk::simulator::config::all_scopes;
use coachdesk::simulator::{SimClient, SimConfig, Simulator};
use serde_json::json;
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

const ENROLMENTS: usize = 1_000;
const MIN_KILLS: usize = 5;

#[test]
fn soak_a_thousand_enrolments_arrive_exactly_once_despite_faults_and_kills() {
    let home = std::env::temp_dir().join(format!("coachdesk-soak-{}", uuid::Uuid::new_v4()));
    let sim = Simulator::spawn(SimConfig {
        scale: 300,
        daily_limit: 1_000_000,
        fault_rate: 0.3,
        drop_rate: 0.05,
        lost_response_rate: 0.1,
        clients: vec![SimClient {
            id: "soak".into(),
            secret: "soak-secret".into(),
            scopes: all_scopes(),
        }],
        ..SimConfig::default()
    })
    .unwrap();
    let base = sim.base_url();

    // Queue everything through the library, in the file the CLI will use for this connection.
    let path = home
        .join("data")
        .join("connections")
        .join(coachdesk::paths::connection_key(&base, "soak"))
        .join("outbox.sqlite");
    let courses: Vec<(String, String)> = sim
        .all(Resource::Opleidingen)
        .iter()
        .filter_map(|o| {
            Some((
                o["id"].as_str()?.to_string(),
                o["opleidingssoortId"].as_str()?.to_string(),
            ))
        })
        .take(20)
        .collect();
    assert!(!courses.is_empty());
    let mut references = BTreeSet::new();
    {
        let outbox = Outbox::open(&path).unwrap();
        for i in 0..ENROLMENTS {
            let (opl, soort) = &courses[i % courses.len()];
            let body = json!({
                "aantalPersonen": 1,
                "contactpersoon": {"voornaam": "Soak", "achternaam": format!("Deelnemer {i}"),
                                   "emailadres": format!("soak{i}@voorbeeld.nl")},
                "opleidingen": [{"opleidingId": opl, "opleidingssoortId": soort}]
            });
            let id = outbox.enqueue(body, None).unwrap();
            references.insert(outbox.get(id).unwrap().reference);
        }
    }
    assert_eq!(references.len(), ENROLMENTS);

    let flush = |kill_after: Option<Duration>| -> (bool, bool) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
            .args([
                "outbox",
                "flush",
                "--all",
                "--base-url",
                &base,
                "--client-id",
                "soak",
            ])
            .env("COACHDESK_HOME", &home)
            .env("COACHDESK_CLIENT_SECRET", "soak-secret")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if let Some(after) = kill_after {
            std::thread::sleep(after);
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL: no cleanup, no flushing of anything
                child.wait().unwrap();
                return (false, true);
            }
        }
        let status = child.wait().unwrap();
        (status.success(), false)
    };

    let started = coachdesk::clock::Clock::system().instant();
    let mut kills = 0;
    let mut runs = 0;
    // Killing phase: SIGKILL at random moments while the flush is under way. A run that ends by
    // itself found nothing due: an entry that may have arrived is looked up only a minute after
    // its unclear failure, so let time pass until there is work to interrupt again.
    while kills < MIN_KILLS
        && coachdesk::clock::Clock::system().since(started) < Duration::from_secs(300)
    {
        runs += 1;
        let after = Duration::from_millis(rand::random_range(80..900));
        let (_, killed) = flush(Some(after));
        kills += usize::from(killed);
        if !killed {
            std::thread::sleep(Duration::from_millis(2_000));
        }
    }
    assert!(
        kills >= MIN_KILLS,
        "the flushes ended before they could be killed ({kills} kills)"
    );
    // Then run to completion (each run is one pass over what is left). An entry that may have
    // arrived is looked up only a minute after its unclear failure, so the runs are spaced out.
    // Done when nothing is left to send, or what is left is held for the planner with a reason
    // (a POST that got a 500 five times in a row: the fault rate makes that rare, not impossible).
    let settled = || {
        Outbox::open(&path)
            .unwrap()
            .list()
            .unwrap()
            .iter()
            .all(|e| match &e.status {
                Status::Sent { .. } => true,
                Status::Held { reason } => reason.waits_for_planner(),
                _ => false,
            })
    };
    let mut done = false;
    while !done && runs < 600 {
        runs += 1;
        done = flush(None).0 || settled();
        if !done {
            std::thread::sleep(Duration::from_millis(1_000));
        }
    }
    assert!(done, "outbox not empty after {runs} runs");

    let received = sim.webaanvragen_received();
    let arrived: Vec<String> = received
        .iter()
        .map(|w| {
            w["_body"]["referentieNrKlant"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let distinct: BTreeSet<String> = arrived.iter().cloned().collect();
    assert_eq!(distinct.len(), arrived.len(), "none twice");
    assert!(distinct.is_subset(&references));

    let outbox = Outbox::open(&path).unwrap();
    let entries = outbox.list().unwrap();
    assert_eq!(entries.len(), ENROLMENTS);
    let mut held = 0;
    for e in &entries {
        match &e.status {
            // Sent: it arrived (exactly once, see above).
            Status::Sent { .. } => assert!(distinct.contains(&e.reference), "{e:?} lost"),
            // Held with a reason for the planner (it may or may not have arrived, never twice).
            Status::Held { reason } if reason.waits_for_planner() => held += 1,
            other => panic!("{} left as {other:?}", e.reference),
        }
    }
    assert!(held <= ENROLMENTS / 100, "{held} held");
    let reconciled = entries
        .iter()
        .filter(|e| {
            matches!(
                e.status,
                Status::Sent {
                    reconciled: true,
                    ..
                }
            )
        })
        .count();
    println!(
        "soak: {ENROLMENTS} enrolments, {runs} runs, {kills} kills, {reconciled} reconciled, {held} held, {} requests, {:.1} s",
        sim.requests_received(),
        coachdesk::clock::Clock::system()
            .since(started)
            .as_secs_f64()
    );
    assert!(
        reconciled > 0,
        "with lost responses some entries must have been reconciled"
    );
    sim.shutdown();
    std::fs::remove_dir_all(&home).ok();
}

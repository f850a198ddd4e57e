//! Enrolments end to end against the simulator: each scenario, a 400 on a field, the server down, lost answers, the CLI.

mod common;

use chrono::Duration;
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::enrol::{Scenario, Step, map_server_errors, payload};
use coachdesk::outbox::{Outbox, Status, StopReason};
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use common::TempHome;
use common::cli::coachdesk;
use common::enrolment::{course, draft};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn small_sim() -> SimConfig {
    SimConfig {
        scale: 300,
        ..SimConfig::default()
    }
}

fn client(sim: &SimHandle) -> Client {
    Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap()
}

#[tokio::test]
async fn each_scenario_arrives_exactly_as_reviewed() {
    let sim = Simulator::start(small_sim()).await.unwrap();
    let dir = TempHome::new();
    let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
    let client = client(&sim);
    for (i, scenario) in Scenario::ALL.into_iter().enumerate() {
        let d = draft(&sim, scenario);
        assert!(coachdesk::enrol::validate(&d).iter().all(|i| !i.is_error()));
        let id = outbox.enqueue(payload(&d), None).unwrap();
        let report = outbox
            .flush_due(
                &client,
                coachdesk::clock::Clock::system().now_utc(),
                &Cancel::new(),
            )
            .await
            .unwrap();
        assert_eq!((report.sent, report.open), (1, 0), "{scenario:?}");
        let entry = outbox.get(id).unwrap();
        let received = sim.webaanvragen_received();
        assert_eq!(received.len(), i + 1);
        let last = &received[i];
        // What the review step showed (plus the reference) is exactly what arrived.
        let mut expected = payload(&d);
        expected["referentieNrKlant"] = json!(entry.reference);
        assert_eq!(last["_body"], expected);
        let Status::Sent { nummer, .. } = &entry.status else {
            panic!("{:?}", entry.status)
        };
        assert_eq!(&last["nummer"].to_string(), nummer);
        let people = match scenario {
            Scenario::SelfEnrol => 1,
            Scenario::ContactEnrolsEmployees => 2,
            Scenario::ContactEnrolsSelfAndEmployees => 3,
        };
        assert_eq!(last["aantalDeelnemers"], people);
        assert_eq!(
            last["contactpersoonIsDeelnemer"],
            scenario != Scenario::ContactEnrolsEmployees
        );
        assert_eq!(
            last["_body"].get("deelnemers").is_some(),
            scenario != Scenario::SelfEnrol
        );
    }
    sim.shutdown();
}

#[tokio::test]
async fn a_server_400_lands_on_the_named_fields() {
    let sim = Simulator::start(small_sim()).await.unwrap();
    let dir = TempHome::new();
    let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
    let mut d = draft(&sim, Scenario::ContactEnrolsSelfAndEmployees);
    if let Some(c) = d.course.as_mut() {
        c.opleiding_id = Some("bestaat-niet".into());
    }
    let id = outbox.enqueue(payload(&d), None).unwrap();
    outbox
        .flush_due(
            &client(&sim),
            coachdesk::clock::Clock::system().now_utc(),
            &Cancel::new(),
        )
        .await
        .unwrap();
    let Status::NeedsFix { field_errors } = outbox.get(id).unwrap().status else {
        panic!("not needs_fix")
    };
    let issues = map_server_errors(&field_errors);
    let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(fields, ["opleidingen[0].opleidingId"]);
    assert_eq!(d.step_of_field(fields[0]), Step::Course);
    // Fixed in the wizard, the same entry goes out.
    d.course = Some(course(&sim));
    outbox.update_body(id, payload(&d)).unwrap();
    outbox
        .flush_due(
            &client(&sim),
            coachdesk::clock::Clock::system().now_utc(),
            &Cancel::new(),
        )
        .await
        .unwrap();
    assert!(matches!(
        outbox.get(id).unwrap().status,
        Status::Sent { .. }
    ));
    assert_eq!(sim.webaanvragen_received().len(), 1);
    sim.shutdown();
}

#[tokio::test]
async fn with_the_server_down_the_enrolment_waits_and_goes_out_later() {
    let sim = Simulator::start(small_sim()).await.unwrap();
    let dir = TempHome::new();
    let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
    let client = client(&sim);
    sim.set_offline(true);
    let ids: Vec<_> = (0..4)
        .map(|_| {
            outbox
                .enqueue(payload(&draft(&sim, Scenario::SelfEnrol)), None)
                .unwrap()
        })
        .collect();
    let report = outbox
        .flush_due(
            &client,
            coachdesk::clock::Clock::system().now_utc(),
            &Cancel::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.stopped, Some(StopReason::Offline));
    assert_eq!(report.open, 4);
    assert!(sim.webaanvragen_received().is_empty());
    sim.set_offline(false);
    // Later, after the backoff: each one arrives once (dropped connections count as maybe sent,
    // so some are looked up first).
    let report = outbox
        .flush_due(
            &client,
            coachdesk::clock::Clock::system().now_utc() + Duration::hours(1),
            &Cancel::new(),
        )
        .await
        .unwrap();
    assert_eq!((report.sent, report.open), (4, 0));
    let refs: BTreeSet<String> = sim
        .webaanvragen_received()
        .iter()
        .map(|w| w["referentieNrKlant"].as_str().unwrap().to_string())
        .collect();
    let ours: BTreeSet<String> = ids
        .iter()
        .map(|id| outbox.get(*id).unwrap().reference)
        .collect();
    assert_eq!(refs, ours);
    assert_eq!(sim.webaanvragen_received().len(), 4);
    sim.shutdown();
}

#[tokio::test]
async fn a_lost_answer_is_found_by_reference_and_not_sent_twice() {
    let sim = Simulator::start(small_sim()).await.unwrap();
    let dir = TempHome::new();
    let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
    let client = client(&sim);
    client.ensure_token().await.unwrap();
    sim.set_faults(0.0, 0.0, 1.0, 0);
    let id = outbox
        .enqueue(
            payload(&draft(&sim, Scenario::ContactEnrolsEmployees)),
            None,
        )
        .unwrap();
    outbox
        .flush_due(
            &client,
            coachdesk::clock::Clock::system().now_utc(),
            &Cancel::new(),
        )
        .await
        .unwrap();
    let entry = outbox.get(id).unwrap();
    assert!(
        entry.maybe_sent && entry.status == Status::Pending,
        "{entry:?}"
    );
    assert_eq!(
        sim.webaanvragen_received().len(),
        1,
        "the simulator did store it"
    );
    sim.set_faults(0.0, 0.0, 0.0, 0);
    // The reconciling lookup comes at least a minute after the unclear failure.
    let entry = outbox
        .send_now(
            id,
            &client,
            coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            entry.status,
            Status::Sent {
                reconciled: true,
                ..
            }
        ),
        "{entry:?}"
    );
    assert_eq!(sim.webaanvragen_received().len(), 1);
    sim.shutdown();
}

/// `coachdesk enrol --file` against a simulator: the file, and the connection arguments.
struct CliEnrol {
    sim: SimHandle,
    home: TempHome,
    file: std::path::PathBuf,
}

impl CliEnrol {
    fn new() -> CliEnrol {
        let home = TempHome::new();
        let file = home.0.join("enrolment.json");
        CliEnrol {
            sim: Simulator::spawn(small_sim()).unwrap(),
            home,
            file,
        }
    }

    fn connection(&self) -> Vec<String> {
        vec![
            "--base-url".into(),
            self.sim.base_url(),
            "--client-id".into(),
            "demo".into(),
        ]
    }

    /// Runs `coachdesk enrol --file FILE` with `body` in the file.
    fn enrol(&self, body: &Value) -> (i32, String, String) {
        std::fs::write(&self.file, body.to_string()).unwrap();
        let mut args = vec![
            "enrol".to_string(),
            "--file".into(),
            self.file.to_str().unwrap().to_string(),
        ];
        args.extend(self.connection());
        coachdesk(&self.home.0, &args)
    }

    /// Runs `coachdesk outbox SUB… <connection>`.
    fn outbox(&self, sub: &[&str]) -> (i32, String, String) {
        let mut args: Vec<String> = ["outbox"]
            .iter()
            .chain(sub)
            .map(|s| s.to_string())
            .collect();
        args.extend(self.connection());
        coachdesk(&self.home.0, &args)
    }
}

#[test]
fn cli_enrol_refuses_an_invalid_file_with_exit_2_naming_the_fields() {
    let c = CliEnrol::new();
    let mut bad: Value = payload(&draft(&c.sim, Scenario::ContactEnrolsEmployees));
    bad["contactpersoon"]["emailadres"] = json!("sanne(at)bakker");
    bad["deelnemers"][1]["achternaam"] = json!("");
    let (code, out, err) = c.enrol(&bad);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("status=invalid"));
    assert!(
        err.contains("contactpersoon.emailadres: This is not a valid e-mail address"),
        "{err}"
    );
    assert!(
        err.contains("deelnemers[1].achternaam: Please enter the last name."),
        "{err}"
    );
    assert!(c.sim.webaanvragen_received().is_empty());
    c.sim.shutdown();
}

#[test]
fn cli_enrol_sends_a_valid_file_at_once_and_only_once() {
    let c = CliEnrol::new();
    let mut good = payload(&draft(&c.sim, Scenario::ContactEnrolsSelfAndEmployees));
    good["referentieNrKlant"] = json!("PO-4711");
    let (code, out, err) = c.enrol(&good);
    assert_eq!(code, 0, "{out}{err}");
    let received = c.sim.webaanvragen_received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["_body"], good);
    assert_eq!(
        out.trim(),
        format!(
            "status=sent nummer={} reference=PO-4711",
            received[0]["nummer"]
        )
    );
    // The same file again is the same enrolment, not a second one.
    let (code, out, _) = c.enrol(&good);
    assert_eq!(code, 0);
    assert!(out.starts_with("status=sent"));
    assert_eq!(c.sim.webaanvragen_received().len(), 1);
    c.sim.shutdown();
}

#[test]
fn cli_enrol_queues_while_the_server_is_down_and_a_flush_sends_it_later() {
    let c = CliEnrol::new();
    c.sim.set_offline(true);
    let body = payload(&draft(&c.sim, Scenario::SelfEnrol));
    let (code, out, err) = c.enrol(&body);
    assert_eq!(code, 75, "{out}{err}");
    assert!(
        out.starts_with("status=queued entry=1 reference=CD-"),
        "{out}"
    );
    assert!(out.contains("reason=\""), "{out}");
    let (code, out, _) = c.outbox(&["flush", "--all"]);
    assert_eq!(
        code, 75,
        "still offline: something is left, try later: {out}"
    );
    assert!(c.sim.webaanvragen_received().is_empty());
    c.sim.set_offline(false);
    let (code, out, err) = c.outbox(&["flush", "--all"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("open=0"), "{out}");
    let (code, out, _) = c.outbox(&["list"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].starts_with("id=1 status=sent nummer="), "{out}");
    let received = c.sim.webaanvragen_received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0]["_body"]["contactpersoon"],
        body["contactpersoon"]
    );
    let reference = received[0]["_body"]["referentieNrKlant"].as_str().unwrap();
    assert!(
        reference.starts_with("CD-"),
        "the queued entry's reference: {reference}"
    );
    c.sim.shutdown();
}

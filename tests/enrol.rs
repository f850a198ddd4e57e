//! Enrolments end to end against the simulator: each scenario, a 400 on a field, the server down, lost answers, the CLI.

use chrono::{Duration, Utc};
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::enrol::{
    Address, CourseChoice, Draft, Person, Scenario, Step, map_server_errors, payload,
};
use coachdesk::outbox::{Outbox, Status, StopReason};
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn temp_dir() -> TempDir {
    let dir = std::env::temp_dir().join(format!("coachdesk-enrol-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

fn small_sim() -> SimConfig {
    SimConfig {
        scale: 300,
        ..SimConfig::default()
    }
}

/// A real course of the simulator with its course type.
fn course(sim: &SimHandle) -> CourseChoice {
    let opl = sim
        .all(Resource::Opleidingen)
        .into_iter()
        .find(|o| o["opleidingssoortId"].is_string())
        .unwrap();
    CourseChoice {
        opleiding_id: Some(opl["id"].as_str().unwrap().to_string()),
        opleidingssoort_id: opl["opleidingssoortId"].as_str().unwrap().to_string(),
        label: opl["naam"].as_str().unwrap_or("?").to_string(),
        free_seats: opl["aantalPlaatsenVrij"].as_i64(),
    }
}

fn person(first: &str, last: &str) -> Person {
    Person {
        voornaam: first.into(),
        achternaam: last.into(),
        emailadres: format!(
            "{}.{}@voorbeeld.nl",
            first.to_lowercase(),
            last.to_lowercase().replace(' ', "")
        ),
        telefoonnummer: "030 123 45 67".into(),
        geboorte_datum: "12-03-1985".into(),
        adres: Address {
            adres1: "Kerkstraat 4".into(),
            postcode: "3511ab".into(),
            plaats: "Utrecht".into(),
            land_code: "NL".into(),
        },
        ..Person::default()
    }
}

fn draft(sim: &SimHandle, scenario: Scenario) -> Draft {
    let mut d = Draft {
        course: Some(course(sim)),
        scenario: Some(scenario),
        contact: person("Sanne", "Bakker"),
        ..Draft::default()
    };
    if scenario != Scenario::SelfEnrol {
        d.participants = vec![person("Joris", "Smit"), person("Fatima", "El Amrani")];
    }
    d
}

fn client(sim: &SimHandle) -> Client {
    Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap()
}

#[tokio::test]
async fn each_scenario_arrives_exactly_as_reviewed() {
    let sim = Simulator::start(small_sim()).await.unwrap();
    let dir = temp_dir();
    let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
    let client = client(&sim);
    for (i, scenario) in Scenario::ALL.into_iter().enumerate() {
        let d = draft(&sim, scenario);
        assert!(coachdesk::enrol::validate(&d).iter().all(|i| !i.is_error()));
        let id = outbox.enqueue(payload(&d), None).unwrap();
        let report = outbox
            .flush_due(&client, Utc::now(), &Cancel::new())
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
    let dir = temp_dir();
    let outbox = Outbox::open(&dir.0.join("outbox.sqlite")).unwrap();
    let mut d = draft(&sim, Scenario::ContactEnrolsSelfAndEmployees);
    if let Some(c) = d.course.as_mut() {
        c.opleiding_id = Some("bestaat-niet".into());
    }
    let id = outbox.enqueue(payload(&d), None).unwrap();
    outbox
        .flush_due(&client(&sim), Utc::now(), &Cancel::new())
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
        .flush_due(&client(&sim), Utc::now(), &Cancel::new())
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
    let dir = temp_dir();
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
        .flush_due(&client, Utc::now(), &Cancel::new())
        .await
        .unwrap();
    assert_eq!(report.stopped, Some(StopReason::Offline));
    assert_eq!(report.open, 4);
    assert!(sim.webaanvragen_received().is_empty());
    sim.set_offline(false);
    // Later, after the backoff: each one arrives once (dropped connections count as maybe sent,
    // so some are looked up first).
    let report = outbox
        .flush_due(&client, Utc::now() + Duration::hours(1), &Cancel::new())
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
    let dir = temp_dir();
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
        .flush_due(&client, Utc::now(), &Cancel::new())
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
        .send_now(id, &client, Utc::now() + Duration::minutes(2))
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

fn coachdesk<S: AsRef<std::ffi::OsStr>>(
    home: &std::path::Path,
    args: &[S],
) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(args)
        .env("COACHDESK_HOME", home)
        .env("COACHDESK_CLIENT_SECRET", "demo")
        .env("COACHDESK_LANG", "en")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_enrol_validates_queues_sends_and_flushes() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let base = sim.base_url();
    let home = temp_dir();
    let conn = ["--base-url", base.as_str(), "--client-id", "demo"];
    let file = home.0.join("enrolment.json");
    let file_arg = file.to_str().unwrap().to_string();
    let with = |extra: &[&str]| -> Vec<String> {
        ["enrol", "--file", file_arg.as_str()]
            .iter()
            .chain(&conn)
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };

    // Invalid: exit 2 with the errors at their fields.
    let mut bad: Value = payload(&draft(&sim, Scenario::ContactEnrolsEmployees));
    bad["contactpersoon"]["emailadres"] = json!("sanne(at)bakker");
    bad["deelnemers"][1]["achternaam"] = json!("");
    std::fs::write(&file, bad.to_string()).unwrap();
    let (code, out, err) = coachdesk(&home.0, &with(&[]));
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
    assert!(sim.webaanvragen_received().is_empty());

    // Valid: sent at once.
    let mut good = payload(&draft(&sim, Scenario::ContactEnrolsSelfAndEmployees));
    good["referentieNrKlant"] = json!("PO-4711");
    std::fs::write(&file, good.to_string()).unwrap();
    let (code, out, err) = coachdesk(&home.0, &with(&[]));
    assert_eq!(code, 0, "{out}{err}");
    let received = sim.webaanvragen_received();
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
    let (code, out, _) = coachdesk(&home.0, &with(&[]));
    assert_eq!(code, 0);
    assert!(out.starts_with("status=sent"));
    assert_eq!(sim.webaanvragen_received().len(), 1);

    // Server down: queued (exit 3), then flushed when it is back.
    sim.set_offline(true);
    let good2 = payload(&draft(&sim, Scenario::SelfEnrol));
    std::fs::write(&file, good2.to_string()).unwrap();
    let (code, out, err) = coachdesk(&home.0, &with(&[]));
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        out.starts_with("status=queued entry=2 reference=CD-"),
        "{out}"
    );
    assert!(out.contains("reason=\""), "{out}");
    let flush = [&["outbox", "flush", "--all"][..], &conn[..]].concat();
    let (code, out, _) = coachdesk(&home.0, &flush);
    assert_eq!(code, 1, "still offline: something is left: {out}");
    sim.set_offline(false);
    let (code, out, err) = coachdesk(&home.0, &flush);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("open=0"), "{out}");
    let list = [&["outbox", "list"][..], &conn[..]].concat();
    let (code, out, _) = coachdesk(&home.0, &list);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines.iter().all(|l| l.contains(" status=sent ")), "{out}");
    assert!(
        lines[0].starts_with("id=1 status=sent nummer=") && lines[0].contains("reference=PO-4711")
    );
    assert_eq!(sim.webaanvragen_received().len(), 2);
    sim.shutdown();
}

//! `coachdesk enrol --participants … --course … --contact …` against the simulator: the webaanvraag
//! the wizard would build (known people linked by e-mail), idempotent on a second run, bad rows
//! and unknown courses refused with exit 2; and the simulator's `persoonId` and `email1` support.

mod common;

use coachdesk::api::{ApiErrorKind, Client, ClientConfig, Query};
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use common::TempHome;
use common::cli::coachdesk;
use serde_json::{Value, json};
use std::path::Path;

fn sim() -> SimHandle {
    Simulator::spawn(SimConfig {
        scale: 300,
        ..SimConfig::default()
    })
    .unwrap()
}

fn anna(sim: &SimHandle) -> String {
    let record = json!({"voornaam": "Anna", "achternaam": "Jansen",
        "email1": "anna.jansen@devries-bouw.nl", "inactief": false});
    sim.upsert(Resource::Personen, record, sim.now())
}

/// A planned course whose code no other course has.
fn unique_course(sim: &SimHandle) -> Value {
    let all = sim.all(Resource::Opleidingen);
    all.iter()
        .find(|o| {
            let code = o["code"].as_str().unwrap_or_default();
            o["opleidingStatusId"] != "Geannuleerd"
                && !code.is_empty()
                && all.iter().filter(|p| p["code"] == o["code"]).count() == 1
        })
        .cloned()
        .expect("a course with a unique code")
}

/// `coachdesk enrol --base-url BASE --client-id demo args…`.
fn cli(home: &Path, base: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["enrol", "--base-url", base, "--client-id", "demo"];
    all.extend_from_slice(args);
    coachdesk(home, &all)
}

fn write_xlsx(path: &Path, rows: &[[&str; 3]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Voornaam", "Achternaam", "E-mailadres"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_list_is_enrolled_as_the_wizard_would_and_only_once() {
    let sim = sim();
    let anna_id = anna(&sim);
    let course = unique_course(&sim);
    let code = course["code"].as_str().unwrap();
    let dir = TempHome::new();
    let list = dir.0.join("medewerkers.xlsx");
    write_xlsx(
        &list,
        &[
            ["Anna", "Jansen", "anna.jansen@devries-bouw.nl"],
            ["Piet", "Bakker", "piet.bakker@voorbeeld.nl"],
            ["Sara", "de Boer", "sara.deboer@voorbeeld.nl"],
        ],
    );
    let contact = dir.0.join("contact.json");
    std::fs::write(
        &contact,
        r#"{"contactpersoon": {"voornaam": "Karin", "achternaam": "Smit", "emailadres": "karin.smit@devries-bouw.nl"},
            "bedrijf": {"naam": "Bouwbedrijf De Vries BV"}}"#,
    )
    .unwrap();
    let args = [
        "--participants",
        list.to_str().unwrap(),
        "--course",
        code,
        "--contact",
        contact.to_str().unwrap(),
    ];
    let (rc, out, err) = cli(&dir.0, &sim.base_url(), &args);
    assert_eq!(rc, 0, "{out}\n{err}");
    assert!(out.starts_with("status=sent"), "{out}");
    let received = sim.webaanvragen_received();
    assert_eq!(received.len(), 1);
    let body = &received[0]["_body"];
    assert_eq!(body["opleidingen"][0]["opleidingId"], course["id"]);
    assert_eq!(
        body["opleidingen"][0]["opleidingssoortId"],
        course["opleidingssoortId"]
    );
    assert_eq!(body["aantalPersonen"], 3);
    assert_eq!(body["contactpersoon"]["achternaam"], "Smit");
    assert_eq!(body["bedrijf"]["naam"], "Bouwbedrijf De Vries BV");
    let deelnemers = body["deelnemers"].as_array().unwrap();
    assert_eq!(deelnemers.len(), 3);
    assert_eq!(
        deelnemers[0]["persoonId"],
        anna_id.as_str(),
        "known person linked"
    );
    assert!(deelnemers[1].get("persoonId").is_none());
    assert_eq!(deelnemers[2]["tussenvoegsels"], Value::Null);
    assert_eq!(deelnemers[2]["achternaam"], "de Boer");

    // The same command again reuses the outbox entry: no second enrolment.
    let (rc, out, err) = cli(&dir.0, &sim.base_url(), &args);
    assert_eq!(rc, 0, "{out}\n{err}");
    assert!(err.contains("queued before as outbox entry"), "{err}");
    assert_eq!(sim.webaanvragen_received().len(), 1);
}

#[test]
fn bad_rows_and_unknown_courses_are_refused_before_anything_is_queued() {
    let sim = sim();
    let course = unique_course(&sim);
    let dir = TempHome::new();
    let list = dir.0.join("lijst.csv");
    std::fs::write(
        &list,
        "Voornaam;Achternaam;E-mailadres\nPiet;Bakker;piet.bakker@voorbeeld.nl\nSara;;sara@\n",
    )
    .unwrap();
    let contact = dir.0.join("contact.json");
    std::fs::write(
        &contact,
        r#"{"voornaam": "Karin", "achternaam": "Smit", "emailadres": "karin.smit@voorbeeld.nl"}"#,
    )
    .unwrap();
    let (rc, out, err) = cli(
        &dir.0,
        &sim.base_url(),
        &[
            "--participants",
            list.to_str().unwrap(),
            "--course",
            course["code"].as_str().unwrap(),
            "--contact",
            contact.to_str().unwrap(),
        ],
    );
    assert_eq!(rc, 2, "{out}\n{err}");
    assert!(out.contains("status=invalid errors=1"), "{out}");
    assert!(err.contains("row 3"), "the bad row is named: {err}");
    std::fs::write(&list, "Voornaam;Achternaam\nPiet;Bakker\n").unwrap();
    let (rc, out, err) = cli(
        &dir.0,
        &sim.base_url(),
        &[
            "--participants",
            list.to_str().unwrap(),
            "--course",
            "GEEN-CURSUS",
            "--contact",
            contact.to_str().unwrap(),
        ],
    );
    assert_eq!(rc, 2, "{out}\n{err}");
    assert!(
        err.contains("no planned course with code GEEN-CURSUS"),
        "{err}"
    );
    assert!(sim.webaanvragen_received().is_empty());
}

#[tokio::test]
async fn the_simulator_filters_personen_by_email1_and_checks_persoon_id() {
    let sim = sim();
    let anna_id = anna(&sim);
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    let page = client
        .list(
            Resource::Personen,
            &Query::new().where_eq("email1", "Anna.Jansen@devries-bouw.nl"),
        )
        .await
        .unwrap();
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.records[0]["id"], anna_id.as_str());
    let opl = unique_course(&sim);
    let body = |persoon_id: &str| {
        json!({"opleidingen": [{"opleidingId": opl["id"], "opleidingssoortId": opl["opleidingssoortId"]}],
               "contactpersoon": {"achternaam": "Jansen", "emailadres": "anna.jansen@devries-bouw.nl",
                                  "persoonId": persoon_id}})
    };
    let e = client
        .post_webaanvraag(&body("geen-persoon"))
        .await
        .unwrap_err();
    match e.kind {
        ApiErrorKind::BadRequest { field_errors, .. } => {
            assert!(
                field_errors.contains_key("contactpersoon.persoonId"),
                "{field_errors:?}"
            )
        }
        other => panic!("expected a 400, got {other:?}"),
    }
    client.post_webaanvraag(&body(&anna_id)).await.unwrap();
    let received = sim.webaanvragen_received();
    assert_eq!(
        received[0]["_body"]["contactpersoon"]["persoonId"],
        anna_id.as_str()
    );
    assert_eq!(received[0]["contactpersoonIsDeelnemer"], true);
}

#[test]
fn an_excel_csv_in_windows_1252_is_read_as_such_and_rows_are_excels() {
    let dir = TempHome::new();
    let list = dir.0.join("lijst.csv");
    // Excel rows: 1 header, 2 Žana Šimon, 3 blank, 4 ’t Hart, 5 blank, 6 a bad address.
    let mut bytes =
        b"Voornaam;Achternaam;E-mailadres\r\n\x8eana;\x8aimon;zana@voorbeeld.nl\r\n;;\r\n".to_vec();
    bytes.extend_from_slice(b"Jan;\x92t Hart;jan@voorbeeld.nl\r\n\r\nKees;Smit;kees@\r\n");
    std::fs::write(&list, &bytes).unwrap();
    let contact = dir.0.join("contact.json");
    std::fs::write(
        &contact,
        r#"{"voornaam": "Karin", "achternaam": "Smit", "emailadres": "karin.smit@voorbeeld.nl"}"#,
    )
    .unwrap();
    // Refused before any request: the base URL is never contacted.
    let (rc, out, err) = cli(
        &dir.0,
        "http://127.0.0.1:9",
        &[
            "--participants",
            list.to_str().unwrap(),
            "--course",
            "C",
            "--contact",
            contact.to_str().unwrap(),
        ],
    );
    assert_eq!(rc, 2, "{out}\n{err}");
    assert!(err.contains("Windows-1252"), "the encoding is named: {err}");
    assert!(err.contains("row 6"), "Excel's row number: {err}");
    assert!(!err.contains("row 3"), "{err}");
    let file = coachdesk::enrol::list_file::read_rows(&list).unwrap();
    assert_eq!(file.rows[1].cells[..2], ["Žana", "Šimon"]);
    assert_eq!(file.rows[2].cells[1], "’t Hart");
}

/// Issue 19 point 6: a tenant that refuses `InclusiefExtraVelden` still gets its list enrolled
/// (the course is looked up once more without the flag).
#[test]
fn a_refused_extra_fields_flag_does_not_block_the_course_lookup() {
    let sim = Simulator::spawn(SimConfig {
        scale: 300,
        dialect: coachdesk::simulator::dialect::Dialect::parse("extra-fields-refused").unwrap(),
        ..SimConfig::default()
    })
    .unwrap();
    let course = unique_course(&sim);
    let code = course["code"].as_str().unwrap();
    let dir = TempHome::new();
    let list = dir.0.join("medewerkers.xlsx");
    write_xlsx(&list, &[["Piet", "Bakker", "piet.bakker@voorbeeld.nl"]]);
    let contact = dir.0.join("contact.json");
    std::fs::write(
        &contact,
        r#"{"contactpersoon": {"voornaam": "Karin", "achternaam": "Smit", "emailadres": "karin.smit@devries-bouw.nl"},
            "bedrijf": {"naam": "Bouwbedrijf De Vries BV"}}"#,
    )
    .unwrap();
    let args = [
        "--participants",
        list.to_str().unwrap(),
        "--course",
        code,
        "--contact",
        contact.to_str().unwrap(),
    ];
    let (rc, out, err) = cli(&dir.0, &sim.base_url(), &args);
    assert_eq!(rc, 0, "{out}\n{err}");
    let received = sim.webaanvragen_received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0]["_body"]["opleidingen"][0]["opleidingId"],
        course["id"]
    );
}

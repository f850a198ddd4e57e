//! Issue 22, point 4, in the CLI: `coachdesk sync --export` looks the names of the exported id
//! columns up in batches (`where=id=a,b,c`) and caches them, so the file holds names, not bare
//! ids; `coachdesk export` afterwards (no connection) writes the same names from the cache.

mod common;

use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, Simulator};
use common::TempHome;
use common::cli::coachdesk;
use serde_json::json;

const ROWS: usize = 120;

#[test]
fn sync_export_and_export_write_names_looked_up_in_batches() {
    let sim = Simulator::spawn(SimConfig {
        scale: 200,
        ..SimConfig::default()
    })
    .unwrap();
    let companies: Vec<String> = (0..ROWS)
        .map(|i| {
            let company = sim.upsert(
                Resource::Bedrijven,
                json!({"naam": format!("Firma {i:03}")}),
                sim.now(),
            );
            sim.upsert(
                Resource::Aanvragen,
                json!({"nummer": 770_000 + i, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
                sim.now(),
            );
            company
        })
        .collect();
    let home = TempHome::new();
    let url = sim.base_url();
    let today = sim.now().date().format("%Y-%m-%d").to_string();
    let out = home.0.join("synced.csv");
    let out_s = out.display().to_string();
    let (code, stdout, stderr) = coachdesk(
        &home.0,
        &[
            "sync",
            "--base-url",
            &url,
            "--client-id",
            "demo",
            "--resource",
            "aanvragen",
            "--from",
            &today,
            "--to",
            &today,
            "--export",
            &out_s,
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("names for the export: "))
        .unwrap_or_else(|| panic!("no names line:\n{stderr}"));
    let requests: u64 = line["names for the export: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // 120 companies (and the few other ids of today's generated rows): batches, not one each.
    assert!((1..=8).contains(&requests), "{line}");
    assert!(line.ends_with(" 0 ids without a name"), "{line}");
    let csv = std::fs::read_to_string(&out).unwrap();
    for (i, company) in companies.iter().enumerate() {
        assert!(csv.contains(&format!("Firma {i:03}")), "name {i} missing");
        assert!(!csv.contains(company.as_str()), "bare id {company}");
    }

    // Offline: `coachdesk export` writes the cached names.
    sim.set_offline(true);
    let again = home.0.join("again.csv");
    let again_s = again.display().to_string();
    let (code, stdout, stderr) = coachdesk(
        &home.0,
        &[
            "export",
            "--base-url",
            &url,
            "--client-id",
            "demo",
            "--resource",
            "aanvragen",
            "--out",
            &again_s,
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let csv = std::fs::read_to_string(&again).unwrap();
    for (i, company) in companies.iter().enumerate() {
        assert!(
            csv.contains(&format!("Firma {i:03}")),
            "cached name {i} missing"
        );
        assert!(!csv.contains(company.as_str()), "bare id {company}");
    }
    sim.shutdown();
}

//! Names in place (issue 13, point 2): a resolved names batch changes the names in the loaded
//! table without reloading the stored rows; a failed names job says "could not be resolved" and
//! why in the cell, and is asked again later (after a backoff), when the name then appears.

mod common;
mod ui_browse_common;

use coachdesk::i18n::{Lang, text};
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use std::sync::Arc;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

#[test]
fn a_failed_names_job_says_why_and_a_later_retry_puts_the_name_in_place_without_a_reload() {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let company = sim.upsert(
        Resource::Bedrijven,
        json!({"naam": "Bouwbedrijf De Vries BV"}),
        sim.now(),
    );
    let home = TempHome::new();
    let mut h = connected_app(&home, &sim.base_url(), LANG);
    wait_until(&mut h, "the first load", |a| !a.browse.load.is_loading());
    // Coachview fails every request from now on; then the stored rows are shown.
    sim.set_faults(1.0, 0.0, 0.0, 0);
    let with = |id: &str, n: i64| {
        let mut r = aanvraag(id, n, "Nieuw", &days_ago(1), 1);
        r["bedrijfId"] = json!(company);
        r
    };
    let records = vec![
        with("a-1", 1),
        with("a-2", 2),
        aanvraag("a-3", 3, "Nieuw", &days_ago(1), 1),
    ];
    seed(&home, &sim.base_url(), "demo", &records);
    h.state_mut().browse.reload_pending = true;
    wait_until(&mut h, "rows loaded", |a| a.browse.model.len() == 3);
    let column = column_of(&h, "bedrijfId");

    // The names job fails: the cell says so, and why.
    let failed = coachdesk::i18n::tf(
        "names.failed",
        &[("reason", &text(LANG, "names.reason.server"))],
    );
    wait_until(&mut h, "the failure in the cell", |a| {
        !a.browse.names.is_loading() && a.browse.names_retry.len() == 1
    });
    assert!(
        h.query_all_by_label(&failed).count() >= 2,
        "both rows of the company say why"
    );
    let loads = h.state().browse.loads;
    let plain_row = row_of(&h, "a-3").unwrap();
    let plain = h
        .state()
        .browse
        .model
        .record_json(plain_row)
        .unwrap()
        .clone();

    // Coachview answers again: once the app's clock is past the backoff (30 s, stepped: not
    // waited) the name arrives, in place.
    sim.set_faults(0.0, 0.0, 0.0, 0);
    let backoff = h.state().browse.names_retry.first_backoff;
    h.state().env.clock.advance(backoff);
    wait_until(&mut h, "the name in the cell", |a| {
        let m = &a.browse.model;
        (0..m.len()).all(|r| {
            m.record(r).is_some_and(|rec| rec["bedrijfId"].is_null())
                || m.cell(r, column).display(false) == "Bouwbedrijf De Vries BV"
        })
    });
    for _ in 0..10 {
        h.step();
    }
    let b = &h.state().browse;
    assert_eq!(b.loads, loads, "the stored rows were not loaded again");
    assert!(!b.reload_pending && !b.load.is_loading());
    assert!(b.names_retry.is_empty());
    assert!(
        Arc::ptr_eq(&plain, b.model.record_json(plain_row).unwrap()),
        "a row without that company is untouched"
    );
    assert_eq!(h.query_all_by_label("Bouwbedrijf De Vries BV").count(), 2);
    assert_eq!(h.query_all_by_label(&failed).count(), 0);
    let row = row_of(&h, "a-1").unwrap();
    assert_eq!(
        h.state().browse.model.record(row).unwrap()["bedrijfId"],
        company.as_str(),
        "the record keeps its id"
    );

    // The readable export carries the name that arrived in place.
    h.state_mut().browse.selected = [row].into_iter().collect();
    h.run_steps(1);
    h.get_by_label_contains("Export (1").click();
    wait_until(&mut h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    assert!(csv.contains("Bouwbedrijf De Vries BV"), "{csv}");
    sim.shutdown();
}

#[test]
fn names_embedded_by_a_proven_relations_flag_show_without_a_names_request() {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let company = sim.upsert(
        Resource::Bedrijven,
        json!({"naam": "Installatietechniek Zonneveld B.V."}),
        sim.now(),
    );
    let id = sim.upsert(
        Resource::Aanvragen,
        json!({"nummer": 990004, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
        sim.now(),
    );
    let home = TempHome::new();
    // An earlier probe of this connection proved the flag honoured.
    let dir = coachdesk::paths::Dirs::under(&home.0).connection(&sim.base_url(), "demo");
    let mut tenant = coachdesk::api::TenantState::default();
    tenant.capabilities.direct_relations = Some(true);
    coachdesk::api::capabilities::save(&dir, &tenant).unwrap();
    let mut h = connected_app(&home, &sim.base_url(), LANG);
    fetch_today(&mut h, LANG);
    let column = column_of(&h, "bedrijfId");
    let row = row_of(&h, &id).unwrap();
    let b = &h.state().browse;
    assert_eq!(
        b.model.cell(row, column).display(false),
        "Installatietechniek Zonneveld B.V."
    );
    assert!(
        !b.names_tried.contains(&company),
        "the company's name came with the record, not from a names request"
    );
    let store = coachdesk::store::Store::open(&dir.join(coachdesk::session::RECORDS_FILE)).unwrap();
    let stored = store.records(Resource::Aanvragen, None, None).unwrap();
    assert!(
        stored.iter().all(|r| r.get("bedrijf").is_none()),
        "the stored records keep ids only"
    );
    sim.shutdown();
}

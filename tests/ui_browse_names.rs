//! Names instead of ids (issue 13, point 2): a company id in a row becomes the company's name in
//! the cell and in the export, resolved in batches and cached in the store; the id stays in the
//! record.

mod common;
mod ui_browse_common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

#[test]
fn a_company_id_shows_as_its_name_in_the_cell_and_the_export() {
    let _serial = serial();
    let sim = Simulator::spawn(small_sim()).unwrap();
    let company = sim.upsert(
        Resource::Bedrijven,
        json!({"naam": "Bouwbedrijf De Vries BV"}),
        sim.now(),
    );
    let id = sim.upsert(
        Resource::Aanvragen,
        json!({"nummer": 990002, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
        sim.now(),
    );
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], LANG);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.get_by_label(text(LANG, "browse.today")).click();
    h.run_steps(1);
    fetch_and_reload(&mut h, LANG);
    let column = h
        .state()
        .browse
        .model
        .columns()
        .iter()
        .position(|c| c == "bedrijfId")
        .expect("the company column");
    let id2 = id.clone();
    wait_until(&mut h, "the name in the cell", |a| {
        let m = &a.browse.model;
        (0..m.len()).any(|r| {
            m.record(r).is_some_and(|rec| rec["id"] == id2.as_str())
                && m.cell(r, column).display(false) == "Bouwbedrijf De Vries BV"
        })
    });
    let row = row_of(&h, &id).unwrap();
    assert_eq!(
        h.state().browse.model.record(row).unwrap()["bedrijfId"],
        company.as_str(),
        "the record keeps its id"
    );

    // The export (readable headers) carries the name.
    h.state_mut().browse.selected = [row].into_iter().collect();
    h.run_steps(1);
    h.get_by_label_contains("Export (1").click();
    wait_until(&mut h, "exported", |a| a.browse.exported.is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    assert!(csv.contains("Bouwbedrijf De Vries BV"), "{csv}");
    assert!(
        !csv.contains(&company),
        "no bare id in the readable export: {csv}"
    );

    // Cached in the connection's store: asked once.
    let dir = coachdesk::paths::Dirs::under(&home.0).connection(&sim.base_url(), "demo");
    let store = coachdesk::store::Store::open(&dir.join(coachdesk::store::FILE_NAME)).unwrap();
    let names = store.names(Resource::Bedrijven).unwrap();
    assert!(names.contains_key(&company));
    sim.shutdown();
}

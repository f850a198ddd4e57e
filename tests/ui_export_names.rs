//! Issue 22, point 4: names by the cheaper way for the export too. The table asks the names of
//! the rows in view; an export of more rows than that looks up the names its rows lack first, in
//! batches (`where=id=a,b,c`, one request per hundred ids, not one per id), caches them, and
//! writes names, not bare ids.

mod common;
mod ui_browse_common;

use coachdesk::i18n::Lang;
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use ui_browse_common::*;

const LANG: Lang = Lang::En;
const ROWS: usize = 150;

/// A simulator with `ROWS` of today's Aanvragen, each of its own company; returns it and the
/// companies' ids in order.
fn seeded() -> (coachdesk::simulator::SimHandle, Vec<String>) {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let companies = (0..ROWS)
        .map(|i| {
            let company = sim.upsert(
                Resource::Bedrijven,
                json!({"naam": format!("Bedrijf nummer {i:03}")}),
                sim.now(),
            );
            sim.upsert(
                Resource::Aanvragen,
                json!({"nummer": 880_000 + i, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
                sim.now(),
            );
            company
        })
        .collect();
    (sim, companies)
}

#[test]
fn an_export_of_rows_out_of_view_looks_their_names_up_in_batches() {
    let (sim, companies) = seeded();
    let home = TempHome::new();
    let mut h = connected_app(&home, &sim.base_url(), LANG);
    fetch_today(&mut h, LANG);
    let column = column_of(&h, "bedrijfId");
    let named = |a: &coachdesk::app::CoachApp| {
        let m = &a.browse.model;
        (0..m.len())
            .filter(|&r| {
                let shown = m.cell(r, column).display(false);
                shown.starts_with("Bedrijf nummer")
            })
            .count()
    };
    wait_until(&mut h, "the names of the rows in view", |a| named(a) > 0);
    h.run_steps(5);
    let before = named(h.state());
    assert!(
        before < ROWS,
        "every row was named before the export ({before}): nothing out of view to test"
    );
    let asked_before = sim.requests_received();
    eprintln!("named before the export: {before}");

    // Export every row (no selection) to the typed path.
    h.state_mut().browse.selected.clear();
    h.run_steps(1);
    h.get_by_label_contains("Export (").click();
    wait_until(&mut h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    for (i, company) in companies.iter().enumerate() {
        assert!(
            csv.contains(&format!("Bedrijf nummer {i:03}")),
            "name {i} missing"
        );
        assert!(
            !csv.contains(company.as_str()),
            "bare id {company} in the export"
        );
    }
    // The names of the rows the table had not named came in batches.
    let asked = sim.requests_received() - asked_before;
    let lacking = (ROWS - before) as u64;
    eprintln!("{asked} requests for {lacking}");
    assert!(
        asked <= lacking.div_ceil(100) + 4,
        "{asked} requests for the names of {lacking} rows"
    );
    // Cached in the connection's store for the next time.
    let dir = coachdesk::paths::Dirs::under(&home.0).connection(&sim.base_url(), "demo");
    let store = coachdesk::store::Store::open(&dir.join(coachdesk::session::RECORDS_FILE)).unwrap();
    let names = store.names(Resource::Bedrijven).unwrap();
    assert!(companies.iter().all(|c| names.contains_key(c)));
    sim.shutdown();
}

/// Offline, the export is still written, with ids where no name is known, and the planner is
/// told how many and what to do.
#[test]
fn an_export_that_cannot_ask_coachview_is_written_with_ids_and_says_so() {
    let (sim, companies) = seeded();
    let home = TempHome::new();
    let mut h = connected_app(&home, &sim.base_url(), LANG);
    fetch_today(&mut h, LANG);
    let column = column_of(&h, "bedrijfId");
    wait_until(&mut h, "the names of the rows in view", |a| {
        let m = &a.browse.model;
        (0..m.len()).any(|r| {
            m.cell(r, column)
                .display(false)
                .starts_with("Bedrijf nummer")
        })
    });
    h.run_steps(5);
    sim.set_offline(true);
    h.state_mut().browse.selected.clear();
    h.run_steps(1);
    h.get_by_label_contains("Export (").click();
    wait_until(&mut h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    let bare = companies
        .iter()
        .filter(|c| csv.contains(c.as_str()))
        .count();
    assert!(bare > 0, "offline, some rows keep their ids");
    assert!(
        csv.lines().count() > ROWS,
        "every row is written: {} lines",
        csv.lines().count()
    );
    let unnamed = h.state().browse.export_unnamed;
    assert!(
        unnamed >= bare,
        "{unnamed} said, {bare} bare ids in the file"
    );
    h.run_steps(2);
    h.get_by_label_contains("without their names: Coachview could not be asked");
    sim.shutdown();
}

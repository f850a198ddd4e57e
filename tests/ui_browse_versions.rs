//! What changed (issue 13, point 3): the store keeps earlier versions; after a second sync of a
//! changed record the detail pane shows before → after, the "Changed fields" column names the
//! fields, a first-seen record is marked new, earlier changes can be browsed, and the export can
//! carry the change summary.

mod common;
mod ui_browse_common;

use coachdesk::i18n::{Lang, text};
use coachdesk::record::changes::CHANGES_COLUMN;
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

#[test]
fn second_sync_shows_before_and_after() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let id = sim.upsert(
        Resource::Aanvragen,
        json!({"nummer": 990001, "aanvraagStatusId": "Nieuw", "referentieNrKlant": "R1"}),
        sim.now(),
    );
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], LANG);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, coachdesk::app::ConnState::Connected { .. })
    });
    h.get_by_label(text(LANG, "browse.today")).click();
    h.run_steps(1);
    fetch_and_reload(&mut h, LANG);

    // First seen: marked new, in the column and in the detail pane.
    let row = row_of(&h, &id).expect("the record is shown");
    let column = h
        .state()
        .browse
        .model
        .columns()
        .iter()
        .position(|c| c == CHANGES_COLUMN)
        .expect("the Changed fields column is shown by default");
    assert_eq!(
        h.state().browse.model.cell(row, column).display(false),
        "New"
    );
    assert!(
        h.query_by_label(text(LANG, "field.coachdesk.gewijzigdeVelden"))
            .is_some()
    );
    h.get_by_label("990001").click();
    wait_until(&mut h, "versions loaded", |a| a.browse.versions.is_some());
    assert!(h.query_by_label(text(LANG, "browse.first_seen")).is_some());

    // The status changes in Coachview; a second sync shows before → after.
    sim.upsert(
        Resource::Aanvragen,
        json!({"id": id, "aanvraagStatusId": "Verwerkt"}),
        sim.now(),
    );
    fetch_and_reload(&mut h, LANG);
    let id2 = id.clone();
    wait_until(&mut h, "versions of the changed record", |a| {
        a.browse
            .versions
            .as_ref()
            .is_some_and(|(v, list)| *v == id2 && list.len() == 1)
    });
    assert!(
        h.query_by_label("Nieuw -> Verwerkt").is_some(),
        "before → after in the detail pane"
    );
    let row = row_of(&h, &id).unwrap();
    assert_eq!(
        h.state().browse.model.cell(row, column).display(false),
        "Status"
    );

    // A third change; the earlier one can still be browsed.
    sim.upsert(
        Resource::Aanvragen,
        json!({"id": id, "referentieNrKlant": "R2"}),
        sim.now(),
    );
    fetch_and_reload(&mut h, LANG);
    let id3 = id.clone();
    wait_until(&mut h, "two earlier versions", |a| {
        a.browse
            .versions
            .as_ref()
            .is_some_and(|(v, list)| *v == id3 && list.len() == 2)
    });
    assert!(h.query_by_label("R1 -> R2").is_some());
    assert!(h.query_by_label("Nieuw -> Verwerkt").is_none());
    h.get_by_label(text(LANG, "browse.older_change")).click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Nieuw -> Verwerkt").is_some(),
        "earlier change browsed"
    );

    // The export carries the change summary column.
    let row = row_of(&h, &id).unwrap();
    h.state_mut().browse.selected = [row].into_iter().collect();
    h.run_steps(1);
    h.get_by_label_contains("Export (1").click();
    wait_until(&mut h, "exported", |a| a.browse.exported.is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with("Changed fields"), "{}", lines[0]);
    assert!(lines[1].ends_with("Customer reference"), "{}", lines[1]);
    sim.shutdown();
}

/// The "Changed fields" texts follow a language switch without a new fetch.
#[test]
fn changed_fields_follow_a_language_switch() {
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let first = aanvraag("a-lang-1", 990101, "Nieuw", &days_ago(0), 1);
    let mut second = first.clone();
    second["referentieNrKlant"] = json!("REF-OTHER");
    second["auditTrail"]["etag"] = json!(2);
    seed(&home, &sim.base_url(), "demo", &[first]);
    seed(&home, &sim.base_url(), "demo", &[second]);
    let fresh = aanvraag("a-lang-2", 990102, "Nieuw", &days_ago(0), 1);
    seed(&home, &sim.base_url(), "demo", &[fresh]);
    let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], Lang::Nl);
    wait_until(&mut h, "stored rows loaded", |a| a.browse.model.len() == 2);
    let column = h
        .state()
        .browse
        .model
        .columns()
        .iter()
        .position(|c| c == CHANGES_COLUMN)
        .unwrap();
    let (changed, new) = (
        row_of(&h, "a-lang-1").unwrap(),
        row_of(&h, "a-lang-2").unwrap(),
    );
    let cell = |h: &egui_kittest::Harness<'_, coachdesk::app::CoachApp>, row| {
        h.state().browse.model.cell(row, column).display(false)
    };
    assert_eq!(cell(&h, changed), text(Lang::Nl, "field.referentieNrKlant"));
    assert_eq!(cell(&h, new), text(Lang::Nl, "browse.change_new"));

    // The language button in the top bar.
    h.get_by_label(text(Lang::Nl, "nav.language")).click();
    wait_until(&mut h, "worded in English", |a| {
        let m = &a.browse.model;
        let shows = |id, key| {
            row_of_in(a, id)
                .is_some_and(|r| m.cell(r, column).display(false) == text(Lang::En, key))
        };
        shows("a-lang-1", "field.referentieNrKlant") && shows("a-lang-2", "browse.change_new")
    });
    assert_ne!(
        text(Lang::Nl, "field.referentieNrKlant"),
        text(Lang::En, "field.referentieNrKlant")
    );
    sim.shutdown();
}

fn row_of_in(a: &coachdesk::app::CoachApp, id: &str) -> Option<usize> {
    let m = &a.browse.model;
    (0..m.len()).find(|&r| m.record(r).is_some_and(|rec| rec["id"] == id))
}

//! What changed (issue 13, point 3): the store keeps earlier versions; after a second sync of a
//! changed record the detail pane shows before → after, the "Changed fields" column names the
//! fields, a first-seen record is marked new, earlier changes can be browsed, and the export can
//! carry the change summary.

mod common;
mod ui_browse_common;

use coachdesk::app::CoachApp;
use coachdesk::i18n::{Lang, text};
use coachdesk::record::changes::CHANGES_COLUMN;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimHandle, Simulator};
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

/// One Aanvraag (nummer 990001, status Nieuw, reference R1) fetched through the app once, its
/// detail pane open.
struct OneRecord {
    sim: SimHandle,
    home: TempHome,
    h: Harness<'static, CoachApp>,
    id: String,
    /// The "Changed fields" column.
    column: usize,
}

impl OneRecord {
    fn fetched() -> OneRecord {
        let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
        let id = sim.upsert(
            Resource::Aanvragen,
            json!({"nummer": 990001, "aanvraagStatusId": "Nieuw", "referentieNrKlant": "R1"}),
            sim.now(),
        );
        let home = TempHome::new();
        let mut h = connected_app(&home, &sim.base_url(), LANG);
        fetch_today(&mut h, LANG);
        let column = h
            .state()
            .browse
            .model
            .columns()
            .iter()
            .position(|c| c == CHANGES_COLUMN)
            .expect("the Changed fields column is shown by default");
        h.get_by_label("990001").click();
        wait_until(&mut h, "versions loaded", |a| {
            a.browse.versions.ready().is_some()
        });
        OneRecord {
            sim,
            home,
            h,
            id,
            column,
        }
    }

    /// The record changes in Coachview; the app fetches again and shows `earlier` versions.
    fn changed(&mut self, fields: serde_json::Value, earlier: usize) {
        let mut record = fields;
        record["id"] = json!(self.id);
        self.sim.upsert(Resource::Aanvragen, record, self.sim.now());
        let loads = self.h.state().browse.loads;
        let rows = self.h.state().browse.model.len();
        fetch_and_reload(&mut self.h, LANG);
        // The synced version came in place as it was stored: no load of the stored rows.
        assert_eq!(
            self.h.state().browse.loads,
            loads,
            "no reload after the fetch"
        );
        assert_eq!(
            self.h.state().browse.model.len(),
            rows,
            "replaced, not added"
        );
        let id = self.id.clone();
        wait_until(&mut self.h, "versions of the changed record", |a| {
            a.browse
                .versions
                .ready()
                .is_some_and(|(v, list)| *v == id && list.len() == earlier)
        });
    }

    /// The "Changed fields" cell of the record.
    fn changes_cell(&self) -> String {
        let row = row_of(&self.h, &self.id).expect("the record is shown");
        self.h
            .state()
            .browse
            .model
            .cell(row, self.column)
            .display(false)
    }
}

#[test]
fn a_first_seen_record_is_marked_new() {
    let s = OneRecord::fetched();
    assert_eq!(s.changes_cell(), "New");
    assert!(
        s.h.query_by_label(text(LANG, "field.coachdesk.gewijzigdeVelden"))
            .is_some()
    );
    assert!(
        s.h.query_by_label(text(LANG, "browse.first_seen"))
            .is_some()
    );
    s.sim.shutdown();
}

#[test]
fn a_second_sync_shows_before_and_after() {
    let mut s = OneRecord::fetched();
    s.changed(json!({"aanvraagStatusId": "Verwerkt"}), 1);
    assert!(
        s.h.query_by_label("Nieuw -> Verwerkt").is_some(),
        "before → after in the detail pane"
    );
    assert_eq!(s.changes_cell(), "Status");
    s.sim.shutdown();
}

#[test]
fn an_earlier_change_can_still_be_browsed() {
    let mut s = OneRecord::fetched();
    s.changed(json!({"aanvraagStatusId": "Verwerkt"}), 1);
    s.changed(json!({"referentieNrKlant": "R2"}), 2);
    assert!(s.h.query_by_label("R1 -> R2").is_some());
    assert!(s.h.query_by_label("Nieuw -> Verwerkt").is_none());
    s.h.get_by_label(text(LANG, "browse.older_change")).click();
    s.h.run_steps(2);
    assert!(
        s.h.query_by_label("Nieuw -> Verwerkt").is_some(),
        "earlier change browsed"
    );
    s.sim.shutdown();
}

#[test]
fn the_export_carries_the_change_summary() {
    let mut s = OneRecord::fetched();
    s.changed(json!({"referentieNrKlant": "R2"}), 1);
    let row = row_of(&s.h, &s.id).unwrap();
    s.h.state_mut().browse.selected = [row].into_iter().collect();
    s.h.run_steps(1);
    s.h.get_by_label_contains("Export (1").click();
    wait_until(&mut s.h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(s.home.0.join("export.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with("Changed fields"), "{}", lines[0]);
    assert!(lines[1].ends_with("Customer reference"), "{}", lines[1]);
    s.sim.shutdown();
}

/// The "Changed fields" texts follow a language switch without a new fetch.
#[test]
fn changed_fields_follow_a_language_switch() {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
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
    let mut h = app_with_clock(
        &home,
        small_sim(),
        &[(&profile.key(), "demo")],
        Lang::Nl,
        fixed_clock(),
    );
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

    // The language button in the top bar: the cells are worded again, nothing is loaded.
    let loads = h.state().browse.loads;
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
    h.run_steps(3);
    assert_eq!(h.state().browse.loads, loads, "no stored rows loaded again");
    assert!(!h.state().browse.load.is_loading());
    sim.shutdown();
}

fn row_of_in(a: &coachdesk::app::CoachApp, id: &str) -> Option<usize> {
    let m = &a.browse.model;
    (0..m.len()).find(|&r| m.record(r).is_some_and(|rec| rec["id"] == id))
}

//! Saved views (issue 13, point 6): name the current resource, columns, filter and quick range,
//! then reopen it from the Views menu after changing everything.

mod common;
mod ui_browse_common;

use coachdesk::i18n::{Lang, text};
use coachdesk::ui::browse::ViewRange;
use egui_kittest::kittest::Queryable;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

#[test]
fn a_saved_view_reopens_from_the_menu() {
    let records = [
        aanvraag("a1", 1, "Nieuw", &days_ago(0), 1),
        aanvraag("a2", 2, "Verwerkt", &days_ago(0), 1),
        aanvraag("a3", 3, "Nieuw", &days_ago(3), 1),
    ];
    let (sim, _home, mut h) = stored_app(&records, LANG);
    h.run_steps(2);
    // Choose: Today, filter "Verwerkt", without the "Changed by" column.
    h.get_by_label(text(LANG, "browse.today")).click();
    h.run_steps(1);
    h.get_by_label(text(LANG, "browse.filter")).click();
    h.run_steps(1);
    h.get_by_label(text(LANG, "browse.filter"))
        .type_text("Verwerkt");
    h.run_steps(2);
    h.get_by_label(text(LANG, "browse.columns")).click();
    h.run_steps(2);
    h.get_by_label("Changed by (auditTrail.gewijzigdDoor)")
        .click();
    h.run_steps(2);
    let columns = h.state().browse.model.columns().to_vec();
    assert!(!columns.iter().any(|c| c == "auditTrail.gewijzigdDoor"));
    assert_eq!(h.state().browse.model.visible().len(), 1);

    // Save it as "Processed today".
    h.get_by_label(text(LANG, "browse.view_name")).click();
    h.run_steps(1);
    h.get_by_label(text(LANG, "browse.view_name"))
        .type_text("Processed today");
    h.run_steps(2);
    h.get_by_label(text(LANG, "browse.view_save")).click();
    h.run_steps(2);
    let saved = h.state().browse.persisted().views;
    assert_eq!(saved.len(), 1, "kept with the remembered choices");
    assert_eq!(saved[0].name, "Processed today");
    assert!(matches!(saved[0].range, ViewRange::Quick(_)));

    // Change everything, then reopen the view.
    h.get_by_label(text(LANG, "browse.last7")).click();
    h.run_steps(1);
    h.state_mut().browse.filter.clear();
    h.state_mut().browse.model.set_filter("");
    h.get_by_label(text(LANG, "browse.columns_default")).click();
    h.run_steps(2);
    assert_eq!(h.state().browse.model.visible().len(), 3);
    h.get_by_label(text(LANG, "browse.views")).click();
    h.run_steps(2);
    h.get_by_label("Open: Processed today").click();
    h.run_steps(3);
    let b = &h.state().browse;
    assert_eq!(b.filter, "Verwerkt");
    assert_eq!(b.model.columns(), columns.as_slice());
    assert_eq!(b.from, b.to, "Today again");
    assert_eq!(b.model.visible().len(), 1);
    sim.shutdown();
}

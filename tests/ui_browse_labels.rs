//! Readable columns (issue 13, point 1): headers in Dutch and English, unknown fields humanised,
//! the field path in the column chooser, and exports headed by labels.

mod common;
mod ui_browse_common;

use coachdesk::i18n::{Lang, text};
use common::*;
use egui_kittest::kittest::Queryable;
use ui_browse_common::*;

#[test]
fn headers_read_as_labels_in_both_languages() {
    let mut records = vec![
        aanvraag("a1", 1, "Nieuw", &days_ago(0), 1),
        aanvraag("a2", 2, "Verwerkt", &days_ago(1), 1),
    ];
    records[0]["aantalHerinneringenVerstuurd"] = 2.into();
    let (sim, home, mut h) = stored_app(&records, Lang::Nl);
    h.run_steps(2);
    for label in [
        "Nummer",
        "Status",
        "Referentie klant",
        "Gewijzigd op",
        "Gewijzigd door",
    ] {
        assert!(h.query_by_label(label).is_some(), "Dutch header {label}");
    }
    assert!(
        h.query_by_label("referentieNrKlant").is_none(),
        "no field path as header"
    );

    // The column chooser names each field and shows its path; an unknown field is humanised.
    h.get_by_label(text(Lang::Nl, "browse.columns")).click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Referentie klant (referentieNrKlant)")
            .is_some(),
        "label and path in the chooser"
    );
    let unknown = "Aantal herinneringen verstuurd (aantalHerinneringenVerstuurd)";
    h.get_by_label(unknown).click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Aantal herinneringen verstuurd").is_some(),
        "the chosen unknown field is a humanised column"
    );

    // Switch the language: the same headers in English.
    h.get_by_label(text(Lang::Nl, "nav.language")).click();
    h.run_steps(2);
    for label in [
        "Number",
        "Status",
        "Customer reference",
        "Changed on",
        "Changed by",
    ] {
        assert!(h.query_by_label(label).is_some(), "English header {label}");
    }

    // The export's header row uses the labels too.
    h.get_by_label(text(Lang::En, "browse.select_none")).click();
    h.run_steps(1);
    h.get_by_label_contains("Export (2").click();
    wait_until(&mut h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    let header = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        header.starts_with("Number;Status;Customer reference;"),
        "{header}"
    );
    assert!(
        header.contains("Aantal herinneringen verstuurd"),
        "{header}"
    );
    sim.shutdown();
}

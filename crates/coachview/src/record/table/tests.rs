//! Unit tests of the table model.

use super::*;
use serde_json::json;

fn aanvraag(nummer: i64, status: &str, bedrijf: &str, changed: &str) -> Value {
    json!({
        "nummer": nummer,
        "aanvraagStatusId": status,
        "bedrijf": {"naam": bedrijf},
        "totaal": nummer as f64 / 2.0,
        "auditTrail": {"gewijzigdDatumTijd": changed}
    })
}

fn model() -> TableModel {
    let records = vec![
        aanvraag(3, "Nieuw", "Bakkerij Élan", "2025-06-02T10:00:00.123"),
        aanvraag(1, "Verwerkt", "Zeeman", "2025-06-01T09:00:00"),
        aanvraag(2, "Nieuw", "acme", "2025-06-02T08:00:00"),
        json!({"nummer": null, "aanvraagStatusId": "Nieuw"}),
        aanvraag(10, "InBehandeling", "Acme", "2025-05-31T23:59:59"),
    ];
    let columns = [
        "nummer",
        "aanvraagStatusId",
        "bedrijf.naam",
        "totaal",
        "auditTrail.gewijzigdDatumTijd",
    ];
    TableModel::new(records, columns.map(String::from).to_vec())
}

fn numbers(m: &TableModel) -> Vec<String> {
    m.visible()
        .iter()
        .map(|&r| m.cell(r, 0).display(false))
        .collect()
}

#[test]
fn sorts_numbers_numerically_with_empty_last_both_ways() {
    let mut m = model();
    m.sort_by(0, true);
    assert_eq!(numbers(&m), ["1", "2", "3", "10", ""]);
    m.sort_by(0, false);
    assert_eq!(numbers(&m), ["10", "3", "2", "1", ""]);
    assert_eq!(m.sort_state(), Some((0, false)));
}

#[test]
fn sort_is_stable_and_dates_sort_chronologically() {
    let mut m = model();
    m.sort_by(0, true); // 1, 2, 3, 10, empty
    m.sort_by(1, true); // status; within "Nieuw" keep 2 before 3 before empty
    assert_eq!(numbers(&m), ["10", "2", "3", "", "1"]);
    m.sort_by(4, true);
    assert_eq!(numbers(&m), ["10", "1", "2", "3", ""]);
    m.sort_by(2, true); // text: acme/Acme equal (keep order), Élan folds to e
    assert_eq!(numbers(&m), ["10", "2", "3", "1", ""]);
}

#[test]
fn filter_matches_shown_text_case_and_accent_insensitively() {
    let mut m = model();
    assert_eq!(m.set_filter("ELAN").len(), 1);
    assert_eq!(m.set_filter("acme").len(), 2);
    // As displayed: date dd-mm-jjjj uu:mm, and a fraction with a comma or a point.
    assert_eq!(m.set_filter("02-06-2025 10:00").len(), 1);
    assert_eq!(m.set_filter("1,5").len(), 1);
    assert_eq!(m.set_filter("1.5").len(), 1);
    // Narrowing then widening again gives the full answer back.
    m.set_filter("nieuw");
    assert_eq!(m.visible().len(), 3);
    m.set_filter("nieuwx");
    assert!(m.visible().is_empty());
    m.set_filter("");
    assert_eq!(m.visible().len(), 5);
    // A match never spans two cells.
    assert!(m.set_filter("nieuwbakkerij").is_empty());
}

#[test]
fn filter_keeps_sort_order_and_combines_with_day() {
    let mut m = model();
    m.sort_by(0, false);
    m.set_filter("nieuw");
    assert_eq!(numbers(&m), ["3", "2", ""]);
    let day = NaiveDate::from_ymd_opt(2025, 6, 2);
    m.filter_day(day);
    assert_eq!(numbers(&m), ["3", "2"]);
    m.set_filter("");
    assert_eq!(numbers(&m), ["3", "2"]);
    m.filter_day(None);
    assert_eq!(m.visible().len(), 5);
}

#[test]
fn changes_per_day_counts_all_rows() {
    let mut m = model();
    m.set_filter("zeeman");
    let d = |day| NaiveDate::from_ymd_opt(2025, if day > 6 { 5 } else { 6 }, day).unwrap();
    assert_eq!(m.changes_per_day(), [(d(31), 1), (d(1), 1), (d(2), 2)]);
}

#[test]
fn append_keeps_sort_and_filter_and_row_handles() {
    let mut m = model();
    m.sort_by(0, true);
    m.set_filter("acme");
    let first_acme = m.visible()[0];
    m.append(vec![aanvraag(0, "Nieuw", "ACME bv", "2025-06-03T00:00:00")]);
    assert_eq!(numbers(&m), ["0", "2", "10"]);
    assert_eq!(
        m.cell(first_acme, 0),
        &Cell::Number(2.0),
        "row handles survive appends"
    );
    assert_eq!(m.len(), 6);
    let skipped = m.append_json([
        "{\"nummer\": -1, \"bedrijf\": {\"naam\": \"Acme 2\"}}".to_string(),
        "kapot".to_string(),
    ]);
    assert_eq!(skipped, 1);
    assert_eq!(numbers(&m), ["-1", "0", "2", "10"]);
    assert_eq!(
        m.record(6).map(|r| r["bedrijf"]["naam"].clone()),
        Some(json!("Acme 2"))
    );
    assert_eq!(m.rows_json(&[6, 99]).len(), 1);
}

#[test]
fn changing_columns_keeps_sort_by_name_and_refilters() {
    let mut m = model();
    m.sort_by(0, false);
    m.set_filter("zeeman");
    assert_eq!(m.visible().len(), 1);
    m.set_columns(vec!["aanvraagStatusId".into(), "nummer".into()]);
    assert_eq!(m.sort_state(), Some((1, false)));
    assert!(m.visible().is_empty(), "bedrijf.naam is no longer searched");
    m.set_filter("");
    let shown: Vec<String> = m
        .visible()
        .iter()
        .map(|&r| m.cell(r, 1).display(false))
        .collect();
    assert_eq!(shown, ["10", "3", "2", "1", ""]);
    assert_eq!(m.cell(0, 9), &Cell::Empty);
}

#[test]
fn range_filter_hides_rows_outside_and_counts_them() {
    let mut m = model();
    let day = |d| NaiveDate::from_ymd_opt(2025, 6, d).unwrap();
    m.filter_range(Some((day(1), day(1))));
    assert_eq!(numbers(&m), ["1"]);
    assert_eq!(
        m.outside_range(),
        4,
        "three other days and one row without a date"
    );
    assert_eq!(m.changes_per_day(), [(day(1), 1)]);
    m.filter_range(Some((day(1), day(2))));
    assert_eq!(numbers(&m), ["3", "1", "2"]);
    assert_eq!(m.outside_range(), 2);
    m.set_filter("acme");
    assert_eq!(numbers(&m), ["2"], "text filter within the range");
    m.filter_range(None);
    assert_eq!(numbers(&m), ["2", "10"]);
    assert_eq!(m.outside_range(), 0);
}

#[test]
fn a_stored_text_with_a_lone_surrogate_is_shown_repaired_not_hidden() {
    let mut m = TableModel::new(Vec::new(), vec!["naam".to_string()]);
    let skipped = m.append_json([
        r#"{"id":"a","naam":"Jan\ud83d"}"#.to_string(),
        "not json".to_string(),
    ]);
    assert_eq!(skipped, 1);
    assert_eq!(m.record(0).unwrap()["naam"], "Jan\u{fffd}");
}

//! The table shows only the chosen date range and says how many stored rows lie outside it; what
//! is selected and exported follows the range (issue 13, point 4).

mod common;
mod ui_browse_common;

use chrono::{Datelike, Duration};
use coachdesk::app::CoachApp;
use coachdesk::i18n::{Lang, text, tf};
use coachdesk::ui::browse::to_chrono;
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_browse_common::*;

fn nummers(h: &Harness<'_, CoachApp>) -> Vec<i64> {
    let m = &h.state().browse.model;
    let mut out: Vec<i64> = m
        .visible()
        .iter()
        .map(|&r| m.record(r).unwrap()["nummer"].as_i64().unwrap())
        .collect();
    out.sort();
    out
}

#[test]
fn table_shows_only_the_range_and_counts_the_rest() {
    let lang = Lang::En;
    let records = [
        aanvraag("a1", 1, "Nieuw", &days_ago(0), 1),
        aanvraag("a2", 2, "Nieuw", &days_ago(0), 1),
        aanvraag("a3", 3, "Verwerkt", &days_ago(3), 1),
        aanvraag("a4", 4, "Verwerkt", &days_ago(100), 1),
        aanvraag("a5", 5, "Nieuw", &days_ago(400), 1),
    ];
    let (sim, home, mut h) = stored_app(&records, lang);
    h.run_steps(2);
    // The default range is the last week: three rows shown, two stored rows outside. Those two
    // were not loaded from the store at all, only counted there.
    assert_eq!(nummers(&h), [1, 2, 3]);
    assert_eq!(
        h.state().browse.model.len(),
        3,
        "only the range's rows are loaded"
    );
    assert!(row_of(&h, "a4").is_none() && row_of(&h, "a5").is_none());
    assert_eq!(h.state().browse.model.outside_range(), 2);
    assert!(
        h.query_by_label(&tf_lang(lang, "browse.outside_range", 2))
            .is_some(),
        "the screen says how many stored rows lie outside the range"
    );

    // "Today": only today's rows; the selection and the export follow.
    h.get_by_label(text(lang, "browse.select_all")).click();
    h.run_steps(2);
    assert_eq!(h.state().browse.selected.len(), 3);
    h.get_by_label(text(lang, "browse.today")).click();
    h.run_steps(2);
    assert_eq!(nummers(&h), [1, 2]);
    assert_eq!(h.state().browse.model.outside_range(), 3);
    assert!(
        h.query_by_label(&tf_lang(lang, "browse.outside_range", 3))
            .is_some()
    );
    assert_eq!(
        h.state().browse.selected.len(),
        2,
        "a selected row outside the new range is no longer selected"
    );
    h.get_by_label(&tf_lang(lang, "browse.export", 2)).click();
    wait_until(&mut h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    assert_eq!(
        csv.lines().count(),
        3,
        "header + the two rows in range: {csv}"
    );
    assert!(!csv.contains("REF-3") && csv.contains("REF-1") && csv.contains("REF-2"));
    sim.shutdown();
}

#[test]
fn the_default_and_quick_ranges_follow_the_apps_clock() {
    let lang = Lang::En;
    let (sim, _home, mut h) = stored_app(&[], lang);
    let today = fixed_now().date();
    let days = |h: &Harness<'_, CoachApp>| {
        let b = &h.state().browse;
        (to_chrono(b.from), to_chrono(b.to))
    };
    assert_eq!(
        days(&h),
        (today - Duration::days(7), today),
        "the default week"
    );
    for (key, from, to) in [
        ("browse.today", today, today),
        (
            "browse.yesterday",
            today - Duration::days(1),
            today - Duration::days(1),
        ),
        ("browse.last7", today - Duration::days(6), today),
        ("browse.this_month", today.with_day(1).unwrap(), today),
    ] {
        h.get_by_label(text(lang, key)).click();
        h.run_steps(2);
        assert_eq!(days(&h), (from, to), "{key}");
    }
    sim.shutdown();
}

fn tf_lang(lang: Lang, key: &str, n: usize) -> String {
    coachdesk::i18n::set_current(lang);
    tf(key, &[("n", &n)])
}

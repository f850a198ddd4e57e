//! The change browser's date pickers speak the UI language (issue 18, polish: "a Dutch date
//! picker"): month and weekday names, weeks from Monday, Annuleren / Opslaan; Opslaan writes the
//! chosen day, Annuleren and Escape leave the range alone. Every widget is found by its
//! accessible name, as a screen reader (and the desktop tests) find it.

mod common;
mod ui_browse_common;

use chrono::NaiveDate;
use coachdesk::app::CoachApp;
use coachdesk::i18n::Lang;
use coachdesk::ui::browse::to_chrono;
use egui::accesskit::Toggled;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ui_browse_common::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The browser's (from, to) days.
fn range(h: &Harness<'_, CoachApp>) -> (NaiveDate, NaiveDate) {
    let b = &h.state().browse;
    (to_chrono(b.from), to_chrono(b.to))
}

fn click(h: &mut Harness<'_, CoachApp>, name: &str) {
    h.get_by_label(name).click();
    h.run_steps(3);
}

fn shown(h: &Harness<'_, CoachApp>, name: &str) -> bool {
    h.query_by_label(name).is_some()
}

fn selected(h: &Harness<'_, CoachApp>, name: &str) -> bool {
    h.get_by_label(name).accesskit_node().toggled() == Some(Toggled::True)
}

#[test]
fn the_dutch_picker_names_months_and_days_and_saves_or_cancels() {
    let (sim, _home, mut h) = stored_app(&[], Lang::Nl);
    // The app's clock says 18 March 2026: the default range is the week before it.
    let week = (day(2026, 3, 11), day(2026, 3, 18));
    assert_eq!(range(&h), week);
    assert!(!shown(&h, "Opslaan"), "no calendar before a click");

    click(&mut h, "Van");
    for name in [
        "maart 2026",
        "ma",
        "di",
        "wo",
        "do",
        "vr",
        "za",
        "zo",
        "Vorige maand",
        "Volgende maand",
        "Annuleren",
        "Opslaan",
        "1 maart 2026",
        "31 maart 2026",
    ] {
        assert!(shown(&h, name), "{name:?} in the Dutch calendar");
    }
    assert!(selected(&h, "11 maart 2026"), "the field's day is chosen");
    assert!(!selected(&h, "12 maart 2026"));
    assert!(!shown(&h, "March 2026") && !shown(&h, "Save"), "no English");

    // A day, then Opslaan: the from date is that day and the calendar is closed.
    click(&mut h, "2 maart 2026");
    assert!(selected(&h, "2 maart 2026") && !selected(&h, "11 maart 2026"));
    assert_eq!(range(&h), week, "nothing changes before Opslaan");
    click(&mut h, "Opslaan");
    assert_eq!(range(&h), (day(2026, 3, 2), week.1));
    assert!(!shown(&h, "Opslaan") && !shown(&h, "maart 2026"), "closed");

    // Again, another month and day, then Annuleren: unchanged.
    click(&mut h, "Van");
    assert!(selected(&h, "2 maart 2026"), "opens on the saved day");
    click(&mut h, "Vorige maand");
    assert!(shown(&h, "februari 2026") && shown(&h, "28 februari 2026"));
    assert!(!shown(&h, "29 februari 2026") && !shown(&h, "1 maart 2026"));
    click(&mut h, "16 februari 2026");
    click(&mut h, "Annuleren");
    assert_eq!(range(&h), (day(2026, 3, 2), week.1));
    assert!(!shown(&h, "Annuleren"), "closed");

    // Escape cancels too, and the next opening forgets the cancelled choice.
    click(&mut h, "Van");
    click(&mut h, "Volgende maand");
    click(&mut h, "1 april 2026");
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(!shown(&h, "Opslaan"), "Escape closes the calendar");
    assert_eq!(range(&h), (day(2026, 3, 2), week.1));
    click(&mut h, "Van");
    assert!(shown(&h, "maart 2026") && selected(&h, "2 maart 2026"));
    sim.shutdown();
}

#[test]
fn the_english_picker_names_months_and_days_in_english() {
    let (sim, _home, mut h) = stored_app(&[], Lang::En);
    let week = (day(2026, 3, 11), day(2026, 3, 18));
    click(&mut h, "Up to and including");
    for name in [
        "March 2026",
        "Mo",
        "Tu",
        "We",
        "Th",
        "Fr",
        "Sa",
        "Su",
        "Previous month",
        "Next month",
        "Cancel",
        "Save",
        "18 March 2026",
    ] {
        assert!(shown(&h, name), "{name:?} in the English calendar");
    }
    assert!(selected(&h, "18 March 2026"));
    assert!(
        !shown(&h, "maart 2026") && !shown(&h, "Opslaan"),
        "no Dutch"
    );

    click(&mut h, "Previous month");
    click(&mut h, "Previous month");
    assert!(shown(&h, "January 2026"));
    click(&mut h, "Next month");
    click(&mut h, "Next month");
    click(&mut h, "Next month");
    assert!(shown(&h, "April 2026") && shown(&h, "30 April 2026"));
    click(&mut h, "30 April 2026");
    click(&mut h, "Cancel");
    assert_eq!(range(&h), week, "Cancel leaves the range alone");

    click(&mut h, "Up to and including");
    click(&mut h, "15 March 2026");
    click(&mut h, "Save");
    assert_eq!(range(&h), (week.0, day(2026, 3, 15)));
    assert!(!shown(&h, "Save"), "closed");
    sim.shutdown();
}

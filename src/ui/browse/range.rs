//! The date range above the table: quick choices (today, yesterday, last 7 days, this month)
//! and the from/to date pickers, and the table limited to the chosen days.

use super::BrowseState;
use crate::i18n::t;
use crate::ui::date_picker::date_picker;
use chrono::{Datelike, Duration, NaiveDate};
use egui::Ui;
use std::collections::HashSet;

/// chrono → jiff date (the date pickers work on jiff).
pub fn to_jiff(d: NaiveDate) -> jiff::civil::Date {
    jiff::civil::Date::new(d.year() as i16, d.month() as i8, d.day() as i8)
        .unwrap_or(jiff::civil::Date::constant(2000, 1, 1))
}

/// jiff → chrono date.
pub fn to_chrono(d: jiff::civil::Date) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() as i32, d.month() as u32, d.day() as u32).unwrap_or_default()
}

/// The quick date choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum QuickRange {
    /// Today only.
    Today,
    /// Yesterday, the whole day.
    Yesterday,
    /// The last seven days, today included.
    Last7Days,
    /// From the first of this month until today.
    ThisMonth,
}

impl QuickRange {
    fn key(self) -> &'static str {
        match self {
            QuickRange::Today => "browse.today",
            QuickRange::Yesterday => "browse.yesterday",
            QuickRange::Last7Days => "browse.last7",
            QuickRange::ThisMonth => "browse.this_month",
        }
    }

    /// The days (inclusive) this choice means on the day `today`.
    pub(crate) fn days(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            QuickRange::Today => (today, today),
            QuickRange::Yesterday => (today - Duration::days(1), today - Duration::days(1)),
            QuickRange::Last7Days => (today - Duration::days(6), today),
            QuickRange::ThisMonth => (today.with_day(1).unwrap_or(today), today),
        }
    }

    /// Applies the choice to the state's from/to dates (inclusive).
    pub(crate) fn apply(self, state: &mut BrowseState) {
        let (from, to) = self.days(state.clock.today());
        state.from = to_jiff(from);
        state.to = to_jiff(to);
        state.quick = Some(self);
    }
}

pub(super) fn range_ui(state: &mut BrowseState, ui: &mut Ui) {
    let today = to_jiff(state.clock.today());
    let from = ui.label(t("browse.from"));
    date_picker(ui, "from", &mut state.from, today).labelled_by(from.id);
    let to = ui.label(t("browse.to"));
    date_picker(ui, "to", &mut state.to, today).labelled_by(to.id);
    if to_chrono(state.to) < to_chrono(state.from) {
        state.to = state.from;
    }
    for quick in [
        QuickRange::Today,
        QuickRange::Yesterday,
        QuickRange::Last7Days,
        QuickRange::ThisMonth,
    ] {
        if ui.button(t(quick.key())).clicked() {
            quick.apply(state);
        }
    }
}

impl BrowseState {
    /// Makes the table show only the chosen range (after the dates changed); the selection
    /// keeps only rows still shown, so what is selected and exported is what the range says.
    /// A range reaching beyond the days loaded loads the stored rows of the new range (the rows
    /// already there are filtered at once meanwhile).
    pub(crate) fn apply_range(&mut self) {
        let range = Some(self.range_days());
        if self.model.range() == range {
            return;
        }
        let (from, to) = self.range_days();
        if self
            .loaded_days
            .is_some_and(|(loaded_from, loaded_to)| from < loaded_from || to > loaded_to)
        {
            self.reload_pending = true;
        }
        self.model.filter_range(range);
        let shown: HashSet<usize> = self.model.visible().iter().copied().collect();
        self.selected.retain(|r| shown.contains(r));
        if self.focus.is_some_and(|f| !shown.contains(&f)) {
            self.focus = None;
        }
        if self.anchor.is_some_and(|a| !shown.contains(&a)) {
            self.anchor = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn quick_ranges_are_counted_from_the_given_day() {
        let today = day(2026, 3, 1);
        assert_eq!(QuickRange::Today.days(today), (today, today));
        let feb28 = day(2026, 2, 28);
        assert_eq!(QuickRange::Yesterday.days(today), (feb28, feb28));
        assert_eq!(QuickRange::Last7Days.days(today), (day(2026, 2, 23), today));
        assert_eq!(QuickRange::ThisMonth.days(today), (today, today));
        let mid = day(2026, 3, 18);
        assert_eq!(QuickRange::ThisMonth.days(mid), (today, mid));
    }
}

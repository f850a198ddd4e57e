//! The date range above the table: quick choices (today, yesterday, last 7 days, this month)
//! and the from/to date pickers.

use super::{BrowseState, to_chrono, to_jiff};
use crate::i18n::t;
use chrono::{Datelike, Duration, Local};
use egui::Ui;
use egui_extras::DatePickerButton;

/// The quick date choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum QuickRange {
    Today,
    Yesterday,
    Last7Days,
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

    /// The days (inclusive) this choice means today.
    pub fn days(self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let today = Local::now().date_naive();
        match self {
            QuickRange::Today => (today, today),
            QuickRange::Yesterday => (today - Duration::days(1), today - Duration::days(1)),
            QuickRange::Last7Days => (today - Duration::days(6), today),
            QuickRange::ThisMonth => (today.with_day(1).unwrap_or(today), today),
        }
    }

    /// Applies the choice to the state's from/to dates (inclusive).
    pub fn apply(self, state: &mut BrowseState) {
        let (from, to) = self.days();
        state.from = to_jiff(from);
        state.to = to_jiff(to);
        state.quick = Some(self);
    }
}

pub(super) fn range_ui(state: &mut BrowseState, ui: &mut Ui) {
    let from = ui.label(t("browse.from"));
    ui.add(
        DatePickerButton::new(&mut state.from)
            .id_salt("from")
            .show_icon(false)
            .format("%d-%m-%Y"),
    )
    .labelled_by(from.id);
    let to = ui.label(t("browse.to"));
    ui.add(
        DatePickerButton::new(&mut state.to)
            .id_salt("to")
            .show_icon(false)
            .format("%d-%m-%Y"),
    )
    .labelled_by(to.id);
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

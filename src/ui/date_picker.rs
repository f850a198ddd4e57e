//! A date picker in the UI language: a button showing the date (dd-mm-jjjj) that opens a month
//! calendar below it, with the month and weekday names from the string files, weeks starting on
//! Monday, the chosen day highlighted, today marked, and Annuleren / Opslaan. (egui_extras' picker
//! words all of that in English.) "Today" is the caller's (the app's clock), never the computer's.

use crate::i18n::{t, tf};
use egui::{Button, Id, Label, Popup, PopupCloseBehavior, Response, Sense, Ui, Vec2};
use jiff::civil::Date;

/// The month names, January first.
const MONTHS: [&str; 12] = [
    "datepicker.month.1",
    "datepicker.month.2",
    "datepicker.month.3",
    "datepicker.month.4",
    "datepicker.month.5",
    "datepicker.month.6",
    "datepicker.month.7",
    "datepicker.month.8",
    "datepicker.month.9",
    "datepicker.month.10",
    "datepicker.month.11",
    "datepicker.month.12",
];

/// The weekday headers, Monday first.
const WEEKDAYS: [&str; 7] = [
    "datepicker.weekday.1",
    "datepicker.weekday.2",
    "datepicker.weekday.3",
    "datepicker.weekday.4",
    "datepicker.weekday.5",
    "datepicker.weekday.6",
    "datepicker.weekday.7",
];

/// The size of one day in the calendar.
const CELL: Vec2 = Vec2::new(32.0, 22.0);

/// What the open popup works on: the month shown (its first day) and the day chosen, which the
/// field gets only on Opslaan.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Draft {
    month: Date,
    chosen: Date,
}

impl Draft {
    fn of(date: Date) -> Draft {
        Draft {
            month: date.first_of_month(),
            chosen: date,
        }
    }
}

/// The name of `date`'s month in the current language ("december" / "December").
pub(crate) fn month_name(date: Date) -> &'static str {
    let index = usize::try_from(date.month() - 1).unwrap_or(0);
    t(MONTHS[index.min(11)])
}

/// The full date as the calendar names its day: "1 december 2026" / "1 December 2026".
pub(crate) fn spoken_date(date: Date) -> String {
    tf(
        "datepicker.date",
        &[
            ("day", &date.day()),
            ("month", &month_name(date)),
            ("year", &date.year()),
        ],
    )
}

/// The heading of the calendar: "december 2026" / "December 2026".
pub(crate) fn month_heading(date: Date) -> String {
    tf(
        "datepicker.month_year",
        &[("month", &month_name(date)), ("year", &date.year())],
    )
}

/// A button showing `date` as dd-mm-jjjj; a click opens the calendar below it (Escape, a click
/// elsewhere or Annuleren close it and leave `date` alone; Opslaan writes the chosen day).
/// `id_salt` tells two pickers in one `Ui` apart; `today` is marked in the calendar. Returns the
/// button's response (label it with [`Response::labelled_by`]), marked changed when Opslaan
/// wrote a different date.
pub(crate) fn date_picker(ui: &mut Ui, id_salt: &str, date: &mut Date, today: Date) -> Response {
    let popup_id = ui.make_persistent_id(id_salt);
    let draft_id = popup_id.with("draft");
    let mut button = ui.add(Button::new(date.strftime("%d-%m-%Y").to_string()));
    if button.clicked() {
        // Every opening starts from the field's date: a cancelled choice is forgotten.
        ui.data_mut(|d| d.insert_temp(draft_id, Draft::of(*date)));
    }
    let mut saved = None;
    Popup::from_toggle_button_response(&button)
        .id(popup_id)
        .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            let mut draft = ui
                .data(|d| d.get_temp::<Draft>(draft_id))
                .unwrap_or_else(|| Draft::of(*date));
            saved = calendar(ui, popup_id, &mut draft, today);
            ui.data_mut(|d| d.insert_temp(draft_id, draft));
        });
    if let Some(chosen) = saved
        && chosen != *date
    {
        *date = chosen;
        button.mark_changed();
    }
    button
}

/// The popup's content; the chosen day when Opslaan was clicked.
fn calendar(ui: &mut Ui, id: Id, draft: &mut Draft, today: Date) -> Option<Date> {
    let width = 7.0 * CELL.x + 6.0 * ui.spacing().item_spacing.x;
    ui.horizontal(|ui| {
        let arrow = ui.spacing().interact_size.y;
        if ui
            .add(Button::new("‹").min_size(Vec2::splat(arrow)))
            .accessible_name(t("datepicker.prev_month"))
            .clicked()
            && let Ok(last_of_previous) = draft.month.yesterday()
        {
            draft.month = last_of_previous.first_of_month();
        }
        let heading = Label::new(month_heading(draft.month));
        let side = (width - 2.0 * (arrow + ui.spacing().item_spacing.x)).max(0.0);
        ui.add_sized([side, arrow], heading);
        if ui
            .add(Button::new("›").min_size(Vec2::splat(arrow)))
            .accessible_name(t("datepicker.next_month"))
            .clicked()
            && let Ok(first_of_next) = draft.month.last_of_month().tomorrow()
        {
            draft.month = first_of_next;
        }
    });
    egui::Grid::new(id.with("days"))
        .min_col_width(CELL.x)
        .show(ui, |ui| days(ui, draft, today));
    let mut saved = None;
    ui.horizontal(|ui| {
        if ui.button(t("datepicker.cancel")).clicked() {
            ui.close();
        }
        if ui.button(t("datepicker.save")).clicked() {
            saved = Some(draft.chosen);
            ui.close();
        }
    });
    saved
}

/// The weekday headers and the month's days, a week a row from Monday.
fn days(ui: &mut Ui, draft: &mut Draft, today: Date) {
    for key in WEEKDAYS {
        ui.add_sized(CELL, Label::new(t(key)));
    }
    ui.end_row();
    let month = draft.month;
    let mut column = month.weekday().to_monday_zero_offset();
    for _ in 0..column {
        ui.allocate_exact_size(CELL, Sense::hover());
    }
    for day in 1..=month.days_in_month() {
        let Ok(date) = Date::new(month.year(), month.month(), day) else {
            continue;
        };
        let mut button = Button::new(day.to_string())
            .min_size(CELL)
            .selected(date == draft.chosen);
        if date == today {
            button = button.stroke(ui.visuals().widgets.inactive.fg_stroke);
        }
        if ui.add(button).accessible_name(spoken_date(date)).clicked() {
            draft.chosen = date;
        }
        column += 1;
        if column == 7 {
            ui.end_row();
            column = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_current};

    #[test]
    fn dates_are_worded_in_the_ui_language() {
        let date = Date::constant(2026, 12, 1);
        set_current(Lang::Nl);
        assert_eq!(spoken_date(date), "1 december 2026");
        assert_eq!(month_heading(date), "december 2026");
        assert_eq!(month_name(Date::constant(2026, 3, 31)), "maart");
        set_current(Lang::En);
        assert_eq!(spoken_date(date), "1 December 2026");
        assert_eq!(month_heading(date), "December 2026");
        assert_eq!(month_name(Date::constant(2026, 1, 5)), "January");
        set_current(Lang::Nl);
    }
}

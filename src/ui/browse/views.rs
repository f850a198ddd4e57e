//! Saved views: a name for the current resource, columns, filter and quick range, reopened from
//! the "Views" menu. Kept with the browser's other remembered choices (eframe storage).

use super::{BrowseState, QuickRange, to_chrono, to_jiff};
use crate::i18n::{t, tf};
use crate::resource::Resource;
use crate::ui::Ctx;
use egui::Ui;

/// The date range a view reopens with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ViewRange {
    /// Relative to the day the view is opened.
    Quick(QuickRange),
    /// Fixed days (inclusive), `YYYY-MM-DD`.
    Days {
        /// The first day, `YYYY-MM-DD`.
        from: String,
        /// The last day (inclusive), `YYYY-MM-DD`.
        to: String,
    },
}

/// One saved view.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedView {
    /// The name the planner gave the view.
    pub name: String,
    /// The resource it shows.
    pub resource: Resource,
    /// The chosen columns (dotted field paths), in order.
    pub columns: Vec<String>,
    /// The quick filter text.
    pub filter: String,
    /// The date range it fetches and shows.
    pub range: ViewRange,
}

impl BrowseState {
    /// The current choices as a view named `name`.
    pub(crate) fn current_view(&self, name: &str) -> SavedView {
        let range = match self
            .quick
            .filter(|q| q.days(self.clock.today()) == self.range_days())
        {
            Some(q) => ViewRange::Quick(q),
            None => ViewRange::Days {
                from: to_chrono(self.from).to_string(),
                to: to_chrono(self.to).to_string(),
            },
        };
        SavedView {
            name: name.trim().to_string(),
            resource: self.resource,
            columns: self.model.columns().to_vec(),
            filter: self.filter.clone(),
            range,
        }
    }

    /// Saves the current choices under `name` (replacing a view of that name).
    pub(crate) fn save_view(&mut self, name: &str) {
        let view = self.current_view(name);
        if view.name.is_empty() {
            return;
        }
        match self.views.iter_mut().find(|v| v.name == view.name) {
            Some(existing) => *existing = view,
            None => self.views.push(view),
        }
    }

    /// Applies a view's columns, filter and range; true when its resource differs (the caller
    /// loads that resource's stored rows).
    pub(crate) fn open_view(&mut self, view: &SavedView) -> bool {
        let other_resource = view.resource != self.resource;
        self.resource = view.resource;
        self.columns
            .insert(view.resource.name().to_string(), view.columns.clone());
        match &view.range {
            ViewRange::Quick(q) => q.apply(self),
            ViewRange::Days { from, to } => {
                if let (Ok(f), Ok(t)) = (from.parse(), to.parse()) {
                    self.from = to_jiff(f);
                    self.to = to_jiff(t);
                    self.quick = None;
                }
            }
        }
        self.filter = view.filter.clone();
        if other_resource {
            self.as_of = None;
            self.fetch.drop_value();
            self.reset_model(Vec::new());
        } else {
            self.model.set_columns(view.columns.clone());
            self.model.set_filter(&view.filter);
            self.apply_range();
        }
        other_resource
    }
}

/// The "Views" menu: open a saved view, save the current one, remove one.
pub(super) fn views_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut Ui) {
    let mut open = None;
    let mut remove = None;
    ui.menu_button(t("browse.views"), |ui| {
        if b.views.is_empty() {
            ui.label(t("browse.views_none"));
        }
        for (i, view) in b.views.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .button(tf("browse.view_open", &[("name", &view.name)]))
                    .clicked()
                {
                    open = Some(view.clone());
                    ui.close();
                }
                if ui
                    .small_button(tf("browse.view_remove", &[("name", &view.name)]))
                    .clicked()
                {
                    remove = Some(i);
                }
            });
        }
    });
    let label = ui.label(t("browse.view_name"));
    ui.add(egui::TextEdit::singleline(&mut b.view_name).desired_width(140.0))
        .labelled_by(label.id);
    let name = b.view_name.trim().to_string();
    if ui
        .add_enabled(!name.is_empty(), egui::Button::new(t("browse.view_save")))
        .clicked()
    {
        b.save_view(&name);
        b.view_name.clear();
    }
    if let Some(i) = remove
        && i < b.views.len()
    {
        b.views.remove(i);
    }
    if let Some(view) = open
        && b.open_view(&view)
    {
        let req = cx.next_req();
        b.load_stored(cx, req);
    }
}

//! The change browser: pick a resource and a date range, fetch, then sort, filter, select, chart,
//! inspect, fetch related records and export.

mod controls;
mod detail;
mod events;
mod export_bar;
mod fetch;
mod names_retry;
mod range;
mod rows;
mod table;
mod versions;
mod views;

use crate::record::TableModel;
use crate::resource::Resource;
use crate::ui::Ctx;
use crate::worker::{Command, FetchRange, FetchSummary, RequestId};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::clock::Clock;
use crate::ui::Remote;
pub use detail::related_cost;
pub use events::BrowseEvent;
pub use range::{QuickRange, to_chrono, to_jiff};
pub use table::table_ui;
pub use views::{SavedView, ViewRange};

/// The most requests a fetch may have in flight at once (Settings offers 1 to this).
pub(crate) const MAX_PARALLEL: usize = 3;

/// What the browser remembers across restarts: resource and column choices per resource.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct BrowsePersisted {
    /// The resource shown last; `None`: the default one.
    pub resource: Option<Resource>,
    /// Chosen columns per resource name.
    pub columns: BTreeMap<String, Vec<String>>,
    /// Warn when a fetch would use more than this share (percent) of the requests left.
    pub warn_share_percent: Option<u32>,
    /// Requests a fetch may have in flight at once (1–3); `None`: the default, 3.
    #[serde(default)]
    pub parallel: Option<usize>,
    /// Saved views, in the order saved.
    #[serde(default)]
    pub views: Vec<SavedView>,
}

/// A fetch waiting for the user to confirm its cost.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingFetch {
    /// The `Estimate` request whose answer fills in the cost.
    pub req: RequestId,
    /// The range the fetch would cover.
    pub range: FetchRange,
    /// The requests the fetch would make; `None` until estimated.
    pub requests: Option<u64>,
    /// The records expected; `None` until estimated.
    pub records: Option<u64>,
}

/// The state of the change browser.
pub struct BrowseState {
    /// What "today" and "now" are (the app's clock; fixed in tests).
    clock: Clock,
    /// The resource shown.
    pub resource: Resource,
    /// The first day of the range (inclusive).
    pub from: jiff::civil::Date,
    /// The last day of the range (inclusive, as the planner picks it).
    pub to: jiff::civil::Date,
    /// The quick filter typed above the table (for the resource shown).
    pub filter: String,
    /// The filters typed for the other resources, restored when one is chosen again.
    pub filters: std::collections::HashMap<Resource, String>,
    /// The rows shown, with their sort and filter.
    pub model: TableModel,
    /// Selected rows (indices into the model's records; stable across sort and filter).
    pub selected: HashSet<usize>,
    /// The row a shift-click extends from.
    anchor: Option<usize>,
    /// The row shown in the detail pane.
    pub focus: Option<usize>,
    /// Chosen columns per resource name.
    pub columns: BTreeMap<String, Vec<String>>,
    /// Warn when a fetch would use more than this share (percent) of the requests left.
    pub warn_share_percent: u32,
    /// Requests a fetch may have in flight at once (1–3, Settings).
    pub parallel: usize,
    /// When the shown resource was last synced; `None` if never.
    pub as_of: Option<DateTime<Utc>>,
    /// Loading the stored rows (the table itself is `model`).
    pub load: Remote<()>,
    /// A fetch waiting for the planner to confirm its cost; `None` when none waits.
    pub estimate: Option<PendingFetch>,
    /// The fetch under way (its rows arrive under its request), then how it ended.
    pub fetch: Remote<FetchSummary>,
    /// Related records of the selection (resource, table).
    pub related: Remote<(Resource, TableModel)>,
    /// The format the next export writes.
    pub export_format: crate::export::ExportFormat,
    /// The last export: where, and how many rows (`None`: the save dialog was cancelled).
    pub exported: Remote<Option<(PathBuf, usize)>>,
    /// Ids the last export wrote without their name (Coachview could not be asked).
    pub export_unnamed: usize,
    /// The typed path offered when no save dialog could be shown, and the last export folder.
    pub export_path: crate::ui::path_prompt::PathPrompt,
    /// The file name the last export proposed.
    export_name: String,
    export_only_selection: bool,
    /// CSV exports write `52,5` instead of `52.5`.
    pub decimal_comma: bool,
    /// Exports carry field paths, not labels, in their header row.
    pub export_field_paths: bool,
    show_columns: bool,
    /// Scroll the table to this visible position on the next frame (keyboard moves).
    scroll_to: Option<usize>,
    /// True once a connection is shown (its stored rows can be loaded, before connecting too;
    /// the worker knows its folder).
    pub connection_shown: bool,
    /// The row of each id in the table (to replace a record that changed again in place).
    ids: std::collections::HashMap<Box<str>, usize>,
    /// The column chooser's choices for a table of this many rows.
    column_cache: Option<(usize, Vec<String>)>,
    /// Load the stored rows on the next frame (once no fetch runs): the range grew beyond the
    /// days loaded.
    pub reload_pending: bool,
    /// The days whose stored rows were asked for last (rows of other days are not loaded).
    loaded_days: Option<(NaiveDate, NaiveDate)>,
    /// The load whose pages are arriving (its first page replaced the rows).
    filling: Option<RequestId>,
    /// The selection to keep (by id) while a load's pages arrive.
    keep: Option<rows::Keep>,
    /// The earlier versions of the record in the detail pane: (id, versions newest first).
    pub versions: Remote<(String, Vec<crate::store::StoredVersion>)>,
    /// The record whose versions were last asked for (asked once).
    versions_of: Option<String>,
    /// Which change the detail pane shows: 0 = the last one, 1 = the one before, …
    version_step: usize,
    /// Saved views.
    pub views: Vec<SavedView>,
    /// The name typed for a new view.
    pub view_name: String,
    /// The quick range last chosen (a view reopens it relative to that day).
    quick: Option<QuickRange>,
    /// Related records waiting for the user to confirm their cost: (resource, field, ids,
    /// estimated requests).
    pub related_ask: Option<(Resource, String, Vec<String>, u64)>,
    /// Look for bare ids to name (after the rows were loaded).
    pub names_check: bool,
    /// The names request in flight.
    pub names: Remote<()>,
    /// Ids already asked for (never asked twice in a session).
    pub names_tried: HashSet<String>,
    /// The rows in view that names were last looked up for.
    names_view: rows::NamesView,
    /// Ids whose names could not be resolved, and when they are asked again.
    pub names_retry: names_retry::NamesRetry,
    /// How often the stored rows were (re)loaded.
    pub loads: u64,
}

impl BrowseState {
    /// A fresh browser with the remembered choices, on the computer's clock.
    pub fn new(p: &BrowsePersisted) -> BrowseState {
        BrowseState::with_clock(p, Clock::system())
    }

    /// A fresh browser with the remembered choices; `clock` says what "today" is.
    pub(crate) fn with_clock(p: &BrowsePersisted, clock: Clock) -> BrowseState {
        let resource = p.resource.unwrap_or(Resource::Aanvragen);
        let today = clock.today();
        let mut state = BrowseState {
            clock,
            resource,
            from: to_jiff(today - chrono::Duration::days(7)),
            to: to_jiff(today),
            filter: String::new(),
            filters: Default::default(),
            model: TableModel::new(Vec::new(), Vec::new()),
            selected: HashSet::new(),
            anchor: None,
            focus: None,
            columns: p.columns.clone(),
            warn_share_percent: p.warn_share_percent.unwrap_or(10),
            parallel: p
                .parallel
                .unwrap_or(crate::sync::SyncOptions::default().parallel)
                .clamp(1, MAX_PARALLEL),
            as_of: None,
            load: Remote::Idle,
            estimate: None,
            fetch: Remote::Idle,
            related: Remote::Idle,
            export_format: crate::export::ExportFormat::Csv,
            exported: Remote::Idle,
            export_unnamed: 0,
            export_path: Default::default(),
            export_name: String::new(),
            export_only_selection: true,
            decimal_comma: false,
            export_field_paths: false,
            show_columns: false,
            ids: Default::default(),
            column_cache: None,
            connection_shown: false,
            scroll_to: None,
            reload_pending: false,
            loaded_days: None,
            filling: None,
            keep: None,
            versions: Remote::Idle,
            versions_of: None,
            version_step: 0,
            views: p.views.clone(),
            view_name: String::new(),
            quick: None,
            related_ask: None,
            names_check: false,
            names: Remote::Idle,
            names_tried: HashSet::new(),
            names_view: rows::NamesView::default(),
            names_retry: names_retry::NamesRetry::default(),
            loads: 0,
        };
        state.reset_model(Vec::new());
        state
    }

    /// The planner switched to another connection: everything shown from the previous one goes (rows, fetch and its summary, related records, versions, names,
    /// an estimate waiting); the planner's own choices stay (resource, range, filter, columns,
    /// views, export options). The caller loads the new connection's stored rows.
    pub(crate) fn switch_connection(&mut self) {
        let fresh = BrowseState::with_clock(&self.persisted(), self.clock.clone());
        let old = std::mem::replace(self, fresh);
        self.from = old.from;
        self.to = old.to;
        self.quick = old.quick;
        self.filter = old.filter;
        self.filters = old.filters;
        self.export_format = old.export_format;
        self.export_only_selection = old.export_only_selection;
        self.decimal_comma = old.decimal_comma;
        self.export_field_paths = old.export_field_paths;
        self.show_columns = old.show_columns;
        self.connection_shown = true;
        self.reset_model(Vec::new());
    }

    /// What to persist.
    pub fn persisted(&self) -> BrowsePersisted {
        BrowsePersisted {
            resource: Some(self.resource),
            columns: self.columns.clone(),
            warn_share_percent: Some(self.warn_share_percent),
            parallel: Some(self.parallel),
            views: self.views.clone(),
        }
    }

    /// The columns shown for the current resource.
    pub(crate) fn current_columns(&self, records: &[Value]) -> Vec<String> {
        self.columns
            .get(self.resource.name())
            .cloned()
            .unwrap_or_else(|| default_columns(self.resource, records))
    }

    fn reset_model(&mut self, records: Vec<Value>) {
        let columns = self.current_columns(&records);
        self.ids = records
            .iter()
            .enumerate()
            .filter_map(|(row, r)| Some((record_id(r)?.into(), row)))
            .collect();
        self.column_cache = None;
        self.model = TableModel::new(records, columns);
        self.model.set_filter(&self.filter);
        self.model.filter_range(Some(self.range_days()));
        self.selected.clear();
        self.anchor = None;
        self.focus = None;
        self.related.drop_value();
    }

    /// The range as whole local days [from, to + 1 day).
    pub(crate) fn range(&self) -> FetchRange {
        let from = to_chrono(self.from);
        let to = to_chrono(self.to).succ_opt().unwrap_or(to_chrono(self.to));
        FetchRange::Days { from, to }
    }

    /// The chosen days, inclusive.
    pub(crate) fn range_days(&self) -> (NaiveDate, NaiveDate) {
        (to_chrono(self.from), to_chrono(self.to))
    }

    /// Loads the stored rows of the current resource changed within the chosen days from the
    /// connection's store: offline, before (and without) any network call. Rows of other days
    /// stay in the store (only counted); nothing is worded on the way (cells are worded when
    /// drawn, so a language switch loads nothing).
    pub(crate) fn load_stored(&mut self, cx: &Ctx, req: RequestId) {
        if !self.connection_shown {
            return;
        }
        self.load.start(req);
        self.loads += 1;
        let days = self.range_days();
        self.loaded_days = Some(days);
        cx.send(Command::LoadStored {
            req,
            resource: self.resource,
            days: Some(days),
        });
    }

    /// The file of the last finished export and its row count (none while exporting, or when
    /// the save dialog was cancelled).
    pub fn exported_file(&self) -> Option<&(PathBuf, usize)> {
        self.exported.ready().and_then(Option::as_ref)
    }

    /// Up to `n` records from the start of the table (for column defaults).
    pub(crate) fn sample(&self, n: usize) -> Vec<Value> {
        (0..self.model.len().min(n))
            .filter_map(|r| self.model.record(r))
            .collect()
    }

    /// Every column seen in (a sample of) the rows, for the column chooser; cached.
    pub(crate) fn column_choices(&mut self) -> Vec<String> {
        if let Some((len, columns)) = &self.column_cache
            && *len == self.model.len()
        {
            return columns.clone();
        }
        let columns = crate::record::all_columns(&self.sample(2_000));
        self.column_cache = Some((self.model.len(), columns.clone()));
        columns
    }
}

/// The browser's default columns: the resource's defaults and what changed.
pub fn default_columns(resource: Resource, records: &[Value]) -> Vec<String> {
    let mut columns = crate::record::default_columns_for(resource, records);
    columns.push(crate::record::changes::CHANGES_COLUMN.to_string());
    columns
}

pub(super) fn record_id(record: &Value) -> Option<String> {
    record.get("id").and_then(Value::as_str).map(str::to_string)
}

/// Draws the change browser.
pub(crate) fn browse_ui(b: &mut BrowseState, cx: &mut Ctx, ui: &mut egui::Ui) {
    rows::background_requests(b, cx);
    if let Some(wait) = b.names_retry.wait(b.clock.instant()) {
        // Wake up when failed names are due again.
        ui.ctx().request_repaint_after(wait);
    }
    b.apply_range();
    controls::controls_ui(b, cx, ui);
    b.apply_range();
    ui.separator();
    egui::Panel::bottom("browse-lower")
        .resizable(true)
        .default_size(180.0)
        .show(ui, |ui| detail::lower_ui(b, cx, ui));
    egui::Panel::right("browse-detail")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| detail::detail_ui(b, cx, ui));
    egui::CentralPanel::default().show(ui, |ui| table::table_ui(b, ui));
}

#[cfg(test)]
mod load_tests;

//! How the browser's rows change: fetched rows merged in place as they are stored, stored rows
//! of the range (with what changed and the names known) taken page by page with the selection
//! kept by id, and the follow-up requests (a load when the range grows, names for bare ids;
//! names arrive in place).

use super::{BrowseState, record_id};
use crate::record::TableModel;
use crate::resource::Resource;
use crate::ui::Ctx;
use crate::worker::Command;
use serde_json::Value;
use std::collections::HashSet;

/// Just the id of a record (the rest of the text is skipped, not built).
#[derive(serde::Deserialize)]
struct IdOnly {
    #[serde(default)]
    id: Option<Value>,
}

/// The selection, focus and anchor kept by id while a load's pages replace the rows.
#[derive(Debug, Default)]
pub(super) struct Keep {
    focused: Option<String>,
    anchored: Option<String>,
    selected: HashSet<String>,
}

fn id_of_text(text: &str) -> Option<String> {
    match serde_json::from_str::<IdOnly>(text).ok()?.id {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

impl BrowseState {
    /// Adds fetched rows as they were stored (annotated like stored rows): a record not shown
    /// yet is appended, a newer version of a shown one replaces it in place (same row: the
    /// selection and focus stay). The rest of the table is left as it is: no reload.
    pub(super) fn merge_rows(&mut self, records: Vec<Value>) {
        let mut replace = Vec::new();
        let mut append = Vec::new();
        for record in records {
            match record_id(&record).and_then(|id| self.ids.get(id.as_str()).copied()) {
                Some(row) => replace.push((row, record)),
                None => append.push(record),
            }
        }
        if !replace.is_empty() {
            self.model.replace_rows(replace);
            // The focused record may have a new version now: ask again.
            self.versions.clear();
            self.versions_of = None;
        }
        if !append.is_empty() {
            let start = self.model.len();
            for (i, record) in append.iter().enumerate() {
                if let Some(id) = record_id(record) {
                    self.ids.insert(id.into(), start + i);
                }
            }
            self.model.append(append);
        }
        self.column_cache = None;
    }

    /// Takes a page of stored rows (JSON text) of load `req`: the first page replaces the rows
    /// (keeping the sort, and the selection and focus by id), later ones are appended. A record
    /// already in the table (a fetch's row that came meanwhile, as new or newer) is not added
    /// twice.
    pub(super) fn stored_page(
        &mut self,
        req: crate::worker::RequestId,
        texts: Vec<String>,
        within: usize,
        done: bool,
    ) {
        if self.filling != Some(req) {
            self.filling = Some(req);
            self.begin_rows(&texts);
            // Room for every row of the range at once: no vector doubles (and copies) per page.
            self.model.reserve(within);
            self.ids.reserve(within);
        }
        let start = self.model.len();
        let first = start == 0 && !texts.is_empty();
        let texts: Vec<String> = if self.ids.is_empty() {
            texts
        } else {
            texts
                .into_iter()
                .filter(|t| id_of_text(t).is_none_or(|id| !self.ids.contains_key(id.as_str())))
                .collect()
        };
        self.model.append_json(texts);
        self.index_rows(start);
        if first {
            tracing::info!(
                "browse: first {} stored rows in the table",
                self.model.len()
            );
        }
        if done {
            self.filling = None;
            self.keep = None;
            tracing::info!("browse: all {} stored rows in the table", self.model.len());
        }
    }

    /// Empties the table for a load's pages, keeping sort, columns and what to select again.
    fn begin_rows(&mut self, first_page: &[String]) {
        let id_of = |row: usize| id_of_text(&self.model.record_text(row)?);
        let keep = Keep {
            focused: self.focus.and_then(id_of),
            anchored: self.anchor.and_then(id_of),
            selected: self.selected.iter().filter_map(|&r| id_of(r)).collect(),
        };
        let sample: Vec<Value> = first_page
            .iter()
            .take(100)
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect();
        let columns = self.current_columns(&sample);
        let sort = self.model.sort_state();
        self.column_cache = None;
        self.model = TableModel::empty(columns);
        self.model.filter_range(Some(self.range_days()));
        if let Some((column, ascending)) = sort {
            self.model.sort_by(column, ascending);
        }
        self.model.set_filter(&self.filter);
        self.ids.clear();
        self.selected.clear();
        self.focus = None;
        self.anchor = None;
        self.keep = Some(keep);
        if self.fetch.is_loading() {
            // Rows of the running fetch that came before this page are gone from the table:
            // load once more when it ends.
            self.reload_pending = true;
        }
        self.related.drop_value();
        self.names_check = true;
        // The focused record may have a new version now: ask again.
        self.versions.clear();
        self.versions_of = None;
    }

    /// Notes the ids of the rows from `start` on, and selects (and focuses) again the kept
    /// records among them.
    fn index_rows(&mut self, start: usize) {
        let keeping = self
            .keep
            .as_ref()
            .is_some_and(|k| k.focused.is_some() || k.anchored.is_some() || !k.selected.is_empty());
        let mut shown = vec![false; if keeping { self.model.len() } else { 0 }];
        if keeping {
            for &row in self.model.visible() {
                shown[row] = true;
            }
        }
        for row in start..self.model.len() {
            let Some(id) = self.model.record_text(row).and_then(|t| id_of_text(&t)) else {
                continue;
            };
            self.ids.insert(id.as_str().into(), row);
            let Some(keep) = self.keep.as_ref().filter(|_| keeping) else {
                continue;
            };
            if !shown.get(row).copied().unwrap_or(false) {
                continue;
            }
            let id = &id;
            if keep.focused.as_ref() == Some(id) {
                self.focus = Some(row);
            }
            if keep.anchored.as_ref() == Some(id) {
                self.anchor = Some(row);
            }
            if keep.selected.contains(id) {
                self.selected.insert(row);
            }
        }
    }

    /// The model rows whose names are wanted now: the rows the table drew last frame plus
    /// [`NAMES_MARGIN`] on each side (the first rows before the table was drawn).
    pub(crate) fn names_window(&self) -> Vec<usize> {
        let visible = self.model.visible();
        let (first, last) = self.names_view.drawn.unwrap_or((0, NAMES_MARGIN));
        let from = first.saturating_sub(NAMES_MARGIN).min(visible.len());
        let to = last
            .saturating_add(NAMES_MARGIN + 1)
            .min(visible.len())
            .max(from);
        visible[from..to].to_vec()
    }

    /// Bare ids in the shown id columns of `rows` (at most `max`, none asked before), grouped
    /// per resource; they are remembered as asked, so no id is asked twice in a session.
    pub(crate) fn unnamed_ids(
        &mut self,
        rows: &[usize],
        max: usize,
    ) -> Vec<(Resource, Vec<String>)> {
        let shown: Vec<String> = self.model.columns().to_vec();
        let mut out: Vec<(Resource, Vec<String>)> = Vec::new();
        let mut count = 0;
        for &row in rows {
            if count >= max {
                break;
            }
            let Some(record) = self.model.record(row) else {
                continue;
            };
            let named = record
                .get(crate::record::changes::OWN_KEY)
                .and_then(|own| own.get("namen"));
            for (field, resource, id) in crate::record::names::ids_in(&record) {
                let is_shown = shown.iter().any(|c| c.eq_ignore_ascii_case(field));
                let has_name = named.is_some_and(|n| n.get(field).is_some());
                if !is_shown || has_name || self.names_tried.contains(&id) || count >= max {
                    continue;
                }
                self.names_tried.insert(id.clone());
                count += 1;
                match out.iter_mut().find(|(r, _)| *r == resource) {
                    Some((_, ids)) => ids.push(id),
                    None => out.push((resource, vec![id])),
                }
            }
        }
        out
    }
}

/// Rows beyond those drawn (above and below) whose names are asked with them.
pub(super) const NAMES_MARGIN: usize = 20;

/// At most this many ids per names job (the worker caps a job at 400 too).
const NAMES_PER_JOB: usize = 400;

/// Which rows names were last looked up for ("visible rows first").
#[derive(Debug, Default)]
pub(super) struct NamesView {
    /// The first and last visible position the table drew last frame.
    pub drawn: Option<(usize, usize)>,
    /// The model rows last looked at; a scroll, sort or filter changes them.
    checked: Vec<usize>,
}

/// Sends what the rows need next: names for bare ids in the rows in view (after a load, a
/// scroll, a sort or a filter, or when failed ones are due again) while a connection is up, and
/// a load of the stored rows when the range grew beyond the days loaded. A language switch
/// sends nothing (cells are worded when drawn); fetched rows and names arrive in place.
pub(super) fn background_requests(b: &mut BrowseState, cx: &mut Ctx) {
    let connected = cx.connected();
    let now = b.clock.instant();
    b.names_due(connected, now);
    if connected && !b.names.is_loading() && !b.load.is_loading() && !b.names_retry.held() {
        // Only the rows in view (and a margin) are looked at, so a large table costs no more.
        let window = b.names_window();
        if !b.names_check && window == b.names_view.checked {
            return background_reload(b, cx);
        }
        b.names_check = false;
        let targets = b.unnamed_ids(&window, NAMES_PER_JOB);
        b.names_view.checked = window;
        if !targets.is_empty() {
            let req = cx.next_req();
            b.names.start(req);
            cx.send(Command::ResolveNames { req, targets });
        }
    }
    background_reload(b, cx);
}

/// Loads the stored rows of the range asked once no fetch runs.
fn background_reload(b: &mut BrowseState, cx: &mut Ctx) {
    if b.reload_pending && !b.fetch.is_loading() {
        b.reload_pending = false;
        let req = cx.next_req();
        b.load_stored(cx, req);
    }
}

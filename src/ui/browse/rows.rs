//! How the browser's rows change: fetched rows merged in, stored rows (with their change
//! summaries and names) reloaded with the selection kept by id, and the follow-up requests
//! (reload after a fetch, names for bare ids; names arrive in place).

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

impl BrowseState {
    /// Adds fetched rows; a record already shown (same id) is replaced by the newer version.
    pub(super) fn merge_rows(&mut self, records: Vec<Value>) {
        let incoming: Vec<String> = records.iter().filter_map(record_id).collect();
        if !incoming.iter().any(|id| self.ids.contains(id)) {
            self.ids.extend(incoming);
            self.row_ids.extend(records.iter().map(record_id));
            self.model.append(records);
            self.column_cache = None;
            return;
        }
        // A newer version of a shown record: rebuild without the old versions.
        let focused = self
            .focus
            .and_then(|r| self.model.record(r))
            .and_then(|r| record_id(&r));
        let replaced: HashSet<&String> = incoming.iter().collect();
        let mut all: Vec<Value> = (0..self.model.len())
            .filter_map(|r| self.model.record(r))
            .filter(|r| record_id(r).is_none_or(|id| !replaced.contains(&id)))
            .collect();
        all.extend(records);
        let sort = self.model.sort_state();
        let columns = self.model.columns().to_vec();
        self.ids = all.iter().filter_map(record_id).collect();
        self.row_ids = all.iter().map(record_id).collect();
        let focus = focused.and_then(|id| {
            all.iter()
                .position(|r| record_id(r).is_some_and(|i| i == id))
        });
        self.model = TableModel::new(all, columns);
        self.model.filter_range(Some(self.range_days()));
        if let Some((column, ascending)) = sort {
            self.model.sort_by(column, ascending);
        }
        self.model.set_filter(&self.filter);
        self.selected.clear();
        // The focused record stays focused (in its newer version).
        self.focus = focus;
        self.selected.extend(focus);
        self.anchor = focus;
        self.column_cache = None;
    }

    /// Replaces the rows with stored ones (JSON text), keeping the sort and the focused record.
    pub(super) fn reset_json(&mut self, texts: Vec<String>) {
        let id_of = |row: usize| self.row_ids.get(row).cloned().flatten();
        let focused = self.focus.and_then(id_of);
        let anchored = self.anchor.and_then(id_of);
        let selected: HashSet<String> = self.selected.iter().filter_map(|&r| id_of(r)).collect();
        let sample: Vec<Value> = texts
            .iter()
            .take(100)
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect();
        let columns = self.current_columns(&sample);
        let sort = self.model.sort_state();
        self.column_cache = None;
        // Only the id is read here (cheap); the model parses each text once more.
        let row_ids: Vec<Option<String>> = texts
            .iter()
            .filter_map(|t| serde_json::from_str::<IdOnly>(t).ok())
            .map(|r| match r.id {
                Some(Value::String(s)) => Some(s),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
            .collect();
        self.model = TableModel::empty(columns);
        self.model.append_json(texts);
        self.ids = row_ids.iter().flatten().cloned().collect();
        self.model.filter_range(Some(self.range_days()));
        if let Some((column, ascending)) = sort {
            self.model.sort_by(column, ascending);
        }
        self.model.set_filter(&self.filter);
        // The same records stay selected and focused.
        let shown: HashSet<usize> = self.model.visible().iter().copied().collect();
        let mut focus = None;
        let mut anchor = None;
        self.selected.clear();
        for (row, id) in row_ids.iter().enumerate() {
            let Some(id) = id else { continue };
            if focused.as_ref() == Some(id) {
                focus = Some(row);
            }
            if anchored.as_ref() == Some(id) {
                anchor = Some(row);
            }
            if selected.contains(id) && shown.contains(&row) {
                self.selected.insert(row);
            }
        }
        self.focus = focus.filter(|f| shown.contains(f));
        self.anchor = anchor.filter(|a| shown.contains(a));
        self.row_ids = row_ids;
        self.related.drop_value();
        self.names_check = true;
        // The focused record may have a new version now: ask again.
        self.versions.clear();
        self.versions_of = None;
    }

    /// The model rows whose names are wanted now: the rows the table drew last frame plus
    /// [`NAMES_MARGIN`] on each side (the first rows before the table was drawn).
    pub fn names_window(&self) -> Vec<usize> {
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
    pub fn unnamed_ids(&mut self, rows: &[usize], max: usize) -> Vec<(Resource, Vec<String>)> {
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
/// a reload of the stored rows after a fetch (names arrive in place, without one).
pub(super) fn background_requests(b: &mut BrowseState, cx: &mut Ctx) {
    // The "Changed fields" texts follow a language switch: the stored rows are worded again.
    let lang = crate::i18n::current();
    if b.rows_lang.is_some_and(|l| l != lang) {
        b.rows_lang = Some(lang);
        b.reload_pending = true;
    }
    let connected = cx.connected();
    b.names_due(connected, std::time::Instant::now());
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

/// Reloads the stored rows after a fetch once no fetch runs.
fn background_reload(b: &mut BrowseState, cx: &mut Ctx) {
    if b.reload_pending && !b.fetch.is_loading() {
        b.reload_pending = false;
        let req = cx.next_req();
        b.load_stored(cx, req);
    }
}

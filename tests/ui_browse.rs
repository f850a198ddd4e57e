//! The change browser driven through egui_kittest against the in-process simulator: fetch a
//! range (row count equals the simulator's), sort, filter, select, related records, cancel
//! mid-fetch, and a 500 during a fetch — rows that arrived are kept. One test per feature.

mod common;

use chrono::{Datelike, Duration, NaiveTime};
use coachdesk::app::{CoachApp, ConnState};
use coachdesk::i18n::{Lang, text};
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::collections::HashSet;

const LANG: Lang = Lang::En;

/// The app connected to a simulator; both clocks start at [`fixed_now`].
fn connected(sim_cfg: SimConfig) -> (SimHandle, TempHome, Harness<'static, CoachApp>) {
    let sim = Simulator::spawn(at_fixed_now(sim_cfg)).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let mut h = app_with_clock(
        &home,
        small_sim(),
        &[(&profile.key(), "demo")],
        LANG,
        fixed_clock(),
    );
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    (sim, home, h)
}

/// Clicks Fetch (confirming a cost warning) and waits for the end of the fetch.
fn fetch(h: &mut Harness<'_, CoachApp>) {
    fetch_started(h);
    wait_until(h, "fetch done", |a| a.browse.fetch.ready().is_some());
    // The table then shows the stored rows again, with what changed.
    wait_until(h, "stored rows reloaded", |a| {
        !a.browse.reload_pending && !a.browse.load.is_loading()
    });
    // Names for bare ids are looked up next, and the rows shown again with them (a reload
    // later would reset what a test selects).
    wait_until(h, "names looked up", |a| {
        !a.browse.names_check
            && !a.browse.names.is_loading()
            && !a.browse.reload_pending
            && !a.browse.load.is_loading()
    });
}

/// Clicks the table cell showing `label` (not another widget with the same text).
fn click_cell(h: &Harness<'_, CoachApp>, label: &str, modifiers: egui::Modifiers) {
    let node = h
        .get_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Label)
        .expect("a table cell with that text");
    node.click_modifiers(modifiers);
}

fn ids(h: &Harness<'_, CoachApp>, rows: &[usize]) -> Vec<String> {
    rows.iter()
        .filter_map(|&r| h.state().browse.model.record(r))
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// This month's Aanvragen of a 1,500-scale simulator, fetched through the UI.
fn this_month_fetched() -> (SimHandle, TempHome, Harness<'static, CoachApp>) {
    let (sim, home, mut h) = connected(SimConfig {
        scale: 1_500,
        ..SimConfig::default()
    });
    h.get_by_label(text(LANG, "browse.this_month")).click();
    h.step();
    fetch(&mut h);
    (sim, home, h)
}

#[test]
fn a_month_fetched_holds_exactly_the_simulators_changes() {
    let (sim, _home, h) = this_month_fetched();
    let summary = h.state().browse.fetch.ready().cloned().unwrap();
    assert!(summary.complete, "{summary:?}");
    let today = fixed_now().date();
    let from = today.with_day0(0).unwrap().and_time(NaiveTime::MIN);
    let to = (today + Duration::days(1)).and_time(NaiveTime::MIN);
    let expected: HashSet<String> = sim
        .changed_between(Resource::Aanvragen, from, to)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert!(!expected.is_empty());
    let shown: HashSet<String> = ids(&h, h.state().browse.model.visible())
        .into_iter()
        .collect();
    assert_eq!(
        shown, expected,
        "the table holds exactly the simulator's changes in the range"
    );
    h.check_accessibility();
    sim.shutdown();
}

/// The nummers of the visible rows, in table order.
fn nummers(h: &Harness<'_, CoachApp>) -> Vec<i64> {
    h.state()
        .browse
        .model
        .visible()
        .iter()
        .map(|&r| {
            h.state().browse.model.record(r).unwrap()["nummer"]
                .as_i64()
                .unwrap()
        })
        .collect()
}

/// Sorts by nummer, descending (two clicks on the header).
fn sort_descending(h: &mut Harness<'_, CoachApp>) {
    h.get_by_label(text(LANG, "field.nummer")).click();
    h.step();
    h.step();
    h.get_by_label(&format!("{} ^", text(LANG, "field.nummer")))
        .click();
    h.run_steps(3);
}

#[test]
fn a_header_click_sorts_ascending_then_descending() {
    let (sim, _home, mut h) = this_month_fetched();
    h.get_by_label(text(LANG, "field.nummer")).click();
    h.step();
    h.step();
    let asc = nummers(&h);
    assert!(asc.len() > 2);
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "ascending: {asc:?}");
    h.get_by_label(&format!("{} ^", text(LANG, "field.nummer")))
        .click();
    h.step();
    let desc = nummers(&h);
    assert!(
        desc.windows(2).all(|w| w[0] >= w[1]),
        "descending: {desc:?}"
    );
    sim.shutdown();
}

#[test]
fn the_filter_keeps_the_rows_matching_what_is_typed() {
    let (sim, _home, mut h) = this_month_fetched();
    sort_descending(&mut h);
    let all = nummers(&h);
    let target = all[all.len() / 2].to_string();
    h.get_by_label(text(LANG, "browse.filter")).click();
    h.step();
    h.get_by_label(text(LANG, "browse.filter"))
        .type_text(&target);
    h.step();
    h.step();
    assert_eq!(
        h.state().browse.filter,
        target,
        "typed into the filter field"
    );
    let visible = h.state().browse.model.visible().to_vec();
    assert!(!visible.is_empty());
    for &r in &visible {
        let record = h.state().browse.model.record(r).unwrap().to_string();
        assert!(record.contains(&target));
    }
    assert!(visible.len() < all.len());
    sim.shutdown();
}

/// Click the first row, ctrl-click the third, click the first, shift-click the third; returns
/// the number selected after each of the first two steps.
fn select_first_three(h: &mut Harness<'_, CoachApp>) -> (usize, usize) {
    let first = h.state().browse.model.visible()[0];
    let first_text = h.state().browse.model.cell(first, 0).display(false);
    click_cell(h, &first_text, egui::Modifiers::NONE);
    h.step();
    let after_click = h.state().browse.selected.len();
    let third = h.state().browse.model.visible()[2];
    let third_text = h.state().browse.model.cell(third, 0).display(false);
    click_cell(h, &third_text, egui::Modifiers::COMMAND);
    h.step();
    let after_ctrl = h.state().browse.selected.len();
    click_cell(h, &first_text, egui::Modifiers::NONE);
    h.step();
    click_cell(h, &third_text, egui::Modifiers::SHIFT);
    h.step();
    (after_click, after_ctrl)
}

#[test]
fn click_ctrl_click_and_shift_click_select_rows() {
    let (sim, _home, mut h) = this_month_fetched();
    sort_descending(&mut h);
    let (after_click, after_ctrl) = select_first_three(&mut h);
    assert_eq!(after_click, 1, "a click selects one row");
    assert_eq!(after_ctrl, 2, "ctrl-click adds a row");
    assert_eq!(
        h.state().browse.selected.len(),
        3,
        "shift-click selects the range"
    );
    sim.shutdown();
}

#[test]
fn related_lines_of_the_selection_are_exactly_the_simulators() {
    let (sim, _home, mut h) = this_month_fetched();
    sort_descending(&mut h);
    select_first_three(&mut h);
    // Related: Orderverkoopregels of the selected Aanvragen, by one multi-id filter.
    let selected: HashSet<String> = ids(
        &h,
        &h.state()
            .browse
            .selected
            .iter()
            .copied()
            .collect::<Vec<_>>(),
    )
    .into_iter()
    .collect();
    assert_eq!(selected.len(), 3);
    let expected_lines: HashSet<String> = sim
        .all(Resource::Orderverkoopregels)
        .into_iter()
        .filter(|r| {
            r["aanvraagId"]
                .as_str()
                .is_some_and(|a| selected.contains(a))
        })
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    h.get_by_label_contains("Orderverkoopregels").click();
    wait_until(&mut h, "related", |a| a.browse.related.ready().is_some());
    let (resource, model) = h.state().browse.related.ready().unwrap();
    assert_eq!(*resource, Resource::Orderverkoopregels);
    let got: HashSet<String> = (0..model.len())
        .map(|r| model.record(r).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, expected_lines);
    sim.shutdown();
}

/// A year of changes from a slow simulator, fetched until the first rows have arrived.
fn slow_fetch_under_way() -> (SimHandle, TempHome, Harness<'static, CoachApp>) {
    let (sim, home, mut h) = connected(SimConfig {
        scale: 3_000,
        latency_ms: 60,
        ..SimConfig::default()
    });
    let today = fixed_now().date();
    h.state_mut().browse.from = coachdesk::ui::browse::to_jiff(today - Duration::days(365));
    h.state_mut().browse.to = coachdesk::ui::browse::to_jiff(today);
    fetch_started(&mut h);
    wait_until(&mut h, "first rows", |a| !a.browse.model.is_empty());
    (sim, home, h)
}

/// Clicks Fetch and confirms a cost warning if one appears.
fn fetch_started(h: &mut Harness<'_, CoachApp>) {
    h.get_by_label(text(LANG, "browse.fetch")).click();
    wait_until(h, "estimate or fetch", |a| {
        a.browse.fetch.is_loading()
            || a.browse
                .estimate
                .as_ref()
                .is_some_and(|e| e.requests.is_some())
    });
    if let Some(button) = h.query_by_label(text(LANG, "browse.fetch_anyway")) {
        button.click();
    }
}

#[test]
fn cancel_mid_fetch_keeps_partial_rows_and_says_so() {
    let (sim, _home, mut h) = slow_fetch_under_way();
    h.get_by_label(text(LANG, "browse.cancel_fetch")).click();
    wait_until(&mut h, "fetch ended", |a| a.browse.fetch.ready().is_some());
    let summary = h.state().browse.fetch.ready().cloned().unwrap();
    assert!(!summary.complete);
    assert!(summary.missing.is_some());
    let rows = h.state().browse.model.len();
    assert!(
        rows > 0 && rows < sim.count(Resource::Aanvragen),
        "partial rows kept: {rows}"
    );
    assert!(
        h.query_by_label_contains("Incomplete").is_some(),
        "the screen says what is missing"
    );
    sim.shutdown();
}

#[test]
fn a_500_during_fetch_shows_the_dialog_and_keeps_rows() {
    let (sim, _home, mut h) = slow_fetch_under_way();
    sim.set_faults(1.0, 0.0, 0.0, 0);
    wait_until(&mut h, "dialog", |a| a.dialog.is_some());
    wait_until(&mut h, "fetch ended", |a| a.browse.fetch.ready().is_some());
    let message = h.state().dialog.clone().unwrap();
    assert!(
        message
            .what_to_do
            .to_string()
            .contains("support@coachview.net"),
        "{message:?}"
    );
    assert!(!h.state().browse.fetch.ready().unwrap().complete);
    assert!(
        !h.state().browse.model.is_empty(),
        "rows that arrived are kept"
    );
    sim.shutdown();
}

#[test]
fn rows_can_be_selected_with_the_keyboard() {
    let (sim, _home, mut h) = this_month_fetched();
    let visible = h.state().browse.model.visible().to_vec();
    assert!(visible.len() >= 3);
    h.key_press(egui::Key::ArrowDown);
    h.step();
    h.key_press(egui::Key::ArrowDown);
    h.step();
    assert_eq!(
        h.state().browse.focus,
        Some(visible[1]),
        "Down moves the selection"
    );
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowDown);
    h.step();
    assert_eq!(h.state().browse.selected.len(), 2, "Shift+Down extends it");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    assert_eq!(
        h.state().browse.selected.len(),
        visible.len(),
        "Ctrl+A selects all rows shown"
    );
    sim.shutdown();
}

//! What the browser asks the worker for its rows: the chosen days only, nothing again on a
//! language switch, and fetched rows taken in place (no reload of the range).

use super::{BrowseEvent, BrowsePersisted, BrowseState};
use crate::i18n::{self, Lang, text};
use crate::record::changes::{CHANGES_COLUMN, annotate};
use crate::ui::ConnState;
use crate::ui::ctx::recording;
use crate::worker::request_id::nth_request;
use crate::worker::{Command, FetchRange, FetchSummary};
use serde_json::{Value, json};

fn aanvraag(id: &str, reference: &str, etag: i64) -> Value {
    let today = crate::clock::Clock::system().now();
    json!({"id": id, "nummer": 1, "referentieNrKlant": reference,
        "auditTrail": {"gewijzigdDatumTijd": today.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "etag": etag}})
}

/// A browser whose stored rows were loaded: `a` changed its reference, `b` is new.
fn loaded() -> BrowseState {
    let mut b = BrowseState::new(&BrowsePersisted::default());
    b.connection_shown = true;
    let sent = recording(&ConnState::Disconnected, |cx| {
        b.load_stored(cx, nth_request(7))
    });
    let [Command::LoadStored { days, .. }] = sent.as_slice() else {
        panic!("one load: {sent:?}");
    };
    assert_eq!(
        *days,
        Some(b.range_days()),
        "the store is asked for the days shown"
    );
    let mut changed = aanvraag("a", "R2", 2);
    annotate(&mut changed, Some(&aanvraag("a", "R1", 1)));
    let mut new = aanvraag("b", "R9", 1);
    annotate(&mut new, None);
    for (texts, done) in [
        (vec![changed.to_string()], false),
        (vec![new.to_string()], true),
    ] {
        b.on_event(BrowseEvent::StoredJson {
            req: nth_request(7),
            resource: b.resource,
            texts,
            as_of: None,
            outside: 5,
            within: 2,
            done,
            ticket: crate::worker::pages::PageTicket::none(),
        });
    }
    assert_eq!(b.model.len(), 2, "both pages are in the table");
    assert!(!b.load.is_loading());
    assert_eq!(
        b.model.outside_range(),
        5,
        "the store's count of rows outside"
    );
    b
}

fn changes_column(b: &BrowseState) -> usize {
    let columns = b.model.columns();
    columns.iter().position(|c| c == CHANGES_COLUMN).unwrap()
}

fn loads(sent: &[Command]) -> usize {
    sent.iter()
        .filter(|c| matches!(c, Command::LoadStored { .. }))
        .count()
}

#[test]
fn a_language_switch_words_the_cells_again_and_loads_nothing() {
    i18n::set_current(Lang::Nl);
    let mut b = loaded();
    let column = changes_column(&b);
    let shown = |b: &BrowseState, row, lang| {
        crate::record::shown(b.model.cell(row, column), CHANGES_COLUMN, lang)
    };
    assert_eq!(
        shown(&b, 0, Lang::Nl),
        text(Lang::Nl, "field.referentieNrKlant")
    );
    assert_eq!(shown(&b, 1, Lang::Nl), text(Lang::Nl, "browse.change_new"));
    i18n::set_current(Lang::En);
    let sent = recording(&ConnState::Disconnected, |cx| {
        super::rows::background_requests(&mut b, cx)
    });
    assert_eq!(loads(&sent), 0, "no load after a language switch: {sent:?}");
    assert!(!b.reload_pending);
    assert_eq!(
        shown(&b, 0, Lang::En),
        text(Lang::En, "field.referentieNrKlant")
    );
    assert_eq!(
        b.model.cell(1, column).display(false),
        text(Lang::En, "browse.change_new")
    );
    // The filter finds a change by the words of either language.
    assert_eq!(
        b.model
            .set_filter(text(Lang::Nl, "browse.change_new"))
            .len(),
        1
    );
    i18n::set_current(Lang::Nl);
}

#[test]
fn a_wider_range_loads_its_days_a_narrower_one_filters_what_is_loaded() {
    let mut b = loaded();
    let (from, to) = b.range_days();
    b.from = super::to_jiff(from + chrono::Duration::days(3));
    b.apply_range();
    let sent = recording(&ConnState::Disconnected, |cx| {
        super::rows::background_requests(&mut b, cx)
    });
    assert_eq!(
        loads(&sent),
        0,
        "a narrower range is filtered in the table: {sent:?}"
    );
    b.from = super::to_jiff(from - chrono::Duration::days(30));
    b.apply_range();
    let sent = recording(&ConnState::Disconnected, |cx| {
        super::rows::background_requests(&mut b, cx)
    });
    let wider = Some((from - chrono::Duration::days(30), to));
    assert!(
        matches!(sent.as_slice(), [Command::LoadStored { days, .. }] if *days == wider),
        "the store is asked for the new days: {sent:?}"
    );
}

#[test]
fn rows_synced_while_the_view_is_open_come_in_place_without_a_reload() {
    i18n::set_current(Lang::Nl);
    let mut b = loaded();
    let column = changes_column(&b);
    let sent = recording(&ConnState::Disconnected, |cx| {
        super::fetch::start_fetch(&mut b, cx, FetchRange::SinceLastSync)
    });
    let [Command::Fetch { req, .. }] = sent.as_slice() else {
        panic!("one fetch: {sent:?}");
    };
    let req = *req;
    b.focus = Some(0);
    b.selected.insert(0);
    let mut newer = aanvraag("a", "R3", 3);
    annotate(&mut newer, Some(&aanvraag("a", "R2", 2)));
    let mut fresh = aanvraag("c", "R5", 1);
    annotate(&mut fresh, None);
    b.on_event(BrowseEvent::Rows {
        req,
        records: vec![newer, fresh],
    });
    assert_eq!(
        b.model.len(),
        3,
        "the newer version replaced its row, the new one was added"
    );
    let record = b.model.record(0).unwrap();
    assert_eq!(record["referentieNrKlant"], "R3");
    assert_eq!(b.focus, Some(0), "the focused record stays focused");
    assert!(b.selected.contains(&0));
    assert_eq!(
        crate::record::shown(b.model.cell(2, column), CHANGES_COLUMN, Lang::Nl),
        text(Lang::Nl, "browse.change_new")
    );
    let summary = FetchSummary {
        records: 2,
        requests: 1,
        windows: 1,
        complete: true,
        missing: None,
    };
    b.on_event(BrowseEvent::FetchDone { req, summary });
    let sent = recording(&ConnState::Disconnected, |cx| {
        super::rows::background_requests(&mut b, cx)
    });
    assert_eq!(loads(&sent), 0, "no reload after the fetch: {sent:?}");
    assert_eq!(b.model.len(), 3);
}

#[test]
fn a_reload_in_pages_keeps_the_selection_and_focus_by_id() {
    let mut b = loaded();
    b.focus = Some(1);
    b.selected.extend([0, 1]);
    recording(&ConnState::Disconnected, |cx| {
        b.load_stored(cx, nth_request(8))
    });
    let page = |id: &str| {
        let mut r = aanvraag(id, "R", 1);
        annotate(&mut r, None);
        vec![r.to_string()]
    };
    for (texts, done) in [(page("b"), false), (page("x"), false), (page("a"), true)] {
        b.on_event(BrowseEvent::StoredJson {
            req: nth_request(8),
            resource: b.resource,
            texts,
            as_of: None,
            outside: 0,
            within: 3,
            done,
            ticket: crate::worker::pages::PageTicket::none(),
        });
    }
    let id = |row: usize| b.model.record(row).unwrap()["id"].clone();
    assert_eq!(b.model.len(), 3);
    assert_eq!(b.focus.map(id), Some(json!("b")));
    let mut selected: Vec<Value> = b.selected.iter().map(|&r| id(r)).collect();
    selected.sort_by_key(|v| v.to_string());
    assert_eq!(
        selected,
        [json!("a"), json!("b")],
        "kept on a later page too"
    );
    assert_eq!(b.model.outside_range(), 0);
}

#[test]
fn a_fetched_row_that_came_during_a_load_is_not_shown_twice() {
    let mut b = loaded();
    let sent = recording(&ConnState::Disconnected, |cx| {
        b.load_stored(cx, nth_request(8));
        super::fetch::start_fetch(&mut b, cx, FetchRange::SinceLastSync)
    });
    let Some(Command::Fetch { req, .. }) = sent.last() else {
        panic!("a fetch: {sent:?}");
    };
    let req = *req;
    let page = |id: &str, reference: &str| {
        let mut r = aanvraag(id, reference, 1);
        annotate(&mut r, None);
        r
    };
    let resource = b.resource;
    let event = |texts: Vec<Value>, done| BrowseEvent::StoredJson {
        req: nth_request(8),
        resource,
        texts: texts.iter().map(Value::to_string).collect(),
        as_of: None,
        outside: 0,
        within: 3,
        done,
        ticket: crate::worker::pages::PageTicket::none(),
    };
    let first = event(vec![page("a", "R1")], false);
    b.on_event(first);
    assert!(b.reload_pending, "loaded again once the fetch ends");
    b.on_event(BrowseEvent::Rows {
        req,
        records: vec![page("b", "R-fetched")],
    });
    let last = event(vec![page("b", "R-stored")], true);
    b.on_event(last);
    assert_eq!(b.model.len(), 2, "b once");
    let b_row = (0..2)
        .find(|&r| b.model.record(r).unwrap()["id"] == "b")
        .unwrap();
    assert_eq!(
        b.model.record(b_row).unwrap()["referentieNrKlant"],
        "R-fetched"
    );
}

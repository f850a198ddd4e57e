//! Helpers shared by the `ui_browse_*` tests: an app whose connection store is seeded with records.
#![allow(dead_code)]

use crate::common::*;
use chrono::{Duration, NaiveDateTime};
use coachdesk::app::{CoachApp, ConnState};
use coachdesk::i18n::Lang;
use coachdesk::paths::Dirs;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimHandle, Simulator};
use coachdesk::store::Store;
use egui_kittest::Harness;
use serde_json::{Value, json};

/// A change time `days` days before [`fixed_now`] (local), as Coachview writes it.
pub fn days_ago(days: i64) -> String {
    let t: NaiveDateTime = fixed_now() - Duration::days(days);
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

/// A minimal Aanvraag changed at `changed`.
pub fn aanvraag(id: &str, nummer: i64, status: &str, changed: &str, etag: i64) -> Value {
    json!({
        "id": id,
        "nummer": nummer,
        "aanvraagStatusId": status,
        "referentieNrKlant": format!("REF-{nummer}"),
        "auditTrail": {"gewijzigdDatumTijd": changed, "gewijzigdDoor": "planner", "etag": etag}
    })
}

/// Seeds the store of the connection (`base_url`, `client_id`) under `home`.
pub fn seed(home: &TempHome, base_url: &str, client_id: &str, records: &[Value]) {
    let dir = Dirs::under(&home.0).connection(base_url, client_id);
    let mut store = Store::open(&dir.join(coachdesk::session::RECORDS_FILE)).unwrap();
    store.upsert_records(Resource::Aanvragen, records).unwrap();
}

/// The app connected to a small simulator, its store seeded with `records` (Aanvragen), after
/// the stored rows were loaded (those of the range shown; the others only counted). The app's and
/// the simulator's clocks start at [`fixed_now`].
pub fn stored_app(
    records: &[Value],
    lang: Lang,
) -> (SimHandle, TempHome, Harness<'static, CoachApp>) {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    seed(&home, &sim.base_url(), "demo", records);
    let mut h = app_with_clock(
        &home,
        small_sim(),
        &[(&profile.key(), "demo")],
        lang,
        fixed_clock(),
    );
    let n = records.len();
    wait_until(&mut h, "connected and stored rows loaded", |a| {
        matches!(a.conn, ConnState::Connected { .. })
            && a.browse.loads > 0
            && !a.browse.load.is_loading()
            && a.browse.model.len() + a.browse.model.outside_range() == n
    });
    (sim, home, h)
}

/// The app on the fixed test clock, connected to `base_url` as client "demo" (secret "demo").
pub fn connected_app(home: &TempHome, base_url: &str, lang: Lang) -> Harness<'static, CoachApp> {
    let profile = write_profile(home, base_url, "demo");
    let mut h = app_with_clock(
        home,
        small_sim(),
        &[(&profile.key(), "demo")],
        lang,
        fixed_clock(),
    );
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h
}

/// Picks "today" and fetches it (see [`fetch_and_reload`]).
pub fn fetch_today(h: &mut Harness<'_, CoachApp>, lang: Lang) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(coachdesk::i18n::text(lang, "browse.today"))
        .click();
    h.run_steps(1);
    fetch_and_reload(h, lang);
}

/// The table column that shows `field`.
pub fn column_of(h: &Harness<'_, CoachApp>, field: &str) -> usize {
    h.state()
        .browse
        .model
        .columns()
        .iter()
        .position(|c| c == field)
        .unwrap_or_else(|| panic!("no column {field}"))
}

/// Clicks Fetch (confirming a cost warning if one appears), waits for the end of the fetch (the
/// rows with their change summaries came in as they were stored) and for names looked up.
pub fn fetch_and_reload(h: &mut Harness<'_, CoachApp>, lang: Lang) {
    use egui_kittest::kittest::Queryable;
    h.state_mut().browse.fetch.drop_value();
    h.get_by_label(coachdesk::i18n::text(lang, "browse.fetch"))
        .click();
    wait_until(h, "estimate or fetch", |a| {
        a.browse.fetch.is_loading()
            || a.browse
                .estimate
                .as_ref()
                .is_some_and(|e| e.requests.is_some())
    });
    if let Some(button) = h.query_by_label(coachdesk::i18n::text(lang, "browse.fetch_anyway")) {
        button.click();
    }
    wait_until(h, "fetch done", |a| a.browse.fetch.ready().is_some());
    wait_until(h, "stored rows reloaded", |a| {
        !a.browse.reload_pending && !a.browse.load.is_loading()
    });
    // Names for bare ids are looked up next, and the rows shown again with them.
    wait_until(h, "names looked up", |a| {
        !a.browse.names_check
            && !a.browse.names.is_loading()
            && !a.browse.reload_pending
            && !a.browse.load.is_loading()
    });
}

/// The model row holding the record `id`.
pub fn row_of(h: &Harness<'_, CoachApp>, id: &str) -> Option<usize> {
    let m = &h.state().browse.model;
    (0..m.len()).find(|&r| m.record(r).is_some_and(|rec| rec["id"] == id))
}

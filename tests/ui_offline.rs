//! Offline first: on start the last synced rows are shown from the store with "as of <time>",
//! before any network call — also when Coachview cannot be reached at all.

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;

#[test]
fn last_synced_rows_show_at_start_without_the_network() {
    let lang = Lang::En;
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let fetched = {
        let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], lang);
        wait_until(&mut h, "connected", |a| {
            matches!(a.conn, ConnState::Connected { .. })
        });
        h.get_by_label(text(lang, "browse.last7")).click();
        h.step();
        h.get_by_label(text(lang, "browse.fetch")).click();
        wait_until(&mut h, "fetch", |a| a.browse.last_fetch.is_some());
        h.state().browse.model.len()
    };
    assert!(fetched > 0);
    // Coachview is gone: every connection is dropped.
    sim.set_offline(true);
    let seen = sim.requests_received();
    let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], lang);
    wait_until(&mut h, "stored rows", |a| a.browse.model.len() == fetched);
    assert!(h.state().browse.as_of.is_some());
    assert!(h.query_by_label_contains("Data as of").is_some());
    assert_eq!(sim.requests_received(), seen, "shown before any request");
    // The connection attempt fails readably; the rows stay.
    wait_until(&mut h, "connect failed", |a| {
        matches!(a.conn, ConnState::Disconnected)
    });
    assert_eq!(h.state().browse.model.len(), fetched);
    sim.shutdown();
}

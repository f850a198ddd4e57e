//! Offline first: on start the last synced rows are shown from the store with "as of <time>",
//! before any network call — also when Coachview cannot be reached at all.
//!
//! The simulator counts every TCP connection its listener accepts, also those it drops while
//! offline, so "no connection" is a real observation (a request counter is never reached by a
//! connection that is dropped at accept).

mod common;

use coachdesk::app::{CoachApp, ConnState};
use coachdesk::config::Profile;
use coachdesk::i18n::{Lang, text};
use coachdesk::simulator::{SimHandle, Simulator};
use common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const LANG: Lang = Lang::En;

/// A simulator, a home whose store holds the last 7 days fetched through the app, the profile,
/// and how many rows that fetch showed.
fn fetched_once() -> (SimHandle, TempHome, Profile, usize) {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
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
    h.get_by_label(text(LANG, "browse.last7")).click();
    h.step();
    h.get_by_label(text(LANG, "browse.fetch")).click();
    wait_until(&mut h, "fetch", |a| a.browse.fetch.ready().is_some());
    let fetched = h.state().browse.model.len();
    assert!(fetched > 0);
    (sim, home, profile, fetched)
}

/// The stored rows are on screen with their "as of" time.
fn assert_stored_rows_shown(h: &mut Harness<'_, CoachApp>, fetched: usize) {
    wait_until(h, "stored rows", |a| a.browse.model.len() == fetched);
    assert!(h.state().browse.as_of.is_some());
    assert!(h.query_by_label_contains("Data as of").is_some());
}

#[test]
fn stored_rows_show_without_any_connection() {
    let (sim, home, _profile, fetched) = fetched_once();
    // Coachview is gone, and this computer holds no secret: nothing may even try to connect.
    sim.set_offline(true);
    let seen = sim.connections_accepted();
    let mut h = app_with_clock(&home, small_sim(), &[], LANG, fixed_clock());
    assert_stored_rows_shown(&mut h, fetched);
    wait_until(&mut h, "connect refused locally", |a| {
        matches!(a.conn, ConnState::Disconnected)
    });
    assert_eq!(
        sim.connections_accepted(),
        seen,
        "stored rows are shown without a single connection to Coachview"
    );
    assert_eq!(h.state().browse.model.len(), fetched);
    sim.shutdown();
}

#[test]
fn unreachable_coachview_fails_readably_and_keeps_the_rows() {
    let (sim, home, profile, fetched) = fetched_once();
    // Coachview is gone: every connection is accepted and dropped unanswered.
    sim.set_offline(true);
    let seen = sim.connections_accepted();
    let mut h = app_with_clock(
        &home,
        small_sim(),
        &[(&profile.key(), "demo")],
        LANG,
        fixed_clock(),
    );
    assert_stored_rows_shown(&mut h, fetched);
    wait_until(&mut h, "connect failed", |a| {
        matches!(a.conn, ConnState::Disconnected)
    });
    assert!(
        sim.connections_accepted() > seen,
        "the app did try Coachview (and was refused)"
    );
    assert!(!h.state().notices.is_empty(), "the failure is reported");
    assert_eq!(h.state().browse.model.len(), fetched);
    sim.shutdown();
}

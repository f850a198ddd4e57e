//! One clock (issue 21): the worker reads "today" from the app's clock, the same one the screens
//! read, also when a test steps it; the 429 dialog counts down on it.

mod common;

use coachdesk::app::ConnState;
use coachdesk::clock::Clock;
use coachdesk::i18n::{Lang, text};
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;
use std::collections::BTreeSet;
use std::time::Duration;

/// The ids of the simulator's courses that start on `from` or later and are not cancelled.
fn courses_from(
    sim: &coachdesk::simulator::SimHandle,
    from: chrono::NaiveDate,
) -> BTreeSet<String> {
    let from = from.format("%Y-%m-%d").to_string();
    sim.all(Resource::Opleidingen)
        .iter()
        .filter(|o| o["startDatum"].as_str().is_some_and(|d| d >= from.as_str()))
        .filter(|o| o["opleidingStatusId"] != "Geannuleerd")
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_worker_lists_courses_from_the_app_clocks_today_after_a_step() {
    let lang = Lang::En;
    let sim = Simulator::spawn(small_sim()).unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let clock = Clock::stepped(sim.now());
    let mut h = app_with_clock(
        &home,
        small_sim(),
        &[(&profile.key(), "demo")],
        lang,
        clock.clone(),
    );
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    // Thirty days on, on the app's clock only: the computer's and the simulator's clocks did not
    // move, so a worker on either would still list the courses of the coming month.
    clock.advance(Duration::from_secs(30 * 86_400));
    let today = sim.now().date();
    let later = clock.today();
    assert_eq!(later, today + chrono::Duration::days(30));
    let want = courses_from(&sim, later);
    assert!(
        courses_from(&sim, today).len() > want.len(),
        "some courses start within the month (else this test proves nothing)"
    );
    h.get_by_label(text(lang, "nav.enrol")).click();
    wait_until(&mut h, "courses loaded", |a| a.enrol.courses_loaded());
    let got: BTreeSet<String> = h
        .state()
        .enrol
        .opleidingen()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, want, "the course list starts at the app clock's today");
    sim.shutdown();
}

/// The 429 dialog counts down on the app's clock: stepping it a minute on takes a minute off.
#[test]
fn the_429_countdown_follows_the_app_clock() {
    let lang = Lang::En;
    let home = TempHome::new();
    let clock = Clock::stepped(fixed_now());
    let mut h = app_with_clock(&home, small_sim(), &[], lang, clock.clone());
    h.run_ok();
    let reset = clock.now_utc() + chrono::Duration::minutes(10);
    let error = coachdesk::error::WorkerError::Outbox(
        coachdesk::outbox::OutboxError::RateLimitedUntil(reset),
    );
    h.state_mut()
        .show_message(coachdesk::message::from_worker_error(&error));
    h.run_steps(2);
    let shown = |left: &str| format!("{} {left}", text(lang, "dialog.countdown"));
    assert!(h.query_by_label(&shown("0:10:00")).is_some());
    clock.advance(Duration::from_secs(61));
    h.run_steps(2);
    assert!(h.query_by_label(&shown("0:08:59")).is_some());
}

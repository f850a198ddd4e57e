//! The UI language belongs to the UI thread: two apps, one Dutch and one English, run at the same
//! time on two threads and each shows only its own words.

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use common::*;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How many threads arrived at the meeting points, and the signal that one did.
#[derive(Default)]
struct Meeting {
    arrived: Mutex<usize>,
    signal: Condvar,
}

/// Blocks (at most 60 s, so a failure in the other thread cannot hang the test) until both
/// threads arrived here: woken by the other thread's arrival, no polling.
fn meet(meeting: &Meeting, round: usize) {
    let mut arrived = meeting.arrived.lock().unwrap();
    *arrived += 1;
    meeting.signal.notify_all();
    let (arrived, timeout) = meeting
        .signal
        .wait_timeout_while(arrived, Duration::from_secs(60), |n| *n < 2 * round)
        .unwrap();
    assert!(
        !timeout.timed_out() || *arrived >= 2 * round,
        "the other app never arrived"
    );
}

fn run(lang: Lang, other: Lang, arrived: Arc<Meeting>) {
    let home = TempHome::new();
    let mut h = app(&home, small_sim(), &[], lang);
    h.run_ok();
    // Both apps are up before either looks at its words.
    meet(&arrived, 1);
    assert!(h.query_by_label(text(lang, "welcome.demo")).is_some());
    assert!(h.query_by_label(text(other, "welcome.demo")).is_none());
    h.get_by_label(text(lang, "welcome.demo")).click();
    wait_until(&mut h, "demo connected", |a| {
        matches!(a.conn, ConnState::Connected { demo: true, .. })
    });
    // Both connected (their workers ran) before either looks again.
    meet(&arrived, 2);
    assert!(
        h.query_by_label_contains(text(lang, "browse.fetch"))
            .is_some()
    );
    assert!(
        h.query_by_label_contains(text(other, "browse.fetch"))
            .is_none()
    );
}

#[test]
fn a_dutch_and_an_english_app_run_side_by_side() {
    assert_ne!(
        text(Lang::Nl, "browse.fetch"),
        text(Lang::En, "browse.fetch")
    );
    let arrived = Arc::new(Meeting::default());
    let (b1, b2) = (arrived.clone(), arrived);
    let nl = std::thread::spawn(move || run(Lang::Nl, Lang::En, b1));
    let en = std::thread::spawn(move || run(Lang::En, Lang::Nl, b2));
    nl.join().unwrap();
    en.join().unwrap();
}

//! The UI language belongs to the UI thread: two apps, one Dutch and one English, run at the same
//! time on two threads and each shows only its own words.

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use common::*;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Waits (at most 60 s, so a failure in the other thread cannot hang the test) until both
/// threads arrived here.
fn meet(arrived: &AtomicUsize, round: usize) {
    arrived.fetch_add(1, Ordering::SeqCst);
    let start = coachdesk::clock::Clock::system().instant();
    while arrived.load(Ordering::SeqCst) < 2 * round {
        assert!(
            coachdesk::clock::Clock::system().since(start) < Duration::from_secs(60),
            "the other app never arrived"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn run(lang: Lang, other: Lang, arrived: Arc<AtomicUsize>) {
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
    let arrived = Arc::new(AtomicUsize::new(0));
    let (b1, b2) = (arrived.clone(), arrived);
    let nl = std::thread::spawn(move || run(Lang::Nl, Lang::En, b1));
    let en = std::thread::spawn(move || run(Lang::En, Lang::Nl, b2));
    nl.join().unwrap();
    en.join().unwrap();
}

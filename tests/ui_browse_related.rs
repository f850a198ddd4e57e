//! Related records for a selection show their cost and ask first when it is large, like a large
//! fetch (issue 13, point 9).

mod common;
mod ui_browse_common;

use coachdesk::i18n::{Lang, text};
use coachdesk::simulator::{SimConfig, Simulator};
use common::*;
use egui_kittest::kittest::Queryable;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

#[test]
fn related_records_ask_first_when_costly() {
    let cfg = SimConfig {
        scale: 400,
        daily_limit: 60,
        ..SimConfig::default()
    };
    let sim = Simulator::spawn(at_fixed_now(cfg)).unwrap();
    let home = TempHome::new();
    let mut h = connected_app(&home, &sim.base_url(), LANG);
    h.get_by_label(text(LANG, "browse.this_month")).click();
    h.run_steps(1);
    fetch_and_reload(&mut h, LANG);
    assert!(h.state().browse.model.visible().len() >= 2);
    assert_eq!(coachdesk::ui::browse::related_cost(3), 1);
    assert_eq!(coachdesk::ui::browse::related_cost(1_000), 25);

    // Warn above 1 % of what is left: one request out of < 60 left is too much.
    h.state_mut().browse.warn_share_percent = 1;
    h.get_by_label(text(LANG, "browse.select_all")).click();
    h.run_steps(2);
    let sent_before = sim.requests_received();
    h.get_by_label_contains("Orderverkoopregels").click();
    h.run_steps(2);
    assert!(
        h.state().browse.related_ask.is_some(),
        "asks first: rate={:?} req={:?} selected={}",
        h.state().rate,
        h.state().browse.related.req(),
        h.state().browse.selected.len()
    );
    assert!(h.state().browse.related.req().is_none(), "nothing sent yet");
    assert!(h.query_by_label_contains("costs about 1 request").is_some());
    h.get_by_label(text(LANG, "browse.dont_fetch")).click();
    h.run_steps(2);
    assert!(h.state().browse.related_ask.is_none());
    assert_eq!(sim.requests_received(), sent_before, "declined: no request");

    // Ask again and confirm: the related records arrive.
    h.get_by_label_contains("Orderverkoopregels").click();
    h.run_steps(2);
    h.get_by_label(text(LANG, "browse.related_anyway")).click();
    wait_until(&mut h, "related", |a| a.browse.related.ready().is_some());
    assert!(sim.requests_received() > sent_before);
    sim.shutdown();
}

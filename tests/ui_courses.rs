//! The wizard's course list through the worker in every simulator dialect: the upcoming courses
//! the simulator holds, each with its computed fields (`InclusiefExtraVelden=true`).

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimConfig, Simulator};
use common::*;
use egui_kittest::kittest::Queryable;
use std::collections::BTreeSet;

#[test]
fn the_course_list_is_complete_with_start_dates_and_seats_in_every_dialect() {
    let lang = Lang::En;
    for spec in [
        "",
        "dates-only",
        "count-empty-body",
        "end-inclusive",
        "page-cap=50",
        "retry-after-only",
        "example-data-without-scope",
        "no-reference-filter",
        coachdesk::simulator::dialect::ALL_SWITCHES,
    ] {
        let sim = Simulator::spawn(SimConfig {
            dialect: Dialect::parse(spec).unwrap(),
            max_take: 5,
            ..small_sim()
        })
        .unwrap();
        let home = TempHome::new();
        let profile = write_profile(&home, &sim.base_url(), "demo");
        let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], lang);
        wait_until(&mut h, "connected", |a| {
            matches!(a.conn, ConnState::Connected { .. })
        });
        h.get_by_label(text(lang, "nav.enrol")).click();
        wait_until(&mut h, "courses loaded", |a| a.enrol.courses_loaded());
        let today = sim.now().date().format("%Y-%m-%d").to_string();
        let want: BTreeSet<String> = sim
            .all(Resource::Opleidingen)
            .iter()
            .filter(|o| {
                o["startDatum"]
                    .as_str()
                    .is_some_and(|d| d >= today.as_str())
            })
            .filter(|o| o["opleidingStatusId"] != "Geannuleerd")
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect();
        let got = h.state().enrol.opleidingen();
        let ids: BTreeSet<String> = got
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect();
        assert!(
            want.len() > 5,
            "{spec}: more than one page of courses expected"
        );
        assert_eq!(ids, want, "{spec}: course list differs");
        assert!(
            got.iter()
                .all(|o| o.get("startDatum").is_some() && o.get("aantalPlaatsenVrij").is_some()),
            "{spec}: computed fields missing"
        );
        sim.shutdown();
    }
}

/// Issue 19 point 7: `InclusiefDirecteRelaties` is asked only where proven, and a tenant that
/// refuses it (or `InclusiefExtraVelden`) after all still gets its course list (the refusal is
/// remembered); a stored page size of another resource does not cut the list short.
#[test]
fn the_course_list_survives_refused_flags_and_another_resources_page_size() {
    let lang = Lang::En;
    for spec in [
        "relations-refused",
        "relations-refused,extra-fields-refused,page-cap=Opleidingen:3",
    ] {
        let sim = Simulator::spawn(SimConfig {
            dialect: Dialect::parse(spec).unwrap(),
            ..small_sim()
        })
        .unwrap();
        let home = TempHome::new();
        let profile = write_profile(&home, &sim.base_url(), "demo");
        // Believed from an earlier probe, no longer true; Aanvragen came in pages of 100.
        let folder = coachdesk::session::Folder::of(
            &coachdesk::paths::Dirs::under(&home.0),
            &sim.base_url(),
            "demo",
        );
        let mut state = coachdesk::api::capabilities::TenantState::default();
        state.capabilities.direct_relations = Some(true);
        state
            .capabilities
            .page_sizes
            .insert("Aanvragen".into(), 100);
        state
            .capabilities
            .page_sizes
            .insert("Opleidingen+InclusiefExtraVelden".into(), 100);
        coachdesk::api::capabilities::save(folder.path(), &state).unwrap();
        let mut h = app(&home, small_sim(), &[(&profile.key(), "demo")], lang);
        wait_until(&mut h, "connected", |a| {
            matches!(a.conn, ConnState::Connected { .. })
        });
        h.get_by_label(text(lang, "nav.enrol")).click();
        wait_until(&mut h, "courses loaded", |a| a.enrol.courses_loaded());
        let today = sim.now().date().format("%Y-%m-%d").to_string();
        let want: BTreeSet<String> = sim
            .all(Resource::Opleidingen)
            .iter()
            .filter(|o| {
                o["startDatum"]
                    .as_str()
                    .is_some_and(|d| d >= today.as_str())
            })
            .filter(|o| o["opleidingStatusId"] != "Geannuleerd")
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect();
        let ids: BTreeSet<String> = h
            .state()
            .enrol
            .opleidingen()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect();
        assert!(want.len() > 3, "{spec}: more than one page expected");
        assert_eq!(ids, want, "{spec}: course list differs");
        sim.shutdown();
    }
}

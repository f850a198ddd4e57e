//! Instellingen → Verbinding testen runs the probe: the table of what this tenant does, in Dutch
//! and English, "copy report", and the capabilities kept for the connection.

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimConfig, Simulator};
use common::*;
use egui_kittest::kittest::Queryable;

fn run(lang: Lang) {
    // A secret unlike anything else in the report, so a leak cannot hide behind the client id.
    const SECRET: &str = "pr0be-s3cret-7f3a91";
    let sim = Simulator::spawn(SimConfig {
        dialect: Dialect::parse("dates-only,page-cap=50").unwrap(),
        clients: vec![coachdesk::simulator::SimClient::parse(&format!("prober:{SECRET}")).unwrap()],
        ..small_sim()
    })
    .unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "prober");
    let mut h = app(&home, small_sim(), &[(&profile.key(), SECRET)], lang);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.get_by_label(text(lang, "nav.settings")).click();
    h.step();
    h.step();
    // The cost is said before the test runs: the probe's requests out of those left today.
    coachdesk::i18n::set_current(lang);
    let left = h.state().rate.remaining.map(u64::from);
    let cost = coachdesk::ui::settings::test_cost(left);
    let usual = coachdesk::api::probe::USUAL_REQUESTS.to_string();
    assert!(cost.contains(&usual), "{cost}");
    if let Some(left) = left {
        assert!(cost.contains(&left.to_string()), "{cost}");
    }
    assert!(h.query_by_label(&cost).is_some(), "no cost line: {cost}");
    h.get_by_label(text(lang, "settings.test")).click();
    // The report, then the table of what each resource allows, then the job's end: three
    // events of the worker.
    wait_until(&mut h, "probe table", |a| {
        a.settings.tenant_report.is_some()
            && !a.settings.test_rows().is_empty()
            && a.jobs.is_empty()
    });
    let report = h.state().settings.tenant_report.clone().unwrap();
    let row = |key: &str| {
        report
            .rows
            .iter()
            .find(|(fact, _)| fact == text(lang, key))
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no row {key}: {:?}", report.rows))
    };
    assert_eq!(row("tenant.fact.datetime"), text(lang, "tenant.no"));
    assert_eq!(row("tenant.fact.range_end"), text(lang, "tenant.no"));
    assert_eq!(row("tenant.fact.page_size"), "50");
    // The simulator's token answer names its scopes: this client may enrol, and nothing was sent.
    assert_eq!(row("tenant.fact.enrol"), text(lang, "tenant.yes"));
    assert!(sim.webaanvragen_received().is_empty());
    // Planner words on screen; the technical terms only in the hover texts and the report.
    for tech in [
        "InclusiefExtraVelden",
        "InclusiefDirecteRelaties",
        "orderby",
        "Count=true",
    ] {
        assert!(
            report.rows.iter().all(|(fact, _)| !fact.contains(tech)),
            "{tech} in the table: {:?}",
            report.rows
        );
        assert!(report.hovers.iter().any(|h| h.contains(tech)), "{tech}");
        assert!(report.text.contains(tech), "{tech} not in the report");
    }
    assert_eq!(report.hovers.len(), report.rows.len());
    // The table is on screen, and the report can be copied.
    assert!(
        h.query_by_label(text(lang, "tenant.fact.datetime"))
            .is_some()
    );
    // The button sits below the fold of the settings page: scroll it into view.
    for _ in 0..6 {
        h.get_by_label(text(lang, "tenant.probe.copy"))
            .scroll_down();
        h.step();
    }
    h.step();
    h.get_by_label(text(lang, "tenant.probe.copy")).click();
    h.step();
    h.step();
    assert!(
        h.state()
            .settings
            .tenant_report
            .as_ref()
            .is_some_and(|r| r.copied),
        "copy report was not used"
    );
    assert!(
        h.query_by_label(text(lang, "tenant.probe.copied"))
            .is_some()
    );
    assert!(report.text.contains(&sim.base_url()));
    assert!(
        !report.text.contains(SECRET),
        "no client secret in the report"
    );
    // Kept as the connection's capabilities.
    let conn_dir = home.0.join("data").join("connections").join(profile.key());
    let kept = coachdesk::api::capabilities::load(&conn_dir);
    assert_eq!(kept.capabilities.datetime_filters, Some(false));
    assert_eq!(kept.capabilities.page_size, Some(50));
    sim.shutdown();
}

#[test]
fn the_connection_test_shows_what_the_tenant_does_in_dutch() {
    run(Lang::Nl);
}

#[test]
fn the_connection_test_shows_what_the_tenant_does_in_english() {
    run(Lang::En);
}

/// On a connection's first use the probe runs by itself: the status bar says so with its cost
/// while it runs, its table fills the settings screen without a click, and what it found is
/// kept; the app started again on the same connection does not run it again.
#[test]
fn the_probe_runs_by_itself_once_on_a_connections_first_use() {
    use coachdesk::api::capabilities::AutoProbe;
    use coachdesk::api::probe::USUAL_REQUESTS;
    let sim = Simulator::spawn(SimConfig {
        dialect: Dialect::parse("dates-only,page-cap=50").unwrap(),
        // Each answer takes a while, so the running probe can be seen.
        latency_ms: 40,
        ..small_sim()
    })
    .unwrap();
    let home = TempHome::new();
    let profile = write_profile(&home, &sim.base_url(), "demo");
    let secrets = [(profile.key(), "demo")];
    let secrets: Vec<(&str, &str)> = secrets.iter().map(|(k, s)| (k.as_str(), *s)).collect();
    let start = |auto_probe| {
        let env = env_for(
            &home,
            small_sim(),
            &secrets,
            coachdesk::clock::Clock::system(),
        );
        harness(coachdesk::app::AppEnv { auto_probe, ..env }, Lang::Nl)
    };
    let mut h = start(AutoProbe::Once);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    coachdesk::i18n::set_current(Lang::Nl);
    let label = coachdesk::i18n::tf("tenant.auto_probe", &[("requests", &USUAL_REQUESTS)]);
    assert!(label.contains(&USUAL_REQUESTS.to_string()), "{label}");
    assert!(
        h.state()
            .jobs
            .iter()
            .any(|j| j.progress.label.to_string() == label),
        "the status bar does not say the probe runs: {:?}",
        h.state().jobs
    );
    // The report, then the table of what each resource allows, then the job's end: three
    // events of the worker.
    wait_until(&mut h, "probe table", |a| {
        a.settings.tenant_report.is_some()
            && !a.settings.test_rows().is_empty()
            && a.jobs.is_empty()
    });
    assert!(!h.state().settings.test_rows().is_empty());
    assert!(
        h.state().jobs.is_empty(),
        "the probe's job ended: {:?}",
        h.state().jobs
    );
    assert!(sim.requests_received() >= USUAL_REQUESTS);
    let conn_dir = home.0.join("data").join("connections").join(profile.key());
    let kept = coachdesk::api::capabilities::load(&conn_dir).capabilities;
    assert!(kept.probed_at.is_some());
    assert_eq!(kept.datetime_filters, Some(false));
    drop(h);
    // Again on the same connection: it knows the tenant, and only connects.
    let before = sim.requests_received();
    let mut h = start(AutoProbe::Once);
    wait_until(&mut h, "connected again", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    assert!(h.state().jobs.is_empty(), "{:?}", h.state().jobs);
    assert!(h.state().settings.tenant_report.is_none());
    assert!(
        sim.requests_received() - before <= 1,
        "more than the token request"
    );
    drop(h);
    // `--no-probe` on a new connection: nothing runs by itself.
    let home2 = TempHome::new();
    let profile2 = write_profile(&home2, &sim.base_url(), "demo");
    let env = env_for(
        &home2,
        small_sim(),
        &[(&profile2.key(), "demo")],
        coachdesk::clock::Clock::system(),
    );
    let mut h = harness(
        coachdesk::app::AppEnv {
            auto_probe: AutoProbe::Never,
            ..env
        },
        Lang::Nl,
    );
    wait_until(&mut h, "connected without probe", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    assert!(h.state().jobs.is_empty(), "{:?}", h.state().jobs);
    let kept = coachdesk::api::capabilities::load(
        &home2
            .0
            .join("data")
            .join("connections")
            .join(profile2.key()),
    )
    .capabilities;
    assert_eq!(kept.probed_at, None);
    sim.shutdown();
}

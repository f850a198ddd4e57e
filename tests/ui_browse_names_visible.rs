//! Names for the rows in view first (issue 13, point 2): the names of a large table are asked
//! for the rows the planner sees (and a margin), more as they scroll, and no id is asked twice.
//! A logging proxy in front of the simulator records every company id that reaches it.

mod common;
mod ui_browse_common;

use coachdesk::app::CoachApp;
use coachdesk::i18n::Lang;
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::Harness;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use ui_browse_common::*;

const LANG: Lang = Lang::En;
const ROWS: usize = 300;

/// Every company id asked (by a filter on id or by `GET Bedrijven/{id}`), in order.
type Asked = Arc<Mutex<Vec<String>>>;

struct LoggingProxy {
    url: String,
    asked: Asked,
    _runtime: tokio::runtime::Runtime,
}

/// The ids a request to `Bedrijven` asks for: `where=id=a,b,c` or the path's last segment.
fn ids_asked(path: &str, query: &str) -> Vec<String> {
    if let Some(id) = path.strip_prefix("/api/v1/Bedrijven/") {
        return vec![id.to_string()];
    }
    if path != "/api/v1/Bedrijven" {
        return Vec::new();
    }
    url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "where")
        .filter_map(|(_, v)| v.strip_prefix("id=").map(str::to_string))
        .flat_map(|list| list.split(',').map(str::to_string).collect::<Vec<String>>())
        .collect()
}

fn logging_proxy(target: String) -> LoggingProxy {
    use axum::body::{Body, to_bytes};
    use axum::extract::Request;
    use axum::response::Response;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let asked: Asked = Arc::default();
    let log = asked.clone();
    let client = reqwest::Client::new();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |request: Request| {
        let (client, target, log) = (client.clone(), target.clone(), log.clone());
        async move {
            let path = request.uri().path().to_string();
            let query = request.uri().query().unwrap_or("").to_string();
            log.lock().unwrap().extend(ids_asked(&path, &query));
            let mut forwarded =
                client.request(request.method().clone(), format!("{target}{path}?{query}"));
            for (name, value) in request.headers() {
                if name != "host" {
                    forwarded = forwarded.header(name, value);
                }
            }
            let body = to_bytes(request.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            let reply = forwarded.body(body).send().await.unwrap();
            let mut response = Response::builder().status(reply.status());
            for (name, value) in reply.headers() {
                response = response.header(name, value);
            }
            response
                .body(Body::from(reply.bytes().await.unwrap_or_default()))
                .unwrap()
        }
    });
    runtime.spawn(async move { axum::serve(listener, app).await });
    LoggingProxy {
        url,
        asked,
        _runtime: runtime,
    }
}

/// The company ids in the rows at visible positions `from..to`, with the company column index.
fn companies_at(h: &Harness<'_, CoachApp>, from: usize, to: usize) -> Vec<(usize, String)> {
    let m = &h.state().browse.model;
    let visible = m.visible();
    visible[from.min(visible.len())..to.min(visible.len())]
        .iter()
        .filter_map(|&r| {
            let id = m.record(r)?["bedrijfId"].as_str()?.to_string();
            Some((r, id))
        })
        .collect()
}

#[test]
fn names_follow_the_rows_in_view_and_no_id_is_asked_twice() {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let mut names = BTreeMap::new();
    for i in 0..ROWS {
        let name = format!("Bedrijf {i:03} BV");
        let company = sim.upsert(Resource::Bedrijven, json!({ "naam": name }), sim.now());
        names.insert(company.clone(), name);
        sim.upsert(
            Resource::Aanvragen,
            json!({"nummer": 991000 + i, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
            sim.now(),
        );
    }
    let proxy = logging_proxy(sim.base_url());
    let home = TempHome::new();
    let mut h = connected_app(&home, &proxy.url, LANG);
    fetch_today(&mut h, LANG);
    let shown = h.state().browse.model.visible().len();
    assert!(shown >= ROWS, "every fetched row is shown: {shown}");
    let column = column_of(&h, "bedrijfId");

    // Only the rows in view (and a margin) were asked: the last rows' companies not yet.
    let first_asked = proxy.asked.lock().unwrap().clone();
    assert!(!first_asked.is_empty(), "the rows in view were named");
    let last = companies_at(&h, shown - 10, shown);
    assert!(!last.is_empty(), "the last rows carry company ids");
    for (_, company) in &last {
        assert!(
            !first_asked.contains(company),
            "a row far below the view was asked before it came into view"
        );
    }

    // Scroll to the end (End key): the rows now in view get their names.
    h.key_press(egui::Key::End);
    wait_until(&mut h, "the last rows named", |a| {
        let m = &a.browse.model;
        last.iter()
            .all(|(r, company)| m.cell(*r, column).display(false) == names[company].as_str())
    });
    wait_until(&mut h, "names settled", |a| {
        !a.browse.names.is_loading() && !a.browse.reload_pending && !a.browse.load.is_loading()
    });
    // Scroll back to the top: what was resolved is not asked again.
    h.key_press(egui::Key::Home);
    h.run_steps(3);
    wait_until(&mut h, "names settled at the top", |a| {
        !a.browse.names.is_loading() && !a.browse.reload_pending && !a.browse.load.is_loading()
    });
    let asked = proxy.asked.lock().unwrap().clone();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &asked {
        *counts.entry(id.as_str()).or_default() += 1;
    }
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "ids asked more than once: {twice:?}");
    assert!(
        asked.len() < ROWS,
        "only the rows in view were named, not all {ROWS}: {} asked",
        asked.len()
    );
    sim.shutdown();
}

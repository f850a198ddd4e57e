//! Names instead of ids (issue 13, point 2): a company id in a row becomes the company's name in
//! the cell and in the export, resolved in batches and cached in the store; the id stays in the
//! record.

mod common;
mod ui_browse_common;

use coachdesk::i18n::Lang;
use coachdesk::resource::Resource;
use coachdesk::simulator::Simulator;
use common::*;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use ui_browse_common::*;

const LANG: Lang = Lang::En;

#[test]
fn a_company_id_shows_as_its_name_in_the_cell_and_the_export() {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let company = sim.upsert(
        Resource::Bedrijven,
        json!({"naam": "Bouwbedrijf De Vries BV"}),
        sim.now(),
    );
    let id = sim.upsert(
        Resource::Aanvragen,
        json!({"nummer": 990002, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
        sim.now(),
    );
    let home = TempHome::new();
    let mut h = connected_app(&home, &sim.base_url(), LANG);
    fetch_today(&mut h, LANG);
    let column = column_of(&h, "bedrijfId");
    let id2 = id.clone();
    wait_until(&mut h, "the name in the cell", |a| {
        let m = &a.browse.model;
        (0..m.len()).any(|r| {
            m.record(r).is_some_and(|rec| rec["id"] == id2.as_str())
                && m.cell(r, column).display(false) == "Bouwbedrijf De Vries BV"
        })
    });
    let row = row_of(&h, &id).unwrap();
    assert_eq!(
        h.state().browse.model.record(row).unwrap()["bedrijfId"],
        company.as_str(),
        "the record keeps its id"
    );

    // The export (readable headers) carries the name.
    h.state_mut().browse.selected = [row].into_iter().collect();
    h.run_steps(1);
    h.get_by_label_contains("Export (1").click();
    wait_until(&mut h, "exported", |a| a.browse.exported_file().is_some());
    let csv = std::fs::read_to_string(home.0.join("export.csv")).unwrap();
    assert!(csv.contains("Bouwbedrijf De Vries BV"), "{csv}");
    assert!(
        !csv.contains(&company),
        "no bare id in the readable export: {csv}"
    );

    // Cached in the connection's store: asked once.
    let dir = coachdesk::paths::Dirs::under(&home.0).connection(&sim.base_url(), "demo");
    let store = coachdesk::store::Store::open(&dir.join(coachdesk::session::RECORDS_FILE)).unwrap();
    let names = store.names(Resource::Bedrijven).unwrap();
    assert!(names.contains_key(&company));
    sim.shutdown();
}

/// A Coachview that ignores a filter on `id` (it answers `where=id=a,b` with arbitrary records):
/// a proxy in front of the simulator that drops such filters and counts `GET Bedrijven/{id}`.
struct IgnoringProxy {
    url: String,
    gets_by_id: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    _runtime: tokio::runtime::Runtime,
}

fn ignoring_proxy(target: String) -> IgnoringProxy {
    use axum::body::{Body, to_bytes};
    use axum::extract::Request;
    use axum::response::Response;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let gets_by_id = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = gets_by_id.clone();
    let client = reqwest::Client::new();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |request: Request| {
        let (client, target, counter) = (client.clone(), target.clone(), counter.clone());
        async move {
            let path = request.uri().path().to_string();
            if path.starts_with("/api/v1/Bedrijven/") {
                counter.fetch_add(1, Ordering::SeqCst);
            }
            let query: Vec<&str> = request
                .uri()
                .query()
                .unwrap_or("")
                .split('&')
                .filter(|p| {
                    !p.is_empty() && !p.starts_with("where=id%3D") && !p.starts_with("where=id=")
                })
                .collect();
            let mut forwarded = client.request(
                request.method().clone(),
                format!("{target}{path}?{}", query.join("&")),
            );
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
    IgnoringProxy {
        url,
        gets_by_id,
        _runtime: runtime,
    }
}

#[test]
fn an_ignored_id_filter_falls_back_to_one_get_per_id() {
    let sim = Simulator::spawn(at_fixed_now(small_sim())).unwrap();
    let company = sim.upsert(
        Resource::Bedrijven,
        json!({"naam": "Aannemersbedrijf Jansen"}),
        sim.now(),
    );
    let id = sim.upsert(
        Resource::Aanvragen,
        json!({"nummer": 990003, "aanvraagStatusId": "Nieuw", "bedrijfId": company}),
        sim.now(),
    );
    let proxy = ignoring_proxy(sim.base_url());
    let home = TempHome::new();
    let mut h = connected_app(&home, &proxy.url, LANG);
    fetch_today(&mut h, LANG);
    let column = h
        .state()
        .browse
        .model
        .columns()
        .iter()
        .position(|c| c == "bedrijfId")
        .unwrap();
    let id2 = id.clone();
    wait_until(&mut h, "the name by GET", |a| {
        let m = &a.browse.model;
        (0..m.len()).any(|r| {
            m.record(r).is_some_and(|rec| rec["id"] == id2.as_str())
                && m.cell(r, column).display(false) == "Aannemersbedrijf Jansen"
        })
    });
    assert!(
        proxy.gets_by_id.load(std::sync::atomic::Ordering::SeqCst) > 0,
        "the ignored filter was detected and each id fetched by GET"
    );
    // No other company's name was taken for this id.
    let m = &h.state().browse.model;
    for r in 0..m.len() {
        let rec = m.record(r).unwrap();
        let shown = m.cell(r, column).display(false);
        if let Some(b) = rec["bedrijfId"].as_str()
            && let Some(company) = sim.record(Resource::Bedrijven, b)
        {
            assert_eq!(shown, company["naam"].as_str().unwrap(), "identity proven");
        }
    }
    sim.shutdown();
}

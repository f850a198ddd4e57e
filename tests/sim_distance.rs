//! Issue 22: the simulator at a distance. Answers share one throttled line (`bandwidth_kbps`),
//! list answers cost server time per row (`row_cost_us`), and the bytes the simulator sent agree
//! with the bytes the client received.

use chrono::{Duration, NaiveTime};
use coachdesk::api::{Client, ClientConfig};
use coachdesk::cancel::Cancel;
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use coachdesk::store::Store;
use coachdesk::sync::{SyncJob, SyncOptions};
use serde_json::Value;

async fn token(sim: &SimHandle, http: &reqwest::Client) -> String {
    let v: Value = http
        .post(format!("{}/auth/connect/token", sim.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

/// One list GET read to the end; returns the body length.
async fn get(sim: &SimHandle, http: &reqwest::Client, tok: &str, query: &str) -> usize {
    let resp = http
        .get(format!("{}/api/v1/{query}", sim.base_url()))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.bytes().await.unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_answers_share_the_line_and_take_twice_as_long() {
    let sim = Simulator::start(SimConfig {
        scale: 2_000,
        max_take: 400,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let tok = token(&sim, &http).await;
    let query = "Aanvragen?take=350";
    // Unthrottled: nothing reserved on the line, and the byte count is exact.
    let before = sim.bytes_sent();
    let len = get(&sim, &http, &tok, query).await;
    assert!(len > 190_000, "a ~200 KB answer, got {len}");
    assert_eq!(sim.bytes_sent() - before, len as u64);
    assert_eq!(sim.line_busy(), std::time::Duration::ZERO);

    // 8,000 kbps = 1,000,000 bytes a second.
    sim.set_distance(0, 8_000, 0);
    let one = std::time::Duration::from_micros(len as u64);
    let t = coachdesk::clock::Clock::system().instant();
    assert_eq!(get(&sim, &http, &tok, query).await, len);
    let single = coachdesk::clock::Clock::system().since(t);
    let busy_one = sim.line_busy();
    assert!(
        busy_one.abs_diff(one) < std::time::Duration::from_millis(5),
        "{busy_one:?} vs {one:?}"
    );
    assert!(
        single >= one * 9 / 10,
        "the trickle happened: {single:?} for {len} bytes"
    );

    let t = coachdesk::clock::Clock::system().instant();
    let (a, b) = tokio::join!(get(&sim, &http, &tok, query), get(&sim, &http, &tok, query));
    let both = coachdesk::clock::Clock::system().since(t);
    assert_eq!((a, b), (len, len));
    let busy_two = sim.line_busy() - busy_one;
    assert!(
        busy_two.abs_diff(one * 2) < std::time::Duration::from_millis(10),
        "{busy_two:?}"
    );
    // Together they took about twice as long as one alone: one shared line, not one each.
    assert!(
        both >= one * 2 * 9 / 10,
        "{both:?} for two answers of {one:?}"
    );
    // Back to unlimited: nothing more is reserved.
    sim.set_distance(0, 0, 0);
    get(&sim, &http, &tok, query).await;
    assert_eq!(sim.line_busy(), busy_one + busy_two);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_cost_grows_with_rows_and_embedded_objects() {
    let sim = Simulator::start(SimConfig {
        scale: 500,
        row_cost_us: 1_000,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let tok = token(&sim, &http).await;
    let t = coachdesk::clock::Clock::system().instant();
    get(&sim, &http, &tok, "Aanvragen?take=10").await;
    assert_eq!(sim.row_cost_total(), std::time::Duration::from_millis(10));
    get(&sim, &http, &tok, "Aanvragen?take=100").await;
    assert_eq!(sim.row_cost_total(), std::time::Duration::from_millis(110));
    assert!(coachdesk::clock::Clock::system().since(t) >= std::time::Duration::from_millis(110));
    // Embedded objects count too: every Aanvraag embeds its bedrijf, contactpersoon,
    // opleidingssoort and opleiding.
    let resp: Vec<Value> = http
        .get(format!(
            "{}/api/v1/Aanvragen?take=5&InclusiefDirecteRelaties=true",
            sim.base_url()
        ))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let embedded: usize = resp
        .iter()
        .map(|r| {
            [
                "bedrijf",
                "contactpersoon",
                "opleidingssoort",
                "opleiding",
                "persoon",
                "aanvraag",
            ]
            .iter()
            .filter(|k| r.get(**k).is_some_and(Value::is_object))
            .count()
        })
        .sum();
    assert!(embedded >= 5, "{embedded}");
    assert_eq!(
        sim.row_cost_total(),
        std::time::Duration::from_millis(110 + 5 + embedded as u64)
    );
    // A single record (GET by id) is not a list answer: no row cost.
    let id = resp[0]["id"].as_str().unwrap();
    let one = http
        .get(format!("{}/api/v1/Aanvragen/{id}", sim.base_url()))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap();
    assert_eq!(one.status(), 200);
    assert_eq!(
        sim.row_cost_total(),
        std::time::Duration::from_millis(110 + 5 + embedded as u64)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_sent_and_received_agree_for_a_sync() {
    let sim = Simulator::start(SimConfig {
        scale: 1_500,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let dir = std::env::temp_dir().join(format!("coachdesk-distance-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir.join("records.sqlite")).unwrap();
    let client = Client::new(ClientConfig::new(&sim.base_url(), "demo", "demo")).unwrap();
    let end = sim.now().date().and_time(NaiveTime::MIN) + Duration::days(1);
    let report = SyncJob::new(
        &client,
        Resource::Aanvragen,
        end - Duration::days(90),
        end,
        SyncOptions::default(),
    )
    .run(&mut store, &mut |_| {}, &Cancel::new())
    .await
    .unwrap();
    assert!(report.complete, "{report:?}");
    assert!(report.records > 50, "{report:?}");
    assert!(report.bytes > 50 * 400, "{report:?}");
    // Every byte the simulator sent arrived, token answer included (no gzip, so body bytes
    // are the same on both sides).
    assert_eq!(client.bytes_received(), sim.bytes_sent());
    assert_eq!(sim.requests_received(), client.requests_sent());
    assert_eq!(report.bytes, client.bytes_received());
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

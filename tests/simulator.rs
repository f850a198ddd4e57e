//! The simulator's rules over HTTP: auth, scopes, query language, paging, rate limit, faults,
//! webaanvragen, hooks and determinism.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use coachdesk::resource::Resource;
use coachdesk::simulator::{SimClient, SimConfig, SimHandle, Simulator};
use serde_json::{Value, json};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 6, 18)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap()
}

fn cfg(scale: usize) -> SimConfig {
    SimConfig {
        scale,
        now: now(),
        ..SimConfig::default()
    }
}

async fn start(c: SimConfig) -> (SimHandle, reqwest::Client) {
    (Simulator::start(c).await.unwrap(), reqwest::Client::new())
}

async fn token_for(sim: &SimHandle, http: &reqwest::Client, id: &str, secret: &str) -> String {
    let resp = http
        .post(format!("{}/auth/connect/token", sim.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

async fn get(
    sim: &SimHandle,
    http: &reqwest::Client,
    token: &str,
    path_query: &str,
) -> reqwest::Response {
    http.get(format!("{}/api/v1/{path_query}", sim.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn get_json(
    sim: &SimHandle,
    http: &reqwest::Client,
    token: &str,
    pq: &str,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let resp = get(sim, http, token, pq).await;
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, body, headers)
}

fn changed(v: &Value) -> NaiveDateTime {
    let s = v["auditTrail"]["gewijzigdDatumTijd"].as_str().unwrap();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

fn row_count(h: &reqwest::header::HeaderMap) -> usize {
    h["rowcount"].to_str().unwrap().parse().unwrap()
}

/// A simulator with an extra client `narrow` (password `pw`, scopes `api Aanvragen.Lezen`) whose
/// tokens live one second.
async fn token_sim() -> (SimHandle, reqwest::Client) {
    let mut c = cfg(300);
    c.clients
        .push(SimClient::parse("narrow:pw:api,Aanvragen.Lezen").unwrap());
    c.token_lifetime_secs = 1;
    start(c).await
}

/// The token endpoint's answer to `demo`/`demo` asking for `scope`.
async fn token_response(sim: &SimHandle, http: &reqwest::Client, scope: &str) -> reqwest::Response {
    http.post(format!("{}/auth/connect/token", sim.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
            ("scope", scope),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_token_endpoint_accepts_only_client_credentials_and_known_scopes() {
    let (sim, http) = token_sim().await;
    let url = format!("{}/auth/connect/token", sim.base_url());
    let ok: Value = token_response(&sim, &http, "api Aanvragen.Lezen")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ok["token_type"], "Bearer");
    assert_eq!(ok["expires_in"], 1);
    assert_eq!(ok["scope"], "api Aanvragen.Lezen");
    for form in [
        [
            ("grant_type", "client_credentials"),
            ("client_id", "demo"),
            ("client_secret", "wrong"),
        ],
        [
            ("grant_type", "password"),
            ("client_id", "demo"),
            ("client_secret", "demo"),
        ],
    ] {
        let resp = http.post(&url).form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 400);
        assert_eq!(
            resp.json::<Value>().await.unwrap()["error"],
            "invalid_client"
        );
    }
    let resp = token_response(&sim, &http, "api Nope.Lezen").await;
    assert_eq!(resp.status(), 400);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"],
        "invalid_scope"
    );
}

#[tokio::test]
async fn no_token_or_a_garbage_token_gets_401() {
    let (sim, http) = token_sim().await;
    let none = http
        .get(format!("{}/api/v1/Aanvragen", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    assert_eq!(get(&sim, &http, "garbage", "Aanvragen").await.status(), 401);
}

#[tokio::test]
async fn a_missing_scope_gets_403_naming_it() {
    let (sim, http) = token_sim().await;
    // scope narrowed to Aanvragen.Lezen: Personen → 403 naming the scope
    let ok: Value = token_response(&sim, &http, "api Aanvragen.Lezen")
        .await
        .json()
        .await
        .unwrap();
    let narrow = ok["access_token"].as_str().unwrap();
    assert_eq!(
        get(&sim, &http, narrow, "Aanvragen?take=1").await.status(),
        200
    );
    let (status, body, headers) = get_json(&sim, &http, narrow, "Personen").await;
    assert_eq!(status, 403);
    assert_eq!(body["scope"], "Personen.Lezen");
    assert!(body["detail"].as_str().unwrap().contains("Personen.Lezen"));
    assert!(headers.contains_key("x-rate-limit-remaining"));
    // lezen may read but not write
    let lezen = token_for(&sim, &http, "lezen", "lezen").await;
    let resp = http
        .post(format!("{}/api/v1/Webaanvragen", sim.base_url()))
        .bearer_auth(&lezen)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["scope"],
        "Webaanvragen.Schrijven"
    );
    // a client's own narrow scope list applies without a scope parameter
    let n = token_for(&sim, &http, "narrow", "pw").await;
    assert_eq!(get(&sim, &http, &n, "Opleidingen").await.status(), 403);
}

#[tokio::test]
async fn an_expired_token_gets_401_with_an_expired_challenge() {
    let (sim, http) = token_sim().await;
    let ok: Value = token_response(&sim, &http, "api Aanvragen.Lezen")
        .await
        .json()
        .await
        .unwrap();
    let token = ok["access_token"].as_str().unwrap();
    assert_eq!(get(&sim, &http, token, "Aanvragen").await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let expired = get(&sim, &http, token, "Aanvragen").await;
    assert_eq!(expired.status(), 401);
    let challenge = expired.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(challenge.contains("expired"), "{challenge}");
}

#[tokio::test]
async fn every_resource_lists_and_gets_by_id_with_audit_trail() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    for r in Resource::ALL {
        let (status, list, _) = get_json(&sim, &http, &t, &format!("{}?take=5", r.name())).await;
        assert_eq!(status, 200, "{r}");
        let list = list.as_array().unwrap();
        assert!(!list.is_empty(), "{r} is empty");
        let first = &list[0];
        let id = first["id"].as_str().unwrap();
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().to_string(), id);
        assert!(first["auditTrail"]["etag"].is_i64());
        let (status, one, _) = get_json(&sim, &http, &t, &format!("{}/{id}", r.name())).await;
        assert_eq!(status, 200);
        assert_eq!(&one, first);
    }
    let missing = "Aanvragen/00000000-0000-0000-0000-000000000000";
    assert_eq!(get(&sim, &http, &t, missing).await.status(), 404);
    assert_eq!(get(&sim, &http, &t, "Bestaatniet").await.status(), 404);
}

#[tokio::test]
async fn date_window_count_skip_take_and_order() {
    let (sim, http) = start(cfg(1_000)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let all = sim.all(Resource::Aanvragen);
    // the busiest day, with its expected contents computed from the records themselves
    let mut per_day = std::collections::BTreeMap::<NaiveDate, usize>::new();
    for a in &all {
        *per_day.entry(changed(a).date()).or_default() += 1;
    }
    let (day, n) = per_day
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(d, n)| (*d, *n))
        .unwrap();
    assert!(n > 3);
    let next = day + Duration::days(1);
    let q = format!(
        "Aanvragen?where=audittrail.gewijzigddatumtijd={},{}&Count=true&take=3",
        day.format("%d-%m-%Y"),
        next.format("%d-%m-%Y")
    );
    let (status, page, headers) = get_json(&sim, &http, &t, &q).await;
    assert_eq!(status, 200);
    assert_eq!(row_count(&headers), n);
    let page = page.as_array().unwrap();
    assert_eq!(page.len(), 3);
    assert!(page.iter().all(|a| changed(a).date() == day));
    assert!(page.windows(2).all(|w| changed(&w[0]) <= changed(&w[1])));
    // A data page carries no RowCount unless asked, but for the `count-always` dialect.
    let data = q.replace("&Count=true", "");
    let (_, page, headers) = get_json(&sim, &http, &t, &data).await;
    assert_eq!(page.as_array().unwrap().len(), 3);
    assert!(headers.get("rowcount").is_none());
    sim.set_dialect(coachdesk::simulator::dialect::Dialect::parse("count-always").unwrap());
    let (_, page, headers) = get_json(&sim, &http, &t, &format!("{data}&skip=1")).await;
    assert_eq!(page.as_array().unwrap().len(), 3);
    assert_eq!(row_count(&headers), n, "the query's total, not the page's");
    sim.set_dialect(coachdesk::simulator::dialect::Dialect::default());
    // paging through the window with skip covers every record once
    let mut seen = Vec::new();
    let mut skip = 0;
    loop {
        let q = format!(
            "Aanvragen?where=auditTrail.gewijzigdDatumTijd={day}T00:00:00,{next}&skip={skip}&take=2"
        );
        let (_, p, _) = get_json(&sim, &http, &t, &q).await;
        let p = p.as_array().unwrap().clone();
        seen.extend(p.iter().map(|a| a["id"].as_str().unwrap().to_string()));
        if p.len() < 2 {
            break;
        }
        skip += 2;
    }
    let unique: std::collections::BTreeSet<_> = seen.iter().collect();
    assert_eq!((seen.len(), unique.len()), (n, n));
    // descending order by change time
    let q = "Aanvragen?orderby=audittrail.gewijzigddatumtijd%20desc&take=10";
    let (_, desc, _) = get_json(&sim, &http, &t, q).await;
    let desc = desc.as_array().unwrap();
    let latest = all.iter().map(changed).max().unwrap();
    assert_eq!(changed(&desc[0]), latest);
    assert!(desc.windows(2).all(|w| changed(&w[0]) >= changed(&w[1])));
    // orderby another field
    let (_, by_nr, _) = get_json(&sim, &http, &t, "Aanvragen?orderby=nummer+desc&take=5").await;
    let nrs: Vec<i64> = by_nr
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["nummer"].as_i64().unwrap())
        .collect();
    let max_nr = all
        .iter()
        .map(|a| a["nummer"].as_i64().unwrap())
        .max()
        .unwrap();
    assert_eq!(nrs[0], max_nr);
    assert!(nrs.windows(2).all(|w| w[0] > w[1]));
}

#[tokio::test]
async fn where_operators_lists_and_filters() {
    let (sim, http) = start(cfg(500)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let regels = sim.all(Resource::Orderverkoopregels);
    let ids: Vec<String> = regels
        .iter()
        .take(3)
        .map(|r| r["aanvraagId"].as_str().unwrap().to_string())
        .collect();
    let expected = regels
        .iter()
        .filter(|r| ids.iter().any(|i| r["aanvraagId"] == i.as_str()))
        .count();
    let q = format!(
        "Orderverkoopregels?where=aanvraagid={}&take=100",
        ids.join(",")
    );
    let (status, list, _) = get_json(&sim, &http, &t, &q).await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), expected);
    // an id list on id itself, in upper case
    let a_ids: Vec<String> = sim
        .all(Resource::Aanvragen)
        .iter()
        .skip(10)
        .take(4)
        .map(|a| a["id"].as_str().unwrap().to_uppercase())
        .collect();
    let (_, list, _) = get_json(
        &sim,
        &http,
        &t,
        &format!("Aanvragen?where=id={}", a_ids.join(",")),
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 4);
    // status IN list + bool + >= on a date in dd.mm.yyyy
    let from = now().date().format("%Y-%m-%d").to_string();
    let want = sim
        .all(Resource::Opleidingen)
        .iter()
        .filter(|o| {
            matches!(
                o["opleidingStatusId"].as_str(),
                Some("TeStarten" | "Definitief")
            ) && o["publicatie"] == true
                && o["startDatum"].as_str().unwrap() >= from.as_str()
        })
        .count();
    let q = format!(
        "Opleidingen?where=opleidingStatusId=TeStarten,Definitief;publicatie=true;startDatum>={}&Count=true&take=1",
        now().format("%d.%m.%Y")
    );
    let (_, _, headers) = get_json(&sim, &http, &t, &q).await;
    assert_eq!(row_count(&headers), want);
    // > on the change time with an ISO date-time
    let cut = now() - Duration::days(30);
    let want = sim
        .all(Resource::Personen)
        .iter()
        .filter(|p| changed(p) > cut)
        .count();
    let q = format!(
        "Personen?where=audittrail.gewijzigddatumtijd>{}&Count=true",
        cut.format("%Y-%m-%dT%H:%M:%S")
    );
    let (_, _, headers) = get_json(&sim, &http, &t, &q).await;
    assert_eq!(row_count(&headers), want);
}

#[tokio::test]
async fn malformed_queries_answer_400_naming_the_problem() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    for (q, needle) in [
        ("Aanvragen?where=bestaatniet=1", "bestaatniet"),
        ("Aanvragen?where=nummer!=1", "operator"),
        (
            "Aanvragen?where=audittrail.gewijzigddatumtijd=31-02-2021,01-03-2021",
            "31-02-2021",
        ),
        (
            "Aanvragen?where=audittrail.gewijzigddatumtijd>gisteren",
            "gisteren",
        ),
        ("Aanvragen?orderby=nummer%20sideways", "orderby"),
        ("Aanvragen?take=-1", "take"),
        ("Aanvragen?skip=veel", "skip"),
    ] {
        let (status, body, headers) = get_json(&sim, &http, &t, q).await;
        assert_eq!(status, 400, "{q}");
        assert!(
            body["detail"].as_str().unwrap().contains(needle),
            "{q}: {body}"
        );
        assert!(headers.contains_key("x-rate-limit-limit"));
    }
}

#[tokio::test]
async fn take_is_capped_and_high_skip_fails() {
    let mut c = cfg(500);
    c.max_take = 20;
    c.max_skip = 100;
    c.skip_cost_us = 2_000;
    let (sim, http) = start(c).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let (_, big, _) = get_json(&sim, &http, &t, "Aanvragen?take=1000").await;
    assert_eq!(big.as_array().unwrap().len(), 20);
    let (_, default, _) = get_json(&sim, &http, &t, "Aanvragen").await;
    assert_eq!(default.as_array().unwrap().len(), 20);
    // each skipped record costs 2 ms: skipping 100 takes at least 200 ms
    let started = coachdesk::clock::Clock::system().instant();
    let (status, _, _) = get_json(&sim, &http, &t, "Aanvragen?skip=100&take=5").await;
    assert_eq!(status, 200);
    assert!(
        coachdesk::clock::Clock::system().since(started) >= std::time::Duration::from_millis(200)
    );
    let (status, body, _) = get_json(&sim, &http, &t, "Aanvragen?skip=101&take=5").await;
    assert_eq!(status, 500);
    assert!(body["detail"].as_str().unwrap().contains("timed out"));
}

#[tokio::test]
async fn rate_limit_counts_refuses_and_resets() {
    let mut c = cfg(300);
    c.daily_limit = 3;
    let (sim, http) = start(c).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let (status, _, h) = get_json(&sim, &http, &t, "Betaalwijzen").await;
        assert_eq!(status, 200);
        assert_eq!(h["x-rate-limit-limit"], "3");
        remaining.push(h["x-rate-limit-remaining"].to_str().unwrap().to_string());
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let (status, _, h) = get_json(&sim, &http, &t, "Betaalwijzen").await;
    assert_eq!(status, 429);
    // What AspNetCoreRateLimit sends: Retry-After (seconds) and a text body, no X-Rate-Limit-*.
    assert!(!h.contains_key("x-rate-limit-remaining"), "{h:?}");
    let secs: i64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    let minutes = secs / 60;
    assert!((23 * 60 + 55..=24 * 60).contains(&minutes), "{minutes}");
    // another client is not affected; a new token does not help
    let l = token_for(&sim, &http, "lezen", "lezen").await;
    assert_eq!(get(&sim, &http, &l, "Betaalwijzen").await.status(), 200);
    let t2 = token_for(&sim, &http, "demo", "demo").await;
    assert_eq!(get(&sim, &http, &t2, "Betaalwijzen").await.status(), 429);
    sim.reset_rate_limits();
    assert_eq!(get(&sim, &http, &t2, "Betaalwijzen").await.status(), 200);
    // 3 tokens + 3 ok + 1 refused + 1 lezen + 1 refused + 1 after reset
    assert_eq!(sim.requests_received(), 3 + 3 + 1 + 1 + 1 + 1);
}

fn webaanvraag_body(sim: &SimHandle) -> Value {
    let opl = &sim.all(Resource::Opleidingen)[0];
    json!({
        "referentieNrKlant": "TEST-42", "opmerking": null, "aantalPersonen": 2,
        "uitvoeringstermijn": null, "aanvraagIsOrder": true,
        "vrijevelden": {"additionalProp1": "string", "additionalProp2": "string"},
        "bedrijf": {"naam": "Polder Bouw B.V.", "emailadres": null, "adres": null,
                    "vrijevelden": {"additionalProp1": "string"}, "categorieen": [{"categorieId": null}]},
        "contactpersoon": {"voornaam": "Anna", "tussenvoegsels": "de", "achternaam": "Jong",
                           "emailadres": "anna@polder.nl", "vrijeveldenPersoon": {"additionalProp1": "x"}},
        "contactpersoonIsLeidinggevende": true, "autorisatieEigenaar": null, "debiteur": null,
        "deelnemers": [
            {"voornaam": "Anna", "achternaam": "Jong", "emailadres": "ANNA@polder.nl"},
            {"voornaam": "Piet", "achternaam": "Smit", "emailadres": null}
        ],
        "opleidingen": [{"opleidingId": opl["id"], "opleidingssoortId": null}]
    })
}

#[tokio::test]
async fn webaanvraag_is_created_listed_and_books_seats() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let url = format!("{}/api/v1/Webaanvragen", sim.base_url());
    let body = webaanvraag_body(&sim);
    let opl_id = body["opleidingen"][0]["opleidingId"]
        .as_str()
        .unwrap()
        .to_string();
    let before = sim.record(Resource::Opleidingen, &opl_id).unwrap();
    let resp = http
        .post(&url)
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let created: Value = resp.json().await.unwrap();
    assert!(created["nummer"].is_i64());
    assert_eq!(created["betaalproviderRedirectUrl"], "");
    let id = created["id"].as_str().unwrap();
    let q = "Webaanvragen?where=referentieNrKlant=test-42";
    let (_, list, _) = get_json(&sim, &http, &t, q).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["aantalDeelnemers"], 2);
    assert_eq!(list[0]["contactpersoonIsDeelnemer"], true);
    let after = sim.record(Resource::Opleidingen, &opl_id).unwrap();
    let bezet = |v: &Value| v["aantalPlaatsenBezet"].as_i64().unwrap();
    assert_eq!(bezet(&after), bezet(&before) + 2);
    assert!(changed(&after) > changed(&before));
    assert!(after["auditTrail"]["etag"].as_i64() > before["auditTrail"]["etag"].as_i64());
    let received = sim.webaanvragen_received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["_body"], body);
    // a sparse body with S2's "" placeholders: self-registration on an opleidingssoort
    let sparse = json!({"bedrijf": "", "vrijevelden": "", "deelnemers": "",
        "contactpersoon": {"achternaam": "Visser", "emailadres": "v@x.nl"},
        "opleidingen": [{"opleidingssoortId": sim.all(Resource::Opleidingssoorten)[0]["id"]}]});
    let resp = http
        .post(&url)
        .bearer_auth(&t)
        .json(&sparse)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let received = sim.webaanvragen_received();
    assert_eq!(received[1]["aantalDeelnemers"], 1);
    assert_eq!(received[1]["contactpersoonIsDeelnemer"], true);
}

#[tokio::test]
async fn invalid_webaanvragen_get_problem_details() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let url = format!("{}/api/v1/Webaanvragen", sim.base_url());
    let resp = http
        .post(&url)
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body("{\"opleidingen\": [")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let p: Value = resp.json().await.unwrap();
    assert_eq!(p["status"], 400);
    assert!(p["errors"]["$"].is_array());
    let mut body = webaanvraag_body(&sim);
    body["contactpersoon"]["emailadres"] = json!("geen-email");
    body["deelnemers"][1]["achternaam"] = json!("");
    body["opleidingen"] = json!([{"opleidingId": "00000000-0000-0000-0000-000000000000"}]);
    let resp = http
        .post(&url)
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let p: Value = resp.json().await.unwrap();
    let keys: Vec<&str> = p["errors"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "contactpersoon.emailadres",
            "deelnemers[1].achternaam",
            "opleidingen[0].opleidingId"
        ]
    );
    let resp = http
        .post(&url)
        .bearer_auth(&t)
        .json(&json!({"opleidingen": []}))
        .send()
        .await
        .unwrap();
    let p: Value = resp.json().await.unwrap();
    assert!(p["errors"]["opleidingen"].is_array());
    assert!(p["errors"]["contactpersoon"].is_array());
    assert!(sim.webaanvragen_received().is_empty());
}

#[tokio::test]
async fn faults_drops_lost_responses_and_offline() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let list_url = format!("{}/api/v1/Betaalwijzen", sim.base_url());
    sim.set_faults(1.0, 0.0, 0.0, 0);
    let status = get(&sim, &http, &t, "Betaalwijzen").await.status().as_u16();
    assert!([500, 502, 503].contains(&status));
    sim.set_faults(0.0, 1.0, 0.0, 0);
    let err = http.get(&list_url).bearer_auth(&t).send().await;
    assert!(
        err.is_err(),
        "a dropped connection must be a transport error"
    );
    sim.set_faults(0.0, 0.0, 1.0, 0);
    let body = webaanvraag_body(&sim);
    let lost = http
        .post(format!("{}/api/v1/Webaanvragen", sim.base_url()))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await;
    assert!(lost.is_err());
    assert_eq!(
        sim.webaanvragen_received().len(),
        1,
        "committed although the answer was lost"
    );
    sim.set_faults(0.0, 0.0, 0.0, 150);
    let started = coachdesk::clock::Clock::system().instant();
    assert_eq!(get(&sim, &http, &t, "Betaalwijzen").await.status(), 200);
    assert!(
        coachdesk::clock::Clock::system().since(started) >= std::time::Duration::from_millis(150)
    );
    sim.set_faults(0.0, 0.0, 0.0, 0);
    sim.set_offline(true);
    assert!(http.get(&list_url).bearer_auth(&t).send().await.is_err());
    sim.set_offline(false);
    assert_eq!(get(&sim, &http, &t, "Betaalwijzen").await.status(), 200);
}

#[tokio::test]
async fn hooks_change_what_the_api_shows() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let when = now() + Duration::hours(1);
    let day = when.date();
    let q = format!(
        "Bedrijven?where=audittrail.gewijzigddatumtijd={},{}&Count=true",
        day,
        day + Duration::days(1)
    );
    let (_, _, h) = get_json(&sim, &http, &t, &q).await;
    let base = row_count(&h);
    let id = sim.upsert(Resource::Bedrijven, json!({"naam": "Nieuw B.V."}), when);
    let existing = sim.all(Resource::Bedrijven)[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(sim.touch(Resource::Bedrijven, &existing, when));
    let (_, list, h) = get_json(&sim, &http, &t, &q).await;
    assert_eq!(row_count(&h), base + 2);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|b| b["naam"] == "Nieuw B.V.")
    );
    let changes = sim.changed_between(Resource::Bedrijven, when, when + Duration::seconds(1));
    assert_eq!(changes.len(), 2);
    sim.upsert(
        Resource::Bedrijven,
        json!({"id": id, "plaats": "Ede"}),
        when + Duration::hours(1),
    );
    let merged = sim.record(Resource::Bedrijven, &id).unwrap();
    assert_eq!(
        (merged["naam"].as_str(), merged["plaats"].as_str()),
        (Some("Nieuw B.V."), Some("Ede"))
    );
    let count = sim.count(Resource::Bedrijven);
    assert!(sim.delete(Resource::Bedrijven, &id));
    assert_eq!(sim.count(Resource::Bedrijven), count - 1);
    assert_eq!(
        get(&sim, &http, &t, &format!("Bedrijven/{id}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn relations_are_embedded_on_request() {
    let (sim, http) = start(cfg(300)).await;
    let t = token_for(&sim, &http, "demo", "demo").await;
    let (_, plain, _) = get_json(&sim, &http, &t, "Opleidingen?take=1").await;
    assert!(plain[0].get("opleidingssoort").is_none());
    let q = "Opleidingen?take=1&InclusiefDirecteRelaties=true";
    let (_, rich, _) = get_json(&sim, &http, &t, q).await;
    assert_eq!(
        rich[0]["opleidingssoort"]["id"],
        rich[0]["opleidingssoortId"]
    );
    assert!(rich[0]["startLocatie"]["bedrijf"]["bezoekadres"]["postcode"].is_string());
    let q = "Aanvragen?take=1&inclusiefdirecterelaties=true";
    let (_, aanvraag, _) = get_json(&sim, &http, &t, q).await;
    assert_eq!(aanvraag[0]["bedrijf"]["id"], aanvraag[0]["bedrijfId"]);
}

fn valid_postcode(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b' '
        && b[5..].iter().all(u8::is_ascii_uppercase)
        && !matches!(&s[5..], "SA" | "SD" | "SS")
}

#[test]
fn seed_determines_the_data_and_spawn_works_from_sync_code() {
    let a = Simulator::spawn(cfg(300)).unwrap();
    let b = Simulator::spawn(cfg(300)).unwrap();
    let mut other = cfg(300);
    other.seed = 2;
    let c = Simulator::spawn(other).unwrap();
    for r in Resource::ALL {
        assert_eq!(a.all(r), b.all(r), "{r}");
    }
    assert_ne!(a.all(Resource::Personen), c.all(Resource::Personen));
    assert_ne!(a.base_url(), b.base_url());
    // realistic data: valid postcodes, office-hour change times, ~400 days of history
    for p in a.all(Resource::Personen) {
        assert!(
            valid_postcode(p["adres"]["postcode"].as_str().unwrap()),
            "{}",
            p["adres"]
        );
        let t = changed(&p);
        assert!(t <= now() && t > now() - Duration::days(401));
        assert!((8..18).contains(&chrono::Timelike::hour(&t)));
    }
    // the spawned server answers a client on another runtime
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let token = rt.block_on(token_for(&a, &reqwest::Client::new(), "demo", "demo"));
    assert!(token.len() >= 32);
    for h in [a, b, c] {
        h.shutdown();
    }
}

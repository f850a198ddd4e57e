//! API client rules against a scripted HTTP server (exact statuses and bodies) plus property
//! tests over the query builder and the response decoder.

use coachdesk::api::decode::decode_list;
use coachdesk::api::{ApiErrorKind, Client, ClientConfig, Query, ReferenceLookup};
use coachdesk::resource::Resource;
use proptest::prelude::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One scripted answer: status, extra headers, body.
type Answer = (u16, Vec<(String, String)>, String);
type Script = Arc<dyn Fn(&str, usize) -> Answer + Send + Sync>;

/// A tiny HTTP/1.1 server: tokens always succeed (`tok-N`), API requests follow `script`
/// (request line, index of the API request). Records every request line and auth header.
struct Mock {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Mock {
    async fn start(script: Script) -> Mock {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            let mut tokens = 0;
            let mut api = 0;
            while let Ok((mut sock, _)) = listener.accept().await {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break None;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break Some(p);
                    }
                };
                let Some(head_end) = head_end else { continue };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let line = head.lines().next().unwrap_or_default().to_string();
                let auth = head
                    .lines()
                    .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
                    .unwrap_or("")
                    .to_string();
                log.lock().unwrap().push(format!("{line} | {auth}"));
                let (status, headers, body) = if line.contains("/auth/connect/token") {
                    tokens += 1;
                    (
                        200,
                        vec![],
                        format!(r#"{{"access_token":"tok-{tokens}","expires_in":3600}}"#),
                    )
                } else {
                    api += 1;
                    script(&line, api - 1)
                };
                if status == 0 {
                    continue; // drop the connection without an answer
                }
                let mut resp = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (k, v) in headers {
                    resp.push_str(&format!("{k}: {v}\r\n"));
                }
                resp.push_str("\r\n");
                resp.push_str(&body);
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            }
        });
        Mock { url, seen }
    }

    fn client(&self) -> Client {
        Client::new(ClientConfig::new(&self.url, "id", "very-secret")).unwrap()
    }

    fn api_requests(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains("/api/v1/"))
            .cloned()
            .collect()
    }
}

fn ok(body: &str) -> Answer {
    (200, vec![], body.to_string())
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_repeats_once() {
    let mock = Mock::start(Arc::new(|_, i| {
        if i == 0 {
            (401, vec![], String::new())
        } else {
            ok("[]")
        }
    }))
    .await;
    let c = mock.client();
    let page = c.list(Resource::Aanvragen, &Query::new()).await.unwrap();
    assert!(page.records.is_empty());
    let api = mock.api_requests();
    assert_eq!(api.len(), 2);
    assert!(
        api[0].contains("Bearer tok-1") && api[1].contains("Bearer tok-2"),
        "{api:?}"
    );

    let always = Mock::start(Arc::new(|_, _| (401, vec![], String::new()))).await;
    let e = always
        .client()
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);
    assert_eq!(always.api_requests().len(), 2);
    assert!(!format!("{e:?}").contains("tok-") && !format!("{e:?}").contains("very-secret"));
}

#[tokio::test]
async fn a_429_blocks_every_request_until_the_reset() {
    let reset =
        (coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(3)).to_rfc3339();
    let headers = vec![
        ("X-Rate-Limit-Limit".to_string(), "5000".to_string()),
        ("X-Rate-Limit-Remaining".to_string(), "0".to_string()),
        ("X-Rate-Limit-Reset".to_string(), reset),
    ];
    let mock = Mock::start(Arc::new(move |_, _| (429, headers.clone(), "{}".into()))).await;
    let c = mock.client();
    let e = c
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    let ApiErrorKind::RateLimited {
        reset_at: Some(reset_at),
        limit: Some(5000),
    } = e.kind
    else {
        panic!("{e:?}")
    };
    assert!(
        reset_at > coachdesk::clock::Clock::system().now_utc() + chrono::Duration::minutes(170)
    );
    let sent = c.requests_sent();
    for _ in 0..3 {
        let e = c
            .count(Resource::Personen, &Query::new())
            .await
            .unwrap_err();
        assert!(matches!(e.kind, ApiErrorKind::RateLimited { .. }));
    }
    assert_eq!(
        c.requests_sent(),
        sent,
        "nothing may be sent before the reset"
    );
    assert_eq!(mock.api_requests().len(), 1);
    assert_eq!(c.rate_limit().remaining, Some(0));
}

#[tokio::test]
async fn a_500_is_not_retried_but_503_and_drops_are_three_times_at_most() {
    let m500 = Mock::start(Arc::new(|_, _| (500, vec![], "timeout".into()))).await;
    let e = m500
        .client()
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Server { status: 500 });
    assert_eq!(m500.api_requests().len(), 1);

    let m503 = Mock::start(Arc::new(|_, i| {
        if i < 2 {
            (503, vec![], String::new())
        } else {
            ok("[]")
        }
    }))
    .await;
    m503.client()
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap();
    assert_eq!(m503.api_requests().len(), 3);

    let dropped = Mock::start(Arc::new(|_, _| (0, vec![], String::new()))).await;
    let e = dropped
        .client()
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    assert!(matches!(e.kind, ApiErrorKind::Network { .. }), "{e:?}");
    assert_eq!(dropped.api_requests().len(), 3);
}

#[tokio::test]
async fn a_webaanvraag_post_is_never_retried() {
    let dropped = Mock::start(Arc::new(|_, _| (0, vec![], String::new()))).await;
    let e = dropped
        .client()
        .post_webaanvraag(&json!({"referentieNrKlant": "r1"}))
        .await
        .unwrap_err();
    assert!(e.is_ambiguous(), "{e:?}");
    assert_eq!(dropped.api_requests().len(), 1);

    let created = Mock::start(Arc::new(|_, _| {
        (
            201,
            vec![],
            r#"{"id":"w-1","nummer":17,"betaalproviderRedirectUrl":""}"#.into(),
        )
    }))
    .await;
    let w = created.client().post_webaanvraag(&json!({})).await.unwrap();
    assert_eq!(w.id.as_deref(), Some("w-1"));
    assert_eq!(w.nummer, Some(json!(17)));
    assert_eq!(w.betaalprovider_redirect_url, None);

    let bad = r#"{"type":"x","title":"Validation","status":400,"errors":{"contactpersoon.emailadres":["Verplicht"]}}"#;
    let invalid = Mock::start(Arc::new(move |_, _| (400, vec![], bad.to_string()))).await;
    let e = invalid
        .client()
        .post_webaanvraag(&json!({}))
        .await
        .unwrap_err();
    let ApiErrorKind::BadRequest { field_errors, .. } = e.kind else {
        panic!()
    };
    assert_eq!(
        field_errors["contactpersoon.emailadres"],
        vec!["Verplicht".to_string()]
    );
}

#[tokio::test]
async fn garbage_and_truncated_bodies_are_clear_errors() {
    for body in [
        "<html>502 Bad Gateway</html>",
        "[{\"id\":\"a\",\"naam\":\"Jan",
        "",
    ] {
        let b = body.to_string();
        let m = Mock::start(Arc::new(move |_, _| ok(&b))).await;
        let e = m
            .client()
            .list(Resource::Aanvragen, &Query::new())
            .await
            .unwrap_err();
        let ApiErrorKind::Decode { path, .. } = &e.kind else {
            panic!("{e:?}")
        };
        assert!(path.starts_with('$'), "{path}");
        assert_eq!(e.status, Some(200));
    }
    let m = Mock::start(Arc::new(|_, _| ok("[]"))).await;
    let e = m
        .client()
        .count(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind, ApiErrorKind::Decode { .. }),
        "no RowCount header: {e:?}"
    );
}

#[tokio::test]
async fn count_reads_row_count_and_queries_arrive_exactly() {
    let m = Mock::start(Arc::new(|_, _| {
        (
            200,
            vec![("RowCount".into(), "1234".into())],
            "[{\"id\":\"a\"}]".into(),
        )
    }))
    .await;
    let c = m.client();
    let q = Query::new().where_in("aanvraagid", &["a", "b"]);
    assert_eq!(
        c.count(Resource::Orderverkoopregels, &q).await.unwrap(),
        1234
    );
    let api = m.api_requests();
    assert!(
        api[0]
            .starts_with("GET /api/v1/Orderverkoopregels?where=aanvraagid=a,b&take=1&Count=true "),
        "{api:?}"
    );
}

proptest! {
    #[test]
    fn query_string_decodes_back_to_its_pairs(
        field in "[A-Za-z][A-Za-z0-9.]{0,20}",
        values in proptest::collection::vec("\\PC{0,12}", 1..6),
        skip in 0u64..5000, take in 1u64..500,
    ) {
        let q = Query::new().where_in(&field, &values).where_eq("x", &values[0]).skip(skip).take(take).count(true);
        let qs = q.to_query_string();
        let decoded: Vec<(String, String)> = url::form_urlencoded::parse(qs.as_bytes()).into_owned().collect();
        prop_assert_eq!(decoded, q.to_pairs());
        let w = q.where_value().unwrap();
        let expected = format!("{field}={};x={}", values.join(","), values[0]);
        prop_assert_eq!(w, expected);
    }

    #[test]
    fn decoder_never_panics_and_keeps_every_object(
        items in proptest::collection::vec(prop_oneof![
            Just(json!(1)), Just(json!(null)), Just(json!("x")),
            "[a-z]{1,8}".prop_map(|id| json!({"id": id, "auditTrail": {"gewijzigdDatumTijd": "2025-01-16T15:47:18.433", "etag": 3}})),
            any::<i64>().prop_map(|n| json!({"id": "n", "auditTrail": {"gewijzigdDatumTijd": n, "etag": "x"}})),
        ], 0..30),
        junk in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let body = serde_json::to_vec(&items).unwrap();
        let (records, issues) = decode_list(&body).unwrap();
        let objects = items.iter().filter(|v| v.is_object()).count();
        prop_assert_eq!(records.len(), objects);
        prop_assert!(issues.len() >= items.len() - objects);
        let _ = decode_list(&junk);
        let _ = decode_list(&body[..body.len() / 2]);
    }
}

mod against_the_simulator {
    use super::*;
    use coachdesk::simulator::{SimClient, SimConfig, Simulator};

    fn body(opleiding_id: &serde_json::Value, reference: &str) -> serde_json::Value {
        json!({
            "referentieNrKlant": reference, "aantalPersonen": 1, "aanvraagIsOrder": false,
            "contactpersoon": {"voornaam": "Anna", "achternaam": "Jong", "emailadres": "anna@polder.nl"},
            "opleidingen": [{"opleidingId": opleiding_id, "opleidingssoortId": null}]
        })
    }

    #[tokio::test]
    async fn scopes_secrets_and_a_webaanvraag_round_trip() {
        let only_api = SimClient {
            id: "smal".into(),
            secret: "s".into(),
            scopes: vec!["api".into()],
        };
        let sim = Simulator::start(SimConfig {
            scale: 200,
            clients: vec![only_api],
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let url = sim.base_url();

        let wrong = Client::new(ClientConfig::new(&url, "demo", "not-the-secret")).unwrap();
        let e = wrong.ensure_token().await.unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert!(!e.body.contains("not-the-secret") && !e.path.contains("not-the-secret"));

        let narrow = Client::new(ClientConfig::new(&url, "smal", "s")).unwrap();
        let e = narrow
            .list(Resource::Aanvragen, &Query::new().take(1))
            .await
            .unwrap_err();
        assert_eq!(
            e.kind,
            ApiErrorKind::Forbidden {
                scope_hint: Some("Aanvragen.Lezen".into())
            }
        );

        let demo = Client::new(ClientConfig::new(&url, "demo", "demo")).unwrap();
        demo.ensure_token().await.unwrap();
        let opl = sim.all(Resource::Opleidingen)[0]["id"].clone();
        let created = demo.post_webaanvraag(&body(&opl, "REF-1")).await.unwrap();
        assert!(
            created.id.is_some() && created.nummer.is_some(),
            "{created:?}"
        );
        let found = |lookup: ReferenceLookup| match lookup {
            ReferenceLookup::Found {
                records,
                server_now,
                ..
            } => {
                assert!(server_now.is_some(), "the simulator sends a Date header");
                records
            }
            other => panic!("{other:?}"),
        };
        let one = found(demo.find_webaanvraag_by_reference("REF-1").await.unwrap());
        assert_eq!(one.len(), 1);
        assert_eq!(one[0]["id"].as_str(), created.id.as_deref());
        assert!(found(demo.find_webaanvraag_by_reference("REF-404").await.unwrap()).is_empty());
        assert!(demo.rate_limit().remaining.is_some() && demo.rate_limit().reset_at.is_some());

        let invalid =
            json!({"referentieNrKlant": "REF-2", "contactpersoon": {"emailadres": "geen-mail"}});
        let e = demo.post_webaanvraag(&invalid).await.unwrap_err();
        let ApiErrorKind::BadRequest { field_errors, .. } = &e.kind else {
            panic!("{e:?}")
        };
        assert!(!field_errors.is_empty());

        // Committed, but the answer is lost: one request only, an ambiguous error, and the
        // reference finds what the server stored.
        sim.set_faults(0.0, 0.0, 1.0, 0);
        let sent = demo.requests_sent();
        let e = demo
            .post_webaanvraag(&body(&opl, "REF-3"))
            .await
            .unwrap_err();
        assert!(e.is_ambiguous(), "{e:?}");
        assert_eq!(demo.requests_sent() - sent, 1);
        sim.set_faults(0.0, 0.0, 0.0, 0);
        assert_eq!(
            found(demo.find_webaanvraag_by_reference("REF-3").await.unwrap()).len(),
            1
        );
        sim.shutdown();
    }
}

//! Rate-limit headers as hostile input (issue 10 point 4, issue 12 point 9): resets far in the
//! future are cut to 48 hours and never stored unreadable, `Retry-After` as an HTTP date is
//! waited out in place, a period limit invents no daily number, and a restarted CLI starts
//! informed.

use coachdesk::api::{ApiErrorKind, Client, ClientConfig, Query};
use coachdesk::outbox::{Outbox, Status};
use coachdesk::resource::Resource;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

type Answer = (u16, Vec<(String, String)>, String);
type Script = Arc<dyn Fn(usize) -> Answer + Send + Sync>;

/// A tiny HTTP/1.1 server: tokens always succeed; API request `i` gets `script(i)`. Counts API
/// requests.
async fn mock(script: Script) -> (String, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(Mutex::new(0usize));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let head = String::from_utf8_lossy(&buf).to_string();
            let (status, headers, body) = if head.contains("/auth/connect/token") {
                (
                    200,
                    vec![],
                    r#"{"access_token":"t","expires_in":3600}"#.to_string(),
                )
            } else {
                let i = {
                    let mut c = seen.lock().unwrap();
                    *c += 1;
                    *c - 1
                };
                script(i)
            };
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
    (url, count)
}

/// An answer with the `X-Rate-Limit-*` trio.
fn with_limits(status: u16, limit: &str, remaining: &str, reset: &str, body: &str) -> Answer {
    (
        status,
        vec![
            ("X-Rate-Limit-Limit".into(), limit.into()),
            ("X-Rate-Limit-Remaining".into(), remaining.into()),
            ("X-Rate-Limit-Reset".into(), reset.into()),
        ],
        body.into(),
    )
}

fn limited(reset: &str) -> Answer {
    with_limits(429, "5000", "0", reset, "{}")
}

#[tokio::test]
async fn far_resets_are_cut_to_48_hours_and_the_outbox_stays_readable() {
    for reset in [
        "+10000-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59+01:00",
    ] {
        let r = reset.to_string();
        let (url, _) = mock(Arc::new(move |_| limited(&r))).await;
        let c = Client::new(ClientConfig::new(&url, "a", "b")).unwrap();
        let e = c
            .list(Resource::Aanvragen, &Query::new())
            .await
            .unwrap_err();
        let ApiErrorKind::RateLimited {
            reset_at: Some(at), ..
        } = e.kind
        else {
            panic!("{e:?}")
        };
        assert!(
            at <= coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(48),
            "{reset}: {at}"
        );

        let dir = std::env::temp_dir().join(format!("coachdesk-rl-{}", uuid::Uuid::new_v4()));
        let path = dir.join("outbox.sqlite");
        let outbox = Outbox::open(&path).unwrap();
        let c = Client::new(ClientConfig::new(&url, "a", "b")).unwrap();
        let id = outbox.enqueue(json!({"aantalPersonen": 1}), None).unwrap();
        let entry = outbox
            .send_now(id, &c, coachdesk::clock::Clock::system().now_utc())
            .await
            .unwrap();
        let Status::WaitingForReset { reset_at } = entry.status else {
            panic!("{:?}", entry.status)
        };
        assert!(
            reset_at <= coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(48)
        );
        drop(outbox);
        // What was stored reads back (the CLI's `outbox list` and `flush` open it like this).
        let again = Outbox::open(&path).unwrap();
        assert_eq!(again.list().unwrap().len(), 1, "{reset}");
        // And the kept tenant state too.
        coachdesk::api::capabilities::save(&dir, &c.tenant_state()).unwrap();
        let kept = coachdesk::api::capabilities::load(&dir);
        assert!(kept.rate_limit.reset_at.is_some_and(
            |t| t <= coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(48)
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_out_in_place() {
    let (url, count) = mock(Arc::new(|i| {
        if i == 0 {
            let at = coachdesk::clock::Clock::system().now_utc() + chrono::Duration::seconds(2);
            (
                429,
                vec![(
                    "Retry-After".into(),
                    at.to_rfc2822().replace("+0000", "GMT"),
                )],
                "slow down".into(),
            )
        } else {
            (200, vec![], "[]".into())
        }
    }))
    .await;
    let c = Client::new(ClientConfig::new(&url, "a", "b")).unwrap();
    let t = coachdesk::clock::Clock::system().instant();
    let page = c.list(Resource::Aanvragen, &Query::new()).await.unwrap();
    assert!(page.records.is_empty());
    assert!(
        coachdesk::clock::Clock::system().since(t) >= std::time::Duration::from_millis(900),
        "{:?}",
        coachdesk::clock::Clock::system().since(t)
    );
    assert_eq!(*count.lock().unwrap(), 2);
    assert_eq!(c.rate_limit().limit, None, "no limit invented");
}

#[tokio::test]
async fn a_period_limit_is_read_but_no_daily_number_is_invented() {
    let (url, _) = mock(Arc::new(|_| {
        (
            200,
            vec![
                ("X-Rate-Limit-Limit".into(), "1d".into()),
                ("X-Rate-Limit-Remaining".into(), "4999".into()),
                (
                    "X-Rate-Limit-Reset".into(),
                    "2099-01-01T00:00:00.0000000Z".into(),
                ),
            ],
            "[]".into(),
        )
    }))
    .await;
    let c = Client::new(ClientConfig::new(&url, "a", "b")).unwrap();
    c.list(Resource::Aanvragen, &Query::new()).await.unwrap();
    let rl = c.rate_limit();
    assert_eq!(
        (rl.limit, rl.period_secs, rl.remaining),
        (None, Some(86_400), Some(4_999))
    );
    assert_eq!(rl.daily_limit(), None);
    assert!(
        rl.reset_at.unwrap()
            <= coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(48)
    );
}

#[test]
fn a_second_cli_run_knows_the_limit_is_used_up_and_sends_nothing() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (url, count) = rt.block_on(mock(Arc::new(|_| {
        limited(
            &(coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(3))
                .to_rfc3339(),
        )
    })));
    let home = std::env::temp_dir().join(format!("coachdesk-rl-cli-{}", uuid::Uuid::new_v4()));
    let sync = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
            .args([
                "sync",
                "--base-url",
                &url,
                "--client-id",
                "x",
                "--resource",
                "Aanvragen",
            ])
            .args(["--from", "2026-01-01", "--to", "2026-01-31"])
            .env("COACHDESK_HOME", &home)
            .env("COACHDESK_CLIENT_SECRET", "s3cret-value")
            .output()
            .unwrap()
    };
    let first = sync();
    assert!(!first.status.success());
    let after_first = *count.lock().unwrap();
    assert_eq!(after_first, 1, "one request, then the 429 stops the run");
    let second = sync();
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("429") || err.to_lowercase().contains("limit"),
        "{err}"
    );
    assert!(!err.contains("s3cret-value"));
    assert_eq!(
        *count.lock().unwrap(),
        after_first,
        "the restarted CLI sent a request"
    );
    // `enrol` (and `outbox flush`) start just as informed: queued, not sent, no request.
    let file = home.join("enrolment.json");
    std::fs::write(
        &file,
        r#"{"contactpersoon": {"voornaam": "Dia", "achternaam": "Wacht", "emailadres": "dia@voorbeeld.nl"},
            "opleidingen": [{"opleidingId": "o-1", "opleidingssoortId": "s-1"}], "aantalPersonen": 1}"#,
    )
    .unwrap();
    let enrol = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(["enrol", "--base-url", &url, "--client-id", "x", "--file"])
        .arg(&file)
        .env("COACHDESK_HOME", &home)
        .env("COACHDESK_CLIENT_SECRET", "s3cret-value")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&enrol.stdout);
    assert_eq!(enrol.status.code(), Some(75), "queued, try later: {out}");
    assert_eq!(
        *count.lock().unwrap(),
        after_first,
        "enrol sent a request while the limit is used up"
    );
    let _ = std::fs::remove_dir_all(&home);
}

/// The last answer seen said one request was left, and the next request gets a 429 that carries
/// only `Retry-After` (the answer to a request aborted in flight used the last one): the client
/// counts none left until the reset, shows that, and sends nothing more before it.
#[tokio::test]
async fn a_429_leaves_no_request_whatever_the_last_answer_said() {
    let reset = coachdesk::clock::Clock::system().now_utc() + chrono::Duration::hours(20);
    let reset_text = reset.to_rfc3339();
    let (url, count) = mock(Arc::new(move |i| {
        if i == 0 {
            with_limits(200, "40", "1", &reset_text, "[]")
        } else {
            (
                429,
                vec![("Retry-After".into(), "72000".into())],
                "{}".into(),
            )
        }
    }))
    .await;
    let c = Client::new(ClientConfig::new(&url, "a", "b")).unwrap();
    c.list(Resource::Aanvragen, &Query::new()).await.unwrap();
    assert_eq!(c.rate_limit().remaining, Some(1));
    let e = c
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    assert!(matches!(e.kind, ApiErrorKind::RateLimited { .. }), "{e:?}");
    let status = c.rate_limit();
    assert_eq!((status.limit, status.remaining), (Some(40), Some(0)));
    assert!(status.reset_at.is_some_and(|t| t > reset), "{status:?}");
    // Refused at once: the server is not asked again before the reset.
    let again = c
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    assert!(matches!(again.kind, ApiErrorKind::RateLimited { .. }));
    assert_eq!(*count.lock().unwrap(), 2);
}

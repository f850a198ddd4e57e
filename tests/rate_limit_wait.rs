//! Issue 19 point 9: a 429 with no usable reset (none, negative, in the past) is waited out at
//! most once, told as the wait starts; then the request stops with "try again later" (no invented
//! countdown), and the next one does not wait again before a request succeeded. The command line
//! prints every 429 wait on stderr as it starts, the ones during planning too.

mod common;
mod hostile_server;

use coachdesk::api::{ApiErrorKind, Query};
use coachdesk::resource::Resource;
use hostile_server::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn api_requests(h: &Hostile) -> usize {
    h.lines().iter().filter(|l| l.contains("/api/")).count()
}

#[tokio::test]
async fn a_429_without_a_usable_reset_is_waited_out_once_then_try_again_later() {
    let past = "Wed, 21 Oct 2015 07:28:00 GMT".to_string();
    let cases: Vec<Vec<(String, String)>> = vec![
        vec![],
        vec![("Retry-After".into(), "-5".into())],
        vec![("Retry-After".into(), past)],
        vec![("X-Rate-Limit-Reset".into(), "2015-10-21T07:28:00Z".into())],
    ];
    for headers in cases {
        let h = headers.clone();
        let server = Hostile::start(Arc::new(move |r, i| {
            if is_token(r) {
                token_ok(i)
            } else {
                Answer::Fixed(429, h.clone(), "API calls quota exceeded!".into())
            }
        }))
        .await;
        let client = server.client();
        client.set_unknown_reset_wait(Duration::from_millis(200));
        let notices = Arc::new(AtomicUsize::new(0));
        let n = notices.clone();
        client.on_wait(move |_| {
            n.fetch_add(1, Ordering::SeqCst);
        });
        let q = Query::new();
        let list = client.list(Resource::Aanvragen, &q);
        let e = tokio::time::timeout(Duration::from_secs(10), list)
            .await
            .expect("waited more than once")
            .unwrap_err();
        assert_eq!(
            e.kind,
            ApiErrorKind::RateLimited {
                reset_at: None,
                limit: None
            },
            "{headers:?}"
        );
        assert_eq!(
            api_requests(&server),
            2,
            "{headers:?}: once more after one wait"
        );
        assert_eq!(
            notices.load(Ordering::SeqCst),
            1,
            "the wait is told as it starts"
        );
        // No success since: the next request stops at once, without another wait.
        let e = client
            .list(Resource::Aanvragen, &Query::new())
            .await
            .unwrap_err();
        assert!(matches!(
            e.kind,
            ApiErrorKind::RateLimited { reset_at: None, .. }
        ));
        assert_eq!(api_requests(&server), 3);
        assert_eq!(notices.load(Ordering::SeqCst), 1);
        let m = coachdesk::message::from_api_error(&e);
        assert!(m.reset_at.is_none(), "no countdown is invented");
        for lang in [coachdesk::i18n::Lang::Nl, coachdesk::i18n::Lang::En] {
            let todo = m.what_to_do.in_lang(lang);
            assert!(todo.contains("later") || todo.contains("opnieuw"), "{todo}");
        }
    }
}

/// After a success, a later 429 without a reset may be waited out once again.
#[tokio::test]
async fn a_success_allows_one_more_wait() {
    let server = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else if i % 2 == 1 {
            Answer::Fixed(429, vec![], "API calls quota exceeded!".into())
        } else {
            Answer::Fixed(200, vec![], "[]".into())
        }
    }))
    .await;
    let client = server.client();
    client.set_unknown_reset_wait(Duration::from_millis(50));
    for _ in 0..3 {
        client
            .list(Resource::Aanvragen, &Query::new())
            .await
            .unwrap();
    }
}

/// The CLI prints a 429 wait as it starts, also one met while the sync plans (its count).
#[test]
fn the_cli_prints_a_429_wait_as_it_starts() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let answered = Arc::new(Mutex::new(false));
    let a = answered.clone();
    let server = rt.block_on(Hostile::start(Arc::new(move |r, i| {
        if is_token(r) {
            return token_ok(i);
        }
        let mut first = a.lock().unwrap();
        if !*first {
            *first = true;
            return Answer::Fixed(
                429,
                vec![("Retry-After".into(), "1".into())],
                "API calls quota exceeded! maximum admitted 5000 per 1d.".into(),
            );
        }
        Answer::Fixed(200, vec![("RowCount".into(), "0".into())], "[]".into())
    })));
    let home = common::TempHome::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(["sync", "--base-url", &server.url, "--client-id", "x"])
        .args([
            "--resource",
            "Aanvragen",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ])
        .env("COACHDESK_HOME", &home.0)
        .env("COACHDESK_CLIENT_SECRET", "s3cret-value")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("rate limit: waiting"), "{err}");
}

//! A hostile stand-in server (loopback only) against the client: redirects that would carry the
//! secret or personal data elsewhere, a POST answered with 302, endless bodies, absurd token
//! lifetimes, tokens echoed in error bodies, a 401 to a POST, plain http to a remote host.

use coachdesk::api::{ApiErrorKind, Client, ClientConfig, Query};
use coachdesk::resource::Resource;
use serde_json::json;
use std::sync::Arc;

mod hostile_server;
use hostile_server::*;

#[tokio::test]
async fn a_redirected_token_request_never_carries_the_secret_elsewhere() {
    let elsewhere = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else {
            Answer::Fixed(200, vec![], "[]".into())
        }
    }))
    .await;
    let target = format!("{}/auth/connect/token", elsewhere.url);
    let evil = Hostile::start(Arc::new(move |_, _| redirect(307, &target))).await;
    let e = evil.client().ensure_token().await.unwrap_err();
    assert!(
        matches!(e.kind, ApiErrorKind::Unexpected { status: 307 }),
        "{e:?}"
    );
    assert!(elsewhere.seen().is_empty(), "the secret went elsewhere");
    assert!(!format!("{e:?}").contains("very-secret-value"));
}

#[tokio::test]
async fn a_redirected_post_never_resends_the_enrolment() {
    let elsewhere = Hostile::start(Arc::new(|_, _| {
        Answer::Fixed(201, vec![], r#"{"nummer":1}"#.into())
    }))
    .await;
    let target = format!("{}/api/v1/Webaanvragen", elsewhere.url);
    let evil = Hostile::start(Arc::new(move |r, i| {
        if is_token(r) {
            token_ok(i)
        } else {
            redirect(307, &target)
        }
    }))
    .await;
    let e = evil
        .client()
        .post_webaanvraag(&json!({"contactpersoon": {"achternaam": "Jansen"}}))
        .await
        .unwrap_err();
    assert!(
        matches!(e.kind, ApiErrorKind::Unexpected { status: 307 }),
        "{e:?}"
    );
    assert!(elsewhere.seen().is_empty(), "personal data went elsewhere");
}

#[tokio::test]
async fn a_302_or_303_to_a_post_is_not_success() {
    for status in [302, 303] {
        let evil = Hostile::start(Arc::new(move |r, i| {
            if is_token(r) {
                token_ok(i)
            } else if r.line.starts_with("POST") {
                redirect(status, "/api/v1/Webaanvragen/w-1")
            } else {
                Answer::Fixed(200, vec![], r#"{"id":"w-1","nummer":42}"#.into())
            }
        }))
        .await;
        let e = evil
            .client()
            .post_webaanvraag(&json!({"referentieNrKlant": "r"}))
            .await
            .unwrap_err();
        assert!(
            matches!(e.kind, ApiErrorKind::Unexpected { status: s } if s == status),
            "{e:?}"
        );
        assert!(
            !evil.lines().iter().any(|l| l.starts_with("GET")),
            "the redirect was followed: {:?}",
            evil.lines()
        );
    }
}

#[tokio::test]
async fn gets_follow_redirects_only_within_the_origin() {
    let elsewhere = Hostile::start(Arc::new(|_, _| Answer::Fixed(200, vec![], "[]".into()))).await;
    let target = format!("{}/api/v1/Personen", elsewhere.url);
    let evil = Hostile::start(Arc::new(move |r, i| {
        if is_token(r) {
            token_ok(i)
        } else if r.line.contains("/api/v1/Opleidingen") {
            redirect(302, "/api/v1/Bedrijven")
        } else if r.line.contains("/api/v1/Bedrijven") {
            Answer::Fixed(200, vec![], r#"[{"id":"l1"}]"#.into())
        } else {
            redirect(302, &target)
        }
    }))
    .await;
    let c = evil.client();
    let page = c.list(Resource::Opleidingen, &Query::new()).await.unwrap();
    assert_eq!(page.records.len(), 1, "same origin: followed");
    let e = c.list(Resource::Personen, &Query::new()).await.unwrap_err();
    assert!(
        matches!(e.kind, ApiErrorKind::Unexpected { status: 302 }),
        "{e:?}"
    );
    assert!(elsewhere.seen().is_empty(), "another origin: not followed");
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_while_streaming() {
    let evil = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else {
            Answer::Endless {
                bytes: 64 * 1024 * 1024,
            }
        }
    }))
    .await;
    let c = evil.client();
    c.set_max_body_bytes(1024 * 1024);
    let e = c
        .list(Resource::Aanvragen, &Query::new())
        .await
        .unwrap_err();
    let ApiErrorKind::Decode { path, .. } = &e.kind else {
        panic!("{e:?}")
    };
    assert!(path.contains("larger than"), "{path}");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let streamed = *evil.streamed.lock().unwrap();
    assert!(
        streamed < 32 * 1024 * 1024,
        "the client stopped reading early ({streamed} bytes sent)"
    );
    // An announced length over the cap is refused before reading.
    let big = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else {
            Answer::Fixed(200, vec![], " ".repeat(2 * 1024 * 1024))
        }
    }))
    .await;
    let c = big.client();
    c.set_max_body_bytes(1024 * 1024);
    assert!(c.list(Resource::Aanvragen, &Query::new()).await.is_err());
}

#[tokio::test]
async fn absurd_token_lifetimes_do_not_panic() {
    for lifetime in ["1e19", "1e20", "-5", "\"NaN\""] {
        let l = lifetime.to_string();
        let evil = Hostile::start(Arc::new(move |r, _| {
            if is_token(r) {
                Answer::Fixed(
                    200,
                    vec![],
                    format!(r#"{{"access_token":"t","expires_in":{l}}}"#),
                )
            } else {
                Answer::Fixed(200, vec![], "[]".into())
            }
        }))
        .await;
        let c = evil.client();
        c.list(Resource::Aanvragen, &Query::new()).await.unwrap();
        c.list(Resource::Aanvragen, &Query::new()).await.unwrap();
    }
}

#[tokio::test]
async fn a_401_to_a_post_renews_the_token_and_sends_once_more() {
    let evil = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else if r.line.starts_with("POST") && r.head.contains("tok-0-") {
            Answer::Fixed(401, vec![], String::new())
        } else {
            Answer::Fixed(201, vec![], r#"{"id":"w","nummer":9}"#.into())
        }
    }))
    .await;
    let w = evil
        .client()
        .post_webaanvraag(&json!({"referentieNrKlant": "r"}))
        .await
        .unwrap();
    assert_eq!(w.nummer, Some(json!(9)));
    let posts: Vec<Seen> = evil
        .seen()
        .into_iter()
        .filter(|s| s.line.starts_with("POST /api"))
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].body, posts[1].body, "the same body once more");

    let always = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else {
            Answer::Fixed(401, vec![], String::new())
        }
    }))
    .await;
    let e = always
        .client()
        .post_webaanvraag(&json!({}))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);
    let posts = always
        .lines()
        .iter()
        .filter(|l| l.starts_with("POST /api"))
        .count();
    assert_eq!(posts, 2, "once more, not again and again");
}

#[tokio::test]
async fn server_text_is_capped_and_tokens_in_it_are_hidden() {
    let evil = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            token_ok(i)
        } else {
            let token = r
                .head
                .lines()
                .find_map(|l| l.strip_prefix("authorization: Bearer "))
                .unwrap_or("none")
                .to_string();
            let body = json!({
                "title": format!("Bad token {token} {}", "x".repeat(3000)),
                "errors": {"x": [format!("client_secret=very-secret-value and {token}")]},
                "echo": token,
            });
            Answer::Fixed(400, vec![], body.to_string())
        }
    }))
    .await;
    let e = evil
        .client()
        .post_webaanvraag(&json!({}))
        .await
        .unwrap_err();
    let all = format!("{e:?}");
    assert!(!all.contains("tok-0-abcdefghijklmnop"), "{all}");
    assert!(!all.contains("very-secret-value"), "{all}");
    let ApiErrorKind::BadRequest { title, .. } = &e.kind else {
        panic!("{e:?}")
    };
    assert!(title.chars().count() <= 201, "{}", title.len());
    assert!(e.body.chars().count() <= 501);
    let m = coachdesk::message::from_api_error(&e);
    let en = coachdesk::i18n::Lang::En;
    let shown = format!(
        "{} {} {}",
        m.title.in_lang(en),
        m.what_happened.in_lang(en),
        m.what_to_do.in_lang(en)
    );
    assert!(shown.chars().count() < 800, "{shown}");
    assert!(!shown.contains("tok-0-"));
}

#[test]
fn plain_http_is_only_for_this_computer() {
    let e = Client::new(ClientConfig::new("http://secure.coachview.net", "a", "b")).unwrap_err();
    assert!(format!("{e:?}").contains("https"), "{e:?}");
    assert!(Client::new(ClientConfig::new("http://127.0.0.1:9", "a", "b")).is_ok());
    assert!(Client::new(ClientConfig::new("https://secure.coachview.net", "a", "b")).is_ok());
    assert_ne!(
        coachdesk::paths::connection_key("http://h.example.nl", "a"),
        coachdesk::paths::connection_key("https://h.example.nl", "a")
    );
}

#[test]
fn plain_http_to_a_remote_host_gets_a_clear_message() {
    let e = Client::new(ClientConfig::new("http://secure.coachview.net", "a", "b")).unwrap_err();
    for lang in [coachdesk::i18n::Lang::Nl, coachdesk::i18n::Lang::En] {
        let m = coachdesk::message::from_api_error(&e);
        assert!(m.what_to_do.in_lang(lang).contains("https://"), "{m:?}");
        assert_eq!(m.severity, coachdesk::message::Severity::Blocking);
    }
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_an_error_not_a_panic() {
    let evil = Hostile::start(Arc::new(|r, _| {
        if is_token(r) {
            Answer::Fixed(
                200,
                vec![],
                r#"{"access_token":"a\nb\u0000c","expires_in":60}"#.into(),
            )
        } else {
            Answer::Fixed(200, vec![], "[]".into())
        }
    }))
    .await;
    let c = evil.client();
    assert!(c.list(Resource::Aanvragen, &Query::new()).await.is_err());
    let e = c.post_webaanvraag(&json!({})).await.unwrap_err();
    assert!(!e.is_ambiguous(), "nothing left this computer: {e:?}");
    assert!(!evil.lines().iter().any(|l| l.contains("/api/")));
}

/// The bearer token a request carried.
fn bearer(r: &Seen) -> String {
    r.head
        .lines()
        .find_map(|l| l.strip_prefix("authorization: Bearer "))
        .unwrap_or("none")
        .to_string()
}

#[tokio::test]
async fn a_token_straddling_a_cut_is_hidden_whole() {
    let evil = Hostile::start(Arc::new(|r, i| {
        if is_token(r) {
            return token_ok(i);
        }
        let token = bearer(r);
        // The token starts 10 characters before the 200-character cut of the title and 5
        // before the 500-character cut of the body.
        let title = format!("{}{token}", "x ".repeat(95));
        let head = format!(r#"{{"title":"{title}","detail":""#);
        let pad: String = " z"
            .repeat(300)
            .chars()
            .take(495 - head.chars().count())
            .collect();
        let body = format!(r#"{head}{pad}{token}"}}"#);
        Answer::Fixed(400, vec![], body)
    }))
    .await;
    let e = evil
        .client()
        .post_webaanvraag(&json!({}))
        .await
        .unwrap_err();
    let all = format!("{e:?}");
    assert!(!all.contains("tok-0-a"), "{all}");
    assert!(
        !all.contains("tok-"),
        "no piece of the token is left: {all}"
    );
}

#[tokio::test]
async fn a_secret_echoed_url_encoded_or_json_escaped_is_hidden() {
    const SECRET: &str = "Geh3im/w\u{f6}rd+\"quote\" x!";
    let evil = Hostile::start(Arc::new(|r, _| {
        assert!(is_token(r));
        let form: String = url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
        let escaped = serde_json::to_string(SECRET).unwrap();
        let ascii = escaped.replace('\u{f6}', "\\u00F6");
        let body = format!(
            r#"{{"error":"invalid_scope","error_description":"unknown credentials {form}","echo":{escaped},"ascii":{ascii},"form":"{form}","pad":"{}{form}"}}"#,
            "p ".repeat(230)
        );
        Answer::Fixed(400, vec![], body)
    }))
    .await;
    let client = Client::new(ClientConfig::new(&evil.url, "id", SECRET)).unwrap();
    let e = client.ensure_token().await.unwrap_err();
    let all = format!("{e:?}");
    for piece in ["Geh3im", "w%C3%B6rd", "rd+", "quote"] {
        assert!(!all.contains(piece), "{piece} in {all}");
    }
    let m = coachdesk::message::from_api_error(&e);
    for lang in [coachdesk::i18n::Lang::Nl, coachdesk::i18n::Lang::En] {
        let shown = format!(
            "{} {} {}",
            m.what_happened.in_lang(lang),
            m.what_to_do.in_lang(lang),
            m.details
        );
        assert!(!shown.contains("Geh3im"), "{shown}");
    }
}

#[test]
fn a_base_url_with_a_user_name_or_password_is_refused_clearly() {
    let url = "https://planner:hunter2@secure.coachview.net";
    let e = Client::new(ClientConfig::new(url, "a", "b")).unwrap_err();
    assert!(!format!("{e:?}").contains("hunter2"), "{e:?}");
    let m = coachdesk::message::from_api_error(&e);
    for lang in [coachdesk::i18n::Lang::Nl, coachdesk::i18n::Lang::En] {
        let title = coachdesk::i18n::text(lang, "err.url_credentials.title");
        assert_eq!(m.title.in_lang(lang), title);
        assert!(!m.what_happened.in_lang(lang).contains("hunter2"));
    }
    assert!(!coachdesk::paths::connection_key(url, "a").contains("hunter2"));
}

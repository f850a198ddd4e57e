//! A hostile stand-in server (loopback only) against the client: redirects that would carry the
//! secret or personal data elsewhere, a POST answered with 302, endless bodies, absurd token
//! lifetimes, tokens echoed in error bodies, a 401 to a POST, plain http to a remote host.

use coachdesk::api::{ApiErrorKind, Client, ClientConfig, Query};
use coachdesk::resource::Resource;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    line: String,
    head: String,
    body: String,
}

/// What the server answers.
enum Answer {
    Fixed(u16, Vec<(String, String)>, String),
    /// 200 with a chunked body of `bytes` (no Content-Length), sent in 64 KB chunks.
    Endless {
        bytes: usize,
    },
}

type Script = Arc<dyn Fn(&Seen, usize) -> Answer + Send + Sync>;

struct Hostile {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    streamed: Arc<Mutex<usize>>,
}

fn token_ok(n: usize) -> Answer {
    Answer::Fixed(
        200,
        vec![],
        format!(r#"{{"access_token":"tok-{n}-abcdefghijklmnop","expires_in":3600}}"#),
    )
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Seen {
        line: head.lines().next().unwrap_or_default().to_string(),
        head,
        body: String::from_utf8_lossy(&body).to_string(),
    })
}

impl Hostile {
    /// Binds 127.0.0.1 only. `script(request, index)` answers every request, token included.
    async fn start(script: Script) -> Hostile {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let streamed = Arc::new(Mutex::new(0));
        let (log, sent) = (seen.clone(), streamed.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while let Ok((mut sock, _)) = listener.accept().await {
                let Some(req) = read_request(&mut sock).await else {
                    continue;
                };
                log.lock().unwrap().push(req.clone());
                let answer = script(&req, i);
                i += 1;
                match answer {
                    Answer::Fixed(status, headers, body) => {
                        let mut resp = format!(
                            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n",
                            body.len()
                        );
                        for (k, v) in headers {
                            resp.push_str(&format!("{k}: {v}\r\n"));
                        }
                        resp.push_str("\r\n");
                        resp.push_str(&body);
                        let _ = sock.write_all(resp.as_bytes()).await;
                    }
                    Answer::Endless { bytes } => {
                        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
                        if sock.write_all(head.as_bytes()).await.is_err() {
                            continue;
                        }
                        let piece = vec![b' '; 64 * 1024];
                        let mut done = 0;
                        while done < bytes {
                            let frame = format!("{:x}\r\n", piece.len());
                            let ok = sock.write_all(frame.as_bytes()).await.is_ok()
                                && sock.write_all(&piece).await.is_ok()
                                && sock.write_all(b"\r\n").await.is_ok();
                            if !ok {
                                break;
                            }
                            done += piece.len();
                            *sent.lock().unwrap() = done;
                        }
                        let _ = sock.write_all(b"0\r\n\r\n").await;
                    }
                }
                let _ = sock.shutdown().await;
            }
        });
        Hostile {
            url,
            seen,
            streamed,
        }
    }

    fn client(&self) -> Client {
        Client::new(ClientConfig::new(&self.url, "id", "very-secret-value")).unwrap()
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn lines(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.line).collect()
    }
}

fn is_token(req: &Seen) -> bool {
    req.line.contains("/auth/connect/token")
}

fn redirect(status: u16, to: &str) -> Answer {
    Answer::Fixed(status, vec![("Location".into(), to.into())], String::new())
}

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
    let m = coachdesk::message::from_api_error(&e, coachdesk::i18n::Lang::En);
    let shown = format!("{} {} {}", m.title, m.what_happened, m.what_to_do);
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
        let m = coachdesk::message::from_api_error(&e, lang);
        assert!(m.what_to_do.contains("https://"), "{m:?}");
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

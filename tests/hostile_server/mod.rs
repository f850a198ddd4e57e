//! A hostile stand-in HTTP/1.1 server for the tests (binds 127.0.0.1 only): a script answers
//! every request, the token request included; it can stream an endless chunked body.
#![allow(dead_code)]

use coachdesk::api::{Client, ClientConfig};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub line: String,
    pub head: String,
    pub body: String,
}

/// What the server answers.
pub enum Answer {
    Fixed(u16, Vec<(String, String)>, String),
    /// 200 with a chunked body of `bytes` (no Content-Length), sent in 64 KB chunks.
    Endless {
        bytes: usize,
    },
}

pub type Script = Arc<dyn Fn(&Seen, usize) -> Answer + Send + Sync>;

pub struct Hostile {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    pub streamed: Arc<Mutex<usize>>,
}

pub fn token_ok(n: usize) -> Answer {
    Answer::Fixed(
        200,
        vec![],
        format!(r#"{{"access_token":"tok-{n}-abcdefghijklmnop","expires_in":3600}}"#),
    )
}

pub async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Seen> {
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
    pub async fn start(script: Script) -> Hostile {
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

    pub fn client(&self) -> Client {
        Client::new(ClientConfig::new(&self.url, "id", "very-secret-value")).unwrap()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn lines(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.line).collect()
    }
}

pub fn is_token(req: &Seen) -> bool {
    req.line.contains("/auth/connect/token")
}

pub fn redirect(status: u16, to: &str) -> Answer {
    Answer::Fixed(status, vec![("Location".into(), to.into())], String::new())
}

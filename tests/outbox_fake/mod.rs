//! A scripted fake Coachview for the outbox tests: POSTs and lookups answer as told; a lookup
//! returns records shaped like Coachview's webaanvragen (made time, courses, people, contact).
#![allow(dead_code)]

use chrono::{DateTime, Local, Utc};
use coachdesk::api::{ApiError, ApiErrorKind, ReferenceLookup};
use coachdesk::cancel::Cancel;
use coachdesk::outbox::{Created, Outbox, Transport};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

/// The webaanvraag Coachview would show for a stored body.
fn record(body: &Value, i: usize, made: DateTime<Utc>) -> Value {
    let people = body["deelnemers"].as_array().map_or(1, |d| d.len().max(1));
    json!({
        "id": format!("id-{}", i + 1),
        "nummer": 1001 + i,
        "referentieNrKlant": body["referentieNrKlant"],
        "aantalDeelnemers": people,
        "opleidingen": body["opleidingen"],
        "contactpersoon": {"emailadres": body["contactpersoon"]["emailadres"]},
        "auditTrail": {
            "aangemaaktDatumTijd": made.with_timezone(&Local).naive_local()
                .format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
        }
    })
}

/// What the fake server does with the next POST or lookup.
#[derive(Clone)]
pub enum Reply {
    /// Store it and answer 201.
    Ok,
    /// Answer with this error; nothing stored.
    Fail(ApiErrorKind),
    /// Store it, then fail (the response is lost).
    CommitThenFail(ApiErrorKind),
    /// Store it, then never answer (the process gets killed meanwhile).
    CommitThenHang,
    /// Wait this long, then fail with this error; nothing stored (a slow timeout).
    SlowFail(std::time::Duration, ApiErrorKind),
}

#[derive(Default)]
pub struct Fake {
    post_script: Mutex<VecDeque<Reply>>,
    lookup_script: Mutex<VecDeque<Reply>>,
    pub stored: Mutex<Vec<Value>>,
    made: Mutex<Vec<DateTime<Utc>>>,
    posts: Mutex<usize>,
    lookups: Mutex<usize>,
}

pub fn err(kind: ApiErrorKind) -> ApiError {
    ApiError::new(kind, None, "POST", "/api/v1/Webaanvragen", "")
}

impl Fake {
    pub fn script_posts(&self, replies: &[Reply]) {
        self.post_script
            .lock()
            .unwrap()
            .extend(replies.iter().cloned());
    }
    pub fn script_lookups(&self, replies: &[Reply]) {
        self.lookup_script
            .lock()
            .unwrap()
            .extend(replies.iter().cloned());
    }
    fn store(&self, body: &Value) -> Created {
        self.store_at(body, coachdesk::clock::Clock::system().now_utc())
    }
    /// Stores a webaanvraag as made at `made` (e.g. an old one with a reused reference).
    pub fn store_at(&self, body: &Value, made: DateTime<Utc>) -> Created {
        let mut stored = self.stored.lock().unwrap();
        self.made.lock().unwrap().push(made);
        stored.push(body.clone());
        Created {
            nummer: (1000 + stored.len()).to_string(),
            id: Some(format!("id-{}", stored.len())),
        }
    }
    pub fn stored_references(&self) -> Vec<String> {
        self.stored
            .lock()
            .unwrap()
            .iter()
            .map(|b| b["referentieNrKlant"].as_str().unwrap().to_string())
            .collect()
    }
    pub fn posts(&self) -> usize {
        *self.posts.lock().unwrap()
    }
    pub fn lookups(&self) -> usize {
        *self.lookups.lock().unwrap()
    }
}

impl Transport for Fake {
    async fn post(&self, body: &Value) -> Result<Created, ApiError> {
        *self.posts.lock().unwrap() += 1;
        let reply = self
            .post_script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Reply::Ok);
        match reply {
            Reply::Ok => Ok(self.store(body)),
            Reply::Fail(kind) => Err(err(kind)),
            Reply::CommitThenFail(kind) => {
                self.store(body);
                Err(err(kind))
            }
            Reply::SlowFail(wait, kind) => {
                tokio::time::sleep(wait).await;
                Err(err(kind))
            }
            Reply::CommitThenHang => {
                self.store(body);
                std::future::pending().await
            }
        }
    }

    async fn find_by_reference(&self, reference: &str) -> Result<ReferenceLookup, ApiError> {
        Ok(ReferenceLookup::Found {
            records: self.records_with(reference)?,
            server_now: Some(coachdesk::clock::Clock::system().now_utc()),
            received_at: coachdesk::clock::Clock::system().now_utc(),
        })
    }
}

impl Fake {
    /// The stored webaanvragen with this reference, newest first (or the scripted failure).
    pub fn records_with(&self, reference: &str) -> Result<Vec<Value>, ApiError> {
        *self.lookups.lock().unwrap() += 1;
        if let Some(Reply::Fail(kind)) = self.lookup_script.lock().unwrap().pop_front() {
            return Err(err(kind));
        }
        let stored = self.stored.lock().unwrap();
        let made = self.made.lock().unwrap();
        let mut out: Vec<Value> = stored
            .iter()
            .zip(made.iter())
            .enumerate()
            .filter(|(_, (b, _))| b["referentieNrKlant"] == reference)
            .map(|(i, (b, t))| record(b, i, *t))
            .collect();
        out.reverse();
        Ok(out)
    }
}

pub struct TempDir(pub PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

pub fn temp_outbox() -> (TempDir, PathBuf, Outbox) {
    let dir = std::env::temp_dir().join(format!("coachdesk-outbox-{}", uuid::Uuid::new_v4()));
    let path = dir.join("conn").join("outbox.sqlite");
    let outbox = Outbox::open(&path).unwrap();
    (TempDir(dir), path, outbox)
}

pub fn body(name: &str) -> Value {
    json!({"aantalPersonen": 1,
           "contactpersoon": {"voornaam": "A", "achternaam": name, "emailadres": "a@b.nl"},
           "opleidingen": [{"opleidingId": "o1", "opleidingssoortId": "s1"}]})
}

pub async fn flush(o: &Outbox, fake: &Fake, now: DateTime<Utc>) -> coachdesk::outbox::FlushReport {
    o.flush_due(fake, now, &Cancel::new()).await.unwrap()
}

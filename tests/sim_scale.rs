//! Issue 22 point 4: the compact (million-record) simulator answers exactly as the eager one
//! did. A sample of queries at scale 20,000 — every resource, date windows, keyset pages,
//! skip/take, orderby on other fields, residual filters, multi-id filters, embedded relations,
//! counts, GET by id, dialects, and the answers after writes — is hashed; the digest was recorded
//! with the eager generator (every record built as a `serde_json::Value`, commit e9a0386).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use coachdesk::resource::Resource;
use coachdesk::simulator::dialect::Dialect;
use coachdesk::simulator::{SimConfig, SimHandle, Simulator};
use serde_json::{Value, json};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 6, 18)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap()
}

/// FNV-1a, 64 bit: stable across platforms and Rust versions.
struct Digest(u64, u64);

impl Digest {
    fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self.1 += bytes.len() as u64;
    }
}

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

struct Probe {
    sim: SimHandle,
    http: reqwest::Client,
    tok: String,
    digest: Digest,
}

impl Probe {
    /// GETs `/api/v1/{query}` and adds status, row count and body to the digest.
    async fn get(&mut self, query: &str) -> Vec<u8> {
        let resp = self
            .http
            .get(format!("{}/api/v1/{query}", self.sim.base_url()))
            .bearer_auth(&self.tok)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let rows = resp
            .headers()
            .get("rowcount")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = resp.bytes().await.unwrap().to_vec();
        self.digest.add(query.as_bytes());
        self.digest.add(format!("{status} {rows} ").as_bytes());
        self.digest.add(&body);
        body
    }
}

fn ids(body: &[u8], n: usize) -> Vec<String> {
    let page: Vec<Value> = serde_json::from_slice(body).unwrap();
    page.iter()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .take(n)
        .collect()
}

async fn sample(p: &mut Probe) {
    let t = |d: NaiveDateTime| d.format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
    let day = |n: i64| {
        (now().date() - Duration::days(n))
            .format("%d-%m-%Y")
            .to_string()
    };
    for r in Resource::ALL {
        let name = r.name();
        p.get(&format!("{name}?take=7")).await;
        p.get(&format!("{name}?skip=40&take=30&count=true")).await;
        p.get(&format!(
            "{name}?where=audittrail.gewijzigddatumtijd={},{}&count=true",
            day(3),
            day(2)
        ))
        .await;
        p.get(&format!(
            "{name}?where=audittrail.gewijzigddatumtijd%3E={};audittrail.gewijzigddatumtijd%3C{}&orderby=audittrail.gewijzigdDatumTijd%20desc&take=50",
            t(now() - Duration::days(30)),
            t(now() - Duration::days(20))
        ))
        .await;
        let first = p.get(&format!("{name}?take=100&skip=200")).await;
        let some = ids(&first, 5);
        if !some.is_empty() {
            let mut list = some.clone();
            list.push("00000000-0000-0000-0000-000000000000".into());
            list.push(some[0].to_uppercase());
            p.get(&format!("{name}?where=id={}", list.join(","))).await;
            p.get(&format!("{name}/{}", some[1 % some.len()])).await;
            p.get(&format!("{name}/{}?InclusiefDirecteRelaties=true", some[0]))
                .await;
        }
    }
    // Residual filters and other orders.
    for q in [
        "Aanvragen?where=aanvraagStatusId=Verwerkt&take=40&count=true",
        "Aanvragen?where=aantalDeelnemers%3E=3;aanvraagIsOrder=true&orderby=nummer%20desc&take=25",
        "Aanvragen?orderby=nummer&skip=3000&take=20",
        "Aanvragen?take=20&InclusiefDirecteRelaties=true",
        "Personen?where=achternaam=Jansen&orderby=voornaam&take=60&count=true",
        "Personen?where=geboortedatum%3C01-01-1970&take=15",
        "Bedrijven?where=bezoekadres.plaats=Utrecht&take=30&count=true",
        "Opleidingen?where=opleidingStatusId=Definitief&orderby=startDatum%20desc&take=30",
        "Opleidingen?take=10&InclusiefExtraVelden=true&InclusiefDirecteRelaties=true",
        "Opleidingsonderdelen?where=lesvormId=Elearning&take=10&count=true",
        "Orderverkoopregels?where=prijsExclBtw%3E1000&orderby=bedragExclBtw%20desc&take=30",
        "Orderverkoopregels?take=10&InclusiefDirecteRelaties=true",
        "Webaanvragen?orderby=nummer%20desc&take=10",
        "Opleidingssoorten?where=code=BHV1&take=5",
    ] {
        p.get(q).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compact_store_answers_as_the_eager_one_did() {
    let sim = Simulator::start(SimConfig {
        scale: 20_000,
        now: now(),
        daily_limit: u32::MAX,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let tok = token(&sim, &http).await;
    let mut p = Probe {
        sim: sim.clone(),
        http,
        tok,
        digest: Digest(0xcbf2_9ce4_8422_2325, 0),
    };
    let counts: Vec<usize> = Resource::ALL.iter().map(|r| sim.count(*r)).collect();
    p.digest.add(format!("{counts:?}").as_bytes());
    sample(&mut p).await;
    // The same under dialects that change the query forms.
    for spec in ["dates-only,end-inclusive", "page-cap=25,count-empty-body"] {
        sim.set_dialect(Dialect::parse(spec).unwrap());
        sample(&mut p).await;
    }
    sim.set_dialect(Dialect::default());
    // Writes: a modified, a touched, a deleted and a new record.
    let page: Vec<Value> =
        serde_json::from_slice(&p.get("Aanvragen?take=3&skip=10").await).unwrap();
    let at = now() - Duration::hours(2);
    let a = page[0]["id"].as_str().unwrap();
    sim.upsert(
        Resource::Aanvragen,
        json!({"id": a, "opmerking": "Bel eerst", "aantalDeelnemers": 9}),
        at,
    );
    assert!(sim.touch(Resource::Aanvragen, page[1]["id"].as_str().unwrap(), at));
    assert!(sim.delete(Resource::Aanvragen, page[2]["id"].as_str().unwrap()));
    let new = sim.upsert(
        Resource::Aanvragen,
        json!({"nummer": 1, "aanvraagStatusId": "Nieuw", "bedrijfId": page[0]["bedrijfId"]}),
        at,
    );
    p.digest.add(new.as_bytes());
    p.get(&format!(
        "Aanvragen?where=audittrail.gewijzigddatumtijd%3E={}&count=true&InclusiefDirecteRelaties=true",
        t3(at)
    ))
    .await;
    p.get("Aanvragen?take=3&skip=10").await;
    p.get("Aanvragen?where=aantalDeelnemers=9&count=true").await;
    p.get(&format!("Aanvragen/{a}")).await;
    p.get(&format!("Aanvragen/{}", page[2]["id"].as_str().unwrap()))
        .await;
    let all = sim.all(Resource::Webaanvragen);
    p.digest
        .add(serde_json::to_string(&all).unwrap().as_bytes());
    let window = sim.changed_between(Resource::Personen, now() - Duration::days(40), now());
    p.digest.add(format!("{window:?}").as_bytes());
    let Digest(hash, len) = p.digest;
    assert_eq!(
        (hash, len),
        (0x072f_57f4_354e_e7db, 3_845_448),
        "digest {hash:#018x}, {len} bytes"
    );
}

fn t3(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

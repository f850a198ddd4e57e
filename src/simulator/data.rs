//! Seeded data generator: realistic Dutch records for every resource, deterministic per seed.

use super::config::SimConfig;
use super::names::*;
use super::records;
use super::store::{State, Table};
use crate::resource::Resource;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use std::collections::HashMap;

use super::generator::Gen;
pub use super::generator::HISTORY_DAYS;

/// Generates every table for the configuration. Same seed and `now` → same data.
pub fn generate(cfg: &SimConfig) -> State {
    let mut g = Gen::new(cfg);
    let scale = cfg.scale.max(1);
    let betaalwijzen: Vec<Value> = BETAALWIJZEN
        .iter()
        .map(|(code, naam)| {
            let (audit, _) = g.audit();
            json!({"id": g.id(), "code": code, "naam": naam, "auditTrail": audit})
        })
        .collect();
    let bedrijven: Vec<Value> = (0..(scale / 10).max(20))
        .map(|_| records::bedrijf(&mut g))
        .collect();
    let locations: Vec<Value> = (0..20)
        .map(|_| records::locatie(&mut g, &bedrijven))
        .collect();
    let personen: Vec<Value> = (0..(scale / 3).max(60))
        .map(|_| records::persoon(&mut g))
        .collect();
    let soorten: Vec<Value> = (0..(scale / 100).clamp(15, 400))
        .map(|i| records::opleidingssoort(&mut g, i))
        .collect();
    let mut opleidingen = Vec::new();
    let mut onderdelen = Vec::new();
    for i in 0..(scale / 10).max(30) {
        let opl = records::opleiding(&mut g, i, &soorten, &locations, &personen);
        onderdelen.extend(records::onderdelen(&mut g, &opl));
        opleidingen.push(opl);
    }
    let mut aanvragen = Vec::with_capacity(scale);
    let mut regels = Vec::with_capacity(scale);
    for i in 0..scale {
        let aanvraag = records::aanvraag(&mut g, i, &bedrijven, &personen, &opleidingen);
        regels.extend(records::orderverkoopregels(&mut g, &aanvraag, &personen));
        aanvragen.push(aanvraag);
    }
    let webaanvragen: Vec<Value> = (0..(scale / 10).max(10))
        .map(|i| records::webaanvraag(&mut g, i))
        .collect();

    let mut tables: HashMap<Resource, Table> = HashMap::new();
    let all = [
        (Resource::Betaalwijzen, betaalwijzen),
        (Resource::Bedrijven, bedrijven),
        (Resource::Personen, personen),
        (Resource::Opleidingssoorten, soorten),
        (Resource::Opleidingen, opleidingen),
        (Resource::Opleidingsonderdelen, onderdelen),
        (Resource::Aanvragen, aanvragen),
        (Resource::Orderverkoopregels, regels),
        (Resource::Webaanvragen, webaanvragen),
    ];
    for (resource, records) in all {
        let table = tables.entry(resource).or_default();
        for (i, record) in records.iter().enumerate() {
            // Generated records of one resource share a shape: learn it from the first ones.
            table.put(record, i < 200);
        }
    }
    let locations = locations
        .into_iter()
        .filter_map(|l| Some((l.get("id")?.as_str()?.to_string(), l)))
        .collect();
    let rng = StdRng::seed_from_u64(cfg.seed ^ 0x0005_eed0_f1d5);
    State {
        tables,
        locations,
        posted_bodies: HashMap::new(),
        created_webaanvragen: Vec::new(),
        next_etag: g.etag + 1_000,
        next_nummer: 900_000 + (scale / 10).max(10) as i64,
        rng,
    }
}

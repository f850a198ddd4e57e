//! Seeded data generator: realistic Dutch records for every resource, deterministic per seed.

use super::config::SimConfig;
use super::names::*;
use super::records_text::{self, GenRecord};
use super::store::{Id, State, Table};
use super::{records, records_opleiding, records_packed};
use chrono::NaiveDateTime;
use coachview::resource::Resource;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The tables being filled, each learning its fields from its first 200 records (generated
/// records of one resource share a shape), and the keys of their change-time indexes, built
/// at the end.
#[derive(Default)]
struct Tables(
    HashMap<Resource, Table>,
    HashMap<Resource, Vec<(NaiveDateTime, Id)>>,
);

impl Tables {
    fn put(&mut self, resource: Resource, record: &Value) {
        let table = self.0.entry(resource).or_default();
        let learn = table.len() < 200;
        if let Some(key) = table.put_unindexed(record, learn) {
            self.1.entry(resource).or_default().push(key);
        }
    }

    fn put_packed(&mut self, resource: Resource, record: GenRecord) {
        let table = self.0.entry(resource).or_default();
        let learn = table.len() < 200;
        let key = table.put_packed(record.data, record.id, (record.changed, record.etag), learn);
        self.1.entry(resource).or_default().push(key);
    }

    /// Makes room for `n` records of a resource.
    fn reserve(&mut self, resource: Resource, n: usize) {
        self.0.entry(resource).or_default().reserve(n);
        self.1.entry(resource).or_default().reserve(n);
    }

    fn finish(mut self) -> HashMap<Resource, Table> {
        for (resource, keys) in self.1 {
            self.0.entry(resource).or_default().build_index(keys);
        }
        self.0
    }
}

use super::generator::Gen;
pub use super::generator::HISTORY_DAYS;

/// Generates every table for the configuration. Same seed and `now` → same data.
///
/// Each record goes into its table as soon as it is built; only the ids (and the few records)
/// later builders pick from are kept aside, so a million Aanvragen never exist as
/// `serde_json::Value`s at once. The draws are the same as over the whole records.
pub fn generate(cfg: &SimConfig) -> State {
    let mut g = Gen::new(cfg);
    let scale = cfg.scale.max(1);
    let mut tables = Tables::default();
    for (code, naam) in BETAALWIJZEN {
        let (audit, _) = g.audit();
        let record = json!({"id": g.id(), "code": code, "naam": naam, "auditTrail": audit});
        tables.put(Resource::Betaalwijzen, &record);
    }
    let mut bedrijven = Vec::new();
    for _ in 0..(scale / 10).max(20) {
        let (record, id) = records_packed::bedrijf(&mut g);
        bedrijven.push(id);
        tables.put_packed(Resource::Bedrijven, record);
    }
    let locations: Vec<Value> = {
        let table = tables.0.entry(Resource::Bedrijven).or_default();
        let lookup = |id: &Id| table.get(&id.text()).map_or(Value::Null, |row| row.value());
        (0..20)
            .map(|_| records::locatie(&mut g, &bedrijven, lookup))
            .collect()
    };
    generate_rest(&mut g, scale, &bedrijven, &locations, &mut tables);
    let tables = tables.finish();
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

/// Personen, Opleidingssoorten, Opleidingen with their onderdelen, Aanvragen with their
/// Orderverkoopregels, Webaanvragen: in this order (the draws depend on it).
fn generate_rest(
    g: &mut Gen,
    scale: usize,
    bedrijven: &[Id],
    locations: &[Value],
    tables: &mut Tables,
) {
    let mut personen = Vec::new();
    for _ in 0..(scale / 3).max(60) {
        let (record, id) = records_packed::persoon(g);
        personen.push(id);
        tables.put_packed(Resource::Personen, record);
    }
    let soorten: Vec<Value> = (0..(scale / 100).clamp(15, 400))
        .map(|i| records::opleidingssoort(g, i))
        .collect();
    for record in &soorten {
        tables.put(Resource::Opleidingssoorten, record);
    }
    let mut opleidingen = Vec::new();
    for i in 0..(scale / 10).max(30) {
        let (opl, ids, reference) =
            records_opleiding::opleiding(g, i, &soorten, locations, &personen);
        for onderdeel in records_opleiding::onderdelen(g, &reference) {
            tables.put_packed(Resource::Opleidingsonderdelen, onderdeel);
        }
        opleidingen.push(ids);
        tables.put_packed(Resource::Opleidingen, opl);
    }
    tables.reserve(Resource::Aanvragen, scale);
    // 0.8 × (0.75 × 1 + 0.25 × 2) = 1 per Aanvraag on average.
    tables.reserve(Resource::Orderverkoopregels, scale + scale / 50);
    for i in 0..scale {
        let (aanvraag, reference) =
            records_text::aanvraag(g, i, bedrijven, &personen, &opleidingen);
        for regel in records_text::orderverkoopregels(g, &reference, &personen) {
            tables.put_packed(Resource::Orderverkoopregels, regel);
        }
        tables.put_packed(Resource::Aanvragen, aanvraag);
    }
    for i in 0..(scale / 10).max(10) {
        let record = records_packed::webaanvraag(g, i);
        tables.put_packed(Resource::Webaanvragen, record);
    }
}

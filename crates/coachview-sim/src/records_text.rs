//! The two biggest resources (Aanvragen and their Orderverkoopregels, 80% of the records)
//! kept as their draws (`packed.rs`): the same draws in the same order as
//! `records::aanvraag`/`orderverkoopregels` once made, and written as JSON text when read —
//! the same fields in the same order and the same number formats as those builders'
//! `serde_json::Value`s serialized. `tests/sim_scale.rs` holds the answers to theirs.

use super::generator::Gen;
use super::packed::{self, Packer, Unpacker, boolean, float, int, kind, string};
use super::row_id::Id;
use chrono::NaiveDateTime;

/// A generated record: its packed draws and what its table indexes it by.
pub(super) struct GenRecord {
    pub data: Box<[u8]>,
    pub id: Id,
    pub changed: NaiveDateTime,
    pub etag: i64,
}

/// What an Aanvraag's Orderverkoopregels take from it.
pub(super) struct AanvraagRef<'a> {
    id: [u8; 16],
    opleiding_id: &'a Id,
    aantal: i64,
}

const STATUSSEN: &[&str] = &[
    "Nieuw",
    "InBehandeling",
    "Verwerkt",
    "Verwerkt",
    "Verwerkt",
    "Geannuleerd",
];

/// `records::aanvraag`'s draws. `bedrijven`/`personen` hold ids, `opleidingen`
/// (id, opleidingssoortId) pairs (empty: `null`).
pub(super) fn aanvraag<'a>(
    g: &mut Gen,
    i: usize,
    bedrijven: &[Id],
    personen: &[Id],
    opleidingen: &'a [(Id, Id)],
) -> (GenRecord, AanvraagRef<'a>) {
    let (opl_id, opl_soort) = g.pick(opleidingen);
    let status = g.pick_index(STATUSSEN);
    let mut audit = Packer::new(0);
    let (changed, etag) = packed::audit(g, &mut audit);
    let id = g.guid();
    let is_order = g.chance(0.6);
    let referentie = if g.chance(0.4) {
        g.range(10_000, 99_999) as u32
    } else {
        0
    };
    let bedrijf = g.pick(bedrijven);
    let contact = g.pick(personen);
    let aantal = g.range(1, 4);
    let mut p = Packer::new(kind::AANVRAAG);
    p.guid(&id);
    p.u32(i as u32);
    p.idx(status);
    p.bool(is_order);
    p.u32(referentie);
    p.key(bedrijf);
    p.key(contact);
    p.key(opl_soort);
    p.key(opl_id);
    p.u8(aantal as u8);
    p.append(audit);
    let reference = AanvraagRef {
        id,
        opleiding_id: opl_id,
        aantal,
    };
    let record = GenRecord {
        data: p.finish(),
        id: Id::Guid(id),
        changed,
        etag,
    };
    (record, reference)
}

/// The JSON text of a packed Aanvraag.
pub(super) fn write_aanvraag(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    out.extend_from_slice(b",\"nummer\":");
    int(out, 20_000_000 + i64::from(r.u32()));
    out.extend_from_slice(b",\"aanvraagStatusId\":");
    string(out, STATUSSEN.get(r.idx()).copied().unwrap_or_default());
    out.extend_from_slice(b",\"aanvraagIsOrder\":");
    boolean(out, r.bool());
    out.extend_from_slice(b",\"referentieNrKlant\":");
    match r.u32() {
        0 => out.extend_from_slice(b"null"),
        n => string(out, &format!("PO-{n}")),
    }
    out.extend_from_slice(b",\"opmerking\":null,\"bedrijfId\":");
    r.id(out);
    out.extend_from_slice(b",\"contactpersoonId\":");
    r.id(out);
    out.extend_from_slice(b",\"opleidingssoortId\":");
    r.id(out);
    out.extend_from_slice(b",\"opleidingId\":");
    r.id(out);
    out.extend_from_slice(b",\"aantalDeelnemers\":");
    int(out, i64::from(r.u8()));
    out.extend_from_slice(b",\"webaanvraagId\":null,\"auditTrail\":");
    packed::write_audit(r, out);
    out.push(b'}');
}

/// `records::orderverkoopregels`'s draws.
pub(super) fn orderverkoopregels(
    g: &mut Gen,
    aanvraag: &AanvraagRef,
    personen: &[Id],
) -> Vec<GenRecord> {
    let n = if g.chance(0.2) {
        0
    } else if g.chance(0.25) {
        2
    } else {
        1
    };
    (0..n)
        .map(|_| {
            let prijs = g.range(150, 1_800) / 5 * 5;
            let mut audit = Packer::new(0);
            let (changed, etag) = packed::audit(g, &mut audit);
            let id = g.guid();
            let persoon = g.pick(personen);
            let mut p = Packer::new(kind::ORDERVERKOOPREGEL);
            p.guid(&id);
            p.guid(&aanvraag.id);
            p.key(persoon);
            p.key(aanvraag.opleiding_id);
            p.u8(aanvraag.aantal as u8);
            p.u32(prijs as u32);
            p.append(audit);
            GenRecord {
                data: p.finish(),
                id: Id::Guid(id),
                changed,
                etag,
            }
        })
        .collect()
}

/// The JSON text of a packed Orderverkoopregel.
pub(super) fn write_orderverkoopregel(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    out.extend_from_slice(b",\"aanvraagId\":");
    r.id(out);
    out.extend_from_slice(b",\"persoonId\":");
    r.id(out);
    out.extend_from_slice(b",\"opleidingId\":");
    r.id(out);
    let aantal = i64::from(r.u8());
    let prijs = f64::from(r.u32());
    out.extend_from_slice(b",\"omschrijving\":\"Deelname opleiding\",\"aantal\":");
    int(out, aantal);
    out.extend_from_slice(b",\"prijsExclBtw\":");
    float(out, prijs);
    out.extend_from_slice(b",\"btwPercentage\":21,\"bedragExclBtw\":");
    float(out, prijs * aantal as f64);
    out.extend_from_slice(b",\"auditTrail\":");
    packed::write_audit(r, out);
    out.push(b'}');
}

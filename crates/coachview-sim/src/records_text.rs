//! The two biggest resources (Aanvragen and their Orderverkoopregels, 80% of the records)
//! written straight as JSON text: the same fields in the same order, the same draws in the
//! same order and the same number formats as `records::aanvraag`/`orderverkoopregels` built as
//! `serde_json::Value`s and serialized, at a fraction of the work (a million Aanvragen start in
//! seconds). `tests/sim_scale.rs` holds the answers to those of the `Value` builders.

use super::generator::Gen;
use super::names::GEBRUIKERS;
use super::time::fmt_millis;
use chrono::{Duration, NaiveDateTime};
use std::fmt::Write;

/// A record written as text, with what its table indexes it by.
pub(super) struct TextRecord {
    pub json: String,
    pub id: String,
    pub changed: NaiveDateTime,
    pub etag: i64,
}

/// What an Aanvraag's Orderverkoopregels take from it.
pub(super) struct AanvraagRef {
    id: String,
    opleiding_id: String,
    aantal: i64,
}

/// A JSON string (quoted and escaped exactly as `serde_json` writes it).
fn string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("null"),
    }
}

/// A JSON number of an `f64`, as `serde_json` writes it.
fn float(out: &mut String, x: f64) {
    match serde_json::to_string(&x) {
        Ok(text) => out.push_str(&text),
        Err(_) => out.push_str("null"),
    }
}

/// `Gen::audit` written as text: the same draws; returns (change time, etag).
fn audit(g: &mut Gen, out: &mut String) -> (NaiveDateTime, i64) {
    let changed = g.change_time();
    let created = if g.chance(0.4) {
        changed
    } else {
        changed - Duration::minutes(g.range(5, 200 * 24 * 60))
    };
    g.etag += g.range(1, 40);
    let by = *g.pick(GEBRUIKERS);
    let changed_by = *g.pick(GEBRUIKERS);
    out.push_str("{\"aangemaaktDatumTijd\":");
    string(out, &fmt_millis(created));
    out.push_str(",\"aangemaaktDoor\":");
    string(out, by);
    out.push_str(",\"gewijzigdDatumTijd\":");
    string(out, &fmt_millis(changed));
    out.push_str(",\"gewijzigdDoor\":");
    string(out, changed_by);
    let _ = write!(out, ",\"etag\":{}}}", g.etag);
    (changed, g.etag)
}

fn id_or_null(out: &mut String, id: &str) {
    if id.is_empty() {
        out.push_str("null");
    } else {
        string(out, id);
    }
}

/// `records::aanvraag` as text. `bedrijven`/`personen` hold ids, `opleidingen`
/// (id, opleidingssoortId) pairs (empty: `null`).
pub(super) fn aanvraag(
    g: &mut Gen,
    i: usize,
    bedrijven: &[String],
    personen: &[String],
    opleidingen: &[(String, String)],
) -> (TextRecord, AanvraagRef) {
    let (opl_id, opl_soort) = g.pick(opleidingen).clone();
    let status = *g.pick(&[
        "Nieuw",
        "InBehandeling",
        "Verwerkt",
        "Verwerkt",
        "Verwerkt",
        "Geannuleerd",
    ]);
    let mut audit_text = String::with_capacity(200);
    let (changed, etag) = audit(g, &mut audit_text);
    let id = g.id();
    let mut out = String::with_capacity(700);
    out.push_str("{\"id\":");
    string(&mut out, &id);
    let _ = write!(out, ",\"nummer\":{}", 20_000_000 + i as i64);
    out.push_str(",\"aanvraagStatusId\":");
    string(&mut out, status);
    let _ = write!(out, ",\"aanvraagIsOrder\":{}", g.chance(0.6));
    out.push_str(",\"referentieNrKlant\":");
    if g.chance(0.4) {
        string(&mut out, &format!("PO-{}", g.range(10_000, 99_999)));
    } else {
        out.push_str("null");
    }
    out.push_str(",\"opmerking\":null,\"bedrijfId\":");
    let bedrijf: &String = g.pick(bedrijven);
    id_or_null(&mut out, bedrijf);
    out.push_str(",\"contactpersoonId\":");
    let contact: &String = g.pick(personen);
    id_or_null(&mut out, contact);
    out.push_str(",\"opleidingssoortId\":");
    id_or_null(&mut out, &opl_soort);
    out.push_str(",\"opleidingId\":");
    id_or_null(&mut out, &opl_id);
    let aantal = g.range(1, 4);
    let _ = write!(out, ",\"aantalDeelnemers\":{aantal},\"webaanvraagId\":null");
    out.push_str(",\"auditTrail\":");
    out.push_str(&audit_text);
    out.push('}');
    let reference = AanvraagRef {
        id: id.clone(),
        opleiding_id: opl_id,
        aantal,
    };
    let record = TextRecord {
        json: out,
        id,
        changed,
        etag,
    };
    (record, reference)
}

/// `records::orderverkoopregels` as text.
pub(super) fn orderverkoopregels(
    g: &mut Gen,
    aanvraag: &AanvraagRef,
    personen: &[String],
) -> Vec<TextRecord> {
    let n = if g.chance(0.2) {
        0
    } else if g.chance(0.25) {
        2
    } else {
        1
    };
    (0..n)
        .map(|_| {
            let prijs = (g.range(150, 1_800) / 5 * 5) as f64;
            let aantal = aanvraag.aantal;
            let mut audit_text = String::with_capacity(200);
            let (changed, etag) = audit(g, &mut audit_text);
            let id = g.id();
            let mut out = String::with_capacity(520);
            out.push_str("{\"id\":");
            string(&mut out, &id);
            out.push_str(",\"aanvraagId\":");
            id_or_null(&mut out, &aanvraag.id);
            out.push_str(",\"persoonId\":");
            let persoon: &String = g.pick(personen);
            id_or_null(&mut out, persoon);
            out.push_str(",\"opleidingId\":");
            id_or_null(&mut out, &aanvraag.opleiding_id);
            let _ = write!(
                out,
                ",\"omschrijving\":\"Deelname opleiding\",\"aantal\":{aantal},\"prijsExclBtw\":"
            );
            float(&mut out, prijs);
            out.push_str(",\"btwPercentage\":21,\"bedragExclBtw\":");
            float(&mut out, prijs * aantal as f64);
            out.push_str(",\"auditTrail\":");
            out.push_str(&audit_text);
            out.push('}');
            TextRecord {
                json: out,
                id,
                changed,
                etag,
            }
        })
        .collect()
}

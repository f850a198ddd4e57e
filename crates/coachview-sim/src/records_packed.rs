//! Personen, Bedrijven and Webaanvragen kept as their draws
//! (`packed.rs`): the same draws in the same order as the `serde_json::Value` builders in
//! `records.rs` made, written as JSON text when read — the same fields in the same order and the
//! same number formats as those builders' records serialized (`tests/sim_scale.rs`).

use super::generator::Gen;
use super::names::*;
use super::packed::{self, Packer, Unpacker, boolean, int, kind, string};
use super::records::slug;
use super::records_text::GenRecord;
use super::row_id::Id;
use super::time::fmt_date;
use chrono::Duration;

pub(super) fn word<T: Copy + Default>(list: &[T], i: usize) -> T {
    list.get(i).copied().unwrap_or_default()
}

pub(super) fn record(
    p: Packer,
    id: [u8; 16],
    (changed, etag): (chrono::NaiveDateTime, i64),
) -> GenRecord {
    GenRecord {
        data: p.finish(),
        id: Id::Guid(id),
        changed,
        etag,
    }
}

/// `Gen::adres`'s draws.
fn adres(g: &mut Gen, p: &mut Packer) {
    let plaats = g.pick_index(PLAATSEN);
    let straat = g.pick_index(STRATEN);
    let nr = g.range(1, 240);
    let postcode = g.postcode(word(PLAATSEN, plaats).1);
    p.idx(plaats);
    p.idx(straat);
    p.u8(nr as u8);
    p.str(&postcode);
}

fn write_adres(r: &mut Unpacker, out: &mut Vec<u8>) {
    let plaats = word(PLAATSEN, r.idx()).0;
    let straat = word(STRATEN, r.idx());
    let nr = r.u8();
    out.extend_from_slice(b"{\"adres1\":");
    string(out, &format!("{straat} {nr}"));
    out.extend_from_slice(b",\"adres2\":null,\"adres3\":null,\"adres4\":null,\"postcode\":");
    string(out, r.str());
    out.extend_from_slice(b",\"plaats\":");
    string(out, plaats);
    out.extend_from_slice(b",\"landCode\":\"NL\"}");
}

const DOMEINEN: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "ziggo.nl",
    "kpnmail.nl",
];

/// `records::persoon`'s draws; returns the record and its id.
pub(super) fn persoon(g: &mut Gen) -> (GenRecord, Id) {
    let vrouw = g.chance(0.5);
    let voornaam = g.pick_index(if vrouw { VOORNAMEN_V } else { VOORNAMEN_M });
    let achternaam = g.pick_index(ACHTERNAMEN);
    let (eigen, domein) = if g.chance(0.6) {
        (false, g.pick_index(DOMEINEN))
    } else {
        (true, g.pick_index(BEDRIJF_STAM))
    };
    let nr = g.range(1, 99);
    let geboren = g.now.date() - Duration::days(g.range(18 * 365, 66 * 365));
    let mut p = Packer::new(kind::PERSOON);
    let mut rest = Packer::new(0);
    adres(g, &mut rest);
    let key = packed::audit(g, &mut rest);
    let id = g.guid();
    let inactief = g.chance(0.03);
    let tel = g.range(10_000_000, 99_999_999);
    let geboorteplaats = g.pick_index(PLAATSEN);
    p.guid(&id);
    p.bool(vrouw);
    p.idx(voornaam);
    p.idx(achternaam);
    p.bool(eigen);
    p.idx(domein);
    p.u8(nr as u8);
    p.date(geboren);
    p.bool(inactief);
    p.u32(tel as u32);
    p.idx(geboorteplaats);
    p.append(rest);
    (record(p, id, key), Id::Guid(id))
}

pub(super) fn write_persoon(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    let vrouw = r.bool();
    let voornaam = word(if vrouw { VOORNAMEN_V } else { VOORNAMEN_M }, r.idx());
    let (tussen, achternaam) = word(ACHTERNAMEN, r.idx());
    let eigen = r.bool();
    let domein = r.idx();
    let domain = if eigen {
        format!("{}.nl", slug(word(BEDRIJF_STAM, domein)))
    } else {
        word(DOMEINEN, domein).to_string()
    };
    let nr = r.u8();
    let geboren = r.date();
    let inactief = r.bool();
    let tel = r.u32();
    let geboorteplaats = word(PLAATSEN, r.idx()).0;
    out.extend_from_slice(b",\"titel\":null,\"voorletters\":");
    string(out, &format!("{}.", voornaam.get(..1).unwrap_or_default()));
    out.extend_from_slice(b",\"voornaam\":");
    string(out, voornaam);
    out.extend_from_slice(b",\"tussenvoegsels\":");
    if tussen.is_empty() {
        out.extend_from_slice(b"null");
    } else {
        string(out, tussen);
    }
    out.extend_from_slice(b",\"achternaam\":");
    string(out, achternaam);
    out.extend_from_slice(b",\"achterTitel\":null,\"inactief\":");
    boolean(out, inactief);
    out.extend_from_slice(b",\"adres\":");
    write_adres(r, out);
    out.extend_from_slice(b",\"factuurAdres\":null,\"email1\":");
    let email = format!(
        "{}.{}{}{nr}@{domain}",
        voornaam.to_lowercase(),
        slug(tussen),
        slug(achternaam),
    );
    string(out, &email);
    out.extend_from_slice(b",\"tel1\":");
    string(out, &format!("06-{tel}"));
    out.extend_from_slice(b",\"geslacht\":");
    string(out, if vrouw { "Vrouw" } else { "Man" });
    out.extend_from_slice(b",\"geboortedatum\":");
    string(out, &fmt_date(geboren));
    out.extend_from_slice(b",\"geboorteplaats\":");
    string(out, geboorteplaats);
    out.extend_from_slice(b",\"auditTrail\":");
    packed::write_audit(r, out);
    out.push(b'}');
}

/// `records::bedrijf`'s draws; returns the record and its id.
pub(super) fn bedrijf(g: &mut Gen) -> (GenRecord, Id) {
    let stam = g.pick_index(BEDRIJF_STAM);
    let soort = g.pick_index(BEDRIJF_SOORT);
    let vorm = g.pick_index(BEDRIJF_VORM);
    let mut rest = Packer::new(0);
    let key = packed::audit(g, &mut rest);
    adres(g, &mut rest);
    let eigen_factuur = !g.chance(0.7);
    if eigen_factuur {
        adres(g, &mut rest);
    }
    let id = g.guid();
    let netnummer = g.range(10, 79);
    let abonnee = g.range(1_000_000, 9_999_999);
    let mut p = Packer::new(kind::BEDRIJF);
    p.guid(&id);
    p.idx(stam);
    p.idx(soort);
    p.idx(vorm);
    p.u8(netnummer as u8);
    p.u32(abonnee as u32);
    p.bool(eigen_factuur);
    p.append(rest);
    (record(p, id, key), Id::Guid(id))
}

pub(super) fn write_bedrijf(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    let naam = format!(
        "{} {} {}",
        word(BEDRIJF_STAM, r.idx()),
        word(BEDRIJF_SOORT, r.idx()),
        word(BEDRIJF_VORM, r.idx())
    );
    let domain = format!("{}.nl", slug(&naam.replace("B.V.", "").replace("N.V.", "")));
    let netnummer = r.u8();
    let abonnee = r.u32();
    let eigen_factuur = r.bool();
    out.extend_from_slice(b",\"naam\":");
    string(out, &naam);
    out.extend_from_slice(b",\"emailadres\":");
    string(out, &format!("info@{domain}"));
    out.extend_from_slice(b",\"telefoonnummer\":");
    string(out, &format!("0{netnummer}-{abonnee}"));
    out.extend_from_slice(b",\"website\":");
    string(out, &format!("https://www.{domain}"));
    let mut audit = Vec::with_capacity(200);
    packed::write_audit(r, &mut audit);
    let mut bezoek = Vec::with_capacity(160);
    write_adres(r, &mut bezoek);
    out.extend_from_slice(b",\"bezoekadres\":");
    out.extend_from_slice(&bezoek);
    out.extend_from_slice(b",\"factuurAdres\":");
    if eigen_factuur {
        write_adres(r, out);
    } else {
        out.extend_from_slice(&bezoek);
    }
    out.extend_from_slice(b",\"auditTrail\":");
    out.extend_from_slice(&audit);
    out.push(b'}');
}

/// `records::webaanvraag`'s draws.
pub(super) fn webaanvraag(g: &mut Gen, i: usize) -> GenRecord {
    let deelnemers = g.range(1, 4);
    let mut audit = Packer::new(0);
    let key = packed::audit(g, &mut audit);
    let id = g.guid();
    let referentie = g.range(100_000, 999_999);
    let is_order = g.chance(0.5);
    let contact_deelnemer = deelnemers == 1 || g.chance(0.3);
    let mut p = Packer::new(kind::WEBAANVRAAG);
    p.guid(&id);
    p.u32(i as u32);
    p.u32(referentie as u32);
    p.bool(is_order);
    p.u8(deelnemers as u8);
    p.bool(contact_deelnemer);
    p.append(audit);
    record(p, id, key)
}

pub(super) fn write_webaanvraag(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    out.extend_from_slice(b",\"nummer\":");
    int(out, 900_000 + i64::from(r.u32()));
    out.extend_from_slice(b",\"referentieNrKlant\":");
    string(out, &format!("WEB-{}", r.u32()));
    out.extend_from_slice(b",\"opmerking\":null,\"aanvraagIsOrder\":");
    boolean(out, r.bool());
    out.extend_from_slice(b",\"aantalDeelnemers\":");
    int(out, i64::from(r.u8()));
    out.extend_from_slice(b",\"contactpersoonIsDeelnemer\":");
    boolean(out, r.bool());
    out.extend_from_slice(
        b",\"verwerkt\":true,\"aanvraagId\":null,\"opleidingen\":[],\"auditTrail\":",
    );
    packed::write_audit(r, out);
    out.push(b'}');
}

//! Opleidingen and their onderdelen kept as their draws (`packed.rs`): the same draws in the
//! same order as the `serde_json::Value` builders `records::opleiding`/`onderdelen` made, written
//! as JSON text when read — the same fields in the same order and the same number formats
//! (`tests/sim_scale.rs`).

use super::generator::Gen;
use super::packed::{self, Packer, Unpacker, boolean, float, int, kind, string};
use super::records::dag;
use super::records_packed::{record, word};
use super::records_text::GenRecord;
use super::row_id::Id;
use super::time::{fmt_date, fmt_secs};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde_json::Value;

/// What an Opleiding's onderdelen take from it.
pub(super) struct OpleidingRef {
    id: [u8; 16],
    code: String,
    naam: String,
    locatie: String,
    start: NaiveDate,
    dagen: i64,
    max: i64,
    vrij: i64,
}

const OPLEIDING_STATUS: &[&str] = &[
    "Geannuleerd",
    "TeStarten",
    "Definitief",
    "Afgerond",
    "Uitgevoerd",
];

fn text_of(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// `records::opleiding`'s draws; returns the record, its id and opleidingssoortId, and what
/// its onderdelen take from it.
pub(super) fn opleiding(
    g: &mut Gen,
    i: usize,
    soorten: &[Value],
    locaties: &[Value],
    personen: &[Id],
) -> (GenRecord, (Id, Id), OpleidingRef) {
    let soort = g.pick(soorten);
    let loc = g.pick(locaties);
    let start = g.now.date() + Duration::days(g.range(-300, 200));
    let dagen = g.range(0, 2);
    let status = if g.chance(0.06) {
        0
    } else if start > g.now.date() {
        if g.chance(0.5) { 1 } else { 2 }
    } else if g.chance(0.7) {
        3
    } else {
        4
    };
    let max = g.range(8, 16);
    let bezet = g.range(0, max);
    let plaats = loc["bedrijf"]["bezoekadres"]["plaats"]
        .as_str()
        .unwrap_or("Utrecht")
        .replace(' ', "");
    let mut audit = Packer::new(0);
    let key = packed::audit(g, &mut audit);
    let id = g.guid();
    let contact = g.pick(personen);
    let code = format!(
        "{}-{}-{}",
        soort["code"].as_str().unwrap_or("OPL"),
        i,
        plaats
    );
    let naam = text_of(&soort["naam"]);
    let soort_id = text_of(&soort["id"]);
    let locatie = text_of(&loc["id"]);
    let mut p = Packer::new(kind::OPLEIDING);
    p.guid(&id);
    p.str(&code);
    p.str(naam);
    p.u8(status);
    p.date(start);
    p.u8(dagen as u8);
    p.u8(max as u8);
    p.u8(bezet as u8);
    p.id(soort_id);
    p.key(contact);
    p.id(locatie);
    p.append(audit);
    let reference = OpleidingRef {
        id,
        code,
        naam: naam.to_string(),
        locatie: locatie.to_string(),
        start,
        dagen,
        max,
        vrij: max - bezet,
    };
    let ids = (Id::Guid(id), Id::new(soort_id));
    (record(p, id, key), ids, reference)
}

pub(super) fn write_opleiding(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    out.extend_from_slice(b",\"code\":");
    string(out, r.str());
    out.extend_from_slice(b",\"naam\":");
    string(out, r.str());
    let status = word(OPLEIDING_STATUS, usize::from(r.u8()));
    let start = r.date();
    let dagen = i64::from(r.u8());
    let eind = start + Duration::days(dagen);
    let max = i64::from(r.u8());
    let bezet = i64::from(r.u8());
    let geannuleerd = status == "Geannuleerd";
    out.extend_from_slice(b",\"opleidingStatusId\":");
    string(out, status);
    out.extend_from_slice(b",\"opmerking\":null,\"publicatie\":");
    boolean(out, !geannuleerd);
    out.extend_from_slice(
        b",\"publicatiePlanning\":true,\"planningstype\":\"GeenRoostering\",\
          \"planningsfrequentieAantal\":1,\"planningsfrequentieTijdseenheid\":\"Dag\",\
          \"planningWeekdagen\":\"geen\",\
          \"planningConflictafhandeling\":\"GebruikEerstBeschikbareDag\",\
          \"begindatumOorspronkelijkeOpleiding\":null,\
          \"redenOpleidingGeannuleerdOmschrijving\":",
    );
    if geannuleerd {
        string(out, "Te weinig aanmeldingen");
    } else {
        out.extend_from_slice(b"null");
    }
    out.extend_from_slice(b",\"redenOpleidingGeannuleerdId\":null,\"deadlineInschrijven\":");
    string(out, &fmt_date(start - Duration::days(7)));
    out.extend_from_slice(b",\"deadlineUitschrijven\":");
    string(out, &fmt_date(start - Duration::days(14)));
    out.extend_from_slice(b",\"opleidingssoortId\":");
    r.id(out);
    out.extend_from_slice(b",\"contactpersoonId\":");
    r.id(out);
    out.extend_from_slice(b",\"contactpersoon2Id\":null,\"startLocatieId\":");
    r.id(out);
    out.extend_from_slice(b",\"startDag\":");
    string(out, dag(start));
    out.extend_from_slice(b",\"eindDag\":");
    string(out, dag(eind));
    out.extend_from_slice(b",\"startDatum\":");
    string(out, &fmt_date(start));
    out.extend_from_slice(b",\"eindDatum\":");
    string(out, &fmt_date(eind));
    out.extend_from_slice(b",\"aantalPlaatsenMin\":4,\"aantalPlaatsenMax\":");
    int(out, max);
    out.extend_from_slice(b",\"aantalPlaatsenVrij\":");
    int(out, max - bezet);
    out.extend_from_slice(b",\"aantalPlaatsenBezet\":");
    int(out, bezet);
    out.extend_from_slice(b",\"totaalStudiebelasting\":");
    int(out, 8 * (dagen + 1));
    out.extend_from_slice(b",\"totaalAantalUur\":");
    float(out, 7.5 * (dagen + 1) as f64);
    out.extend_from_slice(b",\"aantalOnderdelen\":");
    int(out, dagen + 1);
    out.extend_from_slice(b",\"aantalPersonenOpIngediendeWebaanvragen\":0,\"auditTrail\":");
    packed::write_audit(r, out);
    out.push(b'}');
}

/// `records::onderdelen`'s draws.
pub(super) fn onderdelen(g: &mut Gen, opl: &OpleidingRef) -> Vec<GenRecord> {
    let n = opl.dagen + 1;
    let elearning = g.chance(0.1);
    (0..n)
        .map(|k| {
            let mut audit = Packer::new(0);
            let key = packed::audit(g, &mut audit);
            let id = g.guid();
            let examen = k + 1 == n && g.chance(0.3);
            let mut p = Packer::new(kind::ONDERDEEL);
            p.guid(&id);
            p.str(&opl.code);
            p.str(&opl.naam);
            p.u8(k as u8);
            p.date(opl.start + Duration::days(k));
            p.bool(elearning);
            p.bool(examen);
            p.u8(opl.max as u8);
            p.u8(opl.vrij as u8);
            p.guid(&opl.id);
            p.id(&opl.locatie);
            p.append(audit);
            record(p, id, key)
        })
        .collect()
}

pub(super) fn write_onderdeel(r: &mut Unpacker, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"id\":");
    r.id(out);
    let code = r.str();
    let naam = r.str();
    let k = i64::from(r.u8());
    let datum = r.date();
    let elearning = r.bool();
    let examen = r.bool();
    let max = i64::from(r.u8());
    let vrij = i64::from(r.u8());
    out.extend_from_slice(b",\"code\":");
    string(out, &format!("{code}/{}", k + 1));
    out.extend_from_slice(b",\"naam\":");
    string(out, &format!("{naam} dag {}", k + 1));
    out.extend_from_slice(b",\"omschrijving\":null,\"volgnummer\":");
    int(out, k + 1);
    out.extend_from_slice(b",\"datum\":");
    if elearning {
        out.extend_from_slice(b"null");
    } else {
        string(out, &fmt_date(datum));
    }
    let van = NaiveTime::from_hms_opt(9, 30, 0).unwrap_or(NaiveTime::MIN);
    let tot = NaiveTime::from_hms_opt(16, 30, 0).unwrap_or(NaiveTime::MIN);
    out.extend_from_slice(b",\"tijdVan\":\"09:30:00\",\"tijdTot\":\"16:30:00\",\"datumTijdVan\":");
    string(out, &fmt_secs(datum.and_time(van)));
    out.extend_from_slice(b",\"datumTijdTot\":");
    string(out, &fmt_secs(datum.and_time(tot)));
    out.extend_from_slice(b",\"studiebelasting\":8,\"minCursisten\":4,\"maxCursisten\":");
    int(out, max);
    out.extend_from_slice(b",\"aanwezig\":false,\"examen\":");
    boolean(out, examen);
    out.extend_from_slice(b",\"aantalVrij\":");
    int(out, vrij);
    out.extend_from_slice(
        b",\"elearningOmgevingId\":null,\"elearningCode\":null,\"virtualClassroomURL\":null,\
          \"lesvormId\":",
    );
    string(out, if elearning { "Elearning" } else { "Klassikaal" });
    out.extend_from_slice(b",\"planningDagenNaVorigOnderdeel\":");
    int(out, i64::from(k != 0));
    out.extend_from_slice(b",\"opleidingId\":");
    r.id(out);
    out.extend_from_slice(b",\"locatieId\":");
    r.id(out);
    out.extend_from_slice(b",\"auditTrail\":");
    packed::write_audit(r, out);
    out.push(b'}');
}

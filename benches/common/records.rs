//! Deterministic Aanvraag-like records for the table and export benchmarks (no simulator needed).

use serde_json::{Value, json};

/// A small deterministic generator (no dependency on the simulator).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 16
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn guid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            a as u32,
            (a >> 32) as u16,
            b as u16 & 0xfff,
            (b >> 16) as u16 & 0xfff,
            self.next() & 0xffff_ffff_ffff
        )
    }
}

pub fn aanvraag(rng: &mut Lcg, i: usize) -> Value {
    const STATUS: [&str; 4] = ["Nieuw", "InBehandeling", "Verwerkt", "Geannuleerd"];
    const WHO: [&str; 4] = [
        "lindsey.derks",
        "sjaak.vos",
        "anouk.de.vries",
        "api.koppeling",
    ];
    let day = 1 + rng.below(28);
    let (h, m, s, ms) = (rng.below(24), rng.below(60), rng.below(60), rng.below(1000));
    let changed = format!("2025-06-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}");
    let opmerking = match rng.below(5) {
        0 => Value::from(format!(
            "Graag factuur naar afdeling {} t.a.v. mevr. Brontë",
            rng.below(50)
        )),
        _ => Value::Null,
    };
    json!({
        "id": rng.guid(),
        "nummer": 100_000 + i,
        "aanvraagStatusId": STATUS[rng.below(4) as usize],
        "aanvraagIsOrder": rng.below(2) == 0,
        "referentieNrKlant": format!("PO-{}", rng.below(1_000_000)),
        "opmerking": opmerking,
        "bedrijfId": rng.guid(),
        "contactpersoonId": rng.guid(),
        "opleidingssoortId": rng.guid(),
        "opleidingId": rng.guid(),
        "aantalDeelnemers": 1 + rng.below(12),
        "auditTrail": {
            "aangemaaktDatumTijd": format!("2025-05-{day:02}T08:00:00.000"),
            "aangemaaktDoor": WHO[rng.below(4) as usize],
            "gewijzigdDatumTijd": changed,
            "gewijzigdDoor": WHO[rng.below(4) as usize],
            "etag": rng.below(1_000_000_000),
        }
    })
}

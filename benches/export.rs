//! Export benchmark: 100,000 Aanvraag-like records to CSV, XLSX and JSON, printing seconds.
//! Goals in release: CSV ≤ 1 s, XLSX ≤ 5 s. Run: `cargo bench --bench export`.

use coachdesk::export::{ExportFormat, ExportOptions, export_records, export_texts};
use coachdesk::job::Cancel;
use coachdesk::record::{TableModel, default_columns};
use coachdesk::resource::Resource;
use serde_json::{Value, json};
use std::time::Instant;

const ROWS: usize = 100_000;

/// A small deterministic generator (no dependency on the simulator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 16
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn guid(&mut self) -> String {
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

fn aanvraag(rng: &mut Lcg, i: usize) -> Value {
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

fn main() {
    let mut rng = Lcg(7);
    let records: Vec<Value> = (0..ROWS).map(|i| aanvraag(&mut rng, i)).collect();
    let mut columns: Vec<String> = default_columns(Resource::Aanvragen)
        .into_iter()
        .map(String::from)
        .collect();
    columns.extend(["aantalDeelnemers", "aanvraagIsOrder", "opmerking"].map(String::from));
    let opts = ExportOptions {
        columns,
        decimal_comma: true,
    };
    let dir = std::env::temp_dir().join(format!("coachdesk-bench-export-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return;
    }
    let model = TableModel::new(records.clone(), opts.columns.clone());
    let all_rows: Vec<usize> = (0..model.len()).collect();
    let texts = model.rows_json(&all_rows);
    let formats = [
        (ExportFormat::Csv, "≤ 1 s"),
        (ExportFormat::Xlsx, "≤ 5 s"),
        (ExportFormat::Json, "-"),
    ];
    for (format, goal) in formats {
        for from_table in [false, true] {
            let path = dir.join(format!("aanvragen.{}", format.extension()));
            let (mut progress, cancel) = (|_, _| {}, Cancel::new());
            let t = Instant::now();
            let result = match from_table {
                false => export_records(format, &path, &records, &opts, &mut progress, &cancel),
                true => export_texts(format, &path, &texts, &opts, &mut progress, &cancel),
            };
            let secs = t.elapsed().as_secs_f64();
            let source = if from_table {
                "table rows (JSON text)"
            } else {
                "Values"
            };
            match result {
                Ok(summary) => {
                    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                    println!(
                        "{format:?} from {source}: {} rows in {secs:.2} s (goal {goal}), {:.1} MB",
                        summary.rows,
                        size as f64 / 1e6
                    );
                }
                Err(e) => println!("{format:?} from {source}: failed after {secs:.2} s: {e}"),
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

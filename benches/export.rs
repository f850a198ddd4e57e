//! Export benchmark: 100,000 Aanvraag-like records to CSV, XLSX and JSON, printing seconds.
//! Goals in release: CSV ≤ 1 s, XLSX ≤ 5 s. Run: `cargo bench --bench export`.

use coachdesk::cancel::Cancel;
use coachdesk::export::{ExportFormat, ExportOptions, export_records, export_texts};
use coachdesk::record::{TableModel, default_columns};
use coachdesk::resource::Resource;
use serde_json::Value;

const ROWS: usize = 100_000;

mod common;
use common::records;

use records::{Lcg, aanvraag};

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
        field_paths: false,
        lang: coachdesk::i18n::Lang::Nl,
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
            let t = coachdesk::clock::Clock::system().instant();
            let result = match from_table {
                false => export_records(format, &path, &records, &opts, &mut progress, &cancel),
                true => export_texts(format, &path, &texts, &opts, &mut progress, &cancel),
            };
            let secs = coachdesk::clock::Clock::system().since(t).as_secs_f64();
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

//! Export tests: CSV, XLSX and JSON read back; failures and cancels leave no file.

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use coachdesk::cancel::Cancel;
use coachdesk::export::{
    ExportError, ExportFormat, ExportOptions, export_records, export_rows, export_texts,
};
use coachdesk::i18n::Lang;
use coachdesk::record::TableModel;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("coachdesk-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn records() -> Vec<Value> {
    vec![
        json!({
            "id": "a1", "nummer": 1001, "referentieNrKlant": "Café \"De Ëik\"; filiaal 2",
            "opmerking": "regel één\nregel twee", "totaal": 52.5, "aanvraagIsOrder": true,
            "startDatum": "2025-06-06",
            "auditTrail": {"gewijzigdDatumTijd": "2025-01-16T15:47:18.433", "gewijzigdDoor": "lindsey.derks"}
        }),
        json!({
            "id": "a2", "nummer": 1002, "referentieNrKlant": "=HYPERLINK(\"http://x\")",
            "opmerking": null, "totaal": -3, "aanvraagIsOrder": false,
            "auditTrail": {"gewijzigdDatumTijd": "2025-06-06T09:30:00", "gewijzigdDoor": "sjaak"}
        }),
        json!({"id": "a3", "nummer": 1003, "bedrijf": {"naam": "Zeeman"}}),
    ]
}

fn columns() -> Vec<String> {
    [
        "nummer",
        "referentieNrKlant",
        "opmerking",
        "totaal",
        "aanvraagIsOrder",
        "startDatum",
        "auditTrail.gewijzigdDatumTijd",
        "audittrail.gewijzigddoor",
    ]
    .map(String::from)
    .to_vec()
}

fn run(
    format: ExportFormat,
    path: &Path,
    records: &[Value],
    opts: &ExportOptions,
) -> Result<usize, ExportError> {
    let mut reports = Vec::new();
    let summary = export_records(
        format,
        path,
        records,
        opts,
        &mut |d, t| reports.push((d, t)),
        &Cancel::new(),
    )?;
    assert_eq!(summary.path, path);
    assert_eq!(reports.last(), Some(&(records.len(), records.len())));
    assert!(
        reports.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress never goes back"
    );
    Ok(summary.rows)
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM first");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_reads_back_with_dutch_dates_and_escaping() {
    let dir = scratch("csv");
    let path = dir.join("aanvragen.csv");
    let opts = ExportOptions {
        columns: columns(),
        decimal_comma: true,
        field_paths: true,
        lang: Lang::Nl,
    };
    assert_eq!(run(ExportFormat::Csv, &path, &records(), &opts).unwrap(), 3);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends for Excel");
    let rows = read_csv(&path);
    assert_eq!(rows[0], columns());
    let expected = [
        [
            "1001",
            "Café \"De Ëik\"; filiaal 2",
            "regel één\nregel twee",
            "52,5",
            "true",
            "06-06-2025",
            "16-01-2025 15:47",
            "lindsey.derks",
        ],
        [
            "1002",
            "'=HYPERLINK(\"http://x\")",
            "",
            "-3",
            "false",
            "",
            "06-06-2025 09:30",
            "sjaak",
        ],
        ["1003", "", "", "", "", "", "", ""],
    ];
    assert_eq!(rows.len(), 4);
    for (row, want) in rows[1..].iter().zip(expected) {
        assert_eq!(row, &want.map(String::from).to_vec());
    }
    // A decimal point when asked for.
    let opts = ExportOptions {
        columns: vec!["totaal".into()],
        decimal_comma: false,
        field_paths: true,
        lang: Lang::Nl,
    };
    run(ExportFormat::Csv, &path, &records(), &opts).unwrap();
    assert_eq!(read_csv(&path)[1], ["52.5"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn csv_of_a_selection_in_order_and_all_columns_by_default() {
    let dir = scratch("selection");
    let path = dir.join("selectie.csv");
    let (all, cancel) = (records(), Cancel::new());
    let opts = ExportOptions {
        field_paths: true,
        ..ExportOptions::default()
    };
    let summary = export_rows(
        ExportFormat::Csv,
        &path,
        &all,
        &[2, 0, 99],
        &opts,
        &mut |_, _| {},
        &cancel,
    )
    .unwrap();
    assert_eq!(summary.rows, 2);
    let rows = read_csv(&path);
    // Columns of the selected records, first seen first (record a3, then a1).
    assert_eq!(rows[0][..3], ["id", "nummer", "bedrijf.naam"]);
    assert_eq!(rows[1][..3], ["a3", "1003", "Zeeman"]);
    assert_eq!(rows[2][..3], ["a1", "1001", ""]);
    assert_eq!(rows.len(), 3);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn table_selection_exports_from_stored_text() {
    let dir = scratch("table");
    let mut model = TableModel::new(records(), columns());
    model.sort_by(0, false); // nummer 1003, 1002, 1001
    let shown = model.rows_json(model.visible());
    let opts = ExportOptions {
        columns: columns(),
        decimal_comma: true,
        field_paths: true,
        lang: Lang::Nl,
    };
    let path = dir.join("tabel.csv");
    let summary = export_texts(
        ExportFormat::Csv,
        &path,
        &shown,
        &opts,
        &mut |_, _| {},
        &Cancel::new(),
    )
    .unwrap();
    assert_eq!(summary.rows, 3);
    let rows = read_csv(&path);
    let firsts: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(firsts, ["1003", "1002", "1001"]);
    assert_eq!(rows[3][2], "regel één\nregel twee");
    let json_path = dir.join("tabel.json");
    export_texts(
        ExportFormat::Json,
        &json_path,
        &shown[2..],
        &opts,
        &mut |_, _| {},
        &Cancel::new(),
    )
    .unwrap();
    let back: Vec<Value> = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(back, records()[..1]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// An Excel serial date (days since 1899-12-30) as a date-time, to the millisecond.
fn from_serial(serial: f64) -> NaiveDateTime {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    base + TimeDelta::milliseconds((serial * 86_400_000.0).round() as i64)
}

fn excel_moment(cell: &Data) -> NaiveDateTime {
    match cell {
        Data::DateTime(dt) => from_serial(dt.as_f64()),
        other => panic!("expected a real Excel date, got {other:?}"),
    }
}

#[test]
fn xlsx_reads_back_with_real_dates_numbers_and_text() {
    let dir = scratch("xlsx");
    let path = dir.join("aanvragen.xlsx");
    let opts = ExportOptions {
        columns: columns(),
        decimal_comma: true,
        field_paths: true,
        lang: Lang::Nl,
    };
    assert_eq!(
        run(ExportFormat::Xlsx, &path, &records(), &opts).unwrap(),
        3
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range("Export").unwrap();
    // Close the workbook before the folder is removed: on Windows an open file cannot be deleted.
    drop(book);
    let header: Vec<String> = (0..8)
        .map(|c| range.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(header, columns());
    let at = |r: usize, c: usize| range.get((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(1, 0).as_f64(), Some(1001.0));
    assert!(
        matches!(at(1, 0), Data::Float(_) | Data::Int(_)),
        "a number, not text"
    );
    assert_eq!(at(1, 1), Data::String("Café \"De Ëik\"; filiaal 2".into()));
    assert_eq!(at(1, 2), Data::String("regel één\nregel twee".into()));
    assert_eq!(at(1, 3).as_f64(), Some(52.5));
    assert_eq!(at(1, 4), Data::Bool(true));
    assert_eq!(
        excel_moment(&at(1, 5)),
        NaiveDate::from_ymd_opt(2025, 6, 6)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    );
    let changed = NaiveDate::from_ymd_opt(2025, 1, 16)
        .unwrap()
        .and_hms_milli_opt(15, 47, 18, 433)
        .unwrap();
    assert_eq!(excel_moment(&at(1, 6)), changed);
    assert_eq!(at(1, 7), Data::String("lindsey.derks".into()));
    // No formula neutralising needed in XLSX: text stays text.
    assert_eq!(at(2, 1), Data::String("=HYPERLINK(\"http://x\")".into()));
    assert_eq!(at(2, 2), Data::Empty);
    assert_eq!(at(2, 3).as_f64(), Some(-3.0));
    assert_eq!(at(2, 4), Data::Bool(false));
    assert_eq!(at(3, 1), Data::Empty);
    assert_eq!(range.height(), 4);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_is_the_full_records() {
    let dir = scratch("json");
    let path = dir.join("aanvragen.json");
    let opts = ExportOptions {
        columns: vec!["nummer".into()],
        decimal_comma: false,
        field_paths: true,
        lang: Lang::Nl,
    };
    assert_eq!(
        run(ExportFormat::Json, &path, &records(), &opts).unwrap(),
        3
    );
    let back: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(back, records());
    run(ExportFormat::Json, &path, &[], &opts).unwrap();
    let back: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(back.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_missing_or_read_only_folder_is_an_io_error_with_the_path() {
    let dir = scratch("io");
    let missing = dir.join("does-not-exist").join("x.csv");
    for format in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
        match run(format, &missing, &records(), &ExportOptions::default()) {
            Err(ExportError::Io { path, .. }) => assert_eq!(path, missing),
            other => panic!("expected an Io error, got {other:?}"),
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // root ignores permissions; only check where they apply.
        if std::fs::File::create(locked.join("probe")).is_err() {
            let target = locked.join("x.xlsx");
            let err = run(
                ExportFormat::Xlsx,
                &target,
                &records(),
                &ExportOptions::default(),
            );
            assert!(
                matches!(err, Err(ExportError::Io { ref path, .. }) if *path == target),
                "{err:?}"
            );
            assert!(err.unwrap_err().to_string().contains("x.xlsx"));
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_cancelled_export_leaves_no_file_and_keeps_the_old_one() {
    let dir = scratch("cancel");
    let many: Vec<Value> = (0..5000)
        .map(|i| json!({"nummer": i, "naam": format!("rij {i}")}))
        .collect();
    let opts = ExportOptions::default();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Json] {
        let path = dir.join(format!("export.{}", format.extension()));
        // Cancel from the progress report, i.e. mid-export; once with no file, once over an old one.
        for old in [None, Some(&b"old"[..])] {
            if let Some(content) = old {
                std::fs::write(&path, content).unwrap();
            }
            let cancel = Cancel::new();
            let mut calls = 0;
            let mut progress = |done: usize, _: usize| {
                calls += 1;
                if done >= 2000 {
                    cancel.cancel();
                }
            };
            let result = export_records(format, &path, &many, &opts, &mut progress, &cancel);
            assert!(
                matches!(result, Err(ExportError::Cancelled)),
                "{format:?}: {result:?}"
            );
            assert!(calls >= 3, "progress was reported before the cancel");
            match old {
                None => assert!(!path.exists(), "{format:?}: no half file"),
                Some(content) => assert_eq!(std::fs::read(&path).unwrap(), content),
            }
        }
        std::fs::remove_file(&path).unwrap();
    }
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "no temp files left: {left:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn format_follows_the_extension() {
    assert_eq!(
        ExportFormat::from_path(Path::new("a/b.CSV")),
        Some(ExportFormat::Csv)
    );
    assert_eq!(
        ExportFormat::from_path(Path::new("b.xlsx")),
        Some(ExportFormat::Xlsx)
    );
    assert_eq!(
        ExportFormat::from_path(Path::new("b.json")),
        Some(ExportFormat::Json)
    );
    assert_eq!(ExportFormat::from_path(Path::new("b.xls")), None);
    assert_eq!(ExportFormat::from_path(Path::new("b")), None);
}

/// Issue 13 point 1: exports name their columns as the planner reads them (labels in the UI
/// language) unless field paths are asked for (integrators).
#[test]
fn headers_are_readable_labels_unless_field_paths_are_asked() {
    let dir = scratch("labels");
    let columns: Vec<String> = [
        "nummer",
        "aanvraagStatusId",
        "referentieNrKlant",
        "bedrijf.naam",
        "aantalPlaatsenVrij",
        "auditTrail.gewijzigdDatumTijd",
    ]
    .map(String::from)
    .to_vec();
    let mut opts = ExportOptions {
        columns: columns.clone(),
        decimal_comma: false,
        field_paths: false,
        lang: Lang::Nl,
    };
    let csv = dir.join("nl.csv");
    run(ExportFormat::Csv, &csv, &records(), &opts).unwrap();
    assert_eq!(
        read_csv(&csv)[0],
        [
            "Nummer",
            "Status",
            "Referentie klant",
            "Bedrijf",
            "Aantal plaatsen vrij",
            "Gewijzigd op"
        ]
    );
    // The labels follow the options' language, not the thread's.
    opts.lang = Lang::En;
    let xlsx = dir.join("en.xlsx");
    run(ExportFormat::Xlsx, &xlsx, &records(), &opts).unwrap();
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Export").unwrap();
    let header: Vec<String> = (0..6)
        .map(|c| range.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Number",
            "Status",
            "Customer reference",
            "Company",
            "Places available",
            "Changed on"
        ]
    );
    opts.field_paths = true;
    let paths = dir.join("paths.csv");
    run(ExportFormat::Csv, &paths, &records(), &opts).unwrap();
    assert_eq!(read_csv(&paths)[0], columns);
    let _ = std::fs::remove_dir_all(dir);
}

/// `coachdesk export --field-paths` writes field paths; without it, labels.
#[test]
fn cli_export_field_paths_flag() {
    use coachdesk::resource::Resource;
    use coachdesk::session::{Folder, StoredExport};
    let dir = scratch("cli-labels");
    let folder = Folder::at(&dir);
    let mut store = folder.open_store().unwrap();
    store
        .upsert_records(Resource::Aanvragen, &records())
        .unwrap();
    drop(store);
    let columns = vec!["nummer".to_string(), "referentieNrKlant".to_string()];
    let out = dir.join("out.csv");
    coachdesk::i18n::set_current(coachdesk::i18n::Lang::Nl);
    let export = |field_paths| {
        let what = StoredExport {
            resource: Resource::Aanvragen,
            range: None,
            columns: &columns,
            out: &out,
            field_paths,
        };
        folder.export_stored(&what, &mut |_, _| {}).unwrap()
    };
    assert_eq!(export(false), 3);
    assert_eq!(read_csv(&out)[0], ["Nummer", "Referentie klant"]);
    assert_eq!(export(true), 3);
    assert_eq!(read_csv(&out)[0], columns);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_stored_text_the_parser_refuses_is_exported_whole_and_rows_are_counted_as_written() {
    let dir = scratch("refused-texts");
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let texts: Vec<std::sync::Arc<str>> = [
        r#"{"id":"a","nummer":1,"naam":"Jan\ud83d"}"#.to_string(),
        format!(r#"{{"id":"b","nummer":2,"x":{deep}}}"#),
        "not json at all".to_string(),
        r#"{"id":"c","nummer":3}"#.to_string(),
    ]
    .into_iter()
    .map(Into::into)
    .collect();
    let opts = ExportOptions {
        columns: vec!["id".into(), "naam".into()],
        field_paths: true,
        ..ExportOptions::default()
    };
    for format in [ExportFormat::Json, ExportFormat::Csv, ExportFormat::Xlsx] {
        let path = dir.join(format!("x.{}", format.extension()));
        let summary =
            export_texts(format, &path, &texts, &opts, &mut |_, _| {}, &Cancel::new()).unwrap();
        assert_eq!(
            summary.rows, 3,
            "{format:?}: the text that is not JSON is not counted"
        );
        match format {
            ExportFormat::Json => {
                let back: Vec<Value> =
                    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                assert_eq!(back.len(), 3);
                assert_eq!(back[0]["naam"], "Jan\u{fffd}");
                assert_eq!(back[1]["id"], "b");
                assert!(back.iter().all(|r| r.is_object()), "no null row");
            }
            ExportFormat::Csv => {
                let text = std::fs::read_to_string(&path).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines.len(), 4, "{text}");
                assert!(lines[1].starts_with("a;Jan\u{fffd}"), "{text}");
                assert!(lines[2].starts_with("b;"), "{text}");
            }
            ExportFormat::Xlsx => {
                let mut book: Xlsx<_> = open_workbook(&path).unwrap();
                let range = book.worksheet_range("Export").unwrap();
                assert_eq!(range.height(), 4);
                assert_eq!(
                    range.get((1, 1)).and_then(|d| d.as_string()).as_deref(),
                    Some("Jan\u{fffd}")
                );
            }
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

//! Property tests at the program's edges (issue 20): the page decoders, the embedded-object
//! cutter, the participant-file reader and the three exporters over arbitrary strings (control
//! characters, lone surrogates, right-to-left text, formula-looking text, 40,000 characters):
//! they never panic, what goes in comes back, and an export reports exactly the rows it wrote.

use crate::api::decode::decode_list;
use crate::api::raw::decode_raw_list;
use crate::cancel::Cancel;
use crate::enrol::list::SheetRow;
use crate::enrol::list_file::read_text;
use crate::export::{ExportFormat, ExportOptions, export_records};
use crate::record::{Cell, names::take_embedded, unembed::unembed_text};
use proptest::prelude::*;
use serde_json::{Value, json};

const CASES: u32 = 64;

/// Text as servers and spreadsheets send it.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[=+@-][0-9A-Za-z+()!|' ]{0,16}",
        2 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{200e}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069} a-z\u{e9}\"';,\\\\]{0,40}",
        2 => "[\\u{590}-\\u{5ff}\\u{600}-\\u{6ff} 0-9]{0,30}",
        1 => (0usize..3).prop_map(|i| ["x", "\u{e9}", "\u{1f600}"][i].repeat(40_000)),
    ]
}

/// `s` as a JSON string literal, with a lone surrogate escape put in when `lone`.
fn literal(s: &str, lone: bool) -> String {
    let json = serde_json::to_string(s).unwrap();
    if lone {
        format!("\"\\ud83d{}", &json[1..])
    } else {
        json
    }
}

fn scratch() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("coachdesk-props-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// Both page decoders keep every record, agree on it, and every kept text parses in full.
    #[test]
    fn page_decoders_agree_keep_every_record_and_never_panic(
        records in prop::collection::vec((text(), any::<bool>(), 0usize..140), 0..6)
    ) {
        let body = format!(
            "[{}]",
            records
                .iter()
                .enumerate()
                .map(|(i, (name, lone, depth))| format!(
                    r#"{{"id":"r{i}","naam":{},"x":{}1{},"auditTrail":{{"etag":{i}}}}}"#,
                    literal(name, *lone),
                    "[".repeat(*depth),
                    "]".repeat(*depth)
                ))
                .collect::<Vec<_>>()
                .join(",")
        );
        let (raws, raw_issues) = decode_raw_list(body.as_bytes()).unwrap();
        let (values, issues) = decode_list(body.as_bytes()).unwrap();
        prop_assert_eq!(raws.len(), records.len());
        prop_assert_eq!(values.len(), records.len());
        prop_assert_eq!(raw_issues, issues);
        for (i, ((raw, value), (name, lone, _))) in raws.iter().zip(&values).zip(&records).enumerate() {
            let parsed = raw.value();
            prop_assert_eq!(parsed.as_ref(), Some(value));
            prop_assert_eq!(raw.id.clone(), Some(format!("r{i}")));
            prop_assert_eq!(raw.etag, Some(i as i64));
            let expected = if *lone { format!("\u{fffd}{name}") } else { name.clone() };
            prop_assert_eq!(&value["naam"], &Value::String(expected));
        }
        // Any bytes at all: an error or records, never a panic.
        let _ = decode_raw_list(&body.as_bytes()[..body.len() / 2]);
    }

    /// The text path of cutting embedded objects gives what the `Value` path gives.
    #[test]
    fn the_embedded_object_cutter_agrees_with_the_value_path(
        names in prop::collection::vec(text(), 3),
        key in text(),
        proven in any::<bool>(),
        garbage in any::<String>(),
    ) {
        let record = json!({
            "id": "a1",
            "bedrijfId": "b1",
            "bedrijf": {"id": if proven { "b1" } else { "other" }, "naam": names[0], "adres": {"x": names[1]}},
            "contactpersoonId": "p1",
            "contactpersoon": {"id": "p1", "voornaam": names[1], "achternaam": names[2]},
            key.clone(): names[2],
            "opmerking": names[0],
        });
        let text = record.to_string();
        let u = unembed_text(&text).unwrap();
        let mut want = record.clone();
        let want_names = take_embedded(&mut want);
        let got: Value = serde_json::from_str(u.json.as_deref().unwrap_or(&text)).unwrap();
        prop_assert_eq!(got, want);
        prop_assert_eq!(u.names, want_names);
        let _ = unembed_text(&garbage);
    }

    /// A participants file written as Excel writes it, in each encoding Excel uses, reads back
    /// cell for cell with the row number Excel shows; arbitrary bytes never panic.
    #[test]
    fn participant_files_read_back_in_every_encoding(
        rows in prop::collection::vec(prop::collection::vec(text(), 1..4), 1..6),
        which in 0usize..5,
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        // A text file holds no NUL, and `,`/tab would change which delimiter is guessed.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| r.into_iter().map(|c| c.replace(['\0', ',', '\t'], " ")).collect())
            .collect();
        let mut w = csv::WriterBuilder::new().flexible(true).delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        for row in &rows {
            w.write_record(row).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let utf16 = |le: bool| {
            let mut out = if le { vec![0xff, 0xfe] } else { vec![0xfe, 0xff] };
            for u in text.encode_utf16() {
                out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        };
        let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        let encoded = match which {
            0 => text.as_bytes().to_vec(),
            1 => [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
            2 => utf16(true),
            3 => utf16(false),
            // Windows-1252 where it can hold the text and is not also valid UTF-8 by chance.
            _ if !unmappable && (text.is_ascii() || std::str::from_utf8(&cp1252).is_err()) => cp1252.into_owned(),
            _ => text.as_bytes().to_vec(),
        };
        let file = read_text(&encoded);
        let expected: Vec<SheetRow> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| SheetRow::new(i + 1, r.iter().map(String::as_str)))
            .filter(|r| !r.is_blank())
            .collect();
        prop_assert_eq!(file.rows, expected);
        let _ = read_text(&bytes);
    }

    /// Each exporter writes every record, reports exactly the rows it wrote, and what it wrote
    /// reads back (JSON exactly; CSV and XLSX cell by cell, formulas kept as text).
    #[test]
    fn exports_round_trip_and_count_what_they_wrote(
        names in prop::collection::vec(text(), 0..5),
    ) {
        let records: Vec<Value> = names
            .iter()
            .enumerate()
            .map(|(i, n)| json!({"id": format!("r{i}"), "naam": n}))
            .collect();
        let opts = ExportOptions {
            columns: vec!["id".into(), "naam".into()],
            field_paths: true,
            ..ExportOptions::default()
        };
        let dir = scratch();
        for format in [ExportFormat::Json, ExportFormat::Csv, ExportFormat::Xlsx] {
            let path = dir.join(format!("x.{}", format.extension()));
            let summary = export_records(format, &path, &records, &opts, &mut |_, _| {}, &Cancel::new()).unwrap();
            prop_assert_eq!(summary.rows, records.len());
            match format {
                ExportFormat::Json => {
                    let back: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                    prop_assert_eq!(&back, &records);
                }
                ExportFormat::Csv => {
                    let bytes = std::fs::read(&path).unwrap();
                    let mut r = csv::ReaderBuilder::new().delimiter(b';').has_headers(true).from_reader(&bytes[3..]);
                    let back: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
                    prop_assert_eq!(back.len(), records.len());
                    for (row, name) in back.iter().zip(&names) {
                        if let Cell::Text(t) = crate::record::cell(&json!({"naam": name}), "naam") {
                            prop_assert_eq!(row.get(1).unwrap(), crate::export::excel_safe(&t));
                        }
                    }
                }
                ExportFormat::Xlsx => {
                    use calamine::Reader;
                    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
                    let range = book.worksheet_range("Export").unwrap();
                    prop_assert_eq!(range.height(), records.len() + 1);
                    for (i, name) in names.iter().enumerate() {
                        let Cell::Text(t) = crate::record::cell(&json!({"naam": name}), "naam") else {
                            continue;
                        };
                        let got = range.get((i + 1, 1)).map(|d| d.to_string()).unwrap_or_default();
                        // Excel keeps at most 32,767 characters in a cell.
                        let mut want = t.clone();
                        if want.len() > 32_767 {
                            let mut end = 32_767;
                            while !want.is_char_boundary(end) {
                                end -= 1;
                            }
                            want.truncate(end);
                        }
                        prop_assert_eq!(got, want);
                    }
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

use super::*;
use crate::i18n::{Lang, text};
use crate::message::{Severity, from_worker_error};
use std::path::PathBuf;

/// A message worded in one language, for assertions.
#[derive(Debug)]
struct Worded {
    title: String,
    what_happened: String,
    what_to_do: String,
    details: String,
    severity: Severity,
}

fn worded(e: &WorkerError, lang: Lang) -> Worded {
    let m = from_worker_error(e);
    Worded {
        title: m.title.in_lang(lang),
        what_happened: m.what_happened.in_lang(lang),
        what_to_do: m.what_to_do.in_lang(lang),
        details: m.details,
        severity: m.severity,
    }
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cd-werr-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// One error of each cause, each made by the engine that reports it and turned into a
/// `WorkerError` by the product's own conversion. Only what the product itself builds from
/// nothing (not connected, no secret, …) is built here by hand.
fn one_of_each() -> Vec<(&'static str, WorkerError)> {
    let dir = scratch();
    let a_file = dir.join("a-file");
    std::fs::write(&a_file, b"x").unwrap();
    let under_a_file = |name: &str| a_file.join(name);
    let client = crate::api::Client::new(crate::api::ClientConfig::new(
        "http://127.0.0.1:9",
        "x",
        "y",
    ))
    .unwrap();
    let mut store = crate::store::Store::open(&dir.join("records.sqlite")).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let no_cursor = crate::sync::SyncJob::since_last(
        &client,
        &store,
        Resource::Aanvragen,
        crate::sync::SyncOptions::default(),
        today,
    )
    .unwrap_err();
    let at = today.and_hms_opt(0, 0, 0).unwrap();
    let empty = rt()
        .block_on(
            crate::sync::SyncJob::new(
                &client,
                Resource::Aanvragen,
                at,
                at,
                crate::sync::SyncOptions::default(),
            )
            .run(&mut store, &mut |_| {}, &crate::cancel::Cancel::new()),
        )
        .unwrap_err();
    let report = Box::<crate::sync::SyncReport>::default;
    let busy = crate::sync::SyncError::TooBusy {
        day: "03-11-2026".into(),
        count: 12_000,
        limit: 2_000,
        report: report(),
    };
    let ties = crate::sync::SyncError::TooManyTies {
        at: "03-11-2026 10:00".into(),
        limit: 2_000,
        report: report(),
    };
    let gap = crate::sync::SyncError::Gap {
        gap: crate::sync::Gap::Short {
            days: crate::sync::Days::of(at, at + chrono::Duration::days(1)),
            read: 3_468,
            expected: 3_480,
        },
        report: report(),
    };
    let Err(store_err) = crate::store::Store::open(&dir) else {
        panic!("a folder is no store");
    };
    let Err(folder) = crate::session::Folder::at(under_a_file("conn")).open_store() else {
        panic!("no folder under a file");
    };
    // An outbox written by a newer coachdesk.
    let outbox_path = dir.join("outbox.sqlite");
    drop(crate::outbox::Outbox::open(&outbox_path).unwrap());
    rusqlite::Connection::open(&outbox_path)
        .unwrap()
        .pragma_update(None, "user_version", 9_999)
        .unwrap();
    let newer = crate::outbox::Outbox::open(&outbox_path).err().unwrap();
    let outbox = crate::outbox::Outbox::open(&dir.join("outbox2.sqlite")).unwrap();
    let bad_reference = outbox
        .enqueue(serde_json::json!({}), Some("a;b".into()))
        .unwrap_err();
    let not_object = outbox.enqueue(serde_json::json!([1]), None).unwrap_err();
    let gone = outbox.get("999".parse().unwrap()).unwrap_err();
    let outbox_io = crate::outbox::Outbox::open(&under_a_file("outbox.sqlite"))
        .err()
        .unwrap();
    let export_io = crate::export::export_texts(
        crate::export::ExportFormat::Csv,
        &dir.join("no-such-folder").join("x.csv"),
        &[std::sync::Arc::from("{}")],
        &Default::default(),
        &mut |_, _| {},
        &crate::cancel::Cancel::new(),
    )
    .unwrap_err();
    let pdf = dir.join("deelnemers.pdf");
    std::fs::write(&pdf, b"%PDF-1.7").unwrap();
    let kind = crate::enrol::list_file::read_rows(&pdf).unwrap_err();
    let unreadable = crate::enrol::list_file::read_rows(&dir.join("missing.csv")).unwrap_err();
    let config = crate::config::Config::default()
        .save(&under_a_file("profiles.json"))
        .unwrap_err();
    let panicked = rt()
        .block_on(async { tokio::spawn(async { panic!("a bug") }).await })
        .unwrap_err();
    let api = ApiError::new(ApiErrorKind::Unauthorized, Some(401), "GET", "/x", "");
    let _ = std::fs::remove_dir_all(&dir);
    vec![
        ("not connected", WorkerError::NotConnected),
        ("no secret", WorkerError::NoSecret),
        ("no cursor", no_cursor.into()),
        ("empty range", empty.into()),
        ("too busy", busy.into()),
        ("ties", ties.into()),
        ("gap", gap.into()),
        ("api", api.into()),
        (
            "keyring",
            CredentialError::Locked("the collection is locked".into()).into(),
        ),
        ("folder", folder),
        ("store", store_err.into()),
        ("outbox newer", newer.into()),
        ("outbox reference", bad_reference.into()),
        ("outbox body", not_object.into()),
        ("outbox entry", gone.into()),
        ("outbox io", outbox_io.into()),
        (
            "outbox corrupt",
            crate::outbox::OutboxError::Corrupt("entry 3: body".into()).into(),
        ),
        ("outbox busy", crate::outbox::OutboxError::Busy.into()),
        (
            "tenant",
            WorkerError::Tenant {
                path: dir.clone(),
                source: std::io::Error::other("read-only file system"),
            },
        ),
        ("config", config.into()),
        (
            "draft",
            WorkerError::Draft {
                path: dir.join("draft.json"),
                source: std::io::Error::other("read-only file system"),
            },
        ),
        ("export io", export_io.into()),
        (
            "export full",
            crate::export::ExportError::DiskFull {
                path: dir.join("x.xlsx"),
            }
            .into(),
        ),
        (
            "export rows",
            crate::export::ExportError::TooManyRows {
                rows: 2_000_000,
                max: 1_048_575,
            }
            .into(),
        ),
        (
            "export build",
            crate::export::ExportError::Csv("bad field".into()).into(),
        ),
        ("list kind", kind.into()),
        ("list read", unreadable.into()),
        (
            "list large",
            crate::enrol::list_file::ListFileError::TooLarge {
                path: "big.xlsx".into(),
            }
            .into(),
        ),
        (
            "list sheet",
            crate::enrol::list_file::ListFileError::NoSheet {
                path: "leeg.xlsx".into(),
            }
            .into(),
        ),
        ("other connection", WorkerError::OtherConnection),
        ("task", panicked.into()),
        ("input", WorkerError::Input("--to is before --from".into())),
        ("cancelled", crate::export::ExportError::Cancelled.into()),
    ]
}

#[test]
fn every_cause_has_its_own_complete_advice_in_both_languages() {
    let errors = one_of_each();
    for lang in [Lang::Nl, Lang::En] {
        let mut advice = std::collections::HashMap::new();
        for (name, e) in &errors {
            let m = worded(e, lang);
            for part in [&m.title, &m.what_happened, &m.what_to_do] {
                assert!(!part.trim().is_empty(), "{name} {lang:?}");
                assert!(!part.contains("missing text"), "{name} {lang:?}");
                assert!(!part.contains('{'), "unfilled placeholder: {part}");
            }
            if let Some(other) = advice.insert(m.what_to_do.clone(), *name) {
                panic!("{name} shares its advice with {other}: {}", m.what_to_do);
            }
            let disk = text(lang, "werr.store.todo");
            if *name != "store" {
                assert_ne!(m.what_to_do, disk, "{name} gets disk-space advice");
            }
            // The technical detail is the whole chain, and kept under Details.
            assert!(!m.details.is_empty(), "{name}");
        }
    }
}

#[test]
fn a_dutch_message_holds_no_english_from_an_engine() {
    for (name, e) in one_of_each() {
        let m = worded(&e, Lang::Nl);
        let sentence = format!("{} {}", m.what_happened, m.what_to_do).to_lowercase();
        for english in [
            " the ",
            "could not",
            "failed",
            "error",
            "invalid",
            " is not ",
        ] {
            assert!(
                !sentence.contains(english),
                "{name}: {english:?} in {sentence}"
            );
        }
        // What the engine said is under Details, with its cause.
        if let Some(source) = std::error::Error::source(&e) {
            assert!(
                m.details.contains(&source.to_string()),
                "{name}: {} lacks {source}",
                m.details
            );
        }
    }
}

#[test]
fn the_advice_fits_the_cause() {
    let errors: std::collections::HashMap<_, _> = one_of_each().into_iter().collect();
    let en = |name: &str| worded(&errors[name], Lang::En);
    let nl = |name: &str| worded(&errors[name], Lang::Nl);
    assert!(
        en("not connected")
            .what_to_do
            .contains("Connect in Settings")
    );
    assert!(
        nl("not connected")
            .what_to_do
            .contains("Verbind in Instellingen")
    );
    assert!(
        en("no secret")
            .what_to_do
            .contains("Enter the client secret")
    );
    assert_eq!(en("no secret").severity, Severity::Blocking);
    assert!(en("no cursor").what_to_do.contains("date range"));
    assert!(nl("no cursor").what_happened.contains("Aanvragen"));
    let busy = en("too busy");
    assert!(busy.what_happened.contains("03-11-2026") && busy.what_happened.contains("12000"));
    assert!(nl("outbox newer").what_to_do.contains("nieuwste versie"));
    assert!(nl("outbox newer").details.contains("newer coachdesk"));
    assert!(nl("outbox reference").what_happened.contains("a;b"));
    assert!(en("folder").what_happened.contains("conn"));
    assert!(en("export rows").what_to_do.contains("CSV"));
    assert!(nl("list kind").what_happened.contains("deelnemers.pdf"));
    assert!(matches!(errors["cancelled"], WorkerError::Cancelled));
    assert!(matches!(errors["outbox busy"], WorkerError::OutboxBusy));
    assert!(matches!(errors["task"], WorkerError::Task(_)));
    // API and keyring failures keep their own, detailed wording.
    let api = ApiError::new(ApiErrorKind::Unauthorized, Some(401), "GET", "/x", "");
    assert_eq!(
        from_worker_error(&WorkerError::Api(Box::new(api.clone()))),
        crate::message::from_api_error(&api)
    );
    let locked = CredentialError::Locked("locked".into());
    assert!(WorkerError::Keyring(locked.clone()).offers_session_secret());
    assert!(!WorkerError::NoSecret.offers_session_secret());
    assert_eq!(
        from_worker_error(&WorkerError::Keyring(locked.clone())),
        crate::message::from_credential_error(&locked)
    );
}

//! The command line against careless input: the same enrolment file twice (with and without a
//! BOM, with `--again`), absurd dates and numbers, a damaged profiles file and draft.

mod common;

use coachdesk::enrol::{Draft, Scenario, payload};
use coachdesk::simulator::{SimConfig, Simulator};
use common::TempHome;
use common::cli::coachdesk;
use common::enrolment::draft;
use std::path::Path;

#[test]
fn the_same_file_without_a_reference_enrols_once_unless_again() {
    let sim = Simulator::spawn(SimConfig {
        scale: 300,
        ..SimConfig::default()
    })
    .unwrap();
    let base = sim.base_url();
    let home = TempHome::new();
    let file = home.0.join("enrolment.json");
    let body = payload(&draft(&sim, Scenario::SelfEnrol));
    assert!(body.get("referentieNrKlant").is_none());
    // As Notepad / PowerShell 5 save it: with a byte-order mark.
    std::fs::write(&file, format!("\u{feff}{body}")).unwrap();
    let args = [
        "enrol",
        "--file",
        file.to_str().unwrap(),
        "--base-url",
        &base,
        "--client-id",
        "demo",
    ];
    let (code, out, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("status=sent"), "{out}");
    // A scheduled rerun of the same file: the same entry, no second enrolment.
    let (code, again_out, err) = coachdesk(&home.0, &args);
    assert_eq!(code, 0, "{again_out}{err}");
    assert_eq!(again_out, out);
    assert!(err.contains("--again"), "{err}");
    assert_eq!(sim.webaanvragen_received().len(), 1);
    // On purpose once more.
    let with_again: Vec<&str> = args.iter().copied().chain(["--again"]).collect();
    let (code, out2, err) = coachdesk(&home.0, &with_again);
    assert_eq!(code, 0, "{out2}{err}");
    assert_ne!(out2, out);
    assert_eq!(sim.webaanvragen_received().len(), 2);
    sim.shutdown();
}

#[test]
fn absurd_dates_and_numbers_are_clear_errors_not_panics() {
    let home = TempHome::new();
    let conn = ["--base-url", "http://127.0.0.1:9", "--client-id", "demo"];
    let cases: Vec<Vec<&str>> = vec![
        [
            &[
                "sync",
                "--resource",
                "Aanvragen",
                "--from",
                "2024-01-01",
                "--to",
                "+262142-12-31",
            ][..],
            &conn[..],
        ]
        .concat(),
        [
            &[
                "sync",
                "--resource",
                "Aanvragen",
                "--from",
                "-262143-01-01",
                "--to",
                "2024-01-01",
            ][..],
            &conn[..],
        ]
        .concat(),
        [
            &[
                "sync",
                "--resource",
                "Aanvragen",
                "--since-last",
                "--lookback-days",
                "9223372036854775807",
            ][..],
            &conn[..],
        ]
        .concat(),
        [
            &[
                "sync",
                "--resource",
                "Aanvragen",
                "--since-last",
                "--timeout",
                "18446744073709551615",
            ][..],
            &conn[..],
        ]
        .concat(),
        [
            &[
                "export",
                "--resource",
                "Aanvragen",
                "--from",
                "2024-01-01",
                "--to",
                "+262142-12-31",
                "--out",
                "x.csv",
            ][..],
            &conn[..],
        ]
        .concat(),
    ];
    for args in cases {
        let (code, out, err) = coachdesk(&home.0, &args);
        assert!(code != 101 && code != 0, "{args:?}: {code}\n{out}{err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.trim().is_empty(), "{args:?}: a clear error");
    }
    let (a, b) = coachdesk::cli::sync::day_range("2024-01-01", "9998-12-31").unwrap();
    assert!(a < b);
}

#[test]
fn a_damaged_draft_is_kept_aside_and_never_overwritten() {
    let home = TempHome::new();
    let path = home.0.join(coachdesk::worker::DRAFT_FILE);
    std::fs::write(&path, "{\"draft\": {\"contact\": 17").unwrap();
    let (draft, moved) = coachdesk::worker::load_draft(&path);
    assert!(draft.is_none());
    let moved = moved.unwrap();
    assert!(moved.to_string_lossy().contains(".damaged-"), "{moved:?}");
    assert_eq!(
        std::fs::read_to_string(&moved).unwrap(),
        "{\"draft\": {\"contact\": 17"
    );
    assert!(
        !path.exists(),
        "the autosave writes a new file, not over the old one"
    );
    let m = coachdesk::message::startup_notices(None, Some(moved.clone()));
    assert_eq!(m.len(), 1);
    let what = m[0].what_happened.in_lang(coachdesk::i18n::Lang::En);
    assert!(what.contains(&moved.display().to_string()));
    // A good draft is read as it is.
    let good = serde_json::json!({"draft": Draft::default(), "fixing": null}).to_string();
    std::fs::write(&path, &good).unwrap();
    assert_eq!(coachdesk::worker::load_draft(&path), (Some(good), None));
}

#[test]
fn command_debug_hides_secrets_and_personal_data() {
    use coachdesk::worker::{Command as C, RequestIds};
    let mut ids = RequestIds::new();
    let secret = C::SaveSecret {
        req: ids.fresh(),
        account: "acc".into(),
        secret: "s3cr3t-value".into(),
    };
    let enrol = C::Enrol {
        req: ids.fresh(),
        body: serde_json::json!({"debiteur": {"iban": "NL91ABNA0417164300"}}),
        reference: None,
        connection: None,
    };
    let draft = C::SaveDraft {
        json: Some("{\"achternaam\":\"Bakker\"}".into()),
    };
    let shown = format!("{secret:?} {enrol:?} {draft:?}");
    for hidden in ["s3cr3t-value", "NL91ABNA", "Bakker"] {
        assert!(!shown.contains(hidden), "{shown}");
    }
    assert!(
        shown.contains("SaveSecret") && shown.contains("Enrol"),
        "{shown}"
    );
}

#[cfg(unix)]
#[test]
fn the_record_store_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = TempHome::new();
    let path = home.0.join("conn").join("records.sqlite");
    let _store = coachdesk::store::Store::open(&path).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn a_base_url_with_a_password_is_refused_before_anything_is_opened() {
    let home = TempHome::new();
    let url = "https://planner:hunter2@secure.coachview.net";
    for args in [
        vec!["outbox", "list", "--base-url", url],
        vec![
            "sync",
            "--resource",
            "Aanvragen",
            "--since-last",
            "--base-url",
            url,
        ],
    ] {
        let (code, out, err) = coachdesk(&home.0, &args);
        assert_eq!(code, 2, "{args:?}: {out} {err}");
        assert!(err.contains("https://host"), "{err}");
    }
    let mut found = Vec::new();
    let mut stack = vec![home.0.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            found.push(entry.path().display().to_string());
            if entry.path().is_dir() {
                stack.push(entry.path());
            }
        }
    }
    assert!(found.iter().all(|p| !p.contains("hunter2")), "{found:?}");
    assert!(
        !found.iter().any(|p| p.contains("connections")),
        "{found:?}"
    );
}

/// A loopback listener that only counts the connections made to it.
fn counting_listener() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(conn);
        }
    });
    (url, count)
}

#[test]
fn bad_flags_are_refused_with_exit_2_before_any_request() {
    let home = TempHome::new();
    let (url, count) = counting_listener();
    let base = ["sync", "--base-url", &url, "--resource", "Aanvragen"];
    for extra in [
        vec!["--since-last", "--related", "Orderverkoopregels:"],
        vec!["--since-last", "--related", "Orderverkoopregels: "],
        vec!["--since-last", "--related", "Orderverkoopregels:a=b"],
        vec!["--since-last", "--related", "Onbekend:aanvraagId"],
        vec!["--since-last", "--export", "out.pdf"],
        vec!["--from", "2026-02-30", "--to", "2026-03-01"],
    ] {
        let args: Vec<&str> = base.iter().copied().chain(extra.iter().copied()).collect();
        let (code, out, err) = coachdesk(&home.0, &args);
        assert_eq!(code, 2, "{extra:?}: {out} {err}");
    }
    assert_eq!(
        count.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing was sent"
    );
}

#[test]
fn exit_codes_are_documented_in_help_and_mean_one_thing() {
    let home = TempHome::new();
    let (code, out, _) = coachdesk(&home.0, &["--help"]);
    assert_eq!(code, 0);
    for part in [
        "0 done",
        "1 failed",
        "2 bad input",
        "75 not (all) done, try later",
    ] {
        assert!(out.contains(part), "{part} in {out}");
    }
    // Coachview unreachable: nothing sent, try later (75), never "failed" or "invalid".
    let (code, out, err) = coachdesk(
        &home.0,
        &[
            "sync",
            "--base-url",
            "http://127.0.0.1:9",
            "--resource",
            "Aanvragen",
            "--since-last",
        ],
    );
    assert!(code == 2 || code == 75, "{code}: {out} {err}");
    let (code, out, err) = coachdesk(
        &home.0,
        &[
            "sync",
            "--base-url",
            "http://127.0.0.1:9",
            "--resource",
            "Aanvragen",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
        ],
    );
    assert_eq!(code, 75, "{out} {err}");
}

//! After a whole session with a known secret — connect, sync, error dialogs, export, from the app
//! and from the CLI — neither the secret nor any issued token occurs in the config folder, the
//! data folder, the logs, the exports, or a process's argv.

mod common;

use coachdesk::app::ConnState;
use coachdesk::i18n::{Lang, text};
use coachdesk::simulator::{SimClient, SimConfig, SimHandle, Simulator};
use common::*;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::process::Command;

const SECRET: &str = "Zq-9271-geheim-secret-XyZ";

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }
}

fn assert_absent(home: &Path, needles: &[String]) -> usize {
    let mut all = Vec::new();
    files(home, &mut all);
    for file in &all {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in needles {
            assert!(
                !text.contains(needle.as_str()),
                "{} contains a secret or token",
                file.display()
            );
        }
    }
    all.len()
}

/// A simulator whose only client is `planner` with [`SECRET`].
fn sim_with_secret() -> SimHandle {
    Simulator::spawn(SimConfig {
        scale: 600,
        clients: vec![SimClient {
            id: "planner".into(),
            secret: SECRET.into(),
            scopes: coachdesk::simulator::config::all_scopes(),
        }],
        ..SimConfig::default()
    })
    .unwrap()
}

/// Every token the simulator issued (at least one), and the secret.
fn needles(sim: &SimHandle) -> Vec<String> {
    let mut needles = sim.issued_tokens();
    assert!(!needles.is_empty(), "tokens were issued");
    needles.push(SECRET.to_string());
    needles
}

#[test]
fn an_app_session_writes_no_secret_or_token() {
    let sim = sim_with_secret();
    let home = TempHome::new();

    // The app: connect, fetch, export, then an error dialog.
    let profile = write_profile(&home, &sim.base_url(), "planner");
    let mut h = app(&home, small_sim(), &[(&profile.key(), SECRET)], Lang::En);
    wait_until(&mut h, "connected", |a| {
        matches!(a.conn, ConnState::Connected { .. })
    });
    h.get_by_label(text(Lang::En, "browse.last7")).click();
    h.step();
    h.get_by_label(text(Lang::En, "browse.fetch")).click();
    wait_until(&mut h, "fetch", |a| a.browse.fetch.ready().is_some());
    assert!(!h.state().browse.model.is_empty());
    h.get_by_label(text(Lang::En, "browse.export_selection"))
        .click();
    h.step();
    h.get_by_label_contains("Export (").click();
    wait_until(&mut h, "export", |a| a.browse.exported_file().is_some());
    sim.set_faults(1.0, 0.0, 0.0, 0);
    h.get_by_label(text(Lang::En, "browse.fetch")).click();
    wait_until(&mut h, "dialog", |a| a.dialog.is_some());
    let dialog = h.state().dialog.clone().unwrap();
    assert!(!format!("{dialog:?}").contains(SECRET));
    sim.set_faults(0.0, 0.0, 0.0, 0);
    drop(h);

    let checked = assert_absent(&home.0, &needles(&sim));
    assert!(
        checked >= 3,
        "config, store and export files were checked ({checked})"
    );
    sim.shutdown();
}

#[test]
fn a_cli_session_writes_no_secret_or_token_nor_passes_it_in_argv() {
    let sim = sim_with_secret();
    let home = TempHome::new();

    // The CLI: sync and export with the secret from the environment (never argv).
    let base = sim.base_url();
    let today = coachdesk::clock::Clock::system().today();
    let args: Vec<String> = [
        "sync",
        "--base-url",
        &base,
        "--client-id",
        "planner",
        "--resource",
        "Aanvragen",
        "--from",
        &(today - chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string(),
        "--to",
        &(today + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert!(
        !args.iter().any(|a| a.contains(SECRET)),
        "argv never holds the secret"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(&args)
        .env("COACHDESK_HOME", &home.0)
        .env("COACHDESK_CLIENT_SECRET", SECRET)
        .env("RUST_LOG", "debug")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("records="), "{stdout}");
    let xlsx = home.0.join("out.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args([
            "export",
            "--base-url",
            &base,
            "--client-id",
            "planner",
            "--resource",
            "Aanvragen",
        ])
        .args([
            "--from",
            &args[8],
            "--to",
            &args[10],
            "--out",
            xlsx.to_str().unwrap(),
        ])
        .env("COACHDESK_HOME", &home.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(xlsx.exists());

    let needles = needles(&sim);
    for needle in &needles {
        assert!(!stdout.contains(needle.as_str()) && !stderr.contains(needle.as_str()));
    }
    let checked = assert_absent(&home.0, &needles);
    assert!(
        checked >= 2,
        "store and export files were checked ({checked})"
    );
    sim.shutdown();
}

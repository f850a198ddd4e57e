//! The real window opens: `coachdesk` under a display (Xvfb in CI) runs for a few seconds, draws,
//! and exits cleanly when it closes itself (`COACHDESK_SMOKE_EXIT_SECS`).

use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn the_window_opens_and_closes_cleanly() {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide a display (bash .ci/test starts Xvfb)"
        );
        eprintln!("skipped: no display (run through `bash .ci/test` to start Xvfb)");
        return;
    }
    let home = std::env::temp_dir().join(format!("coachdesk-smoke-{}", std::process::id()));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .env("COACHDESK_HOME", &home)
        .env(coachdesk::app::SMOKE_EXIT_ENV, "3")
        .spawn()
        .expect("start coachdesk");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("coachdesk did not close by itself within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "coachdesk exited with {status}");
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "it ran until it closed itself (a window was open), not shorter"
    );
    // eframe stored the UI state on close: proof the app loop ran and shut down normally.
    assert!(
        home.join("data").join("ui-state.ron").exists(),
        "UI state saved on exit"
    );
    let _ = std::fs::remove_dir_all(&home);
}

//! Running the `coachdesk` binary from a test: a private home, the simulator's `demo` secret
//! from the environment, English messages.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// Runs `coachdesk args…` with `COACHDESK_HOME=home`; returns (exit code, stdout, stderr).
pub fn coachdesk<S: AsRef<OsStr>>(home: &Path, args: &[S]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_coachdesk"))
        .args(args)
        .env("COACHDESK_HOME", home)
        .env("COACHDESK_CLIENT_SECRET", "demo")
        .env("COACHDESK_LANG", "en")
        // Only the documented query forms, as a script that asks for them gets (the probe on
        // first use has its own tests).
        .env("COACHDESK_NO_PROBE", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

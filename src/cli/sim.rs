//! `coachdesk sim`: not built yet.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk sim`.
#[derive(Debug, Args)]
pub struct SimArgs {}

/// Runs `coachdesk sim`.
pub fn run(_args: SimArgs) -> ExitCode {
    eprintln!("coachdesk sim is not available yet");
    ExitCode::from(2)
}

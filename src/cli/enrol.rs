//! `coachdesk enrol`: not built yet.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk enrol`.
#[derive(Debug, Args)]
pub struct EnrolArgs {
    #[command(flatten)]
    pub connection: super::connection::ConnectionArgs,
}

/// Runs `coachdesk enrol`.
pub fn run(_args: EnrolArgs) -> ExitCode {
    eprintln!("coachdesk enrol is not available yet");
    ExitCode::from(2)
}

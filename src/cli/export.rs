//! `coachdesk export`: not built yet.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub connection: super::connection::ConnectionArgs,
}

/// Runs `coachdesk export`.
pub fn run(_args: ExportArgs) -> ExitCode {
    eprintln!("coachdesk export is not available yet");
    ExitCode::from(2)
}

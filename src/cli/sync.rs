//! `coachdesk sync`: not built yet.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub connection: super::connection::ConnectionArgs,
}

/// Runs `coachdesk sync`.
pub fn run(_args: SyncArgs) -> ExitCode {
    eprintln!("coachdesk sync is not available yet");
    ExitCode::from(2)
}

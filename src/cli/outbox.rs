//! `coachdesk outbox`: not built yet.

use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk outbox`.
#[derive(Debug, Args)]
pub struct OutboxArgs {
    #[command(flatten)]
    pub connection: super::connection::ConnectionArgs,
}

/// Runs `coachdesk outbox`.
pub fn run(_args: OutboxArgs) -> ExitCode {
    eprintln!("coachdesk outbox is not available yet");
    ExitCode::from(2)
}

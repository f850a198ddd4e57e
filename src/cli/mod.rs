//! Command line: no subcommand opens the GUI; `sim`, `sync`, `export`, `enrol`, `outbox` run
//! headless.

pub mod connection;
mod days;
pub mod enrol;
pub mod enrol_list;
pub mod export;
pub mod outbox;
pub mod probe;
pub mod secret;
pub mod sim;
pub mod sync;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// coachdesk: browse what changed in Coachview, enrol people, and run a Coachview simulator.
#[derive(Debug, Parser)]
#[command(name = "coachdesk", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the built-in Coachview simulator (demo server and test target).
    Sim(sim::SimArgs),
    /// Fetch the records of a resource that changed in a date range into the local store.
    Sync(sync::SyncArgs),
    /// Export stored records of a resource to CSV, XLSX or JSON.
    Export(export::ExportArgs),
    /// Validate, queue and send one enrolment (a webaanvraag body in a JSON file).
    Enrol(enrol::EnrolArgs),
    /// List or flush the enrolment outbox.
    Outbox(outbox::OutboxArgs),
    /// Store or remove a connection's client secret in the OS keyring (secret from stdin).
    Secret(secret::SecretArgs),
    /// Find out what a Coachview tenant does (a dozen read-only requests) and keep it.
    Probe(probe::ProbeArgs),
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Headless jobs log to the same rolling files as the app (the simulator logs nothing).
    let _log = match &cli.command {
        Some(Command::Sim(_)) | None => None,
        Some(_) => Some(crate::logging::init(&crate::paths::log_dir())),
    };
    match cli.command {
        None => crate::app::run_gui(),
        Some(Command::Sim(args)) => sim::run(args),
        Some(Command::Sync(args)) => sync::run(args),
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Enrol(args)) if args.file.is_none() => enrol_list::run(args),
        Some(Command::Enrol(args)) => enrol::run(args),
        Some(Command::Outbox(args)) => outbox::run(args),
        Some(Command::Secret(args)) => secret::run(args),
        Some(Command::Probe(args)) => probe::run(args),
    }
}

/// A failed command's cause worded for the planner in `lang`: the one wording of the CLI. A
/// missing or unreadable secret gets the command line's own advice (environment variable,
/// `--secret-stdin`).
pub(crate) fn worded(e: &crate::error::WorkerError, lang: crate::i18n::Lang) -> String {
    use crate::error::WorkerError;
    let mut m = crate::message::from_worker_error(e);
    if matches!(e, WorkerError::NoSecret | WorkerError::Keyring(_)) {
        m.what_to_do = crate::i18n::Text::with(
            "werr.cli_secret.todo",
            vec![("env", crate::i18n::Text::plain(connection::SECRET_ENV))],
        );
    }
    let what_happened = m.what_happened.in_lang(lang);
    let mut text = format!(
        "{}: {} {}",
        m.title.in_lang(lang),
        what_happened,
        m.what_to_do.in_lang(lang)
    );
    if !m.details.is_empty() && m.details != what_happened {
        text.push('\n');
        text.push_str(&m.details);
    }
    text
}

/// Prints a failed command's cause once ([`worded`]) and returns exit code 1.
pub(crate) fn fail(e: &crate::error::WorkerError, lang: crate::i18n::Lang) -> ExitCode {
    eprintln!("error: {}", worded(e, lang));
    ExitCode::from(1)
}

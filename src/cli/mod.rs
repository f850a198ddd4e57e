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
pub mod text;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit code: done.
pub const EXIT_DONE: u8 = 0;
/// Exit code: failed (storage, keyring, a refused login, an unexpected answer, a bug); running
/// the same command again will not help until someone looks.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: bad input (a flag, a file, an enrolment that is invalid or that Coachview refused
/// as invalid); nothing was sent.
pub const EXIT_INPUT: u8 = 2;
/// Exit code: not (all) done, try later (EX_TEMPFAIL): Coachview was unreachable, answered 429
/// or 5xx, the outbox was busy, or an enrolment waits in the outbox. Nothing is lost.
pub const EXIT_TRY_LATER: u8 = 75;

/// What each exit code means (the `--help` footer; the README repeats it).
const EXIT_HELP: &str = "Exit codes: 0 done; 1 failed (storage, keyring, login, a bug: look before running again); \
2 bad input (a flag, a file, an invalid enrolment; nothing sent); 75 not (all) done, try later \
(Coachview unreachable, 429, 5xx, outbox busy, an enrolment queued; nothing lost).";

/// coachdesk: browse what changed in Coachview, enrol people, and run a Coachview simulator.
#[derive(Debug, Parser)]
#[command(name = "coachdesk", version, about, after_help = EXIT_HELP)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    /// The app: never run the probe on its own on a connection's first use (about a dozen
    /// read-only requests); only the documented query forms until "Verbinding testen".
    #[arg(long, env = "COACHDESK_NO_PROBE", value_parser = clap::builder::FalseyValueParser::new())]
    pub(crate) no_probe: bool,
}

/// The headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the built-in Coachview simulator (demo server and test target).
    #[command(after_help = EXIT_HELP)]
    Sim(sim::SimArgs),
    /// Fetch the records of a resource that changed in a date range into the local store.
    #[command(after_help = EXIT_HELP)]
    Sync(sync::SyncArgs),
    /// Export stored records of a resource to CSV, XLSX or JSON.
    #[command(after_help = EXIT_HELP)]
    Export(export::ExportArgs),
    /// Validate, queue and send one enrolment (a webaanvraag body in a JSON file).
    #[command(after_help = EXIT_HELP)]
    Enrol(enrol::EnrolArgs),
    /// List or flush the enrolment outbox.
    #[command(after_help = EXIT_HELP)]
    Outbox(outbox::OutboxArgs),
    /// Store or remove a connection's client secret in the OS keyring (secret from stdin).
    #[command(after_help = EXIT_HELP)]
    Secret(secret::SecretArgs),
    /// Find out what a Coachview tenant does (a dozen read-only requests) and keep it.
    #[command(after_help = EXIT_HELP)]
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
    let code = match cli.command {
        None => crate::app::run_gui(if cli.no_probe {
            crate::api::capabilities::AutoProbe::Never
        } else {
            crate::api::capabilities::AutoProbe::Once
        }),
        Some(Command::Sim(args)) => sim::run(args),
        Some(Command::Sync(args)) => sync::run(args),
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Enrol(args)) if args.file.is_none() => enrol_list::run(args),
        Some(Command::Enrol(args)) => enrol::run(args),
        Some(Command::Outbox(args)) => outbox::run(args),
        Some(Command::Secret(args)) => secret::run(args),
        Some(Command::Probe(args)) => probe::run(args),
    };
    // A sync's store checkpoints after it is done; the process waits for that before it ends.
    crate::store::finish_checkpoints();
    code
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

/// The exit code of a failed command: [`EXIT_INPUT`] for bad input, [`EXIT_TRY_LATER`] when
/// trying again later may work by itself (nothing sent or not everything), else [`EXIT_FAILED`].
/// A storage failure is never "bad input".
pub fn exit_code(e: &crate::error::WorkerError) -> u8 {
    use crate::api::ApiErrorKind;
    use crate::error::WorkerError;
    match e {
        WorkerError::Input(_) | WorkerError::NoCursor(_) => EXIT_INPUT,
        WorkerError::OutboxBusy => EXIT_TRY_LATER,
        WorkerError::Api(api) => match &api.kind {
            ApiErrorKind::RateLimited { .. }
            | ApiErrorKind::Timeout { .. }
            | ApiErrorKind::Server { .. } => EXIT_TRY_LATER,
            ApiErrorKind::Network { detail, .. }
                if detail.contains(crate::paths::URL_CREDENTIALS)
                    || detail.contains("invalid base URL")
                    || detail.contains("plain http is only allowed")
                    || detail.contains("unsupported scheme") =>
            {
                EXIT_INPUT
            }
            ApiErrorKind::Network { .. } => EXIT_TRY_LATER,
            _ => EXIT_FAILED,
        },
        _ => EXIT_FAILED,
    }
}

/// Prints a failed command's cause once ([`worded`]) and returns its [`exit_code`].
pub(crate) fn fail(e: &crate::error::WorkerError, lang: crate::i18n::Lang) -> ExitCode {
    eprintln!("error: {}", text::escape_lines(&worded(e, lang)));
    ExitCode::from(exit_code(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiError, ApiErrorKind};
    use crate::error::WorkerError;

    fn api(kind: ApiErrorKind) -> WorkerError {
        WorkerError::Api(Box::new(ApiError::new(kind, None, "GET", "/x", "")))
    }

    #[test]
    fn each_exit_code_means_one_thing() {
        assert_eq!(exit_code(&WorkerError::Input("x".into())), EXIT_INPUT);
        // A storage failure is a failure, never bad input.
        let full = crate::export::ExportError::DiskFull {
            path: "x.csv".into(),
        };
        assert_eq!(exit_code(&full.into()), EXIT_FAILED);
        let folder = WorkerError::Folder {
            path: "x".into(),
            source: std::io::Error::other("read-only"),
        };
        assert_eq!(exit_code(&folder), EXIT_FAILED);
        let outbox: WorkerError = crate::outbox::OutboxError::Corrupt("x".into()).into();
        assert_eq!(exit_code(&outbox), EXIT_FAILED);
        assert_eq!(exit_code(&WorkerError::OutboxBusy), EXIT_TRY_LATER);
        let limited = ApiErrorKind::RateLimited {
            reset_at: None,
            limit: None,
        };
        assert_eq!(exit_code(&api(limited)), EXIT_TRY_LATER);
        assert_eq!(
            exit_code(&api(ApiErrorKind::Server { status: 503 })),
            EXIT_TRY_LATER
        );
        let offline = ApiErrorKind::Network {
            detail: "refused".into(),
            maybe_sent: false,
        };
        assert_eq!(exit_code(&api(offline)), EXIT_TRY_LATER);
        assert_eq!(exit_code(&api(ApiErrorKind::Unauthorized)), EXIT_FAILED);
        assert_eq!(exit_code(&WorkerError::NoSecret), EXIT_FAILED);
    }
}

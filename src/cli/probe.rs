//! `coachdesk probe`: a dozen read-only requests that find out what this Coachview tenant does
//! with each unconfirmed fact, printed as a table and kept as the connection's capabilities.

use crate::error::WorkerError;
use clap::Args;
use std::process::ExitCode;

/// Arguments of `coachdesk probe`.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    #[command(flatten)]
    pub(crate) connection: super::connection::ConnectionArgs,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// Runs `coachdesk probe`.
pub fn run(args: ProbeArgs) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(probe_command(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e, crate::i18n::Lang::En),
    }
}

async fn probe_command(args: &ProbeArgs) -> Result<(), WorkerError> {
    let session = args.connection.session(Some(args.timeout))?;
    let report = session.probe(crate::clock::Clock::system().today()).await?;
    // The report quotes what the server answered: printed as data.
    print!(
        "{}",
        super::text::escape_lines(&report.to_text(crate::i18n::Lang::En))
    );
    session
        .save_tenant()
        .map_err(|source| WorkerError::Tenant {
            path: session.dir().to_path_buf(),
            source,
        })?;
    eprintln!(
        "stored in {}",
        session
            .dir()
            .join(crate::api::capabilities::FILE_NAME)
            .display()
    );
    Ok(())
}

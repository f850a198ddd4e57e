//! `coachdesk outbox list|flush|export`: the enrolment outbox of one connection, headless.

use super::connection::ConnectionArgs;
use crate::cancel::Cancel;
use crate::error::WorkerError;
use crate::i18n::Lang;
use crate::outbox::{Entry, EntryId, Outbox, Status, StopReason, Wait};
use clap::{Args, Subcommand};
use std::process::ExitCode;

/// Arguments of `coachdesk outbox`.
#[derive(Debug, Args)]
pub struct OutboxArgs {
    #[command(subcommand)]
    pub(crate) action: OutboxAction,
}

/// What to do with the outbox.
#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Print one line per entry: id, status, nummer, reference, attempts, next try, last error.
    List(CommonArgs),
    /// Send what is due; exit 0 only when nothing is left to send (what is left is listed).
    Flush(FlushArgs),
    /// Print one entry's webaanvraag body as JSON.
    Export(ExportArgs),
}

/// Connection and language flags shared by the outbox subcommands.
#[derive(Debug, Args)]
pub struct CommonArgs {
    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
    /// Language of messages: nl or en.
    #[arg(long, env = "COACHDESK_LANG", default_value = "nl")]
    pub lang: String,
}

/// Arguments of `coachdesk outbox flush`.
#[derive(Debug, Args)]
pub struct FlushArgs {
    #[command(flatten)]
    pub(crate) common: CommonArgs,
    /// Ignore the retry schedule: try every pending entry now (not before a rate-limit reset).
    #[arg(long)]
    pub all: bool,
    /// Wait (at most SECS, default 120, at most 3600) for entries that become due meanwhile,
    /// such as the minute before an unclear try may be checked, and send them in this run.
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "120")]
    pub wait: Option<u64>,
}

/// The longest `--wait`.
const MAX_WAIT_SECS: u64 = 3_600;

/// Arguments of `coachdesk outbox export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub(crate) common: CommonArgs,
    /// The entry id (first column of `outbox list`).
    pub id: i64,
}

/// Runs `coachdesk outbox`.
pub fn run(args: OutboxArgs) -> ExitCode {
    match args.action {
        OutboxAction::List(a) => list(&a),
        OutboxAction::Flush(a) => flush(&a),
        OutboxAction::Export(a) => export(&a),
    }
}

/// Opens the outbox of the connection the flags name.
pub(crate) fn open_outbox(connection: &ConnectionArgs) -> Result<Outbox, WorkerError> {
    connection.folder().open_outbox()
}

/// A current-thread runtime for one CLI command.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, WorkerError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| WorkerError::Internal(format!("cannot start the async runtime: {e}")))
}

/// Removes line breaks and quotes so a value fits in one `key="value"` field.
pub(crate) fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace('"', "'")
}

/// The `list` line of one entry.
pub fn entry_line(e: &Entry, lang: Lang) -> String {
    let nummer = match &e.status {
        Status::Sent { nummer, .. } => nummer.as_str(),
        _ => "-",
    };
    let next = e
        .next_try_at
        .filter(|_| e.status.is_open())
        .map_or_else(|| "-".into(), |t| t.to_rfc3339());
    let last = e
        .last_error
        .as_ref()
        .map_or_else(String::new, |f| one_line(&f.text(lang)));
    format!(
        "id={} status={} nummer={nummer} reference={} attempts={} created={} next_try={next} maybe_sent={} last_error=\"{last}\"",
        e.id,
        e.status.name(),
        e.reference,
        e.attempts,
        e.created_at.to_rfc3339(),
        if e.maybe_sent { "yes" } else { "no" },
    )
}

fn list(a: &CommonArgs) -> ExitCode {
    let lang = Lang::from_code(&a.lang);
    let entries = match open_outbox(&a.connection).and_then(|o| Ok(o.list()?)) {
        Ok(entries) => entries,
        Err(e) => return super::fail(&e, lang),
    };
    for e in &entries {
        println!("{}", entry_line(e, lang));
    }
    ExitCode::SUCCESS
}

fn flush(a: &FlushArgs) -> ExitCode {
    match try_flush(a) {
        Ok(code) => code,
        Err(e) => super::fail(&e, Lang::from_code(&a.common.lang)),
    }
}

fn try_flush(a: &FlushArgs) -> Result<ExitCode, WorkerError> {
    let lang = Lang::from_code(&a.common.lang);
    let outbox = open_outbox(&a.common.connection)?;
    if outbox.open_count()? == 0 {
        println!("open=0");
        return Ok(ExitCode::SUCCESS);
    }
    let session = a.common.connection.session(None)?;
    // A new run may have new credentials or scopes: held entries get another chance.
    outbox.release_held()?;
    let rt = runtime()?;
    let max_wait = chrono::Duration::seconds(a.wait.unwrap_or(0).min(MAX_WAIT_SECS) as i64);
    let report = rt.block_on(outbox.drain(
        session.client(),
        a.all,
        max_wait,
        chrono::Utc::now,
        |w: Wait| async move {
            // Printed as the wait starts: a scheduled job's log shows why it is still running.
            let secs = w.length.num_seconds().max(1);
            let at = w.until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("secs", &secs), ("count", &w.entries), ("at", &at)];
            eprintln!("{}", crate::i18n::format(lang, "cli.outbox.waiting", &args));
            let ms = w.length.num_milliseconds().max(0) as u64 + 250;
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        },
        &Cancel::new(),
    ))?;
    let stopped = match &report.stopped {
        None => String::new(),
        Some(StopReason::Cancelled) => " stopped=cancelled".into(),
        Some(StopReason::Offline) => " stopped=offline".into(),
        Some(StopReason::RateLimited { reset_at }) => {
            format!(" stopped=rate_limited until={}", reset_at.to_rfc3339())
        }
        Some(StopReason::Held(r)) => {
            format!(" stopped=held reason=\"{}\"", one_line(&r.text(lang)))
        }
    };
    println!(
        "sent={} reconciled={} needs_fix={} held={} retry_later={} recovered={} damaged={} open={}{stopped}",
        report.sent,
        report.reconciled,
        report.needs_fix,
        report.held,
        report.retry_later,
        report.recovered,
        report.damaged,
        report.open
    );
    if report.open > 0 {
        // What is still open, one `list` line each, so the job's log says what is left.
        let count = report.open;
        eprintln!(
            "{}",
            crate::i18n::format(lang, "cli.outbox.still_open", &[("count", &count)])
        );
        for e in outbox.list()?.iter().filter(|e| e.status.is_open()) {
            println!("open {}", entry_line(e, lang));
        }
    }
    Ok(if report.open == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn export(a: &ExportArgs) -> ExitCode {
    match open_outbox(&a.common.connection).and_then(|o| Ok(o.export_json(EntryId(a.id))?)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e, Lang::from_code(&a.common.lang)),
    }
}

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
pub(crate) enum OutboxAction {
    /// Print one line per entry: id, status, nummer, reference, attempts, next try, last error
    /// (values with spaces or other characters quoted and escaped; `--json`: one JSON array).
    List(ListArgs),
    /// Send what is due; exit 0 when nothing is left to send, 75 when what is left goes out by
    /// itself later, 1 when an entry needs a person (fix, held, damaged).
    Flush(FlushArgs),
    /// Print one entry's webaanvraag body as JSON.
    Export(ExportArgs),
}

/// Connection and language flags shared by the outbox subcommands.
#[derive(Debug, Args)]
pub(crate) struct CommonArgs {
    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
    /// Language of messages: nl or en.
    #[arg(long, env = "COACHDESK_LANG", default_value = "nl")]
    pub lang: String,
}

/// Arguments of `coachdesk outbox list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) common: CommonArgs,
    /// Print one JSON array of entries instead of `key=value` lines (for scripts).
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `coachdesk outbox flush`.
#[derive(Debug, Args)]
pub(crate) struct FlushArgs {
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
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) common: CommonArgs,
    /// The entry id (first column of `outbox list`).
    pub id: EntryId,
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

/// A value as one `key=value` field ([`super::text::field`]): quoted and escaped unless plain.
pub(crate) fn one_line(s: &str) -> String {
    super::text::field(s)
}

/// The fields of one entry as `list` shows them (server text such as `nummer` as it came).
fn entry_fields(e: &Entry, lang: Lang) -> Vec<(&'static str, String)> {
    let nummer = match &e.status {
        Status::Sent { nummer, .. } => nummer.clone(),
        _ => "-".into(),
    };
    let next = e
        .next_try_at
        .filter(|_| e.status.is_open())
        .map_or_else(|| "-".into(), |t| t.to_rfc3339());
    let last = e
        .last_error
        .as_ref()
        .map_or_else(String::new, |f| f.text(lang));
    vec![
        ("id", e.id.to_string()),
        ("status", e.status.name().to_string()),
        ("nummer", nummer),
        ("reference", e.reference.clone()),
        ("attempts", e.attempts.to_string()),
        ("created", e.created_at.to_rfc3339()),
        ("next_try", next),
        ("maybe_sent", if e.maybe_sent { "yes" } else { "no" }.into()),
        ("last_error", last),
    ]
}

/// The `list` line of one entry: one line whatever the server sent, each value one field.
pub fn entry_line(e: &Entry, lang: Lang) -> String {
    entry_fields(e, lang)
        .iter()
        .map(|(k, v)| format!("{k}={}", super::text::field(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The entries as one JSON array (`list --json`), one line, hidden characters escaped.
pub fn entries_json(entries: &[Entry], lang: Lang) -> String {
    let all: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let mut object = serde_json::Map::new();
            for (k, v) in entry_fields(e, lang) {
                let value = match k {
                    "id" | "attempts" => v.parse::<i64>().map_or(v.into(), Into::into),
                    "maybe_sent" => (v == "yes").into(),
                    _ => v.into(),
                };
                object.insert(k.to_string(), value);
            }
            serde_json::Value::Object(object)
        })
        .collect();
    super::text::json_line(&serde_json::Value::Array(all))
}

fn list(a: &ListArgs) -> ExitCode {
    let lang = Lang::from_code(&a.common.lang);
    let entries = match open_outbox(&a.common.connection).and_then(|o| Ok(o.list()?)) {
        Ok(entries) => entries,
        Err(e) => return super::fail(&e, lang),
    };
    if a.json {
        println!("{}", entries_json(&entries, lang));
        return ExitCode::SUCCESS;
    }
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
    rt.block_on(session.probe_if_due());
    let max_wait = chrono::Duration::seconds(a.wait.unwrap_or(0).min(MAX_WAIT_SECS) as i64);
    let report = rt.block_on(session.drain_outbox(
        &outbox,
        a.all,
        max_wait,
        || crate::clock::Clock::system().now_utc(),
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
            format!(" stopped=held reason={}", one_line(&r.text(lang)))
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
    if report.open == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    // What is still open, one `list` line each, so the job's log says what is left.
    let count = report.open;
    eprintln!(
        "{}",
        crate::i18n::format(lang, "cli.outbox.still_open", &[("count", &count)])
    );
    let entries = outbox.list()?;
    for e in entries.iter().filter(|e| e.status.is_open()) {
        println!("open {}", entry_line(e, lang));
    }
    // Left open: 75 (try later) when every open entry goes out by itself later (waiting for its
    // next try or the rate-limit reset), 1 when one needs a person (needs fixing, held, damaged).
    let needs_a_person = entries.iter().any(|e| {
        matches!(
            e.status,
            Status::NeedsFix { .. } | Status::Held { .. } | Status::Damaged { .. }
        )
    });
    Ok(ExitCode::from(if needs_a_person {
        super::EXIT_FAILED
    } else {
        super::EXIT_TRY_LATER
    }))
}

fn export(a: &ExportArgs) -> ExitCode {
    match open_outbox(&a.common.connection).and_then(|o| Ok(o.export_json(a.id)?)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e, Lang::from_code(&a.common.lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_cannot_add_lines_fields_or_terminal_control() {
        let nummer = "4711\nid=99 status=sent nummer=1\x1b]0;pwned\x07\x1b[2J\u{202e}\"";
        let entry = Entry {
            id: "7".parse().unwrap(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
            reference: "PO 12 \"x\"".into(),
            body: serde_json::Value::Null,
            status: Status::Sent {
                nummer: nummer.into(),
                reconciled: false,
            },
            attempts: 1,
            last_error: None,
            next_try_at: None,
            maybe_sent: false,
        };
        let line = entry_line(&entry, Lang::En);
        assert_eq!(line.lines().count(), 1, "{line}");
        assert!(
            !line.contains('\x1b') && !line.contains('\u{202e}'),
            "{line}"
        );
        assert_eq!(
            line.matches(" id=").count() + usize::from(line.starts_with("id=")),
            1
        );
        assert!(
            line.starts_with("id=7 status=sent nummer=\"4711\\u{a}id=99"),
            "{line}"
        );
        let json = entries_json(&[entry], Lang::En);
        assert_eq!(json.lines().count(), 1);
        assert!(!json.contains('\x1b'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back.as_array().unwrap().len(), 1);
        assert_eq!(back[0]["nummer"], nummer);
        assert_eq!(back[0]["reference"], "PO 12 \"x\"");
        assert_eq!(back[0]["id"], 7);
    }
}

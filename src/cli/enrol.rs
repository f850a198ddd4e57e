//! `coachdesk enrol --file body.json`: validate a webaanvraag body, queue it, try to send it once.
//!
//! Exit codes: 0 sent; 2 invalid (ours or Coachview's 400); 3 queued (it will go out with
//! `coachdesk outbox flush` or the app); 1 the outbox could not be used. Running the same file
//! again (a scheduled retry after exit 3) reuses its entry unless `--again`; a UTF-8 BOM is fine.

use super::connection::ConnectionArgs;
use super::outbox::{client, one_line, open_outbox, runtime};
use crate::enrol::{map_server_errors, parse_payload};
use crate::i18n::Lang;
use crate::outbox::{EntryId, HoldReason, Outbox, Status};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `coachdesk enrol`.
#[derive(Debug, Args)]
pub struct EnrolArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// A JSON file holding exactly the body of `POST /api/v1/Webaanvragen` (what the wizard's
    /// review step shows). Its `referentieNrKlant` is kept; without one, one is generated.
    #[arg(long, required_unless_present = "participants")]
    pub file: Option<PathBuf>,
    /// Validate and queue only; do not try to send.
    #[arg(long)]
    pub queue_only: bool,
    /// Enrol again even though this exact file was queued before (without it, running the
    /// same file twice — e.g. a scheduled retry after exit 3 — reuses the first entry).
    #[arg(long)]
    pub again: bool,
    /// Language of messages: nl or en.
    #[arg(long, env = "COACHDESK_LANG", default_value = "nl")]
    pub lang: String,
    #[command(flatten)]
    pub list: super::enrol_list::ListArgs,
}

pub(super) const EXIT_INVALID: u8 = 2;
const EXIT_QUEUED: u8 = 3;

/// Runs `coachdesk enrol`.
pub fn run(args: EnrolArgs) -> ExitCode {
    let lang = Lang::from_code(&args.lang);
    let Some(file) = args.file.clone() else {
        return super::enrol_list::run(args);
    };
    let text = match std::fs::read(&file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                eprintln!(
                    "{}: the file is not UTF-8 text (save it as UTF-8)",
                    file.display()
                );
                println!("status=invalid");
                return ExitCode::from(EXIT_INVALID);
            }
        },
        Err(e) => {
            eprintln!("cannot read {}: {e}", file.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    // Notepad and PowerShell 5 write a byte-order mark first.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (body, issues) = match parse_payload(text) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            println!("status=invalid");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    for issue in &issues {
        eprintln!("{}", issue.line(lang));
    }
    if issues.iter().any(|i| i.is_error()) {
        println!(
            "status=invalid errors={}",
            issues.iter().filter(|i| i.is_error()).count()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    let outbox = match open_outbox(&args.connection) {
        Ok(o) => o,
        Err(e) => return super::fail(&e, lang),
    };
    let queued = if args.again {
        outbox.enqueue(body, None).map(|id| (id, false))
    } else {
        outbox.enqueue_once(body, text)
    };
    let id = match queued {
        Ok((id, existing)) => {
            if existing {
                eprintln!(
                    "this file was queued before as outbox entry {id}; not enrolled twice (use --again to enrol once more)"
                );
            }
            id
        }
        Err(e) => {
            eprintln!("{e}");
            println!("status=invalid");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if !args.queue_only
        && needs_sending(&outbox, id)
        && let Err(e) = try_send(&outbox, id, &args.connection)
    {
        // Nothing is lost: the entry stays queued.
        return report(&outbox, id, lang, Some(super::worded(&e, lang)));
    }
    report(&outbox, id, lang, None)
}

/// Whether this run should try to send the entry: an entry of an earlier run that already
/// reached Coachview is only reported, and one held as unconfirmed waits for the planner, never
/// for a scheduled rerun.
pub(super) fn needs_sending(outbox: &Outbox, id: EntryId) -> bool {
    outbox
        .get(id)
        .map(|e| match &e.status {
            Status::Pending => true,
            Status::Held { reason } => !matches!(reason, HoldReason::Unconfirmed { .. }),
            _ => false,
        })
        .unwrap_or(false)
}

/// Why a body could not be queued.
pub(super) struct Refused(pub(super) String);

/// Queues the body; the same body queued before (and not discarded) reuses its entry unless
/// `again`, so a scheduled rerun never enrols twice.
pub(super) fn enqueue_once(
    outbox: &Outbox,
    body: serde_json::Value,
    again: bool,
) -> Result<EntryId, Refused> {
    let queued = if again {
        outbox.enqueue(body, None).map(|id| (id, false))
    } else {
        let content = body.to_string();
        outbox.enqueue_once(body, &content)
    };
    match queued {
        Ok((id, existing)) => {
            if existing {
                eprintln!(
                    "this enrolment was queued before as outbox entry {id}; not enrolled twice (use --again to enrol once more)"
                );
            }
            Ok(id)
        }
        Err(e) => Err(Refused(e.to_string())),
    }
}

fn try_send(
    outbox: &Outbox,
    id: EntryId,
    connection: &ConnectionArgs,
) -> Result<(), crate::error::WorkerError> {
    let client = client(connection)?;
    let rt = runtime()?;
    rt.block_on(outbox.send_now(id, &*client, chrono::Utc::now()))?;
    Ok(())
}

pub(super) fn report(outbox: &Outbox, id: EntryId, lang: Lang, reason: Option<String>) -> ExitCode {
    let entry = match outbox.get(id) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    match &entry.status {
        Status::Sent { nummer, .. } => {
            println!("status=sent nummer={nummer} reference={}", entry.reference);
            ExitCode::SUCCESS
        }
        Status::NeedsFix { field_errors } => {
            for issue in map_server_errors(field_errors) {
                eprintln!("{}", issue.line(lang));
            }
            println!(
                "status=needs_fix entry={} reference={}",
                entry.id, entry.reference
            );
            ExitCode::from(EXIT_INVALID)
        }
        status => {
            let why = reason
                .or_else(|| entry.last_error.as_ref().map(|f| f.text(lang)))
                .unwrap_or_else(|| status.text(lang));
            println!(
                "status=queued entry={} reference={} reason=\"{}\"",
                entry.id,
                entry.reference,
                one_line(&why)
            );
            ExitCode::from(EXIT_QUEUED)
        }
    }
}

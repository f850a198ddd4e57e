//! `coachdesk enrol --file body.json`: validate a webaanvraag body, queue it, try to send it once.
//!
//! Exit codes: 0 sent; 2 invalid (ours or Coachview's 400); 3 queued (it will go out with
//! `coachdesk outbox flush` or the app); 1 the outbox could not be used.

use super::connection::ConnectionArgs;
use super::outbox::{client, one_line, open_outbox, runtime};
use crate::enrol::{map_server_errors, parse_payload};
use crate::i18n::Lang;
use crate::outbox::{EntryId, Outbox, OutboxError, Status};
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
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", file.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let (body, issues) = match parse_payload(&text) {
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
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let id = match enqueue_once(&outbox, body) {
        Ok(id) => id,
        Err(Refused(msg)) => {
            eprintln!("{msg}");
            println!("status=invalid");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if !args.queue_only
        && let Err(reason) = try_send(&outbox, id, &args.connection)
    {
        // Nothing is lost: the entry stays queued.
        return report(&outbox, id, lang, Some(reason));
    }
    report(&outbox, id, lang, None)
}

pub(super) struct Refused(pub(super) String);

/// Queues the body. Running the same file twice (same reference, same body) reuses the
/// existing entry instead of making a second enrolment.
pub(super) fn enqueue_once(outbox: &Outbox, body: serde_json::Value) -> Result<EntryId, Refused> {
    match outbox.enqueue(body.clone(), None) {
        Ok(id) => Ok(id),
        Err(OutboxError::DuplicateReference {
            reference,
            existing,
        }) => {
            let same = outbox
                .get(existing)
                .map(|e| e.body == body)
                .unwrap_or(false);
            if same {
                eprintln!(
                    "this enrolment (reference {reference}) is already outbox entry {existing}"
                );
                Ok(existing)
            } else {
                Err(Refused(format!(
                    "reference {reference} is already used by outbox entry {existing} with a different body; \
                     choose another referentieNrKlant or leave it out"
                )))
            }
        }
        Err(e) => Err(Refused(e.to_string())),
    }
}

fn try_send(outbox: &Outbox, id: EntryId, connection: &ConnectionArgs) -> Result<(), String> {
    let client = client(connection)?;
    let rt = runtime()?;
    rt.block_on(outbox.send_now(id, &client, chrono::Utc::now()))
        .map(|_| ())
        .map_err(|e| e.to_string())
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

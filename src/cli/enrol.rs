//! `coachdesk enrol --file body.json`: validate a webaanvraag body, queue it, try to send it once.
//!
//! Exit codes ([`super::exit_code`]): 0 sent; 2 invalid (ours or Coachview's 400); 75 queued,
//! not sent yet (it will go out with `coachdesk outbox flush`, the app, or a rerun); 1 the
//! outbox could not be used (a storage failure is never "invalid"). Running the same file again
//! (a scheduled retry after exit 75) reuses its entry unless `--again`; a UTF-8 BOM is fine.

use super::connection::ConnectionArgs;
use super::outbox::{one_line, open_outbox, runtime};
use crate::enrol::{map_server_errors, parse_payload};
use crate::i18n::Lang;
use crate::outbox::{EntryId, Outbox, Status};
use crate::session::{Reused, needs_sending};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `coachdesk enrol`.
#[derive(Debug, Args)]
pub struct EnrolArgs {
    #[command(flatten)]
    pub(crate) connection: ConnectionArgs,
    /// A JSON file holding exactly the body of `POST /api/v1/Webaanvragen` (what the wizard's
    /// review step shows). Its `referentieNrKlant` is kept; without one, one is generated.
    #[arg(long, required_unless_present = "participants")]
    pub file: Option<PathBuf>,
    /// Validate and queue only; do not try to send.
    #[arg(long)]
    pub queue_only: bool,
    /// Enrol again even though this exact file was queued before (without it, running the
    /// same file twice — e.g. a scheduled retry after exit 75 — reuses the first entry).
    #[arg(long)]
    pub again: bool,
    /// Language of messages: nl or en.
    #[arg(long, env = "COACHDESK_LANG", default_value = "nl")]
    pub lang: String,
    #[command(flatten)]
    pub(crate) list: ListArgs,
}

pub(super) const EXIT_INVALID: u8 = super::EXIT_INPUT;
/// Queued, not sent yet: try later (the entry is kept; a rerun reuses it).
const EXIT_QUEUED: u8 = super::EXIT_TRY_LATER;

/// The flags of the list form of `coachdesk enrol`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// A participants list (.xlsx, .xls, .ods or .csv): a header row in Dutch or English
    /// (Voornaam/First name, Achternaam/Last name, E-mail, Telefoon/Phone, Geboortedatum/Date of
    /// birth, …) or the columns voornaam, tussenvoegsels, achternaam, e-mail, telefoon,
    /// geboortedatum in that order.
    #[arg(long, requires_all = ["course", "contact"], conflicts_with = "file")]
    pub participants: Option<PathBuf>,
    /// The code of the planned course (Opleiding), e.g. VCA-2026-03.
    #[arg(long, requires = "participants")]
    pub course: Option<String>,
    /// A JSON file with the contact person (webaanvraag person fields: voornaam, achternaam,
    /// emailadres, …), or `{"contactpersoon": {…}, "bedrijf": {…}}`.
    #[arg(long, requires = "participants")]
    pub contact: Option<PathBuf>,
    /// Do not look people up in Coachview by e-mail (saves requests).
    #[arg(long)]
    pub no_lookup: bool,
}

/// Runs `coachdesk enrol` with `--file` (the list form is `enrol_list::run`).
pub fn run(args: EnrolArgs) -> ExitCode {
    let lang = Lang::from_code(&args.lang);
    let Some(file) = args.file.clone() else {
        // `cli::run` sends the list form (`--participants`) to `enrol_list::run`.
        return ExitCode::from(EXIT_INVALID);
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
            let line = format!("{}: {e}", file.display());
            eprintln!("{}", super::text::escape(&line));
            println!("status=invalid");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    for issue in &issues {
        eprintln!("{}", super::text::escape(&issue.line(lang)));
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
    let id = match queue(&args.connection, &outbox, body, args.again, lang) {
        Ok(id) => id,
        // The outbox (storage) failed: not the enrolment's fault, so never `status=invalid`.
        Err(e) => return super::fail(&e, lang),
    };
    if !args.queue_only
        && let Err(e) = try_send(&outbox, id, &args.connection)
    {
        // Nothing is lost: the entry stays queued.
        return report(&outbox, id, lang, Some(super::worded(&e, lang)));
    }
    report(&outbox, id, lang, None)
}

/// Queues the body (`session::enrol`'s one rule: the same enrolment queued before, and not
/// discarded, reuses its entry unless `again`, so a scheduled rerun never enrols twice) and
/// says so when an entry is reused.
pub(super) fn queue(
    connection: &ConnectionArgs,
    outbox: &Outbox,
    body: serde_json::Value,
    again: bool,
    lang: Lang,
) -> Result<EntryId, crate::error::WorkerError> {
    let queued = connection
        .folder()
        .queue_enrolment(outbox, body, None, again)?;
    if let Some(reused) = &queued.reused {
        eprintln!(
            "{} {}",
            reused.text().in_lang(lang),
            Reused::again_hint().in_lang(lang)
        );
    }
    Ok(queued.id)
}

/// Tries the entry once when it still has to go out (an entry of an earlier run that reached
/// Coachview, or one held as unconfirmed, is only reported: no secret is needed for that).
fn try_send(
    outbox: &Outbox,
    id: EntryId,
    connection: &ConnectionArgs,
) -> Result<(), crate::error::WorkerError> {
    if !needs_sending(&outbox.get(id)?) {
        return Ok(());
    }
    let session = connection.session(None)?;
    let rt = runtime()?;
    rt.block_on(session.probe_if_due());
    rt.block_on(session.send_queued(outbox, id))?;
    Ok(())
}

pub(super) fn report(outbox: &Outbox, id: EntryId, lang: Lang, reason: Option<String>) -> ExitCode {
    let entry = match outbox.get(id) {
        Ok(e) => e,
        Err(e) => return super::fail(&e.into(), lang),
    };
    match &entry.status {
        Status::Sent { nummer, .. } => {
            println!(
                "status=sent nummer={} reference={}",
                one_line(nummer),
                one_line(&entry.reference)
            );
            ExitCode::SUCCESS
        }
        Status::NeedsFix { field_errors } => {
            for issue in map_server_errors(field_errors) {
                eprintln!("{}", super::text::escape(&issue.line(lang)));
            }
            println!(
                "status=needs_fix entry={} reference={}",
                entry.id,
                one_line(&entry.reference)
            );
            ExitCode::from(EXIT_INVALID)
        }
        status => {
            let why = reason
                .or_else(|| entry.last_error.as_ref().map(|f| f.text(lang)))
                .unwrap_or_else(|| status.text(lang));
            println!(
                "status=queued entry={} reference={} reason={}",
                entry.id,
                one_line(&entry.reference),
                one_line(&why)
            );
            // Held (401/403, an answer not understood) waits for a person, not for time.
            if matches!(status, Status::Held { .. } | Status::Damaged { .. }) {
                ExitCode::from(super::EXIT_FAILED)
            } else {
                ExitCode::from(EXIT_QUEUED)
            }
        }
    }
}

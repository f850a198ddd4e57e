//! `coachdesk enrol --participants employees.xlsx --course CODE --contact contact.json`: builds the
//! webaanvraag the wizard would (a contact person enrolling employees), validates it, queues it and
//! tries to send it once. Exit codes as `enrol --file`: 0 sent, 2 invalid, 75 queued (try later),
//! 1 failed (no outbox, storage).

use super::enrol::{EXIT_INVALID, EnrolArgs, queue, report};
use super::outbox::{open_outbox, runtime};
use crate::enrol::people::{Lookup, PersonKey};
use crate::enrol::{Company, CourseChoice, Draft, Person, Scenario, list, list_file};
use crate::error::WorkerError;
use crate::i18n::Lang;
use crate::session::Session;
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

fn invalid(message: &str) -> ExitCode {
    eprintln!("{}", super::text::escape_lines(message));
    println!("status=invalid");
    ExitCode::from(EXIT_INVALID)
}

/// Runs the list form.
pub fn run(args: EnrolArgs) -> ExitCode {
    let lang = Lang::from_code(&args.lang);
    let (Some(path), Some(code), Some(contact_path)) = (
        args.list.participants.as_deref(),
        args.list.course.as_deref(),
        args.list.contact.as_deref(),
    ) else {
        return invalid("give --file, or --participants with --course and --contact");
    };
    let file = match list_file::read_rows(path) {
        Ok(file) => file,
        Err(e) => return invalid(&e.to_string()),
    };
    if let Some(encoding) = file.encoding {
        let name = [("encoding", crate::i18n::Text::plain(encoding.name()))];
        let read_as = crate::i18n::Text::with("plist.encoding", name.to_vec());
        eprintln!("{}: {}", path.display(), read_as.in_lang(lang));
    }
    let parsed = list::interpret(&file.rows, crate::clock::Clock::system().today());
    if !parsed.has_header {
        eprintln!(
            "no header row recognised: columns read in order as voornaam, tussenvoegsels, achternaam, e-mail, telefoon, geboortedatum"
        );
    }
    if parsed.dropped > 0 {
        return invalid(&format!(
            "{}: more than {} rows",
            path.display(),
            list::MAX_ROWS
        ));
    }
    let bad: Vec<_> = parsed.rows.iter().filter(|r| r.has_error()).collect();
    for row in &bad {
        let line = format!("{} row {}: {}", path.display(), row.line, row.reasons(lang));
        eprintln!("{}", super::text::escape(&line));
    }
    if !bad.is_empty() {
        println!("status=invalid errors={}", bad.len());
        return ExitCode::from(EXIT_INVALID);
    }
    let (contact, company) = match read_contact(contact_path) {
        Ok(c) => c,
        Err(e) => return invalid(&e.to_string()),
    };
    let outbox = match open_outbox(&args.connection) {
        Ok(o) => o,
        Err(e) => return super::fail(&e, lang),
    };
    let (api, rt) = match args
        .connection
        .session(None)
        .and_then(|c| Ok((c, runtime()?)))
    {
        Ok(pair) => pair,
        Err(e) => return super::fail(&e, lang),
    };
    rt.block_on(api.probe_if_due());
    let course = match rt.block_on(find_course(&api, code)) {
        Ok(course) => course,
        Err(CourseError::Invalid(e)) => return invalid(&e),
        Err(CourseError::Unreachable(e)) => {
            eprintln!("the course {code} could not be looked up:");
            return super::fail(&e, lang);
        }
    };
    let mut draft = Draft {
        course: Some(course),
        scenario: Some(Scenario::ContactEnrolsEmployees),
        contact,
        participants: parsed.rows.into_iter().map(|r| r.person).collect(),
        company,
        ..Draft::default()
    };
    if !args.list.no_lookup {
        rt.block_on(link_known(&api, &mut draft));
    }
    let issues = crate::enrol::validate(&draft);
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
    draft.reference = stable_reference(&draft);
    let body = crate::enrol::payload(&draft);
    let id = match queue(&args.connection, &outbox, body, args.again, lang) {
        Ok(id) => id,
        Err(e) => return super::fail(&e, lang),
    };
    let reason = if args.queue_only {
        None
    } else {
        rt.block_on(api.send_queued(&outbox, id))
            .err()
            .map(|e| super::worded(&e, lang))
    };
    report(&outbox, id, lang, reason)
}

/// The contact person (and company) from a JSON file.
fn read_contact(path: &Path) -> Result<(Person, Option<Company>), WorkerError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| WorkerError::Input(format!("{}: {e}", path.display())))?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| WorkerError::Input(format!("{}: not valid JSON: {e}", path.display())))?;
    let (person, company) = match value.get("contactpersoon") {
        Some(person) => (person.clone(), value.get("bedrijf").cloned()),
        None => (value, None),
    };
    let person: Person = serde_json::from_value(person)
        .map_err(|e| WorkerError::Input(format!("{}: contactpersoon: {e}", path.display())))?;
    let company = company
        .filter(Value::is_object)
        .map(serde_json::from_value::<Company>)
        .transpose()
        .map_err(|e| WorkerError::Input(format!("{}: bedrijf: {e}", path.display())))?;
    Ok((person, company))
}

enum CourseError {
    Invalid(String),
    Unreachable(WorkerError),
}

/// The planned course with exactly this code (`where=code=…`, confirmed); every answer is checked
/// to carry the code, so an ignored filter never picks a wrong course.
async fn find_course(session: &Session, code: &str) -> Result<CourseChoice, CourseError> {
    let code = code.trim();
    if code.is_empty() || code.contains([';', ',', '=']) {
        return Err(CourseError::Invalid(format!(
            "'{code}' is not a course code"
        )));
    }
    let records = session
        .courses_with_code(code)
        .await
        .map_err(|e| CourseError::Unreachable(e.into()))?;
    let text = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let matches: Vec<&Value> = records
        .iter()
        .filter(|r| text(r, "code").eq_ignore_ascii_case(code))
        .filter(|r| text(r, "opleidingStatusId") != "Geannuleerd")
        .collect();
    match matches.as_slice() {
        [one] if !text(one, "id").is_empty() => Ok(CourseChoice {
            opleiding_id: Some(text(one, "id")),
            opleidingssoort_id: text(one, "opleidingssoortId"),
            label: format!("{} ({code})", text(one, "naam")),
            free_seats: one.get("aantalPlaatsenVrij").and_then(Value::as_i64),
        }),
        [] => Err(CourseError::Invalid(format!(
            "no planned course with code {code}"
        ))),
        _ => Err(CourseError::Invalid(format!(
            "more than one course has code {code}"
        ))),
    }
}

/// Links participants (and the contact) to known people: only when the e-mail lookup returns
/// exactly one active person with the same last name. Stops at 403 or an ignored filter.
async fn link_known(session: &Session, draft: &mut Draft) {
    let people = std::iter::once(&mut draft.contact).chain(draft.participants.iter_mut());
    for person in people {
        if !person.persoon_id.is_empty() {
            continue;
        }
        let Some(key) = PersonKey::email(&person.emailadres) else {
            continue;
        };
        match session.find_person(&key).await {
            Lookup::Found(found) => {
                let active: Vec<_> = found.iter().filter(|k| !k.inactive).collect();
                if let [one] = active.as_slice()
                    && one
                        .person
                        .achternaam
                        .eq_ignore_ascii_case(person.achternaam.trim())
                {
                    person.persoon_id = one.person.persoon_id.clone();
                    let email = super::text::escape(person.emailadres.trim());
                    eprintln!("{email}: known in Coachview, linked");
                }
            }
            Lookup::NoScope => {
                eprintln!(
                    "lookups off: the client lacks Personen.Lezen; people are enrolled as new"
                );
                return;
            }
            Lookup::NotHonoured => {
                eprintln!("lookups off: Coachview did not apply the e-mail filter");
                return;
            }
            Lookup::Failed(why) => {
                let why = super::text::escape(&why.in_lang(Lang::En));
                eprintln!("lookups stopped: {why}");
                return;
            }
        }
    }
}

/// The same list, contact and course on the same day give the same `referentieNrKlant`, so
/// running the command twice reuses the outbox entry instead of enrolling twice.
fn stable_reference(draft: &Draft) -> String {
    let body = crate::enrol::payload(draft).to_string();
    let mut hash: u32 = 0x811c_9dc5;
    for b in body.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!(
        "CD-{}-{hash:08x}",
        crate::clock::Clock::system().now_local().format("%Y%m%d")
    )
}

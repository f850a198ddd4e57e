//! Validation of a draft or a raw webaanvraag body, and mapping a server 400 onto fields.

use super::issues::{FieldIssue, IssueCode};
use super::model::{Company, Debtor, Draft, Person};
use super::rules::{self, PhoneProblem};
use super::{Scenario, Step};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Validates a draft against today's date.
pub fn validate(draft: &Draft) -> Vec<FieldIssue> {
    validate_at(draft, crate::clock::Clock::system().today())
}

/// Validates a draft; `today` decides what "birth date in the past" means.
pub fn validate_at(draft: &Draft, today: NaiveDate) -> Vec<FieldIssue> {
    let mut out = Vec::new();
    match &draft.course {
        None => out.push(FieldIssue::error("opleidingen", IssueCode::NoCourse)),
        Some(c) if c.opleidingssoort_id.trim().is_empty() => out.push(FieldIssue::error(
            "opleidingen[0].opleidingssoortId",
            IssueCode::Required,
        )),
        Some(_) => {}
    }
    if draft.scenario.is_none() {
        out.push(FieldIssue::error("scenario", IssueCode::NoScenario));
    }
    let deelnemers = draft.participants_for_payload();
    let contact_copy = draft.scenario == Some(Scenario::ContactEnrolsSelfAndEmployees);
    check_people(&draft.contact, &deelnemers, contact_copy, today, &mut out);

    let employees = draft.participants.len();
    if matches!(
        draft.scenario,
        Some(Scenario::ContactEnrolsEmployees | Scenario::ContactEnrolsSelfAndEmployees)
    ) && employees == 0
    {
        out.push(FieldIssue::error("deelnemers", IssueCode::NoParticipants));
    }
    if draft.scenario == Some(Scenario::ContactEnrolsEmployees)
        && let Some(i) = deelnemers
            .iter()
            .position(|p| same_person(p, &draft.contact))
    {
        out.push(FieldIssue::warning(
            format!("deelnemers[{i}]"),
            IssueCode::ContactListedAsEmployee,
        ));
    }
    if let Some(free) = draft.course.as_ref().and_then(|c| c.free_seats) {
        let wanted = draft.number_of_people();
        if draft.scenario.is_some() && i64::try_from(wanted).unwrap_or(i64::MAX) > free {
            out.push(FieldIssue::warning(
                "deelnemers",
                IssueCode::MoreThanFreeSeats { free, wanted },
            ));
        }
    }
    if let Some(company) = draft.company.as_ref().filter(|c| !company_is_blank(c)) {
        check_company(company, &mut out);
    }
    if let Some(debtor) = &draft.debtor {
        check_debtor(debtor, &mut out);
    }
    if !draft.reference.trim().is_empty() && !rules::is_valid_reference(&draft.reference) {
        out.push(FieldIssue::error(
            "referentieNrKlant",
            IssueCode::InvalidReference,
        ));
    }
    out
}

/// True when every company field is empty (the user opened the section and typed nothing).
pub(crate) fn company_is_blank(c: &Company) -> bool {
    c.naam.trim().is_empty()
        && c.emailadres.trim().is_empty()
        && c.telefoonnummer.trim().is_empty()
        && c.adres.is_blank()
}

/// Checks the contact person and `deelnemers`. `first_is_contact_copy`: `deelnemers[0]` is
/// derived from the contact person (scenario 3), so it is not checked twice.
pub(super) fn check_people(
    contact: &Person,
    deelnemers: &[Person],
    first_is_contact_copy: bool,
    today: NaiveDate,
    out: &mut Vec<FieldIssue>,
) {
    check_person("contactpersoon", contact, true, today, out);
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name_birth: HashMap<(String, NaiveDate), usize> = HashMap::new();
    for (i, p) in deelnemers.iter().enumerate() {
        let path = format!("deelnemers[{i}]");
        let is_copy = first_is_contact_copy && i == 0;
        if !is_copy {
            check_person(&path, p, false, today, out);
        }
        let first_path = |j: usize| {
            if first_is_contact_copy && j == 0 {
                "contactpersoon".to_string()
            } else {
                format!("deelnemers[{j}]")
            }
        };
        let email = p.emailadres.trim().to_lowercase();
        if !email.is_empty() {
            if let Some(&j) = by_email.get(&email) {
                out.push(FieldIssue::error(
                    format!("{path}.emailadres"),
                    IssueCode::DuplicatePerson {
                        first: first_path(j),
                    },
                ));
                continue;
            }
            by_email.insert(email, i);
        }
        if let Some(key) = name_birth_key(p) {
            if let Some(&j) = by_name_birth.get(&key) {
                out.push(FieldIssue::error(
                    format!("{path}.achternaam"),
                    IssueCode::DuplicatePerson {
                        first: first_path(j),
                    },
                ));
                continue;
            }
            by_name_birth.insert(key, i);
        }
    }
}

fn name_birth_key(p: &Person) -> Option<(String, NaiveDate)> {
    let birth = rules::parse_date(&p.geboorte_datum)?;
    let name = p.display_name().to_lowercase();
    let name: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    (!p.achternaam.trim().is_empty()).then_some((name, birth))
}

/// Same e-mail, or same name and birth date.
pub(super) fn same_person(a: &Person, b: &Person) -> bool {
    let email = |p: &Person| p.emailadres.trim().to_lowercase();
    (!email(a).is_empty() && email(a) == email(b))
        || name_birth_key(a).is_some_and(|k| Some(k) == name_birth_key(b))
}

pub(super) fn check_person(
    prefix: &str,
    p: &Person,
    is_contact: bool,
    today: NaiveDate,
    out: &mut Vec<FieldIssue>,
) {
    let at = |field: &str| format!("{prefix}.{field}");
    if p.achternaam.trim().is_empty() {
        out.push(FieldIssue::error(
            at("achternaam"),
            IssueCode::LastNameRequired,
        ));
    }
    if p.voornaam.trim().is_empty() && p.voorletters.trim().is_empty() {
        out.push(FieldIssue::error(
            at("voornaam"),
            IssueCode::FirstNameRequired,
        ));
    }
    if p.emailadres.trim().is_empty() {
        if is_contact {
            out.push(FieldIssue::error(
                at("emailadres"),
                IssueCode::EmailRequired,
            ));
        }
    } else if !rules::is_valid_email(&p.emailadres) {
        out.push(FieldIssue::error(at("emailadres"), IssueCode::InvalidEmail));
    }
    check_phone(
        &at("telefoonnummer"),
        &p.telefoonnummer,
        p.adres.is_dutch(),
        out,
    );
    if !p.geboorte_datum.trim().is_empty() {
        match rules::parse_date(&p.geboorte_datum) {
            None => out.push(FieldIssue::error(
                at("geboorteDatum"),
                IssueCode::InvalidDate,
            )),
            Some(d) if d >= today => out.push(FieldIssue::error(
                at("geboorteDatum"),
                IssueCode::BirthDateNotInPast,
            )),
            Some(_) => {}
        }
    }
    check_postcode(&at("adres.postcode"), &p.adres, out);
}

fn check_phone(field: &str, phone: &str, dutch: bool, out: &mut Vec<FieldIssue>) {
    if phone.trim().is_empty() {
        return;
    }
    let code = match rules::check_phone(phone, dutch) {
        Ok(()) => return,
        Err(PhoneProblem::BadCharacters) => IssueCode::PhoneCharacters,
        Err(PhoneProblem::DutchLength) => IssueCode::PhoneDutchLength,
        Err(PhoneProblem::Length) => IssueCode::PhoneLength,
    };
    out.push(FieldIssue::error(field, code));
}

fn check_postcode(field: &str, adres: &super::model::Address, out: &mut Vec<FieldIssue>) {
    if adres.postcode.trim().is_empty() || !adres.is_dutch() {
        return;
    }
    if rules::normalise_dutch_postcode(&adres.postcode).is_none() {
        out.push(FieldIssue::error(field, IssueCode::InvalidPostcode));
    }
}

pub(super) fn check_company(c: &Company, out: &mut Vec<FieldIssue>) {
    if c.naam.trim().is_empty() {
        out.push(FieldIssue::error("bedrijf.naam", IssueCode::Required));
    }
    if !c.emailadres.trim().is_empty() && !rules::is_valid_email(&c.emailadres) {
        out.push(FieldIssue::error(
            "bedrijf.emailadres",
            IssueCode::InvalidEmail,
        ));
    }
    check_phone(
        "bedrijf.telefoonnummer",
        &c.telefoonnummer,
        c.adres.is_dutch(),
        out,
    );
    check_postcode("bedrijf.adres.postcode", &c.adres, out);
}

pub(super) fn check_debtor(d: &Debtor, out: &mut Vec<FieldIssue>) {
    if !d.iban.trim().is_empty() && !rules::is_valid_iban(&d.iban) {
        out.push(FieldIssue::error("debiteur.iban", IssueCode::InvalidIban));
    }
    if !d.emailadres_anders.trim().is_empty() && !rules::is_valid_email(&d.emailadres_anders) {
        out.push(FieldIssue::error(
            "debiteur.emailadresAnders",
            IssueCode::InvalidEmail,
        ));
    }
}

/// The wizard's progress follows from what validates.
impl Draft {
    /// The step to show: the first one that is not complete (or not yet confirmed).
    pub fn step(&self) -> Step {
        let issues = validate(self);
        let blocked = |prefixes: &[&str]| {
            issues.iter().any(|i| {
                i.severity == super::Severity::Error
                    && prefixes.iter().any(|p| i.field.starts_with(p))
            })
        };
        for step in self.steps() {
            let done = match step {
                Step::Course => self.course.is_some() && !blocked(&["opleidingen"]),
                Step::Scenario => self.scenario.is_some(),
                Step::Contact => self.confirmed.contains(&step) && !blocked(&["contactpersoon"]),
                Step::Participants => self.confirmed.contains(&step) && !blocked(&["deelnemers"]),
                Step::Company => {
                    self.confirmed.contains(&step)
                        && !blocked(&["bedrijf", "debiteur", "referentieNrKlant", "opmerking"])
                }
                Step::Review => self.reviewed && !issues.iter().any(|i| i.is_error()),
                Step::Send => false,
            };
            if !done {
                return step;
            }
        }
        Step::Send
    }
}

//! Validation of a draft or a raw webaanvraag body, and mapping a server 400 onto fields.

use super::Scenario;
use super::issues::{FieldIssue, IssueCode};
use super::model::{Company, Debtor, Draft, Person};
use super::rules::{self, PhoneProblem};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Validates a draft against today's date.
pub fn validate(draft: &Draft) -> Vec<FieldIssue> {
    validate_at(draft, chrono::Local::now().date_naive())
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

/// Validates a raw webaanvraag body (what `coachdesk enrol --file` reads), with the same rules
/// where they apply. Paths are the body's own.
pub fn validate_body_at(body: &Value, today: NaiveDate) -> Vec<FieldIssue> {
    let mut out = Vec::new();
    let Some(obj) = body.as_object() else {
        return vec![FieldIssue::error(
            "",
            IssueCode::WrongType {
                expected: "JSON object".into(),
            },
        )];
    };
    match obj.get("opleidingen") {
        Some(Value::Array(items)) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                let soort = item
                    .get("opleidingssoortId")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if soort.trim().is_empty() {
                    out.push(FieldIssue::error(
                        format!("opleidingen[{i}].opleidingssoortId"),
                        IssueCode::Required,
                    ));
                }
            }
        }
        _ => out.push(FieldIssue::error("opleidingen", IssueCode::NoCourse)),
    }
    let contact = person_at(obj.get("contactpersoon"), "contactpersoon", &mut out);
    let deelnemers: Vec<Person> = match obj.get("deelnemers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| person_at(Some(v), &format!("deelnemers[{i}]"), &mut out))
            .collect(),
        Some(_) => {
            out.push(FieldIssue::error(
                "deelnemers",
                IssueCode::WrongType {
                    expected: "array".into(),
                },
            ));
            Vec::new()
        }
    };
    check_people(&contact, &deelnemers, false, today, &mut out);
    match obj.get("aantalPersonen") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_i64() {
            Some(stated) => {
                let counted = deelnemers.len().max(1);
                if i64::try_from(counted).ok() != Some(stated) {
                    out.push(FieldIssue::error(
                        "aantalPersonen",
                        IssueCode::NumberOfPeopleMismatch { stated, counted },
                    ));
                }
            }
            None => out.push(FieldIssue::error(
                "aantalPersonen",
                IssueCode::WrongType {
                    expected: "integer".into(),
                },
            )),
        },
    }
    if let Some(v @ Value::Object(_)) = obj.get("bedrijf") {
        match serde_json::from_value::<Company>(v.clone()) {
            Ok(company) if !company_is_blank(&company) => check_company(&company, &mut out),
            Ok(_) => {}
            Err(_) => out.push(FieldIssue::error(
                "bedrijf",
                IssueCode::WrongType {
                    expected: "bedrijf object".into(),
                },
            )),
        }
    }
    if let Some(v @ Value::Object(_)) = obj.get("debiteur") {
        match serde_json::from_value::<Debtor>(v.clone()) {
            Ok(debtor) => check_debtor(&debtor, &mut out),
            Err(_) => out.push(FieldIssue::error(
                "debiteur",
                IssueCode::WrongType {
                    expected: "debiteur object".into(),
                },
            )),
        }
    }
    match obj.get("referentieNrKlant") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.trim().is_empty() => {}
        Some(Value::String(s)) if rules::is_valid_reference(s) => {}
        Some(Value::String(_)) => out.push(FieldIssue::error(
            "referentieNrKlant",
            IssueCode::InvalidReference,
        )),
        Some(_) => out.push(FieldIssue::error(
            "referentieNrKlant",
            IssueCode::WrongType {
                expected: "string".into(),
            },
        )),
    }
    out
}

fn person_at(value: Option<&Value>, path: &str, out: &mut Vec<FieldIssue>) -> Person {
    match value {
        Some(v @ Value::Object(_)) => serde_json::from_value(v.clone()).unwrap_or_else(|_| {
            out.push(FieldIssue::error(
                path,
                IssueCode::WrongType {
                    expected: "person object".into(),
                },
            ));
            Person::default()
        }),
        _ => Person::default(),
    }
}

/// Checks the contact person and `deelnemers`. `first_is_contact_copy`: `deelnemers[0]` is
/// derived from the contact person (scenario 3), so it is not checked twice.
fn check_people(
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
fn same_person(a: &Person, b: &Person) -> bool {
    let email = |p: &Person| p.emailadres.trim().to_lowercase();
    (!email(a).is_empty() && email(a) == email(b))
        || name_birth_key(a).is_some_and(|k| Some(k) == name_birth_key(b))
}

fn check_person(
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

fn check_company(c: &Company, out: &mut Vec<FieldIssue>) {
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

fn check_debtor(d: &Debtor, out: &mut Vec<FieldIssue>) {
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

/// Every field name a webaanvraag body can have (API doc §5), for canonical casing.
const KNOWN_FIELDS: &[&str] = &[
    "referentieNrKlant",
    "opmerking",
    "aantalPersonen",
    "uitvoeringstermijn",
    "aanvraagIsOrder",
    "vrijevelden",
    "bedrijf",
    "contactpersoon",
    "contactpersoonIsLeidinggevende",
    "autorisatieEigenaar",
    "debiteur",
    "deelnemers",
    "opleidingen",
    "opleidingId",
    "opleidingssoortId",
    "naam",
    "emailadres",
    "telefoonnummer",
    "externId",
    "externSource",
    "optInOut",
    "adres",
    "bezoekAdres",
    "factuurAdres",
    "categorieen",
    "categorieId",
    "voorletters",
    "voornaam",
    "tussenvoegsels",
    "achternaam",
    "titel",
    "achterTitel",
    "emailadres2",
    "telefoonnummerType",
    "telefoonnummer2",
    "telefoonnummer2Type",
    "persoonId",
    "geslacht",
    "geboorteAchternaam",
    "geboorteTussenvoegsels",
    "geboorteDatum",
    "geboortePlaats",
    "afdelingId",
    "functieId",
    "vrijeveldenPersoon",
    "vrijeveldenOpleidingsvraag",
    "adres1",
    "adres2",
    "adres3",
    "adres4",
    "postcode",
    "plaats",
    "landCode",
    "naamRekeninghouder",
    "btwNummer",
    "iban",
    "bicCode",
    "particulier",
    "betaalwijzeId",
    "verzendwijzeFactuur",
    "emailType",
    "emailadresAnders",
];

/// Puts a server field path in our spelling: `$.Contactpersoon.EmailAdres` →
/// `contactpersoon.emailadres`, `Deelnemers[1].Achternaam` → `deelnemers[1].achternaam`.
pub fn canonical_field_path(path: &str) -> String {
    let path = path.trim();
    let path = path
        .strip_prefix("$.")
        .or_else(|| path.strip_prefix('$'))
        .unwrap_or(path);
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let (name, index) = match segment.find('[') {
                Some(i) => segment.split_at(i),
                None => (segment, ""),
            };
            let name = KNOWN_FIELDS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(name))
                .map_or_else(|| name.to_string(), |k| (*k).to_string());
            format!("{name}{index}")
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Turns a 400's `errors` (field path → messages) into issues on our fields.
pub fn map_server_errors(errors: &BTreeMap<String, Vec<String>>) -> Vec<FieldIssue> {
    errors
        .iter()
        .flat_map(|(path, messages)| {
            let field = canonical_field_path(path);
            messages
                .iter()
                .map(move |m| FieldIssue::error(field.clone(), IssueCode::Server(m.clone())))
        })
        .collect()
}

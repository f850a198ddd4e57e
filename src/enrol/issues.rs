//! Validation findings: which payload field, what is wrong, how bad, and the text in NL and EN.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Blocks sending, or only asks the user to look again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssueCode {
    /// A required field is empty.
    Required,
    /// `achternaam` is empty.
    LastNameRequired,
    /// Neither `voornaam` nor `voorletters` is filled in.
    FirstNameRequired,
    /// The contact person needs an e-mail address.
    EmailRequired,
    InvalidEmail,
    /// Not a Dutch postcode `1234 AB` while the country is NL.
    InvalidPostcode,
    PhoneCharacters,
    PhoneDutchLength,
    PhoneLength,
    InvalidDate,
    BirthDateNotInPast,
    /// The same person twice; `first` is the payload path of the earlier entry.
    DuplicatePerson {
        first: String,
    },
    /// Scenario 2 lists the contact person among the employees (scenario 3 is meant).
    ContactListedAsEmployee,
    /// More participants than free seats (a warning: Coachview decides).
    MoreThanFreeSeats {
        free: i64,
        wanted: usize,
    },
    NoCourse,
    NoScenario,
    NoParticipants,
    InvalidIban,
    /// The reference contains `;`, `,`, `=` or is too long.
    InvalidReference,
    /// `aantalPersonen` differs from the number of participants.
    NumberOfPeopleMismatch {
        stated: i64,
        counted: usize,
    },
    /// A field has the wrong JSON type (raw bodies only).
    WrongType {
        expected: String,
    },
    /// What the server said about this field, verbatim.
    Server(String),
}

/// One finding at one field. `field` is the payload path, e.g. `contactpersoon.emailadres`
/// or `deelnemers[1].achternaam`; empty for the enrolment as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    pub field: String,
    pub code: IssueCode,
    pub severity: Severity,
}

impl FieldIssue {
    /// An error at `field`.
    pub fn error(field: impl Into<String>, code: IssueCode) -> FieldIssue {
        FieldIssue {
            field: field.into(),
            code,
            severity: Severity::Error,
        }
    }

    /// A warning at `field`.
    pub fn warning(field: impl Into<String>, code: IssueCode) -> FieldIssue {
        FieldIssue {
            field: field.into(),
            code,
            severity: Severity::Warning,
        }
    }

    /// True for errors (which block sending).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `field: message` for the CLI.
    pub fn line(&self, lang: Lang) -> String {
        let field = if self.field.is_empty() {
            "(webaanvraag)"
        } else {
            &self.field
        };
        let tag = match (self.severity, lang) {
            (Severity::Error, _) => "",
            (Severity::Warning, Lang::Nl) => " (waarschuwing)",
            (Severity::Warning, Lang::En) => " (warning)",
        };
        format!("{field}{tag}: {}", self.code.message(lang))
    }
}

impl IssueCode {
    /// The text shown at the field.
    pub fn message(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        let pick = |n: &str, e: &str| if nl { n.to_string() } else { e.to_string() };
        match self {
            IssueCode::Required => pick("Vul dit veld in.", "Please fill in this field."),
            IssueCode::LastNameRequired => {
                pick("Vul de achternaam in.", "Please enter the last name.")
            }
            IssueCode::FirstNameRequired => pick(
                "Vul de voornaam of de voorletters in.",
                "Please enter the first name or the initials.",
            ),
            IssueCode::EmailRequired => pick(
                "Vul het e-mailadres van de contactpersoon in.",
                "Please enter the contact person's e-mail address.",
            ),
            IssueCode::InvalidEmail => pick(
                "Dit is geen geldig e-mailadres (voorbeeld: naam@bedrijf.nl).",
                "This is not a valid e-mail address (example: name@company.com).",
            ),
            IssueCode::InvalidPostcode => pick(
                "Een Nederlandse postcode is vier cijfers en twee letters, zoals 1234 AB.",
                "A Dutch postcode is four digits and two letters, like 1234 AB.",
            ),
            IssueCode::PhoneCharacters => pick(
                "Gebruik alleen cijfers, spaties, streepjes en een + aan het begin.",
                "Use only digits, spaces, dashes and a + at the start.",
            ),
            IssueCode::PhoneDutchLength => pick(
                "Een Nederlands telefoonnummer heeft 10 cijfers (06 12345678) of +31 en 9 cijfers.",
                "A Dutch phone number has 10 digits (06 12345678) or +31 and 9 digits.",
            ),
            IssueCode::PhoneLength => pick(
                "Dit telefoonnummer heeft te weinig of te veel cijfers.",
                "This phone number has too few or too many digits.",
            ),
            IssueCode::InvalidDate => pick(
                "Schrijf de datum als dd-mm-jjjj, bijvoorbeeld 01-05-1990.",
                "Write the date as dd-mm-yyyy, for example 01-05-1990.",
            ),
            IssueCode::BirthDateNotInPast => pick(
                "De geboortedatum moet in het verleden liggen.",
                "The date of birth must be in the past.",
            ),
            IssueCode::DuplicatePerson { first } => {
                let first = friendly_path(first, lang);
                if nl {
                    format!(
                        "Deze persoon staat er al in ({first}): zelfde e-mailadres of zelfde naam en geboortedatum."
                    )
                } else {
                    format!(
                        "This person is already listed ({first}): same e-mail address or same name and date of birth."
                    )
                }
            }
            IssueCode::ContactListedAsEmployee => pick(
                "De contactpersoon staat ook bij de deelnemers. Doet de contactpersoon zelf mee? Kies dan 'Contactpersoon schrijft zichzelf en medewerkers in'.",
                "The contact person is also listed as a participant. Does the contact person take part? Then choose 'A contact person enrols themself and employees'.",
            ),
            IssueCode::MoreThanFreeSeats { free, wanted } => {
                if nl {
                    format!(
                        "Er zijn nog {free} plaatsen vrij en u schrijft {wanted} personen in. Coachview kan deelnemers op de wachtlijst zetten."
                    )
                } else {
                    format!(
                        "There are {free} free seats and you are enrolling {wanted} people. Coachview may put participants on the waiting list."
                    )
                }
            }
            IssueCode::NoCourse => {
                pick("Kies eerst een opleiding.", "Please choose a course first.")
            }
            IssueCode::NoScenario => {
                pick("Kies wie er inschrijft.", "Please choose who is enrolling.")
            }
            IssueCode::NoParticipants => pick(
                "Voeg ten minste één deelnemer toe.",
                "Please add at least one participant.",
            ),
            IssueCode::InvalidIban => pick(
                "Dit IBAN klopt niet (controleer de cijfers).",
                "This IBAN is not valid (check the digits).",
            ),
            IssueCode::InvalidReference => pick(
                "Het referentienummer mag hoogstens 50 tekens hebben en geen ; , = & of # bevatten.",
                "The reference may have at most 50 characters and no ; , = & or #.",
            ),
            IssueCode::NumberOfPeopleMismatch { stated, counted } => {
                if nl {
                    format!("aantalPersonen is {stated}, maar er zijn {counted} deelnemers.")
                } else {
                    format!("aantalPersonen is {stated}, but there are {counted} participants.")
                }
            }
            IssueCode::WrongType { expected } => {
                if nl {
                    format!("Verwacht: {expected}.")
                } else {
                    format!("Expected: {expected}.")
                }
            }
            IssueCode::Server(text) => text.clone(),
        }
    }
}

/// `deelnemers[1]` → "deelnemer 2" / "participant 2"; other paths unchanged.
fn friendly_path(path: &str, lang: Lang) -> String {
    if path.starts_with("contactpersoon") {
        return match lang {
            Lang::Nl => "contactpersoon".into(),
            Lang::En => "contact person".into(),
        };
    }
    let index = path
        .strip_prefix("deelnemers[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    match (index, lang) {
        (Some(i), Lang::Nl) => format!("deelnemer {}", i + 1),
        (Some(i), Lang::En) => format!("participant {}", i + 1),
        (None, _) => path.to_string(),
    }
}

//! Validation findings: which payload field, what is wrong, how bad, and its text from the table.

use crate::i18n::{Lang, format, text};
use serde::{Deserialize, Serialize};

/// Blocks sending, or only asks the user to look again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    /// Blocks sending until fixed.
    Error,
    /// Only asks the planner to look again; sending is allowed.
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
    /// Not an e-mail address (`naam@domein.nl`).
    InvalidEmail,
    /// Not a Dutch postcode `1234 AB` while the country is NL.
    InvalidPostcode,
    /// A phone number with characters other than digits, spaces, `-` and a leading `+`.
    PhoneCharacters,
    /// A Dutch phone number of the wrong length (ten digits, or nine after `+31`).
    PhoneDutchLength,
    /// A phone number with too few or too many digits for its country.
    PhoneLength,
    /// Not a date in a known form (`dd-mm-jjjj`, `dd.mm.jjjj`, `jjjj-mm-dd`).
    InvalidDate,
    /// A birth date today or later.
    BirthDateNotInPast,
    /// The same person twice; `first` is the payload path of the earlier entry.
    DuplicatePerson {
        /// The payload path of the earlier entry of the same person.
        first: String,
    },
    /// Scenario 2 lists the contact person among the employees (scenario 3 is meant).
    ContactListedAsEmployee,
    /// More participants than free seats (a warning: Coachview decides).
    MoreThanFreeSeats {
        /// The free seats Coachview reported.
        free: i64,
        /// The participants entered.
        wanted: usize,
    },
    /// No course or course type is chosen (step 1).
    NoCourse,
    /// No scenario is chosen (step 2).
    NoScenario,
    /// The enrolment has no participant.
    NoParticipants,
    /// The IBAN's format or check digits are wrong.
    InvalidIban,
    /// The reference contains `;`, `,`, `=` or is too long.
    InvalidReference,
    /// `aantalPersonen` differs from the number of participants.
    NumberOfPeopleMismatch {
        /// The `aantalPersonen` in the body.
        stated: i64,
        /// The participants counted in the body.
        counted: usize,
    },
    /// A field has the wrong JSON type (raw bodies only).
    WrongType {
        /// The JSON type the field should have (`string`, `object`, …).
        expected: String,
    },
    /// What the server said about this field, verbatim.
    Server(String),
}

/// One finding at one field. `field` is the payload path, e.g. `contactpersoon.emailadres`
/// or `deelnemers[1].achternaam`; empty for the enrolment as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldIssue {
    /// The payload path, e.g. `deelnemers[1].achternaam`; empty for the enrolment as a whole.
    pub field: String,
    /// What is wrong.
    pub code: IssueCode,
    /// Whether it blocks sending.
    pub severity: Severity,
}

impl FieldIssue {
    /// An error at `field`.
    pub(crate) fn error(field: impl Into<String>, code: IssueCode) -> FieldIssue {
        FieldIssue {
            field: field.into(),
            code,
            severity: Severity::Error,
        }
    }

    /// A warning at `field`.
    pub(crate) fn warning(field: impl Into<String>, code: IssueCode) -> FieldIssue {
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
            text(lang, "issue.whole_enrolment")
        } else {
            &self.field
        };
        let tag = match self.severity {
            Severity::Error => "",
            Severity::Warning => text(lang, "issue.warning_tag"),
        };
        format!("{field}{tag}: {}", self.code.message(lang))
    }
}

impl IssueCode {
    /// The text shown at the field, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let key = match self {
            IssueCode::Required => "issue.required",
            IssueCode::LastNameRequired => "issue.last_name_required",
            IssueCode::FirstNameRequired => "issue.first_name_required",
            IssueCode::EmailRequired => "issue.email_required",
            IssueCode::InvalidEmail => "issue.invalid_email",
            IssueCode::InvalidPostcode => "issue.invalid_postcode",
            IssueCode::PhoneCharacters => "issue.phone_characters",
            IssueCode::PhoneDutchLength => "issue.phone_dutch_length",
            IssueCode::PhoneLength => "issue.phone_length",
            IssueCode::InvalidDate => "issue.invalid_date",
            IssueCode::BirthDateNotInPast => "issue.birth_date_not_in_past",
            IssueCode::ContactListedAsEmployee => "issue.contact_listed_as_employee",
            IssueCode::NoCourse => "issue.no_course",
            IssueCode::NoScenario => "issue.no_scenario",
            IssueCode::NoParticipants => "issue.no_participants",
            IssueCode::InvalidIban => "issue.invalid_iban",
            IssueCode::InvalidReference => "issue.invalid_reference",
            IssueCode::DuplicatePerson { first } => {
                let first = friendly_path(first, lang);
                return format(lang, "issue.duplicate_person", &[("first", &first)]);
            }
            IssueCode::MoreThanFreeSeats { free, wanted } => {
                let args: [(&str, &dyn std::fmt::Display); 2] =
                    [("free", free), ("wanted", wanted)];
                return format(lang, "issue.more_than_free_seats", &args);
            }
            IssueCode::NumberOfPeopleMismatch { stated, counted } => {
                let args: [(&str, &dyn std::fmt::Display); 2] =
                    [("stated", stated), ("counted", counted)];
                return format(lang, "issue.number_of_people_mismatch", &args);
            }
            IssueCode::WrongType { expected } => {
                return format(lang, "issue.wrong_type", &[("expected", expected)]);
            }
            IssueCode::Server(text) => return text.clone(),
        };
        text(lang, key).to_string()
    }
}

/// `deelnemers[1]` → "deelnemer 2" / "participant 2"; other paths unchanged.
fn friendly_path(path: &str, lang: Lang) -> String {
    if path.starts_with("contactpersoon") {
        return text(lang, "issue.contact_person").to_string();
    }
    let index = path
        .strip_prefix("deelnemers[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    match index {
        Some(i) => format(lang, "issue.participant_n", &[("n", &(i + 1))]),
        None => path.to_string(),
    }
}

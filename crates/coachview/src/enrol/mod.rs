//! Enrolments (webaanvragen), pure and without I/O: scenario, draft, derived wizard step, validation, payload.

mod body;
mod from_payload;
mod issues;
pub mod list;
pub mod list_file;
mod model;
mod payload;
pub mod people;
pub mod people_batch;
pub mod recent;
pub mod rules;
mod server_errors;
pub mod text_encoding;
mod validate;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rules;

pub use body::validate_body_at;
pub use from_payload::draft_from_payload;
pub use issues::{FieldIssue, IssueCode, Severity};
pub use model::{Address, Company, CourseChoice, Debtor, Draft, Person};
pub use payload::{ParseError, parse_payload, payload, person_json};
pub use server_errors::{canonical_field_path, map_server_errors};
pub use validate::{validate, validate_at};

use crate::i18n::{Lang, text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A fresh `referentieNrKlant`: `CD-<yyyymmdd>-<8 hex>`, unique enough (2^32 per day) and safe
/// in a `where` filter.
pub fn generate_reference(now: DateTime<Utc>) -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    format!("CD-{}-{}", now.format("%Y%m%d"), &hex[..8])
}

/// Who enrols whom; decides which persons go into `contactpersoon` and `deelnemers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scenario {
    /// A participant enrols themself: only `contactpersoon` is sent.
    SelfEnrol,
    /// A contact person enrols employees: `contactpersoon` + `deelnemers`.
    ContactEnrolsEmployees,
    /// A contact person enrols themself and employees: the contact person is also a `deelnemer`.
    ContactEnrolsSelfAndEmployees,
}

impl Scenario {
    /// All three, in the order the wizard shows them.
    pub const ALL: [Scenario; 3] = [
        Scenario::SelfEnrol,
        Scenario::ContactEnrolsEmployees,
        Scenario::ContactEnrolsSelfAndEmployees,
    ];

    /// The key of the name used in the string tables (`scenario.<name>.label`/`.explanation`).
    fn key(self) -> &'static str {
        match self {
            Scenario::SelfEnrol => "self",
            Scenario::ContactEnrolsEmployees => "employees",
            Scenario::ContactEnrolsSelfAndEmployees => "self_and_employees",
        }
    }

    /// The short choice label.
    pub fn label(self, lang: Lang) -> &'static str {
        text(lang, &format!("scenario.{}.label", self.key()))
    }

    /// A plain explanation of the choice.
    pub fn explanation(self, lang: Lang) -> &'static str {
        text(lang, &format!("scenario.{}.explanation", self.key()))
    }
}

/// A wizard step. The current one is derived from the draft ([`Draft::step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    /// 1: choose the course (or course type for the waiting list).
    Course,
    /// 2: choose who enrols whom.
    Scenario,
    /// 3: the contact person.
    Contact,
    /// 4: the participants.
    Participants,
    /// 5: the company.
    Company,
    /// 6: check everything.
    Review,
    /// 7: send (queue in the outbox and try once).
    Send,
}

impl Step {
    /// Every step in order.
    pub const ALL: [Step; 7] = [
        Step::Course,
        Step::Scenario,
        Step::Contact,
        Step::Participants,
        Step::Company,
        Step::Review,
        Step::Send,
    ];

    /// The step's title.
    pub fn title(self, lang: Lang) -> &'static str {
        text(
            lang,
            match self {
                Step::Course => "step.course",
                Step::Scenario => "step.scenario",
                Step::Contact => "step.contact",
                Step::Participants => "step.participants",
                Step::Company => "step.company",
                Step::Review => "step.review",
                Step::Send => "step.send",
            },
        )
    }
}

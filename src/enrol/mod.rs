//! Enrolments (webaanvragen), pure and without I/O: scenario, draft, derived wizard step, validation, payload.

mod body;
mod from_payload;
mod issues;
pub mod list;
pub mod list_file;
mod model;
mod payload;
pub mod people;
pub mod recent;
pub mod rules;
mod server_errors;
mod validate;

#[cfg(test)]
mod tests;

pub use body::validate_body_at;
pub use from_payload::draft_from_payload;
pub use issues::{FieldIssue, IssueCode, Severity};
pub use model::{Address, Company, CourseChoice, Debtor, Draft, Person};
pub use payload::{ParseError, parse_payload, payload, person_json};
pub use server_errors::{canonical_field_path, map_server_errors};
pub use validate::{validate, validate_at};

use crate::i18n::Lang;
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

    /// The short choice label.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Scenario::SelfEnrol, Lang::Nl) => "Een deelnemer schrijft zichzelf in",
            (Scenario::SelfEnrol, Lang::En) => "A participant enrols themself",
            (Scenario::ContactEnrolsEmployees, Lang::Nl) => {
                "Een contactpersoon schrijft medewerkers in"
            }
            (Scenario::ContactEnrolsEmployees, Lang::En) => "A contact person enrols employees",
            (Scenario::ContactEnrolsSelfAndEmployees, Lang::Nl) => {
                "Een contactpersoon schrijft zichzelf en medewerkers in"
            }
            (Scenario::ContactEnrolsSelfAndEmployees, Lang::En) => {
                "A contact person enrols themself and employees"
            }
        }
    }

    /// A plain explanation of the choice.
    pub fn explanation(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Scenario::SelfEnrol, Lang::Nl) => {
                "Kies dit als de persoon die de opleiding volgt zich zelf aanmeldt. U vult alleen de \
                 gegevens van die persoon in; die is tegelijk contactpersoon en deelnemer."
            }
            (Scenario::SelfEnrol, Lang::En) => {
                "Choose this when the person taking the course signs up themself. You fill in only \
                 that person's details; they are both the contact person and the participant."
            }
            (Scenario::ContactEnrolsEmployees, Lang::Nl) => {
                "Kies dit als iemand (bijvoorbeeld een leidinggevende of HR) collega's aanmeldt, \
                 maar zelf niet meedoet. U vult de contactpersoon in en daarna de deelnemers."
            }
            (Scenario::ContactEnrolsEmployees, Lang::En) => {
                "Choose this when someone (a manager or HR, say) signs up colleagues but does not \
                 take part. You fill in the contact person, then the participants."
            }
            (Scenario::ContactEnrolsSelfAndEmployees, Lang::Nl) => {
                "Kies dit als de contactpersoon collega's aanmeldt en zelf ook meedoet. De \
                 contactpersoon staat dan automatisch ook bij de deelnemers."
            }
            (Scenario::ContactEnrolsSelfAndEmployees, Lang::En) => {
                "Choose this when the contact person signs up colleagues and takes part too. The \
                 contact person is then added to the participants automatically."
            }
        }
    }
}

/// A wizard step. The current one is derived from the draft ([`Draft::step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    Course,
    Scenario,
    Contact,
    Participants,
    Company,
    Review,
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
        let (nl, en) = match self {
            Step::Course => ("Opleiding", "Course"),
            Step::Scenario => ("Wie schrijft in", "Who enrols"),
            Step::Contact => ("Contactpersoon", "Contact person"),
            Step::Participants => ("Deelnemers", "Participants"),
            Step::Company => ("Bedrijf en factuur", "Company and invoice"),
            Step::Review => ("Controleren", "Review"),
            Step::Send => ("Versturen", "Send"),
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

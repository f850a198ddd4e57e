//! The enrolment draft and its parts, serialised as the user types; field names follow Coachview's.

use super::{Scenario, Step};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeSet;

/// Reads a string that may be absent, `null` or a number (raw bodies are not always tidy).
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
    })
}

/// A postal address (`adres` in a webaanvraag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    /// Street and house number (`adres1`).
    #[serde(deserialize_with = "lenient_string")]
    pub adres1: String,
    /// Postcode; for a Dutch address `1234 AB`.
    #[serde(deserialize_with = "lenient_string")]
    pub postcode: String,
    /// Town (`plaats`).
    #[serde(deserialize_with = "lenient_string")]
    pub plaats: String,
    /// ISO country code; empty counts as `NL`.
    #[serde(deserialize_with = "lenient_string")]
    pub land_code: String,
}

impl Default for Address {
    fn default() -> Address {
        Address {
            adres1: String::new(),
            postcode: String::new(),
            plaats: String::new(),
            land_code: "NL".into(),
        }
    }
}

impl Address {
    /// True when the Dutch rules (postcode `1234 AB`, 10-digit phone) apply.
    pub(crate) fn is_dutch(&self) -> bool {
        let code = self.land_code.trim();
        code.is_empty() || code.eq_ignore_ascii_case("NL")
    }

    /// True when nothing but (at most) the country was filled in.
    pub(crate) fn is_blank(&self) -> bool {
        [&self.adres1, &self.postcode, &self.plaats]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// A person as a webaanvraag names one (contactpersoon, deelnemer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Person {
    /// Initials (`voorletters`), e.g. `J.P.`.
    #[serde(deserialize_with = "lenient_string")]
    pub voorletters: String,
    /// First name (`voornaam`).
    #[serde(deserialize_with = "lenient_string")]
    pub voornaam: String,
    /// Name prefix (`tussenvoegsels`), e.g. `van der`.
    #[serde(deserialize_with = "lenient_string")]
    pub tussenvoegsels: String,
    /// Surname (`achternaam`).
    #[serde(deserialize_with = "lenient_string")]
    pub achternaam: String,
    /// E-mail address.
    #[serde(deserialize_with = "lenient_string")]
    pub emailadres: String,
    /// Phone number; ten digits when the address is Dutch.
    #[serde(deserialize_with = "lenient_string")]
    pub telefoonnummer: String,
    /// As typed: `dd-mm-jjjj`, `dd.mm.jjjj` or `jjjj-mm-dd`; sent as `jjjj-mm-dd`.
    #[serde(deserialize_with = "lenient_string")]
    pub geboorte_datum: String,
    /// Gender (`geslacht`) as Coachview codes it; empty when not given.
    #[serde(deserialize_with = "lenient_string")]
    pub geslacht: String,
    /// Home address; blank when not given.
    #[serde(deserialize_with = "deserialize_address")]
    pub adres: Address,
    /// Coachview's `persoonId` when the person was matched to a known record (empty: a new person).
    #[serde(
        deserialize_with = "lenient_string",
        skip_serializing_if = "String::is_empty"
    )]
    pub persoon_id: String,
}

fn deserialize_address<'de, D: Deserializer<'de>>(d: D) -> Result<Address, D::Error> {
    // S2 sends "" for omitted objects; treat anything but an object as "no address".
    let value = serde_json::Value::deserialize(d)?;
    if value.is_object() {
        serde_json::from_value(value).map_err(serde::de::Error::custom)
    } else {
        Ok(Address::default())
    }
}

impl Person {
    /// "Voornaam tussenvoegsels Achternaam" for summaries.
    pub fn display_name(&self) -> String {
        let first = if self.voornaam.trim().is_empty() {
            self.voorletters.trim()
        } else {
            self.voornaam.trim()
        };
        [first, self.tussenvoegsels.trim(), self.achternaam.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when the user typed nothing at all.
    pub fn is_blank(&self) -> bool {
        *self == Person::default()
    }
}

/// The course (or, for the waiting list, only the course type) chosen in step 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CourseChoice {
    /// The planned course (Opleiding); `None` = waiting list for the course type.
    pub opleiding_id: Option<String>,
    /// The course type (Opleidingssoort) the choice belongs to.
    pub opleidingssoort_id: String,
    /// What the user saw: name, code, start date, place.
    pub label: String,
    /// `aantalPlaatsenVrij` when known.
    pub free_seats: Option<i64>,
}

/// The company (`bedrijf`) the enrolment is for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Company {
    /// Company name (`naam`).
    #[serde(deserialize_with = "lenient_string")]
    pub naam: String,
    /// The company's e-mail address.
    #[serde(deserialize_with = "lenient_string")]
    pub emailadres: String,
    /// The company's phone number.
    #[serde(deserialize_with = "lenient_string")]
    pub telefoonnummer: String,
    /// The company's address.
    #[serde(deserialize_with = "deserialize_address")]
    pub adres: Address,
}

/// Invoice details (`debiteur`), optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Debtor {
    /// Account holder's name (`naamRekeninghouder`).
    #[serde(deserialize_with = "lenient_string")]
    pub naam_rekeninghouder: String,
    /// IBAN the invoice is paid from.
    #[serde(deserialize_with = "lenient_string")]
    pub iban: String,
    /// VAT number (`btwNummer`); empty when none.
    #[serde(deserialize_with = "lenient_string")]
    pub btw_nummer: String,
    /// Send the invoice to this e-mail address instead (`emailadresAnders`); empty: the usual one.
    #[serde(deserialize_with = "lenient_string")]
    pub emailadres_anders: String,
    /// True when a private person pays, not a company (`particulier`).
    pub particulier: bool,
}

/// A half-done or finished enrolment. Saved on every keystroke; the wizard's step is derived
/// from it ([`Draft::step`]), so it reopens where the user was.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Step 1: the chosen course or course type; `None` until chosen.
    pub course: Option<CourseChoice>,
    /// Step 2: who enrols whom; `None` until chosen.
    pub scenario: Option<Scenario>,
    /// The contact person (`contactpersoon`).
    pub contact: Person,
    /// The employees. In [`Scenario::ContactEnrolsSelfAndEmployees`] the contact person is NOT
    /// stored here; [`Draft::participants_for_payload`] adds a fresh copy.
    pub participants: Vec<Person>,
    /// The company; `None` when a private person enrols.
    pub company: Option<Company>,
    /// Invoice details; `None` when not given.
    pub debtor: Option<Debtor>,
    /// A free-text remark sent with the enrolment (`opmerking`).
    pub remark: String,
    /// `referentieNrKlant`; empty = the outbox generates one.
    pub reference: String,
    /// Steps the user has left with "Next" (contact, participants, company).
    pub confirmed: BTreeSet<Step>,
    /// The user has seen the review step and chose to send.
    pub reviewed: bool,
}

impl Draft {
    /// The persons that go into `deelnemers`, in payload order. Self-enrolment: none (only
    /// `contactpersoon` is sent). Scenario 3: the contact person first, always current.
    pub(crate) fn participants_for_payload(&self) -> Vec<Person> {
        match self.scenario {
            Some(Scenario::SelfEnrol) | None => Vec::new(),
            Some(Scenario::ContactEnrolsEmployees) => self.participants.clone(),
            Some(Scenario::ContactEnrolsSelfAndEmployees) => std::iter::once(self.contact.clone())
                .chain(self.participants.iter().cloned())
                .collect(),
        }
    }

    /// Who takes part, for display and seat counting (self-enrolment: the contact person).
    pub fn attendees(&self) -> Vec<Person> {
        match self.scenario {
            Some(Scenario::SelfEnrol) => vec![self.contact.clone()],
            _ => self.participants_for_payload(),
        }
    }

    /// `aantalPersonen`: the number of people taking part.
    pub fn number_of_people(&self) -> usize {
        self.attendees().len()
    }

    /// Maps an index in `deelnemers` to the index in [`Draft::participants`]; `None` for the
    /// contact person's derived copy in scenario 3.
    pub fn stored_participant_index(&self, payload_index: usize) -> Option<usize> {
        match self.scenario {
            Some(Scenario::ContactEnrolsSelfAndEmployees) => payload_index.checked_sub(1),
            _ => Some(payload_index),
        }
    }

    /// The steps this draft goes through (self-enrolment skips the participants step).
    pub fn steps(&self) -> Vec<Step> {
        Step::ALL
            .iter()
            .copied()
            .filter(|s| !(*s == Step::Participants && self.scenario == Some(Scenario::SelfEnrol)))
            .collect()
    }

    /// Gives the draft its `referentieNrKlant` (a generated one when the user left it empty)
    /// and returns it. Call it when the review step opens: the review then shows the exact body,
    /// and sending the same draft twice is refused by the outbox instead of enrolling twice.
    pub fn ensure_reference(&mut self) -> String {
        if self.reference.trim().is_empty() {
            self.reference = super::generate_reference(crate::clock::Clock::system().now_utc());
        }
        self.reference.trim().to_string()
    }

    /// Marks a step as left with "Next".
    pub fn confirm(&mut self, step: Step) {
        self.confirmed.insert(step);
    }

    /// Which step shows the field at a payload path (for a server 400 or a validation issue).
    pub fn step_of_field(&self, field: &str) -> Step {
        let head = field.split(['.', '[']).next().unwrap_or_default();
        match head {
            "opleidingen" => Step::Course,
            "scenario" => Step::Scenario,
            "contactpersoon" => Step::Contact,
            "deelnemers" | "aantalPersonen" => {
                let index = field
                    .strip_prefix("deelnemers[")
                    .and_then(|rest| rest.split(']').next())
                    .and_then(|n| n.parse::<usize>().ok());
                match index.map(|i| self.stored_participant_index(i)) {
                    Some(None) => Step::Contact,
                    _ if self.scenario == Some(Scenario::SelfEnrol) => Step::Contact,
                    _ => Step::Participants,
                }
            }
            "bedrijf" | "debiteur" | "referentieNrKlant" | "opmerking" => Step::Company,
            _ => Step::Review,
        }
    }
}

//! The contact persons and companies last used on this computer, offered first in the wizard.
//! Kept as JSON in the data folder (written by the worker); holds no secret.

use super::model::{Company, Person};
use serde::{Deserialize, Serialize};

/// How many of each are remembered.
pub const KEEP: usize = 8;

/// The recent file's name in the data folder.
pub const RECENT_FILE: &str = "recent-enrolments.json";

/// Recently used contact persons and companies, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recent {
    /// Recently used contact persons, newest first.
    pub contacts: Vec<Person>,
    /// Recently used companies, newest first.
    pub companies: Vec<Company>,
}

fn person_key(p: &Person) -> String {
    let email = p.emailadres.trim().to_lowercase();
    if email.is_empty() {
        p.display_name().to_lowercase()
    } else {
        email
    }
}

impl Recent {
    /// Reads the file's text; anything unreadable counts as empty (it is only a convenience).
    pub fn from_json(json: &str) -> Recent {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// Puts a contact person (and company) first, dropping an older copy and the oldest beyond
    /// [`KEEP`].
    pub fn remember(&mut self, contact: &Person, company: Option<&Company>) {
        if !contact.achternaam.trim().is_empty() {
            let key = person_key(contact);
            self.contacts.retain(|p| person_key(p) != key);
            self.contacts.insert(0, contact.clone());
            self.contacts.truncate(KEEP);
        }
        if let Some(company) = company.filter(|c| !c.naam.trim().is_empty()) {
            let key = company.naam.trim().to_lowercase();
            self.companies
                .retain(|c| c.naam.trim().to_lowercase() != key);
            self.companies.insert(0, company.clone());
            self.companies.truncate(KEEP);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_duplicates_and_bounded() {
        let mut recent = Recent::default();
        for i in 0..12 {
            let p = Person {
                achternaam: format!("N{i}"),
                emailadres: format!("p{i}@x.nl"),
                ..Person::default()
            };
            recent.remember(&p, None);
        }
        let again = recent.contacts[3].clone();
        let company = Company {
            naam: "De Vries BV".into(),
            ..Company::default()
        };
        recent.remember(&again, Some(&company));
        assert_eq!(recent.contacts.len(), KEEP);
        assert_eq!(recent.contacts[0], again);
        assert_eq!(recent.contacts.iter().filter(|p| **p == again).count(), 1);
        assert_eq!(recent.companies, vec![company]);
        let json = serde_json::to_string(&recent).unwrap();
        assert_eq!(Recent::from_json(&json), recent);
        assert_eq!(Recent::from_json("not json"), Recent::default());
    }
}

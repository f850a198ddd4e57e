//! Enrolments for tests: a real course of the simulator, a complete person, a valid draft.

use coachdesk::enrol::{Address, CourseChoice, Draft, Person, Scenario};
use coachdesk::resource::Resource;
use coachdesk::simulator::SimHandle;

/// A real course of the simulator with its course type.
pub fn course(sim: &SimHandle) -> CourseChoice {
    let opl = sim
        .all(Resource::Opleidingen)
        .into_iter()
        .find(|o| o["opleidingssoortId"].is_string())
        .unwrap();
    CourseChoice {
        opleiding_id: Some(opl["id"].as_str().unwrap().to_string()),
        opleidingssoort_id: opl["opleidingssoortId"].as_str().unwrap().to_string(),
        label: opl["naam"].as_str().unwrap_or("?").to_string(),
        free_seats: opl["aantalPlaatsenVrij"].as_i64(),
    }
}

/// A person with every field the wizard asks, e-mail `first.last@voorbeeld.nl`.
pub fn person(first: &str, last: &str) -> Person {
    Person {
        voornaam: first.into(),
        achternaam: last.into(),
        emailadres: format!(
            "{}.{}@voorbeeld.nl",
            first.to_lowercase(),
            last.to_lowercase().replace(' ', "")
        ),
        telefoonnummer: "030 123 45 67".into(),
        geboorte_datum: "12-03-1985".into(),
        adres: Address {
            adres1: "Kerkstraat 4".into(),
            postcode: "3511ab".into(),
            plaats: "Utrecht".into(),
            land_code: "NL".into(),
        },
        ..Person::default()
    }
}

/// A valid draft of `scenario` for a real course: contact Sanne Bakker, and (unless she enrols
/// herself) participants Joris Smit and Fatima El Amrani.
pub fn draft(sim: &SimHandle, scenario: Scenario) -> Draft {
    let mut d = Draft {
        course: Some(course(sim)),
        scenario: Some(scenario),
        contact: person("Sanne", "Bakker"),
        ..Draft::default()
    };
    if scenario != Scenario::SelfEnrol {
        d.participants = vec![person("Joris", "Smit"), person("Fatima", "El Amrani")];
    }
    d
}

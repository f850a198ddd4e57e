//! Known people: reading a `GET Personen` record into a form person, and checking that what the
//! server returned for `where=email1=…` really is that address before anyone trusts the match.

use super::model::{Address, Person};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many records are asked for per lookup (`take`); duplicates in Coachview exist,
/// more than a handful means the filter was not applied.
pub const LOOKUP_TAKE: u64 = 5;

/// The longest text a lookup sends (a pasted paragraph is not an e-mail address or a name).
const MAX_KEY_CHARS: usize = 120;

/// A person Coachview already knows, as the wizard offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownPerson {
    /// The form filled from the record, `persoon_id` set.
    pub person: Person,
    /// The company the record names, if it names one.
    pub company: Option<String>,
    /// `inactief` on the record.
    pub inactive: bool,
}

impl KnownPerson {
    /// "Anna Jansen (Bouwbedrijf De Vries BV, anna@…)" for the offer.
    pub fn summary(&self) -> String {
        let mut extra = Vec::new();
        if let Some(company) = &self.company {
            extra.push(company.clone());
        }
        if !self.person.emailadres.is_empty() {
            extra.push(self.person.emailadres.clone());
        }
        if extra.is_empty() {
            self.person.display_name()
        } else {
            format!("{} ({})", self.person.display_name(), extra.join(", "))
        }
    }
}

/// What a lookup is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PersonKey {
    /// `where=email1=…` (confirmed filter); the key is the lower-cased address.
    Email(String),
    /// `where=achternaam=…` (not confirmed: honoured only when every answer has that name).
    Name(String),
}

impl PersonKey {
    /// An e-mail key for `email`, when it is a plausible address (lower-cased, trimmed).
    pub fn email(email: &str) -> Option<PersonKey> {
        let e = email.trim().to_lowercase();
        (e.chars().count() <= MAX_KEY_CHARS && super::rules::is_valid_email(&e))
            .then_some(PersonKey::Email(e))
    }

    /// A name key, when there is a name to search for.
    /// Characters of the `where` language (`;`, `,`, `=`, `<`, `>`) are left out.
    pub fn name(name: &str) -> Option<PersonKey> {
        let n: String = name
            .chars()
            .filter(|c| !matches!(c, ';' | ',' | '=' | '<' | '>'))
            .collect();
        let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
        (!n.is_empty() && n.chars().count() <= MAX_KEY_CHARS).then_some(PersonKey::Name(n))
    }

    /// The filter field and value sent in `where`.
    pub fn filter(&self) -> (&'static str, &str) {
        match self {
            PersonKey::Email(e) => ("email1", e),
            PersonKey::Name(n) => ("achternaam", n),
        }
    }

    /// True when the record really carries this key (identity is proven, not assumed).
    fn matches(&self, record: &Value) -> bool {
        match self {
            PersonKey::Email(e) => text(record, "email1").eq_ignore_ascii_case(e),
            PersonKey::Name(n) => text(record, "achternaam").eq_ignore_ascii_case(n),
        }
    }
}

/// How a lookup ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    /// The records that really match (may be empty: nobody known).
    Found(Vec<KnownPerson>),
    /// 403: the client lacks `Personen.Lezen`; lookups are off for the session.
    NoScope,
    /// The server answered with records that do not match the filter (or refused it with 400):
    /// this kind of lookup does not work on this connection.
    NotHonoured,
    /// Any other failure (network, rate limit): the message's title, worded when shown.
    Failed(crate::i18n::Text),
}

/// The longest text taken from a record field (a hostile server could send megabytes).
const MAX_FIELD_CHARS: usize = 200;

fn text(v: &Value, key: &str) -> String {
    let s = match v.get(key) {
        Some(Value::String(s)) => s.trim(),
        Some(Value::Number(n)) => return n.to_string(),
        _ => return String::new(),
    };
    s.chars().take(MAX_FIELD_CHARS).collect()
}

fn nested(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for key in &path[..path.len().saturating_sub(1)] {
        match cur.get(key) {
            Some(next) => cur = next,
            None => return String::new(),
        }
    }
    path.last().map(|k| text(cur, k)).unwrap_or_default()
}

/// Reads a `Personen` record; `None` without an `id` (nothing to link to).
pub fn known_person(record: &Value) -> Option<KnownPerson> {
    let id = text(record, "id");
    if id.is_empty() {
        return None;
    }
    let adres = record.get("adres").filter(|a| a.is_object());
    let address = adres
        .map(|a| Address {
            adres1: text(a, "adres1"),
            postcode: text(a, "postcode"),
            plaats: text(a, "plaats"),
            land_code: match text(a, "landCode") {
                c if c.is_empty() => "NL".into(),
                c => c,
            },
        })
        .unwrap_or_default();
    let birth = super::rules::parse_date(&text(record, "geboortedatum"))
        .map(|d| d.format("%d-%m-%Y").to_string())
        .unwrap_or_default();
    let person = Person {
        voorletters: text(record, "voorletters"),
        voornaam: text(record, "voornaam"),
        tussenvoegsels: text(record, "tussenvoegsels"),
        achternaam: text(record, "achternaam"),
        emailadres: text(record, "email1"),
        telefoonnummer: text(record, "tel1"),
        geboorte_datum: birth,
        geslacht: text(record, "geslacht"),
        adres: address,
        persoon_id: id,
    };
    let company = [
        nested(record, &["bedrijf", "naam"]),
        text(record, "bedrijfsnaam"),
        nested(record, &["werkgever", "naam"]),
    ]
    .into_iter()
    .find(|s| !s.is_empty());
    Some(KnownPerson {
        person,
        company,
        inactive: record.get("inactief").and_then(Value::as_bool) == Some(true),
    })
}

/// Judges the records a lookup returned. Any record that does not carry the key means the
/// server ignored the filter: nothing from that answer is trusted.
pub fn judge(key: &PersonKey, records: &[Value]) -> Lookup {
    if records.iter().any(|r| !key.matches(r)) {
        return Lookup::NotHonoured;
    }
    let mut found: Vec<KnownPerson> = records.iter().filter_map(known_person).collect();
    // Active people first; a duplicate id is shown once.
    found.sort_by_key(|k| k.inactive);
    let mut seen = std::collections::HashSet::new();
    found.retain(|k| seen.insert(k.person.persoon_id.to_lowercase()));
    // A server that ignores `take` does not get to fill the screen.
    found.truncate(LOOKUP_TAKE as usize);
    Lookup::Found(found)
}

/// Fills `target` from a known person, keeping what the record leaves empty as typed.
pub fn apply_known(target: &mut Person, known: &Person) {
    let keep = |mine: &mut String, theirs: &str| {
        if !theirs.trim().is_empty() {
            *mine = theirs.trim().to_string();
        }
    };
    keep(&mut target.voorletters, &known.voorletters);
    keep(&mut target.voornaam, &known.voornaam);
    keep(&mut target.tussenvoegsels, &known.tussenvoegsels);
    keep(&mut target.achternaam, &known.achternaam);
    keep(&mut target.emailadres, &known.emailadres);
    keep(&mut target.telefoonnummer, &known.telefoonnummer);
    keep(&mut target.geboorte_datum, &known.geboorte_datum);
    keep(&mut target.geslacht, &known.geslacht);
    if !known.adres.is_blank() {
        target.adres = known.adres.clone();
    }
    target.persoon_id = known.persoon_id.clone();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn anna() -> Value {
        json!({"id": "p-1", "voornaam": "Anna", "achternaam": "Jansen", "email1": "Anna@Voorbeeld.nl",
               "tel1": "06-12345678", "geboortedatum": "1980-05-01T00:00:00",
               "adres": {"adres1": "Dorpsstraat 1", "postcode": "3511 AB", "plaats": "Utrecht"},
               "bedrijf": {"naam": "Bouwbedrijf De Vries BV"}, "inactief": false})
    }

    #[test]
    fn a_matching_record_becomes_a_known_person_with_its_id() {
        let key = PersonKey::email(" anna@voorbeeld.NL ").unwrap();
        let Lookup::Found(found) = judge(&key, &[anna()]) else {
            panic!("not found")
        };
        assert_eq!(found.len(), 1);
        let k = &found[0];
        assert_eq!(k.person.persoon_id, "p-1");
        assert_eq!(k.person.geboorte_datum, "01-05-1980");
        assert_eq!(k.person.adres.land_code, "NL");
        assert_eq!(
            k.summary(),
            "Anna Jansen (Bouwbedrijf De Vries BV, Anna@Voorbeeld.nl)"
        );
        let mut typed = Person {
            emailadres: "anna@voorbeeld.nl".into(),
            telefoonnummer: "0301234567".into(),
            ..Person::default()
        };
        let mut record = k.person.clone();
        record.telefoonnummer.clear();
        apply_known(&mut typed, &record);
        assert_eq!(typed.achternaam, "Jansen");
        assert_eq!(
            typed.telefoonnummer, "0301234567",
            "kept when the record has none"
        );
        assert_eq!(typed.persoon_id, "p-1");
    }

    #[test]
    fn an_ignored_filter_is_never_trusted() {
        let key = PersonKey::email("anna@voorbeeld.nl").unwrap();
        let other = json!({"id": "p-2", "achternaam": "Bakker", "email1": "piet@x.nl"});
        assert_eq!(judge(&key, &[anna(), other]), Lookup::NotHonoured);
        assert_eq!(judge(&key, &[]), Lookup::Found(Vec::new()));
        let by_name = PersonKey::name("  jansen ").unwrap();
        assert!(matches!(judge(&by_name, &[anna()]), Lookup::Found(f) if f.len() == 1));
    }

    #[test]
    fn keys_are_bounded_and_plausible() {
        assert_eq!(PersonKey::email("not an address"), None);
        assert_eq!(PersonKey::email(&format!("{}@x.nl", "a".repeat(200))), None);
        assert_eq!(PersonKey::name("   "), None);
        assert_eq!(
            PersonKey::name("de;Vries,x=1"),
            Some(PersonKey::Name("deVriesx1".into()))
        );
        assert_eq!(
            PersonKey::email("A@B.nl").unwrap().filter(),
            ("email1", "a@b.nl")
        );
    }

    #[test]
    fn hostile_answers_are_bounded() {
        let key = PersonKey::email("anna@voorbeeld.nl").unwrap();
        let many: Vec<Value> = (0..50)
            .map(|i| {
                json!({"id": format!("p{i}"), "email1": "anna@voorbeeld.nl",
                            "achternaam": "x".repeat(100_000)})
            })
            .collect();
        let Lookup::Found(found) = judge(&key, &many) else {
            panic!("not found")
        };
        assert_eq!(found.len(), LOOKUP_TAKE as usize);
        assert_eq!(found[0].person.achternaam.chars().count(), 200);
    }

    #[test]
    fn records_without_id_or_with_odd_shapes_do_not_panic() {
        assert!(known_person(&json!({"achternaam": "X"})).is_none());
        let odd = json!({"id": 7, "adres": "", "email1": null, "inactief": "ja"});
        let k = known_person(&odd).unwrap();
        assert_eq!(k.person.persoon_id, "7");
        assert!(!k.inactive);
    }
}

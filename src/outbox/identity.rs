//! Proving that a webaanvraag found by reference is *this* entry's enrolment before trusting it.
//!
//! A reference (`referentieNrKlant`) is the planner's own and may repeat (a PO number used
//! twice), so a record with the same reference proves nothing by itself. A candidate is this
//! entry's enrolment only when it was created after the entry's first attempt (a 2-minute margin
//! for clock skew), names the same course(s) and the same contact e-mail where it shows them,
//! and has the same number of people; and no other entry of this outbox has claimed it. A
//! candidate that contradicts any of these is not ours ("not found"). One that has the reference
//! and is new enough but lacks the fields to compare is *unconfirmed*: the entry is held for the
//! planner rather than posted twice or marked sent on a guess.

use super::transport::Created;
use crate::api::decode::{field, parse_datetime};
use chrono::{DateTime, Duration, Local, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// Clock skew tolerated between this computer and Coachview.
pub const CLOCK_MARGIN_SECS: i64 = 120;

/// What the entry says about its own enrolment.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The entry's `referentieNrKlant`.
    pub reference: String,
    /// Not created before this moment (minus the margin).
    pub not_before: DateTime<Utc>,
    /// `opleidingId` (else `opleidingssoortId`) of each course, lower case.
    pub courses: BTreeSet<String>,
    /// The contact person's e-mail, lower case.
    pub email: Option<String>,
    /// Acceptable values of `aantalDeelnemers`.
    pub people: BTreeSet<i64>,
}

/// The verdict on one candidate or on the whole lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Proven: this is the entry's enrolment.
    Same(Created),
    /// Nothing that could be ours.
    NotFound,
    /// Has the reference and is new enough, but cannot be compared.
    Unconfirmed(Created),
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn courses_of(list: &Value) -> Option<BTreeSet<String>> {
    let list = list.as_array()?;
    Some(
        list.iter()
            .filter_map(|c| {
                field(c, "opleidingId")
                    .and_then(text)
                    .or_else(|| field(c, "opleidingssoortId").and_then(text))
            })
            .collect(),
    )
}

fn email_of(record: &Value) -> Option<String> {
    [
        "contactpersoon.emailadres",
        "contactpersoon.email1",
        "contactpersoonEmailadres",
    ]
    .iter()
    .find_map(|p| field(record, p).and_then(text))
}

impl Expected {
    /// From the body that was posted and the time of the entry's first attempt.
    pub fn from_body(body: &Value, reference: &str, first_attempt: DateTime<Utc>) -> Expected {
        let deelnemers = field(body, "deelnemers")
            .and_then(Value::as_array)
            .map(Vec::len);
        let mut people = BTreeSet::new();
        people.insert(deelnemers.unwrap_or(0).max(1) as i64);
        if let Some(n) = field(body, "aantalPersonen").and_then(Value::as_i64) {
            people.insert(n);
        }
        Expected {
            reference: reference.to_string(),
            not_before: first_attempt - Duration::seconds(CLOCK_MARGIN_SECS),
            courses: field(body, "opleidingen")
                .and_then(courses_of)
                .unwrap_or_default(),
            email: email_of(body),
            people,
        }
    }
}

/// Coachview writes local times without a zone; read them as this computer's local time.
/// An absurd year (a hostile server) cannot be compared: `None`.
fn as_utc(t: NaiveDateTime) -> Option<DateTime<Utc>> {
    use chrono::Datelike;
    if !(1900..=9999).contains(&t.year()) {
        return None;
    }
    Local
        .from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Judges one candidate record.
pub fn judge(expected: &Expected, record: &Value) -> Verdict {
    let created = Created::from_record(record);
    if field(record, "referentieNrKlant").and_then(Value::as_str)
        != Some(expected.reference.as_str())
    {
        return Verdict::NotFound;
    }
    let made = field(record, "auditTrail.aangemaaktDatumTijd")
        .and_then(Value::as_str)
        .and_then(parse_datetime)
        .and_then(as_utc);
    match made {
        Some(t) if t < expected.not_before => return Verdict::NotFound,
        Some(_) => {}
        None => return Verdict::Unconfirmed(created),
    }
    let mut compared = 0;
    if let Some(courses) = field(record, "opleidingen").and_then(courses_of) {
        if courses != expected.courses {
            return Verdict::NotFound;
        }
        compared += 1;
    }
    if let (Some(theirs), Some(ours)) = (email_of(record), &expected.email) {
        if &theirs != ours {
            return Verdict::NotFound;
        }
        compared += 1;
    }
    let people = field(record, "aantalDeelnemers").and_then(Value::as_i64);
    match people {
        Some(n) if !expected.people.contains(&n) => Verdict::NotFound,
        Some(_) if compared > 0 => Verdict::Same(created),
        _ => Verdict::Unconfirmed(created),
    }
}

/// The oldest proven candidate not claimed by another entry; else an unconfirmed one; else
/// not found.
pub fn pick(expected: &Expected, candidates: &[Value], claimed: &HashSet<String>) -> Verdict {
    let mut same: Vec<(Option<NaiveDateTime>, Created)> = Vec::new();
    let mut unconfirmed = None;
    for record in candidates {
        match judge(expected, record) {
            Verdict::Same(c) if c.id.as_ref().is_none_or(|id| !claimed.contains(id)) => {
                let made = field(record, "auditTrail.aangemaaktDatumTijd")
                    .and_then(Value::as_str)
                    .and_then(parse_datetime);
                same.push((made, c));
            }
            Verdict::Unconfirmed(c) if c.id.as_ref().is_none_or(|id| !claimed.contains(id)) => {
                unconfirmed.get_or_insert(c);
            }
            _ => {}
        }
    }
    same.sort_by_key(|(made, _)| *made);
    match same.into_iter().next() {
        Some((_, c)) => Verdict::Same(c),
        None => unconfirmed.map_or(Verdict::NotFound, Verdict::Unconfirmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn local(t: DateTime<Utc>) -> String {
        t.with_timezone(&Local)
            .naive_local()
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string()
    }

    fn record(id: &str, made: DateTime<Utc>, course: &str, people: i64) -> Value {
        json!({"id": id, "nummer": 7, "referentieNrKlant": "PO-1", "aantalDeelnemers": people,
               "opleidingen": [{"opleidingId": course, "opleidingssoortId": null}],
               "auditTrail": {"aangemaaktDatumTijd": local(made)}})
    }

    #[test]
    fn only_a_proven_candidate_is_ours() {
        let t0 = Utc::now();
        let body = json!({"referentieNrKlant": "PO-1", "aantalPersonen": 1,
            "contactpersoon": {"emailadres": "A@x.nl"},
            "opleidingen": [{"opleidingId": "C1", "opleidingssoortId": "S1"}]});
        let e = Expected::from_body(&body, "PO-1", t0);
        let old = record("old", t0 - Duration::days(30), "C1", 1);
        let other_course = record("oc", t0 + Duration::seconds(5), "C2", 1);
        let more_people = record("mp", t0 + Duration::seconds(5), "C1", 3);
        let ours = record("ours", t0 + Duration::seconds(5), "C1", 1);
        assert_eq!(judge(&e, &old), Verdict::NotFound);
        assert_eq!(judge(&e, &other_course), Verdict::NotFound);
        assert_eq!(judge(&e, &more_people), Verdict::NotFound);
        assert!(matches!(judge(&e, &ours), Verdict::Same(_)));
        let mut wrong_mail = ours.clone();
        wrong_mail["contactpersoon"] = json!({"emailadres": "b@x.nl"});
        assert_eq!(judge(&e, &wrong_mail), Verdict::NotFound);
        let bare = json!({"id": "b", "nummer": 8, "referentieNrKlant": "PO-1",
            "aantalDeelnemers": 1, "auditTrail": {"aangemaaktDatumTijd": local(t0)}});
        assert!(matches!(judge(&e, &bare), Verdict::Unconfirmed(_)));
        let claimed: HashSet<String> = ["ours".to_string()].into();
        assert_eq!(
            pick(&e, &[old.clone(), ours.clone()], &claimed),
            Verdict::NotFound
        );
        assert!(matches!(
            pick(&e, &[old, ours], &HashSet::new()),
            Verdict::Same(Created { id: Some(id), .. }) if id == "ours"
        ));
    }
}

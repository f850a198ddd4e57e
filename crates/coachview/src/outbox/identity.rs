//! Proving that a webaanvraag found by reference is *this* entry's enrolment before trusting it.
//!
//! A reference (`referentieNrKlant`) is the planner's own and may repeat (a PO number used
//! twice), so a record with the same reference proves nothing by itself. A candidate is this
//! entry's enrolment only when it names the same course(s) and the same contact e-mail where it
//! shows them, has the same number of people, was not made before the entry's first attempt,
//! and no other entry of this outbox has claimed it. A candidate that contradicts any of these
//! is not ours ("not found"). One that has the reference but lacks the fields to compare, or
//! whose time can only be ours in an unusual server time zone, is *unconfirmed*: the entry is
//! held for the planner rather than posted twice or marked sent on a guess.
//!
//! Time never decides on this computer's clock or zone alone. Coachview writes local times
//! without a zone, and the PC may be in another zone or minutes off: the first attempt is moved
//! onto the server's clock with the offset learned from the lookup's `Date` header, and a made
//! time is read in every plausible server zone (UTC to UTC+2, the Netherlands' CET/CEST, and
//! this PC's own). Only a record made before the first attempt in *all* of them is "too old";
//! one that is new enough only in some far zone (UTC-12 to UTC+14) is unconfirmed.

use super::transport::Created;
use crate::api::decode::{field, parse_datetime};
use chrono::{DateTime, Duration, Local, NaiveDateTime, Offset, TimeZone, Utc};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// Clock skew tolerated between this computer and Coachview when the server told its time.
pub const CLOCK_MARGIN_SECS: i64 = 120;
/// Clock skew tolerated when the answer carried no `Date` header.
pub const UNKNOWN_CLOCK_MARGIN_SECS: i64 = 30 * 60;
/// The westmost zone a server could write its local times in (UTC-12).
const FARTHEST_WEST_SECS: i64 = -12 * 3600;

/// The server's clock as one lookup showed it: how far it is ahead of this computer's.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServerClock {
    /// Server time minus this computer's time (`None`: the answer had no `Date`).
    pub skew: Option<Duration>,
}

impl ServerClock {
    /// From the lookup's `Date` header and the moment its answer arrived here.
    pub fn from_date(server_now: Option<DateTime<Utc>>, received_at: DateTime<Utc>) -> ServerClock {
        ServerClock {
            skew: server_now.map(|s| s - received_at),
        }
    }

    /// A moment of this computer's clock on the server's clock, and the margin left.
    fn on_server(&self, t: DateTime<Utc>) -> (DateTime<Utc>, Duration) {
        match self.skew {
            // The `Date` header has whole seconds: a second more of margin.
            Some(skew) => (t + skew, Duration::seconds(CLOCK_MARGIN_SECS + 1)),
            None => (t, Duration::seconds(UNKNOWN_CLOCK_MARGIN_SECS)),
        }
    }
}

/// What the entry says about its own enrolment.
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    /// The entry's `referentieNrKlant`.
    pub reference: String,
    /// The entry's first attempt, on this computer's clock: not created before it.
    pub first_attempt: DateTime<Utc>,
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
            first_attempt,
            courses: field(body, "opleidingen")
                .and_then(courses_of)
                .unwrap_or_default(),
            email: email_of(body),
            people,
        }
    }
}

/// How a made time compares with the first attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Age {
    /// New enough in a plausible server zone.
    New,
    /// New enough only in a far zone.
    OnlyFarAway,
    /// Made before the first attempt in every zone.
    Old,
}

/// The lowest plausible UTC offset of the server's local times around `t`: UTC, CET/CEST (both
/// at or above UTC), or this computer's own zone when it lies west of UTC.
fn lowest_plausible_offset(t: NaiveDateTime) -> Duration {
    let local = Local
        .offset_from_local_datetime(&t)
        .earliest()
        .map_or(0, |o| i64::from(o.fix().local_minus_utc()));
    Duration::seconds(local.min(0))
}

fn age(made: NaiveDateTime, first_attempt: DateTime<Utc>, clock: &ServerClock) -> Option<Age> {
    use chrono::Datelike;
    // An absurd year (a hostile server) cannot be compared.
    if !(1900..=9999).contains(&made.year()) {
        return None;
    }
    let (first, margin) = clock.on_server(first_attempt);
    let bound = first - margin;
    // Read as UTC, then moved by the offset that makes it newest: made - offset.
    let as_utc = Utc.from_utc_datetime(&made);
    Some(if as_utc - lowest_plausible_offset(made) >= bound {
        Age::New
    } else if as_utc - Duration::seconds(FARTHEST_WEST_SECS) >= bound {
        Age::OnlyFarAway
    } else {
        Age::Old
    })
}

/// Judges one candidate record, with the server's clock as the lookup showed it.
pub fn judge(expected: &Expected, record: &Value, clock: &ServerClock) -> Verdict {
    let created = Created::from_record(record);
    if field(record, "referentieNrKlant").and_then(Value::as_str)
        != Some(expected.reference.as_str())
    {
        return Verdict::NotFound;
    }
    let made = field(record, "auditTrail.aangemaaktDatumTijd")
        .and_then(Value::as_str)
        .and_then(parse_datetime)
        .and_then(|m| age(m, expected.first_attempt, clock));
    let sure_of_time = match made {
        Some(Age::Old) => return Verdict::NotFound,
        Some(Age::New) => true,
        Some(Age::OnlyFarAway) | None => false,
    };
    // Fields that do not involve time come first: any contradiction means "not ours".
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
        Some(_) if compared > 0 && sure_of_time => Verdict::Same(created),
        _ => Verdict::Unconfirmed(created),
    }
}

/// The oldest proven candidate not claimed by another entry; else an unconfirmed one; else
/// not found.
pub fn pick(
    expected: &Expected,
    candidates: &[Value],
    claimed: &HashSet<String>,
    clock: &ServerClock,
) -> Verdict {
    let mut same: Vec<(Option<NaiveDateTime>, Created)> = Vec::new();
    let mut unconfirmed = None;
    for record in candidates {
        match judge(expected, record, clock) {
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
        let t0 = crate::clock::Clock::system().now_utc();
        let body = json!({"referentieNrKlant": "PO-1", "aantalPersonen": 1,
            "contactpersoon": {"emailadres": "A@x.nl"},
            "opleidingen": [{"opleidingId": "C1", "opleidingssoortId": "S1"}]});
        let e = Expected::from_body(&body, "PO-1", t0);
        let old = record("old", t0 - Duration::days(30), "C1", 1);
        let other_course = record("oc", t0 + Duration::seconds(5), "C2", 1);
        let more_people = record("mp", t0 + Duration::seconds(5), "C1", 3);
        let ours = record("ours", t0 + Duration::seconds(5), "C1", 1);
        let c = ServerClock::from_date(
            Some(crate::clock::Clock::system().now_utc()),
            crate::clock::Clock::system().now_utc(),
        );
        assert_eq!(judge(&e, &old, &c), Verdict::NotFound);
        assert_eq!(judge(&e, &other_course, &c), Verdict::NotFound);
        assert_eq!(judge(&e, &more_people, &c), Verdict::NotFound);
        assert!(matches!(judge(&e, &ours, &c), Verdict::Same(_)));
        let mut wrong_mail = ours.clone();
        wrong_mail["contactpersoon"] = json!({"emailadres": "b@x.nl"});
        assert_eq!(judge(&e, &wrong_mail, &c), Verdict::NotFound);
        let bare = json!({"id": "b", "nummer": 8, "referentieNrKlant": "PO-1",
            "aantalDeelnemers": 1, "auditTrail": {"aangemaaktDatumTijd": local(t0)}});
        assert!(matches!(judge(&e, &bare, &c), Verdict::Unconfirmed(_)));
        let claimed: HashSet<String> = ["ours".to_string()].into();
        assert_eq!(
            pick(&e, &[old.clone(), ours.clone()], &claimed, &c),
            Verdict::NotFound
        );
        assert!(matches!(
            pick(&e, &[old, ours], &HashSet::new(), &c),
            Verdict::Same(Created { id: Some(id), .. }) if id == "ours"
        ));
    }

    /// Coachview's local time (no zone) for a moment, in a zone `hours` east of UTC.
    fn zoned(t: DateTime<Utc>, hours: i64) -> String {
        (t + Duration::hours(hours))
            .naive_utc()
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string()
    }

    fn made_at(text: String) -> Value {
        json!({"id": "w", "nummer": 9, "referentieNrKlant": "PO-1", "aantalDeelnemers": 1,
               "opleidingen": [{"opleidingId": "C1"}], "auditTrail": {"aangemaaktDatumTijd": text}})
    }

    #[test]
    fn the_server_zone_and_a_skewed_clock_do_not_make_our_enrolment_someone_elses() {
        let truth = crate::clock::Clock::system().now_utc();
        let body = json!({"opleidingen": [{"opleidingId": "C1"}]});
        // This PC's clock runs 7 minutes ahead; its first attempt is stamped by that clock.
        let ahead = Duration::minutes(7);
        let e = Expected::from_body(&body, "PO-1", truth + ahead);
        // The server (Amsterdam, UTC+1, or UTC+2 in summer) stored it a second later and says
        // in its `Date` header what time it is.
        let clock = ServerClock::from_date(
            Some(truth + Duration::seconds(30)),
            truth + ahead + Duration::seconds(30),
        );
        for hours in [0, 1, 2] {
            let ours = made_at(zoned(truth + Duration::seconds(1), hours));
            assert!(
                matches!(judge(&e, &ours, &clock), Verdict::Same(_)),
                "UTC+{hours}"
            );
        }
        // Made three hours before the first attempt, in Amsterdam time: too old for UTC to
        // UTC+2, but it would be new for a server in UTC-4, so it cannot be ruled out: held.
        // (On a PC more than 2 hours west of UTC, its own zone is plausible: then it may be ours.)
        let earlier = judge(&e, &made_at(zoned(truth - Duration::hours(3), 1)), &clock);
        if lowest_plausible_offset(truth.naive_utc()) > Duration::hours(-2) {
            assert!(matches!(earlier, Verdict::Unconfirmed(_)), "{earlier:?}");
        } else {
            assert!(matches!(earlier, Verdict::Same(_)), "{earlier:?}");
        }
        // Made fifteen hours before: too old in every zone.
        let old = made_at(zoned(truth - Duration::hours(15), 1));
        assert_eq!(judge(&e, &old, &clock), Verdict::NotFound);
        // A server eight hours west of UTC: its record may be ours; held, never re-posted.
        let west = made_at(zoned(truth + Duration::seconds(1), -8));
        if lowest_plausible_offset(crate::clock::Clock::system().now_utc().naive_utc())
            > Duration::hours(-8)
        {
            assert!(matches!(judge(&e, &west, &clock), Verdict::Unconfirmed(_)));
        }
        // Last month is old in every zone.
        let last_month = made_at(zoned(truth - Duration::days(30), 14));
        assert_eq!(judge(&e, &last_month, &clock), Verdict::NotFound);
        // Without a `Date` header, minutes of skew are tolerated.
        let unknown = ServerClock::default();
        assert!(matches!(
            judge(&e, &made_at(zoned(truth, 0)), &unknown),
            Verdict::Same(_)
        ));
    }
}

//! The outbox against reused references, slow servers and damaged rows: a reconcile proves
//! identity, waits a minute after an unclear failure, and one bad row never blocks the rest.

use chrono::Duration;
use coachdesk::api::{ApiError, ApiErrorKind, ReferenceLookup};
use coachdesk::outbox::{Created, HoldReason, Outbox, Status, Transport};
use serde_json::{Value, json};

mod outbox_fake;
use outbox_fake::*;

fn lost() -> Reply {
    Reply::Fail(ApiErrorKind::Network {
        detail: "connection reset".into(),
        maybe_sent: true,
    })
}

fn lost_after_commit() -> Reply {
    Reply::CommitThenFail(ApiErrorKind::Timeout { maybe_sent: true })
}

#[tokio::test]
async fn an_older_webaanvraag_with_the_same_reference_is_not_this_enrolment() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    // Last month the planner used PO-2024 for the same course and contact.
    let mut old = body("A");
    old["referentieNrKlant"] = json!("PO-2024");
    fake.store_at(
        &old,
        coachdesk::clock::Clock::system().now_utc() - Duration::days(30),
    );
    // Today's POST with the same reference is lost before Coachview stored it.
    fake.script_posts(&[lost()]);
    let id = o.enqueue(body("A"), Some("PO-2024".into())).unwrap();
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert!(o.get(id).unwrap().maybe_sent);
    let report = flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
    )
    .await;
    assert_eq!(fake.lookups(), 1);
    // Not "found" in last month's record: posted again, and now it is really there.
    assert_eq!((report.sent, report.reconciled), (1, 0));
    assert_eq!(fake.posts(), 2);
    assert_eq!(fake.stored_references(), ["PO-2024", "PO-2024"]);
    assert_eq!(
        o.get(id).unwrap().status,
        Status::Sent {
            nummer: "1002".into(),
            reconciled: false
        }
    );
}

#[tokio::test]
async fn a_record_for_another_course_or_more_people_is_not_this_enrolment() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let mut other_course = body("A");
    other_course["referentieNrKlant"] = json!("PO-7");
    other_course["opleidingen"] = json!([{"opleidingId": "o2", "opleidingssoortId": "s1"}]);
    let mut more_people = body("A");
    more_people["referentieNrKlant"] = json!("PO-7");
    more_people["deelnemers"] = json!([{"achternaam": "X"}, {"achternaam": "Y"}]);
    fake.script_posts(&[lost()]);
    let id = o.enqueue(body("A"), Some("PO-7".into())).unwrap();
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    // Meanwhile someone else enrolled with the same PO number (after our first attempt).
    fake.store_at(&other_course, coachdesk::clock::Clock::system().now_utc());
    fake.store_at(&more_people, coachdesk::clock::Clock::system().now_utc());
    flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
    )
    .await;
    assert_eq!(fake.posts(), 2, "neither record proves ours arrived");
    assert!(matches!(
        o.get(id).unwrap().status,
        Status::Sent {
            reconciled: false,
            ..
        }
    ));
}

#[tokio::test]
async fn two_entries_with_one_reference_each_claim_their_own_webaanvraag() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[lost_after_commit(), lost_after_commit()]);
    let a = o.enqueue(body("A"), Some("PO-9".into())).unwrap();
    let b = o.enqueue(body("A"), Some("PO-9".into())).unwrap();
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!(fake.stored_references().len(), 2);
    let report = flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
    )
    .await;
    assert_eq!((report.sent, report.reconciled), (2, 2));
    assert_eq!(fake.posts(), 2, "nothing posted twice");
    let nummer = |id| match o.get(id).unwrap().status {
        Status::Sent { nummer, .. } => nummer,
        other => panic!("{other:?}"),
    };
    let (na, nb) = (nummer(a), nummer(b));
    assert_ne!(na, nb, "one webaanvraag stands for one entry");
}

/// A Coachview whose webaanvragen show only the reference, people and made time.
struct Bare(Fake);

impl Transport for Bare {
    async fn post(&self, body: &Value) -> Result<Created, ApiError> {
        self.0.post(body).await
    }
    async fn find_by_reference(&self, reference: &str) -> Result<ReferenceLookup, ApiError> {
        let records = self
            .0
            .records_with(reference)?
            .into_iter()
            .map(|mut r| {
                let m = r.as_object_mut().unwrap();
                m.remove("opleidingen");
                m.remove("contactpersoon");
                r
            })
            .collect();
        Ok(ReferenceLookup::Found {
            records,
            server_now: Some(coachdesk::clock::Clock::system().now_utc()),
            received_at: coachdesk::clock::Clock::system().now_utc(),
        })
    }
}

#[tokio::test]
async fn a_match_that_cannot_be_proven_is_held_not_posted_twice() {
    let (_dir, _path, o) = temp_outbox();
    let bare = Bare(Fake::default());
    bare.0.script_posts(&[lost_after_commit()]);
    let id = o.enqueue(body("A"), Some("PO-3".into())).unwrap();
    o.flush_due(
        &bare,
        coachdesk::clock::Clock::system().now_utc(),
        &coachdesk::cancel::Cancel::new(),
    )
    .await
    .unwrap();
    let report = o
        .flush_due(
            &bare,
            coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
            &coachdesk::cancel::Cancel::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.held, 1);
    assert_eq!(bare.0.posts(), 1);
    assert_eq!(
        o.get(id).unwrap().status,
        Status::Held {
            reason: HoldReason::Unconfirmed {
                nummer: "1001".into()
            }
        }
    );
    // The planner looked in Coachview and chose "send now": posted once more, on purpose.
    o.send_now(id, &bare, coachdesk::clock::Clock::system().now_utc())
        .await
        .unwrap();
    assert_eq!(bare.0.posts(), 2);
}

#[tokio::test]
async fn after_a_slow_timeout_the_lookup_waits_a_minute_from_the_failure() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let slow = std::time::Duration::from_millis(1_500);
    fake.script_posts(&[Reply::SlowFail(
        slow,
        ApiErrorKind::Timeout { maybe_sent: true },
    )]);
    let id = o.enqueue(body("A"), None).unwrap();
    let started = coachdesk::clock::Clock::system().now_utc();
    flush(&o, &fake, started).await;
    let e = o.get(id).unwrap();
    let next = e.next_try_at.unwrap();
    assert!(
        next >= started + Duration::milliseconds(1_499) + Duration::seconds(60),
        "counted from the failure, not the start of the flush: {next} vs {started}"
    );
    // Neither "send everything now" nor "send now" looks it up before then.
    o.make_all_due().unwrap();
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    o.send_now(id, &fake, coachdesk::clock::Clock::system().now_utc())
        .await
        .unwrap();
    assert_eq!((fake.posts(), fake.lookups()), (1, 0));
    assert_eq!(o.get(id).unwrap().status, Status::Pending);
    flush(&o, &fake, next).await;
    assert_eq!((fake.posts(), fake.lookups()), (2, 1));
}

#[tokio::test]
async fn a_damaged_row_is_shown_kept_and_does_not_block_the_others() {
    let (_dir, path, o) = temp_outbox();
    let fake = Fake::default();
    let a = o.enqueue(body("A"), None).unwrap();
    let b = o.enqueue(body("B"), None).unwrap();
    let c = o.enqueue(body("C"), None).unwrap();
    drop(o);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE entries SET body = '{broken', status_json = 'x' WHERE id = ?1",
        [b],
    )
    .unwrap();
    let o = Outbox::open(&path).unwrap();
    let list = o.list().unwrap();
    assert_eq!(list.len(), 3);
    assert!(matches!(list[1].status, Status::Damaged { .. }), "{list:?}");
    assert_eq!(list[1].id, b);
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!((report.sent, report.damaged), (2, 1));
    for id in [a, c] {
        assert!(matches!(o.get(id).unwrap().status, Status::Sent { .. }));
    }
    let kept: String = raw
        .query_row("SELECT body FROM entries WHERE id = ?1", [b], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "{broken", "its bytes are kept as they were");
    assert!(o.next_due_at().is_ok());
}

#[cfg(unix)]
#[test]
fn the_outbox_file_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path, o) = temp_outbox();
    o.enqueue(body("A"), None).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir = std::fs::metadata(path.parent().unwrap()).unwrap();
    assert_eq!(dir.permissions().mode() & 0o777, 0o700);
}

#[test]
fn the_same_enrolment_is_the_same_entry() {
    let (_dir, _path, o) = temp_outbox();
    let (first, existed) = o.enqueue_unique(body("A"), None, false).unwrap();
    assert!(!existed);
    // The same content written another way (indented, CRLF line ends) is the same enrolment.
    let pretty = serde_json::to_string_pretty(&body("A"))
        .unwrap()
        .replace('\n', "\r\n");
    let same: Value = serde_json::from_str(&pretty).unwrap();
    let (second, existed) = o.enqueue_unique(same, None, false).unwrap();
    assert!(existed);
    assert_eq!(first, second);
    assert_eq!(o.list().unwrap().len(), 1);
    // Another person is another enrolment.
    let (third, existed) = o.enqueue_unique(body("B"), None, false).unwrap();
    assert!(!existed);
    assert_ne!(third, first);
}

/// A transport whose token request fails with a 500.
struct TokenDown;

impl Transport for TokenDown {
    async fn post(&self, _: &Value) -> Result<Created, ApiError> {
        Err(ApiError::new(
            ApiErrorKind::Server { status: 500 },
            Some(500),
            "POST",
            "/auth/connect/token",
            "",
        ))
    }
    async fn find_by_reference(&self, _: &str) -> Result<ReferenceLookup, ApiError> {
        panic!("nothing to look up: the POST never left")
    }
}

#[tokio::test]
async fn a_failed_token_request_means_the_post_never_left() {
    let (_dir, _path, o) = temp_outbox();
    let id = o.enqueue(body("A"), None).unwrap();
    o.flush_due(
        &TokenDown,
        coachdesk::clock::Clock::system().now_utc(),
        &coachdesk::cancel::Cancel::new(),
    )
    .await
    .unwrap();
    assert!(!o.get(id).unwrap().maybe_sent);
}

#[tokio::test]
async fn a_413_needs_a_fix_and_a_redirect_is_held_as_maybe_sent() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[Reply::Fail(ApiErrorKind::Unexpected { status: 413 })]);
    let id = o.enqueue(body("A"), None).unwrap();
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!(report.needs_fix, 1);
    assert!(matches!(o.get(id).unwrap().status, Status::NeedsFix { .. }));
    flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::days(1),
    )
    .await;
    assert_eq!(fake.posts(), 1, "not re-posted on every flush");

    fake.script_posts(&[Reply::Fail(ApiErrorKind::Unexpected { status: 302 })]);
    let b = o.enqueue(body("B"), None).unwrap();
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    let e = o.get(b).unwrap();
    assert!(matches!(e.status, Status::Held { .. }), "{e:?}");
    assert!(
        e.maybe_sent,
        "a redirect is not success, and may have arrived"
    );
}

#[tokio::test]
async fn a_post_that_keeps_getting_500_is_held_after_five_and_only_send_now_tries_again() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let five_hundred = Reply::Fail(ApiErrorKind::Server { status: 500 });
    fake.script_posts(&vec![five_hundred; 7]);
    let id = o.enqueue(body("A"), Some("PO-500".into())).unwrap();
    // A day of flushes, each long after the backoff and the lookup delay.
    for hour in 0..24 {
        flush(
            &o,
            &fake,
            coachdesk::clock::Clock::system().now_utc() + Duration::hours(hour),
        )
        .await;
    }
    assert_eq!(fake.posts(), coachdesk::outbox::MAX_SERVER_ERRORS as usize);
    let e = o.get(id).unwrap();
    let Status::Held {
        reason:
            reason @ HoldReason::ServerErrors {
                status: 500,
                tries: 5,
                ..
            },
    } = &e.status
    else {
        panic!("{e:?}");
    };
    let words = reason.text(coachdesk::i18n::Lang::En);
    assert!(
        words.contains("support@coachview.net") && words.contains("PO-500"),
        "{words}"
    );
    // A new run (the command line releases holds for new credentials) does not retry it.
    o.release_held().unwrap();
    flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::days(2),
    )
    .await;
    assert_eq!(fake.posts(), 5);
    // "Send now" tries once more (after checking that none of the 500s stored it).
    o.send_now(
        id,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::days(2),
    )
    .await
    .unwrap();
    assert_eq!(fake.posts(), 6);
    assert!(matches!(o.get(id).unwrap().status, Status::Held { .. }));
}

#[tokio::test]
async fn an_out_of_range_attempts_value_is_damaged_and_the_others_are_sent() {
    let (_dir, path, o) = temp_outbox();
    let fake = Fake::default();
    let a = o.enqueue(body("A"), None).unwrap();
    let b = o.enqueue(body("B"), None).unwrap();
    let c = o.enqueue(body("C"), None).unwrap();
    drop(o);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE entries SET attempts = 99999999999 WHERE id = ?1",
        [a],
    )
    .unwrap();
    // Values of the wrong type in columns only a reconcile or a failure reads.
    raw.execute(
        "UPDATE entries SET server_id = 7, maybe_sent = 1, maybe_sent_at = 42,
             first_attempt_at = x'00' WHERE id = ?1",
        [c],
    )
    .unwrap();
    let o = Outbox::open(&path).unwrap();
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!((report.sent, report.damaged), (1, 1), "{report:?}");
    // `c` may have arrived: looked up a minute after its failure, then posted.
    let report = flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
    )
    .await;
    assert_eq!((report.sent, report.damaged), (1, 1), "{report:?}");
    assert_eq!(fake.lookups(), 1);
    for id in [b, c] {
        assert!(matches!(o.get(id).unwrap().status, Status::Sent { .. }));
    }
    let listed = o.list().unwrap();
    let Status::Damaged { problem } = &listed[0].status else {
        panic!("{:?}", listed[0]);
    };
    let words = listed[0].status.text(coachdesk::i18n::Lang::En);
    assert!(
        words.starts_with("Damaged") && !words.contains("disk"),
        "{words} ({problem})"
    );
    assert_eq!(fake.posts(), 2);
}

#[tokio::test]
async fn a_drain_waits_for_the_lookup_delay_within_its_bound_and_no_longer() {
    use std::sync::Mutex;
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[lost_after_commit()]);
    let id = o.enqueue(body("A"), None).unwrap();
    // A clock the waits move on, instead of sleeping.
    let clock = Mutex::new(coachdesk::clock::Clock::system().now_utc());
    let waits = Mutex::new(Vec::new());
    let report = o
        .drain(
            &fake,
            true,
            Duration::seconds(30),
            || *clock.lock().unwrap(),
            |w| {
                waits.lock().unwrap().push(w);
                async {}
            },
            &coachdesk::cancel::Cancel::new(),
        )
        .await
        .unwrap();
    assert!(
        waits.lock().unwrap().is_empty(),
        "the lookup is a minute away: beyond 30 s"
    );
    assert_eq!((report.open, fake.lookups()), (1, 0));
    let report = o
        .drain(
            &fake,
            true,
            Duration::seconds(120),
            || *clock.lock().unwrap(),
            |w| {
                waits.lock().unwrap().push(w);
                *clock.lock().unwrap() = w.until;
                async {}
            },
            &coachdesk::cancel::Cancel::new(),
        )
        .await
        .unwrap();
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert_eq!(waits[0].entries, 1);
    assert!(waits[0].length <= Duration::seconds(61), "{waits:?}");
    assert_eq!((report.sent, report.reconciled, report.open), (1, 1, 0));
    assert_eq!(fake.posts(), 1);
    assert!(matches!(
        o.get(id).unwrap().status,
        Status::Sent {
            reconciled: true,
            ..
        }
    ));
}

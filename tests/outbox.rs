//! Outbox state machine against a scripted fake Coachview: every status path, reconciling, crash recovery.

use chrono::{DateTime, Duration};
use coachdesk::api::ApiErrorKind;
use coachdesk::cancel::Cancel;
use coachdesk::outbox::{
    Failure, HoldReason, Outbox, OutboxError, Status, StopReason, backoff_delay,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

mod outbox_fake;
use outbox_fake::*;

#[tokio::test]
async fn an_enqueued_entry_is_on_disk_with_a_generated_reference() {
    let (_dir, path, o) = temp_outbox();
    let id = o.enqueue(body("Jansen"), None).unwrap();
    drop(o);
    let reopened = Outbox::open(&path).unwrap();
    let e = reopened.get(id).unwrap();
    assert_eq!(e.status, Status::Pending);
    let parts: Vec<&str> = e.reference.split('-').collect();
    assert_eq!(parts.len(), 3, "{}", e.reference);
    assert_eq!(parts[0], "CD");
    assert_eq!(
        parts[1],
        coachdesk::clock::Clock::system()
            .now_utc()
            .format("%Y%m%d")
            .to_string()
    );
    assert!(parts[2].len() == 8 && parts[2].chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(e.body["referentieNrKlant"], e.reference.as_str());
    assert_eq!(e.body["contactpersoon"]["achternaam"], "Jansen");
    // A user's own reference is kept, and may be used again (a PO number for two
    // enrolments): each is its own entry.
    let own = reopened.enqueue(body("B"), Some("PO-17".into())).unwrap();
    assert_eq!(reopened.get(own).unwrap().reference, "PO-17");
    let again = reopened.enqueue(body("C"), Some("PO-17".into())).unwrap();
    assert_ne!(own, again);
    assert_eq!(reopened.get(again).unwrap().reference, "PO-17");
    assert!(matches!(
        reopened.enqueue(body("D"), Some("a;b".into())),
        Err(OutboxError::InvalidReference(_))
    ));
    assert!(matches!(
        reopened.enqueue(json!([1]), None),
        Err(OutboxError::BodyNotObject)
    ));
}

#[tokio::test]
async fn created_means_sent_with_its_number() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let id = o.enqueue(body("A"), None).unwrap();
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!((report.attempted, report.sent, report.open), (1, 1, 0));
    let e = o.get(id).unwrap();
    assert_eq!(
        e.status,
        Status::Sent {
            nummer: "1001".into(),
            reconciled: false
        }
    );
    assert_eq!(e.attempts, 1);
    assert_eq!(fake.stored_references(), [e.reference.as_str()]);
    // Nothing is sent twice.
    flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::hours(1),
    )
    .await;
    assert_eq!(fake.posts(), 1);
    assert_eq!(o.next_due_at().unwrap(), None);
}

#[tokio::test]
async fn bad_request_needs_a_fix_and_an_edit_sends_it_again() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let mut errors = BTreeMap::new();
    errors.insert(
        "contactpersoon.emailadres".to_string(),
        vec!["Ongeldig".to_string()],
    );
    fake.script_posts(&[Reply::Fail(ApiErrorKind::BadRequest {
        title: "Validatie".into(),
        field_errors: errors.clone(),
    })]);
    let id = o.enqueue(body("A"), None).unwrap();
    let reference = o.get(id).unwrap().reference;
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!(report.needs_fix, 1);
    assert_eq!(
        o.get(id).unwrap().status,
        Status::NeedsFix {
            field_errors: errors
        }
    );
    assert!(!o.get(id).unwrap().maybe_sent);
    flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::days(1),
    )
    .await;
    assert_eq!(
        fake.posts(),
        1,
        "a refused enrolment is not retried blindly"
    );
    let mut fixed = body("A");
    fixed["contactpersoon"]["emailadres"] = json!("goed@b.nl");
    fixed["referentieNrKlant"] = json!("tries-to-change-it");
    o.update_body(id, fixed).unwrap();
    assert_eq!(o.get(id).unwrap().status, Status::Pending);
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    let e = o.get(id).unwrap();
    assert!(matches!(e.status, Status::Sent { .. }));
    assert_eq!(e.reference, reference, "the reference survives an edit");
    assert_eq!(
        fake.stored.lock().unwrap()[0]["contactpersoon"]["emailadres"],
        "goed@b.nl"
    );
    assert_eq!(fake.stored_references(), [reference]);
}

#[tokio::test]
async fn unauthorized_and_forbidden_hold_and_stop_the_flush() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[
        Reply::Fail(ApiErrorKind::Unauthorized),
        Reply::Fail(ApiErrorKind::Forbidden {
            scope_hint: Some("Webaanvragen.Schrijven".into()),
        }),
    ]);
    let a = o.enqueue(body("A"), None).unwrap();
    let b = o.enqueue(body("B"), None).unwrap();
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!(
        report.stopped,
        Some(StopReason::Held(HoldReason::Unauthorized))
    );
    assert_eq!(
        o.get(a).unwrap().status,
        Status::Held {
            reason: HoldReason::Unauthorized
        }
    );
    assert_eq!(
        o.get(b).unwrap().status,
        Status::Pending,
        "the flush stopped at the first 401"
    );
    // Held entries are not sent by a plain flush...
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    let forbidden = HoldReason::Forbidden {
        scope_hint: Some("Webaanvragen.Schrijven".into()),
    };
    assert_eq!(report.stopped, Some(StopReason::Held(forbidden.clone())));
    assert_eq!(o.get(b).unwrap().status, Status::Held { reason: forbidden });
    assert_eq!(fake.posts(), 2);
    // ...until the user fixed the credentials.
    assert_eq!(o.release_held().unwrap(), 2);
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!((report.sent, report.open), (2, 0));
}

#[tokio::test]
async fn rate_limit_holds_everything_until_the_reset() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let now = coachdesk::clock::Clock::system().now_utc();
    // The outbox keeps times to the millisecond.
    let reset_at =
        DateTime::from_timestamp_millis((now + Duration::minutes(42)).timestamp_millis()).unwrap();
    fake.script_posts(&[Reply::Fail(ApiErrorKind::RateLimited {
        reset_at: Some(reset_at),
        limit: Some(5000),
    })]);
    let a = o.enqueue(body("A"), None).unwrap();
    let b = o.enqueue(body("B"), None).unwrap();
    let report = flush(&o, &fake, now).await;
    assert_eq!(report.stopped, Some(StopReason::RateLimited { reset_at }));
    for id in [a, b] {
        let e = o.get(id).unwrap();
        assert_eq!(e.status, Status::WaitingForReset { reset_at });
        assert!(!e.maybe_sent, "a 429 was not processed");
    }
    assert_eq!(o.next_due_at().unwrap(), Some(reset_at));
    // Before the reset nothing goes out, not even with "send now".
    flush(&o, &fake, reset_at - Duration::seconds(1)).await;
    assert!(
        matches!(o.send_now(b, &fake, reset_at - Duration::seconds(1)).await, Err(OutboxError::RateLimitedUntil(t)) if t == reset_at)
    );
    assert_eq!(fake.posts(), 1);
    let report = flush(&o, &fake, reset_at).await;
    assert_eq!((report.sent, report.open), (2, 0));
}

#[tokio::test]
async fn server_errors_back_off_and_reconcile_before_resending() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[
        Reply::Fail(ApiErrorKind::Server { status: 500 }),
        Reply::Fail(ApiErrorKind::Server { status: 503 }),
    ]);
    let id = o.enqueue(body("A"), None).unwrap();
    let now = coachdesk::clock::Clock::system().now_utc();
    let report = flush(&o, &fake, now).await;
    assert_eq!(report.retry_later, 1);
    let e = o.get(id).unwrap();
    assert_eq!(e.status, Status::Pending);
    assert_eq!(e.last_error, Some(Failure::Server { status: 500 }));
    assert!(
        e.maybe_sent,
        "a 5xx to a POST may come after Coachview stored it"
    );
    // Maybe sent: the reconciling lookup waits at least a minute after the failure.
    let next = e.next_try_at.unwrap();
    assert!(
        // (times are kept to the millisecond)
        next >= now + Duration::seconds(60) - Duration::milliseconds(1)
            && next <= now + Duration::seconds(62),
        "{next} vs {now}"
    );
    // Not due yet: nothing happens.
    flush(&o, &fake, now + Duration::seconds(10)).await;
    assert_eq!((fake.posts(), fake.lookups()), (1, 0));
    // Due: looked up (not there), then posted; a 503 means "not processed": no lookup next time.
    flush(&o, &fake, next).await;
    assert_eq!((fake.posts(), fake.lookups()), (2, 1));
    let e = o.get(id).unwrap();
    assert!(e.status == Status::Pending && !e.maybe_sent, "{e:?}");
    flush(&o, &fake, next + Duration::hours(1)).await;
    assert_eq!((fake.posts(), fake.lookups()), (3, 1));
    assert!(matches!(
        o.get(id).unwrap().status,
        Status::Sent {
            reconciled: false,
            ..
        }
    ));
    assert_eq!(fake.stored_references().len(), 1);
}

#[tokio::test]
async fn a_lost_response_is_reconciled_not_sent_twice() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[Reply::CommitThenFail(ApiErrorKind::Network {
        detail: "connection reset".into(),
        maybe_sent: true,
    })]);
    let id = o.enqueue(body("A"), None).unwrap();
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    let e = o.get(id).unwrap();
    assert!(e.maybe_sent);
    assert!(matches!(
        e.last_error,
        Some(Failure::Network {
            maybe_sent: true,
            ..
        })
    ));
    // "Send now" right after the failure neither looks up nor posts: a slow server may still
    // be storing it.
    o.send_now(id, &fake, coachdesk::clock::Clock::system().now_utc())
        .await
        .unwrap();
    assert_eq!((fake.posts(), fake.lookups()), (1, 0));
    // A failing lookup keeps it unresolved and posts nothing.
    fake.script_lookups(&[Reply::Fail(ApiErrorKind::Timeout { maybe_sent: false })]);
    o.send_now(
        id,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
    )
    .await
    .unwrap();
    let e = o.get(id).unwrap();
    assert!(e.maybe_sent && matches!(e.last_error, Some(Failure::LookupFailed { .. })));
    assert_eq!(fake.posts(), 1);
    let e = o
        .send_now(
            id,
            &fake,
            coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
        )
        .await
        .unwrap();
    assert_eq!(
        e.status,
        Status::Sent {
            nummer: "1001".into(),
            reconciled: true
        }
    );
    assert_eq!(fake.posts(), 1);
    assert_eq!(fake.stored_references(), [e.reference]);
}

#[tokio::test]
async fn an_entry_left_sending_by_a_killed_process_is_looked_up_first() {
    let (_dir, path, o) = temp_outbox();
    let fake = Fake::default();
    fake.script_posts(&[
        Reply::CommitThenHang,
        Reply::Fail(ApiErrorKind::Network {
            detail: "x".into(),
            maybe_sent: false,
        }),
    ]);
    let a = o.enqueue(body("A"), None).unwrap();
    let b = o.enqueue(body("B"), None).unwrap();
    // The "process" dies while its POST is under way.
    let killed = tokio::time::timeout(
        std::time::Duration::from_millis(200),
        o.flush_due(
            &fake,
            coachdesk::clock::Clock::system().now_utc(),
            &Cancel::new(),
        ),
    )
    .await;
    assert!(killed.is_err());
    assert_eq!(o.get(a).unwrap().status, Status::Sending);
    drop(o);
    // The next start recovers it as "maybe sent" and finds it instead of posting again.
    let o = Outbox::open(&path).unwrap();
    let report = flush(
        &o,
        &fake,
        coachdesk::clock::Clock::system().now_utc() + Duration::minutes(2),
    )
    .await;
    assert_eq!(report.recovered, 1);
    assert_eq!(report.reconciled, 1);
    assert!(matches!(
        o.get(a).unwrap().status,
        Status::Sent {
            reconciled: true,
            ..
        }
    ));
    // The connection-refused POST of b did not go out: no lookup is needed for it.
    let eb = o.get(b).unwrap();
    assert!(!eb.maybe_sent && eb.status == Status::Pending);
    assert_eq!(fake.posts(), 2);
    assert_eq!(fake.stored_references().len(), 1);
}

#[tokio::test]
async fn repeated_connection_failures_stop_the_flush() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let refused = Reply::Fail(ApiErrorKind::Network {
        detail: "refused".into(),
        maybe_sent: false,
    });
    fake.script_posts(&[refused.clone(), refused.clone(), refused]);
    for i in 0..5 {
        o.enqueue(body(&format!("P{i}")), None).unwrap();
    }
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!(report.stopped, Some(StopReason::Offline));
    assert_eq!((report.attempted, report.open), (3, 5));
    assert_eq!(fake.posts(), 3);
    // Sending everything now (after the connection came back) delivers all five.
    o.make_all_due().unwrap();
    let report = flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert_eq!((report.sent, report.open, report.reconciled), (5, 0, 0));
}

#[tokio::test]
async fn cancel_discard_and_export() {
    let (_dir, _path, o) = temp_outbox();
    let fake = Fake::default();
    let a = o.enqueue(body("A"), None).unwrap();
    let b = o.enqueue(body("B"), None).unwrap();
    let cancel = Cancel::new();
    cancel.cancel();
    let report = o
        .flush_due(&fake, coachdesk::clock::Clock::system().now_utc(), &cancel)
        .await
        .unwrap();
    assert_eq!(
        (report.stopped, report.attempted),
        (Some(StopReason::Cancelled), 0)
    );
    o.discard(b).unwrap();
    assert_eq!(o.get(b).unwrap().status, Status::Discarded);
    assert_eq!(o.open_count().unwrap(), 1);
    let exported: Value = serde_json::from_str(&o.export_json(a).unwrap()).unwrap();
    assert_eq!(exported, o.get(a).unwrap().body);
    flush(&o, &fake, coachdesk::clock::Clock::system().now_utc()).await;
    assert!(matches!(o.discard(a), Err(OutboxError::NotEditable { .. })));
    assert!(matches!(
        o.update_body(a, body("X")),
        Err(OutboxError::NotEditable { .. })
    ));
    assert!(matches!(
        o.get("999".parse().unwrap()),
        Err(OutboxError::NotFound(_))
    ));
    assert_eq!(fake.posts(), 1);
}

/// The GUI worker runs flushes on a multi-threaded runtime: the futures must be `Send`.
#[allow(dead_code)]
fn flush_futures_are_send(o: &Outbox, client: &coachdesk::api::Client) {
    fn assert_send<T: Send>(_: T) {}
    assert_send(o.flush_due(
        client,
        coachdesk::clock::Clock::system().now_utc(),
        &Cancel::new(),
    ));
    assert_send(o.send_now(
        "1".parse().unwrap(),
        client,
        coachdesk::clock::Clock::system().now_utc(),
    ));
}

#[test]
fn backoff_doubles_up_to_half_an_hour() {
    let secs: Vec<i64> = (1..=9).map(|n| backoff_delay(n).num_seconds()).collect();
    assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]);
    assert_eq!(backoff_delay(u32::MAX).num_seconds(), 1800);
}

/// Two jobs (the outbox list and a send) may open a new outbox at once; under Windows locking
/// SQLite answered "database is locked" to one of them while the other switched the file to WAL.
#[test]
fn many_openers_of_a_new_outbox_at_once_all_get_it() {
    let (dir, _path, first) = temp_outbox();
    drop(first);
    for round in 0..10 {
        let path = dir.0.join(format!("round{round}")).join("outbox.sqlite");
        let start = std::sync::Arc::new(std::sync::Barrier::new(6));
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Outbox::open(&path).map(|_| ())
                })
            })
            .collect();
        for opener in openers {
            let opened = opener.join().expect("an opener panicked");
            assert!(opened.is_ok(), "round {round}: {opened:?}");
        }
        let o = Outbox::open(&path).unwrap();
        let id = o.enqueue(body("Jansen"), None).unwrap();
        assert_eq!(o.get(id).unwrap().status, Status::Pending);
    }
}

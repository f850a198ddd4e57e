//! Unit tests of the outbox screen's state: entering lists once per entry, answers and failures.

use super::*;
use crate::ui::ConnState;
use crate::worker::request_id::nth_request;

fn entry(id: i64) -> Entry {
    Entry {
        id: id.to_string().parse().unwrap(),
        created_at: crate::clock::Clock::system().now_utc(),
        updated_at: crate::clock::Clock::system().now_utc(),
        reference: format!("ref-{id}"),
        body: serde_json::json!({}),
        status: Status::Pending,
        attempts: 0,
        last_error: None,
        next_try_at: None,
        maybe_sent: false,
    }
}

fn connected() -> ConnState {
    ConnState::Connected {
        label: "test".into(),
        base_url: "http://127.0.0.1:1".into(),
        demo: false,
    }
}

fn lists(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::OutboxList { .. }))
        .count()
}

#[test]
fn entering_lists_once_and_only_when_connected() {
    let mut state = OutboxState::default();
    let sent = crate::ui::ctx::recording(&ConnState::Disconnected, |cx| state.on_enter(cx));
    assert!(sent.is_empty(), "offline: nothing asked");
    let conn = connected();
    let sent = crate::ui::ctx::recording(&conn, |cx| state.on_enter(cx));
    assert_eq!(lists(&sent), 1);
    assert!(state.busy());
    let sent = crate::ui::ctx::recording(&conn, |cx| state.on_enter(cx));
    assert_eq!(lists(&sent), 1, "entered again: asked again, once");
}

#[test]
fn only_the_newest_request_ends_the_wait_but_every_list_is_shown() {
    let mut state = OutboxState::default();
    let conn = connected();
    let mut reqs = Vec::new();
    crate::ui::ctx::recording(&conn, |cx| {
        state.on_enter(cx);
        reqs.push(cx.next_req());
    });
    // The background flush's list (another request) is shown at once; the wait goes on.
    state.on_event(OutboxEvent::Entries {
        req: nth_request(999),
        entries: vec![entry(1)],
    });
    assert_eq!(state.entries().len(), 1);
    assert!(state.busy());
    // Our request was id 1 (the context counted from 0).
    state.on_event(OutboxEvent::Entries {
        req: nth_request(1),
        entries: vec![entry(1), entry(2)],
    });
    assert!(!state.busy());
    assert_eq!(state.entries().len(), 2);
    // A failure of an old request changes nothing.
    let error = crate::message::from_worker_error(&crate::error::WorkerError::NotConnected);
    state.on_event(OutboxEvent::Failed {
        req: nth_request(1),
        error: Box::new(error),
    });
    assert_eq!(state.entries().len(), 2);
    assert!(state.list.error().is_none());
}

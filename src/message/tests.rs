use super::*;
use crate::i18n::{Lang, text};
use chrono::TimeZone;

fn kinds() -> Vec<ApiErrorKind> {
    vec![
        ApiErrorKind::Unauthorized,
        ApiErrorKind::Forbidden {
            scope_hint: Some("Aanvragen.Lezen".into()),
        },
        ApiErrorKind::Forbidden { scope_hint: None },
        ApiErrorKind::RateLimited {
            reset_at: Some(crate::clock::Clock::system().now_utc()),
            limit: Some(5000),
        },
        ApiErrorKind::Server { status: 500 },
        ApiErrorKind::Server { status: 503 },
        ApiErrorKind::Timeout { maybe_sent: false },
        ApiErrorKind::Network {
            detail: "connection refused".into(),
            maybe_sent: false,
        },
        ApiErrorKind::Network {
            detail: "invalid peer certificate".into(),
            maybe_sent: false,
        },
        ApiErrorKind::BadRequest {
            title: "Ongeldig".into(),
            field_errors: Default::default(),
        },
        ApiErrorKind::Decode {
            path: "[3].nummer".into(),
            snippet: "x".into(),
        },
        ApiErrorKind::Unexpected { status: 404 },
        ApiErrorKind::Cancelled,
    ]
}

#[test]
fn every_api_error_has_a_complete_message_in_both_languages() {
    for kind in kinds() {
        let e = ApiError::new(kind.clone(), None, "GET", "/api/v1/Aanvragen?take=1", "");
        for lang in [Lang::Nl, Lang::En] {
            let m = from_api_error(&e);
            for text in [&m.title, &m.what_happened, &m.what_to_do].map(|t| t.in_lang(lang)) {
                assert!(!text.trim().is_empty(), "{kind:?} {lang:?}");
                assert!(!text.contains("missing text"), "{kind:?} {lang:?}: {text}");
                assert!(!text.contains('{'), "unfilled placeholder: {text}");
            }
            assert!(m.details.contains("GET /api/v1/Aanvragen?take=1"));
        }
    }
}

#[test]
fn the_key_facts_reach_the_user() {
    let msg = |kind| {
        let m = from_api_error(&ApiError::new(kind, Some(0), "GET", "/x", ""));
        let en = |t: &Text| Text::plain(t.in_lang(Lang::En));
        UserMessage {
            title: en(&m.title),
            what_happened: en(&m.what_happened),
            what_to_do: en(&m.what_to_do),
            ..m
        }
    };
    let forbidden = msg(ApiErrorKind::Forbidden {
        scope_hint: Some("Webaanvragen.Schrijven".into()),
    });
    assert!(
        forbidden
            .what_happened
            .to_string()
            .contains("Webaanvragen.Schrijven")
    );
    assert_eq!(forbidden.severity, Severity::Blocking);
    let limited = msg(ApiErrorKind::RateLimited {
        reset_at: Some(crate::clock::Clock::system().now_utc()),
        limit: Some(5000),
    });
    assert!(limited.what_happened.to_string().contains("5000"));
    // No reset known: "try again later", no countdown.
    let later = msg(ApiErrorKind::RateLimited {
        reset_at: None,
        limit: Some(5000),
    });
    assert!(later.reset_at.is_none());
    assert!(later.what_to_do.to_string().contains("later"));
    let server = msg(ApiErrorKind::Server { status: 500 });
    assert!(
        server
            .what_to_do
            .to_string()
            .contains("support@coachview.net")
    );
    let tls = msg(ApiErrorKind::Network {
        detail: "invalid peer certificate".into(),
        maybe_sent: false,
    });
    assert_eq!(tls.title.to_string(), text(Lang::En, "err.tls.title"));
}

/// The worker builds messages on its own thread (which has no language); they are worded in
/// the language of the thread that shows them.
#[test]
fn a_message_built_on_another_thread_is_worded_where_it_is_shown() {
    let e = ApiError::new(ApiErrorKind::Unauthorized, None, "GET", "/x", "");
    let m = std::thread::spawn(move || from_api_error(&e))
        .join()
        .unwrap();
    crate::i18n::set_current(Lang::En);
    assert_eq!(m.title.to_string(), text(Lang::En, "err.401.title"));
    crate::i18n::set_current(Lang::Nl);
    assert_eq!(m.title.to_string(), text(Lang::Nl, "err.401.title"));
    let local = std::thread::spawn(|| from_worker_error(&WorkerError::NotConnected))
        .join()
        .unwrap();
    assert_eq!(
        local.what_to_do.in_lang(Lang::En),
        text(Lang::En, "werr.not_connected.todo")
    );
    assert_eq!(
        local.what_to_do.in_lang(Lang::Nl),
        text(Lang::Nl, "werr.not_connected.todo")
    );
}

#[test]
fn countdown_formats_and_stops_at_zero() {
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap();
    let reset = now + chrono::Duration::seconds(3 * 3600 + 4 * 60 + 5);
    assert_eq!(countdown(reset, now), "3:04:05");
    assert_eq!(countdown(now, reset), "0:00:00");
}

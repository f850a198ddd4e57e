use super::*;

/// Every state, hold reason and failure reads from the table in both languages, with its
/// facts filled in and no placeholder left.
#[test]
fn every_text_is_worded_in_both_languages_with_its_facts() {
    let reset_at = crate::clock::Clock::system().now_utc();
    let statuses = [
        Status::Pending,
        Status::Sending,
        Status::Sent {
            nummer: "W-4711".into(),
            reconciled: false,
        },
        Status::NeedsFix {
            field_errors: BTreeMap::new(),
        },
        Status::Held {
            reason: HoldReason::Unexpected { status: 302 },
        },
        Status::WaitingForReset { reset_at },
        Status::Discarded,
        Status::Damaged {
            problem: "bad json".into(),
        },
    ];
    let failures = [
        Failure::Network {
            detail: "refused".into(),
            maybe_sent: true,
        },
        Failure::Timeout { maybe_sent: false },
        Failure::Server { status: 503 },
        Failure::RateLimited { reset_at: None },
        Failure::Unauthorized,
        Failure::Forbidden { scope_hint: None },
        Failure::Rejected {
            title: "Ongeldig".into(),
            fields: 2,
        },
        Failure::Unreadable { detail: "x".into() },
        Failure::Unexpected { status: 413 },
        Failure::Interrupted,
        Failure::Cancelled,
        Failure::LookupFailed {
            inner: Box::new(Failure::Server { status: 500 }),
        },
    ];
    let texts = |lang| {
        let mut out: Vec<String> = statuses.iter().map(|s| s.text(lang)).collect();
        out.extend(failures.iter().map(|f| f.text(lang)));
        out.push(
            HoldReason::CannotTell {
                why: CannotTell::FilterRefused,
            }
            .text(lang),
        );
        out.push(
            HoldReason::CannotTell {
                why: CannotTell::FilterIgnored,
            }
            .text(lang),
        );
        out.push(
            HoldReason::CannotTell {
                why: CannotTell::TooMany,
            }
            .text(lang),
        );
        out.push(
            HoldReason::ServerErrors {
                status: 500,
                tries: 5,
                reference: "PO-77".into(),
                at: reset_at,
            }
            .text(lang),
        );
        out.push(
            HoldReason::Unconfirmed {
                nummer: "W-9".into(),
            }
            .text(lang),
        );
        out
    };
    let (nl, en) = (texts(Lang::Nl), texts(Lang::En));
    for (n, e) in nl.iter().zip(&en) {
        assert!(!n.is_empty() && !e.is_empty());
        assert_ne!(n, e, "the same in both languages");
        assert!(!n.contains('{') && !e.contains('{'), "{n} / {e}");
        assert!(!n.contains("missing text") && !e.contains("missing text"));
    }
    assert!(nl[2].contains("W-4711") && en[2].contains("W-4711"));
    assert!(en[4].contains("302") && en[7].contains("bad json"));
    assert!(nl.last().unwrap().contains("W-9"));
    let support = &en[en.len() - 2];
    assert!(support.contains("support@coachview.net") && support.contains("PO-77"));
    assert!(nl[nl.len() - 2].contains("support@coachview.net"));
    let lookup = Failure::LookupFailed {
        inner: Box::new(Failure::Server { status: 500 }),
    };
    assert!(
        lookup
            .text(Lang::En)
            .ends_with(&Failure::Server { status: 500 }.text(Lang::En))
    );
    let forbidden = Failure::Forbidden { scope_hint: None }.text(Lang::Nl);
    assert!(forbidden.contains("Webaanvragen.Schrijven"));
}

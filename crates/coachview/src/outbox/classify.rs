//! How the outbox reacts to each kind of failure: new status, "maybe sent", next try, and backoff.

use super::status::{HoldReason, Status};
use crate::api::{ApiError, ApiErrorKind};
use chrono::{DateTime, Duration, Utc};

/// The first retry waits about this long; each further failure doubles it.
const BACKOFF_BASE_SECS: i64 = 30;
/// Retries never wait longer than this.
const BACKOFF_CAP_SECS: i64 = 30 * 60;
/// After an unclear failure (the POST may have arrived), the reconciling lookup waits at least
/// this long from the moment of the failure: a slow server may still be storing the first POST.
pub(super) const LOOKUP_WAIT_SECS: i64 = 60;
/// When a 429 names no reset time, wait this long.
const DEFAULT_RESET_WAIT_SECS: i64 = 15 * 60;
/// The wait before retry number `attempts + 1`, without jitter: 30 s, 1 min, 2 min, … 30 min.
pub fn backoff_delay(attempts: u32) -> Duration {
    let exp = attempts.saturating_sub(1).min(16);
    Duration::seconds((BACKOFF_BASE_SECS << exp).min(BACKOFF_CAP_SECS))
}

/// "Equal jitter": between half and all of the delay, so many clients do not retry in step.
fn jittered(delay: Duration) -> Duration {
    let ms = delay.num_milliseconds().max(2);
    Duration::milliseconds(ms / 2 + rand::random_range(0..=ms / 2))
}

/// What the flush does after one entry.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Outcome {
    Sent {
        reconciled: bool,
    },
    NeedsFix,
    Held(HoldReason),
    RateLimited(DateTime<Utc>),
    RetryLater {
        offline: bool,
    },
    Cancelled,
    /// Not sendable any more (sent, discarded, edited meanwhile) or not yet (lookup wait).
    Skipped,
    /// The row cannot be read; it is left as it is.
    Damaged,
    /// Held for this entry's own sake (an unproven match, a lookup that cannot tell, server
    /// errors over and over); the flush goes on with the others.
    HeldEntry,
}

/// Which request failed: the reconciling lookup or the POST itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Phase {
    Lookup,
    Post,
}

/// The entry's new state after a failure.
pub(super) struct Classified {
    pub status: Status,
    /// `Some` sets the flag, `None` keeps it (a failed lookup proves nothing).
    pub maybe_sent: Option<bool>,
    pub next_try: Option<DateTime<Utc>>,
    pub outcome: Outcome,
}

/// Classifies a failure of `phase` after `attempts` tries; `now` is the moment of the failure
/// (backoff counts from there).
pub(super) fn classify(
    e: &ApiError,
    phase: Phase,
    attempts: u32,
    now: DateTime<Utc>,
) -> Classified {
    let post = phase == Phase::Post;
    let retry_at = now + jittered(backoff_delay(attempts));
    let (status, maybe_sent, next_try, outcome) = match &e.kind {
        // 413: too large; sending the same body again cannot help, the planner must shorten it.
        ApiErrorKind::Unexpected { status: 413 } if post => (
            Status::NeedsFix {
                field_errors: Default::default(),
            },
            Some(false),
            None,
            Outcome::NeedsFix,
        ),
        ApiErrorKind::BadRequest { field_errors, .. } if post => (
            Status::NeedsFix {
                field_errors: field_errors.clone(),
            },
            Some(false),
            None,
            Outcome::NeedsFix,
        ),
        ApiErrorKind::Unauthorized => {
            let r = HoldReason::Unauthorized;
            (
                Status::Held { reason: r.clone() },
                post.then_some(false),
                None,
                Outcome::Held(r),
            )
        }
        ApiErrorKind::Forbidden { scope_hint } => {
            let r = HoldReason::Forbidden {
                scope_hint: scope_hint.clone(),
            };
            (
                Status::Held { reason: r.clone() },
                post.then_some(false),
                None,
                Outcome::Held(r),
            )
        }
        ApiErrorKind::RateLimited { reset_at, .. } => {
            let at = reset_at
                .filter(|t| *t > now)
                .unwrap_or(now + Duration::seconds(DEFAULT_RESET_WAIT_SECS));
            (
                Status::WaitingForReset { reset_at: at },
                post.then_some(false),
                Some(at),
                Outcome::RateLimited(at),
            )
        }
        // 503 says "not processed". A 500/502/504 to a POST may come after Coachview
        // stored it (its 500 is usually a timeout), and an unreadable answer may be a 201:
        // reconcile before resending.
        ApiErrorKind::Server { status: 503 } => (
            Status::Pending,
            post.then_some(false),
            Some(retry_at),
            Outcome::RetryLater { offline: false },
        ),
        ApiErrorKind::Server { .. } | ApiErrorKind::Decode { .. } => (
            Status::Pending,
            post.then_some(true),
            Some(retry_at),
            Outcome::RetryLater { offline: false },
        ),
        ApiErrorKind::Timeout { maybe_sent } | ApiErrorKind::Network { maybe_sent, .. } => (
            Status::Pending,
            post.then_some(*maybe_sent),
            Some(retry_at),
            Outcome::RetryLater { offline: true },
        ),
        ApiErrorKind::Cancelled => (
            Status::Pending,
            post.then_some(true),
            None,
            Outcome::Cancelled,
        ),
        ApiErrorKind::Unexpected { status } => {
            let r = HoldReason::Unexpected { status: *status };
            (
                Status::Held { reason: r.clone() },
                post.then_some(true),
                None,
                Outcome::Held(r),
            )
        }
        ApiErrorKind::BadRequest { .. } => {
            let r = HoldReason::Unexpected {
                status: e.status.unwrap_or(400),
            };
            (
                Status::Held { reason: r.clone() },
                None,
                None,
                Outcome::Held(r),
            )
        }
    };
    // The token request failed: the POST itself never left, whatever the failure was.
    let maybe_sent = if post && e.path.starts_with("/auth/") {
        Some(false)
    } else {
        maybe_sent
    };
    // Maybe sent: the reconciling lookup comes no sooner than a minute after the failure.
    let next_try = match (maybe_sent, next_try) {
        (Some(true), Some(t)) => Some(t.max(now + Duration::seconds(LOOKUP_WAIT_SECS))),
        (_, t) => t,
    };
    Classified {
        status,
        maybe_sent,
        next_try,
        outcome,
    }
}

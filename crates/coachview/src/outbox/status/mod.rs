//! Outbox entry states, why an entry is held, and the last failure in plain words (from the string table).

use crate::api::{ApiError, ApiErrorKind, CannotTell};
use crate::i18n::{Lang, format, text};
use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an enrolment is in its life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Status {
    /// Stored, waiting for its (next) try.
    Pending,
    /// A POST is under way (or the process died during one: then it is treated as maybe sent).
    Sending,
    /// Coachview has it. `reconciled`: found by its reference after an unclear failure.
    Sent {
        /// The webaanvraag's number Coachview gave it.
        nummer: String,
        /// True when found by its reference after an unclear failure (not from the POST's answer).
        reconciled: bool,
    },
    /// Coachview refused it (400): the user must fix these fields, then it is sent again.
    NeedsFix {
        /// Per field path, Coachview's messages about it.
        field_errors: BTreeMap<String, Vec<String>>,
    },
    /// Not sent until the user acts (401/403, or an answer we do not understand).
    Held {
        /// Why it is held.
        reason: HoldReason,
    },
    /// The daily request limit is used up; nothing is sent before `reset_at`.
    WaitingForReset {
        /// When the daily limit resets.
        reset_at: DateTime<Utc>,
    },
    /// The user threw it away.
    Discarded,
    /// The stored row cannot be read (never written by coachdesk: a damaged file). It is shown,
    /// its bytes are kept as they are, and it is never sent; the other entries go on.
    Damaged {
        /// What could not be read, for the planner and support.
        problem: String,
    },
}

impl Status {
    /// The short machine name (also the `status` column and the CLI's `status=`).
    pub fn name(&self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sending => "sending",
            Status::Sent { .. } => "sent",
            Status::NeedsFix { .. } => "needs_fix",
            Status::Held { .. } => "held",
            Status::WaitingForReset { .. } => "waiting_for_reset",
            Status::Discarded => "discarded",
            Status::Damaged { .. } => "damaged",
        }
    }

    /// True while the entry still has to reach Coachview.
    pub fn is_open(&self) -> bool {
        !matches!(self, Status::Sent { .. } | Status::Discarded)
    }

    /// The status in words for the outbox screen.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Status::Pending => text(lang, "outbox.status.pending").into(),
            Status::Sending => text(lang, "outbox.status.sending").into(),
            Status::Sent { nummer, .. } => {
                format(lang, "outbox.status.sent", &[("nummer", nummer)])
            }
            Status::NeedsFix { .. } => text(lang, "outbox.status.needs_fix").into(),
            Status::Held { reason } => reason.text(lang),
            Status::WaitingForReset { reset_at } => {
                let at = reset_at.with_timezone(&Local).format("%d-%m-%Y %H:%M");
                format(lang, "outbox.status.waiting", &[("at", &at)])
            }
            Status::Discarded => text(lang, "outbox.status.discarded").into(),
            Status::Damaged { problem } => {
                format(lang, "outbox.status.damaged", &[("problem", problem)])
            }
        }
    }
}

/// Why an entry is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoldReason {
    /// 401: the client id or secret is no longer accepted.
    Unauthorized,
    /// 403: the client lacks a scope (usually `Webaanvragen.Schrijven`).
    Forbidden {
        /// The scope the 403 answer named, if it named one.
        scope_hint: Option<String>,
    },
    /// An answer coachdesk does not understand (e.g. 404 from a wrong base URL).
    Unexpected {
        /// The HTTP status of the answer.
        status: u16,
    },
    /// Coachview holds a webaanvraag with this reference made after the first try, but its
    /// answer lacks the fields that prove it is this enrolment: the planner checks in Coachview.
    Unconfirmed {
        /// The number of the webaanvraag found under the reference.
        nummer: String,
    },
    /// The lookup by reference cannot tell whether an earlier try arrived (the tenant refuses
    /// or ignores the filter, or too many share the reference): the planner checks in Coachview.
    CannotTell {
        /// Why the lookup cannot tell.
        why: CannotTell,
    },
    /// Coachview answered this POST with a server error too often: it is not tried again by
    /// itself (only by "send now"); Coachview's support needs the details.
    ServerErrors {
        /// The last HTTP status (500–599).
        status: u16,
        /// How many POSTs got a server error.
        tries: u32,
        /// The entry's reference, to quote to support.
        reference: String,
        /// When the last error came.
        at: DateTime<Utc>,
    },
}

impl HoldReason {
    /// In words, with what to do.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            HoldReason::Unauthorized => text(lang, "outbox.held.401").into(),
            HoldReason::Forbidden { scope_hint } => {
                let scope = scope_hint.as_deref().unwrap_or("Webaanvragen.Schrijven");
                format(lang, "outbox.held.403", &[("scope", &scope)])
            }
            HoldReason::Unexpected { status: 413 } => text(lang, "outbox.held.413").into(),
            HoldReason::Unexpected { status } if (300..400).contains(status) => {
                format(lang, "outbox.held.redirect", &[("status", status)])
            }
            HoldReason::Unexpected { status } => {
                format(lang, "outbox.held.unexpected", &[("status", status)])
            }
            HoldReason::Unconfirmed { nummer } => {
                format(lang, "outbox.held.unconfirmed", &[("nummer", nummer)])
            }
            HoldReason::CannotTell { why } => text(
                lang,
                match why {
                    CannotTell::FilterRefused => "outbox.held.cannot_tell.refused",
                    CannotTell::FilterIgnored => "outbox.held.cannot_tell.ignored",
                    CannotTell::TooMany => "outbox.held.cannot_tell.too_many",
                },
            )
            .into(),
            HoldReason::ServerErrors {
                status,
                tries,
                reference,
                at,
            } => {
                let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let args: [(&str, &dyn std::fmt::Display); 4] = [
                    ("status", status),
                    ("tries", tries),
                    ("reference", reference),
                    ("at", &at),
                ];
                format(lang, "outbox.held.server_errors", &args)
            }
        }
    }

    /// True when only the planner can release the entry ("send now" or discard): a new run
    /// with new credentials does not, since the reason is about this enrolment itself.
    pub fn waits_for_planner(&self) -> bool {
        matches!(
            self,
            HoldReason::Unconfirmed { .. }
                | HoldReason::CannotTell { .. }
                | HoldReason::ServerErrors { .. }
        )
    }
}

/// The last thing that went wrong with an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Failure {
    /// No connection (refused, DNS, TLS, dropped).
    Network {
        /// The transport error, without any secret or body.
        detail: String,
        /// True when the POST may have reached Coachview (sent before the failure).
        maybe_sent: bool,
    },
    /// No answer in time.
    Timeout {
        /// True when the POST may have reached Coachview before the timeout.
        maybe_sent: bool,
    },
    /// 5xx from Coachview.
    Server {
        /// The HTTP status (500–599).
        status: u16,
    },
    /// 429: the daily request limit is used up.
    RateLimited {
        /// When the limit resets, if the answer said (bounded).
        reset_at: Option<DateTime<Utc>>,
    },
    /// 401: the client id or secret is no longer accepted.
    Unauthorized,
    /// 403: the client lacks a scope.
    Forbidden {
        /// The scope the 403 answer named, if it named one.
        scope_hint: Option<String>,
    },
    /// 400 with field errors.
    Rejected {
        /// The problem's title from the 400 body.
        title: String,
        /// How many fields had errors.
        fields: usize,
    },
    /// An answer that could not be read.
    Unreadable {
        /// What could not be read, without any secret or body.
        detail: String,
    },
    /// Any other status coachdesk does not handle.
    Unexpected {
        /// The HTTP status of the answer.
        status: u16,
    },
    /// The sending process stopped during a POST (crash, kill, power cut).
    Interrupted,
    /// The planner cancelled the job during the try.
    Cancelled,
    /// Checking whether an earlier try arrived failed (the failure itself is in `inner`).
    LookupFailed {
        /// The failure of the check.
        inner: Box<Failure>,
    },
}

impl Failure {
    /// Condenses an API error.
    pub fn from_api(e: &ApiError) -> Failure {
        match &e.kind {
            ApiErrorKind::Network { detail, maybe_sent } => Failure::Network {
                detail: detail.clone(),
                maybe_sent: *maybe_sent,
            },
            ApiErrorKind::Timeout { maybe_sent } => Failure::Timeout {
                maybe_sent: *maybe_sent,
            },
            ApiErrorKind::Server { status } => Failure::Server { status: *status },
            ApiErrorKind::RateLimited { reset_at, .. } => Failure::RateLimited {
                reset_at: *reset_at,
            },
            ApiErrorKind::Unauthorized => Failure::Unauthorized,
            ApiErrorKind::Forbidden { scope_hint } => Failure::Forbidden {
                scope_hint: scope_hint.clone(),
            },
            ApiErrorKind::BadRequest {
                title,
                field_errors,
            } => Failure::Rejected {
                title: title.clone(),
                fields: field_errors.len(),
            },
            ApiErrorKind::Decode { path, snippet } => Failure::Unreadable {
                detail: format!("{path}: {snippet}"),
            },
            ApiErrorKind::Unexpected { status } => Failure::Unexpected { status: *status },
            ApiErrorKind::Cancelled => Failure::Cancelled,
        }
    }

    /// Plain words for the outbox screen and `coachdesk outbox list`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Failure::Network {
                detail,
                maybe_sent: false,
            } => format(lang, "outbox.fail.network", &[("detail", detail)]),
            Failure::Network {
                detail,
                maybe_sent: true,
            } => format(lang, "outbox.fail.network_sent", &[("detail", detail)]),
            Failure::Timeout { .. } => text(lang, "outbox.fail.timeout").into(),
            Failure::Server { status } => format(lang, "outbox.fail.server", &[("status", status)]),
            Failure::RateLimited { .. } => text(lang, "outbox.fail.429").into(),
            Failure::Unauthorized => HoldReason::Unauthorized.text(lang),
            Failure::Forbidden { scope_hint } => HoldReason::Forbidden {
                scope_hint: scope_hint.clone(),
            }
            .text(lang),
            Failure::Rejected { title, fields } => {
                let args: [(&str, &dyn std::fmt::Display); 2] =
                    [("title", title), ("fields", fields)];
                format(lang, "outbox.fail.rejected", &args)
            }
            Failure::Unreadable { detail } => {
                format(lang, "outbox.fail.unreadable", &[("detail", detail)])
            }
            Failure::Unexpected { status } => HoldReason::Unexpected { status: *status }.text(lang),
            Failure::Interrupted => text(lang, "outbox.fail.interrupted").into(),
            Failure::Cancelled => text(lang, "outbox.fail.cancelled").into(),
            Failure::LookupFailed { inner } => {
                format(lang, "outbox.fail.lookup", &[("inner", &inner.text(lang))])
            }
        }
    }
}

#[cfg(test)]
mod tests;

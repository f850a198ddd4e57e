//! Outbox entry states, why an entry is held, and the last failure in plain words (NL + EN).

use crate::api::{ApiError, ApiErrorKind};
use crate::i18n::Lang;
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
    Sent { nummer: String, reconciled: bool },
    /// Coachview refused it (400): the user must fix these fields, then it is sent again.
    NeedsFix {
        field_errors: BTreeMap<String, Vec<String>>,
    },
    /// Not sent until the user acts (401/403, or an answer we do not understand).
    Held { reason: HoldReason },
    /// The daily request limit is used up; nothing is sent before `reset_at`.
    WaitingForReset { reset_at: DateTime<Utc> },
    /// The user threw it away.
    Discarded,
    /// The stored row cannot be read (never written by coachdesk: a damaged file). It is shown,
    /// its bytes are kept as they are, and it is never sent; the other entries go on.
    Damaged { problem: String },
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
        let nl = lang == Lang::Nl;
        match self {
            Status::Pending => if nl {
                "Wacht op verzenden"
            } else {
                "Waiting to be sent"
            }
            .into(),
            Status::Sending => if nl { "Wordt verzonden" } else { "Being sent" }.into(),
            Status::Sent { nummer, .. } => {
                if nl {
                    format!("Verzonden (nummer {nummer})")
                } else {
                    format!("Sent (number {nummer})")
                }
            }
            Status::NeedsFix { .. } => if nl {
                "Moet aangepast worden"
            } else {
                "Needs fixing"
            }
            .into(),
            Status::Held { reason } => reason.text(lang),
            Status::WaitingForReset { reset_at } => {
                let at = reset_at.with_timezone(&Local).format("%d-%m-%Y %H:%M");
                if nl {
                    format!("Daglimiet bereikt, wacht tot {at}")
                } else {
                    format!("Daily limit reached, waiting until {at}")
                }
            }
            Status::Discarded => if nl { "Verwijderd" } else { "Discarded" }.into(),
            Status::Damaged { problem } => {
                if nl {
                    format!(
                        "Beschadigd: deze regel in het postvak is onleesbaar en wordt niet verzonden; de gegevens blijven bewaard ({problem})."
                    )
                } else {
                    format!(
                        "Damaged: this outbox row cannot be read and is not sent; its data is kept ({problem})."
                    )
                }
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
    Forbidden { scope_hint: Option<String> },
    /// An answer coachdesk does not understand (e.g. 404 from a wrong base URL).
    Unexpected { status: u16 },
    /// Coachview holds a webaanvraag with this reference made after the first try, but its
    /// answer lacks the fields that prove it is this enrolment: the planner checks in Coachview.
    Unconfirmed { nummer: String },
}

impl HoldReason {
    /// In words, with what to do.
    pub fn text(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            HoldReason::Unauthorized => if nl {
                "Vastgehouden: Coachview weigert de inloggegevens (401). Controleer client-id en secret."
            } else {
                "Held: Coachview refuses the credentials (401). Check the client id and secret."
            }
            .into(),
            HoldReason::Forbidden { scope_hint } => {
                let scope = scope_hint.as_deref().unwrap_or("Webaanvragen.Schrijven");
                if nl {
                    format!("Vastgehouden: de API-client mist de scope {scope} (403).")
                } else {
                    format!("Held: the API client lacks the scope {scope} (403).")
                }
            }
            HoldReason::Unexpected { status } => {
                if *status == 413 {
                    if nl {
                        "Coachview vindt de inschrijving te groot (413). Maak lange teksten korter en verstuur opnieuw.".to_string()
                    } else {
                        "Coachview finds the enrolment too large (413). Shorten long texts and send again.".to_string()
                    }
                } else if (300..400).contains(status) {
                    if nl {
                        format!("Vastgehouden: Coachview stuurde door ({status}) in plaats van de inschrijving te bevestigen. Misschien is ze toch aangekomen: kijk in Coachview voordat u opnieuw verstuurt.")
                    } else {
                        format!("Held: Coachview redirected ({status}) instead of confirming the enrolment. It may have arrived: check in Coachview before sending again.")
                    }
                } else if nl {
                    format!("Vastgehouden: onverwacht antwoord {status} van Coachview. Controleer het adres van de verbinding.")
                } else {
                    format!("Held: unexpected answer {status} from Coachview. Check the connection's address.")
                }
            }
            HoldReason::Unconfirmed { nummer } => {
                if nl {
                    format!("Vastgehouden: Coachview heeft een webaanvraag (nummer {nummer}) met deze referentie, maar coachdesk kan niet bewijzen dat het deze inschrijving is. Kijk in Coachview: staat ze erin, verwijder dan deze regel; anders 'Nu verzenden'.")
                } else {
                    format!("Held: Coachview has a webaanvraag (number {nummer}) with this reference, but coachdesk cannot prove it is this enrolment. Check in Coachview: if it is there, discard this entry; otherwise use 'Send now'.")
                }
            }
        }
    }
}

/// The last thing that went wrong with an entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Failure {
    /// No connection (refused, DNS, TLS, dropped).
    Network {
        detail: String,
        maybe_sent: bool,
    },
    /// No answer in time.
    Timeout {
        maybe_sent: bool,
    },
    /// 5xx from Coachview.
    Server {
        status: u16,
    },
    RateLimited {
        reset_at: Option<DateTime<Utc>>,
    },
    Unauthorized,
    Forbidden {
        scope_hint: Option<String>,
    },
    /// 400 with field errors.
    Rejected {
        title: String,
        fields: usize,
    },
    /// An answer that could not be read.
    Unreadable {
        detail: String,
    },
    Unexpected {
        status: u16,
    },
    /// The sending process stopped during a POST (crash, kill, power cut).
    Interrupted,
    Cancelled,
    /// Checking whether an earlier try arrived failed (the failure itself is in `inner`).
    LookupFailed {
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
        let nl = lang == Lang::Nl;
        match self {
            Failure::Network { detail, maybe_sent } => match (nl, maybe_sent) {
                (true, false) => format!("Geen verbinding met Coachview ({detail})."),
                (false, false) => format!("No connection to Coachview ({detail})."),
                (true, true) => format!("De verbinding viel weg tijdens het verzenden ({detail}); voor een nieuwe poging wordt eerst nagekeken of het toch is aangekomen."),
                (false, true) => format!("The connection dropped while sending ({detail}); before trying again coachdesk checks whether it arrived after all."),
            },
            Failure::Timeout { .. } => if nl {
                "Coachview antwoordde niet op tijd; voor een nieuwe poging wordt eerst nagekeken of het toch is aangekomen."
            } else {
                "Coachview did not answer in time; before trying again coachdesk checks whether it arrived after all."
            }
            .into(),
            Failure::Server { status } => if nl {
                format!("Coachview had een storing ({status}). Later opnieuw proberen.")
            } else {
                format!("Coachview had a failure ({status}). Will try again later.")
            },
            Failure::RateLimited { .. } => if nl {
                "De daglimiet van Coachview is bereikt (429)."
            } else {
                "Coachview's daily request limit was reached (429)."
            }
            .into(),
            Failure::Unauthorized => HoldReason::Unauthorized.text(lang),
            Failure::Forbidden { scope_hint } => HoldReason::Forbidden { scope_hint: scope_hint.clone() }.text(lang),
            Failure::Rejected { title, fields } => if nl {
                format!("Coachview keurde de inschrijving af: {title} ({fields} velden).")
            } else {
                format!("Coachview rejected the enrolment: {title} ({fields} fields).")
            },
            Failure::Unreadable { detail } => if nl {
                format!("Coachview gaf een onleesbaar antwoord ({detail}).")
            } else {
                format!("Coachview gave an unreadable answer ({detail}).")
            },
            Failure::Unexpected { status } => HoldReason::Unexpected { status: *status }.text(lang),
            Failure::Interrupted => if nl {
                "coachdesk werd gestopt tijdens het verzenden; er wordt eerst nagekeken of het is aangekomen."
            } else {
                "coachdesk was stopped while sending; it first checks whether the enrolment arrived."
            }
            .into(),
            Failure::Cancelled => if nl { "Verzenden afgebroken." } else { "Sending was cancelled." }.into(),
            Failure::LookupFailed { inner } => if nl {
                format!("Nakijken of de inschrijving al is aangekomen lukte niet: {}", inner.text(lang))
            } else {
                format!("Checking whether the enrolment already arrived failed: {}", inner.text(lang))
            },
        }
    }
}

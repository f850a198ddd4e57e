//! The network side of the outbox as a trait, so the state machine is testable with a fake.

use crate::api::{ApiError, ReferenceLookup};
use serde_json::Value;
use std::future::Future;

/// What Coachview answered to a successful POST (or what a lookup found).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The webaanvraag number users quote (`nummer`).
    pub nummer: String,
    /// The webaanvraag's id, when the server gave one.
    pub id: Option<String>,
}

impl Created {
    /// Reads `nummer` (number or string) and `id` from a webaanvraag record or a 201 body.
    pub(crate) fn from_record(record: &Value) -> Created {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        Created {
            nummer: record
                .get("nummer")
                .and_then(text)
                .unwrap_or_else(|| "?".into()),
            id: record.get("id").and_then(text),
        }
    }
}

/// Sends webaanvragen and finds them again by reference.
pub trait Transport {
    /// `POST /api/v1/Webaanvragen` with this exact body.
    fn post(&self, body: &Value) -> impl Future<Output = Result<Created, ApiError>> + Send;

    /// `GET /api/v1/Webaanvragen?where=referentieNrKlant=<reference>`: the webaanvragen with
    /// this reference, as records, or "cannot tell" (the filter is refused or
    /// ignored, or more may exist). The outbox decides which record (if any) is the enrolment
    /// of an earlier try (see `outbox::identity`): a reference alone proves nothing. For the
    /// real client this is [`crate::api::Client::find_webaanvraag_by_reference`].
    fn find_by_reference(
        &self,
        reference: &str,
    ) -> impl Future<Output = Result<ReferenceLookup, ApiError>> + Send;
}

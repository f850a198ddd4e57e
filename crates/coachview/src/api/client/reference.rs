//! The one lookup of webaanvragen by `referentieNrKlant` (the outbox's reconcile): it honours
//! what the probe proved about the reference filter, and an answer that holds other references
//! (the filter ignored) or a full page (more may exist) reads as "cannot tell", never as
//! "not there": only "not there" may lead to a second POST.

use super::{Client, decode_error, list_path};
use crate::api::decode::{decode_list, field};
use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::query::Query;
use crate::resource::Resource;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// How many webaanvragen with one reference a lookup reads (a reused reference has more); a
/// page this full cannot prove that nothing else exists.
pub const REFERENCE_CANDIDATES: u64 = 50;

/// Why a lookup cannot tell whether a webaanvraag with the reference exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CannotTell {
    /// The probe found that this tenant refuses or ignores the reference filter.
    FilterRefused,
    /// The answer held webaanvragen with other references: the filter was not honoured.
    FilterIgnored,
    /// The page was full: more webaanvragen with this reference may exist beyond it.
    TooMany,
}

/// What a lookup by reference found.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceLookup {
    /// Every webaanvraag with this reference (maybe none), in the server's order.
    Found {
        /// The records, each carrying the reference asked for.
        records: Vec<Value>,
        /// The server's clock (its `Date` header) when it answered, if it sent one.
        server_now: Option<DateTime<Utc>>,
        /// This computer's clock when the answer arrived.
        received_at: DateTime<Utc>,
    },
    /// The answer cannot prove whether the webaanvraag is there.
    CannotTell(CannotTell),
}

impl ReferenceLookup {
    /// Judges what a server answered to a lookup of `reference` with `take` rows.
    pub(crate) fn from_answer(
        reference: &str,
        records: Vec<Value>,
        take: u64,
        server_now: Option<DateTime<Utc>>,
        received_at: DateTime<Utc>,
    ) -> ReferenceLookup {
        let ours =
            |r: &Value| field(r, "referentieNrKlant").and_then(Value::as_str) == Some(reference);
        if !records.iter().all(ours) {
            return ReferenceLookup::CannotTell(CannotTell::FilterIgnored);
        }
        if records.len() as u64 >= take {
            return ReferenceLookup::CannotTell(CannotTell::TooMany);
        }
        ReferenceLookup::Found {
            records,
            server_now,
            received_at,
        }
    }
}

/// Reads an HTTP `Date` header (`Sun, 06 Dec 2026 09:00:00 GMT`).
pub fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Client {
    /// The webaanvragen with this `referentieNrKlant` (to reconcile an unclear POST): the only
    /// lookup the product uses. Refused without a request when the probe proved the filter is
    /// not honoured; an answer with other references or a full page is "cannot tell".
    pub async fn find_webaanvraag_by_reference(
        &self,
        reference: &str,
    ) -> Result<ReferenceLookup, ApiError> {
        if self.capabilities().reference_filter == Some(false) {
            return Ok(ReferenceLookup::CannotTell(CannotTell::FilterRefused));
        }
        // No `orderby`: an unproven sort could only refuse or mislead; a page that is not full
        // holds every match in any order.
        let q = Query::new()
            .where_eq("referentieNrKlant", reference)
            .take(REFERENCE_CANDIDATES);
        let path = list_path(Resource::Webaanvragen, &q);
        self.note_trace(&path);
        let reply = match self.inner.send(reqwest::Method::GET, &path, None).await {
            Ok(reply) => reply,
            // A 400 to this query: the tenant refuses the filter (as the probe would find).
            Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
                tracing::warn!("GET {path}: 400, the reference filter is refused");
                self.update_capabilities(|c| c.reference_filter = Some(false));
                return Ok(ReferenceLookup::CannotTell(CannotTell::FilterRefused));
            }
            Err(e) => return Err(e),
        };
        let received_at = crate::clock::Clock::system().now_utc();
        let (records, _) = decode_list(&reply.body)
            .map_err(|e| decode_error(&reply, "GET", &path, e.path, e.snippet))?;
        if super::is_example_data(&records) {
            return Err(super::example_data_error(Resource::Webaanvragen, &path));
        }
        let server_now = reply
            .headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date);
        let lookup = ReferenceLookup::from_answer(
            reference,
            records,
            REFERENCE_CANDIDATES,
            server_now,
            received_at,
        );
        if lookup == ReferenceLookup::CannotTell(CannotTell::FilterIgnored) {
            // Learned for this run: later lookups do not spend a request on an untrusted filter.
            self.update_capabilities(|c| c.reference_filter = Some(false));
        }
        Ok(lookup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn other_references_or_a_full_page_cannot_tell() {
        let now = crate::clock::Clock::system().now_utc();
        let r = |reference: &str| json!({"id": reference, "referentieNrKlant": reference});
        let found = ReferenceLookup::from_answer("A", vec![r("A")], 50, None, now);
        assert!(matches!(found, ReferenceLookup::Found { ref records, .. } if records.len() == 1));
        assert_eq!(
            ReferenceLookup::from_answer("A", vec![r("A"), r("B")], 50, None, now),
            ReferenceLookup::CannotTell(CannotTell::FilterIgnored)
        );
        assert_eq!(
            ReferenceLookup::from_answer("A", vec![r("A"), r("A")], 2, None, now),
            ReferenceLookup::CannotTell(CannotTell::TooMany)
        );
        assert!(matches!(
            ReferenceLookup::from_answer("A", vec![], 50, None, now),
            ReferenceLookup::Found { .. }
        ));
        let t = parse_http_date("Sun, 06 Dec 2026 09:00:00 GMT").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-06T09:00:00+00:00");
    }
}

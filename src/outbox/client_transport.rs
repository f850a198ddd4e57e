//! The outbox's [`Transport`] over the real Coachview client.

use super::transport::{Created, Transport};
use crate::api::{ApiError, Client, Dir, Query};
use crate::resource::Resource;

/// How many webaanvragen with one reference a reconcile looks at (a reused reference has more).
const CANDIDATES: u64 = 50;
use serde_json::Value;

impl Transport for Client {
    async fn post(&self, body: &Value) -> Result<Created, ApiError> {
        let created = self.post_webaanvraag(body).await?;
        let mut found = Created::from_record(&created.raw);
        if let Some(nummer) = &created.nummer {
            found.nummer = match nummer {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
        }
        found.id = created.id.or(found.id);
        Ok(found)
    }

    async fn find_by_reference(&self, reference: &str) -> Result<Vec<Value>, ApiError> {
        let q = Query::new()
            .where_eq("referentieNrKlant", reference)
            .orderby(crate::api::query::CHANGED_ORDER_FIELD, Dir::Desc)
            .take(CANDIDATES);
        let page = self.list(Resource::Webaanvragen, &q).await?;
        Ok(page
            .records
            .into_iter()
            .filter(|r| {
                crate::api::decode::field(r, "referentieNrKlant").and_then(Value::as_str)
                    == Some(reference)
            })
            .collect())
    }
}

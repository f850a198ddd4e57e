//! The outbox's [`Transport`] over the real Coachview client.

use super::transport::{Created, Transport};
use crate::api::{ApiError, Client, ReferenceLookup};
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

    /// The one guarded lookup (probe result, other references, a full page).
    async fn find_by_reference(&self, reference: &str) -> Result<ReferenceLookup, ApiError> {
        self.find_webaanvraag_by_reference(reference).await
    }
}

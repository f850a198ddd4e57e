//! The course list the enrolment wizard searches: upcoming courses and the active course types,
//! read through the connection's [`Session`] (embedded relations and computed fields only where
//! this tenant allows them).

use super::Session;
use crate::api::probe::{EXTRA_FLAG, RELATIONS_FLAG};
use crate::api::{ApiError, ApiErrorKind, Query};
use crate::cancel::Cancel;
use crate::resource::Resource;
use serde_json::Value;

impl Session {
    /// Upcoming courses (from `today`, not cancelled) and the active course types, for the
    /// wizard's first step: (opleidingen, opleidingssoorten).
    pub(crate) async fn courses(
        &self,
        today: chrono::NaiveDate,
        cancel: &Cancel,
    ) -> Result<(Vec<Value>, Vec<Value>), ApiError> {
        let mut opleidingen = Vec::new();
        let caps = self.client().capabilities();
        let mut upcoming = Query::new().where_op(
            "startDatum",
            crate::api::Op::Ge,
            today.format("%d-%m-%Y").to_string(),
        );
        // Embedded relations only where the probe proved them honoured.
        if caps.direct_relations == Some(true) {
            upcoming = upcoming.flag(RELATIONS_FLAG, true);
        }
        // Start dates and free seats are computed fields: Coachview sends them only with this
        // (not sent where a 400 refused it).
        if caps.extra_fields != Some(false) {
            upcoming = upcoming.flag(EXTRA_FLAG, true);
        }
        let records = all_pages(self.client(), Resource::Opleidingen, &upcoming, cancel).await?;
        opleidingen.extend(
            records.into_iter().filter(|r| {
                r.get("opleidingStatusId").and_then(Value::as_str) != Some("Geannuleerd")
            }),
        );
        let mut soorten = Query::new().where_eq("inactief", "false");
        if self.client().capabilities().extra_fields != Some(false) {
            soorten = soorten.flag(EXTRA_FLAG, true);
        }
        let soorten =
            all_pages(self.client(), Resource::Opleidingssoorten, &soorten, cancel).await?;
        Ok((opleidingen, soorten))
    }
}

impl Session {
    /// The courses (Opleidingen) whose code is `code` (`where=code=…`, at most 5), with their
    /// computed fields (free seats) unless this tenant refused that flag; a 400 to the flag asks
    /// once more without it and remembers the refusal. The caller checks each record's code.
    pub async fn courses_with_code(&self, code: &str) -> Result<Vec<Value>, ApiError> {
        let api = self.client();
        let plain = Query::new().where_eq("code", code).take(5);
        let extra = plain.clone().flag(EXTRA_FLAG, true);
        let page = match api.capabilities().extra_fields {
            Some(false) => api.list(Resource::Opleidingen, &plain).await,
            _ => match api.list(Resource::Opleidingen, &extra).await {
                Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
                    api.update_capabilities(|c| c.extra_fields = Some(false));
                    api.list(Resource::Opleidingen, &plain).await
                }
                other => other,
            },
        }?;
        Ok(page.records)
    }
}

/// Pages through a small list (courses, course types) until a page shorter than the server's
/// page size (no `Count=true`: its body may be empty); never past a safe skip.
async fn all_pages(
    client: &crate::api::Client,
    resource: Resource,
    query: &Query,
    cancel: &Cancel,
) -> Result<Vec<Value>, ApiError> {
    const PAGE: u64 = 100;
    const SAFE_SKIP: u64 = 2_000;
    let mut out = Vec::new();
    let mut skip = 0;
    let mut query = query.clone();
    let known = client
        .capabilities()
        .page_size_for(resource, &query.flag_names());
    let mut size = crate::sync::PageSize::new(PAGE, known);
    loop {
        if cancel.is_cancelled() {
            return Err(ApiError::new(
                ApiErrorKind::Cancelled,
                None,
                "GET",
                &resource.path(),
                "",
            ));
        }
        let page = match client
            .list(resource, &query.clone().skip(skip).take(PAGE))
            .await
        {
            Ok(page) => page,
            // A flag refused (400): the same page once more without it, remembered.
            Err(e) if matches!(e.kind, ApiErrorKind::BadRequest { .. }) => {
                if query.has_flag(RELATIONS_FLAG) {
                    tracing::warn!("{resource}: {RELATIONS_FLAG} refused; asked without it");
                    query = query.without_flag(RELATIONS_FLAG);
                    client.update_capabilities(|c| c.direct_relations = Some(false));
                    continue;
                }
                if query.has_flag(EXTRA_FLAG) {
                    tracing::warn!("{resource}: {EXTRA_FLAG} refused; asked without it");
                    query = query.without_flag(EXTRA_FLAG);
                    client.update_capabilities(|c| c.extra_fields = Some(false));
                    continue;
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let n = page.records.len() as u64;
        out.extend(page.records);
        skip += n;
        let done = size.after_page(n, None) == crate::sync::cursor::PageEnd::Last;
        if done || skip > SAFE_SKIP {
            return Ok(out);
        }
    }
}

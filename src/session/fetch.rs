//! Fetching what changed in a range into the connection's record store — the one flow behind
//! the app's "Ophalen" and `coachdesk sync`: the client starts with the tenant's known
//! capabilities (see [`Session::restore_tenant`]), a [`SyncJob`] plans and reads the range
//! (with direct relations where the probe proved them), and what was learned is kept in
//! `tenant.json` whether the fetch completed, stopped or failed.

use super::Session;
use crate::cancel::Cancel;
use crate::resource::Resource;
use crate::store::Store;
use crate::sync::{SyncError, SyncJob, SyncOptions, SyncProgressInfo, SyncReport};
use chrono::{NaiveDate, NaiveDateTime};

/// Which records a fetch asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Changed in `[from, to)`.
    Between {
        /// The start (inclusive).
        from: NaiveDateTime,
        /// The end (exclusive).
        to: NaiveDateTime,
    },
    /// Since the last fetch of this resource (its cursor minus the lookback) up to the end of
    /// `today`; `SyncError::NoCursor` before the first one.
    SinceLast {
        /// The day whose end the fetch runs up to.
        today: NaiveDate,
    },
}

impl Session {
    /// Fetches `resource` over `span` into `store` (see [`SyncJob::run`]: what arrived stays,
    /// a stop says what is missing), reporting to `progress`, honouring `cancel`.
    pub async fn fetch(
        &self,
        store: &mut Store,
        resource: Resource,
        span: Span,
        opts: SyncOptions,
        progress: &mut (dyn FnMut(&SyncProgressInfo<'_>) + Send),
        cancel: &Cancel,
    ) -> Result<SyncReport, SyncError> {
        let job = match span {
            Span::Between { from, to } => Ok(SyncJob::new(self.client(), resource, from, to, opts)),
            Span::SinceLast { today } => {
                SyncJob::since_last(self.client(), store, resource, opts, today)
            }
        };
        let result = match job {
            Ok(job) => job.run(store, progress, cancel).await,
            Err(e) => Err(e),
        };
        self.save_tenant_async().await;
        result
    }
}

impl Session {
    /// The records of `resource` whose `field` is one of `ids`, by multi-id filters in URL-sized
    /// batches (`where=aanvraagid=a,b,c`): the detail pane's related records and
    /// `coachdesk sync --related` both ask them this way.
    pub async fn related(
        &self,
        resource: Resource,
        field: &str,
        ids: &[String],
        cancel: &Cancel,
    ) -> Result<Vec<serde_json::Value>, crate::api::ApiError> {
        crate::sync::related(self.client(), resource, field, ids, cancel).await
    }
}

impl Session {
    /// What fetching `resource` changed in `[from, to)` would cost (one count request): the
    /// records and the requests of the plan the fetch would follow.
    pub async fn estimate(
        &self,
        resource: Resource,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<crate::sync::Estimate, crate::api::ApiError> {
        crate::sync::estimate_requests(self.client(), resource, from, to, &SyncOptions::default())
            .await
    }
}

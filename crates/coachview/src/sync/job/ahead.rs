//! Asking for the next page while this one is processed. A page's keys (change time, id) give
//! the next query at once; cutting out embedded objects, counting and handing rows to the store
//! then run while the next page downloads, so on two cores the client's own work hides behind
//! the server's. A request asked ahead that is not wanted after all (the flags changed, the run
//! stopped) is aborted, never awaited.

use super::Run;
use crate::api::client::RawPage;
use crate::api::{ApiError, ApiErrorKind, Query};
use std::future::Future;
use std::time::Duration;
use tokio::task::JoinHandle;

/// A list request already under way for `query`. Dropping it aborts the request.
pub(super) struct Ahead {
    query: Query,
    handle: JoinHandle<Result<RawPage, ApiError>>,
}

impl Drop for Ahead {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

impl Ahead {
    /// Waits for the answer (a request that stopped is a network error that was not sent).
    pub(super) async fn answer(
        &mut self,
        client: &crate::api::Client,
        resource: crate::resource::Resource,
    ) -> Result<RawPage, ApiError> {
        (&mut self.handle).await.unwrap_or_else(|e| {
            let path = client.list_url(resource, &self.query);
            let kind = ApiErrorKind::Network {
                detail: format!("the request stopped: {e}"),
                maybe_sent: false,
            };
            Err(ApiError::new(kind, None, "GET", &path, ""))
        })
    }
}

impl Run<'_> {
    /// Starts the request for `query` in its own task.
    pub(super) fn ask_ahead(&self, query: Query) -> Ahead {
        let client = self.job.client.clone();
        let resource = self.job.resource;
        let q = query.clone();
        let handle = tokio::spawn(async move { client.list_raw(resource, &q).await });
        Ahead { query, handle }
    }

    /// One list request that gives way to Cancel, and shows a short 429 wait while it runs: the
    /// one asked ahead when it is for `q`, else a new one (an unwanted one is aborted).
    pub(super) async fn list(
        &mut self,
        q: &Query,
        ahead: Option<Ahead>,
    ) -> Result<RawPage, ApiError> {
        let client = self.job.client.clone();
        let resource = self.job.resource;
        let answer = match ahead.filter(|a| a.query == *q) {
            Some(mut a) => self.wait(a.answer(&client, resource)).await,
            None => self.wait(client.list_raw(resource, q)).await,
        };
        answer.unwrap_or_else(|| {
            let path = client.list_url(resource, q);
            Err(ApiError::new(
                ApiErrorKind::Cancelled,
                None,
                "GET",
                &path,
                "",
            ))
        })
    }

    /// Awaits `fut`, checking Cancel and showing a 429 wait every 200 ms; `None` when cancelled.
    pub(super) async fn wait<T>(&mut self, fut: impl Future<Output = T>) -> Option<T> {
        tokio::pin!(fut);
        loop {
            tokio::select! {
                r = &mut fut => return Some(r),
                _ = tokio::time::sleep(Duration::from_millis(200)) => {
                    if self.cancel.is_cancelled() {
                        return None;
                    }
                    if self.job.client.waiting_until().is_some() {
                        self.report_progress(&[]);
                    }
                }
            }
        }
    }
}

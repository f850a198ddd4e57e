//! First rows fast: the first page of the range is asked together with the plan's count, so its
//! rows are in the store and the table one round trip (and one page) after the start, while the
//! windows are still being planned. The first window then takes that page as its own first page
//! where it is exactly that (the same paging and flags, every row inside the window): no page is
//! asked twice. Otherwise it cost one request more. With one request at a time allowed (the
//! setting, or a server that refused two at once) the count comes first, as before.

use super::parallel::{KeyRow, window_cursor};
use super::{Run, Stop};
use crate::api::ApiError;
use crate::sync::cursor::{Cursor, Next, Paging};
use crate::sync::plan::{Window, plan_windows};
use crate::sync::relations;
use chrono::NaiveDateTime;
use std::collections::VecDeque;

/// The first page of the range, shown before the plan: what the first window needs to take it
/// as its own.
pub(super) struct FirstPage {
    paging: Paging,
    /// The page key (resource and flags) it was asked with.
    key: String,
    from: NaiveDateTime,
    /// Its rows' ids and change times.
    rows: Vec<KeyRow>,
}

impl Run<'_> {
    /// Plans the windows while the range's first page downloads, and shows its rows as soon as
    /// they arrive. `Ok(Err(_))`: the plan failed (the caller decides); `Err`: the store failed.
    pub(super) async fn plan_with_first_page(
        &mut self,
        paging: Paging,
    ) -> Result<Result<VecDeque<Window>, ApiError>, Stop> {
        let job = self.job;
        if self.parallel.limit <= 1 {
            return Ok(self.plan(job.from, paging).await);
        }
        let whole = Window {
            from: job.from,
            to: job.to,
            expected: 0,
            counted: false,
        };
        let embed = relations::embed_first_page(&job.client, job.resource, job.opts.page_size);
        let mut cursor = window_cursor(job, &self.page_sizes, &whole, paging, embed);
        let Next::Fetch(q) = cursor.next_query() else {
            return Ok(self.plan(job.from, paging).await);
        };
        let mut ahead = Some(self.ask_ahead(q));
        let plan = plan_windows(
            &job.client,
            job.resource,
            job.from,
            job.to,
            &job.opts,
            paging,
        );
        tokio::pin!(plan);
        let planned = loop {
            let Some(a) = ahead.as_mut() else {
                break (&mut plan).await;
            };
            tokio::select! {
                planned = &mut plan => break planned,
                answer = a.answer(&job.client, job.resource) => {
                    ahead = None;
                    self.show_first(&mut cursor, paging, answer).await?;
                }
            }
        };
        let windows = match planned {
            Ok(w) => self.planned(w),
            // The count was refused before it left because the first page met a short 429 (a
            // server that answers one request at a time): wait for the same moment, then plan.
            Err(e) if self.wait_for_gate(&e).await => {
                self.check_polite();
                match self.plan(job.from, paging).await {
                    Ok(w) => w,
                    Err(e) => return Ok(Err(e)),
                }
            }
            Err(e) => return Ok(Err(e)),
        };
        if let Some(mut a) = ahead {
            // The plan came first: the page asked with its count is still on its way.
            if let Some(answer) = self.wait(a.answer(&job.client, job.resource)).await {
                self.show_first(&mut cursor, paging, answer).await?;
            }
        }
        Ok(Ok(windows))
    }

    /// Stores and shows the first page's rows (read with `cursor`, over the whole range) and
    /// keeps its keys for the first window. A failed page is left to the first window, which asks
    /// it again and handles its error.
    async fn show_first(
        &mut self,
        cursor: &mut Cursor,
        paging: Paging,
        answer: Result<crate::api::client::RawPage, ApiError>,
    ) -> Result<(), Stop> {
        let job = self.job;
        let page = match answer {
            Ok(page) => page,
            Err(e) => {
                tracing::info!("the first page asked with the plan failed ({e}); asked again");
                return Ok(());
            }
        };
        self.report.issues += page.issues.len() as u64;
        let rows = page
            .records
            .iter()
            .map(|r| KeyRow(r.id.clone(), r.changed_at))
            .collect();
        let mut records = cursor.advance(page.records);
        let names = relations::unembed(&job.client, cursor, &mut records);
        self.names.extend(names);
        self.flush(&mut records, job.from, None).await?;
        self.first = Some(FirstPage {
            paging,
            key: cursor.page_key(job.resource),
            from: job.from,
            rows,
        });
        Ok(())
    }

    /// Gives the first window the first page as its own first page, where it is exactly that:
    /// the same paging and flags, and every row inside the window (its rows are stored already).
    pub(super) fn take_first_page(&mut self, w: &Window, paging: Paging, cursor: &mut Cursor) {
        let Some(first) = self.first.take() else {
            return;
        };
        let inside = |r: &KeyRow| r.1.is_some_and(|c| c >= w.from && c < w.to);
        let same = first.paging == paging
            && first.from == w.from
            && first.key == cursor.page_key(self.job.resource)
            && cursor.pages == 0
            && !w.is_known_empty()
            && first.rows.iter().all(inside);
        if same {
            let _stored = cursor.advance(first.rows);
        }
    }
}

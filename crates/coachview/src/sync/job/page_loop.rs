//! The paging loop of one window: ask each page (the next one while this one is processed),
//! handle a refused flag, a 500 or a refused date-time form, and hand the rows to the store in
//! batches.

use super::{FLUSH_EVERY, Run, Stop, ahead};
use crate::api::ApiErrorKind;
use crate::api::raw::RawRecord;
use crate::sync::cursor::{Cursor, CursorStop, Next, Paging};
use crate::sync::plan::Window;

impl Run<'_> {
    /// The paging loop of one window; rows go to `pending`.
    pub(super) async fn read(
        &mut self,
        w: &Window,
        paging: Paging,
        cursor: &mut Cursor,
        pending: &mut Vec<RawRecord>,
    ) -> Result<(), Stop> {
        let job = self.job;
        let mut last_flush = crate::clock::Clock::system().instant();
        // The request for the next page, asked while the last one was processed.
        let mut ahead: Option<ahead::Ahead> = None;
        let mut trial = crate::sync::flags::Trial::default();
        loop {
            if self.cancel.is_cancelled() {
                return Err(Stop::Cancelled(cursor.position()));
            }
            let q = match cursor.next_query() {
                Next::Fetch(q) => q,
                Next::Done => return Ok(()),
                Next::Stop(CursorStop::NotHonoured(why)) => return Err(Stop::Downgrade(why)),
                Next::Stop(s) => return Err(Stop::Cursor(s, cursor.position())),
            };
            let answer = match self.take_prefetched(w, paging, &q).await {
                Some(page) => Ok(page),
                None if self.cancel.is_cancelled() => {
                    return Err(Stop::Cancelled(cursor.position()));
                }
                None => {
                    let started = crate::clock::Clock::system().instant();
                    let answer = self.list(&q, ahead.take()).await;
                    if crate::clock::Clock::system().since(started) > job.opts.slow_answer {
                        self.parallel.note_slow();
                    }
                    answer
                }
            };
            self.check_polite();
            if let Err(e) = &answer {
                if matches!(e.kind, ApiErrorKind::Server { .. }) {
                    self.impolite(super::parallel::Impolite::Failing);
                }
                if self.wait_for_gate(e).await {
                    continue;
                }
            }
            let page = match answer {
                Ok(p) => {
                    trial.answered(&job.client, cursor);
                    p
                }
                Err(e) if e.kind == ApiErrorKind::Cancelled => {
                    return Err(Stop::Cancelled(cursor.position()));
                }
                Err(e)
                    if matches!(e.kind, ApiErrorKind::BadRequest { .. })
                        && trial.bad_request(&job.client, cursor, &e) =>
                {
                    // A flag refused (or suspected): the same page once more without it.
                    continue;
                }
                Err(e)
                    if paging == Paging::Keyset
                        && matches!(e.kind, ApiErrorKind::BadRequest { .. }) =>
                {
                    return Err(Stop::Downgrade(format!("400 to {}", e.path)));
                }
                Err(e) if e.kind == (ApiErrorKind::Server { status: 500 }) => {
                    if cursor.narrow() {
                        tracing::warn!("500 at {}: narrowing the window once", e.path);
                        continue;
                    }
                    if paging != Paging::Keyset {
                        // Day ranges: the window is read in halves (or the day is named).
                        return Err(Stop::Timeout(e, cursor.position()));
                    }
                    return Err(Stop::Api(e, cursor.position()));
                }
                Err(e) => return Err(Stop::Api(e, cursor.position())),
            };
            self.report.issues += page.issues.len() as u64;
            if let Some(count) = page.row_count {
                cursor.note_count(count);
            }
            let dropped = cursor.dropped;
            let mut records = cursor.advance(page.records);
            // The next page downloads while this one is processed.
            if let Next::Fetch(next) = cursor.next_query()
                && !self.prefetching(w, paging)
            {
                ahead = Some(self.ask_ahead(next));
            }
            let names = crate::sync::relations::unembed(&job.client, cursor, &mut records);
            self.names.extend(names);
            pending.extend(records);
            if cursor.dropped > dropped {
                tracing::info!(
                    "{}: {} rows outside {}..{} dropped (range end included by the server?)",
                    job.resource,
                    cursor.dropped - dropped,
                    w.from,
                    w.to
                );
            }
            if let Some(size) = cursor.size.known() {
                self.page_sizes.insert(cursor.page_key(job.resource), size);
            }
            // The run's first rows go to the store and the table at once (first rows fast);
            // later ones in batches.
            if pending.len() >= self.job.opts.flush_rows.max(1)
                || crate::clock::Clock::system().since(last_flush) >= FLUSH_EVERY
                || self.seen.is_empty()
            {
                self.flush(pending, w.from, None).await?;
                last_flush = crate::clock::Clock::system().instant();
            }
        }
    }
}

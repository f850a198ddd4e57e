//! The proof of a window: the distinct records read must add up to the count it was planned
//! from. A window short of it is counted again (records may have moved out while it was read),
//! then read once more; still short, it is not committed and the sync stops naming the gap, so
//! stored rows are never pruned on a window that was not read completely.

use super::{Run, Stop};
use crate::api::raw::RawRecord;
use crate::sync::Window;
use crate::sync::cursor::{Cursor, CursorStop, Paging, window_query};
use crate::sync::{Days, Gap};

impl Run<'_> {
    /// Proves the window read into `cursor` complete, reading it once more if needed (the
    /// union of both reads counts). `Err` names the gap.
    pub(super) async fn prove(
        &mut self,
        w: &Window,
        paging: Paging,
        cursor: &mut Cursor,
        pending: &mut Vec<RawRecord>,
    ) -> Result<(), Stop> {
        let Some(expected) = cursor.expected() else {
            return Ok(());
        };
        if cursor.distinct() >= expected {
            return Ok(());
        }
        let job = self.job;
        let q = window_query(paging, w.from, w.to);
        let recount = match self.wait(job.client.count(job.resource, &q)).await {
            Some(Ok(n)) => n,
            Some(Err(e)) => return Err(Stop::Api(e, w.from)),
            None => return Err(Stop::Cancelled(w.from)),
        };
        if cursor.distinct() >= recount {
            return Ok(());
        }
        tracing::warn!(
            "{}: {} of {recount} records of {}..{} read; reading the window once more",
            job.resource,
            cursor.distinct(),
            w.from,
            w.to
        );
        let mut again = cursor.again(Some(recount));
        self.read(w, paging, &mut again, pending).await?;
        cursor.absorb(again);
        if cursor.distinct() >= recount {
            return Ok(());
        }
        let gap = Gap::Short {
            days: Days::of(w.from, w.to),
            read: cursor.distinct(),
            expected: recount,
        };
        tracing::warn!("{}: {gap}; the window is not committed", job.resource);
        Err(Stop::Cursor(CursorStop::Gap(gap), w.from))
    }
}

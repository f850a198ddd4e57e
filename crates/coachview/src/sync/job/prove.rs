//! The proof of a window: the distinct records read must add up to the count it was planned
//! from. A window short of it is counted again (records may have moved out while it was read),
//! then read once more; still short, it is not committed and the sync stops naming the gap, so
//! stored rows are never pruned on a window that was not read completely.

use super::{Run, Stop};
use crate::api::raw::RawRecord;
use crate::sync::Window;
use crate::sync::cursor::{Cursor, CursorStop, Paging, window_query};
use crate::sync::plan::split_point;
use crate::sync::{Days, Gap};
use std::collections::VecDeque;

impl Run<'_> {
    /// A planned count beyond any plausible value: the window that holds it, as a stop.
    pub(super) fn absurd(windows: &VecDeque<Window>) -> Option<Stop> {
        let w = windows
            .iter()
            .find(|w| w.expected > crate::sync::gap::MAX_PLAUSIBLE_COUNT)?;
        let gap = Gap::AbsurdCount {
            days: Days::of(w.from, w.to),
            count: w.expected,
        };
        Some(Stop::Cursor(CursorStop::Gap(gap), w.from))
    }

    /// The two halves of a window planned too coarse or answered with a 500: the first is
    /// counted, so each half is proven against a count.
    /// `split`: where to cut (the paging's own split points, or midnights to narrow a gap).
    pub(super) async fn halves(
        &mut self,
        w: &Window,
        paging: Paging,
        split: Paging,
    ) -> Result<[Window; 2], Stop> {
        let mid = split_point(split, w.from, w.to).ok_or_else(|| {
            let gap = Gap::ServerError {
                days: Days::of(w.from, w.to),
            };
            Stop::Cursor(CursorStop::Gap(gap), w.from)
        })?;
        let job = self.job;
        let q = window_query(paging, w.from, mid);
        let first = match self.wait(job.client.count(job.resource, &q)).await {
            Some(Ok(n)) => n,
            Some(Err(e)) => return Err(Stop::Api(e, w.from)),
            None => return Err(Stop::Cancelled(w.from)),
        };
        let half = |from, to, expected, counted| Window {
            from,
            to,
            expected,
            counted,
        };
        Ok([
            half(w.from, mid, first, true),
            half(mid, w.to, w.expected.saturating_sub(first), false),
        ])
    }

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
        // A derived count (a larger window's less its first half's) proves the window only
        // when the ids match it exactly; otherwise this window's own query is counted.
        let matched = match cursor.counted() {
            true => cursor.distinct() >= expected,
            false => cursor.distinct() == expected,
        };
        if matched {
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

//! What a window's cursor proves: the distinct records its query returned (against the count it
//! was planned from), a re-read's union, and the stops when the answers make no progress (a page
//! of rows already read, pages back in time, an absurd or growing count, pages a tenth of `take`).

use super::{Cursor, CursorStop, Paging, State, end_day};
use crate::sync::gap::{Days, Gap, MAX_PLAUSIBLE_COUNT};
use chrono::{Duration, NaiveDateTime};

impl Cursor {
    /// A fresh cursor over the same window with the same flags and page size, checked against
    /// `expected` (a re-read).
    pub fn again(&self, expected: Option<u64>) -> Cursor {
        let mut c = Cursor::new(
            self.from,
            self.to,
            self.paging,
            self.size,
            expected,
            self.safe_skip,
        );
        c.flags = self.flags.clone();
        c.desc = self.desc;
        c.day_moves = false;
        c
    }

    /// Distinct records the window's query returned so far (inside the window or not): what the
    /// count it was planned from must equal.
    pub fn distinct(&self) -> u64 {
        (self.ids.len() + self.outside.len()) as u64 + self.anonymous
    }

    /// The count the window is checked against.
    pub fn expected(&self) -> Option<u64> {
        self.expected
    }

    /// Whether [`Cursor::expected`] is a count of exactly this window's query.
    pub fn counted(&self) -> bool {
        self.counted
    }

    /// Takes what another read of the same window found (a re-read): the union of both.
    pub fn absorb(&mut self, other: Cursor) {
        for id in other.ids {
            self.outside.remove(&id);
            self.ids.insert(id);
        }
        for id in other.outside {
            if !self.ids.contains(&id) {
                self.outside.insert(id);
            }
        }
        self.anonymous = self.anonymous.max(other.anonymous);
        self.latest = self.latest.max(other.latest);
        self.dropped += other.dropped;
    }

    /// True when a row changed at `c` (outside the window) may still belong to the count of the
    /// window's query: whole days in day paging (plus the day after, for an end-inclusive
    /// server); never in keyset paging (its query is exactly the window).
    pub(super) fn in_query_span(&self, c: NaiveDateTime) -> bool {
        match self.paging {
            Paging::Keyset => false,
            Paging::Days { .. } => {
                let start = self.from.date().and_time(chrono::NaiveTime::MIN);
                let end = (end_day(self.to) + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
                c >= start && c < end
            }
        }
    }

    pub(super) fn gap_days(&self) -> crate::sync::gap::Days {
        Days::of(self.from, self.to)
    }

    /// A `RowCount` a page carried: absurd (above any plausible value, or grown by more than
    /// the rows pages could hold since the window was counted) stops the window. A derived
    /// count is no measure of growth (it may be lower than the window's query holds).
    pub fn note_count(&mut self, count: u64) {
        let grown = self.expected.filter(|_| self.counted).is_some_and(|e| {
            count > e.saturating_add(self.pages.max(1).saturating_mul(self.size.take()))
        });
        if count > MAX_PLAUSIBLE_COUNT || grown {
            self.stop = Some(CursorStop::Gap(Gap::AbsurdCount {
                days: self.gap_days(),
                count,
            }));
        }
    }

    /// Stops the window when the server's pages are a tenth of `take` or less while its count
    /// would need hundreds of them more. True when stopped.
    pub(super) fn tiny_pages(&mut self) -> bool {
        if self.stop.is_some() {
            return true;
        }
        let (Some(cap), Some(count)) = (self.size.learned(), self.expected) else {
            return false;
        };
        let left = count.saturating_sub(self.distinct()).div_ceil(cap.max(1));
        if cap.saturating_mul(10) > self.size.take() || left <= 200 {
            return false;
        }
        self.stop = Some(CursorStop::Gap(Gap::TinyPages {
            days: self.gap_days(),
            size: cap,
            count,
        }));
        true
    }

    /// Stops the window when a page brought nothing new or went back in time (ascending pages
    /// must not start before the last page's latest change, descending ones not after its
    /// earliest). True when stopped.
    pub(super) fn no_progress(
        &mut self,
        n: u64,
        fresh: bool,
        met: bool,
        lo: Option<NaiveDateTime>,
        hi: Option<NaiveDateTime>,
    ) -> bool {
        if self.stop.is_some() {
            // Already stopped (an absurd count on this page): that reason stands.
            return true;
        }
        let days = self.gap_days();
        if n > 0 && !fresh && !met {
            if n >= self.size.limit() {
                // A whole page of rows already read: the server repeats itself.
                self.stop = Some(CursorStop::Gap(Gap::NoProgress { days }));
            } else {
                // A short tail of rows already read: the end (the window's proof decides).
                self.state = State::Done;
            }
            return true;
        }
        let desc = self.state == State::Desc;
        let back = match (self.edge, desc) {
            (Some(edge), false) => lo.is_some_and(|l| l < edge),
            (Some(edge), true) => hi.is_some_and(|h| h > edge),
            (None, _) => false,
        };
        if back && !met {
            self.stop = Some(CursorStop::Gap(Gap::BackInTime { days }));
            return true;
        }
        let next = if desc { lo } else { hi };
        self.edge = next.or(self.edge);
        false
    }
}

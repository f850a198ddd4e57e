//! The paging cursor of one window, pure (no I/O): [`Cursor::next_query`] says what to ask,
//! [`Cursor::advance`] takes the rows the server answered and returns the ones to keep.
//!
//! Two ways to page a window `[from, to)`:
//! - `Days` (the documented baseline): `audittrail.gewijzigddatumtijd=D,E` in `dd-mm-yyyy`,
//!   `orderby … asc` with `skip`/`take`. After each page the range moves on to the day of the
//!   last row read (`=D',E`, skipping the rows of `D'` already read), so `skip` stays below a
//!   day's changes (a deep skip is what makes Coachview slow) and a window of many days is read in
//!   one pass whatever its size. A single day busier than the safe skip is read (only where `desc`
//!   is proven) `desc` until it meets what the ascending pass saw (deduplicated by id); busier
//!   than that: stop, naming the day. A re-read of a window found short pages the whole range
//!   with plain `skip` (in case the server's day filter and its change times disagree).
//! - `Keyset` (only when date-times in `where` are proven on this connection): `>= t` and `< end`
//!   with `skip` only over records sharing the time `t`.
//!
//! A page ends the window when it is shorter than the page size learned for this resource and flag
//! set, unless the window's count says more. Rows outside the window are dropped (an end-inclusive
//! range), rows seen before are skipped. What the window's answers prove (distinct ids against its
//! count) and the stops when they make no progress live in `cursor/proof.rs`.

use crate::api::decode::{changed_at, record_id};
use crate::api::query::{CHANGED_FIELD, CHANGED_ORDER_FIELD};
use crate::api::raw::RawRecord;
use crate::api::{Dir, Op, Query};
use chrono::{Duration, NaiveDate, NaiveDateTime, SubsecRound};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;

mod page_size;
mod proof;
mod step;
mod window;

pub use page_size::{PageEnd, PageSize};
use window::end_day;
pub use window::{days_query, window_query};

/// What the cursor reads of a row: its id and change time.
pub trait Row {
    /// The row's Coachview id; `None` when it has none (the row is still counted).
    fn row_id(&self) -> Option<Cow<'_, str>>;
    /// The row's `auditTrail.gewijzigdDatumTijd`; `None` when missing or unreadable.
    fn row_changed_at(&self) -> Option<NaiveDateTime>;
}

impl Row for Value {
    fn row_id(&self) -> Option<Cow<'_, str>> {
        record_id(self).map(Cow::Owned)
    }
    fn row_changed_at(&self) -> Option<NaiveDateTime> {
        changed_at(self)
    }
}

impl Row for RawRecord {
    fn row_id(&self) -> Option<Cow<'_, str>> {
        self.id.as_deref().map(Cow::Borrowed)
    }
    fn row_changed_at(&self) -> Option<NaiveDateTime> {
        self.changed_at
    }
}

/// How windows are paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Whole-day ranges and skip/take; `inclusive_end` when `=D1,D2` is known to include `D2`.
    Days {
        /// True when `=D1,D2` is known to include `D2` on this connection.
        inclusive_end: bool,
    },
    /// Date-time keyset paging (proven capability only).
    Keyset,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Ask the server for this page.
    Fetch(Query),
    /// The window is read completely.
    Done,
    /// The window cannot be read completely, and why.
    Stop(CursorStop),
}

/// Why a window cannot be read completely.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorStop {
    /// A day holds more than both directions can read within the safe skip.
    TooBusy {
        /// The day that is too busy.
        day: NaiveDate,
        /// How many changes the server counted that day.
        count: u64,
    },
    /// More records share one change time than the safe skip.
    TooManyTies(NaiveDateTime),
    /// The server did not honour a date-time filter or the order (keyset is unsafe here).
    NotHonoured(String),
    /// The answers cannot be trusted (no progress, back in time, an absurd count).
    Gap(super::gap::Gap),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Asc,
    Desc,
    Done,
}

/// The cursor of one window.
#[derive(Debug, Clone)]
pub struct Cursor {
    from: NaiveDateTime,
    to: NaiveDateTime,
    paging: Paging,
    /// The page size this window learnt so far (carried into the next window).
    pub size: PageSize,
    expected: Option<u64>,
    /// Whether `expected` is a count of exactly this window's query (not one derived by
    /// subtracting another window's count from a larger one's).
    counted: bool,
    safe_skip: u64,
    flags: Vec<&'static str>,
    /// A busy day may be read from the other end (`orderby … desc` is proven here).
    desc: bool,
    state: State,
    stop: Option<CursorStop>,
    skip: u64,
    t: NaiveDateTime,
    end: NaiveDateTime,
    narrowed_at: Option<(NaiveDateTime, u64)>,
    asc_ids: HashSet<String>,
    /// Ids of the window's records read so far.
    pub ids: HashSet<String>,
    /// Ids of rows the window's query returned outside `[from, to)` (whole-day ranges): they
    /// count towards the planned count, which covers the same query.
    pub outside: HashSet<String>,
    /// Rows without an id (counted, never deduplicated).
    pub anonymous: u64,
    /// Pages read.
    pub pages: u64,
    /// The latest (ascending) or earliest (descending) change time of the last page.
    edge: Option<NaiveDateTime>,
    /// The newest change time read.
    pub latest: Option<NaiveDateTime>,
    /// Day paging, ascending: the day of the last row of the current query's answers and how
    /// many of those answers lay on it (what to skip when the range moves on to that day).
    day_run: Option<(NaiveDate, u64)>,
    /// Day paging: whether the range may move on by day (off for a re-read).
    day_moves: bool,
    /// Rows dropped because they lay outside the window.
    pub dropped: u64,
}

impl Cursor {
    /// A cursor over `[from, to)`; `expected` is the planned count (a hint only).
    pub fn new(
        from: NaiveDateTime,
        to: NaiveDateTime,
        paging: Paging,
        size: PageSize,
        expected: Option<u64>,
        safe_skip: u64,
    ) -> Cursor {
        Cursor {
            from,
            to,
            paging,
            size,
            expected,
            counted: true,
            safe_skip,
            flags: Vec::new(),
            desc: true,
            state: State::Asc,
            stop: None,
            skip: 0,
            t: from,
            end: to,
            narrowed_at: None,
            asc_ids: HashSet::new(),
            ids: HashSet::new(),
            outside: HashSet::new(),
            anonymous: 0,
            pages: 0,
            edge: None,
            latest: None,
            dropped: 0,
            day_run: None,
            day_moves: true,
        }
    }

    /// Whether a busy day may be read from its other end (only where `desc` is proven; else a
    /// day busier than the safe skip stops, naming the day).
    pub fn with_desc(mut self, allowed: bool) -> Cursor {
        self.desc = allowed;
        self
    }

    /// Whether the expected count was counted for exactly this window (`true`, the default) or
    /// derived: a larger window's count less its first half's. A derived count is only a lower
    /// bound where the server includes a range's end day (unknown until probed): both counts
    /// then hold the day they share, and this window's query holds it too.
    pub fn with_counted(mut self, counted: bool) -> Cursor {
        self.counted = counted;
        self
    }

    /// Adds `flag=true` to every page query (e.g. `InclusiefExtraVelden`).
    pub fn with_flag(mut self, flag: &'static str) -> Cursor {
        self.flags.push(flag);
        self
    }

    /// Adds `flag` again (it was taken off on trial); the paging position is kept.
    pub fn add_flag(&mut self, flag: &'static str) {
        if !self.flags.contains(&flag) {
            self.flags.push(flag);
        }
    }

    /// Stops adding `flag` (a tenant refused it mid-run); the paging position is kept.
    pub fn without_flag(&mut self, flag: &str) {
        self.flags.retain(|f| *f != flag);
    }

    /// The key its page size is learned under: the resource and the flags sent.
    pub fn page_key(&self, resource: crate::resource::Resource) -> String {
        crate::api::capabilities::page_key(resource, &self.flags)
    }

    /// Whether `flag` is added to the page queries.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }

    /// The next request, or the end.
    pub fn next_query(&self) -> Next {
        if let Some(stop) = &self.stop {
            return Next::Stop(stop.clone());
        }
        let base = match (self.state, self.paging) {
            (State::Done, _) => return Next::Done,
            (State::Asc, Paging::Keyset) => {
                let base = if self.t == self.from && self.skip == 0 && self.end == self.to {
                    window_query(self.paging, self.from, self.to)
                } else {
                    Query::new()
                        .where_datetime(CHANGED_FIELD, Op::Ge, self.t)
                        .where_datetime(CHANGED_FIELD, Op::Lt, self.end)
                };
                base.orderby(CHANGED_ORDER_FIELD, Dir::Asc)
            }
            (state, Paging::Days { .. }) => {
                let dir = if state == State::Desc {
                    Dir::Desc
                } else {
                    Dir::Asc
                };
                window_query(self.paging, self.t, self.to).orderby(CHANGED_ORDER_FIELD, dir)
            }
            (State::Desc, Paging::Keyset) => return Next::Done,
        };
        let q = self
            .flags
            .iter()
            .fold(base, |q, f| q.flag(f, true))
            .skip(self.skip)
            .take(self.size.take());
        Next::Fetch(q)
    }

    /// The change time from which records may be missing if the window stops now.
    pub fn position(&self) -> NaiveDateTime {
        match self.paging {
            Paging::Keyset => self.t,
            Paging::Days { .. } => self.from,
        }
    }

    /// After a 500 in keyset paging: narrow the range once at this position. False when that
    /// was already tried (the 500 stands).
    pub fn narrow(&mut self) -> bool {
        let mid = (self.t + (self.end - self.t) / 2).trunc_subsecs(3);
        if self.paging != Paging::Keyset
            || self.narrowed_at == Some((self.t, self.skip))
            || mid <= self.t
            || self.end - self.t < Duration::seconds(2)
        {
            return false;
        }
        self.narrowed_at = Some((self.t, self.skip));
        self.end = mid;
        true
    }

    /// What the expected count says of more rows after a short page: more while fewer were
    /// read; none only when a count of this window's query was met exactly. A derived count (it
    /// may be lower than the window's query holds) or one the reading passed (rows changed into
    /// the window, or a count that is not of this query) says nothing: the short page is then
    /// confirmed as for a window without a count.
    fn more_expected(&self) -> Option<bool> {
        match self.distinct().cmp(&self.expected?) {
            std::cmp::Ordering::Less => Some(true),
            std::cmp::Ordering::Equal if self.counted => Some(false),
            _ => None,
        }
    }

    /// Takes one page; returns the rows to store (inside the window, not seen before).
    pub fn advance<R: Row>(&mut self, rows: Vec<R>) -> Vec<R> {
        let n = rows.len() as u64;
        self.pages += 1;
        let mut kept = Vec::with_capacity(rows.len());
        let mut met = false;
        let mut past_end = false;
        let mut prev = self.t;
        let mut fresh = false;
        let (mut lo, mut hi) = (None::<NaiveDateTime>, None::<NaiveDateTime>);
        for r in rows {
            let at = r.row_changed_at();
            if let Some(c) = at {
                lo = Some(lo.map_or(c, |l| l.min(c)));
                hi = hi.max(Some(c));
            }
            if let Some(c) = at
                && self.state == State::Asc
            {
                self.day_run = match self.day_run {
                    Some((d, k)) if d == c.date() => Some((d, k + 1)),
                    _ => Some((c.date(), 1)),
                };
            }
            if let Some(c) = at {
                if c < self.from || c >= self.to {
                    past_end |= c >= self.to;
                    self.dropped += 1;
                    // Counted only when the window's day-range query may hold it (the days it
                    // touches, and the day after for a server that includes the range end).
                    if self.in_query_span(c)
                        && let Some(id) = r.row_id()
                        && !self.ids.contains(id.as_ref())
                    {
                        fresh |= self.outside.insert(id.into_owned());
                    }
                    continue;
                }
                if self.paging == Paging::Keyset {
                    if c < prev {
                        let text = format!("change time {c} before {prev} in an ascending page");
                        self.stop = Some(CursorStop::NotHonoured(text));
                        return kept;
                    }
                    prev = c;
                }
                self.latest = self.latest.max(Some(c));
            }
            if let Some(id) = r.row_id() {
                if self.state == State::Desc && self.asc_ids.contains(id.as_ref()) {
                    met = true;
                }
                if self.ids.contains(id.as_ref()) {
                    continue;
                }
                if self.state == State::Asc && self.paging != Paging::Keyset {
                    self.asc_ids.insert(id.to_string());
                }
                self.outside.remove(id.as_ref());
                self.ids.insert(id.into_owned());
                fresh = true;
            } else {
                self.anonymous += 1;
            }
            kept.push(r);
        }
        if self.no_progress(n, fresh, met, lo, hi) {
            return kept;
        }
        let end = self.size.after_page(n, self.more_expected());
        if self.tiny_pages() {
            return kept;
        }
        match self.paging {
            Paging::Keyset => self.advance_keyset(end, past_end, &kept, n),
            Paging::Days { .. } => self.advance_days(end, met, n),
        }
        kept
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_days;

//! How the cursor moves on after a page: keyset to the last change time read, day ranges to
//! the last row's day (or the other end of a busy day), and when a window is read.

use super::{Cursor, CursorStop, PageEnd, Row, State};

impl Cursor {
    pub(super) fn advance_keyset<R: Row>(
        &mut self,
        end: PageEnd,
        past_end: bool,
        kept: &[R],
        n: u64,
    ) {
        if end == PageEnd::Last || past_end {
            if self.end < self.to && !past_end {
                (self.t, self.skip, self.end) = (self.end, 0, self.to);
            } else {
                self.state = State::Done;
            }
            return;
        }
        match kept.iter().filter_map(Row::row_changed_at).max() {
            Some(lt) if lt > self.t => {
                self.skip = kept
                    .iter()
                    .filter(|r| r.row_changed_at() == Some(lt))
                    .count() as u64;
                self.t = lt;
            }
            _ => self.skip += n,
        }
        if self.skip > self.safe_skip {
            self.stop = Some(CursorStop::TooManyTies(self.t));
        }
        self.end = self.to;
    }

    pub(super) fn advance_days(&mut self, end: PageEnd, met: bool, n: u64) {
        if met || end == PageEnd::Last {
            self.state = State::Done;
            return;
        }
        self.skip += n;
        if self.state == State::Asc
            && self.day_moves
            && let Some((day, k)) = self.day_run
            && let next = day.and_time(chrono::NaiveTime::MIN)
            && next > self.t
            && next < self.to
            && k <= self.safe_skip
        {
            // The days before the last row's day were read up to here: ask from that day on,
            // skipping its rows already read (the window's proof still counts every id).
            (self.t, self.skip) = (next, k);
        }
        if self.skip > self.safe_skip {
            if self.state == State::Asc && self.desc {
                (self.state, self.skip, self.edge) = (State::Desc, 0, None);
            } else {
                let count = self.expected.unwrap_or(0).max(self.distinct());
                self.stop = Some(CursorStop::TooBusy {
                    day: self.t.date(),
                    count,
                });
            }
        }
    }
}

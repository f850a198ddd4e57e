//! The screens' clock: what "today" and "now" mean to the UI (the default date range, the quick
//! ranges, saved views, the "as of" stamp, export file names). Real by default; a test starts it
//! at a fixed moment so date-dependent screens do not depend on the calendar.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::time::Instant;

/// The system clock, or one started at a fixed local time that then runs at real speed (like the
/// simulator's clock: give both the same start and they agree on "today").
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    /// The local wall time it started at, and when.
    start: Option<(NaiveDateTime, Instant)>,
}

impl Clock {
    /// The computer's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start` (local wall time) now and runs on from there.
    pub fn starting_at(start: NaiveDateTime) -> Clock {
        Clock {
            start: Some((start, Instant::now())),
        }
    }

    /// Local wall time now.
    pub(crate) fn now(&self) -> NaiveDateTime {
        match self.start {
            None => Local::now().naive_local(),
            Some((start, at)) => {
                start + chrono::Duration::from_std(at.elapsed()).unwrap_or_default()
            }
        }
    }

    /// The local date today.
    pub(crate) fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// Now as a UTC instant (a local time that does not exist, in a DST gap, reads as the
    /// earliest valid one; failing that, the computer's clock).
    pub(crate) fn now_utc(&self) -> DateTime<Utc> {
        match self.start {
            None => Utc::now(),
            Some(_) => Local
                .from_local_datetime(&self.now())
                .earliest()
                .map_or_else(Utc::now, |t| t.with_timezone(&Utc)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_clock_reads_its_start_and_runs_on() {
        let start = NaiveDate::from_ymd_opt(2026, 3, 18)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default();
        let clock = Clock::starting_at(start);
        assert_eq!(clock.today(), start.date());
        let now = clock.now();
        assert!(now >= start && now < start + chrono::Duration::seconds(5));
        assert_eq!(
            clock.now_utc().with_timezone(&Local).date_naive(),
            start.date()
        );
    }

    #[test]
    fn the_system_clock_is_the_computers() {
        let before = Local::now().naive_local();
        let now = Clock::system().now();
        assert!(now >= before && now - before < chrono::Duration::seconds(5));
    }
}

//! The one clock of coachdesk: what "now", "today" and "how long since" mean to the app, the
//! worker, the outbox, the API client and the simulator. Everything reads time through a
//! [`Clock`]; `clippy.toml` forbids `Utc::now`, `Local::now`, `Instant::now` and
//! `SystemTime::now` everywhere else.
//!
//! [`Clock::system`] is the computer's clock. A test takes [`Clock::stepped`]: it starts at a
//! given local wall time and moves only when [`Clock::advance`] steps it, so a 600 ms debounce
//! or a one-second autosave is tested without waiting. [`Clock::starting_at`] starts at a given
//! time and then runs at real speed (for tests that talk to a real server thread over time).
//! Clones share the same time (one `Arc`), so the app, its screens and its worker agree.

// The one place that reads the machine's clocks.
#![allow(clippy::disallowed_methods)]

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// The system clock, or a test clock started at a fixed local time. Cheap to clone; clones share
/// their time.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the computer's clock.
    fake: Option<Arc<Fake>>,
}

#[derive(Debug)]
struct Fake {
    /// The local wall time it started at.
    start: NaiveDateTime,
    /// The real instant it started at: the base of its monotonic instants.
    base: Instant,
    /// Whether real time moves it too (`starting_at`) or only steps do (`stepped`).
    runs: bool,
    /// How far it was stepped.
    stepped: Mutex<Duration>,
}

impl Clock {
    /// The computer's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A test clock that reads `start` (local wall time) and moves only when
    /// [`advance`](Clock::advance)d.
    pub fn stepped(start: NaiveDateTime) -> Clock {
        Clock::fake(start, false)
    }

    /// A clock that reads `start` (local wall time) now and runs on at real speed (like the
    /// simulator's clock: give both the same start and they agree on "today"); steps add to it.
    pub fn starting_at(start: NaiveDateTime) -> Clock {
        Clock::fake(start, true)
    }

    fn fake(start: NaiveDateTime, runs: bool) -> Clock {
        Clock {
            fake: Some(Arc::new(Fake {
                start,
                base: Instant::now(),
                runs,
                stepped: Mutex::new(Duration::ZERO),
            })),
        }
    }

    /// Whether this is the computer's clock.
    pub fn is_system(&self) -> bool {
        self.fake.is_none()
    }

    /// Moves a test clock (and all its clones) `by` forward. The system clock cannot be moved:
    /// this does nothing there.
    pub fn advance(&self, by: Duration) {
        if let Some(fake) = &self.fake {
            let mut stepped = fake
                .stepped
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            *stepped = stepped.saturating_add(by);
        }
    }

    /// How far a test clock is from its start.
    fn offset(fake: &Fake) -> Duration {
        let stepped = *fake
            .stepped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if fake.runs {
            stepped.saturating_add(fake.base.elapsed())
        } else {
            stepped
        }
    }

    /// Local wall time now.
    pub fn now(&self) -> NaiveDateTime {
        match &self.fake {
            None => Local::now().naive_local(),
            Some(fake) => {
                fake.start + chrono::Duration::from_std(Clock::offset(fake)).unwrap_or_default()
            }
        }
    }

    /// The local date today.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// Now as a UTC instant (a local time that does not exist, in a DST gap, reads as the
    /// earliest valid one; failing that, as if it were UTC).
    pub fn now_utc(&self) -> DateTime<Utc> {
        match &self.fake {
            None => Utc::now(),
            Some(_) => {
                let now = self.now();
                Local
                    .from_local_datetime(&now)
                    .earliest()
                    .map_or_else(|| Utc.from_utc_datetime(&now), |t| t.with_timezone(&Utc))
            }
        }
    }

    /// Now in this computer's zone.
    pub fn now_local(&self) -> DateTime<Local> {
        match &self.fake {
            None => Local::now(),
            Some(_) => self.now_utc().with_timezone(&Local),
        }
    }

    /// Now as a [`SystemTime`] (file times, seeds).
    pub fn system_time(&self) -> SystemTime {
        match &self.fake {
            None => SystemTime::now(),
            Some(_) => SystemTime::from(self.now_utc()),
        }
    }

    /// A monotonic instant for measuring durations (debounce, autosave, notices, retries,
    /// throughput). A test clock's instants move with its steps.
    pub fn instant(&self) -> Instant {
        match &self.fake {
            None => Instant::now(),
            Some(fake) => fake.base + Clock::offset(fake),
        }
    }

    /// How long since `earlier` (an instant of this clock); zero if `earlier` is later.
    pub fn since(&self, earlier: Instant) -> Duration {
        self.instant().saturating_duration_since(earlier)
    }
}

/// A date-time as sortable ISO text with milliseconds, `2025-01-16T15:47:18.433`: how
/// Coachview writes auditTrail times, how the simulator writes them and how the record store
/// keeps change times. Written field by field (a sync stamps every row and a million-record
/// simulator writes millions; chrono parses its pattern each time); a year outside 0–9999 or a
/// leap second goes through chrono, which writes those its own way.
pub fn iso_millis(t: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if t.nanosecond() >= 1_000_000_000 || !(0..=9999).contains(&year) {
        return t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
    }
    format!(
        "{year:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}",
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() / 1_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 18)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn a_stepped_clock_moves_only_when_stepped_and_its_clones_with_it() {
        let clock = Clock::stepped(start());
        let copy = clock.clone();
        let t0 = clock.instant();
        assert_eq!(clock.now(), start());
        assert_eq!(clock.today(), start().date());
        assert_eq!(clock.since(t0), Duration::ZERO);
        copy.advance(Duration::from_millis(600));
        assert_eq!(clock.since(t0), Duration::from_millis(600));
        assert_eq!(clock.now(), start() + chrono::Duration::milliseconds(600));
        assert_eq!(
            clock.now_utc().with_timezone(&Local).naive_local(),
            clock.now()
        );
        copy.advance(Duration::from_secs(12 * 3600));
        assert_eq!(clock.today(), start().date().succ_opt().unwrap_or_default());
    }

    #[test]
    fn a_started_clock_reads_its_start_and_runs_on() {
        let clock = Clock::starting_at(start());
        assert_eq!(clock.today(), start().date());
        let now = clock.now();
        assert!(now >= start() && now < start() + chrono::Duration::seconds(5));
        assert_eq!(
            clock.now_utc().with_timezone(&Local).date_naive(),
            start().date()
        );
    }

    #[test]
    fn the_system_clock_is_the_computers_and_does_not_step() {
        let clock = Clock::system();
        let before = Local::now().naive_local();
        clock.advance(Duration::from_secs(3600));
        let now = clock.now();
        assert!(now >= before && now - before < chrono::Duration::seconds(5));
        assert!(clock.is_system());
    }

    /// A change time is stored as exactly what chrono's pattern writes (the store's ordering and
    /// range queries compare these texts).
    #[test]
    fn iso_millis_is_chronos_pattern() {
        use chrono::{NaiveDate, NaiveTime};
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for t in [
            day(2026, 1, 16).and_hms_milli_opt(15, 47, 18, 433).unwrap(),
            day(2026, 12, 6).and_time(NaiveTime::MIN),
            day(999, 3, 4)
                .and_hms_nano_opt(1, 2, 3, 999_999_999)
                .unwrap(),
            day(2024, 6, 30)
                .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
                .unwrap(),
            day(12_345, 1, 1).and_time(NaiveTime::MIN),
        ] {
            assert_eq!(iso_millis(t), t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string());
        }
    }
}

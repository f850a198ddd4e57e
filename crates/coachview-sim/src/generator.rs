//! The simulator's seeded generator: the RNG, change times weighted towards busy weekdays,
//! etags, ids, postcodes and addresses (the records themselves are built in `records.rs`).

use super::config::SimConfig;
use super::fresh::{audit_trail, new_guid};
use super::names::*;
use chrono::{Datelike, Duration, NaiveDateTime, NaiveTime, Weekday};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

/// How many days back generated change times reach.
pub const HISTORY_DAYS: i64 = 400;

/// Generator state: the seeded RNG, the day weights and the etag counter.
pub(super) struct Gen {
    pub(super) rng: StdRng,
    pub(super) now: NaiveDateTime,
    /// Cumulative weights of day offsets 0..HISTORY_DAYS (0 = today).
    day_weights: Vec<f64>,
    pub(super) etag: i64,
}

impl Gen {
    pub(super) fn new(cfg: &SimConfig) -> Gen {
        let mut rng = StdRng::seed_from_u64(cfg.seed);
        let mut total = 0.0;
        let mut day_weights = Vec::with_capacity(HISTORY_DAYS as usize);
        for offset in 0..HISTORY_DAYS {
            let day = cfg.now.date() - Duration::days(offset);
            let mut w = match day.weekday() {
                Weekday::Sat | Weekday::Sun => 0.04,
                _ => 1.0,
            };
            if rng.random_bool(0.06) {
                w *= 8.0; // a busy day: a mailing, a course start, an import
            }
            total += w;
            day_weights.push(total);
        }
        Gen {
            rng,
            now: cfg.now,
            day_weights,
            etag: 240_000_000,
        }
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // Only called with the non-empty word lists and generated tables (all at least 15 long).
        items.choose(&mut self.rng).unwrap_or(&items[0])
    }

    /// The index of the item [`Gen::pick`] would pick (the same draw).
    pub(super) fn pick_index<T>(&mut self, items: &[T]) -> usize {
        let picked = self.pick(items);
        let size = std::mem::size_of::<T>().max(1);
        (std::ptr::from_ref(picked) as usize - items.as_ptr() as usize) / size
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.random_range(lo..=hi)
    }

    pub(super) fn id(&mut self) -> String {
        new_guid(&mut self.rng)
    }

    /// The GUID [`Gen::id`] would make (the same draws), as its 16 bytes.
    pub(super) fn guid(&mut self) -> [u8; 16] {
        let bytes: [u8; 16] = self.rng.random();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .into_bytes()
    }

    /// A change time in office hours, weighted towards busy weekdays, never after `now`.
    pub(super) fn change_time(&mut self) -> NaiveDateTime {
        let total = self.day_weights.last().copied().unwrap_or(1.0);
        let x = self.rng.random_range(0.0..total);
        let offset = self.day_weights.partition_point(|w| *w < x) as i64;
        let day = self.now.date() - Duration::days(offset);
        let secs = self.range(8 * 3600, 18 * 3600 - 1) as u32;
        let millis = self.range(0, 999) as u32;
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, millis * 1_000_000)
            .unwrap_or(NaiveTime::MIN);
        let t = day.and_time(time);
        if t > self.now {
            t - Duration::days(1)
        } else {
            t
        }
    }

    /// An auditTrail: changed in the history, created some time before.
    pub(super) fn audit(&mut self) -> (Value, NaiveDateTime) {
        let changed = self.change_time();
        let created = if self.chance(0.4) {
            changed
        } else {
            changed - Duration::minutes(self.range(5, 200 * 24 * 60))
        };
        self.etag += self.range(1, 40);
        let mut audit = audit_trail(created, changed, self.etag);
        let by = *self.pick(GEBRUIKERS);
        audit["aangemaaktDoor"] = by.into();
        audit["gewijzigdDoor"] = (*self.pick(GEBRUIKERS)).into();
        (audit, changed)
    }

    pub(super) fn postcode(&mut self, prefix: u32) -> String {
        const LETTERS: &[u8] = b"ABCDEGHJKLMNPRSTVWXZ";
        let digits = prefix * 100 + self.range(10, 99) as u32;
        loop {
            let a = *self.pick(LETTERS) as char;
            let b = *self.pick(LETTERS) as char;
            if !(a == 'S' && matches!(b, 'A' | 'D' | 'S')) {
                return format!("{digits} {a}{b}");
            }
        }
    }
}

//! Why a window could not be proven complete: typed facts the UI and the CLI word (NL/EN).
//!
//! A window is committed (its stored rows pruned, the cursor moved) only when the distinct
//! records read add up to the count it was planned from. When they do not, after one recount and
//! one re-read, the sync stops with a [`Gap`] naming the day(s) and what is missing; stored rows
//! are never pruned on an unproven window.

use crate::i18n::Text;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Counts above this are not believed (no Coachview tenant holds ten million changes in a range).
pub(crate) const MAX_PLAUSIBLE_COUNT: u64 = 10_000_000;

/// The days a window touches, as shown to the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    /// The first day.
    pub first: NaiveDate,
    /// The last day (the same as `first` for a window within one day).
    pub last: NaiveDate,
}

impl Days {
    /// The days touched by `[from, to)`.
    pub fn of(from: NaiveDateTime, to: NaiveDateTime) -> Days {
        let last = if to.time() == NaiveTime::MIN && to.date() > from.date() {
            to.date() - Duration::days(1)
        } else {
            to.date()
        };
        Days {
            first: from.date(),
            last: last.max(from.date()),
        }
    }

    /// `14-11-2026`, or `14-11-2026 – 20-11-2026`.
    pub fn label(self) -> String {
        let f = |d: NaiveDate| d.format("%d-%m-%Y").to_string();
        if self.first == self.last {
            f(self.first)
        } else {
            format!("{} – {}", f(self.first), f(self.last))
        }
    }
}

impl std::fmt::Display for Days {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// Why a window's records could not be proven complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Gap {
    /// Fewer distinct records arrived than the server counted, after a recount and a re-read.
    #[error("{} of {expected} records of {days} could not be read", expected - read)]
    Short {
        /// The window's days.
        days: Days,
        /// Distinct records read.
        read: u64,
        /// The server's count.
        expected: u64,
    },
    /// A page held only records already read (the server ignores `skip`, or repeats itself).
    #[error("the server repeated records already read for {days} instead of the next ones")]
    NoProgress {
        /// The window's days.
        days: Days,
    },
    /// A page went back in time against the order asked.
    #[error("the server's pages for {days} went back in time")]
    BackInTime {
        /// The window's days.
        days: Days,
    },
    /// The server gives so few rows a page that reading the window would take hundreds of
    /// requests more than its count needs.
    #[error(
        "the server gives {size} records a page; {count} records of {days} would take too many requests"
    )]
    TinyPages {
        /// The window's days.
        days: Days,
        /// Rows a page.
        size: u64,
        /// The window's count.
        count: u64,
    },
    /// Coachview answered 500 (usually a timeout) for one day, and the day cannot be narrowed
    /// (date-times in filters are not proven on this connection).
    #[error(
        "the server answered 500 for the changes of {days}, which cannot be read in smaller parts here"
    )]
    ServerError {
        /// The day.
        days: Days,
    },
    /// The server counted more than is plausible, or its count grew faster than pages were read.
    #[error("the server counts {count} records for {days}, which cannot be right")]
    AbsurdCount {
        /// The window's days.
        days: Days,
        /// The count it gave.
        count: u64,
    },
}

impl Gap {
    /// The message key (`{key}.title`, `.what`, `.todo` in the string tables).
    pub fn key(&self) -> &'static str {
        match self {
            Gap::Short { .. } => "gap.short",
            Gap::NoProgress { .. } => "gap.no_progress",
            Gap::BackInTime { .. } => "gap.back_in_time",
            Gap::AbsurdCount { .. } => "gap.absurd_count",
            Gap::ServerError { .. } => "gap.server_error",
            Gap::TinyPages { .. } => "gap.tiny_pages",
        }
    }

    /// The days concerned.
    pub fn days(&self) -> Days {
        match self {
            Gap::Short { days, .. }
            | Gap::NoProgress { days }
            | Gap::BackInTime { days }
            | Gap::AbsurdCount { days, .. }
            | Gap::ServerError { days }
            | Gap::TinyPages { days, .. } => *days,
        }
    }

    /// The arguments of the sentences: `day`, `missing`, `count`.
    pub fn args(&self) -> Vec<(&'static str, Text)> {
        let (missing, count) = match self {
            Gap::Short { read, expected, .. } => (expected.saturating_sub(*read), *expected),
            Gap::AbsurdCount { count, .. } => (0, *count),
            Gap::TinyPages { size, count, .. } => (*size, *count),
            _ => (0, 0),
        };
        vec![
            ("day", Text::plain(self.days().label())),
            ("missing", Text::plain(missing)),
            ("count", Text::plain(count)),
        ]
    }

    /// The sentence saying what happened.
    pub fn text(&self) -> Text {
        Text::with(format!("{}.what", self.key()), self.args())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_wording() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let t = |x: NaiveDate| x.and_time(NaiveTime::MIN);
        let one = Days::of(t(d(2026, 11, 14)), t(d(2026, 11, 15)));
        assert_eq!(one.label(), "14-11-2026");
        let week = Days::of(t(d(2026, 11, 14)), t(d(2026, 11, 21)));
        assert_eq!(week.label(), "14-11-2026 – 20-11-2026");
        let g = Gap::Short {
            days: one,
            read: 3_468,
            expected: 3_480,
        };
        assert_eq!(
            g.to_string(),
            "12 of 3480 records of 14-11-2026 could not be read"
        );
        let en = g.text().in_lang(crate::i18n::Lang::En);
        assert!(en.contains("12") && en.contains("3480") && en.contains("14-11-2026"));
        let nl = g.text().in_lang(crate::i18n::Lang::Nl);
        assert!(nl.contains("12") && nl.contains("14-11-2026") && nl != en);
    }
}

//! Calendar days typed on the command line (`--from`, `--to`), for `sync` and `export`.

use crate::error::WorkerError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The years a day argument may name (chrono also reads `+262142-12-31`, which then overflows).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=9998;

/// Parses a calendar day: `2024-06-09`, `09-06-2024` or `09.06.2024`, years 1900 to 9998.
pub fn parse_day(s: &str) -> Result<NaiveDate, WorkerError> {
    use chrono::Datelike;
    let s = s.trim();
    let day = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .ok_or_else(|| WorkerError::Input(format!("'{s}' is not a date (use YYYY-MM-DD)")))?;
    if !YEARS.contains(&day.year()) || s.starts_with(['+', '-']) {
        return Err(WorkerError::Input(format!(
            "'{s}' is outside the years {} to {}",
            YEARS.start(),
            YEARS.end()
        )));
    }
    Ok(day)
}

/// `[from 00:00, to + 1 day 00:00)` for an inclusive day range.
pub fn day_range(from: &str, to: &str) -> Result<(NaiveDateTime, NaiveDateTime), WorkerError> {
    let (f, t) = (parse_day(from)?, parse_day(to)?);
    if t < f {
        return Err(WorkerError::Input(format!(
            "--to {to} is before --from {from}"
        )));
    }
    let end = t
        .succ_opt()
        .ok_or_else(|| WorkerError::Input(format!("--to {to} is too far in the future")))?;
    Ok((f.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN)))
}

//! Date and time formats of the simulator: auditTrail stamps and the dates a `where` accepts.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

// The formats below are written field by field (a million-record simulator writes millions of
// them; chrono parses its format string each time); years outside 0–9999 and leap seconds go
// through chrono, which writes those its own way.

fn plain(t: NaiveDateTime) -> bool {
    (0..=9999).contains(&t.year()) && t.nanosecond() < 1_000_000_000
}

/// An auditTrail stamp with milliseconds: `2025-01-16T15:47:18.433` (the client's own
/// formatter, which its store keeps change times in).
pub fn fmt_millis(t: NaiveDateTime) -> String {
    coachview::clock::iso_millis(t)
}

/// A plain local date-time: `2025-06-06T09:30:00`.
pub fn fmt_secs(t: NaiveDateTime) -> String {
    if !plain(t) {
        return t.format("%Y-%m-%dT%H:%M:%S").to_string();
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A date: `2025-06-06`.
pub fn fmt_date(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.format("%Y-%m-%d").to_string();
    }
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `yyyy-mm-ddThh:mm:ss.mmm` read digit by digit (what the generator writes); `None` for
/// anything else, including second 60 (left to chrono).
fn parse_millis_fast(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 23 {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let seps = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
    ];
    if seps.iter().any(|(i, c)| b[*i] != *c) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time =
        NaiveTime::from_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?)?;
    (time.second() < 60).then(|| date.and_time(time))
}

/// A filter value parsed as a date or a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterTime {
    /// A date without a time (`dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`).
    Date(NaiveDate),
    /// A date with a time.
    DateTime(NaiveDateTime),
}

impl FilterTime {
    /// The moment it stands for; a date means its midnight.
    pub fn start(self) -> NaiveDateTime {
        match self {
            FilterTime::Date(d) => d.and_time(NaiveTime::MIN),
            FilterTime::DateTime(t) => t,
        }
    }
}

const DATE_FORMATS: [&str; 3] = ["%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"];
const TIME_FORMATS: [&str; 2] = ["%H:%M:%S%.f", "%H:%M"];

/// Parses `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`, or one of those followed by `T` or a space
/// and `HH:MM[:SS[.fff]]`.
pub fn parse_filter_time(s: &str) -> Option<FilterTime> {
    let s = s.trim();
    let (date_part, time_part) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let date = DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date_part, f).ok())?;
    // chrono accepts 1-digit fields; insist on the 4-digit year so "1-2-3" is refused.
    if !date_part
        .split(['-', '.'])
        .any(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    match time_part {
        None => Some(FilterTime::Date(date)),
        Some(t) => TIME_FORMATS
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(t, f).ok())
            .map(|time| FilterTime::DateTime(date.and_time(time))),
    }
}

/// Parses a record's own date or date-time value (`2025-06-06` or `2025-06-06T09:30:00[.433]`).
pub fn parse_record_time(s: &str) -> Option<NaiveDateTime> {
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN));
    }
    parse_millis_fast(s).or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok())
}

/// True when a record value looks like a date (`yyyy-mm-dd`).
pub fn looks_like_date(s: &str) -> bool {
    s.len() == 10 && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// True when a record value looks like a date-time (`yyyy-mm-ddTHH:MM:SS[.fff]`).
pub fn looks_like_datetime(s: &str) -> bool {
    s.len() >= 19 && s.as_bytes().get(10) == Some(&b'T') && parse_record_time(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_formats_and_parse_agree_with_chrono() {
        let start = NaiveDate::from_ymd_opt(2024, 2, 27)
            .unwrap()
            .and_hms_milli_opt(0, 0, 0, 7)
            .unwrap();
        let mut t = start;
        for i in 0..2_000i64 {
            t += chrono::Duration::milliseconds(97_531_357 + i * 1_013);
            let millis = fmt_millis(t);
            assert_eq!(millis, t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string());
            assert_eq!(fmt_secs(t), t.format("%Y-%m-%dT%H:%M:%S").to_string());
            assert_eq!(fmt_date(t.date()), t.format("%Y-%m-%d").to_string());
            let chrono = NaiveDateTime::parse_from_str(&millis, "%Y-%m-%dT%H:%M:%S%.f").ok();
            assert_eq!(parse_millis_fast(&millis), chrono);
            assert_eq!(parse_record_time(&millis), chrono);
        }
        for odd in [
            "2025-02-30T10:00:00.000",
            "2025-06-06T10:00:60.000",
            "2025-06-06T10:00:00,000",
        ] {
            assert_eq!(parse_millis_fast(odd), None);
            assert_eq!(
                parse_record_time(odd),
                NaiveDateTime::parse_from_str(odd, "%Y-%m-%dT%H:%M:%S%.f").ok()
            );
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn filter_dates_in_all_documented_forms() {
        let want = FilterTime::Date(d(2021, 6, 9));
        assert_eq!(parse_filter_time("09-06-2021"), Some(want));
        assert_eq!(parse_filter_time("09.06.2021"), Some(want));
        assert_eq!(parse_filter_time("2021-06-09"), Some(want));
        let t = parse_filter_time("2021-06-09T13:45:10.250").unwrap();
        assert_eq!(fmt_millis(t.start()), "2021-06-09T13:45:10.250");
        assert_eq!(
            parse_filter_time("09-06-2021 08:30").map(|t| fmt_secs(t.start())),
            Some("2021-06-09T08:30:00".into())
        );
    }

    #[test]
    fn bad_dates_are_refused() {
        for bad in [
            "31-02-2021",
            "2021/06/09",
            "yesterday",
            "",
            "09-06-21",
            "2021-06-09Tnoon",
        ] {
            assert_eq!(parse_filter_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn record_times_parse_with_and_without_fraction() {
        let a = parse_record_time("2025-01-16T15:47:18.433").unwrap();
        let b = parse_record_time("2025-01-16T15:47:18").unwrap();
        assert!(a > b);
        assert_eq!(
            parse_record_time("2025-01-16").unwrap().date(),
            d(2025, 1, 16)
        );
        assert!(looks_like_date("2025-01-16") && !looks_like_date("16-01-2025"));
        assert!(looks_like_datetime("2025-01-16T15:47:18.433"));
    }
}

//! Times in UTC, for the benchmark's report and the tests' stand-ins of
//! AWS events: seconds since the Unix epoch and the calendar date and time
//! they name (Howard Hinnant's `civil_from_days`), without a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now() -> f64 {
    seconds(SystemTime::now())
}

/// Seconds since the Unix epoch at `time` (negative before it).
pub fn seconds(time: SystemTime) -> f64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// `2026-11-28 12:04` for `seconds` since the epoch, in UTC.
pub fn minute(seconds: f64) -> String {
    let (date, hour, minute, _) = parts(seconds);
    format!("{date} {hour:02}:{minute:02}")
}

/// `12:04:05` for `seconds` since the epoch, in UTC.
pub fn time_of_day(seconds: f64) -> String {
    let (_, hour, minute, second) = parts(seconds);
    format!("{hour:02}:{minute:02}:{second:02}")
}

/// `2026-12-07T10:30:00.000Z` (ISO 8601, as AWS writes a time) for
/// `seconds` since the epoch.
pub fn iso(seconds: f64) -> String {
    let (date, hour, minute, second) = parts(seconds);
    format!("{date}T{hour:02}:{minute:02}:{second:02}.000Z")
}

/// The date (`2026-11-28`), hour, minute and second.
fn parts(seconds: f64) -> (String, i64, i64, i64) {
    let whole = seconds.floor() as i64;
    let (days, of_day) = (whole.div_euclid(86_400), whole.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    (
        format!("{year:04}-{month:02}-{day:02}"),
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
    )
}

/// Year, month (1 to 12) and day (1 to 31) of `days` since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_read_as_their_calendar_dates() {
        assert_eq!(minute(0.0), "1970-01-01 00:00");
        assert_eq!(minute(951_782_400.0), "2000-02-29 00:00");
        assert_eq!(minute(1_795_867_440.5), "2026-11-28 12:04");
        assert_eq!(time_of_day(1_795_867_445.9), "12:04:05");
        assert_eq!(iso(1_795_867_445.9), "2026-11-28T12:04:05.000Z");
    }
}

//! Times from the API (seconds since the epoch) in words, in UTC so that the
//! same instant reads the same on every screen and in every test.

/// Seconds in a day.
pub const DAY_SECS: u64 = 86_400;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `1 May 2025, 14:03 UTC`.
pub fn date_time(epoch_secs: u64) -> String {
    format!("{} UTC", local_date_time(epoch_secs, 0))
}

/// `1 May 2025, 16:03`: the person's own time, for a time zone
/// `offset_minutes` behind UTC (JavaScript's `getTimezoneOffset`: -120 in
/// Berlin in summer).
pub fn local_date_time(epoch_secs: u64, offset_minutes: i64) -> String {
    let shifted = epoch_secs.saturating_add_signed(-offset_minutes * 60);
    let (year, month, day) = civil_date(shifted / 86_400);
    let secs_of_day = shifted % 86_400;
    format!(
        "{day} {} {year}, {:02}:{:02}",
        month_name(month),
        secs_of_day / 3600,
        secs_of_day % 3600 / 60
    )
}

/// `1 May 2025`.
pub fn date(epoch_secs: u64) -> String {
    let (year, month, day) = civil_date(epoch_secs / 86_400);
    format!("{day} {} {year}", month_name(month))
}

/// `2025-05-01`: the form of a date picker's value, `min` and `max`.
pub fn iso_date(epoch_secs: u64) -> String {
    let (year, month, day) = civil_date(epoch_secs / DAY_SECS);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The first second (00:00 UTC) of the day a date picker's value names
/// (`2025-05-01`); `None` for anything else, or a day before 1970.
pub fn parse_iso_date(text: &str) -> Option<u64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u64 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let day: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    days_from_civil(year, month, day).map(|days| days * DAY_SECS)
}

fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a calendar date, by Howard Hinnant's
/// `days_from_civil`; `None` before 1970.
fn days_from_civil(year: u64, month: u32, day: u32) -> Option<u64> {
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year / 400;
    let year_of_era = year % 400;
    let month = u64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + u64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Year, month (1-12) and day (1-31) of a day count since 1970-01-01, by
/// Howard Hinnant's `civil_from_days` (proleptic Gregorian calendar).
fn civil_date(days: u64) -> (u64, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_is_the_first_of_january_1970() {
        assert_eq!(date_time(0), "1 Jan 1970, 00:00 UTC");
    }

    #[test]
    fn known_instants_read_as_their_calendar_date() {
        assert_eq!(date_time(1_700_000_000), "14 Nov 2023, 22:13 UTC");
        assert_eq!(date_time(951_782_400), "29 Feb 2000, 00:00 UTC");
        assert_eq!(date(1_746_057_600), "1 May 2025");
        assert_eq!(date(4_102_444_799), "31 Dec 2099");
    }

    #[test]
    fn a_date_pickers_value_reads_as_the_start_of_that_day_in_utc() {
        assert_eq!(parse_iso_date("1970-01-01"), Some(0));
        assert_eq!(parse_iso_date("2025-05-01"), Some(1_746_057_600));
        assert_eq!(parse_iso_date("2000-02-29"), Some(951_782_400));
        assert_eq!(iso_date(1_746_057_600 + 3600), "2025-05-01");
        assert_eq!(iso_date(0), "1970-01-01");
    }

    #[test]
    fn dates_that_do_not_exist_or_are_not_dates_read_as_none() {
        for text in [
            "",
            "2025-5-1",
            "2025-13-01",
            "2025-00-10",
            "2025-02-29",
            "2100-02-29",
            "1969-12-31",
            "2025-04-31",
            "tomorrow",
            "2025-05-01T00:00",
        ] {
            assert_eq!(parse_iso_date(text), None, "{text:?}");
        }
        assert!(parse_iso_date("2024-02-29").is_some());
    }

    #[test]
    fn every_day_reads_back_as_itself() {
        for day in (0..80_000u64).step_by(7) {
            let secs = day * DAY_SECS;
            assert_eq!(
                parse_iso_date(&iso_date(secs)),
                Some(secs),
                "{}",
                iso_date(secs)
            );
        }
    }

    #[test]
    fn local_times_shift_by_the_time_zone() {
        let at = 1_746_057_600; // 1 May 2025, 00:00 UTC
        assert_eq!(local_date_time(at, 0), "1 May 2025, 00:00");
        assert_eq!(local_date_time(at, -120), "1 May 2025, 02:00");
        assert_eq!(local_date_time(at, 300), "30 Apr 2025, 19:00");
    }
}

//! Times from the API (seconds since the epoch) in words, in UTC so that the
//! same instant reads the same on every screen and in every test.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `1 May 2025, 14:03 UTC`.
pub fn date_time(epoch_secs: u64) -> String {
    let (year, month, day) = civil_date(epoch_secs / 86_400);
    let secs_of_day = epoch_secs % 86_400;
    format!(
        "{day} {} {year}, {:02}:{:02} UTC",
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
}

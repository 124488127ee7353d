//! Instants as parameters (`expiresAt`): seconds since the Unix epoch, as a
//! number or digits, or a date as people and other tools write it: a day
//! (`2027-03-01`, which means midnight UTC) or an RFC 3339 date and time
//! with its offset (`2027-03-01T12:00:00Z`, `2027-03-01T14:00:00+02:00`).
//! See [`crate::patterns::instant`].

use std::fmt;

use serde::{de, Deserializer};

use crate::{limits::MAX_WHOLE_NUMBER, number};

/// What an instant parameter takes, for error texts.
pub const FORMS: &str =
    "seconds since the epoch (1798761600), a day (2027-01-01) or a date and time (2027-01-01T12:00:00Z)";

const DAY_SECONDS: i64 = 86_400;

/// Reads an instant from text: digits, a day or an RFC 3339 date and time,
/// white space around them dropped. Instants before the epoch read as 0.
pub fn parse(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Some(seconds) = number::parse_digits(text, MAX_WHOLE_NUMBER) {
        return Some(seconds);
    }
    let (day, time) = match text.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let days = parse_day(day)?;
    let seconds = match time {
        Some(time) => parse_time(time)?,
        None => 0,
    };
    let instant = days * DAY_SECONDS + seconds;
    Some(u64::try_from(instant).unwrap_or(0))
}

/// Exactly `width` ASCII digits, as a number.
fn digits(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD` from 1970 to 9999: days since the epoch.
fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.split('-');
    let year = digits(parts.next()?, 4)?;
    let month = digits(parts.next()?, 2)?;
    let day = digits(parts.next()?, 2)?;
    if parts.next().is_some() || !(1970..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days_in_month)
        .contains(&day)
        .then(|| days_from_civil(year, month, day))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
pub fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `HH:MM:SS`, `HH:MM` between 00:00 and 23:59.
fn clock(text: &str, with_seconds: bool) -> Option<i64> {
    let mut parts = text.split(':');
    let hours = digits(parts.next()?, 2)?;
    let minutes = digits(parts.next()?, 2)?;
    let seconds = if with_seconds {
        digits(parts.next()?, 2)?
    } else {
        0
    };
    let valid = parts.next().is_none() && hours < 24 && minutes < 60 && seconds < 60;
    valid.then_some(hours * 3600 + minutes * 60 + seconds)
}

/// RFC 3339's time: `HH:MM:SS`, an optional fraction (dropped), then `Z`
/// or `+HH:MM` / `-HH:MM`. Seconds into the UTC day, which the offset may
/// move outside 0..86400.
fn parse_time(text: &str) -> Option<i64> {
    let (local, offset) = if let Some(local) = text.strip_suffix('Z') {
        (local, 0)
    } else {
        let at = text.len().checked_sub(6)?;
        let (local, zone) = (text.get(..at)?, text.get(at..)?);
        let sign = match zone.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        (local, sign * clock(zone.get(1..)?, false)?)
    };
    let (whole, fraction) = match local.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (local, None),
    };
    if let Some(fraction) = fraction {
        let valid =
            (1..=9).contains(&fraction.len()) && fraction.bytes().all(|b| b.is_ascii_digit());
        if !valid {
            return None;
        }
    }
    Some(clock(whole, true)? - offset)
}

/// Reads an optional instant.
struct OptionalInstant;

impl<'de> de::Visitor<'de> for OptionalInstant {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(FORMS)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(Instant).map(Some)
    }
}

struct Instant;

impl de::Visitor<'_> for Instant {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(FORMS)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
        if value <= MAX_WHOLE_NUMBER {
            Ok(value)
        } else {
            Err(E::custom(FORMS))
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
        u64::try_from(value)
            .map_err(|_| E::custom(FORMS))
            .and_then(|value| self.visit_u64(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<u64, E> {
        number::whole(
            serde::de::value::F64Deserializer::<E>::new(value),
            MAX_WHOLE_NUMBER,
        )
        .map_err(|_| E::custom(FORMS))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<u64, E> {
        parse(text).ok_or_else(|| E::custom(FORMS))
    }
}

/// Deserialises an optional instant: a number, digits or a date.
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    deserializer.deserialize_option(OptionalInstant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_with_times_read_as_seconds_since_the_epoch() {
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("2027-03-01"), Some(1_803_859_200));
        assert_eq!(parse(" 2027-03-01T12:00:00Z "), Some(1_803_902_400));
        assert_eq!(parse("2027-03-01T14:00:00+02:00"), Some(1_803_902_400));
        assert_eq!(parse("2027-03-01T12:00:00.999Z"), Some(1_803_902_400));
        assert_eq!(parse("2028-02-29"), Some(1_835_395_200));
        assert_eq!(parse("2000-02-29"), Some(951_782_400));
        assert_eq!(parse("1970-01-01T00:00:00+01:00"), Some(0));
        assert_eq!(parse("1803859200"), Some(1_803_859_200));
    }

    #[test]
    fn dates_that_do_not_exist_or_are_spelled_otherwise_are_refused() {
        for text in [
            "2027-02-29",
            "2100-02-29",
            "2027-04-31",
            "2027-13-01",
            "2027-00-10",
            "1969-12-31",
            "2027-3-1",
            "2027-03-01T12:00:00",
            "2027-03-01T24:00:00Z",
            "2027-03-01T12:60:00Z",
            "2027-03-01T12:00:60Z",
            "2027-03-01T12:00Z",
            "2027-03-01t12:00:00z",
            "2027-03-01T12:00:00.Z",
            "2027-03-01T12:00:00+24:00",
            "2027-03-01 12:00:00Z",
            "+2027-03-01",
            "",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}

//! The owner's time zone as mails show it: the offset from UTC of the
//! browser that set the notification address (`+01:00`), kept with the
//! address. An offset, not a zone name: a zone's rules would need a time
//! zone database here; an offset is exact for the season it was set in,
//! and each mail names it (`UTC+01:00`) beside the time in UTC, so a reader
//! in another season is never misled.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Minutes east of UTC: -14:45 to +14:45, in quarter hours (real zones
/// stay within -12:00 and +14:00; the shape is kept simple).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct UtcOffset(i32);

/// Text that is not an offset `±HH:MM` of whole quarter hours within 14
/// hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("write the offset from UTC as +HH:MM or -HH:MM (quarter hours, hours up to 14)")]
pub struct InvalidUtcOffset;

const MAX_MINUTES: i32 = 14 * 60 + 45;

impl UtcOffset {
    /// `+01:00`, `-05:30`, `+05:45`: exactly this shape
    /// (`twofold_api::patterns::utc_offset`).
    pub fn parse(text: &str) -> Result<Self, InvalidUtcOffset> {
        let bytes = text.as_bytes();
        let [sign, h1, h2, b':', m1, m2] = bytes else {
            return Err(InvalidUtcOffset);
        };
        let sign = match sign {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(InvalidUtcOffset),
        };
        let digit = |b: &u8| b.is_ascii_digit().then(|| i32::from(b - b'0'));
        let (Some(h1), Some(h2), Some(m1), Some(m2)) = (digit(h1), digit(h2), digit(m1), digit(m2))
        else {
            return Err(InvalidUtcOffset);
        };
        let (hours, minutes) = (h1 * 10 + h2, m1 * 10 + m2);
        if minutes % 15 != 0 || minutes >= 60 {
            return Err(InvalidUtcOffset);
        }
        UtcOffset::try_from(sign * (hours * 60 + minutes))
    }

    /// `at` (seconds since the epoch) moved to this offset's wall clock.
    pub fn shift(self, at: u64) -> u64 {
        let seconds = i64::from(self.0) * 60;
        u64::try_from(
            i64::try_from(at)
                .unwrap_or(i64::MAX)
                .saturating_add(seconds),
        )
        .unwrap_or(0)
    }
}

impl TryFrom<i32> for UtcOffset {
    type Error = InvalidUtcOffset;

    fn try_from(minutes: i32) -> Result<Self, InvalidUtcOffset> {
        if minutes.abs() <= MAX_MINUTES && minutes % 15 == 0 {
            Ok(UtcOffset(minutes))
        } else {
            Err(InvalidUtcOffset)
        }
    }
}

impl From<UtcOffset> for i32 {
    fn from(offset: UtcOffset) -> i32 {
        offset.0
    }
}

impl fmt::Display for UtcOffset {
    /// `UTC+01:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let minutes = self.0.abs();
        write!(f, "UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

impl UtcOffset {
    /// As GetAccount shows it and SetNotificationEmail takes it: `+01:00`.
    pub fn to_wire(self) -> String {
        self.to_string().trim_start_matches("UTC").to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_and_show_as_written() {
        for text in ["+01:00", "-05:30", "+05:45", "+14:00", "-14:00", "+00:00"] {
            let offset = UtcOffset::parse(text).unwrap();
            assert_eq!(offset.to_wire(), text);
        }
        assert_eq!(UtcOffset::parse("-05:30").unwrap().to_string(), "UTC-05:30");
        for text in [
            "+1:00", "01:00", "+01:10", "+01:60", "+15:00", "+01:00 ", "",
        ] {
            assert_eq!(UtcOffset::parse(text), Err(InvalidUtcOffset), "{text:?}");
        }
    }

    #[test]
    fn a_time_moves_to_the_offset_s_wall_clock() {
        let offset = UtcOffset::parse("-05:30").unwrap();
        assert_eq!(offset.shift(100_000), 100_000 - 19_800);
        assert_eq!(UtcOffset::parse("+01:00").unwrap().shift(0), 3600);
    }
}

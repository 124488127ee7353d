//! Counts, waits and clocks in words, for every area.

/// `1 day`, `7 days`: `count` of a thing, named `one` or `many`.
pub(super) fn count(count: u64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// `45 seconds`, `1 minute`, `5 minutes`, `2 hours`: a wait rounded up, so
/// a person who waits that long is never refused again.
pub fn wait_words(secs: u64) -> String {
    match secs {
        0..=59 => count(secs.max(1), "second", "seconds"),
        60..=5_399 => count(secs.div_ceil(60), "minute", "minutes"),
        _ => count(secs.div_ceil(3600), "hour", "hours"),
    }
}

/// `1 attempt left`, `4 attempts left`.
pub fn attempts_words(left: u32) -> String {
    format!("{} left", count(left.into(), "attempt", "attempts"))
}

/// `14:05`, `0:09`: minutes and seconds, for a countdown.
pub fn clock(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A token expiry preset's label, and how near an expiry is: `1 day`,
/// `30 days`.
pub fn days(count: u64) -> String {
    self::count(count, "day", "days")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_rounded_up_to_a_friendly_unit() {
        assert_eq!(wait_words(0), "1 second");
        assert_eq!(wait_words(1), "1 second");
        assert_eq!(wait_words(45), "45 seconds");
        assert_eq!(wait_words(60), "1 minute");
        assert_eq!(wait_words(61), "2 minutes");
        assert_eq!(wait_words(299), "5 minutes");
        assert_eq!(wait_words(7200), "2 hours");
    }

    #[test]
    fn counts_say_one_thing_or_many() {
        assert_eq!(attempts_words(1), "1 attempt left");
        assert_eq!(attempts_words(4), "4 attempts left");
        assert_eq!(days(1), "1 day");
        assert_eq!(days(30), "30 days");
    }

    #[test]
    fn clocks_read_as_minutes_and_seconds() {
        assert_eq!(clock(899), "14:59");
        assert_eq!(clock(9), "0:09");
    }
}

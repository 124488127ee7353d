//! The countdown of the current 30-second window shown beside code fields,
//! so a person knows whether to type the code now or wait for the next one.

/// Seconds until the authentication application shows a new code, from 1 to
/// `period`, for a clock reading in milliseconds since the epoch.
pub fn seconds_left(now_ms: u64, period: u32) -> u32 {
    let period = u64::from(period.max(1));
    let into_window = (now_ms / 1000) % period;
    // `period - into_window` is at most `period`, which came from a u32.
    u32::try_from(period - into_window).unwrap_or(u32::MAX)
}

/// True in the last few seconds of a window, when a code typed now may
/// change before it is sent: the countdown turns amber.
pub fn is_ending(seconds_left: u32) -> bool {
    seconds_left <= 5
}

/// The share of the window still left, in percent (for the ring).
pub fn percent_left(seconds_left: u32, period: u32) -> u32 {
    let period = period.max(1);
    seconds_left.min(period) * 100 / period
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_starts_with_its_full_length_left() {
        assert_eq!(seconds_left(0, 30), 30);
        assert_eq!(seconds_left(30_000, 30), 30);
        assert_eq!(seconds_left(1_700_000_010_000, 30), 30);
    }

    #[test]
    fn the_countdown_reaches_one_just_before_the_next_window() {
        assert_eq!(seconds_left(29_999, 30), 1);
        assert_eq!(seconds_left(29_000, 30), 1);
        assert_eq!(seconds_left(12_500, 30), 18);
    }

    #[test]
    fn a_zero_period_does_not_divide_by_zero() {
        assert_eq!(seconds_left(12_345, 0), 1);
        assert_eq!(percent_left(1, 0), 100);
    }

    #[test]
    fn the_last_five_seconds_are_marked_as_ending() {
        assert!(!is_ending(6));
        assert!(is_ending(5));
        assert!(is_ending(1));
    }

    #[test]
    fn the_ring_shows_the_share_left() {
        assert_eq!(percent_left(30, 30), 100);
        assert_eq!(percent_left(15, 30), 50);
        assert_eq!(percent_left(1, 30), 3);
    }
}

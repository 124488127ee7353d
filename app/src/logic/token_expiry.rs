//! How near a personal access token is to its end: what the token list
//! highlights and `messages::token_expiry` words. Its own
//! module, below both, so that the words never import the token flows.

use crate::logic::dates::DAY_SECS;

/// A token this close to its expiry (or closer) is highlighted.
pub const SOON_DAYS: u64 = 7;

/// How near a token is to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// It no longer works.
    Expired,
    /// It stops working within [`SOON_DAYS`]; `days_left` rounded up.
    Soon {
        /// Whole days left, rounded up (1 = within a day).
        days_left: u64,
    },
    /// Further away.
    Later,
}

/// How near `expires_at` is at `now`.
pub fn expiry(expires_at: u64, now: u64) -> Expiry {
    if expires_at <= now {
        return Expiry::Expired;
    }
    let days_left = (expires_at - now).div_ceil(DAY_SECS);
    if days_left <= SOON_DAYS {
        Expiry::Soon { days_left }
    } else {
        Expiry::Later
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_746_057_600; // 1 May 2025, 00:00 UTC

    #[test]
    fn a_token_is_soon_expiring_within_seven_days_and_expired_at_its_time() {
        let expires = NOW + 10 * DAY_SECS;
        assert_eq!(expiry(expires, NOW), Expiry::Later);
        assert_eq!(
            expiry(expires, expires - 7 * DAY_SECS),
            Expiry::Soon { days_left: 7 }
        );
        assert_eq!(expiry(expires, expires - 7 * DAY_SECS - 1), Expiry::Later);
        assert_eq!(expiry(expires, expires - 1), Expiry::Soon { days_left: 1 });
        assert_eq!(expiry(expires, expires), Expiry::Expired);
        assert_eq!(expiry(expires, expires + 1), Expiry::Expired);
    }
}

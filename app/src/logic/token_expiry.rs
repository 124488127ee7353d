//! How near a personal access token is to its end: what the token list
//! highlights and `messages::token_expiry` words, and how many still work. Its own
//! module, below both, so that the words never import the token flows.

use crate::logic::dates::DAY_SECS;

/// A token this close to its expiry (or closer) is highlighted, unless it
/// was made for a short life (see [`expiry`]).
pub const SOON_DAYS: u64 = 7;

/// How near a token is to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// It no longer works.
    Expired,
    /// It stops working soon; `days_left` rounded up.
    Soon {
        /// Whole days left, rounded up (1 = within a day).
        days_left: u64,
    },
    /// Further away.
    Later,
}

/// How near a token made at `created_at` and ending at `expires_at` is to
/// its end at `now`. "Soon" is the last [`SOON_DAYS`] of its life, or its
/// last quarter when it was made for less than four times that: a token
/// made for 7 days is not "expiring soon" the moment it is made.
pub fn expiry(created_at: u64, expires_at: u64, now: u64) -> Expiry {
    if expires_at <= now {
        return Expiry::Expired;
    }
    let left = expires_at - now;
    let life = expires_at.saturating_sub(created_at);
    let soon = (SOON_DAYS * DAY_SECS).min(life / 4);
    if left <= soon {
        Expiry::Soon {
            days_left: left.div_ceil(DAY_SECS),
        }
    } else {
        Expiry::Later
    }
}

/// How many of `tokens` still work at `now`: GetTokens lists expired ones
/// too, and the server refuses them.
pub fn working(tokens: &[twofold_api::tokens::AccessToken], now: u64) -> usize {
    tokens
        .iter()
        .filter(|token| expiry(token.created_at, token.expires_at, now) != Expiry::Expired)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_746_057_600; // 1 May 2025, 00:00 UTC

    #[test]
    fn a_long_lived_token_is_soon_expiring_within_seven_days_and_expired_at_its_time() {
        let made = NOW - 90 * DAY_SECS;
        let expires = NOW + 10 * DAY_SECS;
        assert_eq!(expiry(made, expires, NOW), Expiry::Later);
        assert_eq!(
            expiry(made, expires, expires - 7 * DAY_SECS),
            Expiry::Soon { days_left: 7 }
        );
        assert_eq!(
            expiry(made, expires, expires - 7 * DAY_SECS - 1),
            Expiry::Later
        );
        assert_eq!(
            expiry(made, expires, expires - 1),
            Expiry::Soon { days_left: 1 }
        );
        assert_eq!(expiry(made, expires, expires), Expiry::Expired);
        assert_eq!(expiry(made, expires, expires + 1), Expiry::Expired);
    }

    #[test]
    fn a_fresh_seven_day_token_is_not_expiring_soon_until_its_last_quarter() {
        let expires = NOW + 7 * DAY_SECS;
        assert_eq!(expiry(NOW, expires, NOW), Expiry::Later);
        assert_eq!(expiry(NOW, expires, NOW + 5 * DAY_SECS), Expiry::Later);
        assert_eq!(
            expiry(NOW, expires, NOW + 6 * DAY_SECS),
            Expiry::Soon { days_left: 1 }
        );
    }

    #[test]
    fn only_tokens_before_their_expiry_count_as_working() {
        let token = |expires_at| twofold_api::tokens::AccessToken {
            id: 1,
            key: None,
            description: "ci".into(),
            created_at: NOW - DAY_SECS,
            created_ip: None,
            expires_at,
            api_list: vec![],
            last_used: None,
            last_used_ip: None,
        };
        let tokens = [
            token(NOW + 1),
            token(NOW),
            token(NOW - 1),
            token(NOW + DAY_SECS),
        ];
        assert_eq!(working(&tokens, NOW), 2);
        assert_eq!(working(&[], NOW), 0);
    }
}

//! Settings > Account's Security Notices: the address notices are mailed
//! to, its confirmation code, and the test notice.

use twofold_api::limits::{EMAIL_CODE_SECONDS, EMAIL_CODE_TRIES};

use crate::logic::dates;

/// What an account without a confirmed address misses.
pub const NO_ADDRESS_EXPLAINED: &str = "Without an address, you learn of a new sign-in, a \
     password change or two-factor authentication turned off only by opening the Security Log.";

/// What a confirmed address is for.
pub const ADDRESS_EXPLAINED: &str = "We mail every change to your account's security to this \
     address, as it happens.";

/// The button that starts setting a first address.
pub const ADD_AN_ADDRESS: &str = "Add an Address";

/// The button that starts setting another address.
pub const CHANGE_ADDRESS: &str = "Change Address";

/// The button that mails a test notice.
pub const SEND_A_TEST_NOTICE: &str = "Send a Test Notice";

/// Under the address field: what happens next.
pub const ADDRESS_HINT: &str = "We mail a 6-digit code to this address to check that it is yours.";

/// An address the form cannot send.
pub const ADDRESS_RULES: &str =
    "Type an e-mail address like ada@example.com, with one @ and no spaces.";

/// A pending address's state: unverified until its code is entered,
/// taken until `expires_at` (the time of day alone on `now`'s day).
pub fn unverified(address: &str, expires_at: u64, now: u64) -> (String, Vec<u64>) {
    (
        format!(
            "Unverified: enter the code we mailed to {address} (until {}).",
            dates::time_near(expires_at, now)
        ),
        vec![expires_at],
    )
}

/// The mailed code's field.
pub const MAILED_CODE_LABEL: &str = "Code from the mail";

/// The confirmed address's facts: where notices go, and how it stands.
pub const ADDRESS_TERM: &str = "Address";

/// See [`ADDRESS_TERM`].
pub const STATE_TERM: &str = "State";

/// A confirmed address whose mail gets through.
pub fn verified_since(since: Option<u64>) -> (String, Vec<u64>) {
    match since {
        Some(at) => (format!("Verified since {}", dates::date_time(at)), vec![at]),
        None => ("Verified".into(), Vec::new()),
    }
}

/// A confirmed address whose mail server refuses notices.
pub const BOUNCING: &str = "Bouncing: notices do not arrive";

/// The warning's title over [`bouncing_since`], so that it is not told by
/// colour alone.
pub const BOUNCING_TITLE: &str = "Warning: notices are not reaching you";

/// What a bouncing address means, and the way out (the Change Address
/// button beside it).
pub fn bouncing_since(since: u64) -> (String, Vec<u64>) {
    (
        format!(
            "Notices to this address are being refused by its mail server since {}: set \
             another address with {CHANGE_ADDRESS}.",
            dates::date_time(since)
        ),
        vec![since],
    )
}

/// Under the code field: how long a mailed code is taken, and how often.
pub fn code_works() -> String {
    format!(
        "A code works for {} minutes and {EMAIL_CODE_TRIES} tries. No mail? Look in your spam \
         folder, or start again.",
        EMAIL_CODE_SECONDS / 60
    )
}

/// The button that leaves a pending address for another.
pub const USE_ANOTHER_ADDRESS: &str = "Use Another Address";

/// A mailed code sent before it was whole.
pub const TYPE_THE_MAILED_DIGITS: &str = "Type the six digits from the mail we sent.";

/// The status line once a code was mailed.
pub fn code_mailed(address: &str) -> String {
    format!("We sent a code to {address}.")
}

/// The status line once the address was confirmed.
pub fn address_confirmed(address: &str) -> String {
    format!("{address} is confirmed: security notices go there from now on.")
}

/// The status line once a test notice was sent.
pub fn test_notice_sent(address: &str) -> String {
    format!("A test notice is on its way to {address}.")
}

/// NoPendingEmail: the code expired, was tried too often, or was never
/// sent.
pub const EMAIL_CODE_GONE: &str =
    "That code can no longer be used: it expired or was tried too often. Start again.";

/// NoNotificationEmail: no confirmed address (removed in another tab).
pub const NO_CONFIRMED_ADDRESS: &str =
    "This account has no confirmed address for security notices. Add one first.";

#[cfg(test)]
mod tests {
    use super::*;

    /// 7 Dec 2026, 00:05 UTC.
    const AT: u64 = 1_796_601_900;

    #[test]
    fn a_pending_address_is_unverified_until_its_code_is_entered() {
        assert_eq!(
            unverified("ada@example.com", AT + 900, AT),
            (
                "Unverified: enter the code we mailed to ada@example.com (until 00:20 UTC).".into(),
                vec![AT + 900]
            )
        );
    }

    #[test]
    fn a_confirmed_address_says_whether_notices_reach_it() {
        assert_eq!(
            verified_since(Some(AT)),
            ("Verified since 7 Dec 2026, 00:05 UTC".into(), vec![AT])
        );
        assert_eq!(verified_since(None), ("Verified".into(), vec![]));
        assert_eq!(
            bouncing_since(AT),
            (
                "Notices to this address are being refused by its mail server since 7 Dec 2026, \
                 00:05 UTC: set another address with Change Address."
                    .into(),
                vec![AT]
            )
        );
    }

    #[test]
    fn the_status_lines_name_the_address() {
        assert_eq!(
            test_notice_sent("ada@example.com"),
            "A test notice is on its way to ada@example.com."
        );
        assert!(code_works().contains("15 minutes and 5 tries"));
    }
}

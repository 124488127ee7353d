//! Settings > Account's Security Notices: the address notices are mailed
//! to, its confirmation code, and the test notice.

use twofold_api::limits::{EMAIL_CODE_SECONDS, EMAIL_CODE_TRIES};

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

/// The code field's label, naming where the code went.
pub fn enter_mailed_code(address: &str) -> String {
    format!("Enter the 6-digit code we sent to {address}")
}

/// Under the code field: how long a mailed code is taken, and how often.
pub fn code_works() -> String {
    format!(
        "A code works for {} minutes and {EMAIL_CODE_TRIES} tries. No mail? Look in your spam \
         folder, or start again.",
        EMAIL_CODE_SECONDS / 60
    )
}

/// Before the instant a pending address's code stops being taken.
pub const CODE_TAKEN_UNTIL: &str = "This one works until";

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

    #[test]
    fn the_code_field_names_the_address_the_code_went_to() {
        assert_eq!(
            enter_mailed_code("ada@example.com"),
            "Enter the 6-digit code we sent to ada@example.com"
        );
        assert_eq!(
            test_notice_sent("ada@example.com"),
            "A test notice is on its way to ada@example.com."
        );
        assert!(code_works().contains("15 minutes and 5 tries"));
    }
}

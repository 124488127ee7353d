//! Two-factor authentication in Settings: its state, the setup wizard, and
//! the notices when it goes on or off.

use super::keep_tokens::with_tokens_stopped;

/// The status line of an account with 2FA on; `since` is a date in words.
pub fn two_factor_on(since: Option<&str>) -> String {
    match since {
        Some(since) => format!("Two-factor authentication is on since {since}."),
        None => "Two-factor authentication is on.".into(),
    }
}

/// After the setup wizard's Done.
pub const TWO_FACTOR_TURNED_ON: &str = "Two-factor authentication is on. From now on, signing in \
     asks for a code from your authentication application.";

/// After the setup wizard's Done, when Enable2FA ended `tokens_ended`
/// access tokens.
pub fn two_factor_turned_on(tokens_ended: u32) -> String {
    with_tokens_stopped(TWO_FACTOR_TURNED_ON, tokens_ended)
}

/// After Disable2FA.
pub const TWO_FACTOR_TURNED_OFF: &str = "Two-factor authentication is off. Your account is now \
     accessible with just the login and password.";

/// Enable2FA came after the pending setup ran out.
pub const SETUP_EXPIRED: &str = "This setup has expired. Start again to get a new QR code.";

/// Setup2FA or Enable2FA while 2FA was switched on in another window.
pub const ALREADY_ON: &str = "Two-factor authentication is already on (it was switched on \
     elsewhere). This page now shows it.";

/// Disable2FA or the codes while 2FA was switched off in another window.
pub const ALREADY_OFF: &str = "Two-factor authentication is off (it was switched off \
     elsewhere). This page now shows it.";

/// Copy of the key worked.
pub const KEY_COPIED: &str = "Key copied.";

/// Copy of the key failed.
pub const KEY_COPY_FAILED: &str = "Copying did not work here: select the key and copy it by hand.";

/// The QR code's text alternative.
pub fn qr_code_alt(account_name: &str, issuer: &str) -> String {
    format!("QR code that adds {account_name} ({issuer}) to your authentication application")
}

/// The key's type, for typing it in by hand.
pub fn key_type(digits: u32, period: u32) -> String {
    format!("Time-based, {digits} digits, every {period} seconds")
}

/// Where the wizard is, for screen readers.
pub fn wizard_step(current: u8, total: u8) -> String {
    format!("Step {current} of {total}")
}

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use crate::logic::messages::*;

    #[test]
    fn two_factor_changed_elsewhere_is_said_as_such() {
        assert!(
            says(Attempt::Other, api(ResultCode::TwoFactorAlreadyEnabled)).starts_with(
                "Two-factor authentication is already on (it was switched on elsewhere)."
            )
        );
        assert!(says(Attempt::Other, api(ResultCode::TwoFactorNotEnabled))
            .ends_with("(it was switched off elsewhere). This page now shows it."));
        assert!(two_factor_turned_on(3).ends_with(" 3 access tokens stopped working."));
    }
}

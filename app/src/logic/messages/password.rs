//! Choosing and changing a password: the Change Password form, sign-up's
//! password, and the new password an operator's reset asks for.

use super::keep_tokens::with_tokens_stopped;

/// A password shorter than `min_chars` (sign-up, Change Password).
pub fn password_too_short(min_chars: usize) -> String {
    format!("The password needs at least {min_chars} characters.")
}

/// The Change Password dialog was sent without the current password.
pub const ENTER_CURRENT_PASSWORD: &str = "Enter your current password.";

/// The Change Password dialog was sent with the current password as the new one.
pub const NEW_PASSWORD_UNCHANGED: &str =
    "Choose a new password: it must differ from the current one.";

/// The Change Password dialog's two new passwords differ.
pub const NEW_PASSWORDS_DIFFER: &str =
    "The new password and its confirmation do not match. Type them again.";

/// ChangePassword refused the current password.
pub const WRONG_CURRENT_PASSWORD: &str = "Your current password is not correct. Try again.";

/// ChangePassword refused the new password.
pub const NEW_PASSWORD_RULES: &str =
    "The new password needs 8 to 256 characters and must differ from the current one.";

/// The Change Password form was sent without a code while 2FA is on
/// (switched on elsewhere, or the session's confirmation ran out).
pub const CODE_NEEDED_TOO: &str =
    "Two-factor authentication is on: type a code from your authenticator app too.";

/// Settings' Change Password section.
pub const CHANGE_PASSWORD_EXPLAINED: &str = "Choose a new password for signing in. Your other \
     sessions will be signed out, so anyone who knew the old password loses access.";

/// Atop the Change Password pop-up.
pub const THIS_SESSION_STAYS: &str =
    "Your other sessions will be signed out; this one stays signed in.";

/// After ChangePassword.
pub const PASSWORD_CHANGED: &str = "Your password was changed. Other sessions were signed out.";

/// After ChangePassword, which ended `tokens_ended` access tokens.
pub fn password_changed(tokens_ended: u32) -> String {
    with_tokens_stopped(PASSWORD_CHANGED, tokens_ended)
}

/// The account was reset by an operator: nothing works before a new
/// password.
pub const PASSWORD_CHANGE_REQUIRED: &str = "The operator of this dashboard turned off your \
     two-factor authentication: choose a new password before anything else.";

/// Why the screen after an operator's reset asks for a new password.
pub const OPERATOR_RESET_EXPLAINED: &str = "The operator of this dashboard turned off your \
     two-factor authentication. Choose a new password before continuing; afterwards, set up two-factor authentication again \
     under Settings > Account.";

/// What the new password after an operator's reset ends.
pub const OPERATOR_RESET_ENDS: &str = "Choosing it signs out your other sessions, and your \
     access tokens stop working: make new ones afterwards if scripts need them.";

/// After the new password an operator's reset asked for.
pub const NEW_PASSWORD_CHOSEN: &str = "Your new password is set. Your other sessions were \
     signed out and your access tokens stopped working. Set up two-factor authentication again \
     now: open Settings > Account.";

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::failure::NOT_UNDERSTOOD;
    use super::super::testing::{api, says};
    use crate::logic::messages::*;

    #[test]
    fn a_short_password_is_named_with_the_minimum() {
        assert_eq!(
            password_too_short(8),
            "The password needs at least 8 characters."
        );
    }

    #[test]
    fn a_password_change_names_the_current_password_the_new_one_or_the_code() {
        assert_eq!(
            says(Attempt::ChangePassword, api(ResultCode::InvalidCredentials)),
            "Your current password is not correct. Try again."
        );
        let mut error = api(ResultCode::InvalidParameter);
        error.parameter = Some("newPassword".into());
        assert!(says(Attempt::ChangePassword, error).contains("differ from the current one"));
        let mut error = api(ResultCode::MissingParameter);
        error.parameter = Some("code".into());
        assert!(says(Attempt::ChangePassword, error.clone()).contains("type a code"));
        assert_eq!(says(Attempt::Other, error), NOT_UNDERSTOOD);
        assert_eq!(
            says(
                Attempt::ChangePassword,
                api(ResultCode::SecondFactorConfirmationRequired)
            ),
            CODE_NEEDED_TOO
        );
    }

    #[test]
    fn an_operator_reset_asks_for_a_new_password() {
        let words = says(Attempt::Other, api(ResultCode::PasswordChangeRequired));
        assert!(words.contains("choose a new password"), "{words}");
        for words in [words.as_str(), OPERATOR_RESET_EXPLAINED] {
            assert!(
                words.starts_with("The operator of this dashboard turned off your two-factor"),
                "{words}"
            );
        }
    }
}

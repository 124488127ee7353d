//! Sign-in and sign-up: the forms' own refusals, the throttles, the code
//! step, and the end of a session.

use super::attempt::Attempt;
use super::counts::{attempts_words, wait_words};
use crate::logic::code::CodeKind;

/// The sign-in form was sent with a field left empty.
pub const ENTER_LOGIN_AND_PASSWORD: &str = "Enter your login and your password.";

/// The sign-up form was sent without a login.
pub const CHOOSE_A_LOGIN: &str = "Choose a login.";

/// A wrong login or password at sign-in; the server does not say which,
/// on purpose, and neither does the page.
pub const WRONG_LOGIN_OR_PASSWORD: &str = "The login or the password is wrong.";

/// What a login may hold, when sign-up refuses one.
pub const LOGIN_RULES: &str = "A login has 3 to 64 letters, digits and . _ - @ +.";

/// What a password may hold, when sign-up refuses one.
pub const PASSWORD_RULES: &str = "A password has 8 to 256 characters.";

/// The hint under the sign-up form's login field.
pub const LOGIN_HINT: &str = "3 to 64 letters, digits and . _ - @ +";

/// The hint under the sign-up form's password field.
pub const NEW_PASSWORD_HINT: &str = "At least 8 characters.";

/// SignUp refused a login someone has.
pub const LOGIN_TAKEN: &str = "That login is taken. Choose another one.";

/// SignUp is switched off on this server.
pub const SIGN_UP_DISABLED: &str = "Sign-up is switched off on this server.";

/// A call needs the code step finished first.
pub const FINISH_SIGNING_IN: &str =
    "Finish signing in first: type the code from your authentication application.";

/// This browser's session is over (signed out elsewhere, expired, ended
/// by a change on another device).
pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";

/// The pending sign-in between the two steps has run out or been spent.
pub const SIGN_IN_EXPIRED: &str = "This sign-in has expired. Please enter your password again.";

/// TooManySignUps: sign-up refused for `wait_secs`.
pub(super) fn too_many_sign_ups(wait_secs: u64) -> String {
    format!(
        "Too many accounts were created from your network. Try again in {}.",
        wait_words(wait_secs)
    )
}

/// TooManySignInAttempts during `attempt`: passwords refused for
/// `wait_secs`. Passwords confirmed while signed in count under the
/// sign-in throttle.
pub(super) fn too_many_sign_ins(attempt: Attempt, wait_secs: u64) -> String {
    if attempt.is_step_up() || attempt == Attempt::TokenChange {
        format!(
            "Too many wrong passwords. Try again in {}.",
            wait_words(wait_secs)
        )
    } else {
        format!(
            "Too many failed sign-ins. Try again in {}.",
            wait_words(wait_secs)
        )
    }
}

/// After SignOut.
pub const SIGNED_OUT: &str = "You have signed out.";

/// On the dashboard of a new account.
pub const WELCOME_NEW_ACCOUNT: &str = "Welcome to Twofold! Protect your account with \
     two-factor authentication: open Settings > Account.";

/// Above the code step.
pub fn signing_in_as(login: &str) -> String {
    format!("Signing in as {login}.")
}

/// On arriving at the code step with few attempts left.
pub fn attempts_warning(left: u32) -> String {
    format!("Careful: {}.", attempts_words(left))
}

/// The switch on the code step, showing `current`.
pub fn use_other_code_kind(current: CodeKind) -> &'static str {
    match current {
        CodeKind::Totp => "Use a recovery code instead",
        CodeKind::Recovery => "Use an authentication code instead",
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use crate::logic::code::CodeKind;
    use crate::logic::messages::*;

    #[test]
    fn the_rules_in_words_are_the_limits_the_server_keeps() {
        use twofold_api::limits::*;
        let logins = format!("{MIN_LOGIN_CHARS} to {MAX_LOGIN_CHARS}");
        let passwords = format!("{MIN_PASSWORD_CHARS} to {MAX_NEW_PASSWORD_CHARS}");
        assert!(LOGIN_RULES.contains(&logins) && LOGIN_HINT.contains(&logins));
        assert!(PASSWORD_RULES.contains(&passwords));
        assert!(NEW_PASSWORD_HINT.contains(&format!("At least {MIN_PASSWORD_CHARS} ")));
        assert!(NEW_PASSWORD_RULES.contains(&passwords));
    }

    #[test]
    fn the_forms_name_what_is_missing_before_sending() {
        assert_eq!(
            ENTER_LOGIN_AND_PASSWORD,
            "Enter your login and your password."
        );
        assert_eq!(CHOOSE_A_LOGIN, "Choose a login.");
        assert_eq!(attempts_warning(2), "Careful: 2 attempts left.");
    }

    #[test]
    fn a_missing_session_at_the_code_step_means_the_sign_in_expired() {
        let error = api(ResultCode::NotSignedIn);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Recovery), error.clone()),
            "This sign-in has expired. Please enter your password again."
        );
        assert_eq!(
            says(Attempt::Other, error),
            "Your session has ended. Please sign in again."
        );
        assert_eq!(
            says(Attempt::Other, api(ResultCode::NotAPendingSession)),
            SIGN_IN_EXPIRED
        );
    }

    #[test]
    fn sign_in_never_explains_the_rules_of_a_login() {
        let mut error = api(ResultCode::InvalidParameter);
        error.parameter = Some("login".into());
        assert_eq!(
            says(Attempt::SignIn, error.clone()),
            "The login or the password is wrong."
        );
        assert!(says(Attempt::SignUp, error).contains("3 to 64"));
    }

    #[test]
    fn a_throttled_sign_in_says_how_long_to_wait() {
        let mut throttled = api(ResultCode::TooManySignInAttempts);
        throttled.retry_after = Some(90);
        assert_eq!(
            says(Attempt::SignIn, throttled),
            "Too many failed sign-ins. Try again in 2 minutes."
        );
    }
}

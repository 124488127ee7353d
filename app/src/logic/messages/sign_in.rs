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
pub const SIGN_UP_DISABLED: &str = "Creating accounts is turned off on this dashboard.";

/// A call needs the code step finished first.
pub const FINISH_SIGNING_IN: &str =
    "Finish signing in first: type the code from your authenticator app.";

/// This browser's session is over (signed out elsewhere, expired, ended
/// by a change on another device).
pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";

/// A page load found this browser signed in (the hint cookie) but its
/// session over: ended from elsewhere, by an hour without use, or by the
/// operator.
pub const SIGNED_OUT_ELSEWHERE: &str = "You were signed out in this browser. That happens \
     after an hour without use, when you choose “Sign Out All Other Sessions” or change your \
     password on another device, or when the operator of this dashboard ends your sessions. \
     Sign in again to continue.";

/// The sign-in between the two steps has run out (five minutes after the
/// password) or been spent.
pub const SIGN_IN_EXPIRED: &str = "This sign-in has ended: the code has to follow the \
     password within 5 minutes. Enter your password again.";

/// [`SIGN_IN_EXPIRED`], while codes from the authenticator app stay locked
/// until the local time `unlock_at`.
pub fn sign_in_expired_while_locked(unlock_at: &str) -> String {
    format!(
        "{SIGN_IN_EXPIRED} Codes from your authenticator app stay locked until {unlock_at}; a \
         recovery code works now."
    )
}

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

/// On the dashboard of a new account, above the Account Security card
/// and its set-up button.
pub const WELCOME_NEW_ACCOUNT: &str = "Welcome to Twofold! Protect your account with \
     two-factor authentication: choose “Set Up Two-Factor Authentication” below.";

/// The first words of the line under the sign-in form on losing access.
pub const LOST_ACCESS: &str = "Lost access?";

/// The rest of that line: what to do without the phone, and without the
/// recovery codes too.
pub const LOST_ACCESS_HELP: &str = "Without your phone, sign in with your password and, at \
     the code step, choose “Use a recovery code instead”. Without your phone and your \
     recovery codes, ask the operator of this dashboard: after checking who you are, they can \
     turn off two-factor authentication for your account.";

/// Under the sign-in form: the way to a new account ([`CREATE_AN_ACCOUNT`]
/// is the link).
pub const NEW_HERE: &str = "New here?";

/// The sign-in form's link to sign-up.
pub const CREATE_AN_ACCOUNT: &str = "Create an account";

/// Under the sign-up form: the way back ([`SIGN_IN_LINK`] is the link).
pub const HAVE_AN_ACCOUNT: &str = "Already have an account?";

/// The sign-up form's link to sign-in.
pub const SIGN_IN_LINK: &str = "Sign in";

/// The code step's way back to the first step.
pub const BACK_TO_PASSWORD: &str = "Back to login and password";

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
        CodeKind::Recovery => "Use a code from your authenticator app instead",
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
            "This sign-in has ended: the code has to follow the password within 5 minutes. \
             Enter your password again."
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
    fn an_ended_sign_in_under_a_lock_says_until_when_and_what_works_now() {
        let words = sign_in_expired_while_locked("14:33");
        assert!(words.starts_with(SIGN_IN_EXPIRED), "{words}");
        assert!(
            words.ends_with("locked until 14:33; a recovery code works now."),
            "{words}"
        );
    }

    #[test]
    fn the_sign_in_pages_speak_of_the_authenticator_app_in_plain_words() {
        let read = [
            SIGN_IN_EXPIRED,
            SIGNED_OUT_ELSEWHERE,
            LOST_ACCESS_HELP,
            FINISH_SIGNING_IN,
            TOTP_STOPPED,
            LOCK_ENDED,
            NEXT_CODE_READY,
            TYPE_THE_SIX_DIGITS,
            use_other_code_kind(CodeKind::Totp),
            use_other_code_kind(CodeKind::Recovery),
        ];
        let jargon = [
            "TOTP",
            "second factor",
            "second step",
            "authentication application",
        ];
        for words in read {
            for term in jargon {
                assert!(!words.contains(term), "{term:?} in {words:?}");
            }
        }
        assert!(says(Attempt::VerifyCode(CodeKind::Totp), {
            let mut locked = api(ResultCode::SecondFactorLocked);
            locked.retry_after = Some(900);
            locked
        })
        .contains("Try again in 15 minutes"));
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
    fn the_words_name_the_buttons_there_are_and_one_operator_who_turns_it_off() {
        assert!(WELCOME_NEW_ACCOUNT.contains(&format!("“{SET_UP_TWO_FACTOR}” below")));
        assert!(SIGNED_OUT_ELSEWHERE.contains(&format!("“{SIGN_OUT_ALL_OTHERS}”")));
        for words in [LOST_ACCESS_HELP, REGENERATION_WITHOUT_PHONE] {
            assert!(words.contains("the operator of this dashboard"), "{words}");
            assert!(
                words.contains("turn off two-factor authentication"),
                "{words}"
            );
        }
        for words in [
            SIGNED_OUT_ELSEWHERE,
            LOST_ACCESS_HELP,
            SIGN_UP_DISABLED,
            WELCOME_NEW_ACCOUNT,
        ] {
            for term in [
                "everywhere",
                "switch",
                "administrator",
                "this service",
                "Settings >",
            ] {
                assert!(!words.contains(term), "{term:?} in {words:?}");
            }
        }
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

//! The password pop-up (a step-up): what it asks for and why, and what it
//! says when the change behind it needs more.

use super::counts::count;
use crate::logic::code::CodeKind;

/// The pop-up's explanation when it asks for the password alone.
pub const CONFIRM_PASSWORD: &str = "For your security, enter your password to continue.";

/// The pop-up's explanation when it asks for a code too.
pub const CONFIRM_PASSWORD_AND_CODE: &str = "For your security, enter your password and a code \
     from your authenticator app to continue. The code you signed in with does not count: if \
     you just signed in, wait for the next one.";

/// Under the six-digit field of a step-up.
pub const STEP_UP_CODE_HINT: &str = "The six digits your authenticator app shows now.";

/// Under the recovery-code field of a step-up.
pub const STEP_UP_RECOVERY_HINT: &str =
    "One of the recovery codes you saved. It is used up once it confirms this.";

/// The switch of a step-up's code field, showing `current`.
pub fn step_up_other_code_kind(current: CodeKind) -> &'static str {
    match current {
        CodeKind::Totp => "Use a recovery code instead",
        CodeKind::Recovery => "Use a code from your authenticator app instead",
    }
}

/// The pop-up once CheckPassword accepted what was typed, and the change
/// behind it goes on: how long no pop-up will come back, `secs` being what
/// the server's answer leaves of the step-up (`elevatedUntil` less now).
pub fn step_up_confirmed(secs: u64) -> String {
    format!(
        "Confirmed. You won't be asked again for {} while you keep working.",
        lasting_words(secs)
    )
}

/// `45 seconds`, `15 minutes`, `2 hours`: how long a step-up lasts,
/// rounded to the nearest minute (the server's answer comes a moment after
/// its clock read: 899 s left means the 15 minutes it granted).
fn lasting_words(secs: u64) -> String {
    let minutes = (secs + 30) / 60;
    match minutes {
        0 => count(secs.max(1), "second", "seconds"),
        _ if minutes.is_multiple_of(60) => count(minutes / 60, "hour", "hours"),
        _ => count(minutes, "minute", "minutes"),
    }
}

/// The confirmation pop-up was sent empty.
pub const ENTER_YOUR_PASSWORD: &str = "Enter your password.";

/// The pop-up's password (or the one a token change stood for) is wrong.
pub const WRONG_PASSWORD: &str = "That password is not correct. Try again.";

/// A change needs a step-up the session has not made lately.
pub const CONFIRM_TO_CONTINUE: &str = "Please confirm your password to continue.";

/// A change needs a second factor the session has not confirmed.
pub const SECOND_FACTOR_NEEDED: &str = "With two-factor authentication on, this also needs a \
     code from your authenticator app (not the one you signed in with) or a recovery code.";

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use crate::logic::code::CodeKind;
    use crate::logic::messages::*;

    #[test]
    fn the_pop_up_says_to_wait_for_the_next_code_or_to_use_a_recovery_code() {
        let mut just_used = api(ResultCode::CodeJustUsed);
        just_used.retry_after = Some(17);
        let words = says(Attempt::ConfirmPassword, just_used);
        assert!(words.contains("Wait for the next one"), "{words}");
        assert!(words.contains("(17 s)"), "{words}");
        assert_eq!(
            says(Attempt::ConfirmPassword, api(ResultCode::TotpStopped)),
            TOTP_STOPPED_USE_RECOVERY_CODE
        );
        assert_eq!(
            says(
                Attempt::VerifyCode(CodeKind::Totp),
                api(ResultCode::TotpStopped)
            ),
            TOTP_STOPPED,
            "sign-in keeps its own words"
        );
        let mut wrong = api(ResultCode::InvalidCode);
        wrong.attempts_left = Some(3);
        assert_eq!(
            says(Attempt::ConfirmPassword, wrong),
            "That code is not valid. 3 attempts left. Type the code your authenticator app \
             shows now."
        );
        let mut throttled = api(ResultCode::TooManySignInAttempts);
        throttled.retry_after = Some(30);
        assert_eq!(
            says(Attempt::ConfirmPassword, throttled),
            "Too many wrong passwords. Try again in 30 seconds."
        );
    }

    #[test]
    fn a_wrong_password_in_a_token_change_reads_as_in_the_pop_up() {
        assert_eq!(
            says(Attempt::TokenChange, api(ResultCode::InvalidCredentials)),
            "That password is not correct. Try again."
        );
        let mut throttled = api(ResultCode::TooManySignInAttempts);
        throttled.retry_after = Some(120);
        assert_eq!(
            says(Attempt::TokenChange, throttled),
            "Too many wrong passwords. Try again in 2 minutes."
        );
    }

    #[test]
    fn the_confirmed_pop_up_says_how_long_the_server_granted() {
        assert_eq!(
            step_up_confirmed(899),
            "Confirmed. You won't be asked again for 15 minutes while you keep working."
        );
        assert!(step_up_confirmed(900).contains("for 15 minutes"));
        assert!(step_up_confirmed(300).contains("for 5 minutes"));
        assert!(step_up_confirmed(61).contains("for 1 minute "));
        assert!(step_up_confirmed(29).contains("for 29 seconds"));
        assert!(step_up_confirmed(0).contains("for 1 second "));
        assert!(step_up_confirmed(7199).contains("for 2 hours"));
        assert!(step_up_confirmed(5400).contains("for 90 minutes"));
    }

    #[test]
    fn a_missing_second_factor_is_said_in_words() {
        let words = says(
            Attempt::TokenChange,
            api(ResultCode::SecondFactorConfirmationRequired),
        );
        assert!(words.contains("recovery code"), "{words}");
        assert!(words.contains("not the one you signed in with"), "{words}");
    }
}

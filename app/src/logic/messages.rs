//! Every sentence the app builds for a person: failures, notices, statuses
//! and counts. Fixed copy in the markup (headings, labels, explanations)
//! stays with its component; whatever is chosen or put together at run time
//! is worded here.
//!
//! Failures are worded by result code and by what the person was doing
//! ([`Attempt`]), never with the server's `error` text: that is written for
//! scripts and names methods and parameters. No result numbers, no blank
//! screens.

use twofold_api::ResultCode;

use crate::api::Failure;
use crate::logic::code::CodeKind;

// Failures.

/// What the person was doing when a call failed: one result code can need
/// different words (a wrong password at sign-in is not a wrong password in
/// the confirmation pop-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Creating an account (SignUp).
    SignUp,
    /// The password step of sign-in (SignIn).
    SignIn,
    /// The code step of sign-in (Verify2FACode), with this kind of code.
    VerifyCode(CodeKind),
    /// The "confirm your password" pop-up (CheckPassword).
    ConfirmPassword,
    /// The first code in the setup wizard (Enable2FA).
    EnableTwoFactor,
    /// The Change Password dialog (ChangePassword).
    ChangePassword,
    /// Anything else: loading the account or the security log, signing out,
    /// the changes in Settings.
    Other,
}

/// The sentence shown next to whatever caused `failure` while the person
/// was doing `attempt`.
pub fn failure_message(attempt: Attempt, failure: &Failure) -> String {
    let error = match failure {
        Failure::Network => {
            return "Could not reach the server. Check your connection and try again.".into()
        }
        Failure::Unreadable => return UNREADABLE.into(),
        Failure::UnknownResult => return NOT_UNDERSTOOD.into(),
        Failure::Api(error) => error,
    };
    // A lock or throttle without its length is worded as a minute's wait.
    let wait_secs = error.retry_after.unwrap_or(60);
    match error.result {
        ResultCode::InvalidCode => {
            let mut words = match error.attempts_left {
                Some(0) => "That code is not valid, and no attempts are left.".to_string(),
                Some(left) => format!("That code is not valid. {}.", attempts_words(left)),
                None => "That code is not valid.".to_string(),
            };
            if attempt == Attempt::EnableTwoFactor {
                words.push_str(
                    " Check that your phone sets its clock automatically, and type the newest \
                     code.",
                );
            }
            words
        }
        ResultCode::SecondFactorLocked => second_factor_locked(wait_secs),
        ResultCode::TotpStopped => TOTP_STOPPED.into(),
        ResultCode::TooManySignUps => format!(
            "Too many accounts were created from your network. Try again in {}.",
            wait_words(wait_secs)
        ),
        ResultCode::TooManySignInAttempts => format!(
            "Too many failed sign-ins. Try again in {}.",
            wait_words(wait_secs)
        ),
        ResultCode::InvalidCredentials if attempt == Attempt::ConfirmPassword => {
            "That password is not correct. Try again.".into()
        }
        ResultCode::InvalidCredentials if attempt == Attempt::ChangePassword => {
            "Your current password is not correct. Try again.".into()
        }
        ResultCode::InvalidCredentials => "The login or the password is wrong.".into(),
        // At the code step, no session means the pending sign-in is gone.
        ResultCode::NotSignedIn if matches!(attempt, Attempt::VerifyCode(_)) => {
            SIGN_IN_EXPIRED.into()
        }
        ResultCode::NotSignedIn => "Your session has ended. Please sign in again.".into(),
        ResultCode::NotAPendingSession => SIGN_IN_EXPIRED.into(),
        ResultCode::SecondFactorRequired => {
            "Finish signing in first: type the code from your authentication application.".into()
        }
        ResultCode::PasswordConfirmationRequired => {
            "Please confirm your password to continue.".into()
        }
        ResultCode::NoPendingSetup => {
            "This setup has expired. Start again to get a new QR code.".into()
        }
        ResultCode::TwoFactorAlreadyEnabled => {
            "Two-factor authentication is already on. Reload the page to see it.".into()
        }
        ResultCode::TwoFactorNotEnabled => {
            "Two-factor authentication is not on. Reload the page to see it.".into()
        }
        ResultCode::LoginTaken => "That login is taken. Choose another one.".into(),
        ResultCode::SignUpDisabled => "Sign-up is switched off on this server.".into(),
        ResultCode::InvalidParameter => match error.parameter.as_deref() {
            Some("login") => "A login has 3 to 64 letters, digits and . _ - @ +.".into(),
            Some("password") => "A password has 8 to 256 characters.".into(),
            Some("newPassword") => {
                "The new password needs 8 to 256 characters and must differ from the current one."
                    .into()
            }
            Some("oldPassword") => ENTER_CURRENT_PASSWORD.into(),
            Some("code") => incomplete_code(attempt).into(),
            _ => NOT_UNDERSTOOD.into(),
        },
        // Two-factor authentication was switched on elsewhere since the
        // dialog opened without the code field.
        ResultCode::MissingParameter
            if attempt == Attempt::ChangePassword && error.parameter.as_deref() == Some("code") =>
        {
            "Two-factor authentication is on: type a code from your authentication application \
             too."
                .into()
        }
        ResultCode::MalformedRequest
        | ResultCode::MissingParameter
        | ResultCode::UnknownMethod
        | ResultCode::BodyTooLarge
        | ResultCode::MethodNotAllowed
        | ResultCode::UnsupportedMediaType
        | ResultCode::CsrfRejected => NOT_UNDERSTOOD.into(),
        ResultCode::Busy => "The account is busy with another change. Try again.".into(),
        ResultCode::Internal => "Something went wrong on our side. Try again in a moment.".into(),
        ResultCode::Unavailable => {
            "The service is busy right now. Wait a moment and try again.".into()
        }
        ResultCode::NoClientAddress => {
            "The server is set up wrongly and cannot check passwords now. Try again later.".into()
        }
        // A failure never carries `Ok`; if one did, its answer makes no sense.
        ResultCode::Ok => UNREADABLE.into(),
    }
}

/// True when a code-step failure means the pending sign-in is gone
/// (expired, spent or unknown) and the person must start with the password.
pub fn must_start_over(failure: &Failure) -> bool {
    matches!(
        failure.result(),
        Some(ResultCode::NotSignedIn | ResultCode::NotAPendingSession)
    )
}

const UNREADABLE: &str = "The server's answer could not be read. Try again in a moment.";

/// For requests this page should never have sent: usually a page older
/// than the server.
const NOT_UNDERSTOOD: &str =
    "The server did not understand this page's request. Reload the page and try again.";

/// The pending sign-in between the two steps has run out or been spent.
pub const SIGN_IN_EXPIRED: &str = "This sign-in has expired. Please enter your password again.";

/// The second step refuses codes for a while; `wait_secs` until it takes
/// them again.
pub fn second_factor_locked(wait_secs: u64) -> String {
    format!(
        "Too many wrong codes: the second step is locked. Try again in {}.",
        wait_words(wait_secs)
    )
}

/// Codes from the app are refused until a recovery code signs in.
pub const TOTP_STOPPED: &str = "Too many wrong codes in a row: codes from your authentication \
     application no longer work for this account. Sign in with one of your recovery codes; \
     that switches the application's codes back on.";

// What the forms say before anything is sent.

/// The sign-in form was sent with a field left empty.
pub const ENTER_LOGIN_AND_PASSWORD: &str = "Enter your login and your password.";

/// The sign-up form was sent without a login.
pub const CHOOSE_A_LOGIN: &str = "Choose a login.";

/// The sign-up form was sent with a password shorter than `min_chars`.
pub fn password_too_short(min_chars: usize) -> String {
    format!("The password needs at least {min_chars} characters.")
}

/// The confirmation pop-up was sent empty.
pub const ENTER_YOUR_PASSWORD: &str = "Enter your password.";

/// The Change Password dialog was sent without the current password.
pub const ENTER_CURRENT_PASSWORD: &str = "Enter your current password.";

/// The Change Password dialog was sent with the current password as the new one.
pub const NEW_PASSWORD_UNCHANGED: &str =
    "Choose a new password: it must differ from the current one.";

/// The Change Password dialog's two new passwords differ.
pub const NEW_PASSWORDS_DIFFER: &str =
    "The new password and its confirmation do not match. Type them again.";

/// A code was sent before it was whole, during `attempt`.
pub fn incomplete_code(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::ChangePassword => {
            "Type the six-digit code your authentication application shows, or a recovery code."
        }
        Attempt::VerifyCode(CodeKind::Recovery) => {
            "A recovery code has ten letters and digits, like abcde-12345."
        }
        Attempt::VerifyCode(CodeKind::Totp) => "Type the six digits your application shows.",
        _ => "Type the six-digit code your authentication application shows.",
    }
}

// Notices for the next screen.

/// After SignOut.
pub const SIGNED_OUT: &str = "You have signed out.";

/// On the dashboard of a new account.
pub const WELCOME_NEW_ACCOUNT: &str = "Welcome to Twofold! Protect your account with \
     two-factor authentication: open Settings > Account.";

/// After the setup wizard's Done.
pub const TWO_FACTOR_TURNED_ON: &str = "Two-factor authentication is on. From now on, signing in \
     asks for a code from your authentication application.";

/// After ChangePassword.
pub const PASSWORD_CHANGED: &str = "Your password was changed. Other sessions were signed out.";

/// After Disable2FA.
pub const TWO_FACTOR_TURNED_OFF: &str = "Two-factor authentication is off. Your account is now \
     accessible with just the login and password.";

/// After signing in with a recovery code, `left` codes remaining; with two
/// or fewer, where to get new ones.
pub fn signed_in_with_recovery_code(left: u32) -> String {
    let mut words = format!(
        "You signed in with a recovery code. That code cannot be used again: {}.",
        recovery_codes_left(left)
    );
    if left <= 2 {
        words.push_str(" Generate new ones in Settings > Account > View Recovery Codes.");
    }
    words
}

// Sign-in.

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

// Account and recovery codes.

/// `Welcome, ada`.
pub fn welcome(login: &str) -> String {
    format!("Welcome, {login}")
}

/// When the account was made; `on` is a date in words.
pub fn account_created(on: &str) -> String {
    format!("Account created on {on}.")
}

/// The status line of an account with 2FA on; `since` is a date in words.
pub fn two_factor_on(since: Option<&str>) -> String {
    match since {
        Some(since) => format!("Two-factor authentication is on since {since}."),
        None => "Two-factor authentication is on.".into(),
    }
}

/// `1 recovery code left`, `9 recovery codes left`.
pub fn recovery_codes_left(left: u32) -> String {
    if left == 1 {
        "1 recovery code left".into()
    } else {
        format!("{left} recovery codes left")
    }
}

/// The line under the 2FA status in Settings.
pub fn recovery_codes_summary(left: u32) -> String {
    if left == 0 {
        "No recovery codes left: generate new ones under View Recovery Codes.".into()
    } else {
        format!("{}.", recovery_codes_left(left))
    }
}

/// The tooltip of a spent recovery code; `on` is a date in words.
pub fn used_on(on: &str) -> String {
    format!("Used on {on}")
}

/// The setup wizard refused to close before the codes were saved.
pub const SAVE_RECOVERY_CODES_FIRST: &str = "Save the recovery codes first: use Download or \
     Copy, or tick “I've saved the data”, to close this window.";

/// Download worked.
pub fn downloaded(file_name: &str) -> String {
    format!("Downloaded {file_name}.")
}

/// Download did not start.
pub const DOWNLOAD_FAILED: &str = "The download did not start. Copy the codes instead.";

/// Copy of the recovery codes worked.
pub const CODES_COPIED: &str = "Copied to the clipboard.";

/// Copy of the recovery codes failed.
pub const CODES_COPY_FAILED: &str =
    "Copying did not work here. Select the codes and copy them by hand.";

// The setup wizard.

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

/// The countdown beside a code field.
pub fn new_code_in(secs: u32) -> String {
    format!("New code in {secs} s")
}

// Counts and waits.

/// `45 seconds`, `1 minute`, `5 minutes`, `2 hours`: a wait rounded up, so
/// a person who waits that long is never refused again.
pub fn wait_words(secs: u64) -> String {
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match secs {
        0..=59 => plural(secs.max(1), "second"),
        60..=5_399 => plural(secs.div_ceil(60), "minute"),
        _ => plural(secs.div_ceil(3600), "hour"),
    }
}

/// `1 attempt left`, `4 attempts left`.
pub fn attempts_words(left: u32) -> String {
    if left == 1 {
        "1 attempt left".to_string()
    } else {
        format!("{left} attempts left")
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    fn api(result: ResultCode) -> ApiError {
        ApiError::new(result)
    }

    fn says(attempt: Attempt, error: ApiError) -> String {
        failure_message(attempt, &Failure::Api(error))
    }

    #[test]
    fn waits_are_rounded_up_to_a_friendly_unit() {
        assert_eq!(wait_words(0), "1 second");
        assert_eq!(wait_words(1), "1 second");
        assert_eq!(wait_words(45), "45 seconds");
        assert_eq!(wait_words(60), "1 minute");
        assert_eq!(wait_words(61), "2 minutes");
        assert_eq!(wait_words(299), "5 minutes");
        assert_eq!(wait_words(7200), "2 hours");
    }

    #[test]
    fn a_wrong_code_says_how_many_attempts_are_left() {
        let mut error = api(ResultCode::InvalidCode);
        error.attempts_left = Some(4);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Totp), error.clone()),
            "That code is not valid. 4 attempts left."
        );
        error.attempts_left = Some(1);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Totp), error),
            "That code is not valid. 1 attempt left."
        );
    }

    #[test]
    fn a_wrong_first_code_in_the_setup_points_at_the_phones_clock() {
        let words = says(Attempt::EnableTwoFactor, api(ResultCode::InvalidCode));
        assert_eq!(
            words,
            "That code is not valid. Check that your phone sets its clock automatically, and \
             type the newest code."
        );
    }

    #[test]
    fn a_lock_says_how_long_to_wait() {
        let mut error = api(ResultCode::SecondFactorLocked);
        error.retry_after = Some(290);
        let words = says(Attempt::VerifyCode(CodeKind::Totp), error);
        assert!(words.contains("locked"), "{words}");
        assert!(words.ends_with("Try again in 5 minutes."), "{words}");
        assert_eq!(words, second_factor_locked(290));
    }

    #[test]
    fn a_wrong_password_reads_differently_at_sign_in_and_in_the_pop_up() {
        let error = api(ResultCode::InvalidCredentials);
        assert_eq!(
            says(Attempt::SignIn, error.clone()),
            "The login or the password is wrong."
        );
        assert_eq!(
            says(Attempt::ConfirmPassword, error),
            "That password is not correct. Try again."
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
    }

    #[test]
    fn a_missing_session_at_the_code_step_means_the_sign_in_expired() {
        let error = api(ResultCode::NotSignedIn);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Recovery), error.clone()),
            SIGN_IN_EXPIRED
        );
        assert_eq!(
            says(Attempt::Other, error),
            "Your session has ended. Please sign in again."
        );
    }

    #[test]
    fn the_servers_words_are_never_shown() {
        for &code in ResultCode::ALL {
            let mut error = ApiError::with_message(code, "server words for scripts");
            error.parameter = Some("login".into());
            for attempt in [Attempt::SignUp, Attempt::SignIn, Attempt::Other] {
                let words = says(attempt, error.clone());
                assert!(!words.contains("server words"), "{code:?}: {words}");
            }
        }
        assert!(!failure_message(Attempt::Other, &Failure::UnknownResult).is_empty());
    }

    #[test]
    fn a_refused_parameter_is_named_in_the_words_of_the_form() {
        let refused = |parameter: &str| {
            let mut error = api(ResultCode::InvalidParameter);
            error.parameter = Some(parameter.into());
            error
        };
        assert!(says(Attempt::SignUp, refused("login")).contains("3 to 64"));
        assert!(says(Attempt::SignUp, refused("password")).contains("8 to 256"));
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Recovery), refused("code")),
            incomplete_code(Attempt::VerifyCode(CodeKind::Recovery))
        );
    }

    #[test]
    fn no_message_shows_a_result_number() {
        for &code in ResultCode::ALL {
            let words = says(Attempt::Other, api(code));
            assert!(!words.is_empty(), "{code:?}");
            assert!(
                !words.contains(&code.code().to_string()) || code == ResultCode::Ok,
                "{code:?}: {words}"
            );
        }
    }

    #[test]
    fn an_unreachable_server_is_named_as_such() {
        assert!(failure_message(Attempt::Other, &Failure::Network)
            .contains("Could not reach the server"));
    }

    #[test]
    fn an_expired_or_spent_pending_sign_in_starts_over_and_a_wrong_code_does_not() {
        assert!(must_start_over(&Failure::Api(api(ResultCode::NotSignedIn))));
        assert!(must_start_over(&Failure::Api(api(
            ResultCode::NotAPendingSession
        ))));
        assert!(!must_start_over(&Failure::Api(api(
            ResultCode::InvalidCode
        ))));
        assert!(!must_start_over(&Failure::Network));
    }

    #[test]
    fn recovery_codes_are_counted_in_words() {
        assert_eq!(recovery_codes_left(1), "1 recovery code left");
        assert_eq!(recovery_codes_left(9), "9 recovery codes left");
        assert_eq!(recovery_codes_summary(10), "10 recovery codes left.");
        assert!(recovery_codes_summary(0).starts_with("No recovery codes left"));
    }

    #[test]
    fn a_recovery_code_sign_in_says_what_is_left_and_when_to_renew() {
        assert_eq!(
            signed_in_with_recovery_code(9),
            "You signed in with a recovery code. That code cannot be used again: 9 recovery \
             codes left."
        );
        assert!(signed_in_with_recovery_code(2).ends_with("View Recovery Codes."));
        assert!(signed_in_with_recovery_code(1).contains(": 1 recovery code left."));
    }
}

//! A failed call in words: the result code and what the person was doing
//! decide, and each area words its own refusals.

use twofold_api::{params, ResultCode};

use super::attempt::Attempt;
use super::code::second_factor_locked;
use super::code::{app_codes_stopped, incomplete_code, invalid_code, just_used};
use super::not_me::{
    not_me_link_expired, NOTHING_TO_RESTORE, NOT_ME_LINK_INVALID, NOT_ME_LINK_USED, UNDO_CODE_HINT,
    UNDO_KEY_CHECK_GONE, UNDO_KEY_CLONE_SUSPECTED, UNDO_KEY_REFUSED, UNDO_NO_KEYS, UNDO_TRIES_USED,
};
use super::password::{
    CODE_NEEDED_TOO, ENTER_CURRENT_PASSWORD, NEW_PASSWORD_RULES, PASSWORD_CHANGE_REQUIRED,
    WRONG_CURRENT_PASSWORD,
};
use super::recovery_codes::CODES_REPLACED;
use super::security_keys::{
    key_refused, too_many_keys, KEY_ALREADY_ADDED, KEY_CHECK_GONE, KEY_CLONE_SUSPECTED,
    KEY_NOT_FOUND, LAST_SECOND_FACTOR, NO_SECURITY_KEYS,
};
use super::security_notices::{ADDRESS_RULES, EMAIL_CODE_GONE, NO_CONFIRMED_ADDRESS};
use super::sign_in::{
    too_many_sign_ins, too_many_sign_ups, FINISH_SIGNING_IN, LOGIN_RULES, LOGIN_TAKEN,
    PASSWORD_RULES, SESSION_ENDED, SIGN_IN_EXPIRED, SIGN_UP_DISABLED, WRONG_LOGIN_OR_PASSWORD,
};
use super::step_up::{CONFIRM_TO_CONTINUE, SECOND_FACTOR_NEEDED, WRONG_PASSWORD};
use super::tokens::{
    DESCRIPTION_TOO_LONG, EXPIRY_OUT_OF_RANGE, METHOD_NOT_FOR_TOKENS, TOKEN_CANNOT_DO_THIS,
    TOO_MANY_TOKENS,
};
use super::two_factor::{ALREADY_OFF, ALREADY_ON, SETUP_EXPIRED};
use crate::api::Failure;

/// The sentence shown next to whatever caused `failure` while the person
/// was doing `attempt`.
pub fn failure_message(attempt: Attempt, failure: &Failure) -> String {
    let error = match failure {
        Failure::Network => return NO_CONNECTION.into(),
        Failure::Unreadable => return UNREADABLE.into(),
        Failure::UnknownResult => return NOT_UNDERSTOOD.into(),
        Failure::Api(error) => error,
    };
    // A lock or throttle without its length is worded as a minute's wait.
    let wait_secs = error.retry_after.unwrap_or(60);
    let parameter = error.parameter.as_deref();
    match error.result {
        ResultCode::InvalidCode => invalid_code(attempt, error.attempts_left),
        ResultCode::CodeJustUsed => just_used(attempt, error.retry_after.unwrap_or(30)),
        ResultCode::SecondFactorLocked => second_factor_locked(wait_secs),
        ResultCode::TotpStopped => app_codes_stopped(attempt).into(),
        ResultCode::TooManySignUps => too_many_sign_ups(wait_secs),
        ResultCode::TooManySignInAttempts => too_many_sign_ins(attempt, wait_secs),
        ResultCode::InvalidCredentials => wrong_password(attempt).into(),
        ResultCode::NotSignedIn => no_session(attempt).into(),
        ResultCode::NotAPendingSession => SIGN_IN_EXPIRED.into(),
        ResultCode::SecondFactorRequired => FINISH_SIGNING_IN.into(),
        ResultCode::PasswordConfirmationRequired => CONFIRM_TO_CONTINUE.into(),
        ResultCode::SecondFactorConfirmationRequired => second_factor_needed(attempt).into(),
        ResultCode::PasswordChangeRequired => PASSWORD_CHANGE_REQUIRED.into(),
        ResultCode::NoPendingSetup => SETUP_EXPIRED.into(),
        ResultCode::TwoFactorAlreadyEnabled => ALREADY_ON.into(),
        ResultCode::TwoFactorNotEnabled => ALREADY_OFF.into(),
        ResultCode::TokenMethodRefused => TOKEN_CANNOT_DO_THIS.into(),
        ResultCode::TooManyTokens => TOO_MANY_TOKENS.into(),
        ResultCode::LoginTaken => LOGIN_TAKEN.into(),
        ResultCode::RecoveryCodesReplaced => CODES_REPLACED.into(),
        ResultCode::SignUpDisabled => SIGN_UP_DISABLED.into(),
        ResultCode::KeyRefused => key_refused(attempt).into(),
        ResultCode::KeyCheckGone => KEY_CHECK_GONE.into(),
        ResultCode::KeyCloneSuspected => KEY_CLONE_SUSPECTED.into(),
        ResultCode::NoSecurityKeys => NO_SECURITY_KEYS.into(),
        ResultCode::LastSecondFactor => LAST_SECOND_FACTOR.into(),
        ResultCode::TooManySecurityKeys => too_many_keys(),
        ResultCode::SecurityKeyNotFound => KEY_NOT_FOUND.into(),
        ResultCode::KeyAlreadyAdded => KEY_ALREADY_ADDED.into(),
        ResultCode::NoPendingEmail => EMAIL_CODE_GONE.into(),
        ResultCode::NoNotificationEmail => NO_CONFIRMED_ADDRESS.into(),
        ResultCode::InvalidParameter => invalid_parameter(attempt, parameter).into(),
        ResultCode::MissingParameter => missing_parameter(attempt, parameter).into(),
        ResultCode::MalformedRequest
        | ResultCode::UnknownMethod
        | ResultCode::BodyTooLarge
        | ResultCode::MethodNotAllowed
        | ResultCode::UnsupportedMediaType
        | ResultCode::CsrfRejected => NOT_UNDERSTOOD.into(),
        // Only the "Wasn't you?" page gets these, and it words them itself
        // ([`not_me_failure`]): the sign-in bundle carries none of them.
        ResultCode::NotMeLinkInvalid
        | ResultCode::NotMeLinkExpired
        | ResultCode::NotMeLinkUsed
        | ResultCode::NothingToRestore
        | ResultCode::UndoTriesUsed => NOT_UNDERSTOOD.into(),
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

/// [`failure_message`] for the "Wasn't you?" page (ReportNotMe,
/// StartUndoKeyCheck, UndoChange): the link's refusals, a wrong code's way
/// on, and a key that is not one from before the change.
pub fn not_me_failure(attempt: Attempt, failure: &Failure) -> String {
    let Failure::Api(error) = failure else {
        return failure_message(attempt, failure);
    };
    match error.result {
        ResultCode::NotMeLinkInvalid => NOT_ME_LINK_INVALID.into(),
        ResultCode::InvalidParameter if error.parameter.as_deref() == Some(params::LINK) => {
            NOT_ME_LINK_INVALID.into()
        }
        ResultCode::NotMeLinkExpired => not_me_link_expired(),
        ResultCode::NotMeLinkUsed => NOT_ME_LINK_USED.into(),
        ResultCode::NothingToRestore => NOTHING_TO_RESTORE.into(),
        ResultCode::UndoTriesUsed => UNDO_TRIES_USED.into(),
        ResultCode::InvalidCode
            if attempt == Attempt::UndoChange && error.attempts_left != Some(0) =>
        {
            invalid_code(attempt, error.attempts_left) + UNDO_CODE_HINT
        }
        // A key from before the change (StartUndoKeyCheck, UndoChange).
        ResultCode::KeyRefused => UNDO_KEY_REFUSED.into(),
        ResultCode::KeyCheckGone => UNDO_KEY_CHECK_GONE.into(),
        ResultCode::KeyCloneSuspected => UNDO_KEY_CLONE_SUSPECTED.into(),
        ResultCode::NoSecurityKeys => UNDO_NO_KEYS.into(),
        _ => failure_message(attempt, failure),
    }
}

/// The call never reached the server.
const NO_CONNECTION: &str = "Could not reach the server. Check your connection and try again.";

const UNREADABLE: &str = "The server's answer could not be read. Try again in a moment.";

/// For requests this page should never have sent: usually a page older
/// than the server.
pub(super) const NOT_UNDERSTOOD: &str =
    "The server did not understand this page's request. Reload the page and try again.";

/// A token or session named that another window removed meanwhile.
const NO_LONGER_THERE: &str =
    "That token or session is no longer there. Reload the page to see the current list.";

/// InvalidCredentials: the password of the sign-in, the pop-up (which a
/// token change stands for) or the Change Password form.
fn wrong_password(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::ConfirmPassword | Attempt::TokenChange => WRONG_PASSWORD,
        Attempt::ChangePassword => WRONG_CURRENT_PASSWORD,
        _ => WRONG_LOGIN_OR_PASSWORD,
    }
}

/// NotSignedIn: at the code step, the pending sign-in is gone; anywhere
/// else, this browser's session.
fn no_session(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::VerifyCode(_) | Attempt::KeySignIn => SIGN_IN_EXPIRED,
        _ => SESSION_ENDED,
    }
}

/// SecondFactorConfirmationRequired. Two-factor authentication was
/// switched on elsewhere since the Change Password form opened without the
/// code field.
fn second_factor_needed(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::ChangePassword => CODE_NEEDED_TOO,
        _ => SECOND_FACTOR_NEEDED,
    }
}

/// InvalidParameter naming `parameter`, in the words of the form.
fn invalid_parameter(attempt: Attempt, parameter: Option<&str>) -> &'static str {
    match parameter {
        // Sign-in never says what a login or a password must look like:
        // that is sign-up's business, and here it would only help a guesser.
        Some(params::LOGIN | params::PASSWORD) if attempt == Attempt::SignIn => {
            WRONG_LOGIN_OR_PASSWORD
        }
        Some(params::LOGIN) => LOGIN_RULES,
        Some(params::PASSWORD) => PASSWORD_RULES,
        Some(params::NEW_PASSWORD) => NEW_PASSWORD_RULES,
        Some(params::OLD_PASSWORD) => ENTER_CURRENT_PASSWORD,
        Some(params::CODE) => incomplete_code(attempt),
        Some(params::DESCRIPTION) => DESCRIPTION_TOO_LONG,
        Some(params::API_LIST) => METHOD_NOT_FOR_TOKENS,
        Some(params::EXPIRES_AT) => EXPIRY_OUT_OF_RANGE,
        Some(params::EMAIL) => ADDRESS_RULES,
        Some(params::IDS | params::ID) => NO_LONGER_THERE,
        _ => NOT_UNDERSTOOD,
    }
}

/// MissingParameter naming `parameter`. Two-factor authentication was
/// switched on elsewhere since the Change Password dialog opened without
/// the code field; anything else is a request this page should not send.
fn missing_parameter(attempt: Attempt, parameter: Option<&str>) -> &'static str {
    if attempt == Attempt::ChangePassword && parameter == Some("code") {
        CODE_NEEDED_TOO
    } else {
        NOT_UNDERSTOOD
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::super::testing::{api, says};
    use super::*;
    use crate::logic::code::CodeKind;

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
}

//! The codes people type (six digits from the app, recovery codes) at
//! sign-in, in a step-up and in the setup wizard: refused, locked, just
//! used, incomplete, and the waits the server asks for.

use super::attempt::Attempt;
use super::counts::{attempts_words, clock, wait_words};
use crate::logic::code::CodeKind;
use crate::logic::wait_reason::WaitReason;

/// A wrong code (InvalidCode) during `attempt`, with `attempts_left`
/// before the lock when the server says.
pub(super) fn invalid_code(attempt: Attempt, attempts_left: Option<u32>) -> String {
    let mut words = match attempts_left {
        Some(0) => "That code is not valid, and no attempts are left.".to_string(),
        Some(left) => format!("That code is not valid. {}.", attempts_words(left)),
        None => "That code is not valid.".to_string(),
    };
    if attempt.is_step_up() {
        words.push_str(" Type the code your authenticator app shows now.");
    }
    if attempt == Attempt::EnableTwoFactor {
        words.push_str(
            " Check that your phone sets its clock automatically, and type the newest \
             code.",
        );
    }
    words
}

/// A code used a moment ago (CodeJustUsed) during `attempt`; the next one
/// comes in `wait_secs`.
pub(super) fn just_used(attempt: Attempt, wait_secs: u64) -> String {
    if attempt.is_step_up() {
        code_just_used_for_step_up(wait_secs)
    } else {
        code_just_used(wait_secs)
    }
}

/// Codes from the app refused until a recovery code is used (TotpStopped)
/// during `attempt`.
pub(super) fn app_codes_stopped(attempt: Attempt) -> &'static str {
    if attempt.is_step_up() {
        TOTP_STOPPED_USE_RECOVERY_CODE
    } else {
        TOTP_STOPPED
    }
}

/// The code typed signed in (or switched 2FA on) a moment ago; the next
/// one comes in `wait_secs`.
pub fn code_just_used(wait_secs: u64) -> String {
    format!("This code was just used. Wait for the next one ({wait_secs} s).")
}

/// Codes are refused for a while after too many wrong ones; `wait_secs`
/// until they are taken again.
pub fn second_factor_locked(wait_secs: u64) -> String {
    format!(
        "Too many wrong codes: codes are locked for now. Try again in {}.",
        wait_words(wait_secs)
    )
}

/// At sign-in, codes of `kind` are locked until the local time `unlock_at`
/// (`14:33`); the other kind says whether it works meanwhile.
pub fn codes_locked_until(kind: CodeKind, unlock_at: &str) -> String {
    match kind {
        CodeKind::Totp => format!(
            "Too many wrong codes: codes from your authenticator app are locked until \
             {unlock_at}. A recovery code works now."
        ),
        CodeKind::Recovery => format!(
            "Too many wrong recovery codes: recovery codes are locked until {unlock_at}. A \
             code from your authenticator app works now."
        ),
    }
}

/// The lock on codes has run out.
pub const LOCK_ENDED: &str = "The lock has ended: type the code your authenticator app shows now.";

/// The wait after a just-used code has run out.
pub const NEXT_CODE_READY: &str = "Your authenticator app shows a new code now: type it.";

/// The live countdown under the code form while the server asks to wait
/// (a `role="timer"`, which screen readers do not read out every second).
pub fn wait_countdown(reason: WaitReason, secs: u64) -> String {
    match reason {
        WaitReason::Locked => format!("Locked: {} left", clock(secs)),
        WaitReason::JustUsed => format!("Next code in {secs} s"),
    }
}

/// In a step-up, the code typed is the one that signed this session in (or
/// confirmed a change) a moment ago: the next one works.
pub fn code_just_used_for_step_up(wait_secs: u64) -> String {
    format!(
        "That code was used a moment ago (the code you signed in with does not count). Wait \
         for the next one from your authenticator app ({wait_secs} s)."
    )
}

/// In a step-up, codes from the app are stopped: only a recovery code
/// confirms.
pub const TOTP_STOPPED_USE_RECOVERY_CODE: &str = "Too many wrong codes in a row: codes from your \
     authenticator app no longer work for this account. Use one of your recovery codes instead.";

/// Codes from the app are refused until a recovery code signs in.
pub const TOTP_STOPPED: &str = "Too many wrong codes in a row: codes from your authenticator \
     app no longer work for this account. Sign in with one of your recovery codes; that \
     turns the app's codes back on.";

/// Six digits from the app were sent before they were whole, in the setup
/// wizard.
pub const TYPE_THE_SIX_DIGIT_CODE: &str = "Type the six-digit code your authenticator app shows.";

/// Six digits from the app were sent before they were whole, at sign-in or
/// in a step-up.
pub const TYPE_THE_SIX_DIGITS: &str = "Type the six digits your authenticator app shows.";

/// A recovery code was sent before it was whole.
pub const RECOVERY_CODE_HAS_TEN_CHARACTERS: &str =
    "A recovery code has ten letters and digits, like abcde-12345.";

/// A code was sent before it was whole, during `attempt`.
pub fn incomplete_code(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::VerifyCode(kind) => incomplete_code_of(kind),
        _ => TYPE_THE_SIX_DIGIT_CODE,
    }
}

/// A code of `kind` was sent before it was whole (the sign-in code step
/// and the step-up forms, which ask for one kind at a time).
pub fn incomplete_code_of(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Recovery => RECOVERY_CODE_HAS_TEN_CHARACTERS,
        CodeKind::Totp => TYPE_THE_SIX_DIGITS,
    }
}

/// The code field dropped what was not a digit.
pub const DIGITS_ONLY: &str = "Digits only: the code is six digits.";

/// The countdown beside a code field.
pub fn new_code_in(secs: u32) -> String {
    format!("New code in {secs} s")
}

/// The countdown's tooltip.
pub const NEW_CODE_IN_TITLE: &str = "Seconds until your authenticator app shows a new code";

/// The label of every field for six digits from the app: at sign-in, in a
/// step-up and under a new app's QR code.
pub const CODE_FROM_APP: &str = "Code from your authenticator app";

/// The label of every field for a recovery code.
pub const RECOVERY_CODE: &str = "Recovery code";

/// Under the six-digit field at sign-in.
pub const SIGN_IN_CODE_HINT: &str = "Open the authenticator app on your phone and type the \
     six-digit code it shows for Twofold.";

/// Under the recovery-code field at sign-in.
pub const SIGN_IN_RECOVERY_CODE_HINT: &str = "Type one of the recovery codes you saved when you \
     set up two-factor authentication. Each code works once.";

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use super::*;

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
        assert_eq!(
            second_factor_locked(240),
            "Too many wrong codes: codes are locked for now. Try again in 4 minutes."
        );
    }

    #[test]
    fn a_lock_at_sign_in_says_until_when_and_which_kind_works_meanwhile() {
        assert_eq!(
            codes_locked_until(CodeKind::Totp, "14:33"),
            "Too many wrong codes: codes from your authenticator app are locked until 14:33. \
             A recovery code works now."
        );
        assert!(codes_locked_until(CodeKind::Recovery, "09:05")
            .starts_with("Too many wrong recovery codes: recovery codes are locked until 09:05."));
    }

    #[test]
    fn a_code_just_used_at_sign_in_says_when_the_next_one_comes() {
        let mut error = api(ResultCode::CodeJustUsed);
        error.retry_after = Some(12);
        assert_eq!(
            says(Attempt::VerifyCode(CodeKind::Totp), error),
            "This code was just used. Wait for the next one (12 s)."
        );
        assert_eq!(
            code_just_used(12),
            "This code was just used. Wait for the next one (12 s)."
        );
    }

    #[test]
    fn an_incomplete_code_is_named_by_its_kind() {
        assert_eq!(
            incomplete_code_of(CodeKind::Totp),
            "Type the six digits your authenticator app shows."
        );
        assert_eq!(
            incomplete_code(Attempt::VerifyCode(CodeKind::Recovery)),
            "A recovery code has ten letters and digits, like abcde-12345."
        );
        assert_eq!(
            incomplete_code(Attempt::EnableTwoFactor),
            "Type the six-digit code your authenticator app shows."
        );
    }

    #[test]
    fn a_code_is_from_your_authenticator_app_or_a_recovery_code_everywhere() {
        for words in [
            TOTP_STOPPED,
            TOTP_STOPPED_USE_RECOVERY_CODE,
            NEW_CODE_IN_TITLE,
            CODE_FROM_APP,
            SIGN_IN_CODE_HINT,
            SIGN_IN_RECOVERY_CODE_HINT,
            LOCK_ENDED,
            NEXT_CODE_READY,
        ] {
            for term in [
                "authentication code",
                "authentication app",
                "switch",
                "second factor",
            ] {
                assert!(!words.contains(term), "{term:?} in {words:?}");
            }
        }
        assert_eq!(CODE_FROM_APP, "Code from your authenticator app");
    }

    #[test]
    fn countdowns_read_as_minutes_and_seconds() {
        assert_eq!(wait_countdown(WaitReason::Locked, 61), "Locked: 1:01 left");
        assert_eq!(wait_countdown(WaitReason::JustUsed, 7), "Next code in 7 s");
    }
}

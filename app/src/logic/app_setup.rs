//! Registering an authenticator app: the first one (the set-up wizard,
//! Enable2FA), a new one in place of the current app (Change
//! Authenticator App, Change2FAApp), or one beside the security keys of an
//! account without an app (Add an Authenticator App, Change2FAApp). Both show Setup2FA's QR code and key
//! and ask for the app's first code; what that code does, and what can end
//! the set-up on the way, is decided here.

use twofold_api::ResultCode;

use crate::api::Failure;

/// What the first code from the newly registered app does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppSetup {
    /// Turns two-factor authentication on (Enable2FA); the recovery codes
    /// come next, and access tokens not ticked stop working.
    TurnOn,
    /// Replaces the current authenticator app (Change2FAApp); the recovery
    /// codes and the access tokens stay, other sessions end.
    Replace,
    /// Adds an authenticator app to an account that confirms with
    /// security keys alone (Change2FAApp, which sets the app there is
    /// none): the keys, the recovery codes and the access tokens stay,
    /// other sessions end.
    Add,
}

impl AppSetup {
    /// True when the code step lists the access tokens to keep: turning 2FA
    /// on ends the others, replacing the app ends none.
    pub const fn asks_tokens_to_keep(self) -> bool {
        matches!(self, AppSetup::TurnOn)
    }

    /// True when a second step (saving the recovery codes) follows the
    /// code: only turning 2FA on makes new codes.
    pub const fn has_codes_step(self) -> bool {
        matches!(self, AppSetup::TurnOn)
    }
}

/// True when `failure` means the pending set-up is gone, so the QR code
/// on screen no longer works and only a new set-up (Start Again) helps:
/// NoPendingSetup (the server's answer to the last wrong code allowed,
/// which discards the set-up, and to any code after; or the set-up
/// expired), or InvalidCode with no attempts left.
pub fn setup_gone(failure: &Failure) -> bool {
    match failure {
        Failure::Api(error) => match error.result {
            ResultCode::NoPendingSetup => true,
            ResultCode::InvalidCode => error.attempts_left == Some(0),
            _ => false,
        },
        _ => false,
    }
}

/// How the set-up ended, when [`setup_gone`]: the words differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupEnd {
    /// This code was the last wrong one allowed.
    TooManyWrongCodes,
    /// The server had no set-up left (expired, or discarded elsewhere).
    NoLongerPending,
}

/// Why the set-up ended, for a `failure` that [`setup_gone`], when the
/// code before it left `attempts_left_before` (`None` when no code was
/// refused before): after "1 attempt left", NoPendingSetup is the server
/// discarding the set-up for this wrong code.
pub fn setup_end(failure: &Failure, attempts_left_before: Option<u32>) -> SetupEnd {
    if failure.is(ResultCode::InvalidCode) || attempts_left_before == Some(1) {
        SetupEnd::TooManyWrongCodes
    } else {
        SetupEnd::NoLongerPending
    }
}

/// The attempts a refused code left, when the server said (InvalidCode).
pub fn attempts_left(failure: &Failure) -> Option<u32> {
    match failure {
        Failure::Api(error) if error.result == ResultCode::InvalidCode => error.attempts_left,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    fn refused(result: ResultCode, attempts_left: Option<u32>) -> Failure {
        let mut error = ApiError::new(result);
        error.attempts_left = attempts_left;
        Failure::Api(error)
    }

    #[test]
    fn only_turning_two_factor_on_asks_for_tokens_and_shows_new_codes() {
        assert!(AppSetup::TurnOn.asks_tokens_to_keep());
        assert!(AppSetup::TurnOn.has_codes_step());
        assert!(!AppSetup::Replace.asks_tokens_to_keep());
        assert!(!AppSetup::Replace.has_codes_step());
        assert!(!AppSetup::Add.asks_tokens_to_keep());
        assert!(!AppSetup::Add.has_codes_step());
    }

    #[test]
    fn a_wrong_code_with_attempts_left_leaves_the_set_up_open() {
        assert!(!setup_gone(&refused(ResultCode::InvalidCode, Some(4))));
        assert!(!setup_gone(&refused(ResultCode::InvalidCode, Some(1))));
        assert!(!setup_gone(&refused(ResultCode::InvalidCode, None)));
        assert!(!setup_gone(&refused(ResultCode::CodeJustUsed, None)));
        assert!(!setup_gone(&Failure::Network));
    }

    #[test]
    fn the_last_wrong_code_and_no_pending_set_up_end_it() {
        let last = refused(ResultCode::InvalidCode, Some(0));
        assert!(setup_gone(&last));
        assert_eq!(setup_end(&last, Some(1)), SetupEnd::TooManyWrongCodes);
        let none = refused(ResultCode::NoPendingSetup, None);
        assert!(setup_gone(&none));
        assert_eq!(setup_end(&none, None), SetupEnd::NoLongerPending);
        assert_eq!(setup_end(&none, Some(3)), SetupEnd::NoLongerPending);
    }

    #[test]
    fn no_pending_set_up_after_one_attempt_left_is_this_code_discarding_it() {
        let discarded = refused(ResultCode::NoPendingSetup, None);
        assert_eq!(setup_end(&discarded, Some(1)), SetupEnd::TooManyWrongCodes);
        assert_eq!(
            attempts_left(&refused(ResultCode::InvalidCode, Some(1))),
            Some(1)
        );
        assert_eq!(attempts_left(&discarded), None);
    }
}

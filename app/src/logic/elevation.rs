//! Whether this session may make a sensitive change without the "Confirm
//! Your Password" pop-up (its step-up, GitHub's "sudo mode"), and what the
//! pop-up must ask for.
//!
//! The server knows two levels: the password alone, and, with two-factor
//! authentication on, the password and a second factor (a code from the
//! app that did not sign this session in, or a recovery code). A change
//! that needs the second level is not covered by the first.
//!
//! A step-up slides: each sensitive change it allows moves its end on
//! (`TWOFOLD_ELEVATION_SECONDS` after that use, never past
//! `TWOFOLD_ELEVATION_MAX_SECONDS` after it was proven). The app's idea of
//! it comes from the server (GetAccount, CheckPassword) and may go stale
//! either way between reads. Too early after a change slid the step-up on:
//! the pop-up is opened only after GetAccount was read again
//! ([`crate::state::AppState::ask_password`]) and skips itself when that
//! answer covers the change. Too late when the server ended it first (its
//! clock, a sign-out elsewhere): the server's refusal corrects it
//! ([`Elevation::after_refusal`]) and the pop-up is asked once.

use twofold_api::account::AccountResponse;
use twofold_api::authentication::CheckPasswordResponse;
use twofold_api::ResultCode;

use crate::api::Failure;

/// Seconds of elevation kept in reserve: a pop-up skipped with two seconds
/// left would be followed by a refusal, which is worse than asking.
const MARGIN_SECS: u64 = 15;

/// What a sensitive change needs from a recent confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The password (DeleteTokens, an edit that narrows a token, Setup2FA).
    Password,
    /// The password and, with 2FA on, a second factor (the recovery codes,
    /// Disable2FA, CreateToken, RegenerateToken, an edit that widens a
    /// token, signing out newer sessions).
    SecondFactor,
}

/// What the session's last confirmation proved, and until when.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Elevation {
    /// Until when it holds, in seconds since the epoch; `None` when the
    /// session never confirmed (or its confirmation ended).
    pub until: Option<u64>,
    /// True when it included a second factor.
    pub with_second_factor: bool,
}

impl Elevation {
    /// What GetAccount says of the session.
    pub fn of_account(account: &AccountResponse) -> Self {
        Elevation {
            until: account.elevated_until,
            with_second_factor: account.elevated_with_second_factor,
        }
    }

    /// What a successful CheckPassword proved.
    pub fn of_check(answer: &CheckPasswordResponse) -> Self {
        Elevation {
            until: Some(answer.elevated_until),
            with_second_factor: answer.second_factor_confirmed,
        }
    }

    /// True when this confirmation, still comfortably ahead of `now_secs`,
    /// covers a change that needs `need` on an account whose 2FA is
    /// `two_factor_on`.
    pub fn covers(self, need: Need, two_factor_on: bool, now_secs: u64) -> bool {
        let live = self
            .until
            .is_some_and(|until| until > now_secs.saturating_add(MARGIN_SECS));
        let needs_code = two_factor_on && need == Need::SecondFactor;
        live && (!needs_code || self.with_second_factor)
    }

    /// What the session's step-up is once the server refused a sensitive
    /// call for want of one: none after PasswordConfirmationRequired, none
    /// with a second factor after SecondFactorConfirmationRequired. So the
    /// pop-up that follows is shown, not skipped on a stale idea. Other
    /// failures leave it as it is.
    pub fn after_refusal(self, failure: &Failure) -> Self {
        match failure.result() {
            Some(ResultCode::PasswordConfirmationRequired) => Elevation::default(),
            Some(ResultCode::SecondFactorConfirmationRequired) => Elevation {
                with_second_factor: false,
                ..self
            },
            _ => self,
        }
    }

    /// Seconds it still holds at `now_secs` while unused (what the pop-up
    /// says it lasts); `None` when it has ended.
    pub fn seconds_left(self, now_secs: u64) -> Option<u64> {
        self.until
            .filter(|until| *until > now_secs)
            .map(|until| until - now_secs)
    }
}

/// True when the pop-up asks for a code beside the password, whatever the
/// change that opened it needs: whenever 2FA is on. One confirmation then
/// covers every sensitive change that follows; one with the password alone
/// would be followed by a second pop-up at the first change that needs a
/// code.
pub fn asks_code(two_factor_on: bool) -> bool {
    two_factor_on
}

/// When a sensitive call was refused for want of a confirmation, what the
/// pop-up must ask for before the call is made again: PasswordConfirmationRequired
/// keeps `need` (with 2FA on the next refusal would ask for the code
/// anyway), SecondFactorConfirmationRequired asks for the code. `None` for
/// every other failure.
pub fn need_after(failure: &Failure, need: Need) -> Option<Need> {
    match failure.result()? {
        ResultCode::PasswordConfirmationRequired => Some(need),
        ResultCode::SecondFactorConfirmationRequired => Some(Need::SecondFactor),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    const NOW: u64 = 1000;

    fn elevated(until: u64, with_second_factor: bool) -> Elevation {
        Elevation {
            until: Some(until),
            with_second_factor,
        }
    }

    #[test]
    fn a_session_never_elevated_must_confirm_the_password() {
        let never = Elevation::default();
        assert!(!never.covers(Need::Password, false, NOW));
        assert!(!never.covers(Need::SecondFactor, true, NOW));
    }

    #[test]
    fn an_elevation_with_minutes_left_skips_the_password_pop_up() {
        assert!(elevated(1300, false).covers(Need::Password, false, NOW));
        assert!(elevated(1300, false).covers(Need::SecondFactor, false, NOW));
    }

    #[test]
    fn an_elevation_about_to_end_asks_again() {
        assert!(!elevated(1010, true).covers(Need::Password, false, NOW));
        assert!(!elevated(900, true).covers(Need::Password, false, NOW));
    }

    #[test]
    fn with_two_factor_on_a_password_alone_covers_only_the_password_level() {
        let password_only = elevated(1300, false);
        assert!(password_only.covers(Need::Password, true, NOW));
        assert!(!password_only.covers(Need::SecondFactor, true, NOW));
        let with_code = elevated(1300, true);
        assert!(with_code.covers(Need::Password, true, NOW));
        assert!(with_code.covers(Need::SecondFactor, true, NOW));
    }

    #[test]
    fn with_two_factor_on_the_pop_up_always_asks_for_a_code_so_one_confirmation_covers_all() {
        assert!(asks_code(true));
        assert!(!asks_code(false));
        // What a confirmation with a code covers: every change.
        let confirmed = elevated(1300, asks_code(true));
        assert!(confirmed.covers(Need::Password, true, NOW));
        assert!(confirmed.covers(Need::SecondFactor, true, NOW));
    }

    #[test]
    fn a_refusal_for_want_of_a_step_up_corrects_a_stale_idea_of_it() {
        let refused = |result| Failure::Api(ApiError::new(result));
        let stale = elevated(1300, true);
        let none = stale.after_refusal(&refused(ResultCode::PasswordConfirmationRequired));
        assert_eq!(none, Elevation::default());
        assert!(!none.covers(Need::Password, false, NOW));
        let lower = stale.after_refusal(&refused(ResultCode::SecondFactorConfirmationRequired));
        assert_eq!(lower, elevated(1300, false));
        assert!(!lower.covers(Need::SecondFactor, true, NOW));
        assert_eq!(
            stale.after_refusal(&refused(ResultCode::InvalidCode)),
            stale
        );
        assert_eq!(stale.after_refusal(&Failure::Network), stale);
    }

    #[test]
    fn what_is_left_of_a_step_up_is_counted_from_now() {
        assert_eq!(elevated(1900, true).seconds_left(NOW), Some(900));
        assert_eq!(elevated(1000, true).seconds_left(NOW), None);
        assert_eq!(Elevation::default().seconds_left(NOW), None);
    }

    #[test]
    fn what_get_account_and_check_password_say_is_read_as_one_elevation() {
        let answer: CheckPasswordResponse =
            serde_json::from_str(r#"{"elevatedUntil": 1300, "secondFactorConfirmed": true}"#)
                .unwrap();
        assert_eq!(Elevation::of_check(&answer), elevated(1300, true));
        let account: AccountResponse = serde_json::from_str(
            r#"{"login": "ada", "createdAt": 1, "elevatedUntil": 1300,
                "twoFactor": {"enabled": true, "recoveryCodesLeft": 10,
                              "recoveryCodesViewable": false}}"#,
        )
        .unwrap();
        assert_eq!(Elevation::of_account(&account), elevated(1300, false));
    }

    #[test]
    fn a_refusal_for_want_of_a_confirmation_says_what_to_ask_for() {
        let refused = |result| Failure::Api(ApiError::new(result));
        assert_eq!(
            need_after(
                &refused(ResultCode::PasswordConfirmationRequired),
                Need::Password
            ),
            Some(Need::Password)
        );
        assert_eq!(
            need_after(
                &refused(ResultCode::SecondFactorConfirmationRequired),
                Need::Password
            ),
            Some(Need::SecondFactor)
        );
        assert_eq!(
            need_after(&refused(ResultCode::InvalidCode), Need::Password),
            None
        );
        assert_eq!(need_after(&Failure::Network, Need::SecondFactor), None);
    }
}

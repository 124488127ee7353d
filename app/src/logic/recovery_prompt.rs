//! Recovery-code hygiene: what the app says, and where it sends the person,
//! when recovery codes run low or out.
//!
//! A sign-in with a recovery code gets a banner with the count left; three
//! or fewer left (GetAccount's `recoveryCodesLow`) gets a banner urging new
//! codes with a one-click path; none left with 2FA on (the last code just
//! signed in, or was spent earlier) sends the person to a screen of its own
//! before anything else: one lost phone would lock them out. That screen
//! says why first, then offers new codes or turning two-factor
//! authentication off (someone who signed in with a recovery code may have
//! come to do just that).

use twofold_api::account::TwoFactorState;

/// What the dashboard shows about recovery codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryPrompt {
    /// Nothing to say.
    Quiet,
    /// This sign-in spent a recovery code; `left` remain, and `low` when
    /// that is few enough to urge new ones.
    SignedInWithCode {
        /// Unused codes.
        left: u32,
        /// Three or fewer.
        low: bool,
    },
    /// Few codes left: generate new ones.
    Low {
        /// Unused codes.
        left: u32,
    },
    /// No codes left: regeneration comes before anything else.
    MustRegenerate,
}

/// What to show for an account whose 2FA is `two_factor`, when this sign-in
/// used a recovery code (`signed_in_with_code`).
pub fn prompt(two_factor: &TwoFactorState, signed_in_with_code: bool) -> RecoveryPrompt {
    if !two_factor.enabled {
        return RecoveryPrompt::Quiet;
    }
    let left = two_factor.recovery_codes_left;
    if left == 0 {
        RecoveryPrompt::MustRegenerate
    } else if signed_in_with_code {
        RecoveryPrompt::SignedInWithCode {
            left,
            low: two_factor.recovery_codes_low,
        }
    } else if two_factor.recovery_codes_low {
        RecoveryPrompt::Low { left }
    } else {
        RecoveryPrompt::Quiet
    }
}

/// True when 2FA is on and its owner has not confirmed saving the current
/// recovery codes (a set-up left at step 2, new codes closed unsaved): the
/// Account tab says so until they do.
pub fn codes_unconfirmed(two_factor: &TwoFactorState) -> bool {
    two_factor.enabled && !two_factor.recovery_codes_confirmed
}

/// True when the account must get new recovery codes (or turn 2FA off)
/// before anything else.
pub fn must_regenerate(two_factor: &TwoFactorState) -> bool {
    prompt(two_factor, false) == RecoveryPrompt::MustRegenerate
}

/// Why an account has no recovery code left, as the regeneration screen
/// says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoCodesLeft {
    /// This sign-in spent the last one.
    LastJustUsed,
    /// They ran out before this sign-in (spent elsewhere, or earlier).
    RanOutEarlier,
}

/// Why no code is left, given the codes left after this sign-in when it
/// spent one (`recovery_sign_in`, see [`crate::state::AppState`]).
pub fn why_no_codes(recovery_sign_in: Option<u32>) -> NoCodesLeft {
    if recovery_sign_in == Some(0) {
        NoCodesLeft::LastJustUsed
    } else {
        NoCodesLeft::RanOutEarlier
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_factor(enabled: bool, left: u32) -> TwoFactorState {
        // As the server words it: low at three or fewer, with 2FA on.
        serde_json::from_value(serde_json::json!({
            "enabled": enabled,
            "recoveryCodesLeft": left,
            "recoveryCodesLow": enabled && left <= 3,
            "recoveryCodesViewable": true,
        }))
        .unwrap()
    }

    #[test]
    fn only_codes_of_an_account_with_2fa_on_can_be_unconfirmed() {
        let mut unsaved = two_factor(true, 10);
        assert!(
            codes_unconfirmed(&unsaved),
            "not confirmed unless the server says so"
        );
        unsaved.recovery_codes_confirmed = true;
        assert!(!codes_unconfirmed(&unsaved));
        assert!(!codes_unconfirmed(&two_factor(false, 0)));
    }

    #[test]
    fn without_two_factor_there_is_nothing_to_say() {
        assert_eq!(prompt(&two_factor(false, 0), false), RecoveryPrompt::Quiet);
        assert_eq!(prompt(&two_factor(false, 0), true), RecoveryPrompt::Quiet);
        assert!(!must_regenerate(&two_factor(false, 0)));
    }

    #[test]
    fn plenty_of_codes_and_an_ordinary_sign_in_say_nothing() {
        assert_eq!(prompt(&two_factor(true, 10), false), RecoveryPrompt::Quiet);
        assert_eq!(prompt(&two_factor(true, 4), false), RecoveryPrompt::Quiet);
    }

    #[test]
    fn a_recovery_code_sign_in_shows_the_count_and_whether_it_is_low() {
        assert_eq!(
            prompt(&two_factor(true, 9), true),
            RecoveryPrompt::SignedInWithCode {
                left: 9,
                low: false
            }
        );
        assert_eq!(
            prompt(&two_factor(true, 3), true),
            RecoveryPrompt::SignedInWithCode { left: 3, low: true }
        );
    }

    #[test]
    fn three_or_fewer_codes_urge_new_ones() {
        assert_eq!(
            prompt(&two_factor(true, 3), false),
            RecoveryPrompt::Low { left: 3 }
        );
        assert_eq!(
            prompt(&two_factor(true, 1), false),
            RecoveryPrompt::Low { left: 1 }
        );
    }

    #[test]
    fn the_regeneration_screen_says_whether_this_sign_in_spent_the_last_code() {
        assert_eq!(why_no_codes(Some(0)), NoCodesLeft::LastJustUsed);
        assert_eq!(why_no_codes(None), NoCodesLeft::RanOutEarlier);
        // A sign-in that left codes, which ran out since (another tab).
        assert_eq!(why_no_codes(Some(3)), NoCodesLeft::RanOutEarlier);
    }

    #[test]
    fn no_codes_left_sends_to_regeneration_however_the_person_signed_in() {
        assert_eq!(
            prompt(&two_factor(true, 0), true),
            RecoveryPrompt::MustRegenerate
        );
        assert_eq!(
            prompt(&two_factor(true, 0), false),
            RecoveryPrompt::MustRegenerate
        );
        assert!(must_regenerate(&two_factor(true, 0)));
        assert!(!must_regenerate(&two_factor(true, 1)));
    }
}

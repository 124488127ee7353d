//! Two-factor authentication in Settings: its state, the set-up wizard,
//! changing the authenticator app, turning it off, the tips, and the
//! notices when it changes. One verb for each change: "turn on", "turn
//! off", "change"; the app is "your authenticator app".

use super::keep_tokens::with_tokens_stopped;

/// The status line of an account with 2FA on; `since` is a date in words.
pub fn two_factor_on(since: Option<&str>) -> String {
    match since {
        Some(since) => format!("Two-factor authentication is on since {since}."),
        None => "Two-factor authentication is on.".into(),
    }
}

/// The status line of an account with 2FA off.
pub const TWO_FACTOR_OFF: &str = "Two-factor authentication is off.";

/// What 2FA adds, under the Off status.
pub const TWO_FACTOR_EXPLAINED: &str = "Add an extra security layer to your account: besides \
     your login and password, signing in will ask for the six-digit code that the authenticator \
     app on your phone makes every 30 seconds.";

/// Settings' button that starts the set-up wizard.
pub const SET_UP_TWO_FACTOR: &str = "Set Up Two-Factor Authentication";

/// Settings' button that registers a new authenticator app, and its
/// dialog's title.
pub const CHANGE_APP: &str = "Change Authenticator App";

/// Settings' button that adds an authenticator app to an account that
/// confirms with security keys alone, and its dialog's title.
pub const ADD_APP: &str = "Add an Authenticator App";

/// Above the code of an app added beside the keys.
pub const ADD_APP_EFFECTS: &str = "Once the app is confirmed, signing in can ask for a code \
     from it instead of your key, and your other sessions are signed out; your keys, access \
     tokens and recovery codes keep working.";

/// After Change2FAApp added the first app.
pub const APP_ADDED: &str = "Your authenticator app is set up: signing in can now ask for a \
     code from it instead of your key. Your other sessions were signed out; your keys, access \
     tokens and recovery codes keep working.";

/// Settings' button that turns 2FA off.
pub const TURN_OFF_TWO_FACTOR: &str = "Turn Off Two-Factor Authentication";

/// The confirmation before turning 2FA off.
pub const TURN_OFF_QUESTION: &str = "Turn Off Two-Factor Authentication?";

/// The confirmation's action.
pub const TURN_OFF: &str = "Turn Off";

/// What turning 2FA off does, in its confirmation.
pub const TURN_OFF_EXPLAINED: &str = "Your account will be accessible with just the login and \
     password. Your recovery codes will be deleted and your other sessions signed out.";

/// The confirmation before new recovery codes.
pub const REGENERATE_QUESTION: &str = "Generate New Recovery Codes?";

/// What new recovery codes do, in their confirmation.
pub const REGENERATE_EXPLAINED: &str = "Your current recovery codes will stop working at once, \
     and your other sessions will be signed out. You will see the new codes right away.";

/// After the setup wizard's Done.
pub const TWO_FACTOR_TURNED_ON: &str = "Two-factor authentication is on. From now on, signing in \
     asks for a code from your authenticator app.";

/// After the setup wizard's Done, when Enable2FA ended `tokens_ended`
/// access tokens.
pub fn two_factor_turned_on(tokens_ended: u32) -> String {
    with_tokens_stopped(TWO_FACTOR_TURNED_ON, tokens_ended)
}

/// After Disable2FA.
pub const TWO_FACTOR_TURNED_OFF: &str = "Two-factor authentication is off. Your account is now \
     accessible with just the login and password.";

/// Above the code of a new authenticator app, before it replaces the
/// current one: what changes and what stays.
pub const CHANGE_APP_EFFECTS: &str = "Your current app keeps working until the new one is \
     confirmed. Then codes from the old app stop working and your other sessions are signed \
     out; your access tokens and recovery codes keep working.";

/// After Change2FAApp.
pub const APP_CHANGED: &str = "Your new authenticator app is set up: codes from the old app no \
     longer work, so you can delete Twofold's entry from it. Your other sessions were signed \
     out; your access tokens and recovery codes keep working.";

/// The set-up wizard's first step, as a heading.
pub const REGISTER_APP: &str = "Register your authenticator app";

/// Changing the app: the step's heading.
pub const REGISTER_NEW_APP: &str = "Register your new authenticator app";

/// How to add the account, in the set-up wizard.
pub const REGISTER_APP_HOW: &str = "Open the authenticator app on your phone and add your \
     account by scanning the QR code or by typing the data below.";

/// How to add the account to the new app.
pub const REGISTER_NEW_APP_HOW: &str = "Open the authenticator app on your new phone and add \
     your account by scanning the QR code or by typing the data below.";

/// Under the code field of the set-up wizard.
pub const SETUP_CODE_HINT: &str = "The app shows a new six-digit code every 30 seconds. Type it \
     here and click Next to verify.";

/// Under the code field when changing the app.
pub const NEW_APP_CODE_HINT: &str = "Type the six-digit code your new app shows, and click \
     Confirm.";

/// The disclosure for someone without an authenticator app.
pub const NO_APP_YET: &str = "Don't have an authenticator app?";

/// What to look for in one: no vendor, what makes it survive a lost phone.
pub const WHAT_APP_TO_GET: &str = "Any authenticator app that makes time-based six-digit codes \
     (TOTP) works: search your phone's app store for “authenticator”. Prefer one that keeps an \
     encrypted backup of its accounts (in the cloud or on another device): if you lose your \
     phone, you get your codes back on the new one.";

/// The otpauth:// link, shown on touch screens only (a phone cannot scan
/// its own screen).
pub const OPEN_IN_APP: &str = "Open in authenticator app";

/// Enable2FA or Change2FAApp came after the pending set-up ended (the
/// server's NoPendingSetup, whatever the screen).
pub const SETUP_EXPIRED: &str = "This set-up has ended, so its QR code no longer works. Delete \
     the entry you added to your authenticator app for it, then start again.";

/// The button that starts a gone set-up again (the words above it quote
/// it).
pub const START_AGAIN: &str = "Start Again";

/// The heading where the QR code was, once the set-up is gone.
pub const QR_NO_LONGER_WORKS: &str = "This QR code no longer works";

/// The last wrong code allowed discarded the set-up.
pub const SETUP_DISCARDED: &str = "That code was not valid either, and it was the last attempt: \
     this set-up has been cancelled. Delete the entry you just added to your authenticator app, \
     then choose Start Again for a new QR code.";

/// The set-up was gone before this code (discarded earlier, or expired).
pub const SETUP_ENDED: &str = "This set-up has ended (it expired, or too many wrong codes were \
     typed). Delete the entry you just added to your authenticator app, then choose Start Again \
     for a new QR code.";

/// Setup2FA or Enable2FA while 2FA was turned on in another window.
pub const ALREADY_ON: &str = "Two-factor authentication is already on (it was turned on \
     elsewhere). This page now shows it.";

/// Disable2FA or the codes while 2FA was turned off in another window.
pub const ALREADY_OFF: &str = "Two-factor authentication is off (it was turned off \
     elsewhere). This page now shows it.";

/// Copy of the key worked.
pub const KEY_COPIED: &str = "Key copied.";

/// Copy of the key failed.
pub const KEY_COPY_FAILED: &str = "Copying did not work here: select the key and copy it by hand.";

/// The QR code's text alternative.
pub fn qr_code_alt(account_name: &str, issuer: &str) -> String {
    format!("QR code that adds {account_name} ({issuer}) to your authenticator app")
}

/// The key's type, for typing it in by hand.
pub fn key_type(digits: u32, period: u32) -> String {
    format!("Time-based, {digits} digits, every {period} seconds")
}

/// Where the wizard is, for screen readers.
pub fn wizard_step(current: u8, total: u8) -> String {
    format!("Step {current} of {total}")
}

/// The set-up wizard's steps, by name.
pub const WIZARD_STEP_NAMES: [&str; 2] = ["Register authenticator app", "Save recovery codes"];

/// The title of the tip on a new or lost phone.
pub const TIP: &str = "Tip";

/// The tip in Settings: a new phone, and a lost one.
pub const NEW_PHONE_TIP: &str = "New phone? Choose “Change Authenticator App” and scan the new \
     QR code with it; you confirm with your password and a code from your current app. Lost \
     your phone? A recovery code stands in for that code, both when you sign in and when you \
     change the app.";

/// The tip at sign-in's code step.
pub const LOST_PHONE_TIP: &str = "Lost your phone? Choose “Use a recovery code instead” and type \
     one of your recovery codes. Then, in Settings > Account, choose “Change Authenticator App” \
     to set up your new phone.";

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use crate::logic::messages::*;

    #[test]
    fn two_factor_changed_elsewhere_is_said_as_such() {
        assert!(
            says(Attempt::Other, api(ResultCode::TwoFactorAlreadyEnabled)).starts_with(
                "Two-factor authentication is already on (it was turned on elsewhere)."
            )
        );
        assert!(says(Attempt::Other, api(ResultCode::TwoFactorNotEnabled))
            .ends_with("(it was turned off elsewhere). This page now shows it."));
        assert!(two_factor_turned_on(3).ends_with(" 3 access tokens stopped working."));
    }

    /// Every sentence of this area, for the checks on words.
    const ALL: &[&str] = &[
        TWO_FACTOR_OFF,
        TWO_FACTOR_EXPLAINED,
        SET_UP_TWO_FACTOR,
        CHANGE_APP,
        TURN_OFF_TWO_FACTOR,
        TURN_OFF_QUESTION,
        TURN_OFF,
        TURN_OFF_EXPLAINED,
        REGENERATE_QUESTION,
        REGENERATE_EXPLAINED,
        TWO_FACTOR_TURNED_ON,
        TWO_FACTOR_TURNED_OFF,
        CHANGE_APP_EFFECTS,
        APP_CHANGED,
        REGISTER_APP,
        REGISTER_NEW_APP,
        REGISTER_APP_HOW,
        REGISTER_NEW_APP_HOW,
        SETUP_CODE_HINT,
        NEW_APP_CODE_HINT,
        NO_APP_YET,
        WHAT_APP_TO_GET,
        OPEN_IN_APP,
        SETUP_EXPIRED,
        QR_NO_LONGER_WORKS,
        SETUP_DISCARDED,
        SETUP_ENDED,
        ALREADY_ON,
        ALREADY_OFF,
        NEW_PHONE_TIP,
        LOST_PHONE_TIP,
    ];

    #[test]
    fn the_app_is_an_authenticator_app_and_off_is_turn_off() {
        for words in ALL.iter().chain(WIZARD_STEP_NAMES.iter()) {
            let lower = words.to_lowercase();
            for jargon in [
                "authentication app",
                "disable",
                "switch",
                "second factor",
                "fingerprint",
                "google",
            ] {
                assert!(!lower.contains(jargon), "{jargon:?} in {words:?}");
            }
        }
        assert!(qr_code_alt("alice", "Twofold").ends_with("to your authenticator app"));
    }

    #[test]
    fn the_tips_send_a_new_phone_to_change_app_and_a_lost_one_to_recovery_codes() {
        for tip in [NEW_PHONE_TIP, LOST_PHONE_TIP] {
            assert!(tip.contains(CHANGE_APP), "{tip}");
            assert!(tip.contains("recovery code"), "{tip}");
            assert!(!tip.contains("set it up again"), "{tip}");
        }
    }

    #[test]
    fn changing_the_app_says_what_ends_and_what_stays_before_and_after() {
        for words in [CHANGE_APP_EFFECTS, APP_CHANGED] {
            assert!(words.contains("other sessions"), "{words}");
            assert!(
                words.contains("access tokens and recovery codes keep working"),
                "{words}"
            );
        }
    }

    #[test]
    fn a_set_up_that_is_gone_says_the_qr_code_is_dead_and_how_to_go_on() {
        for words in [SETUP_DISCARDED, SETUP_ENDED] {
            assert!(words.contains("Delete the entry"), "{words}");
            assert!(words.contains(START_AGAIN), "{words}");
            assert!(!words.contains("expired."), "{words}");
        }
        assert_eq!(
            says(Attempt::EnableTwoFactor, api(ResultCode::NoPendingSetup)),
            SETUP_EXPIRED
        );
    }

    #[test]
    fn help_getting_an_app_names_no_vendor_and_says_what_survives_a_lost_phone() {
        assert!(WHAT_APP_TO_GET.contains("TOTP"));
        assert!(WHAT_APP_TO_GET.contains("encrypted backup"));
        assert!(WHAT_APP_TO_GET.contains("lose your phone"));
    }
}

//! Recovery codes: how many are left, keeping them (Download, Copy, Print
//! and the file itself), and renewing them.

use super::counts::count;

/// `1 recovery code left`, `9 recovery codes left`.
pub fn recovery_codes_left(left: u32) -> String {
    format!(
        "{} left",
        count(left.into(), "recovery code", "recovery codes")
    )
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

/// The checkbox that confirms the codes were saved (the seed's "I've
/// saved the data"); the sentences that name it quote it.
pub const SAVED_CODES_LABEL: &str = "I've saved my recovery codes";

/// Settings' button that shows the recovery codes.
pub const VIEW_RECOVERY_CODES: &str = "View Recovery Codes";

/// The button that shows codes never confirmed as saved, to save them.
pub const VIEW_AND_SAVE_CODES: &str = "View and Save Recovery Codes";

/// The link at the foot of View Recovery Codes (the seed's "link at the
/// bottom of the frame").
pub const GENERATE_NEW_CODES_LINK: &str = "Generate new recovery codes";

/// The set-up wizard's second step, as a heading.
pub const SAVE_YOUR_CODES: &str = "Save your recovery codes";

/// The setup wizard refused to close before the codes were saved.
pub const SAVE_RECOVERY_CODES_FIRST: &str = "Save the recovery codes first: use Download or \
     Copy, or tick “I've saved my recovery codes”, to close this window.";

/// The recovery-codes dialog refused to close before new codes were saved.
pub const SAVE_NEW_CODES_FIRST: &str = "Save the new codes first: use Download or Copy, or tick \
     “I've saved my recovery codes”.";

/// The Account tab's notice while the codes of this account were shown
/// but never confirmed as saved (kept by this browser).
pub const CODES_NOT_CONFIRMED: &str = "You haven't confirmed that you saved your recovery \
     codes. Without them, losing your phone would lock you out of your account.";

/// Confirm2FABackupCodes for a set another window or tab replaced.
pub const CODES_REPLACED: &str = "These recovery codes were replaced by newer ones (in another \
     window or tab). This page now shows the current state.";

/// Above the printed codes: whose they are and when they were printed,
/// as the downloaded file says.
pub fn printed_codes_heading(login: &str, on: &str) -> String {
    format!("Twofold recovery codes for {login}, printed on {on}. Each code can be used once.")
}

/// The top of the downloaded file, above the codes: whose they are, when
/// they were saved (`saved_on`, a date in words) and how to use them.
pub fn codes_file_heading(login: &str, saved_on: &str) -> String {
    format!(
        "Twofold recovery codes for {login}\n\
         Saved on {saved_on}\n\
         \n\
         Each code can be used once, instead of a code from your authenticator app,\n\
         when you sign in. Keep them somewhere safe: if you lose your phone, they\n\
         are the only way back into your account.\n\
         \n"
    )
}

/// Download did not start.
pub const DOWNLOAD_FAILED: &str = "The download did not start. Copy the codes instead.";

/// Copy of the recovery codes worked.
pub const CODES_COPIED: &str = "Copied to the clipboard.";

/// Copy of the recovery codes failed.
pub const CODES_COPY_FAILED: &str =
    "Copying did not work here. Select the codes and copy them by hand.";

/// The banner after signing in with a recovery code, `left` codes
/// remaining; `low` when that is few enough to urge new ones.
pub fn signed_in_with_recovery_code(left: u32, low: bool) -> String {
    let mut words = format!(
        "You signed in with a recovery code. That code cannot be used again: {}.",
        recovery_codes_left(left)
    );
    if low {
        words.push_str(
            " Generate new ones now: if you lose your phone, they are your only way back in.",
        );
    }
    words
}

/// The banner after a sign-in with a recovery code while codes are low.
pub fn recovery_codes_running_low(left: u32) -> String {
    format!(
        "Only {}. Generate new ones now: if you lose your phone, your recovery codes are the \
         only way back into your account.",
        recovery_codes_left(left)
    )
}

/// The regeneration screen's heading.
pub const NEW_RECOVERY_CODES: &str = "New Recovery Codes";

/// The title of the regeneration screen's reason.
pub const NO_CODES_LEFT_TITLE: &str = "No recovery codes left";

/// What the regeneration screen's two ways need and do.
pub const REGENERATION_EXPLAINED: &str = "Either way, you confirm with your password and a code \
     from your authenticator app. New codes must be saved somewhere safe; both end your other \
     sessions.";

/// What is left to someone on the regeneration screen without their phone.
pub const REGENERATION_WITHOUT_PHONE: &str = "Lost your phone as well? Then neither can be \
     confirmed: ask the operator of this dashboard to turn off two-factor authentication for \
     your account.";

/// The regeneration screen's reason, when this sign-in spent the last code.
pub const LAST_RECOVERY_CODE_USED: &str = "You signed in with your last recovery code, so none \
     are left: if you lost your phone now, you could not sign in. Generate new recovery codes, \
     or turn two-factor authentication off if you no longer want it.";

/// The regeneration screen's reason, when the codes ran out earlier.
pub const NO_RECOVERY_CODES_LEFT: &str = "You have no recovery codes left: if you lost your \
     phone now, you could not sign in. Generate new recovery codes, or turn two-factor \
     authentication off if you no longer want it.";

/// The button that generates new recovery codes.
pub const GENERATE_NEW_CODES: &str = "Generate New Recovery Codes";

/// The title of the note above new codes.
pub const NOTE: &str = "Note";

/// The note above new codes, in three parts: the middle one is stressed.
pub const SAVE_CODES_NOTE: [&str; 3] = [
    "Make sure your recovery codes are saved. If your phone is not available, you won't be able \
     to sign in to your account without them. They are also ",
    "the only way",
    " to get back into your account if you lose your phone.",
];

/// Above the codes in View Recovery Codes.
pub const VIEW_CODES_EXPLAINED: &str = "Each code can be used once instead of a code from your \
     authenticator app. Used codes are struck through.";

/// Above codes shown to confirm they were saved.
pub const CONFIRM_CODES_EXPLAINED: &str =
    "These are your recovery codes. Save them, then confirm below.";

/// Above new codes, after regenerating.
pub const REGENERATED_WARNING: &str = "Your old recovery codes no longer work, and your other \
     sessions were signed out. Save these new codes now.";

/// View Recovery Codes when the server can no longer show them.
pub const CODES_NOT_VIEWABLE: &str = "Your recovery codes can no longer be shown: Twofold keeps \
     them only in a form that cannot be read back. If you no longer have them, generate new \
     ones.";

/// Under the codes in View Recovery Codes: `left` unused of `total`.
pub fn codes_left_of(left: u32, total: usize) -> String {
    if left == 0 {
        "You have used all your recovery codes. Generate new ones below.".into()
    } else {
        format!("{left} of {total} codes left.")
    }
}

/// The title of the callout while the codes were never confirmed.
pub const CODES_UNCONFIRMED_TITLE: &str = "Recovery codes not confirmed";

/// Beside the recovery-code count in Settings, once new codes were saved
/// (their dialog's Done).
pub const NEW_RECOVERY_CODES_SAVED: &str = "New recovery codes saved; the old ones no longer work.";

#[cfg(test)]
mod tests {
    use super::*;

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
            signed_in_with_recovery_code(9, false),
            "You signed in with a recovery code. That code cannot be used again: 9 recovery \
             codes left."
        );
        assert!(signed_in_with_recovery_code(2, true).contains("Generate new ones now"));
        assert!(signed_in_with_recovery_code(1, true).contains(": 1 recovery code left."));
        assert!(recovery_codes_running_low(1).starts_with("Only 1 recovery code left."));
    }

    #[test]
    fn the_regeneration_screen_offers_new_codes_or_turning_two_factor_off() {
        for reason in [LAST_RECOVERY_CODE_USED, NO_RECOVERY_CODES_LEFT] {
            assert!(reason.contains("Generate new recovery codes"), "{reason}");
            assert!(
                reason.contains("turn two-factor authentication off"),
                "{reason}"
            );
        }
        assert!(LAST_RECOVERY_CODE_USED.contains("your last recovery code"));
        assert!(NO_RECOVERY_CODES_LEFT.contains("no recovery codes left"));
    }

    #[test]
    fn the_note_reads_as_one_sentence_and_nothing_says_fingerprint() {
        let note = SAVE_CODES_NOTE.concat();
        assert!(
            note.contains("They are also the only way to get back"),
            "{note}"
        );
        assert!(!CODES_NOT_VIEWABLE.contains("fingerprint"));
        assert_eq!(codes_left_of(9, 10), "9 of 10 codes left.");
        assert!(codes_left_of(0, 10).starts_with("You have used all"));
    }

    #[test]
    fn the_words_quote_the_controls_they_name_and_the_one_operator() {
        for words in [SAVE_RECOVERY_CODES_FIRST, SAVE_NEW_CODES_FIRST] {
            assert!(words.contains(&format!("“{SAVED_CODES_LABEL}”")), "{words}");
        }
        assert!(recovery_codes_summary(0).contains(VIEW_RECOVERY_CODES));
        assert!(!REGENERATION_WITHOUT_PHONE.contains("administrator"));
        assert!(!REGENERATION_WITHOUT_PHONE.contains("reset"));
    }

    #[test]
    fn the_file_names_the_account_and_the_day_and_says_how_to_use_the_codes() {
        let heading = codes_file_heading("alice", "1 May 2025");
        assert!(heading.starts_with("Twofold recovery codes for alice\nSaved on 1 May 2025\n\n"));
        assert!(heading.contains("only way back"));
        assert!(heading.contains("authenticator app"));
        assert!(heading.ends_with("account.\n\n"));
    }
}

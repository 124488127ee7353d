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
         Each code can be used once, instead of a code from your authentication\n\
         application, when you sign in. Keep them somewhere safe: if you lose your\n\
         phone, they are the only way back into your account.\n\
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

/// What the regeneration screen asks for.
pub const REGENERATION_EXPLAINED: &str = "Confirm your password and a code from your \
     authenticator app to see ten new codes, and save them somewhere safe. Your other sessions \
     will be signed out.";

/// Above the regeneration that comes before anything else, when this
/// sign-in spent the last code.
pub const LAST_RECOVERY_CODE_USED: &str = "You signed in with your last recovery code. Generate \
     new ones now: without them, losing your phone would lock you out of your account.";

/// Above the regeneration that comes before anything else, when the codes
/// ran out earlier.
pub const NO_RECOVERY_CODES_LEFT: &str = "You have no recovery codes left. Generate new ones \
     now: without them, losing your phone would lock you out of your account.";

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
    fn the_file_names_the_account_and_the_day_and_says_how_to_use_the_codes() {
        let heading = codes_file_heading("alice", "1 May 2025");
        assert!(heading.starts_with("Twofold recovery codes for alice\nSaved on 1 May 2025\n\n"));
        assert!(heading.contains("only way back"));
        assert!(heading.ends_with("account.\n\n"));
    }
}

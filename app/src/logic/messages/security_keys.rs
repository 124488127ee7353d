//! Security keys and passkeys: what they are (for people who never saw
//! one), the factors list, adding, renaming and removing one, using one at
//! sign-in and in the password pop-up, and every way that can fail, in the
//! browser or at the server. A “security key” is the device or the phone
//! or computer acting as one; a “passkey” is a key that signs in on its
//! own.

use twofold_api::limits::{MAX_KEY_NAME_CHARS, MAX_SECURITY_KEYS};
use twofold_api::security_keys::KeyKind;

use super::attempt::Attempt;
use super::keep_tokens::with_tokens_stopped;
use crate::logic::security_keys::KeyProblem;

/// What a security key is, beside the buttons that add one.
pub const SECURITY_KEY_EXPLAINED: &str = "A security key is a small device you plug into a USB \
     port or hold against your phone, or the screen lock of your phone or computer used as one. \
     Signing in then asks you to touch it instead of typing a code. It works only on this site, \
     so a fake copy of this page gets nothing it could use.";

/// What a passkey is, beside the buttons that add one.
pub const PASSKEY_EXPLAINED: &str = "A passkey is kept on your security key, phone or computer \
     and signs you in on its own, without your password: it asks for your PIN, face, finger or \
     screen lock first.";

/// With two-factor authentication off, before the buttons that add a key
/// as its first way in.
pub const KEYS_INSTEAD: &str = "Instead of an authenticator app, you can use a security key or \
     a passkey:";

/// The factors list's heading (the ways signing in can be confirmed).
pub const FACTORS_HEADING: &str = "Ways to confirm it's you";

/// The factors list's row for the authenticator app.
pub const AUTHENTICATOR_APP: &str = "Authenticator app";

/// What the authenticator app's row says it does.
pub const AUTHENTICATOR_APP_ROW: &str = "Six-digit codes from the app on your phone.";

/// The button that adds a security key, and its dialog's title.
pub const ADD_SECURITY_KEY: &str = "Add a Security Key";

/// The button that adds a passkey, and its dialog's title.
pub const ADD_PASSKEY: &str = "Add a Passkey";

/// The button or dialog title for `kind`.
pub fn add_key(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::SecurityKey => ADD_SECURITY_KEY,
        KeyKind::Passkey => ADD_PASSKEY,
    }
}

/// What a key of `kind` is, in the list, in plain words.
pub fn key_kind(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::SecurityKey => "Security key: asked for after your password",
        KeyKind::Passkey => "Passkey: signs in without your password",
    }
}

/// A key that never signed in nor confirmed a change.
pub const NEVER_USED: &str = "Never";

/// The name a new key of `kind` is offered, numbered after the `count`
/// keys of that kind the account has.
pub fn default_key_name(kind: KeyKind, count: usize) -> String {
    let base = match kind {
        KeyKind::SecurityKey => "Security key",
        KeyKind::Passkey => "Passkey",
    };
    match count {
        0 => base.to_owned(),
        _ => format!("{base} {}", count + 1),
    }
}

/// How adding goes, in the dialog, before the browser asks.
pub fn add_key_how(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::SecurityKey => {
            "Name the key, then choose Continue: your browser asks you to \
             insert the key and touch it, or to use your phone or computer's screen lock."
        }
        KeyKind::Passkey => {
            "Name the passkey, then choose Continue: your browser asks where to \
             keep it (this device, your phone, or a security key) and for its PIN or screen \
             lock."
        }
    }
}

/// Under the name field.
pub const KEY_NAME_HINT: &str =
    "So you can tell your keys apart, e.g. “Blue key” or “Work laptop”.";

/// A name that is empty or too long.
pub fn key_name_rules() -> String {
    format!("Give the key a name of 1 to {MAX_KEY_NAME_CHARS} characters.")
}

/// While the browser's own window asks for the key.
pub const WAITING_FOR_KEY: &str =
    "Follow your browser: insert and touch your key, or use your screen lock.";

/// When adding a key turns two-factor authentication on: what that does,
/// above the access tokens to keep.
pub const FIRST_KEY_TURNS_ON: &str = "Adding this key turns two-factor authentication on: \
     signing in will ask for it after your password, and you will get recovery codes to save \
     for when the key is not at hand.";

/// The status after a key of `kind` named `name` was added.
pub fn key_added(kind: KeyKind, name: &str) -> String {
    match kind {
        KeyKind::SecurityKey => format!(
            "“{name}” was added. Signing in can now ask for it instead of a code."
        ),
        KeyKind::Passkey => format!(
            "“{name}” was added. You can now sign in with it alone: choose “{SIGN_IN_WITH_PASSKEY}” \
             on the sign-in page."
        ),
    }
}

/// The status after the first key turned two-factor authentication on,
/// ending `tokens_ended` access tokens.
pub fn key_turned_on(name: &str, tokens_ended: u32) -> String {
    let words = format!(
        "Two-factor authentication is on. From now on, signing in asks for “{name}” after your \
         password."
    );
    with_tokens_stopped(&words, tokens_ended)
}

/// The rename dialog's title.
pub const RENAME_KEY: &str = "Rename Key";

/// The status after a rename.
pub fn key_renamed(name: &str) -> String {
    format!("The key is now called “{name}”.")
}

/// The removal's confirmation title.
pub fn remove_key_question(name: &str) -> String {
    format!("Remove “{name}”?")
}

/// What removing a key does, in its confirmation.
pub const REMOVE_KEY_EXPLAINED: &str = "This key will no longer sign in to your account or \
     confirm changes. Your other ways to confirm it's you and your recovery codes keep working.";

/// The status after a removal.
pub fn key_removed(name: &str) -> String {
    format!("“{name}” was removed: it no longer signs in to your account.")
}

/// A label that names the key it acts on, for screen readers.
pub fn key_action_label(action: &str, name: &str) -> String {
    format!("{action} {name}")
}

/// Sign-in's code step with a key: what to do.
pub const KEY_STEP_HOW: &str = "Insert your security key and touch it, or use your phone or \
     computer's screen lock, when your browser asks.";

/// The button that asks the browser for the key (sign-in, the pop-up).
pub const USE_YOUR_KEY: &str = "Use your security key";

/// The way from the key to a code from the app.
pub const USE_APP_CODE_INSTEAD: &str = "Use a code from your app instead";

/// The way from the key (or the app's code) to a recovery code.
pub const USE_RECOVERY_CODE: &str = "Use a recovery code";

/// The way from a code back to the key.
pub const USE_KEY_INSTEAD: &str = "Use your security key instead";

/// The tip on sign-in's key step.
pub const LOST_KEY_TIP: &str = "Lost your key? Choose “Use a recovery code” and type one of \
     your recovery codes. Then, in Settings > Account, remove the lost key.";

/// The sign-in page's passkey button.
pub const SIGN_IN_WITH_PASSKEY: &str = "Sign in with a passkey";

/// Under the passkey button.
pub const PASSKEY_SIGN_IN_HINT: &str = "If you added a passkey, it signs you in without your \
     login and password.";

/// The password pop-up's explanation when the account has a key.
pub const CONFIRM_PASSWORD_AND_KEY: &str = "For your security, enter your password, then use \
     your security key or type a code. The code you signed in with does not count.";

/// A key problem the browser reported while adding a key.
pub fn add_key_problem(problem: KeyProblem) -> &'static str {
    match problem {
        KeyProblem::Cancelled => {
            "Nothing was added: the request was cancelled or timed out. Choose Continue to try \
             again."
        }
        other => key_problem(other),
    }
}

/// A key problem the browser reported while using a key.
pub fn key_problem(problem: KeyProblem) -> &'static str {
    match problem {
        KeyProblem::Cancelled => {
            "The key did not answer: the request was cancelled or timed \
             out. Try again, or use another way."
        }
        KeyProblem::AlreadyAdded => KEY_ALREADY_ADDED,
        KeyProblem::NotThisSite => {
            "Your browser refused to use a key on this address. Open the \
             dashboard at its usual address and try again."
        }
        KeyProblem::Unsupported => {
            "This browser cannot use security keys or passkeys. Use an \
             up-to-date browser, or another way to confirm it's you."
        }
        KeyProblem::Failed => "The key could not be used. Try again, or choose another way.",
    }
}

/// KeyAlreadyAdded, and the browser's own refusal of a key it knows.
pub(super) const KEY_ALREADY_ADDED: &str =
    "That key is already added to your account. Use another one.";

/// KeyRefused during `attempt`.
pub(super) fn key_refused(attempt: Attempt) -> &'static str {
    match attempt {
        Attempt::AddKey => "The key's answer was refused. Try again with Continue.",
        Attempt::PasskeySignIn => {
            "That passkey is not known here, or it was made for another \
             site. Sign in with your login and password."
        }
        _ => {
            "That key is not one of your account's keys, or it answered for another site. Try \
             another key, or another way."
        }
    }
}

/// KeyCheckGone: the ceremony expired or was spent.
pub(super) const KEY_CHECK_GONE: &str =
    "That took too long: the key has to answer within 5 minutes. Try again.";

/// KeyCloneSuspected.
pub(super) const KEY_CLONE_SUSPECTED: &str = "This key was refused because it may have been \
     copied (its counter went backwards). Sign in another way, remove the key in Settings, and \
     check your Security Log.";

/// NoSecurityKeys.
pub(super) const NO_SECURITY_KEYS: &str =
    "Your account has no security key any more. Use a code instead.";

/// LastSecondFactor.
pub(super) const LAST_SECOND_FACTOR: &str = "That is your account's last way to confirm it's \
     you. To remove it, turn off two-factor authentication.";

/// TooManySecurityKeys.
pub(super) fn too_many_keys() -> String {
    format!("Your account has {MAX_SECURITY_KEYS} keys, the most allowed. Remove one first.")
}

/// SecurityKeyNotFound.
pub(super) const KEY_NOT_FOUND: &str =
    "That key is no longer on your account. Reload the page to see the current list.";

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use super::*;

    #[test]
    fn the_name_rule_says_the_limit_the_server_holds_to() {
        assert!(key_name_rules().contains(&format!("1 to {MAX_KEY_NAME_CHARS}")));
        assert!(says(Attempt::AddKey, api(ResultCode::TooManySecurityKeys))
            .contains(&MAX_SECURITY_KEYS.to_string()));
    }

    #[test]
    fn new_keys_are_offered_numbered_names() {
        assert_eq!(default_key_name(KeyKind::SecurityKey, 0), "Security key");
        assert_eq!(default_key_name(KeyKind::SecurityKey, 1), "Security key 2");
        assert_eq!(default_key_name(KeyKind::Passkey, 2), "Passkey 3");
    }

    #[test]
    fn a_refused_key_is_worded_by_what_the_person_was_doing() {
        let refused = |attempt| says(attempt, api(ResultCode::KeyRefused));
        assert!(refused(Attempt::AddKey).contains("Continue"));
        assert!(refused(Attempt::PasskeySignIn).contains("passkey"));
        assert!(refused(Attempt::KeySignIn).contains("another way"));
    }

    #[test]
    fn a_key_the_browser_knows_reads_like_the_servers_refusal() {
        assert_eq!(
            add_key_problem(KeyProblem::AlreadyAdded),
            says(Attempt::AddKey, api(ResultCode::KeyAlreadyAdded))
        );
    }

    #[test]
    fn a_cancelled_request_says_how_to_try_again_where_it_happened() {
        assert!(add_key_problem(KeyProblem::Cancelled).contains("Nothing was added"));
        assert!(key_problem(KeyProblem::Cancelled).contains("did not answer"));
    }

    #[test]
    fn a_passkey_says_it_signs_in_without_the_password() {
        assert!(key_kind(KeyKind::Passkey).contains("without your password"));
        assert!(key_added(KeyKind::Passkey, "Laptop").contains(SIGN_IN_WITH_PASSKEY));
    }
}

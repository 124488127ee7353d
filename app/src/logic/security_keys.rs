//! Security keys and passkeys without their rendering: what the browser's
//! refusals mean ([`KeyProblem`]), a key's name as typed, and what removing
//! a key is (a removal, or, for the account's last way to confirm it's
//! you, turning two-factor authentication off).

use twofold_api::account::TwoFactorState;
use twofold_api::limits::MAX_KEY_NAME_CHARS;
use twofold_api::security_keys::{KeyKind, SecurityKeyInfo};

use crate::api::Failure;

use crate::logic::{list_focus, messages};

/// Why the browser gave no key answer, from the `DOMException`'s name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    /// NotAllowedError: the person cancelled, or nobody touched a key in
    /// time (browsers do not say which, on purpose).
    Cancelled,
    /// InvalidStateError while adding: the key is one the account has.
    AlreadyAdded,
    /// SecurityError: the page's address does not match the site the
    /// server names (an IP address, another domain).
    NotThisSite,
    /// ReferenceError, TypeError: no WebAuthn in this browser (or not its
    /// JSON methods), or none on this page (plain http).
    Unsupported,
    /// Anything else.
    Failed,
}

impl KeyProblem {
    /// The problem a rejection named `name` stands for, while adding a key
    /// (`creating`) or using one. `AbortError` is the page's own abort and
    /// is never shown.
    pub fn of_error(name: &str, creating: bool) -> KeyProblem {
        match name {
            "NotAllowedError" | "AbortError" => KeyProblem::Cancelled,
            "InvalidStateError" if creating => KeyProblem::AlreadyAdded,
            "SecurityError" => KeyProblem::NotThisSite,
            "NotSupportedError" | "ReferenceError" | "TypeError" => KeyProblem::Unsupported,
            _ => KeyProblem::Failed,
        }
    }
}

/// Why a use of a key came to nothing: the browser gave no answer, or a
/// call around it was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyFailure {
    /// The browser's window gave no answer.
    Problem(KeyProblem),
    /// The server refused (the check, or the answer).
    Refused(Failure),
}

impl From<KeyProblem> for KeyFailure {
    fn from(problem: KeyProblem) -> Self {
        KeyFailure::Problem(problem)
    }
}

impl From<Failure> for KeyFailure {
    fn from(failure: Failure) -> Self {
        KeyFailure::Refused(failure)
    }
}

/// A key's name as typed, trimmed, or the words that say why it cannot be
/// sent (empty, or longer than the server takes).
pub fn key_name(typed: &str) -> Result<String, String> {
    let name = typed.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_KEY_NAME_CHARS {
        return Err(messages::key_name_rules());
    }
    Ok(name.to_owned())
}

/// The name offered for a new key of `kind` on an account with `keys`.
pub fn offered_name(kind: KeyKind, keys: &[SecurityKeyInfo]) -> String {
    let same_kind = keys.iter().filter(|key| key.kind == kind).count();
    messages::default_key_name(kind, same_kind)
}

/// True when an account in `state` takes codes from an authenticator app:
/// 2FA on with the app, or with no key at all (a server that predates
/// keys does not say).
pub fn has_app(state: &TwoFactorState) -> bool {
    state.enabled && (state.authenticator_app || state.security_keys.is_empty())
}

/// True when an account in `state` has a security key or a passkey.
pub fn has_keys(state: &TwoFactorState) -> bool {
    state.enabled && !state.security_keys.is_empty()
}

/// What removing a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// The key goes; other factors stay (Remove2FAKey).
    Key,
    /// It is the account's last second factor: removing it is turning
    /// two-factor authentication off (Disable2FA, with its confirmation).
    TurnOff,
}

/// What removing a key is on an account in `state`.
pub fn removal(state: &TwoFactorState) -> Removal {
    if !state.authenticator_app && state.security_keys.len() <= 1 {
        Removal::TurnOff
    } else {
        Removal::Key
    }
}

/// The key with `id`, as the account lists it.
pub fn find_key(state: &TwoFactorState, id: u32) -> Option<&SecurityKeyInfo> {
    state.security_keys.iter().find(|key| key.id == id)
}

/// The key whose row takes focus once the key `removed` has left the list
/// (the next, else the previous); `None`: the list's heading.
pub fn list_focus_after_removal(state: &TwoFactorState, removed: u32) -> Option<u32> {
    let ids: Vec<u32> = state.security_keys.iter().map(|key| key.id).collect();
    list_focus::after_removal(&ids, &removed).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: u32, kind: KeyKind) -> SecurityKeyInfo {
        SecurityKeyInfo {
            id,
            name: format!("key {id}"),
            kind,
            added_at: 1,
            last_used_at: None,
        }
    }

    fn state(app: bool, keys: Vec<SecurityKeyInfo>) -> TwoFactorState {
        TwoFactorState {
            enabled: app || !keys.is_empty(),
            enabled_at: Some(1),
            recovery_codes_left: 10,
            recovery_codes_low: false,
            recovery_codes_viewable: true,
            recovery_codes_confirmed: true,
            authenticator_app: app,
            security_keys: keys,
        }
    }

    #[test]
    fn the_browsers_refusals_are_named_by_what_they_mean() {
        assert_eq!(
            KeyProblem::of_error("NotAllowedError", false),
            KeyProblem::Cancelled
        );
        assert_eq!(
            KeyProblem::of_error("InvalidStateError", true),
            KeyProblem::AlreadyAdded
        );
        assert_eq!(
            KeyProblem::of_error("InvalidStateError", false),
            KeyProblem::Failed
        );
        assert_eq!(
            KeyProblem::of_error("SecurityError", true),
            KeyProblem::NotThisSite
        );
        assert_eq!(
            KeyProblem::of_error("ReferenceError", false),
            KeyProblem::Unsupported
        );
        assert_eq!(
            KeyProblem::of_error("TypeError", true),
            KeyProblem::Unsupported
        );
        assert_eq!(
            KeyProblem::of_error("UnknownError", false),
            KeyProblem::Failed
        );
    }

    #[test]
    fn a_name_is_trimmed_and_held_to_the_servers_length() {
        assert_eq!(key_name("  Blue key ").unwrap(), "Blue key");
        assert!(key_name("   ").is_err());
        assert!(key_name(&"é".repeat(MAX_KEY_NAME_CHARS)).is_ok());
        assert!(key_name(&"a".repeat(MAX_KEY_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn the_offered_name_counts_the_keys_of_its_kind() {
        let keys = [key(1, KeyKind::SecurityKey), key(2, KeyKind::Passkey)];
        assert_eq!(offered_name(KeyKind::SecurityKey, &keys), "Security key 2");
        assert_eq!(offered_name(KeyKind::Passkey, &[]), "Passkey");
    }

    #[test]
    fn removing_the_last_way_to_confirm_is_turning_two_factor_off() {
        assert_eq!(
            removal(&state(false, vec![key(1, KeyKind::SecurityKey)])),
            Removal::TurnOff
        );
        assert_eq!(
            removal(&state(true, vec![key(1, KeyKind::SecurityKey)])),
            Removal::Key
        );
        assert_eq!(
            removal(&state(
                false,
                vec![key(1, KeyKind::SecurityKey), key(2, KeyKind::Passkey)]
            )),
            Removal::Key
        );
    }

    #[test]
    fn focus_goes_to_the_next_key_after_a_removal() {
        let account = state(
            true,
            vec![key(1, KeyKind::SecurityKey), key(5, KeyKind::Passkey)],
        );
        assert_eq!(list_focus_after_removal(&account, 1), Some(5));
        assert_eq!(list_focus_after_removal(&account, 5), Some(1));
        assert_eq!(
            list_focus_after_removal(&state(true, vec![key(1, KeyKind::Passkey)]), 1),
            None
        );
    }

    #[test]
    fn an_account_without_keys_has_the_app_whatever_the_server_says() {
        assert!(has_app(&state(true, vec![])));
        let predating = TwoFactorState {
            authenticator_app: false,
            ..state(true, vec![])
        };
        assert!(has_app(&predating));
        let keys_only = state(false, vec![key(1, KeyKind::SecurityKey)]);
        assert!(!has_app(&keys_only) && has_keys(&keys_only));
        let off = TwoFactorState {
            enabled: false,
            ..state(false, vec![])
        };
        assert!(!has_app(&off) && !has_keys(&off));
    }

    #[test]
    fn a_key_is_found_by_its_id() {
        let account = state(false, vec![key(3, KeyKind::Passkey)]);
        assert_eq!(
            find_key(&account, 3).map(|k| k.kind),
            Some(KeyKind::Passkey)
        );
        assert_eq!(find_key(&account, 4), None);
    }
}

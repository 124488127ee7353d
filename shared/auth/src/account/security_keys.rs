//! The security keys and passkeys of an account, as it keeps them: named,
//! dated, and webauthn-rs' record of each, opaque here (the service layer's
//! relying party reads and writes it); and the changes to them: adding
//! (the first second factor turns 2FA on), renaming, removing (never the
//! last second factor: that is Disable2FA), and a key's answer noted.

use serde::{Deserialize, Serialize};

use twofold_api::limits::MAX_SECURITY_KEYS;

use crate::{recovery::RecoveryCode, SecureRng};

use super::{
    recovery_codes::new_recovery_codes, Account, AccountError, TwoFactor, TwoFactorSettings,
};

/// The kind of key: the wire's, one name for it everywhere.
pub use twofold_api::security_keys::KeyKind;

/// One key of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityKey {
    /// The account's number for it, never reused.
    pub id: u32,
    /// What the owner calls it ("Blue YubiKey").
    pub name: String,
    /// Its kind.
    pub kind: KeyKind,
    /// The credential id, base64url without padding.
    pub credential_id: String,
    /// webauthn-rs' record of it (public key, counter, flags), as JSON.
    pub credential: String,
    /// When it was added.
    pub added_at: u64,
    /// When it last answered a check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<u64>,
}

/// A key that answered its ceremony, as the relying party read it: which
/// credential, and its record again when the answer changed it (the
/// signature counter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAnswer {
    /// The credential id, base64url without padding.
    pub credential_id: String,
    /// webauthn-rs' record after the answer, when it changed.
    pub updated: Option<String>,
}

/// A key to add, as the relying party made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKey {
    /// What the owner calls it.
    pub name: String,
    /// Its kind.
    pub kind: KeyKind,
    /// The credential id, base64url without padding.
    pub credential_id: String,
    /// webauthn-rs' record of it.
    pub credential: String,
}

impl Account {
    /// The account's keys, oldest first.
    pub fn security_keys(&self) -> &[SecurityKey] {
        self.two_factor
            .as_ref()
            .map_or(&[], |two_factor| two_factor.keys.as_slice())
    }

    /// True when an authenticator app is set up.
    pub fn has_authenticator_app(&self) -> bool {
        self.two_factor
            .as_ref()
            .is_some_and(|two_factor| two_factor.secret.is_some())
    }

    /// Enable2FAKey: adds a key. The first second factor turns 2FA on: the
    /// recovery codes are made (and returned, this once), the failure
    /// counts cleared and every other session ended, as at Enable2FA.
    /// Later keys join the factors there are.
    pub fn add_key(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
        now: u64,
        key: NewKey,
    ) -> Result<(SecurityKey, Option<Vec<RecoveryCode>>), AccountError> {
        let keys = self.security_keys();
        if keys.iter().any(|k| k.credential_id == key.credential_id) {
            return Err(AccountError::KeyAlreadyAdded);
        }
        if keys.len() >= MAX_SECURITY_KEYS {
            return Err(AccountError::TooManyKeys);
        }
        self.last_key_id = self.last_key_id.saturating_add(1);
        let added = SecurityKey {
            id: self.last_key_id,
            name: key.name,
            kind: key.kind,
            credential_id: key.credential_id,
            credential: key.credential,
            added_at: now,
            last_used_at: None,
        };
        if let Some(two_factor) = self.two_factor.as_mut() {
            two_factor.keys.push(added.clone());
            return Ok((added, None));
        }
        let (recovery, codes) = new_recovery_codes(settings, rng, &self.user_id);
        self.next_recovery_codes_version();
        self.two_factor = Some(TwoFactor {
            secret: None,
            keys: vec![added.clone()],
            enabled_at: now,
            last_step: 0,
            recovery,
        });
        self.totp_failures.reset();
        self.recovery_failures.reset();
        self.end_other_sessions();
        Ok((added, Some(codes)))
    }

    /// Rename2FAKey: a key's new name; returns the key.
    pub fn rename_key(&mut self, id: u32, name: String) -> Result<SecurityKey, AccountError> {
        let key = self.key_mut(id)?;
        key.name = name;
        Ok(key.clone())
    }

    /// Remove2FAKey: removes a key and returns it. The account's last
    /// second factor is refused: turning 2FA off is Disable2FA, with its
    /// confirmation.
    pub fn remove_key(&mut self, id: u32) -> Result<SecurityKey, AccountError> {
        let two_factor = self.two_factor.as_mut().ok_or(AccountError::KeyNotFound)?;
        let position = two_factor
            .keys
            .iter()
            .position(|key| key.id == id)
            .ok_or(AccountError::KeyNotFound)?;
        if two_factor.secret.is_none() && two_factor.keys.len() == 1 {
            return Err(AccountError::LastSecondFactor);
        }
        Ok(two_factor.keys.remove(position))
    }

    /// A key answered a ceremony: its record is updated (the signature
    /// counter) and its last use dated. Returns the key as it is now.
    pub fn key_answered(
        &mut self,
        answer: &KeyAnswer,
        now: u64,
    ) -> Result<SecurityKey, AccountError> {
        let key = self
            .two_factor
            .as_mut()
            .and_then(|two_factor| {
                two_factor
                    .keys
                    .iter_mut()
                    .find(|key| key.credential_id == answer.credential_id)
            })
            .ok_or(AccountError::KeyNotFound)?;
        if let Some(updated) = &answer.updated {
            key.credential.clone_from(updated);
        }
        key.last_used_at = Some(now);
        Ok(key.clone())
    }

    /// The key a credential id names, if it is the account's.
    pub fn key_with_credential(&self, credential_id: &str) -> Option<&SecurityKey> {
        self.security_keys()
            .iter()
            .find(|key| key.credential_id == credential_id)
    }

    fn key_mut(&mut self, id: u32) -> Result<&mut SecurityKey, AccountError> {
        self.two_factor
            .as_mut()
            .and_then(|two_factor| two_factor.keys.iter_mut().find(|key| key.id == id))
            .ok_or(AccountError::KeyNotFound)
    }
}

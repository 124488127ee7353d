//! The `Account` aggregate: an account's password hash, second factor,
//! recovery codes, failure counter and session epoch, and the methods that
//! carry out every change to them.
//!
//! Methods mutate the account in memory and return what the caller must
//! show; the caller persists the account with optimistic locking, so two
//! concurrent changes never both win.
//!
//! This file holds the aggregate's core (the account, its settings, errors,
//! sessions, password and re-sealing); the second factor's methods live in
//! `two_factor`, the recovery codes' in `recovery_codes`.

use serde::{Deserialize, Serialize};

use crate::{
    ids::UserId,
    lockout::FailureState,
    login::Login,
    password::PasswordHash,
    recovery::RecoveryStorage,
    sealing::{Sealed, Sealer},
    SecureRng,
};

pub mod notification_email;
mod recovery_codes;
pub mod security_keys;
mod two_factor;
mod undo;

use recovery_codes::{recovery_context, StoredCodes};
use two_factor::totp_context;

pub use recovery_codes::RecoveryView;
pub use two_factor::{
    Accepted, CodeKind, InvalidSecondFactor, PendingSetup, SecondFactorFailure, SecondFactorInput,
    TwoFactor, PENDING_SETUP_SECONDS, SETUP_MAX_FAILURES,
};
pub use undo::{FactorsBefore, UndoProof, UndoRefused, Undone};

/// The service-wide settings of the second factor: the sealer that keeps
/// TOTP secrets and recovery codes at rest, how recovery codes are stored,
/// and the issuer shown in authenticator apps.
#[derive(Debug)]
pub struct TwoFactorSettings {
    /// Seals TOTP secrets and recovery codes.
    pub sealer: Sealer,
    /// Sealed (viewable) or hash-only recovery codes.
    pub recovery_storage: RecoveryStorage,
    /// The issuer name in the otpauth URI.
    pub issuer: String,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Its identifier.
    pub user_id: UserId,
    /// Its login.
    pub login: Login,
    /// Argon2id hash of its password.
    pub password_hash: PasswordHash,
    /// When it was created.
    pub created_at: u64,
    /// Sessions opened under another epoch are over.
    pub session_epoch: u64,
    /// The second factor, when on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor: Option<TwoFactor>,
    /// A secret from Setup2FA waiting for its first code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_setup: Option<PendingSetup>,
    /// Wrong codes from the app, and the lock or stop they caused.
    #[serde(default, alias = "secondFactor")]
    pub totp_failures: FailureState,
    /// Wrong recovery codes, and the lock they caused.
    #[serde(default)]
    pub recovery_failures: FailureState,
    /// The id the next personal access token gets (ids are never reused).
    #[serde(default)]
    pub last_token_id: u32,
    /// The id the last security key got (ids are never reused).
    #[serde(default)]
    pub last_key_id: u32,
    /// The version of the newest set of recovery codes: every new set
    /// (Enable2FA, Regenerate2FABackupCodes) raises it, and it never goes
    /// back, across Disable2FA too, so a confirmation names one set only.
    #[serde(default)]
    pub recovery_codes_version: u64,
    /// An operator reset 2FA: the password may be how it was lost, so it
    /// must be changed before the account does anything else.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub password_change_required: bool,
    /// Where security notices go, once confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_email: Option<notification_email::NotificationEmail>,
    /// An address waiting for its mailed code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_email: Option<notification_email::PendingEmail>,
}

/// What [`Account::reseal`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    /// Sealed values now under the current key that were not.
    pub values: usize,
    /// Hash-only recovery codes still hashed under an older key.
    pub hashes_under_old_keys: usize,
}

/// A change the account refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// 2FA is on already.
    #[error("two-factor authentication is already on")]
    TwoFactorAlreadyEnabled,
    /// 2FA is off.
    #[error("two-factor authentication is not on")]
    TwoFactorNotEnabled,
    /// No Setup2FA secret, or it expired.
    #[error("there is no pending secret")]
    NoPendingSetup,
    /// The pending secret belongs to another session's set-up.
    #[error("the set-up was started in another session")]
    SetupOfAnotherSession,
    /// The code does not match the pending secret; counted. The account
    /// changed (the count, or the discarded set-up) and must be saved.
    #[error("the code is wrong")]
    WrongCode {
        /// Wrong codes left before the set-up is discarded; 0 when this
        /// one discarded it.
        attempts_left: u32,
    },
    /// The confirmation names a set of recovery codes that a newer one
    /// replaced.
    #[error("those recovery codes were replaced by newer ones")]
    RecoveryCodesReplaced,
    /// No address waits for a code, or its code expired.
    #[error("there is no address waiting for a code")]
    NoPendingEmail,
    /// The key is already one of the account's.
    #[error("that key is already added")]
    KeyAlreadyAdded,
    /// The account has the most keys allowed.
    #[error("the account has the most security keys allowed")]
    TooManyKeys,
    /// No key of the account has that id (or credential).
    #[error("there is no such security key")]
    KeyNotFound,
    /// Removing this would leave no second factor: that is Disable2FA.
    #[error("that is the last second factor")]
    LastSecondFactor,
    /// A sealed value did not open: the sealing key changed or data is damaged.
    #[error("sealed data does not open with the configured key")]
    Unseal,
}

impl Account {
    /// A new account without a second factor.
    pub fn new(user_id: UserId, login: Login, password_hash: PasswordHash, now: u64) -> Self {
        Account {
            user_id,
            login,
            password_hash,
            created_at: now,
            session_epoch: 0,
            two_factor: None,
            pending_setup: None,
            totp_failures: FailureState::default(),
            recovery_failures: FailureState::default(),
            last_token_id: 0,
            last_key_id: 0,
            recovery_codes_version: 0,
            password_change_required: false,
            notification_email: None,
            pending_email: None,
        }
    }

    /// The id of a new personal access token: one more than the last.
    pub fn next_token_id(&mut self) -> u32 {
        self.last_token_id = self.last_token_id.saturating_add(1);
        self.last_token_id
    }

    /// Seals again, under the current key, every secret sealed under an
    /// older one: the TOTP secret, a pending set-up's secret, sealed
    /// recovery codes. Returns what it did. Hash-only recovery codes cannot
    /// be re-keyed (only their hashes are kept): they keep naming their key
    /// until the owner regenerates them, and are counted in the outcome.
    pub fn reseal(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
    ) -> Result<Resealed, AccountError> {
        let sealer = &settings.sealer;
        let user = self.user_id.clone();
        let mut outcome = Resealed::default();
        // Every value is opened, those under the current key too: a key
        // configured under the right id but with the wrong bytes fails
        // here, before anyone is told that nothing is left to re-seal.
        let mut again = |sealed: &mut Sealed, context: &str| -> Result<(), AccountError> {
            let plain = sealer
                .open(sealed, context)
                .map_err(|_| AccountError::Unseal)?;
            if !sealer.is_current(sealed) {
                *sealed = sealer.seal(rng, &plain, context);
                outcome.values += 1;
            }
            Ok(())
        };
        if let Some(pending) = self.pending_setup.as_mut() {
            again(&mut pending.secret, &totp_context(&user))?;
        }
        if let Some(two_factor) = self.two_factor.as_mut() {
            if let Some(secret) = two_factor.secret.as_mut() {
                again(secret, &totp_context(&user))?;
            }
            match &mut two_factor.recovery.storage {
                StoredCodes::Sealed { codes } => again(codes, &recovery_context(&user))?,
                StoredCodes::Hashed { hashes } => {
                    outcome.hashes_under_old_keys =
                        hashes.iter().filter(|h| !sealer.is_current_hash(h)).count();
                }
            }
        }
        Ok(outcome)
    }

    /// True when sign-in needs a second factor.
    pub fn two_factor_enabled(&self) -> bool {
        self.two_factor.is_some()
    }

    /// Ends every session but the one the caller restamps with the returned
    /// epoch.
    pub fn end_other_sessions(&mut self) -> u64 {
        self.session_epoch = self.session_epoch.saturating_add(1);
        self.session_epoch
    }

    /// ChangePassword: `new_hash` replaces the password hash and every other
    /// session ends (one may be a password thief's); returns the epoch the
    /// caller restamps its own session with. The caller checked the old
    /// password (and, with 2FA on, a code) and hashed the new one.
    pub fn change_password(&mut self, new_hash: PasswordHash) -> u64 {
        self.password_hash = new_hash;
        self.password_change_required = false;
        self.end_other_sessions()
    }
}

#[cfg(test)]
mod tests;

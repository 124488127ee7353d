//! The recovery codes of an [`Account`]: how a set is stored (sealed, or
//! only keyed hashes), how one is found and spent in constant time, and the
//! account's methods that count, show, confirm and replace the set.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::{
    ids::UserId,
    recovery::{RecoveryCode, RecoveryStorage, COUNT},
    sealing::Sealed,
    SecureRng,
};

use super::{Account, AccountError, TwoFactorSettings};

/// The recovery codes as "View Recovery Codes" shows them.
#[derive(Debug, Clone)]
pub struct RecoveryView {
    /// Each code and when it was used; `None` in hash-only mode.
    pub codes: Option<Vec<(RecoveryCode, Option<u64>)>>,
    /// Unused codes.
    pub left: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RecoveryCodes {
    pub(super) storage: StoredCodes,
    used_at: Vec<Option<u64>>,
    /// The owner confirmed saving this set. Sets stored before this was
    /// recorded count as confirmed: their owners were never asked here.
    #[serde(default = "stored_before_confirmation")]
    confirmed: bool,
}

fn stored_before_confirmation() -> bool {
    true
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "mode")]
pub(super) enum StoredCodes {
    /// The normalised codes, newline-separated, sealed.
    Sealed { codes: Sealed },
    /// Keyed hashes of the normalised codes.
    Hashed { hashes: Vec<String> },
}

impl std::fmt::Debug for StoredCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredCodes::Sealed { codes } => {
                f.debug_struct("Sealed").field("codes", codes).finish()
            }
            // A keyed hash of a 49-bit code is offline-crackable by whoever
            // also has the key: never printed.
            StoredCodes::Hashed { hashes } => f
                .debug_struct("Hashed")
                .field("count", &hashes.len())
                .finish_non_exhaustive(),
        }
    }
}

/// The context a user's recovery codes are sealed and hashed for (account
/// and purpose): codes copied to another account do not open or match there.
pub(super) fn recovery_context(user: &UserId) -> String {
    format!("{user}/recovery")
}

impl Account {
    /// True when 2FA is on and few recovery codes are left: time to make
    /// new ones.
    pub fn recovery_codes_low(&self) -> bool {
        self.two_factor_enabled()
            && self.recovery_codes_left() <= twofold_api::account::RECOVERY_CODES_LOW
    }

    /// Unused recovery codes (0 without 2FA).
    pub fn recovery_codes_left(&self) -> u32 {
        self.two_factor.as_ref().map_or(0, |tf| {
            let unused = tf.recovery.used_at.iter().filter(|u| u.is_none()).count();
            u32::try_from(unused).unwrap_or(u32::MAX)
        })
    }

    /// The version of the current recovery codes (None without 2FA).
    pub fn recovery_codes_version(&self) -> Option<u64> {
        self.two_factor_enabled()
            .then_some(self.recovery_codes_version)
    }

    /// True when 2FA is on and its owner confirmed saving the current
    /// recovery codes.
    pub fn recovery_codes_confirmed(&self) -> bool {
        self.two_factor
            .as_ref()
            .is_some_and(|tf| tf.recovery.confirmed)
    }

    /// Confirm2FABackupCodes: the owner saved the codes of `version`. Only
    /// the current set can be confirmed, so a confirmation sent for a set
    /// that was replaced meanwhile leaves the new one unconfirmed. Returns
    /// false when there was nothing to change (confirmed already).
    pub fn confirm_recovery_codes(&mut self, version: u64) -> Result<bool, AccountError> {
        let current = self.recovery_codes_version;
        let two_factor = self
            .two_factor
            .as_mut()
            .ok_or(AccountError::TwoFactorNotEnabled)?;
        if version != current {
            return Err(AccountError::RecoveryCodesReplaced);
        }
        let changed = !two_factor.recovery.confirmed;
        two_factor.recovery.confirmed = true;
        Ok(changed)
    }

    /// A new version for a new set of recovery codes.
    pub(super) fn next_recovery_codes_version(&mut self) -> u64 {
        self.recovery_codes_version = self.recovery_codes_version.saturating_add(1);
        self.recovery_codes_version
    }

    /// Get2FABackupCodes: the codes (sealed mode) or only how many are left.
    pub fn view_recovery_codes(
        &self,
        settings: &TwoFactorSettings,
    ) -> Result<RecoveryView, AccountError> {
        let two_factor = self
            .two_factor
            .as_ref()
            .ok_or(AccountError::TwoFactorNotEnabled)?;
        let left = self.recovery_codes_left();
        let codes = match &two_factor.recovery.storage {
            StoredCodes::Hashed { .. } => None,
            StoredCodes::Sealed { codes } => {
                let plain = open_codes(settings, codes, &self.user_id)?;
                let parsed = plain
                    .split('\n')
                    .map(RecoveryCode::parse)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| AccountError::Unseal)?;
                Some(
                    parsed
                        .into_iter()
                        .zip(two_factor.recovery.used_at.iter().copied())
                        .collect(),
                )
            }
        };
        Ok(RecoveryView { codes, left })
    }

    /// Regenerate2FABackupCodes: a new set replaces the old one at once, and
    /// other sessions end (the codes may have leaked with one of them).
    pub fn regenerate_recovery_codes(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
    ) -> Result<Vec<RecoveryCode>, AccountError> {
        let user_id = self.user_id.clone();
        if self.two_factor.is_none() {
            return Err(AccountError::TwoFactorNotEnabled);
        }
        self.next_recovery_codes_version();
        let (recovery, codes) = new_recovery_codes(settings, rng, &user_id);
        if let Some(two_factor) = self.two_factor.as_mut() {
            two_factor.recovery = recovery;
        }
        self.end_other_sessions();
        Ok(codes)
    }
}

fn open_codes(
    settings: &TwoFactorSettings,
    sealed: &Sealed,
    user: &UserId,
) -> Result<Zeroizing<String>, AccountError> {
    let bytes = settings
        .sealer
        .open(sealed, &recovery_context(user))
        .map_err(|_| AccountError::Unseal)?;
    String::from_utf8(bytes.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| AccountError::Unseal)
}

pub(super) fn new_recovery_codes(
    settings: &TwoFactorSettings,
    rng: &mut impl SecureRng,
    user: &UserId,
) -> (RecoveryCodes, Vec<RecoveryCode>) {
    let codes = RecoveryCode::generate_set(rng);
    let context = recovery_context(user);
    let storage = match settings.recovery_storage {
        RecoveryStorage::Sealed => {
            let joined = Zeroizing::new(
                codes
                    .iter()
                    .map(RecoveryCode::normalised)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            StoredCodes::Sealed {
                codes: settings.sealer.seal(rng, joined.as_bytes(), &context),
            }
        }
        RecoveryStorage::HashOnly => StoredCodes::Hashed {
            hashes: codes
                .iter()
                .map(|c| {
                    settings
                        .sealer
                        .keyed_hash(&context, c.normalised().as_bytes())
                })
                .collect(),
        },
    };
    (
        RecoveryCodes {
            storage,
            used_at: vec![None; COUNT],
            confirmed: false,
        },
        codes,
    )
}

impl RecoveryCodes {
    /// Spends `code`: marks it used at `now` and returns true, or returns
    /// false when it is not in the set or was used already.
    pub(super) fn spend(
        &mut self,
        settings: &TwoFactorSettings,
        user: &UserId,
        code: &RecoveryCode,
        now: u64,
    ) -> Result<bool, AccountError> {
        let index = self.find(settings, user, code)?;
        let unused = index.and_then(|i| self.used_at.get_mut(i).filter(|used| used.is_none()));
        match unused {
            Some(used_at) => {
                *used_at = Some(now);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The position of `code` in the set, comparing every entry in constant
    /// time.
    fn find(
        &self,
        settings: &TwoFactorSettings,
        user: &UserId,
        code: &RecoveryCode,
    ) -> Result<Option<usize>, AccountError> {
        let context = recovery_context(user);
        let candidates: Vec<Zeroizing<String>> = match &self.storage {
            StoredCodes::Sealed { codes } => open_codes(settings, codes, user)?
                .split('\n')
                .map(|c| Zeroizing::new(c.to_owned()))
                .collect(),
            StoredCodes::Hashed { hashes } => {
                hashes.iter().map(|h| Zeroizing::new(h.clone())).collect()
            }
        };
        let mut found = None;
        for (i, candidate) in candidates.iter().enumerate() {
            // Each hash is compared with the offered code hashed under the
            // key that made it (keys rotate; see `Sealer`).
            let offered = match &self.storage {
                StoredCodes::Sealed { .. } => Zeroizing::new(code.normalised().to_owned()),
                StoredCodes::Hashed { .. } => Zeroizing::new(
                    settings
                        .sealer
                        .keyed_hash_like(candidate, &context, code.normalised().as_bytes())
                        .ok_or(AccountError::Unseal)?,
                ),
            };
            if bool::from(candidate.as_bytes().ct_eq(offered.as_bytes())) && found.is_none() {
                found = Some(i);
            }
        }
        Ok(found)
    }
}

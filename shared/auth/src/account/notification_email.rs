//! The address security notices go to: set behind a step-up, confirmed by
//! a six-digit code mailed to it (a few tries, a short expiry), replacing
//! the old one only once confirmed.

use serde::{Deserialize, Serialize};
use twofold_api::limits::{EMAIL_CODE_SECONDS, EMAIL_CODE_TRIES};

use crate::{email::EmailAddress, SecureRng};

use super::{Account, AccountError, TwoFactorSettings};

/// A confirmed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEmail {
    /// Where notices go.
    pub address: EmailAddress,
    /// When it was confirmed.
    pub verified_at: u64,
}

/// An address waiting for the code mailed to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingEmail {
    /// The new address.
    pub address: EmailAddress,
    /// A keyed hash of the code (never the code).
    pub code_hash: String,
    /// Until when the code is taken.
    pub expires_at: u64,
    /// Wrong codes so far.
    pub failures: u32,
}

/// The context the codes are hashed in.
fn code_context(account: &Account) -> String {
    format!("{}/email-code", account.user_id)
}

impl Account {
    /// SetNotificationEmail: `address` waits for a code, returned here to
    /// be mailed to it (sealed in the outbox, never logged). Any earlier
    /// pending address is replaced; the confirmed one stays until then.
    pub fn start_email_change(
        &mut self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
        address: EmailAddress,
        now: u64,
    ) -> String {
        let code = format!("{:06}", rng.next_u32() % 1_000_000);
        let code_hash = settings
            .sealer
            .keyed_hash(&code_context(self), code.as_bytes());
        self.pending_email = Some(PendingEmail {
            address,
            code_hash,
            expires_at: now.saturating_add(EMAIL_CODE_SECONDS),
            failures: 0,
        });
        code
    }

    /// ConfirmNotificationEmail: the right code makes the pending address
    /// the one notices go to, and returns the address it replaces. A wrong
    /// code is counted; the last one allowed discards the pending address.
    pub fn confirm_email(
        &mut self,
        settings: &TwoFactorSettings,
        code: &str,
        now: u64,
    ) -> Result<Option<EmailAddress>, AccountError> {
        let context = code_context(self);
        let pending = self
            .pending_email
            .as_mut()
            .filter(|pending| now < pending.expires_at)
            .ok_or(AccountError::NoPendingEmail)?;
        let matches = settings
            .sealer
            .keyed_hash_like(&pending.code_hash, &context, code.as_bytes())
            .is_some_and(|hash| hash == pending.code_hash);
        if !matches {
            pending.failures = pending.failures.saturating_add(1);
            let attempts_left = EMAIL_CODE_TRIES.saturating_sub(pending.failures);
            if attempts_left == 0 {
                self.pending_email = None;
            }
            return Err(AccountError::WrongCode { attempts_left });
        }
        let address = pending.address.clone();
        self.pending_email = None;
        let old = self.notification_email.replace(NotificationEmail {
            address,
            verified_at: now,
        });
        Ok(old.map(|old| old.address))
    }
}

//! The address security notices go to: set behind a step-up, confirmed by
//! a six-digit code mailed to it (a few tries, a short expiry), replacing
//! the old one only once confirmed.

use serde::{Deserialize, Serialize};
use twofold_api::limits::{EMAIL_CODE_SECONDS, EMAIL_CODE_TRIES};

use crate::{email::EmailAddress, utc_offset::UtcOffset, SecureRng};

use super::{Account, AccountError, TwoFactorSettings};

/// A confirmed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEmail {
    /// Where notices go.
    pub address: EmailAddress,
    /// When it was confirmed.
    pub verified_at: u64,
    /// The owner's offset from UTC, as the browser that set it saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<UtcOffset>,
    /// When its mail server first refused a notice for good (the address
    /// is gone or refuses mail); cleared by a delivered mail or a new
    /// address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bouncing_since: Option<u64>,
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
    /// The offset from UTC the address comes with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<UtcOffset>,
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
        utc_offset: Option<UtcOffset>,
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
            utc_offset,
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
        let utc_offset = pending.utc_offset;
        self.pending_email = None;
        let old = self.notification_email.replace(NotificationEmail {
            address,
            verified_at: now,
            utc_offset,
            bouncing_since: None,
        });
        Ok(old.map(|old| old.address))
    }

    /// The mail server of `address` refused a mail for good at `now`: the
    /// confirmed address is marked bouncing (GetAccount shows it), unless
    /// it changed meanwhile. True when this changed the account.
    pub fn email_bounced(&mut self, address: &EmailAddress, now: u64) -> bool {
        match self.notification_email.as_mut() {
            Some(email) if &email.address == address && email.bouncing_since.is_none() => {
                email.bouncing_since = Some(now);
                true
            }
            _ => false,
        }
    }

    /// A mail reached `address`: it is not bouncing any more. True when
    /// this changed the account.
    pub fn email_delivered(&mut self, address: &EmailAddress) -> bool {
        match self.notification_email.as_mut() {
            Some(email) if &email.address == address && email.bouncing_since.is_some() => {
                email.bouncing_since = None;
                true
            }
            _ => false,
        }
    }
}

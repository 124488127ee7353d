//! "This wasn't me" on the account: ending everything at once, keeping the
//! credentials a change takes away, and putting them back behind a second
//! factor that existed before the change.

use crate::{
    event::SecurityEvent,
    lockout::{FailureState, SecondFactorPolicy},
    not_me::{before_context, undoable, Before, NotMeLink, UndoPoint},
    sealing::Sealed,
    SecureRng,
};

use super::{
    security_keys::{KeyAnswer, SecurityKey},
    two_factor::{Accepted, SecondFactorFailure, SecondFactorInput},
    Account, TwoFactorSettings,
};

/// What proves the owner at an undo: a factor the account had before the
/// change.
#[derive(Debug, Clone, Copy)]
pub enum UndoProof<'a> {
    /// A code of the app, or a recovery code, from before the change.
    Code(&'a SecondFactorInput),
    /// The checked answer of a key the account had before the change.
    Key(&'a KeyAnswer),
}

/// How an undo was proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undone {
    /// A code of the earlier app.
    Totp,
    /// One of the earlier recovery codes, now spent.
    RecoveryCode {
        /// Unused recovery codes of the set put back.
        left: u32,
    },
    /// One of the earlier keys; its counter and last use are saved.
    Key {
        /// Its name.
        name: String,
    },
}

/// The second factors the account had before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactorsBefore {
    /// An authenticator app.
    pub app: bool,
    /// Its security keys and passkeys.
    pub keys: Vec<SecurityKey>,
}

/// Why an undo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UndoRefused {
    /// The change left nothing to put back with a factor: before it the
    /// account had no second factor.
    #[error("nothing can be put back")]
    NothingToRestore,
    /// The code is not one of the factors before the change.
    #[error("wrong code")]
    WrongCode,
    /// The key is not one the account had before the change.
    #[error("not a key from before the change")]
    UnknownKey,
    /// The app's code was the one it last gave: wait for the next.
    #[error("the code was just used")]
    JustUsed {
        /// Seconds until the app shows the next code.
        retry_after: u64,
    },
    /// Sealed data did not open.
    #[error("sealed data does not open")]
    Unseal,
}

impl Account {
    /// What an undo of `event` would need, taken from this account as it
    /// is before the change: `None` when the change cannot be undone or
    /// nothing could prove the owner (no second factor before it).
    pub fn undo_point(
        &self,
        settings: &TwoFactorSettings,
        rng: &mut impl SecureRng,
        event: &SecurityEvent,
    ) -> Option<UndoPoint> {
        if !undoable(event.kind) {
            return None;
        }
        let before = Before {
            password_hash: self.password_hash.clone(),
            two_factor: self.two_factor.clone()?,
        };
        let json = serde_json::to_vec(&before).ok()?;
        Some(UndoPoint {
            link: NotMeLink::for_event(event),
            before: settings
                .sealer
                .seal(rng, &json, &before_context(&self.user_id)),
        })
    }

    /// ReportNotMe: every session ends (none is restamped) and a set-up in
    /// progress is dropped; the caller deletes every token beside it.
    pub fn end_everything(&mut self) {
        self.pending_setup = None;
        self.end_other_sessions();
    }

    /// The second factors the account had before the change `before` was
    /// kept for (recovery codes it always had).
    pub fn factors_before(
        &self,
        settings: &TwoFactorSettings,
        before: &Sealed,
    ) -> Result<FactorsBefore, UndoRefused> {
        let two_factor = self.open_before(settings, before)?.two_factor;
        Ok(FactorsBefore {
            app: two_factor.secret.is_some(),
            keys: two_factor.keys,
        })
    }

    fn open_before(
        &self,
        settings: &TwoFactorSettings,
        before: &Sealed,
    ) -> Result<Before, UndoRefused> {
        let plain = settings
            .sealer
            .open(before, &before_context(&self.user_id))
            .map_err(|_| UndoRefused::Unseal)?;
        serde_json::from_slice(&plain).map_err(|_| UndoRefused::Unseal)
    }

    /// UndoChange: `proof` must be a second factor of the account as it
    /// was before the change (`before`, sealed): a code, or the answer of
    /// one of its keys, checked against those keys by the caller. Then its
    /// password hash and second factor come back, with the code spent or
    /// the key's counter saved, every session ends and the failure
    /// counters are cleared. Wrong codes are counted by the caller, per
    /// link, not here: the counters of today's account are not the earlier
    /// factor's.
    pub fn restore(
        &mut self,
        settings: &TwoFactorSettings,
        policy: &SecondFactorPolicy,
        now: u64,
        before: &Sealed,
        proof: UndoProof<'_>,
    ) -> Result<Undone, UndoRefused> {
        let before = self.open_before(settings, before)?;
        let mut earlier = self.clone();
        earlier.two_factor = Some(before.two_factor);
        earlier.totp_failures = FailureState::default();
        earlier.recovery_failures = FailureState::default();
        let undone = match proof {
            UndoProof::Code(input) => {
                match earlier
                    .verify_second_factor(settings, now, policy, input)
                    .map_err(code_refused)?
                {
                    Accepted::Totp => Undone::Totp,
                    Accepted::RecoveryCode { left } => Undone::RecoveryCode { left },
                }
            }
            UndoProof::Key(answer) => Undone::Key {
                name: earlier
                    .key_answered(answer, now)
                    .map_err(|_| UndoRefused::UnknownKey)?
                    .name,
            },
        };
        self.password_hash = before.password_hash;
        self.two_factor = earlier.two_factor;
        self.pending_setup = None;
        self.totp_failures.reset();
        self.recovery_failures.reset();
        self.password_change_required = false;
        // A confirmation of the codes shown before the undo names no set
        // that is on the account now.
        self.next_recovery_codes_version();
        self.end_everything();
        Ok(undone)
    }
}

/// A code of the earlier factors refused.
fn code_refused(failure: SecondFactorFailure) -> UndoRefused {
    match failure {
        SecondFactorFailure::JustUsed { retry_after, .. } => UndoRefused::JustUsed { retry_after },
        SecondFactorFailure::Unseal => UndoRefused::Unseal,
        SecondFactorFailure::NotEnabled => UndoRefused::NothingToRestore,
        _ => UndoRefused::WrongCode,
    }
}

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
    two_factor::{Accepted, SecondFactorFailure, SecondFactorInput},
    Account, TwoFactorSettings,
};

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

    /// True when the account had an authenticator app before the change
    /// `before` was kept for (recovery codes it always had).
    pub fn had_app_before(
        &self,
        settings: &TwoFactorSettings,
        before: &Sealed,
    ) -> Result<bool, UndoRefused> {
        Ok(self
            .open_before(settings, before)?
            .two_factor
            .secret
            .is_some())
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

    /// UndoChange: `input` must be a second factor of the account as it
    /// was before the change (`before`, sealed); then its password hash
    /// and second factor come back, with the code spent, every session
    /// ends and the failure counters are cleared. Wrong codes are counted
    /// by the caller, per link, not here: the counters of today's account
    /// are not the earlier factor's.
    pub fn restore(
        &mut self,
        settings: &TwoFactorSettings,
        policy: &SecondFactorPolicy,
        now: u64,
        before: &Sealed,
        input: &SecondFactorInput,
    ) -> Result<Accepted, UndoRefused> {
        let before = self.open_before(settings, before)?;
        let mut earlier = self.clone();
        earlier.two_factor = Some(before.two_factor);
        earlier.totp_failures = FailureState::default();
        earlier.recovery_failures = FailureState::default();
        let accepted = earlier
            .verify_second_factor(settings, now, policy, input)
            .map_err(|failure| match failure {
                SecondFactorFailure::JustUsed { retry_after, .. } => {
                    UndoRefused::JustUsed { retry_after }
                }
                SecondFactorFailure::Unseal => UndoRefused::Unseal,
                SecondFactorFailure::NotEnabled => UndoRefused::NothingToRestore,
                _ => UndoRefused::WrongCode,
            })?;
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
        Ok(accepted)
    }
}

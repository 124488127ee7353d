//! Get2FABackupCodes, Regenerate2FABackupCodes and Confirm2FABackupCodes:
//! the recovery codes once 2FA is on.

use rand::rngs::OsRng;
use twofold_api::{account::*, events::EventKind, Method};
use twofold_auth::StepUp;
use twofold_store::{Apply, Change};

use super::{
    account::{account_error, new_codes_response, others_ended},
    authenticate::Need,
    step_up::Proof,
    Caller, Service, ServiceError,
};

impl Service {
    /// Get2FABackupCodes: the recovery codes, used ones marked; in hash-only
    /// mode only how many are left. Viewing is logged. Needs a step-up with a
    /// second factor: whoever holds the password and one relayed code must
    /// not read the codes that would let them back in for good.
    pub async fn view_recovery_codes(
        &self,
        request: Get2FABackupCodesRequest,
        caller: &Caller,
    ) -> Result<RecoveryCodesResponse, ServiceError> {
        let proof = Proof::try_from(request)?;
        let stepped = self
            .stepped_up(
                caller,
                Method::Get2FABackupCodes,
                StepUp::SecondFactor,
                proof,
            )
            .await?;
        let now = self.now();
        let account = &stepped.auth.account.value;
        let view = account
            .view_recovery_codes(&self.two_factor)
            .map_err(account_error)?;
        let event = self
            .event(
                &account.user_id,
                EventKind::RecoveryCodesViewed,
                &caller.client,
                now,
            )
            .with_codes_left(view.left);
        self.store.commit(Change::default().event(event)).await?;
        let viewable = view.codes.is_some();
        let codes = view
            .codes
            .unwrap_or_default()
            .into_iter()
            .map(|(code, used_at)| RecoveryCodeEntry {
                code: code.display(),
                used_at,
            })
            .collect();
        Ok(RecoveryCodesResponse {
            codes,
            left: view.left,
            viewable,
            version: account.recovery_codes_version,
            tokens_ended: None,
        })
    }

    /// Regenerate2FABackupCodes: a new set; every old code stops working at
    /// once, and the account's other sessions end. Needs a step-up with a
    /// second factor.
    pub async fn regenerate_recovery_codes(
        &self,
        request: Regenerate2FABackupCodesRequest,
        caller: &Caller,
    ) -> Result<RecoveryCodesResponse, ServiceError> {
        let proof = Proof::try_from(request)?;
        let stepped = self
            .stepped_up(
                caller,
                Method::Regenerate2FABackupCodes,
                StepUp::SecondFactor,
                proof,
            )
            .await?;
        self.change_authenticated_account(stepped.auth, |account, current, now| {
            let codes = account
                .regenerate_recovery_codes(&self.two_factor, &mut OsRng)
                .map_err(account_error)?;
            let event = self
                .event(
                    &account.user_id,
                    EventKind::RecoveryCodesRegenerated,
                    &caller.client,
                    now,
                )
                .with_codes_left(account.recovery_codes_left());
            let alongside = others_ended(current, account.session_epoch, event);
            Ok(Apply::Write {
                alongside,
                value: new_codes_response(&codes, account.recovery_codes_version),
            })
        })
        .await
    }

    /// Confirm2FABackupCodes: the owner saved the recovery codes of
    /// `version`, so GetAccount stops asking them to. Written only while
    /// that set is still the current one (the account's version condition
    /// makes this hold under concurrency too): a confirmation of a set
    /// that a regeneration replaced confirms nothing.
    pub async fn confirm_recovery_codes(
        &self,
        request: Confirm2FABackupCodesRequest,
        caller: &Caller,
    ) -> Result<Confirm2FABackupCodesResponse, ServiceError> {
        self.change_own_account(
            caller,
            Method::Confirm2FABackupCodes,
            Need::Full,
            |account, _current, _now| {
                let changed = account
                    .confirm_recovery_codes(request.version)
                    .map_err(account_error)?;
                Ok(if changed {
                    Apply::Write {
                        alongside: Change::default(),
                        value: Confirm2FABackupCodesResponse {},
                    }
                } else {
                    Apply::Skip(Confirm2FABackupCodesResponse {})
                })
            },
        )
        .await
    }
}

//! Setup2FAKey, Enable2FAKey, Rename2FAKey and Remove2FAKey: the account's
//! security keys and passkeys. Checking a key (sign-in, step-up) is in
//! `key_checks.rs`.

use rand::rngs::OsRng;
use twofold_api::{
    events::EventKind, limits::MAX_SECURITY_KEYS, security_keys::*, Method, ResultCode,
};
use twofold_auth::{
    account::security_keys::{NewKey, SecurityKey},
    CeremonyPurpose, StepUp,
};
use twofold_store::{Apply, Change};

use super::{
    account::{account_error, new_codes_response, others_ended},
    authenticate::Need,
    input::{KeyAsked, KeyRemoval, KeyRename, NewKeyEntered},
    key_checks::{kept_keys, refusal_words},
    remediation::Keep,
    Caller, Service, ServiceError,
};

impl Service {
    /// Setup2FAKey: options for adding a key, behind a step-up (with 2FA
    /// on, with a second factor). The keys already added are excluded, so
    /// the browser says so instead of adding one twice.
    pub async fn setup_2fa_key(
        &self,
        request: Setup2FAKeyRequest,
        caller: &Caller,
    ) -> Result<KeyCeremony, ServiceError> {
        let KeyAsked { kind, proof } = request.try_into()?;
        let stepped = self
            .stepped_up(caller, Method::Setup2FAKey, StepUp::SecondFactor, proof)
            .await?;
        let account = &stepped.auth.account.value;
        if account.security_keys().len() >= MAX_SECURITY_KEYS {
            return Err(ServiceError::refused(ResultCode::TooManySecurityKeys));
        }
        let started = self
            .relying_party()?
            .start_adding(
                &account.user_id,
                account.login.as_str(),
                kind,
                &kept_keys(account),
            )
            .map_err(|refusal| {
                ServiceError::internal(anyhow::anyhow!("starting to add a key: {refusal}"))
            })?;
        let now = self.now();
        let session = &stepped.auth.session;
        self.open_ceremony(
            CeremonyPurpose::AddKey,
            Some(&account.user_id),
            Some(&session.token_hash),
            started,
            now,
        )
        .await
    }

    /// Enable2FAKey: the key's answer to this session's Setup2FAKey adds it
    /// under its name. The first second factor turns 2FA on as Enable2FA
    /// does (other sessions end, tokens but this session's and the kept
    /// ones end, the first recovery codes are returned); later keys join
    /// the others and change nothing else.
    pub async fn enable_2fa_key(
        &self,
        request: Enable2FAKeyRequest,
        caller: &Caller,
    ) -> Result<Enable2FAKeyResponse, ServiceError> {
        let NewKeyEntered {
            answer,
            name,
            keep_tokens,
        } = request.try_into()?;
        let auth = self
            .authenticate(caller, Method::Enable2FAKey, Need::Full)
            .await?;
        let now = self.now();
        let ceremony = self
            .take_ceremony(
                &answer.ceremony,
                CeremonyPurpose::AddKey,
                Some(&auth.session.token_hash),
                now,
            )
            .await?;
        let kept = self
            .relying_party()?
            .finish_adding(&ceremony.state, &answer.credential)
            .map_err(|refusal| {
                ServiceError::refused_with(ResultCode::KeyRefused, refusal_words(refusal))
            })?;
        let user = auth.session.user_id.clone();
        let session_id = auth.session.public_id();
        let keep = Keep {
            session: Some(&session_id),
            named: keep_tokens.as_ref(),
        };
        self.change_authenticated_account_with_tokens(auth, |account, current, now, tokens| {
            let new = NewKey {
                name: name.clone(),
                kind: kept.kind,
                credential_id: kept.credential_id.clone(),
                credential: kept.credential.clone(),
            };
            let (key, codes) = account
                .add_key(&self.two_factor, &mut OsRng, now, new)
                .map_err(account_error)?;
            let added = self
                .event(&user, EventKind::SecurityKeyAdded, &caller.client, now)
                .with_description(key.name.clone());
            let Some(codes) = codes else {
                return Ok(Apply::Write {
                    alongside: Change::default().event(added),
                    value: Enable2FAKeyResponse {
                        key: key_info(&key),
                        recovery_codes: None,
                    },
                });
            };
            let enabled = self
                .event(&user, EventKind::TwoFactorEnabled, &caller.client, now)
                .with_codes_left(account.recovery_codes_left());
            let (ended, tokens_ended) = self.end_tokens(&user, tokens, keep, &caller.client, now);
            // The key proved a second factor: this session's step-up now
            // counts as one with it, as at Enable2FA.
            let mut stepped = current.clone();
            stepped.elevated_with_second_factor = stepped.is_elevated(now);
            let alongside = others_ended(&stepped, account.session_epoch, added)
                .event(enabled)
                .and(ended);
            let mut recovery = new_codes_response(&codes, account.recovery_codes_version);
            recovery.tokens_ended = Some(tokens_ended);
            Ok(Apply::Write {
                alongside,
                value: Enable2FAKeyResponse {
                    key: key_info(&key),
                    recovery_codes: Some(recovery),
                },
            })
        })
        .await
    }

    /// Rename2FAKey: a key's new name, behind a step-up.
    pub async fn rename_2fa_key(
        &self,
        request: Rename2FAKeyRequest,
        caller: &Caller,
    ) -> Result<KeyChangedResponse, ServiceError> {
        let KeyRename { id, name, proof } = request.try_into()?;
        let stepped = self
            .stepped_up(caller, Method::Rename2FAKey, StepUp::SecondFactor, proof)
            .await?;
        self.change_authenticated_account(stepped.auth, |account, _, now| {
            let key = account
                .rename_key(id, name.clone())
                .map_err(account_error)?;
            let event = self
                .event(
                    &account.user_id,
                    EventKind::SecurityKeyRenamed,
                    &caller.client,
                    now,
                )
                .with_description(key.name);
            Ok(Apply::Write {
                alongside: Change::default().event(event),
                value: KeyChangedResponse {},
            })
        })
        .await
    }

    /// Remove2FAKey: a key removed, behind a step-up with a second factor.
    /// The last second factor stays: turning 2FA off is Disable2FA.
    pub async fn remove_2fa_key(
        &self,
        request: Remove2FAKeyRequest,
        caller: &Caller,
    ) -> Result<KeyChangedResponse, ServiceError> {
        let KeyRemoval { id, proof } = request.try_into()?;
        let stepped = self
            .stepped_up(caller, Method::Remove2FAKey, StepUp::SecondFactor, proof)
            .await?;
        self.change_authenticated_account(stepped.auth, |account, _, now| {
            let before = account.clone();
            let key = account.remove_key(id).map_err(account_error)?;
            let event = self
                .event(
                    &account.user_id,
                    EventKind::SecurityKeyRemoved,
                    &caller.client,
                    now,
                )
                .with_description(key.name);
            Ok(Apply::Write {
                alongside: Change::default()
                    .undo_point(self.undo_point(&before, &event))
                    .event(event),
                value: KeyChangedResponse {},
            })
        })
        .await
    }
}

/// A key as GetAccount lists it.
pub(super) fn key_info(key: &SecurityKey) -> SecurityKeyInfo {
    SecurityKeyInfo {
        id: key.id,
        name: key.name.clone(),
        kind: key.kind,
        added_at: key.added_at,
        last_used_at: key.last_used_at,
    }
}

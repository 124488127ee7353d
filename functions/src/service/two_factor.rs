//! Setup2FA, Enable2FA and Disable2FA: switching the second factor on and
//! off.

use rand::rngs::OsRng;
use twofold_api::{account::*, events::EventKind, Method};
use twofold_auth::{AccountError, Session, StepUp};
use twofold_store::{Apply, Change, SessionWrite};

use super::{
    account::{account_error, new_codes_response, others_ended},
    input::{NewApp, NewFactor},
    remediation::Keep,
    step_up::Proof,
    Caller, Service, ServiceError,
};

impl Service {
    /// Setup2FA: a new pending secret, shown as URI, QR code and key. Needs
    /// a step-up (the password).
    pub async fn setup_2fa(
        &self,
        request: Setup2FARequest,
        caller: &Caller,
    ) -> Result<Setup2FAResponse, ServiceError> {
        let proof = Proof::try_from(request)?;
        let stepped = self
            .stepped_up(caller, Method::Setup2FA, StepUp::SecondFactor, proof)
            .await?;
        self.change_authenticated_account(stepped.auth, |account, current, now| {
            let (enrollment, expires_at) = account
                .start_setup(&self.two_factor, &mut OsRng, now, &current.token_hash)
                .map_err(account_error)?;
            let event = self.event(
                &account.user_id,
                EventKind::TwoFactorSetupStarted,
                &caller.client,
                now,
            );
            let response = Setup2FAResponse {
                otpauth_uri: enrollment.uri.clone(),
                qr_svg: enrollment.qr_svg.clone(),
                secret: enrollment.secret_base32.clone(),
                issuer: self.two_factor.issuer.clone(),
                account_name: account.login.to_string(),
                digits: 6,
                period: 30,
                expires_at,
            };
            Ok(Apply::Write {
                alongside: Change::default().event(event),
                value: response,
            })
        })
        .await
    }

    /// Enable2FA: the first code from the app, from the session that started
    /// the set-up, switches 2FA on; every other session ends, and every
    /// personal access token but this session's own and those named in
    /// `keepTokens` (one may be a thief's, made with a phished password
    /// before 2FA was on). The recovery codes are returned once here. The
    /// code proves the new factor, so this session's step-up now counts as
    /// one with a second factor. A wrong code is counted and logged; the last
    /// one allowed discards the set-up and the session's step-up, so
    /// starting again needs the password.
    pub async fn enable_2fa(
        &self,
        request: Enable2FARequest,
        caller: &Caller,
    ) -> Result<RecoveryCodesResponse, ServiceError> {
        let NewFactor { code, keep_tokens } = request.try_into()?;
        let auth = self
            .authenticate(caller, Method::Enable2FA, super::authenticate::Need::Full)
            .await?;
        let user = auth.session.user_id.clone();
        let session_id = auth.session.public_id();
        let keep = Keep {
            session: Some(&session_id),
            named: keep_tokens.as_ref(),
        };
        self.change_authenticated_account_with_tokens(auth, |account, current, now, tokens| {
            match account.enable(
                &self.two_factor,
                &mut OsRng,
                now,
                &code,
                &current.token_hash,
            ) {
                Ok(codes) => {
                    let event = self
                        .event(&user, EventKind::TwoFactorEnabled, &caller.client, now)
                        .with_codes_left(account.recovery_codes_left());
                    let (ended, tokens_ended) =
                        self.end_tokens(&user, tokens, keep, &caller.client, now);
                    let mut stepped = current.clone();
                    stepped.elevated_with_second_factor = stepped.is_elevated(now);
                    let alongside = others_ended(&stepped, account.session_epoch, event).and(ended);
                    let mut response = new_codes_response(&codes, account.recovery_codes_version);
                    response.tokens_ended = Some(tokens_ended);
                    Ok(Apply::Write {
                        alongside,
                        value: Ok(response),
                    })
                }
                Err(AccountError::WrongCode { attempts_left }) => {
                    Ok(self.setup_code_failed(current, attempts_left, caller, now))
                }
                Err(other) => Err(account_error(other)),
            }
        })
        .await?
    }

    /// Change2FAApp: with 2FA on, the first code from a new authenticator
    /// app, from the session that started its set-up (Setup2FA, behind a
    /// step-up with a second factor), makes it the account's app. Until
    /// then the old app keeps working; the recovery codes stay valid; every
    /// other session ends (the old phone may be in a thief's hands; tokens
    /// stay, as at Disable2FA). A wrong code is counted and logged as at
    /// Enable2FA.
    pub async fn change_2fa_app(
        &self,
        request: Change2FAAppRequest,
        caller: &Caller,
    ) -> Result<Change2FAAppResponse, ServiceError> {
        let NewApp { code } = request.try_into()?;
        let auth = self
            .authenticate(
                caller,
                Method::Change2FAApp,
                super::authenticate::Need::Full,
            )
            .await?;
        self.change_authenticated_account(auth, |account, current, now| {
            let before = account.clone();
            match account.change_app(&self.two_factor, now, &code, &current.token_hash) {
                Ok(()) => {
                    let event = self.event(
                        &account.user_id,
                        EventKind::TwoFactorAppChanged,
                        &caller.client,
                        now,
                    );
                    let kept = self.undo_point(&before, &event);
                    Ok(Apply::Write {
                        alongside: others_ended(current, account.session_epoch, event)
                            .undo_point(kept),
                        value: Ok(Change2FAAppResponse {}),
                    })
                }
                Err(AccountError::WrongCode { attempts_left }) => {
                    Ok(self.setup_code_failed(current, attempts_left, caller, now))
                }
                Err(other) => Err(account_error(other)),
            }
        })
        .await?
    }

    /// A wrong code for a pending set-up, counted and logged; the last one
    /// allowed discards the set-up and the session's step-up, so starting
    /// again needs the password (and the code) again.
    fn setup_code_failed<T>(
        &self,
        current: &Session,
        attempts_left: u32,
        caller: &Caller,
        now: u64,
    ) -> Apply<Result<T, ServiceError>> {
        let user = &current.user_id;
        let mut alongside = Change::default().event(self.event(
            user,
            EventKind::TwoFactorSetupCodeFailed,
            &caller.client,
            now,
        ));
        if attempts_left == 0 {
            let mut unconfirmed = current.clone();
            unconfirmed.end_step_up();
            alongside = alongside
                .session(SessionWrite::Replace(unconfirmed))
                .event(self.event(
                    user,
                    EventKind::TwoFactorSetupDiscarded,
                    &caller.client,
                    now,
                ));
        }
        Apply::Write {
            alongside,
            value: Err(super::account::setup_code_refused(attempts_left)),
        }
    }

    /// Disable2FA: the secret and codes are deleted and the account's other
    /// sessions end; this one stays. Needs a step-up with a second factor:
    /// the one that signed in does not count.
    pub async fn disable_2fa(
        &self,
        request: Disable2FARequest,
        caller: &Caller,
    ) -> Result<Disable2FAResponse, ServiceError> {
        let proof = Proof::try_from(request)?;
        let stepped = self
            .stepped_up(caller, Method::Disable2FA, StepUp::SecondFactor, proof)
            .await?;
        self.change_authenticated_account(stepped.auth, |account, current, now| {
            let before = account.clone();
            account.disable_two_factor().map_err(account_error)?;
            let event = self.event(
                &account.user_id,
                EventKind::TwoFactorDisabled,
                &caller.client,
                now,
            );
            let kept = self.undo_point(&before, &event);
            let alongside = others_ended(current, account.session_epoch, event).undo_point(kept);
            Ok(Apply::Write {
                alongside,
                value: Disable2FAResponse {},
            })
        })
        .await
    }
}

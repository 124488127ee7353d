//! GetAccount, Setup2FA, Enable2FA, Get2FABackupCodes,
//! Regenerate2FABackupCodes, Confirm2FABackupCodes, Disable2FA,
//! ChangePassword, GetEvents.

use rand::rngs::OsRng;
use twofold_api::{
    account::*,
    events::{Event, EventKind},
    Method, ResultCode,
};
use twofold_auth::{
    account::SecondFactorInput, password, totp::TotpCode, Accepted, Account, AccountError,
    Password, RecoveryCode, SecurityEvent, Session,
};
use twofold_store::{Apply, Change, EventCursor, SessionWrite};

use super::{
    sessions::{Authenticated, Need, Principal},
    Caller, Service, ServiceError,
};

/// Security-log page size when the caller names none.
const DEFAULT_PAGE: u32 = 50;
/// Largest security-log page.
const MAX_PAGE: u32 = 100;

impl Service {
    /// GetAccount: who the caller is and the state of 2FA.
    pub async fn get_account(&self, caller: &Caller) -> Result<AccountResponse, ServiceError> {
        let principal = self
            .authenticate_principal(caller, Method::GetAccount)
            .await?;
        let now = self.now();
        let account = principal.account();
        let elevated_until = match &principal {
            Principal::Session(auth) => auth
                .session
                .elevated_until
                .filter(|_| auth.session.is_elevated(now)),
            Principal::Token { .. } => None,
        };
        Ok(AccountResponse {
            login: account.login.to_string(),
            created_at: account.created_at,
            two_factor: TwoFactorState {
                enabled: account.two_factor_enabled(),
                enabled_at: account.two_factor.as_ref().map(|tf| tf.enabled_at),
                recovery_codes_left: account.recovery_codes_left(),
                recovery_codes_low: account.recovery_codes_low(),
                recovery_codes_viewable: self.two_factor.recovery_storage
                    == twofold_auth::RecoveryStorage::Sealed,
                recovery_codes_confirmed: account.recovery_codes_confirmed(),
            },
            elevated_until,
        })
    }

    /// Setup2FA: a new pending secret, shown as URI, QR code and key.
    pub async fn setup_2fa(&self, caller: &Caller) -> Result<Setup2FAResponse, ServiceError> {
        self.change_own_account(
            caller,
            Method::Setup2FA,
            Need::Elevated,
            |account, current, now| {
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
            },
        )
        .await
    }

    /// Enable2FA: the first code from the app, from the session that started
    /// the set-up, switches 2FA on and ends every other session; the
    /// recovery codes are returned once here. A wrong code is counted and
    /// logged; the last one allowed discards the set-up and the session's
    /// password confirmation, so starting again needs the password.
    pub async fn enable_2fa(
        &self,
        request: Enable2FARequest,
        caller: &Caller,
    ) -> Result<RecoveryCodesResponse, ServiceError> {
        let code = TotpCode::parse(&request.code).map_err(|e| ServiceError::invalid("code", e))?;
        self.change_own_account(
            caller,
            Method::Enable2FA,
            Need::Full,
            |account, current, now| {
                let user = account.user_id.clone();
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
                        let alongside = others_ended(current, account.session_epoch, event);
                        Ok(Apply::Write {
                            alongside,
                            value: Ok(new_codes_response(&codes, account.recovery_codes_version)),
                        })
                    }
                    Err(AccountError::WrongCode { attempts_left }) => {
                        let mut alongside = Change::default().event(self.event(
                            &user,
                            EventKind::TwoFactorSetupCodeFailed,
                            &caller.client,
                            now,
                        ));
                        if attempts_left == 0 {
                            let unconfirmed = Session {
                                elevated_until: None,
                                ..current.clone()
                            };
                            alongside = alongside
                                .session(SessionWrite::Replace(unconfirmed))
                                .event(self.event(
                                    &user,
                                    EventKind::TwoFactorSetupDiscarded,
                                    &caller.client,
                                    now,
                                ));
                        }
                        Ok(Apply::Write {
                            alongside,
                            value: Err(setup_code_refused(attempts_left)),
                        })
                    }
                    Err(other) => Err(account_error(other)),
                }
            },
        )
        .await?
    }

    /// Get2FABackupCodes: the recovery codes, used ones marked; in hash-only
    /// mode only how many are left. Viewing is logged.
    pub async fn view_recovery_codes(
        &self,
        caller: &Caller,
    ) -> Result<RecoveryCodesResponse, ServiceError> {
        let auth = self
            .authenticate(caller, Method::Get2FABackupCodes, Need::Elevated)
            .await?;
        let now = self.now();
        let account = &auth.account.value;
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
        })
    }

    /// Regenerate2FABackupCodes: a new set; every old code stops working at
    /// once, and the account's other sessions end.
    pub async fn regenerate_recovery_codes(
        &self,
        caller: &Caller,
    ) -> Result<RecoveryCodesResponse, ServiceError> {
        self.change_own_account(
            caller,
            Method::Regenerate2FABackupCodes,
            Need::Elevated,
            |account, current, now| {
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
            },
        )
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

    /// Disable2FA: the secret and codes are deleted and the account's other
    /// sessions end; this one stays.
    pub async fn disable_2fa(&self, caller: &Caller) -> Result<Disable2FAResponse, ServiceError> {
        self.change_own_account(
            caller,
            Method::Disable2FA,
            Need::Elevated,
            |account, current, now| {
                account.disable_two_factor().map_err(account_error)?;
                let alongside = others_ended(
                    current,
                    account.session_epoch,
                    self.event(
                        &account.user_id,
                        EventKind::TwoFactorDisabled,
                        &caller.client,
                        now,
                    ),
                );
                Ok(Apply::Write {
                    alongside,
                    value: Disable2FAResponse {},
                })
            },
        )
        .await
    }

    /// ChangePassword: the current password (checked under the sign-in
    /// throttle) and, with 2FA on, a code; then, in one transaction, the new
    /// hash is stored and every other session ends, this one staying. A
    /// wrong code is counted and written like one at Verify2FACode.
    pub async fn change_password(
        &self,
        request: ChangePasswordRequest,
        caller: &Caller,
    ) -> Result<ChangePasswordResponse, ServiceError> {
        let new_password = Password::parse_new(&request.new_password)
            .map_err(|e| ServiceError::invalid("newPassword", e))?;
        if request.new_password == request.old_password {
            return Err(ServiceError::invalid(
                "newPassword",
                "choose a password you have not used here",
            ));
        }
        let old_password = Password::parse(&request.old_password)
            .map_err(|e| ServiceError::invalid("oldPassword", e))?;
        let auth = self
            .authenticate(caller, Method::ChangePassword, Need::Elevated)
            .await?;
        // Asked for before the password is checked, so that a forgotten code
        // costs no throttled attempt.
        let code = match (
            auth.account.value.two_factor_enabled(),
            request.code.as_deref().filter(|c| !c.is_empty()),
        ) {
            (false, _) => None,
            (true, None) => return Err(ServiceError::missing("code")),
            (true, Some(text)) => {
                Some(SecondFactorInput::parse(text).map_err(|e| ServiceError::invalid("code", e))?)
            }
        };
        let now = self.now();
        let wrong_password = || {
            ServiceError::refused_with(
                ResultCode::InvalidCredentials,
                "The current password is wrong.",
            )
        };
        let login = auth.account.value.login.clone();
        let checked = self
            .throttled_password_check(
                &login,
                old_password,
                Some(auth.account.clone()),
                caller,
                now,
            )
            .await
            .map_err(|error| match error {
                ServiceError::Refused {
                    code: ResultCode::InvalidCredentials,
                    ..
                } => wrong_password(),
                other => other,
            })?
            .value
            .password_hash;
        // Hashed once, here: the change below may run again after a conflict.
        let new_hash = self
            .password_work(move || password::hash(&new_password, &mut OsRng))
            .await?;
        let user = auth.session.user_id.clone();
        let policy = self.config.second_factor;
        let outcome = self
            .change_authenticated_account(auth, |account, current, now| {
                // Another change of password won the race: the one checked
                // above is no longer the account's.
                if account.password_hash != checked {
                    return Err(wrong_password());
                }
                let mut codes_left = None;
                if account.two_factor_enabled() {
                    let input = code.as_ref().ok_or_else(|| ServiceError::missing("code"))?;
                    match account.verify_second_factor(&self.two_factor, now, &policy, input) {
                        Ok(Accepted::Totp) => {}
                        Ok(Accepted::RecoveryCode { left }) => codes_left = Some(left),
                        Err(failure) => {
                            return self.second_factor_refused(account, failure, caller, now)
                        }
                    }
                }
                let epoch = account.change_password(new_hash.clone());
                let mut event = self.event(
                    &account.user_id,
                    EventKind::PasswordChanged,
                    &caller.client,
                    now,
                );
                if let Some(left) = codes_left {
                    event = event.with_codes_left(left);
                }
                Ok(Apply::Write {
                    alongside: others_ended(current, epoch, event),
                    value: Ok(ChangePasswordResponse {}),
                })
            })
            .await?;
        match outcome {
            Ok(answer) => Ok(answer),
            Err(refused) => Err(self
                .second_factor_refusal(&user, refused, caller, now)
                .await),
        }
    }

    /// Authenticates the caller, then applies `change` to their account
    /// as [`Service::change_authenticated_account`] does.
    async fn change_own_account<T>(
        &self,
        caller: &Caller,
        method: Method,
        need: Need,
        change: impl FnMut(&mut Account, &Session, u64) -> Result<Apply<T>, ServiceError>,
    ) -> Result<T, ServiceError> {
        let auth = self.authenticate(caller, method, need).await?;
        self.change_authenticated_account(auth, change).await
    }

    /// Applies `change` to the account of an authenticated caller with
    /// optimistic locking, passing the caller's session and the time.
    /// After a conflict the change is re-applied to the reloaded account,
    /// and only while the caller's session is still live under it: a
    /// session that the winning change ended gets NotSignedIn, and changes
    /// nothing.
    pub(super) async fn change_authenticated_account<T>(
        &self,
        auth: Authenticated,
        mut change: impl FnMut(&mut Account, &Session, u64) -> Result<Apply<T>, ServiceError>,
    ) -> Result<T, ServiceError> {
        let now = self.now();
        let session = auth.session;
        self.store
            .update_account(&session.user_id, Some(auth.account), |account| {
                if !session.is_live(now, account.session_epoch) {
                    return Err(ServiceError::refused(ResultCode::NotSignedIn));
                }
                change(account, &session, now)
            })
            .await
            .map_err(ServiceError::from)
    }

    /// GetEvents: a page of the security log, newest first.
    pub async fn get_events(
        &self,
        request: GetEventsRequest,
        caller: &Caller,
    ) -> Result<EventsResponse, ServiceError> {
        let limit = request.limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(ServiceError::invalid("limit", "a page has 1 to 100 events"));
        }
        let after = match request.after.as_deref() {
            None => None,
            Some(text) => Some(EventCursor::parse(text).ok_or_else(|| {
                ServiceError::invalid("after", "pass the `next` value of the previous page")
            })?),
        };
        let principal = self
            .authenticate_principal(caller, Method::GetEvents)
            .await?;
        let (events, next) = self
            .store
            .events(&principal.account().user_id, limit, after.as_ref())
            .await?;
        let events = events
            .into_iter()
            .map(|e| Event {
                at: e.at,
                kind: e.kind,
                ip: e.client.ip,
                user_agent: e.client.user_agent,
                recovery_codes_left: e.recovery_codes_left,
                description: e.description,
                count: e.count,
            })
            .collect();
        Ok(EventsResponse {
            events,
            next: next.map(|cursor| cursor.as_str().to_owned()),
        })
    }
}

/// What a change that ends every other session writes beside the account:
/// the caller's session re-stamped with the account's new `epoch` (so it
/// survives), and the change's `event`.
pub(super) fn others_ended(current: &Session, epoch: u64, event: SecurityEvent) -> Change {
    let restamped = Session {
        epoch,
        ..current.clone()
    };
    Change::default()
        .session(SessionWrite::Replace(restamped))
        .event(event)
}

/// A new set of codes, shown once: all of them, none used.
fn new_codes_response(codes: &[RecoveryCode], version: u64) -> RecoveryCodesResponse {
    RecoveryCodesResponse {
        codes: codes
            .iter()
            .map(|code| RecoveryCodeEntry {
                code: code.display(),
                used_at: None,
            })
            .collect(),
        left: u32::try_from(codes.len()).unwrap_or(u32::MAX),
        viewable: true,
        version,
    }
}

fn account_error(error: AccountError) -> ServiceError {
    match error {
        AccountError::TwoFactorAlreadyEnabled => {
            ServiceError::refused(ResultCode::TwoFactorAlreadyEnabled)
        }
        AccountError::TwoFactorNotEnabled => ServiceError::refused(ResultCode::TwoFactorNotEnabled),
        AccountError::NoPendingSetup => ServiceError::refused(ResultCode::NoPendingSetup),
        AccountError::SetupOfAnotherSession => ServiceError::refused_with(
            ResultCode::NoPendingSetup,
            "This set-up was started in another session. Start it again here.",
        ),
        AccountError::WrongCode { attempts_left } => setup_code_refused(attempts_left),
        AccountError::RecoveryCodesReplaced => {
            ServiceError::refused(ResultCode::RecoveryCodesReplaced)
        }
        AccountError::Unseal => ServiceError::internal(anyhow::anyhow!(
            "sealed data does not open with the configured key"
        )),
    }
}

/// A wrong code at Enable2FA, with the tries left before the set-up is
/// discarded (then: start again, with the password).
fn setup_code_refused(attempts_left: u32) -> ServiceError {
    if attempts_left == 0 {
        return ServiceError::refused_with(
            ResultCode::NoPendingSetup,
            "Too many wrong codes: this set-up was discarded. Start again.",
        );
    }
    ServiceError::InvalidCode {
        attempts_left,
        message: Some(
            "The code does not match. Check that the app shows this account and that your phone's clock is right.",
        ),
    }
}

//! GetAccount, ChangePassword and GetEvents, and what every change of an
//! account goes through (the optimistic update of a signed-in caller's
//! account). The second factor's methods are in `two_factor.rs` and
//! `recovery_codes.rs`.

use rand::rngs::OsRng;
use twofold_api::{
    account::*,
    events::{Event, EventKind},
    params, Method, ResultCode,
};
use twofold_auth::{
    password, AccessToken, Account, AccountError, RecoveryCode, SecurityEvent, Session, StepUp,
};
use twofold_store::{Apply, Change, SessionWrite};

use super::{
    authenticate::{Authenticated, Need, Principal},
    input::{EventsPage, PasswordChange},
    remediation::Keep,
    Caller, Service, ServiceError,
};

impl Service {
    /// GetAccount: who the caller is and the state of 2FA.
    pub async fn get_account(&self, caller: &Caller) -> Result<AccountResponse, ServiceError> {
        let principal = self
            .authenticate_principal(caller, Method::GetAccount)
            .await?;
        let now = self.now();
        let account = principal.account();
        let step_up = match &principal {
            Principal::Session(auth) => auth.session.step_up(now).map(|level| {
                (
                    auth.session.elevated_until.unwrap_or(now),
                    level == StepUp::SecondFactor,
                )
            }),
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
                authenticator_app: account.has_authenticator_app(),
                security_keys: account
                    .security_keys()
                    .iter()
                    .map(super::security_keys::key_info)
                    .collect(),
            },
            elevated_until: step_up.map(|(until, _)| until),
            elevated_with_second_factor: step_up.is_some_and(|(_, factor)| factor),
            password_change_required: account.password_change_required,
            notification_email: super::notification_email::email_state(account),
        })
    }

    /// ChangePassword: the current password (checked under the throttle)
    /// and, with 2FA on, a second factor (on the call, or a step-up with one
    /// a few minutes before); then, in one transaction, the new hash is
    /// stored, every other session ends (this one stays) and every personal
    /// access token but this session's own and those named in `keepTokens`.
    pub async fn change_password(
        &self,
        request: ChangePasswordRequest,
        caller: &Caller,
    ) -> Result<ChangePasswordResponse, ServiceError> {
        let PasswordChange {
            new_password,
            same_as_old,
            proof,
            keep_tokens,
        } = request.try_into()?;
        let wrong_password = || {
            ServiceError::refused_with(
                ResultCode::InvalidCredentials,
                "The current password is wrong.",
            )
        };
        let stepped = self
            .stepped_up(caller, Method::ChangePassword, StepUp::SecondFactor, proof)
            .await
            .map_err(|error| match error {
                ServiceError::Refused {
                    code: ResultCode::InvalidCredentials,
                    ..
                } => wrong_password(),
                other => other,
            })?;
        if same_as_old {
            return Err(ServiceError::invalid(
                params::NEW_PASSWORD,
                "choose a password you have not used here",
            ));
        }
        let checked = stepped.checked.clone();
        // Hashed once, here: the change below may run again after a conflict.
        let new_hash = self
            .password_work(move || password::hash(&new_password, &mut OsRng))
            .await?;
        let session_id = stepped.auth.session.public_id();
        let keep = Keep {
            session: Some(&session_id),
            named: keep_tokens.as_ref(),
        };
        self.change_authenticated_account_with_tokens(
            stepped.auth,
            |account, current, now, tokens| {
                // Another change of password won the race: the one checked
                // above is no longer the account's.
                if Some(&account.password_hash) != checked.as_ref() {
                    return Err(wrong_password());
                }
                let before = account.clone();
                let epoch = account.change_password(new_hash.clone());
                let event = self.event(
                    &account.user_id,
                    EventKind::PasswordChanged,
                    &caller.client,
                    now,
                );
                let (ended, tokens_ended) =
                    self.end_tokens(&account.user_id, tokens, keep, &caller.client, now);
                let kept = self.undo_point(&before, &event);
                Ok(Apply::Write {
                    alongside: others_ended(current, epoch, event)
                        .and(ended)
                        .undo_point(kept),
                    value: ChangePasswordResponse { tokens_ended },
                })
            },
        )
        .await
    }

    /// Authenticates the caller, then applies `change` to their account
    /// as [`Service::change_authenticated_account`] does.
    pub(super) async fn change_own_account<T>(
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

    /// [`Service::change_authenticated_account`] for a change that also
    /// needs the account's personal access tokens (to end them): they are
    /// read after the account, each time it is, so a token made meanwhile
    /// (which moves the account's version) is never missed.
    pub(super) async fn change_authenticated_account_with_tokens<T>(
        &self,
        auth: Authenticated,
        mut change: impl FnMut(
            &mut Account,
            &Session,
            u64,
            &[AccessToken],
        ) -> Result<Apply<T>, ServiceError>,
    ) -> Result<T, ServiceError> {
        let now = self.now();
        let session = auth.session;
        let user = session.user_id.clone();
        self.store
            .update_account_after(
                &user,
                Some(auth.account),
                || self.store.tokens(&user),
                |account, tokens| {
                    if !session.is_live(now, account.session_epoch) {
                        return Err(ServiceError::refused(ResultCode::NotSignedIn));
                    }
                    change(account, &session, now, tokens)
                },
            )
            .await
            .map_err(ServiceError::from)
    }

    /// GetEvents: a page of the security log, newest first; of some kinds
    /// only, when `kinds` names them (a page may then hold fewer than
    /// `limit` and still have a next one: see `events_of_kinds`).
    pub async fn get_events(
        &self,
        request: GetEventsRequest,
        caller: &Caller,
    ) -> Result<EventsResponse, ServiceError> {
        let EventsPage {
            limit,
            after,
            kinds,
        } = request.try_into()?;
        let principal = self
            .authenticate_principal(caller, Method::GetEvents)
            .await?;
        let user = &principal.account().user_id;
        let (events, next) = match &kinds {
            None => self.store.events(user, limit, after.as_ref()).await?,
            Some(kinds) => {
                self.store
                    .events_of_kinds(user, limit, after.as_ref(), kinds)
                    .await?
            }
        };
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
                operator: e.operator,
                mailed_at: e.mailed_at,
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
pub(super) fn new_codes_response(codes: &[RecoveryCode], version: u64) -> RecoveryCodesResponse {
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
        tokens_ended: None,
    }
}

pub(super) fn account_error(error: AccountError) -> ServiceError {
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
        AccountError::NoPendingEmail => ServiceError::refused(ResultCode::NoPendingEmail),
        AccountError::KeyAlreadyAdded => ServiceError::refused(ResultCode::KeyAlreadyAdded),
        AccountError::TooManyKeys => ServiceError::refused(ResultCode::TooManySecurityKeys),
        AccountError::KeyNotFound => ServiceError::refused(ResultCode::SecurityKeyNotFound),
        AccountError::LastSecondFactor => ServiceError::refused(ResultCode::LastSecondFactor),
        AccountError::Unseal => ServiceError::internal(anyhow::anyhow!(
            "sealed data does not open with the configured key"
        )),
    }
}

/// A wrong code at Enable2FA, with the tries left before the set-up is
/// discarded (then: start again, with the password).
pub(super) fn setup_code_refused(attempts_left: u32) -> ServiceError {
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

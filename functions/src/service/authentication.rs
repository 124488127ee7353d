//! SignUp, SignIn, Verify2FACode, SignOut, CheckPassword.

use rand::rngs::OsRng;
use secrecy::ExposeSecret;
use twofold_api::{
    authentication::*,
    events::EventKind,
    tokens::SignedInWith::{self, AuthenticatorApp, Password, RecoveryCode},
    Method, ResultCode,
};
use twofold_auth::{
    account::SecondFactorFailure,
    lockout::Refusal,
    password,
    token::{self, IssuedToken, TokenKind},
    Accepted, Account, CeremonyPurpose, DeviceCookie, Login, Session, SessionKind, StepUp, UserId,
};
use twofold_store::{Apply, Change, LimitKey, SessionWrite, StoreError, Tally, Versioned};

use super::{
    authenticate::Need,
    input::{CodeEntered, Credentials},
    password_check::Checker,
    step_up::Proof,
    Caller, Opened, OpenedSession, Service, ServiceError,
};

impl Service {
    /// SignUp: a new account and a first session. Throttled per client
    /// address (each sign-up costs an Argon2id hash and tells whether a
    /// login is taken), and a taken login is refused before any hashing.
    pub async fn sign_up(
        &self,
        request: SignUpRequest,
        caller: &Caller,
    ) -> Result<Opened<SessionResponse>, ServiceError> {
        let Credentials { login, password } = request.try_into()?;
        if !self.config.sign_up_enabled {
            return Err(ServiceError::refused(ResultCode::SignUpDisabled));
        }
        let now = self.now();
        let window = self.config.sign_in_throttle.window(now);
        let limit = (
            LimitKey::SignUp(caller.address_key()?),
            self.config.sign_up_max_per_address,
        );
        let (reserved, lookup) = tokio::join!(
            self.store.take_slot(&limit.0, limit.1, window),
            self.store.find_login(&login)
        );
        match reserved {
            Ok(()) => {}
            Err(StoreError::LimitReached) => {
                return Err(ServiceError::Throttled {
                    code: ResultCode::TooManySignUps,
                    retry_after: window.retry_after(now),
                })
            }
            Err(other) => return Err(other.into()),
        }
        if lookup?.user_id.is_some() {
            return Err(ServiceError::refused(ResultCode::LoginTaken));
        }
        let hash = self
            .password_work(move || password::hash(&password, &mut OsRng))
            .await?;
        let account = Account::new(UserId::generate(&mut OsRng), login, hash, now);
        let (token, session) = self.new_session(&account, SignedIn::With(Password), caller, now);
        let change = Change {
            account: Some(twofold_store::AccountWrite::Create(account.clone())),
            ..Change::default()
        }
        .session(SessionWrite::Create(session.clone()))
        .event(self.event(&account.user_id, EventKind::SignedUp, &caller.client, now));
        match self.store.commit(change).await {
            Ok(()) => Ok(opened_session(
                token,
                &session,
                &account,
                self.device_after_sign_in(caller, &account.login, now),
            )),
            // Taken between the look-up and the write.
            Err(StoreError::LoginTaken) => Err(ServiceError::refused(ResultCode::LoginTaken)),
            Err(other) => Err(other.into()),
        }
    }

    /// SignIn: the password, under the sign-in throttle. Without 2FA a full
    /// session; with 2FA a pending one that only Verify2FACode takes.
    pub async fn sign_in(
        &self,
        request: SignInRequest,
        caller: &Caller,
    ) -> Result<Opened<SignInResponse>, ServiceError> {
        let Credentials { login, password } = request.try_into()?;
        let now = self.now();
        let device = self
            .device_cookie(caller, now)
            .filter(|device| device.vouches_for(&self.two_factor.sealer, &login));
        let checked = self
            .throttled_password_check(
                &login,
                password,
                Checker::SigningIn {
                    device: device.as_ref(),
                },
                caller,
                now,
            )
            .await?;
        let account = &checked.account.value;
        let opening = if account.two_factor_enabled() {
            SignedIn::Pending
        } else {
            SignedIn::With(Password)
        };
        let (token, session) = self.new_session(account, opening, caller, now);
        let kind = session.kind;
        let mut change = Change::default().session(SessionWrite::Create(session.clone()));
        change = if kind == SessionKind::Pending {
            // "Someone has your password" shows in the log even when the
            // second factor then stops them; once per window, with how many
            // times, so repeating it cannot bury the rest of the log.
            let window = self.config.sign_in_throttle.window(now);
            let event = self.event(
                &account.user_id,
                EventKind::PasswordAccepted,
                &caller.client,
                now,
            );
            let position = self
                .store
                .tally_position(&event, window.index, window.ends_at)
                .await;
            let position = match position {
                Ok(position) => position,
                Err(error) => {
                    self.password_accepted(&checked).await?;
                    return Err(error.into());
                }
            };
            change.tally(Tally { event, position })
        } else {
            change
                .event(self.event(
                    &account.user_id,
                    EventKind::SignedInWithPassword,
                    &caller.client,
                    now,
                ))
                .and(self.new_browser_sign_in(account, caller, now))
        };
        let (committed, settled) =
            tokio::join!(self.store.commit(change), self.password_accepted(&checked));
        committed?;
        settled?;
        if kind == SessionKind::Full {
            return Ok(Opened {
                body: SignInResponse {
                    session: None,
                    expires_at: session.expires_at,
                    login: account.login.to_string(),
                    two_factor_required: false,
                    attempts_left: None,
                    retry_after: None,
                    totp_stopped: false,
                    password_change_required: account.password_change_required,
                    authenticator_app: false,
                    security_key: None,
                },
                session: Some(OpenedSession {
                    token: token.value,
                    lifetime: session.lifetime(),
                    device: self.device_after_sign_in(caller, &account.login, now),
                }),
            });
        }
        let mut opened = self.pending_sign_in(account, &token, &session, now);
        // Without a relying party (keys switched off since they were
        // added) the codes still sign in.
        if !account.security_keys().is_empty() && self.relying_party.is_some() {
            let check = self
                .start_key_check(account, CeremonyPurpose::SignIn, &session.token_hash)
                .await?;
            opened.body.security_key = Some(check);
        }
        Ok(opened)
    }

    /// SignIn's answer with 2FA on: the pending session, in the body for
    /// Verify2FACode, and where the account's app codes stand.
    fn pending_sign_in(
        &self,
        account: &Account,
        token: &IssuedToken,
        session: &Session,
        now: u64,
    ) -> Opened<SignInResponse> {
        let policy = &self.config.second_factor.totp;
        let failures = &account.totp_failures;
        let refusal = failures.check(now, policy).err();
        let retry_after = match refusal {
            Some(Refusal::Locked { retry_after }) => Some(retry_after),
            _ => None,
        };
        let attempts_left = match refusal {
            Some(_) => 0,
            None => failures.attempts_left(policy),
        };
        Opened {
            body: SignInResponse {
                session: Some(token.value.expose_secret().to_owned()),
                expires_at: session.expires_at,
                login: account.login.to_string(),
                two_factor_required: true,
                attempts_left: Some(attempts_left),
                retry_after,
                totp_stopped: refusal == Some(Refusal::Stopped),
                password_change_required: account.password_change_required,
                authenticator_app: account.has_authenticator_app(),
                security_key: None,
            },
            session: None,
        }
    }

    /// The device cookie the browser sent, when it verifies.
    pub(super) fn device_cookie(&self, caller: &Caller, now: u64) -> Option<DeviceCookie> {
        caller
            .device
            .as_deref()
            .and_then(|text| DeviceCookie::read(&self.two_factor.sealer, text, now))
    }

    /// The device cookie after a full sign-in to `login`: the browser's own
    /// (a new one if it had none), now vouching for `login` too.
    pub(super) fn device_after_sign_in(&self, caller: &Caller, login: &Login, now: u64) -> String {
        let sealer = &self.two_factor.sealer;
        self.device_cookie(caller, now)
            .unwrap_or_else(|| DeviceCookie::new(&mut OsRng, now))
            .signed_in(sealer, login, now)
            .encode(sealer)
    }

    /// Verify2FACode: the pending session and a TOTP or recovery code. A
    /// right code spends the pending session and opens a full one; a wrong
    /// one counts towards the lock. Both are written in one transaction with
    /// their security-log entry.
    pub async fn verify_2fa_code(
        &self,
        request: Verify2FACodeRequest,
        caller: &Caller,
    ) -> Result<Opened<Verify2FACodeResponse>, ServiceError> {
        let CodeEntered(input) = request.try_into()?;
        let now = self.now();
        let (pending, account) = self.pending_session(caller, now).await?;
        let policy = self.config.second_factor;
        let outcome = self
            .store
            .update_account(&pending.user_id, Some(account), |account| {
                if account.session_epoch != pending.epoch {
                    return Err(ServiceError::refused(ResultCode::NotSignedIn));
                }
                match account.verify_second_factor(&self.two_factor, now, &policy, &input) {
                    Ok(accepted) => {
                        Ok(self.second_factor_accepted(account, &pending, accepted, caller, now))
                    }
                    Err(failure) => self.second_factor_refused(account, failure, caller, now),
                }
            })
            .await?;
        outcome.map_err(|Refused::Counted(error)| error)
    }

    /// The pending session on the call (Verify2FACode's, Verify2FAKey's),
    /// live, with its account.
    pub(super) async fn pending_session(
        &self,
        caller: &Caller,
        now: u64,
    ) -> Result<(Session, Versioned<Account>), ServiceError> {
        let presented = caller
            .credential
            .as_ref()
            .and_then(|credential| token::parse(credential.token()).ok())
            .ok_or_else(|| ServiceError::refused(ResultCode::NotSignedIn))?;
        if presented.kind != TokenKind::Pending {
            return Err(ServiceError::refused(ResultCode::NotAPendingSession));
        }
        self.store
            .load_session(&presented)
            .await?
            .filter(|(s, a)| {
                s.kind == SessionKind::Pending && s.is_live(now, a.value.session_epoch)
            })
            .ok_or_else(|| {
                ServiceError::refused_with(
                    ResultCode::NotSignedIn,
                    "The sign-in has expired or was already completed. Sign in again.",
                )
            })
    }

    /// A right code: the pending session is spent and a full one opened,
    /// with the event saying which factor signed in.
    fn second_factor_accepted(
        &self,
        account: &Account,
        pending: &Session,
        accepted: Accepted,
        caller: &Caller,
        now: u64,
    ) -> Apply<Result<Opened<Verify2FACodeResponse>, Refused>> {
        let with = match accepted {
            Accepted::Totp => AuthenticatorApp,
            Accepted::RecoveryCode { .. } => RecoveryCode,
        };
        let (token, session) = self.new_session(account, SignedIn::With(with), caller, now);
        let event = match accepted {
            Accepted::Totp => self.event(
                &account.user_id,
                EventKind::SignedInWithTotp,
                &caller.client,
                now,
            ),
            Accepted::RecoveryCode { left } => self
                .event(
                    &account.user_id,
                    EventKind::SignedInWithRecoveryCode,
                    &caller.client,
                    now,
                )
                .with_codes_left(left),
        };
        let alongside = Change::default()
            .session(SessionWrite::Delete {
                user_id: account.user_id.clone(),
                token_hash: pending.token_hash.clone(),
            })
            .session(SessionWrite::Create(session.clone()))
            .event(event)
            .and(self.new_browser_sign_in(account, caller, now));
        let Opened { body, session } = opened_session(
            token,
            &session,
            account,
            self.device_after_sign_in(caller, &account.login, now),
        );
        let body = Verify2FACodeResponse {
            session: body,
            recovery_code_used: matches!(accepted, Accepted::RecoveryCode { .. }),
            recovery_codes_left: account.recovery_codes_left(),
        };
        Apply::Write {
            alongside,
            value: Ok(Opened { body, session }),
        }
    }

    /// A refused code: a wrong one is counted and logged (and may lock the
    /// second factor); a locked account is left as it is.
    pub(super) fn second_factor_refused<T>(
        &self,
        account: &Account,
        failure: SecondFactorFailure,
        caller: &Caller,
        now: u64,
    ) -> Result<Apply<Result<T, Refused>>, ServiceError> {
        let user = &account.user_id;
        match failure {
            SecondFactorFailure::Wrong {
                kind: _,
                attempts_left,
                locked_until,
                stopped,
            } => {
                let mut alongside = Change::default().event(self.event(
                    user,
                    EventKind::SecondFactorFailed,
                    &caller.client,
                    now,
                ));
                let error = if stopped {
                    alongside = alongside.event(self.event(
                        user,
                        EventKind::TotpStopped,
                        &caller.client,
                        now,
                    ));
                    // This wrong code was counted: it is written, unlike a
                    // refusal of a code that was never read.
                    ServiceError::refused(ResultCode::TotpStopped)
                } else if let Some(until) = locked_until {
                    alongside = alongside.event(self.event(
                        user,
                        EventKind::SecondFactorLocked,
                        &caller.client,
                        now,
                    ));
                    ServiceError::Locked {
                        retry_after: until.saturating_sub(now),
                    }
                } else {
                    ServiceError::InvalidCode {
                        attempts_left,
                        message: None,
                    }
                };
                Ok(Apply::Write {
                    alongside,
                    value: Err(Refused::Counted(error)),
                })
            }
            SecondFactorFailure::Locked { retry_after, first } => Ok(self.refused_unread(
                account,
                first,
                ServiceError::Locked { retry_after },
                caller,
                now,
            )),
            SecondFactorFailure::TotpStopped { first } => Ok(self.refused_unread(
                account,
                first,
                ServiceError::refused(ResultCode::TotpStopped),
                caller,
                now,
            )),
            // Changes nothing and is not logged: the owner typed a code
            // that signed in a moment ago.
            SecondFactorFailure::JustUsed {
                retry_after,
                attempts_left,
            } => Err(ServiceError::CodeJustUsed {
                retry_after,
                attempts_left,
            }),
            SecondFactorFailure::NotEnabled => Err(ServiceError::refused(ResultCode::NotSignedIn)),
            SecondFactorFailure::Unseal => Err(ServiceError::internal(anyhow::anyhow!(
                "the TOTP secret or codes do not unseal"
            ))),
        }
    }

    /// A code refused unread (locked, stopped): the first refusal of a lock
    /// is logged, with the account that now says so; later ones change and
    /// log nothing, so a password holder cannot bury the log with them.
    fn refused_unread<T>(
        &self,
        account: &Account,
        first: bool,
        error: ServiceError,
        caller: &Caller,
        now: u64,
    ) -> Apply<Result<T, Refused>> {
        if !first {
            return Apply::Skip(Err(Refused::Counted(error)));
        }
        let event = self.event(
            &account.user_id,
            EventKind::SecondFactorRefusedWhileLocked,
            &caller.client,
            now,
        );
        Apply::Write {
            alongside: Change::default().event(event),
            value: Err(Refused::Counted(error)),
        }
    }

    /// SignOut: ends the caller's session (full or pending). Ending one that
    /// is already gone is not an error.
    pub async fn sign_out(&self, caller: &Caller) -> Result<SignOutResponse, ServiceError> {
        let auth = match self.authenticate(caller, Method::SignOut, Need::Any).await {
            Ok(auth) => auth,
            Err(ServiceError::Refused {
                code: ResultCode::NotSignedIn,
                ..
            }) => return Ok(SignOutResponse {}),
            Err(other) => return Err(other),
        };
        let now = self.now();
        let mut change = Change::default().session(SessionWrite::Delete {
            user_id: auth.session.user_id.clone(),
            token_hash: auth.session.token_hash.clone(),
        });
        if auth.session.kind == SessionKind::Full {
            change = change.event(self.event(
                &auth.session.user_id,
                EventKind::SignedOut,
                &caller.client,
                now,
            ));
        }
        match self.store.commit(change).await {
            Ok(()) | Err(StoreError::SessionGone) => Ok(SignOutResponse {}),
            Err(other) => Err(other.into()),
        }
    }

    /// CheckPassword: the "confirm your password" pop-up, the step-up on
    /// its own. The password, and with 2FA on the `code` a sensitive change
    /// needs, are checked and recorded on the session for a few minutes.
    /// Wrong passwords count in the session's own throttle.
    pub async fn confirm_password(
        &self,
        request: CheckPasswordRequest,
        caller: &Caller,
    ) -> Result<CheckPasswordResponse, ServiceError> {
        let proof = Proof::try_from(request)?;
        let auth = self
            .authenticate(caller, Method::CheckPassword, Need::Full)
            .await?;
        let stepped = self.step_up(auth, StepUp::Password, proof, caller).await?;
        let session = &stepped.auth.session;
        let now = self.now();
        Ok(CheckPasswordResponse {
            elevated_until: session.elevated_until.unwrap_or(now),
            second_factor_confirmed: session.step_up(now) == Some(StepUp::SecondFactor),
        })
    }

    /// A new session of `kind` for `account`, stamped with its epoch.
    pub(crate) fn new_session(
        &self,
        account: &Account,
        opening: SignedIn,
        caller: &Caller,
        now: u64,
    ) -> (IssuedToken, Session) {
        let sessions = &self.config.sessions;
        let (kind, token_kind, lifetime, signed_in_with) = match opening {
            SignedIn::With(with) => (
                SessionKind::Full,
                TokenKind::Session,
                sessions.full_seconds,
                Some(with),
            ),
            SignedIn::Pending => (
                SessionKind::Pending,
                TokenKind::Pending,
                sessions.pending_seconds,
                None,
            ),
        };
        let token = token::issue(token_kind, &account.user_id, &mut OsRng);
        let session = Session {
            user_id: account.user_id.clone(),
            token_hash: token.hash.clone(),
            kind,
            created_at: now,
            started_nanos: Some(
                self.clock
                    .now_nanos()
                    .max(now.saturating_mul(1_000_000_000)),
            ),
            expires_at: now + lifetime,
            elevated_until: None,
            elevated_with_second_factor: false,
            elevated_at: None,
            signed_in_with,
            epoch: account.session_epoch,
            ip: caller.client.ip.clone(),
            user_agent: caller.client.user_agent.clone(),
            last_seen: None,
        };
        (token, session)
    }
}

/// What a new session is: full, signed in with a factor, or pending the
/// second step.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SignedIn {
    /// A full session, signed in with this.
    With(SignedInWith),
    /// A pending session: Verify2FACode comes next.
    Pending,
}

/// A second factor refused, with what was written for it (a counted wrong
/// code, the first refusal of a lock) or nothing.
#[derive(Debug)]
pub(super) enum Refused {
    /// The error to answer with.
    Counted(ServiceError),
}

/// A full session's answer: the token (and the device cookie) go beside
/// the body, not in it.
pub(super) fn opened_session(
    token: IssuedToken,
    session: &Session,
    account: &Account,
    device: String,
) -> Opened<SessionResponse> {
    Opened {
        body: SessionResponse {
            session: None,
            expires_at: session.expires_at,
            login: account.login.to_string(),
        },
        session: Some(OpenedSession {
            token: token.value,
            lifetime: session.lifetime(),
            device,
        }),
    }
}

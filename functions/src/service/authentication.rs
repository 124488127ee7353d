//! SignUp, SignIn, Verify2FACode, SignOut, CheckPassword.

use rand::rngs::OsRng;
use secrecy::ExposeSecret;
use twofold_api::{authentication::*, events::EventKind, ResultCode};
use twofold_auth::{
    account::{SecondFactorFailure, SecondFactorInput},
    password,
    token::{self, IssuedToken, TokenKind},
    Account, Login, Password, Session, SessionKind, UserId,
};
use twofold_store::{Apply, Change, LimitKey, SessionWrite, StoreError};

use super::{blocking, sessions::Need, Caller, Service, ServiceError};

impl Service {
    /// SignUp: a new account and a first session.
    pub async fn sign_up(
        &self,
        request: SignUpRequest,
        caller: &Caller,
    ) -> Result<SessionResponse, ServiceError> {
        if !self.config.sign_up_enabled {
            return Err(ServiceError::refused(ResultCode::SignUpDisabled));
        }
        let login = Login::parse(&request.login).map_err(|e| ServiceError::invalid("login", e))?;
        let password = Password::parse_new(&request.password)
            .map_err(|e| ServiceError::invalid("password", e))?;
        let hash = blocking(move || password::hash(&password, &mut OsRng)).await?;
        let now = self.now();
        let account = Account::new(UserId::generate(&mut OsRng), login, hash, now);
        let (token, session) = self.new_session(&account, SessionKind::Full, caller, now);
        let change = Change {
            account: Some(twofold_store::AccountWrite::Create(account.clone())),
            ..Change::default()
        }
        .session(SessionWrite::Create(session.clone()))
        .event(self.event(&account.user_id, EventKind::SignedUp, &caller.client, now));
        match self.store.commit(change).await {
            Ok(()) => Ok(session_response(&token, &session, &account)),
            Err(StoreError::LoginTaken) => Err(ServiceError::refused(ResultCode::LoginTaken)),
            Err(other) => Err(other.into()),
        }
    }

    /// SignIn: the password. Without 2FA a full session; with 2FA a pending
    /// one that only Verify2FACode takes.
    ///
    /// Before the password is checked, the attempt takes a slot in the
    /// failure counters of its login and its address; a correct password
    /// gives the slots back, so only failures are throttled. Unknown logins
    /// cost a dummy Argon2id verification and get the same answer as a wrong
    /// password.
    pub async fn sign_in(
        &self,
        request: SignInRequest,
        caller: &Caller,
    ) -> Result<SignInResponse, ServiceError> {
        let login = Login::parse(&request.login).map_err(|e| ServiceError::invalid("login", e))?;
        let password =
            Password::parse(&request.password).map_err(|e| ServiceError::invalid("password", e))?;
        let now = self.now();
        let (account, reserved) = self
            .check_password(&login, password, None, caller, now)
            .await?;
        if account.value.two_factor_enabled() {
            let (token, session) =
                self.new_session(&account.value, SessionKind::Pending, caller, now);
            let change = Change::default().session(SessionWrite::Create(session.clone()));
            self.commit_and_give_back(change, reserved).await?;
            let failures = &account.value.second_factor;
            let retry_after = failures.check(now).err().map(|locked| locked.retry_after);
            let policy = &self.config.second_factor;
            return Ok(SignInResponse {
                session: Some(token.expose().to_owned()),
                expires_at: session.expires_at,
                login: account.value.login.to_string(),
                two_factor_required: true,
                attempts_left: Some(if retry_after.is_some() {
                    0
                } else {
                    failures.attempts_left(policy)
                }),
                retry_after,
            });
        }
        let (token, session) = self.new_session(&account.value, SessionKind::Full, caller, now);
        let change = Change::default()
            .session(SessionWrite::Create(session.clone()))
            .event(self.event(
                &account.value.user_id,
                EventKind::SignedInWithPassword,
                &caller.client,
                now,
            ));
        self.commit_and_give_back(change, reserved).await?;
        Ok(SignInResponse {
            session: Some(token.expose().to_owned()),
            expires_at: session.expires_at,
            login: account.value.login.to_string(),
            two_factor_required: false,
            attempts_left: None,
            retry_after: None,
        })
    }

    /// Checks `login`'s password under the sign-in throttle. `known` is the
    /// account when the caller already holds it (CheckPassword).
    async fn check_password(
        &self,
        login: &Login,
        password: Password,
        known: Option<twofold_store::Versioned<Account>>,
        caller: &Caller,
        now: u64,
    ) -> Result<(twofold_store::Versioned<Account>, Reserved), ServiceError> {
        let throttle = &self.config.sign_in_throttle;
        let window = throttle.window(now);
        let window_end = throttle.window_end(now);
        let limits = [
            (LimitKey::Login(login.clone()), throttle.max_per_login),
            (
                LimitKey::Address(caller.address_key()),
                throttle.max_per_address,
            ),
        ];
        let account = match known {
            Some(account) => {
                self.reserve(&limits, window, window_end, now).await?;
                Some(account)
            }
            None => {
                let (reserved, lookup) = tokio::join!(
                    self.reserve(&limits, window, window_end, now),
                    self.store.find_login(login)
                );
                reserved?;
                // An unknown login reads an account that cannot exist, so
                // both answers cost the same round trips.
                let user = lookup?
                    .user_id
                    .unwrap_or_else(|| UserId::generate(&mut OsRng));
                self.store.load_account(&user).await?
            }
        };
        let stored_hash = account.as_ref().map(|a| a.value.password_hash.clone());
        let matches = blocking(move || match stored_hash {
            Some(hash) => password::verify(&password, &hash),
            None => password::dummy_verify(&password),
        })
        .await?;
        match account {
            Some(account) if matches => {
                let slots = limits.into_iter().map(|(key, _)| key).collect();
                Ok((
                    account,
                    Reserved {
                        slots,
                        window,
                        expires_at: window_end,
                    },
                ))
            }
            Some(account) => {
                let event = self.event(
                    &account.value.user_id,
                    EventKind::SignInFailed,
                    &caller.client,
                    now,
                );
                self.store.commit(Change::default().event(event)).await?;
                Err(ServiceError::refused(ResultCode::InvalidCredentials))
            }
            None => {
                // The same write a known login's failure makes, for the same
                // time; operators can see attempts on logins that do not exist.
                self.store.record_unknown_login_failure(login, now).await?;
                Err(ServiceError::refused(ResultCode::InvalidCredentials))
            }
        }
    }

    /// Commits a successful sign-in's change and gives its throttle slots
    /// back, both at once (one round trip of latency).
    async fn commit_and_give_back(
        &self,
        change: Change,
        reserved: Reserved,
    ) -> Result<(), ServiceError> {
        let (committed, refunded) = tokio::join!(
            self.store.commit(change),
            self.store
                .refund_sign_in(&reserved.slots, reserved.window, reserved.expires_at)
        );
        committed?;
        refunded?;
        Ok(())
    }

    async fn reserve(
        &self,
        limits: &[(LimitKey, u32)],
        window: u64,
        window_end: u64,
        now: u64,
    ) -> Result<(), ServiceError> {
        match self.store.reserve_sign_in(limits, window, window_end).await {
            Ok(()) => Ok(()),
            Err(StoreError::LimitReached) => Err(ServiceError::Throttled {
                retry_after: window_end - now,
            }),
            Err(other) => Err(other.into()),
        }
    }

    /// Verify2FACode: the pending session and a TOTP or recovery code. A
    /// right code spends the pending session and opens a full one; a wrong
    /// one counts towards the lock. Both are written in one transaction with
    /// their security-log entry.
    pub async fn verify_2fa_code(
        &self,
        request: Verify2FACodeRequest,
        caller: &Caller,
    ) -> Result<Verify2FACodeResponse, ServiceError> {
        let presented = token::parse(&request.session)
            .map_err(|_| ServiceError::refused(ResultCode::NotSignedIn))?;
        if presented.kind != TokenKind::Pending {
            return Err(ServiceError::refused(ResultCode::NotAPendingSession));
        }
        let input = SecondFactorInput::parse(&request.code)
            .map_err(|e| ServiceError::invalid("code", e))?;
        let now = self.now();
        let (pending, account) = self
            .store
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
            })?;
        let user = pending.user_id.clone();
        let policy = self.config.second_factor;
        let outcome = self
            .store
            .update_account(&user, Some(account), |account| {
                if account.session_epoch != pending.epoch {
                    return Err(ServiceError::refused(ResultCode::NotSignedIn));
                }
                let client = &caller.client;
                match account.verify_second_factor(&self.vault, now, &policy, &input) {
                    Ok(success) => {
                        let (token, session) =
                            self.new_session(account, SessionKind::Full, caller, now);
                        let kind = if success.recovery_code_used {
                            EventKind::SignedInWithRecoveryCode
                        } else {
                            EventKind::SignedInWithTotp
                        };
                        let mut event = self.event(&user, kind, client, now);
                        if success.recovery_code_used {
                            event = event.with_codes_left(success.recovery_codes_left);
                        }
                        let also = Change::default()
                            .session(SessionWrite::Delete {
                                user_id: user.clone(),
                                token_hash: pending.token_hash.clone(),
                            })
                            .session(SessionWrite::Create(session.clone()))
                            .event(event);
                        let response = Verify2FACodeResponse {
                            session: session_response(&token, &session, account),
                            recovery_code_used: success.recovery_code_used,
                            recovery_codes_left: success.recovery_codes_left,
                        };
                        Ok(Apply::Write {
                            also,
                            value: Ok(response),
                        })
                    }
                    Err(SecondFactorFailure::Wrong {
                        attempts_left,
                        locked_until,
                    }) => {
                        let mut also = Change::default().event(self.event(
                            &user,
                            EventKind::SecondFactorFailed,
                            client,
                            now,
                        ));
                        let error = match locked_until {
                            Some(until) => {
                                also = also.event(self.event(
                                    &user,
                                    EventKind::SecondFactorLocked,
                                    client,
                                    now,
                                ));
                                ServiceError::Locked {
                                    retry_after: until - now,
                                }
                            }
                            None => ServiceError::InvalidCode { attempts_left },
                        };
                        Ok(Apply::Write {
                            also,
                            value: Err(error),
                        })
                    }
                    Err(SecondFactorFailure::Locked { retry_after }) => {
                        Ok(Apply::Skip(Err(ServiceError::Locked { retry_after })))
                    }
                    Err(SecondFactorFailure::NotEnabled) => {
                        Err(ServiceError::refused(ResultCode::NotSignedIn))
                    }
                    Err(SecondFactorFailure::Unseal) => Err(ServiceError::internal(
                        anyhow::anyhow!("the TOTP secret or codes do not unseal"),
                    )),
                }
            })
            .await?;
        outcome
    }

    /// SignOut: ends the caller's session (full or pending). Ending one that
    /// is already gone is not an error.
    pub async fn sign_out(&self, caller: &Caller) -> Result<SignOutResponse, ServiceError> {
        let auth = match self.authenticate(caller, Need::Any).await {
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

    /// CheckPassword: the "confirm your password" pop-up. Elevates the
    /// session for a few minutes. Wrong passwords count in the same throttle
    /// as sign-ins.
    pub async fn confirm_password(
        &self,
        request: CheckPasswordRequest,
        caller: &Caller,
    ) -> Result<CheckPasswordResponse, ServiceError> {
        let auth = self.authenticate(caller, Need::Full).await?;
        let password =
            Password::parse(&request.password).map_err(|e| ServiceError::invalid("password", e))?;
        let now = self.now();
        let login = auth.account.value.login.clone();
        let (_, reserved) = self
            .check_password(&login, password, Some(auth.account.clone()), caller, now)
            .await
            .map_err(|error| match error {
                ServiceError::Refused {
                    code: ResultCode::InvalidCredentials,
                    ..
                } => ServiceError::refused_with(
                    ResultCode::InvalidCredentials,
                    "The password is wrong.",
                ),
                other => other,
            })?;
        let elevated_until = now + self.config.sessions.elevation_seconds;
        let mut session = auth.session;
        session.elevated_until = Some(elevated_until.min(session.expires_at));
        let change = Change::default()
            .session(SessionWrite::Replace(session.clone()))
            .event(self.event(
                &session.user_id,
                EventKind::PasswordConfirmed,
                &caller.client,
                now,
            ));
        self.commit_and_give_back(change, reserved).await?;
        Ok(CheckPasswordResponse {
            elevated_until: elevated_until.min(session.expires_at),
        })
    }

    /// A new session of `kind` for `account`, stamped with its epoch.
    pub(crate) fn new_session(
        &self,
        account: &Account,
        kind: SessionKind,
        caller: &Caller,
        now: u64,
    ) -> (IssuedToken, Session) {
        let (token_kind, lifetime) = match kind {
            SessionKind::Full => (TokenKind::Session, self.config.sessions.full_seconds),
            SessionKind::Pending => (TokenKind::Pending, self.config.sessions.pending_seconds),
        };
        let token = token::issue(token_kind, &account.user_id, &mut OsRng);
        let session = Session {
            user_id: account.user_id.clone(),
            token_hash: token.hash.clone(),
            kind,
            created_at: now,
            expires_at: now + lifetime,
            elevated_until: None,
            epoch: account.session_epoch,
            ip: caller.client.ip.clone(),
            user_agent: caller.client.user_agent.clone(),
        };
        (token, session)
    }
}

/// Throttle slots a correct password gives back.
#[derive(Debug)]
struct Reserved {
    slots: Vec<LimitKey>,
    window: u64,
    expires_at: u64,
}

fn session_response(token: &IssuedToken, session: &Session, account: &Account) -> SessionResponse {
    SessionResponse {
        session: Some(token.value.expose_secret().to_owned()),
        expires_at: session.expires_at,
        login: account.login.to_string(),
    }
}

//! The step-up: before a sensitive change, proof that whoever holds the
//! session also holds the password and, with 2FA on, a second factor that
//! is not the one used to sign in.
//!
//! One path for every sensitive method. The proof is either the session's
//! step-up, still live (CheckPassword, a few minutes ago), or the
//! `password` and `code` sent on the call itself, which are checked here and
//! then recorded on the session as a step-up of their own. What a call can
//! prove is decided before anything is checked, so a missing piece costs no
//! throttled attempt: without the password and without a live step-up,
//! 203 (naming `password`); with the password but no second factor where
//! one is needed, 209 (naming `code`). The password is checked under the
//! throttle (the session's own budget), the code exactly as at sign-in:
//! counted, locked, a code of a spent step refused with 303, a recovery
//! code spent. So a password and one code relayed by a phishing page sign
//! in, but cannot switch 2FA off, read the recovery codes, change the
//! password or mint a token: each needs a code the thief does not have.

use twofold_api::{events::EventKind, params, Method, ResultCode};
use twofold_auth::{account::SecondFactorInput, Accepted, Password, PasswordHash, Session, StepUp};
use twofold_store::{Apply, Change, SessionWrite};

use super::{
    authenticate::{Authenticated, Need},
    authentication::Refused,
    input::KeyEntered,
    password_check::Checker,
    Caller, Service, ServiceError,
};

/// What a sensitive method was sent on the call itself, read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Proof {
    /// The account's password.
    pub password: Option<Password>,
    /// A code from the app or a recovery code (used only with 2FA on).
    pub code: Option<SecondFactorInput>,
    /// Instead of `code`: a security key's answer to a step-up ceremony
    /// (CheckPassword only).
    pub key: Option<KeyEntered>,
}

impl Proof {
    /// Reads a request's `password` and `code`: an empty password or a
    /// blank code is not sent; anything else must be one.
    pub(crate) fn read(password: Option<&str>, code: Option<&str>) -> Result<Self, ServiceError> {
        Proof::read_as(params::PASSWORD, password, code)
    }

    /// [`Proof::read`], for a password sent as the parameter `name`.
    pub(crate) fn read_as(
        name: &str,
        password: Option<&str>,
        code: Option<&str>,
    ) -> Result<Self, ServiceError> {
        let password = password
            .filter(|p| !p.is_empty())
            .map(Password::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(name, e))?;
        let code = code
            .filter(|c| !c.trim().is_empty())
            .map(SecondFactorInput::parse)
            .transpose()
            .map_err(|e| ServiceError::invalid(params::CODE, e))?;
        Ok(Proof {
            password,
            code,
            key: None,
        })
    }
}

/// A session stepped up for a change.
#[derive(Debug)]
pub(crate) struct SteppedUp {
    /// The session and its account, as they are now.
    pub auth: Authenticated,
    /// The password hash the call's own password was checked against, when
    /// it sent one (a password change compares it at commit).
    pub checked: Option<PasswordHash>,
}

impl Service {
    /// Authenticates a full session for `method` and steps it up to
    /// `needed` (a second factor is needed only while 2FA is on).
    pub(super) async fn stepped_up(
        &self,
        caller: &Caller,
        method: Method,
        needed: StepUp,
        proof: Proof,
    ) -> Result<SteppedUp, ServiceError> {
        let auth = self.authenticate(caller, method, Need::Full).await?;
        self.step_up(auth, needed, proof, caller).await
    }

    /// Steps an authenticated session up to `needed`, by its live step-up
    /// or by `proof`.
    pub(super) async fn step_up(
        &self,
        auth: Authenticated,
        needed: StepUp,
        proof: Proof,
        caller: &Caller,
    ) -> Result<SteppedUp, ServiceError> {
        let now = self.now();
        let two_factor = auth.account.value.two_factor_enabled();
        let needed = if two_factor { needed } else { StepUp::Password };
        let password = proof.password;
        let code = proof.code.filter(|_| two_factor);
        let key = proof.key.filter(|_| two_factor);
        let had = auth.session.step_up(now);
        if password.is_none() && had.is_none() {
            return Err(ServiceError::step_up_required(
                ResultCode::PasswordConfirmationRequired,
                params::PASSWORD,
            ));
        }
        let second_factor = code.is_some() || key.is_some();
        if needed == StepUp::SecondFactor && !second_factor && had != Some(StepUp::SecondFactor) {
            return Err(ServiceError::step_up_required(
                ResultCode::SecondFactorConfirmationRequired,
                params::CODE,
            ));
        }
        let mut checked = None;
        let mut accepted = None;
        if let Some(password) = password {
            let login = auth.account.value.login.clone();
            let check = Checker::SignedIn {
                session: &auth.session,
                account: Box::new(auth.account.clone()),
            };
            let result = self
                .throttled_password_check(&login, password, check, caller, now)
                .await
                .map_err(wrong_password_asked_again)?;
            checked = Some(result.account.value.password_hash.clone());
            accepted = Some(result);
        }
        // What this call proves beyond what the session had: a code or a
        // key makes it a second-factor step-up; the password alone
        // refreshes a password step-up and leaves a live second-factor one
        // as it is.
        let raised = match (second_factor, checked.is_some(), had) {
            (true, _, _) => Some(StepUp::SecondFactor),
            (false, true, Some(StepUp::SecondFactor)) | (false, false, _) => None,
            (false, true, _) => Some(StepUp::Password),
        };
        // Each way is boxed: the sensitive methods await this inside
        // their own flows, and the largest way (a key's check) made the
        // whole chain overflow a worker thread's stack in debug builds.
        let recorded = async {
            match (raised, &code, &key) {
                (None, _, _) => Box::pin(self.slide_step_up(auth, now)).await,
                (Some(_), Some(input), _) => {
                    Box::pin(self.record_second_factor(auth, input, caller)).await
                }
                (Some(_), None, Some(key)) => {
                    Box::pin(self.record_key_step_up(auth, key, caller)).await
                }
                (Some(level), None, None) => {
                    Box::pin(self.record_step_up(auth, level, caller, now)).await
                }
            }
        };
        let (recorded, settled) = match &accepted {
            Some(checked) => {
                let (recorded, settled) = tokio::join!(recorded, self.password_accepted(checked));
                (recorded, settled)
            }
            None => (recorded.await, Ok(())),
        };
        let auth = recorded?;
        settled?;
        Ok(SteppedUp { auth, checked })
    }

    /// A change the session's live step-up allowed: the step-up slides on
    /// (another `TWOFOLD_ELEVATION_SECONDS` from now, never past
    /// `TWOFOLD_ELEVATION_MAX_SECONDS` after it was proven), written at
    /// most once a minute.
    async fn slide_step_up(
        &self,
        mut auth: Authenticated,
        now: u64,
    ) -> Result<Authenticated, ServiceError> {
        if auth.session.slide_step_up(now, &self.config.sessions) {
            let change = Change::default().session(SessionWrite::Replace(auth.session.clone()));
            self.store.commit(change).await?;
        }
        Ok(auth)
    }

    /// Records a password step-up on the session, with its event.
    async fn record_step_up(
        &self,
        mut auth: Authenticated,
        level: StepUp,
        caller: &Caller,
        now: u64,
    ) -> Result<Authenticated, ServiceError> {
        auth.session.elevate(now, &self.config.sessions, level);
        let change = Change::default()
            .session(SessionWrite::Replace(auth.session.clone()))
            .event(self.event(
                &auth.session.user_id,
                EventKind::PasswordConfirmed,
                &caller.client,
                now,
            ));
        self.store.commit(change).await?;
        Ok(auth)
    }

    /// Checks a second factor at a step-up exactly as at sign-in (counted,
    /// locked, a spent step refused, a recovery code spent) and, when it is
    /// right, records the step-up on the session in the same transaction.
    async fn record_second_factor(
        &self,
        auth: Authenticated,
        input: &SecondFactorInput,
        caller: &Caller,
    ) -> Result<Authenticated, ServiceError> {
        let user = auth.session.user_id.clone();
        let policy = self.config.second_factor;
        let sessions = &self.config.sessions;
        let outcome = self
            .change_authenticated_account(auth, |account, current, now| {
                match account.verify_second_factor(&self.two_factor, now, &policy, input) {
                    Ok(accepted) => {
                        let mut session = current.clone();
                        session.elevate(now, sessions, StepUp::SecondFactor);
                        let mut event = self.event(
                            &account.user_id,
                            EventKind::PasswordAndCodeConfirmed,
                            &caller.client,
                            now,
                        );
                        if let Accepted::RecoveryCode { left } = accepted {
                            event = event.with_codes_left(left);
                        }
                        Ok(Apply::Write {
                            alongside: Change::default()
                                .session(SessionWrite::Replace(session.clone()))
                                .event(event),
                            value: Ok(session),
                        })
                    }
                    Err(failure) => self.second_factor_refused(account, failure, caller, now),
                }
            })
            .await?;
        let session: Session = match outcome {
            Ok(session) => session,
            Err(Refused::Counted(error)) => return Err(error),
        };
        // The code changed the account (its last step, a spent recovery
        // code): the caller's change starts from the account as it is now.
        let account = self
            .store
            .load_account(&user)
            .await?
            .ok_or_else(|| ServiceError::refused(ResultCode::NotSignedIn))?;
        Ok(Authenticated { session, account })
    }
}

/// A wrong password where it is asked again says so in those words.
fn wrong_password_asked_again(error: ServiceError) -> ServiceError {
    match error {
        ServiceError::Refused {
            code: ResultCode::InvalidCredentials,
            ..
        } => ServiceError::refused_with(ResultCode::InvalidCredentials, "The password is wrong."),
        other => other,
    }
}

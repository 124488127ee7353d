//! The password check under the sign-in throttle, shared by SignIn and
//! every place that asks a signed-in person for the password again
//! (CheckPassword, ChangePassword, the token methods).
//!
//! Before the password is checked, the failure counters of the login and
//! of the client address are read; when either is full the attempt is
//! refused unchecked. A wrong password then adds to both. So only failures
//! are throttled, a correct password is never refused because other checks
//! were in flight, and N concurrent wrong guesses get at most
//! `limit - 1 + N` checks in a window. Unknown logins cost a dummy Argon2id
//! verification and get the same answer as a wrong password.

use rand::rngs::OsRng;
use twofold_api::{events::EventKind, ResultCode};
use twofold_auth::{password, Account, Login, Password, UserId};
use twofold_store::{Change, LimitKey, Versioned};

use super::{sessions::Authenticated, Caller, Service, ServiceError};

impl Service {
    /// Checks the password of a signed-in caller where it is asked again
    /// (the confirmation pop-up, the token methods), under the sign-in
    /// throttle: a wrong one is "the password is wrong", counted.
    pub(super) async fn password_asked_again(
        &self,
        auth: &Authenticated,
        password: Password,
        caller: &Caller,
        now: u64,
    ) -> Result<(), ServiceError> {
        let login = auth.account.value.login.clone();
        self.throttled_password_check(&login, password, Some(auth.account.clone()), caller, now)
            .await
            .map(|_| ())
            .map_err(|error| match error {
                ServiceError::Refused {
                    code: ResultCode::InvalidCredentials,
                    ..
                } => ServiceError::refused_with(
                    ResultCode::InvalidCredentials,
                    "The password is wrong.",
                ),
                other => other,
            })
    }

    /// Checks `login`'s password under the sign-in throttle. `known` is the
    /// account when the caller already holds it (CheckPassword).
    pub(super) async fn throttled_password_check(
        &self,
        login: &Login,
        password: Password,
        known: Option<Versioned<Account>>,
        caller: &Caller,
        now: u64,
    ) -> Result<Versioned<Account>, ServiceError> {
        // Checks beyond the admitted ones wait here, before any store call.
        let _admitted = self.password_workers.admit().await;
        let throttle = &self.config.sign_in_throttle;
        let window = throttle.window(now);
        let limits = [
            (LimitKey::Login(login.clone()), throttle.max_per_login),
            (
                LimitKey::Address(caller.address_key()?),
                throttle.max_per_address,
            ),
        ];
        let throttled = || ServiceError::Throttled {
            code: ResultCode::TooManySignInAttempts,
            retry_after: window.retry_after(now),
        };
        // Asked again of someone signed in, or asked to sign in.
        let failed = if known.is_some() {
            EventKind::PasswordConfirmationFailed
        } else {
            EventKind::SignInFailed
        };
        let account = match known {
            Some(account) => {
                if self.store.any_full(&limits, window).await? {
                    return Err(throttled());
                }
                Some(account)
            }
            None => {
                let (full, lookup) = self
                    .store
                    .any_full_and_find_login(&limits, window, login)
                    .await?;
                if full {
                    return Err(throttled());
                }
                // An unknown login reads an account that cannot exist, so
                // both answers cost the same round trips.
                let user = lookup
                    .user_id
                    .unwrap_or_else(|| UserId::generate(&mut OsRng));
                self.store.load_account(&user).await?
            }
        };
        let stored_hash = account.as_ref().map(|a| a.value.password_hash.clone());
        let matches = self
            .password_work(move || match stored_hash {
                Some(hash) => password::verify(&password, &hash),
                None => password::dummy_verify(&password),
            })
            .await?;
        if let (Some(account), true) = (&account, matches) {
            return Ok(account.clone());
        }
        let keys: Vec<LimitKey> = limits.into_iter().map(|(key, _)| key).collect();
        let record = async {
            match &account {
                Some(account) => {
                    let event = self.event(&account.value.user_id, failed, &caller.client, now);
                    self.store.commit(Change::default().event(event)).await
                }
                // The same write a known login's failure makes, for the same
                // time; operators can see attempts on logins that do not
                // exist.
                None => self.store.record_unknown_login_failure(login, now).await,
            }
        };
        let (counted, recorded) = tokio::join!(self.store.count_failure(&keys, window), record);
        counted?;
        recorded?;
        Err(ServiceError::refused(ResultCode::InvalidCredentials))
    }
}

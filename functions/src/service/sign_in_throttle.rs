//! The password check under the sign-in throttle, shared by SignIn and
//! CheckPassword.
//!
//! Before the password is checked, the attempt takes a slot in the failure
//! counters of its login and its address; a correct password gives the
//! slots back once the caller's change is committed, so only failures are
//! throttled. Unknown logins cost a dummy Argon2id verification and get the
//! same answer as a wrong password.

use rand::rngs::OsRng;
use twofold_api::{events::EventKind, ResultCode};
use twofold_auth::{password, Account, Login, Password, UserId};
use twofold_store::{Change, LimitKey, Reservation, StoreError, Versioned};

use super::{blocking, Caller, Service, ServiceError};

impl Service {
    /// Checks `login`'s password under the sign-in throttle. `known` is the
    /// account when the caller already holds it (CheckPassword). A right
    /// password answers the account and the throttle slots it took, which
    /// [`Service::commit_and_refund`] gives back.
    pub(super) async fn throttled_password_check(
        &self,
        login: &Login,
        password: Password,
        known: Option<Versioned<Account>>,
        caller: &Caller,
        now: u64,
    ) -> Result<(Versioned<Account>, Reservation), ServiceError> {
        let throttle = &self.config.sign_in_throttle;
        let limits = [
            (LimitKey::Login(login.clone()), throttle.max_per_login),
            (
                LimitKey::Address(caller.address_key()),
                throttle.max_per_address,
            ),
        ];
        let (reservation, account) = match known {
            Some(account) => (self.reserve(&limits, now).await?, Some(account)),
            None => {
                let (reserved, lookup) =
                    tokio::join!(self.reserve(&limits, now), self.store.find_login(login));
                let reservation = reserved?;
                // An unknown login reads an account that cannot exist, so
                // both answers cost the same round trips.
                let user = lookup?
                    .user_id
                    .unwrap_or_else(|| UserId::generate(&mut OsRng));
                (reservation, self.store.load_account(&user).await?)
            }
        };
        let stored_hash = account.as_ref().map(|a| a.value.password_hash.clone());
        let matches = blocking(move || match stored_hash {
            Some(hash) => password::verify(&password, &hash),
            None => password::dummy_verify(&password),
        })
        .await?;
        match account {
            Some(account) if matches => Ok((account, reservation)),
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

    /// Commits a successful password check's change and gives its throttle
    /// slots back, both at once (one round trip of latency).
    pub(super) async fn commit_and_refund(
        &self,
        change: Change,
        reservation: Reservation,
    ) -> Result<(), ServiceError> {
        let (committed, refunded) = tokio::join!(
            self.store.commit(change),
            self.store.refund_sign_in(reservation)
        );
        committed?;
        refunded?;
        Ok(())
    }

    /// A slot in each counter of this window, or the time until it ends.
    async fn reserve(
        &self,
        limits: &[(LimitKey, u32)],
        now: u64,
    ) -> Result<Reservation, ServiceError> {
        let window = self.config.sign_in_throttle.window(now);
        match self.store.reserve_sign_in(limits, window).await {
            Ok(reservation) => Ok(reservation),
            Err(StoreError::LimitReached) => Err(ServiceError::Throttled {
                retry_after: window.retry_after(now),
            }),
            Err(other) => Err(other.into()),
        }
    }
}

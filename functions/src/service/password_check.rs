//! The password check under the throttle, shared by SignIn and every place
//! that asks a signed-in person for the password again (the step-up:
//! CheckPassword and the sensitive methods that take the password on the
//! call).
//!
//! Before the hash, the check *reserves* a slot in each counter it is
//! counted in (a conditional increment in the store, so at most `limit`
//! wrong passwords are ever checked in a window, however many arrive at
//! once and on however many instances); a wrong password keeps the slots, a
//! right one gives them back. Which counters:
//! - a sign-in from a browser whose device cookie vouches for the login:
//!   that device's own small budget, so failures made by others (on the
//!   login, from the address) never refuse it; once it is spent, the device
//!   is counted like anyone else;
//! - any other sign-in: the login's and the client address's;
//! - the password asked again of a signed-in session: that session's own,
//!   never the address's (a session is already proof of a sign-in).
//!
//! A counter found full while some of its slots are held by checks still
//! in flight is waited for (they may be right passwords giving theirs
//! back), for at most [`PENDING_WAIT`], rather than refused.
//!
//! Right passwords are counted too, per login and window, and past
//! `max_successes_per_login` even the right password waits for the next
//! window. Unknown logins cost a dummy Argon2id verification and get the
//! same answer as a wrong password.

use std::time::Duration;

use rand::{rngs::OsRng, Rng};
use twofold_api::{events::EventKind, ResultCode};
use twofold_auth::{
    password, Account, DeviceCookie, Login, Password, PasswordHash, Session, ThrottleWindow, UserId,
};
use twofold_store::{Change, LimitKey, Reservation, Reserved, Settled, SignInLookup, Versioned};

use super::{Caller, Service, ServiceError};

/// How long a check waits for checks in flight to settle a full counter's
/// slots before it is refused.
const PENDING_WAIT: Duration = Duration::from_secs(5);

/// What a refused check waiting for checks in flight is told to wait.
const PENDING_RETRY_AFTER: u64 = 5;

/// Who is giving the password.
#[derive(Debug)]
pub(super) enum Checker<'a> {
    /// Someone signing in, with the device cookie the browser sent when it
    /// vouches for the login.
    SigningIn {
        /// The browser's device cookie, when it vouches for this login.
        device: Option<&'a DeviceCookie>,
    },
    /// A signed-in session asked for the password again, with its account.
    SignedIn {
        /// The session.
        session: &'a Session,
        /// Its account, as loaded.
        account: Box<Versioned<Account>>,
    },
}

/// A right password: the account, and the slots to give back once the
/// caller's own write is on its way ([`Service::password_accepted`]).
#[derive(Debug)]
pub(super) struct Checked {
    /// The account whose password it is.
    pub account: Versioned<Account>,
    reservation: Reservation,
    window: ThrottleWindow,
}

impl Service {
    /// Checks `login`'s password under the throttle.
    pub(super) async fn throttled_password_check(
        &self,
        login: &Login,
        password: Password,
        checker: Checker<'_>,
        caller: &Caller,
        now: u64,
    ) -> Result<Checked, ServiceError> {
        // Checks beyond the admitted ones wait here, before any store call.
        let _admitted = self.password_workers.admit().await?;
        let window = self.config.sign_in_throttle.window(now);
        let signed_in = matches!(checker, Checker::SignedIn { .. });
        let (reservation, account, matches) = match checker {
            Checker::SignedIn { session, account } => {
                let reservation = self
                    .reserve_for_session(session, login, window, now)
                    .await?;
                let hash = account.value.password_hash.clone();
                let matches = self.verified(&reservation, password, Some(hash)).await?;
                (reservation, Some(*account), matches)
            }
            Checker::SigningIn { device } => {
                self.check_signing_in(login, password, device, caller, window, now)
                    .await?
            }
        };
        if let (Some(account), true) = (account.clone(), matches) {
            return Ok(Checked {
                account,
                reservation,
                window,
            });
        }
        // Asked again of someone signed in, or asked to sign in.
        let failed = if signed_in {
            EventKind::PasswordConfirmationFailed
        } else {
            EventKind::SignInFailed
        };
        self.wrong_password(&reservation, account.as_ref(), failed, login, caller, now)
            .await?;
        Err(ServiceError::refused(ResultCode::InvalidCredentials))
    }

    /// A signed-in session's slot for asking its password again, unless the
    /// ceiling on right passwords is reached.
    async fn reserve_for_session(
        &self,
        session: &Session,
        login: &Login,
        window: ThrottleWindow,
        now: u64,
    ) -> Result<Reservation, ServiceError> {
        let throttle = &self.config.sign_in_throttle;
        let limits = [(
            LimitKey::Session(session.public_id()),
            throttle.max_per_login,
        )];
        let successes = [(
            LimitKey::Successes(login.clone()),
            throttle.max_successes_per_login,
        )];
        let (reserved, full) = tokio::join!(
            self.reserve_waiting(&limits, window),
            self.store.any_full(&successes, window)
        );
        let reserved = reserved?;
        let full = self.or_give_back(reserved.as_ref(), full).await?;
        self.unless_ceiling(reserved, full)
            .await
            .ok_or_else(|| throttled(window, now))
    }

    /// A sign-in's password check, in two sequential store round trips
    /// around the hash: the slots are reserved while the login's item is
    /// read (it holds a copy of the account's password hash), then the
    /// account is read while the password is checked against that copy.
    /// The account's own hash is the one that counts: where the copy is
    /// missing (an item written before copies were kept) the account is
    /// read first, and where it differs (the password changed between the
    /// two reads) the password is checked again against the account's.
    /// An unknown login costs a dummy check beside the read of an account
    /// that cannot exist, so both answers take the same round trips.
    async fn check_signing_in(
        &self,
        login: &Login,
        password: Password,
        device: Option<&DeviceCookie>,
        caller: &Caller,
        window: ThrottleWindow,
        now: u64,
    ) -> Result<(Reservation, Option<Versioned<Account>>, bool), ServiceError> {
        let (reservation, lookup) = self
            .reserve_and_find(login, device, caller, window, now)
            .await?;
        let user = lookup
            .user_id
            .clone()
            .unwrap_or_else(|| UserId::generate(&mut OsRng));
        let copy = lookup.password_hash;
        if lookup.user_id.is_some() && copy.is_none() {
            let account = self.store.load_account(&user).await;
            let account = self.or_give_back(Some(&reservation), account).await?;
            let hash = account.as_ref().map(|a| a.value.password_hash.clone());
            let matches = self.verified(&reservation, password, hash).await?;
            return Ok((reservation, account, matches));
        }
        let (account, matches) = tokio::join!(
            self.store.load_account(&user),
            self.verified(&reservation, password.clone(), copy.clone())
        );
        // A failed check gave the slots back already.
        let mut matches = matches?;
        let account = self.or_give_back(Some(&reservation), account).await?;
        if let Some(stored) = account.as_ref().map(|a| &a.value.password_hash) {
            if Some(stored) != copy.as_ref() {
                matches = self
                    .verified(&reservation, password, Some(stored.clone()))
                    .await?;
            }
        }
        Ok((reservation, account, matches))
    }

    /// A sign-in's slots, reserved while the login's item is read (with
    /// the counter of right passwords): refused when a counter is full.
    async fn reserve_and_find(
        &self,
        login: &Login,
        device: Option<&DeviceCookie>,
        caller: &Caller,
        window: ThrottleWindow,
        now: u64,
    ) -> Result<(Reservation, SignInLookup), ServiceError> {
        let throttle = &self.config.sign_in_throttle;
        let successes = [(
            LimitKey::Successes(login.clone()),
            throttle.max_successes_per_login,
        )];
        let limits = self.sign_in_limits(login, device, caller)?;
        let (reserved, read) = tokio::join!(
            self.reserve_waiting(&limits, window),
            self.store
                .any_full_and_find_login(&successes, window, login)
        );
        let reserved = match reserved? {
            // A device past its own budget is counted like anyone else.
            None if device.is_some() => {
                let limits = self.sign_in_limits(login, None, caller)?;
                self.reserve_waiting(&limits, window).await?
            }
            other => other,
        };
        let (full, lookup) = self.or_give_back(reserved.as_ref(), read).await?;
        let reservation = self
            .unless_ceiling(reserved, full)
            .await
            .ok_or_else(|| throttled(window, now))?;
        Ok((reservation, lookup))
    }

    /// Whether `password` matches `hash` (a dummy check without one, which
    /// never matches), on a password thread; the reservation's slots go
    /// back if the thread fails.
    async fn verified(
        &self,
        reservation: &Reservation,
        password: Password,
        hash: Option<PasswordHash>,
    ) -> Result<bool, ServiceError> {
        let matches = self
            .password_work(move || match hash {
                Some(hash) => password::verify(&password, &hash),
                None => password::dummy_verify(&password),
            })
            .await;
        if matches.is_err() {
            self.settle(reservation, Settled::Success).await;
        }
        matches
    }

    /// After a wrong password: its slots kept (settled as a failure) and
    /// the failure logged, in one round trip.
    async fn wrong_password(
        &self,
        reservation: &Reservation,
        account: Option<&Versioned<Account>>,
        failed: EventKind,
        login: &Login,
        caller: &Caller,
        now: u64,
    ) -> Result<(), ServiceError> {
        let record = async {
            match account {
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
        let (settled, recorded) =
            tokio::join!(self.store.settle(reservation, Settled::Failure), record);
        self.settled.notify_waiters();
        settled?;
        recorded?;
        Ok(())
    }

    /// After a right password: its slots given back and the success
    /// counted. Run it beside the caller's own write (one round trip).
    pub(super) async fn password_accepted(&self, checked: &Checked) -> Result<(), ServiceError> {
        let login = LimitKey::Successes(checked.account.value.login.clone());
        let (settled, counted) = tokio::join!(
            self.store.settle(&checked.reservation, Settled::Success),
            self.store.count(&login, checked.window)
        );
        self.settled.notify_waiters();
        settled?;
        counted?;
        Ok(())
    }

    /// The counters a sign-in is reserved in: the device's own when its
    /// cookie vouches for the login, else the login's and the address's.
    fn sign_in_limits(
        &self,
        login: &Login,
        device: Option<&DeviceCookie>,
        caller: &Caller,
    ) -> Result<Vec<(LimitKey, u32)>, ServiceError> {
        let throttle = &self.config.sign_in_throttle;
        Ok(match device {
            Some(device) => vec![(
                LimitKey::Device(device.device_id().to_owned()),
                throttle.max_per_device,
            )],
            None => vec![
                (LimitKey::Login(login.clone()), throttle.max_per_login),
                (
                    LimitKey::Address(caller.address_key()?),
                    throttle.max_per_address,
                ),
            ],
        })
    }

    /// The reservation, unless the ceiling on right passwords is reached
    /// (then its slots go back, and the check is refused).
    async fn unless_ceiling(
        &self,
        reserved: Option<Reservation>,
        successes_full: bool,
    ) -> Option<Reservation> {
        match (reserved, successes_full) {
            (Some(reservation), true) => {
                self.settle(&reservation, Settled::Success).await;
                None
            }
            (reserved, _) => reserved,
        }
    }

    /// `result`, after giving the reservation's slots back when it failed.
    async fn or_give_back<T>(
        &self,
        reserved: Option<&Reservation>,
        result: Result<T, twofold_store::StoreError>,
    ) -> Result<T, ServiceError> {
        if result.is_err() {
            if let Some(reservation) = reserved {
                self.settle(reservation, Settled::Success).await;
            }
        }
        result.map_err(ServiceError::from)
    }

    /// Takes a slot in every counter of `limits`; `None` when one is full
    /// of settled failures. While a full counter holds slots of checks in
    /// flight, waits for them to settle (woken by this instance's own
    /// settlements, or after a short pause for other instances'), at most
    /// [`PENDING_WAIT`], then refuses with a short `retryAfter`.
    async fn reserve_waiting(
        &self,
        limits: &[(LimitKey, u32)],
        window: ThrottleWindow,
    ) -> Result<Option<Reservation>, ServiceError> {
        let deadline = tokio::time::Instant::now() + PENDING_WAIT;
        let mut pause = Duration::from_millis(5);
        loop {
            // Registered before the attempt, so a settlement between the
            // attempt and the wait still wakes it.
            let settled = self.settled.notified();
            match self.store.reserve(limits, window).await? {
                Reserved::Taken(reservation) => return Ok(Some(reservation)),
                Reserved::Full { pending: false } => return Ok(None),
                Reserved::Full { pending: true } => {
                    if tokio::time::Instant::now() >= deadline {
                        return Err(ServiceError::Throttled {
                            code: ResultCode::TooManySignInAttempts,
                            retry_after: PENDING_RETRY_AFTER,
                        });
                    }
                    let jitter = Duration::from_millis(OsRng.gen_range(0..5));
                    tokio::select! {
                        () = settled => {}
                        () = tokio::time::sleep(pause + jitter) => {}
                    }
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
            }
        }
    }

    /// Gives a reservation's slots back where the check did not happen (a
    /// store or thread failure, or the ceiling on right passwords). A
    /// failure to give them back leaves them counted as failures: logged,
    /// not answered, since the caller's own error is what it needs to see.
    async fn settle(&self, reservation: &Reservation, outcome: Settled) {
        if let Err(error) = self.store.settle(reservation, outcome).await {
            tracing::warn!("a throttle reservation was not settled: {error}");
        }
        self.settled.notify_waiters();
    }
}

/// A check refused by the throttle until the window's end.
fn throttled(window: ThrottleWindow, now: u64) -> ServiceError {
    ServiceError::Throttled {
        code: ResultCode::TooManySignInAttempts,
        retry_after: window.retry_after(now),
    }
}

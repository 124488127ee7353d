//! Optimistic read-modify-write of an account: load, apply the domain
//! change, write with a version condition; on a conflict, reload and apply
//! again. Two concurrent changes never both win, and a loser re-decides on
//! the winner's state (so a replayed code or a spent recovery code is seen).

use std::{future::Future, time::Duration};

use rand::Rng;
use twofold_auth::{Account, UserId};

use crate::{Change, DynamoStore, StoreError, Versioned};

/// How many times a change is re-applied after conflicts before giving up.
/// Fifty requests racing on one account need at most fifty rounds.
pub const MAX_ATTEMPTS: u32 = 128;

/// What the change function decided.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // lives for one call; boxing buys nothing
pub enum Apply<T> {
    /// Write the changed account, plus the writes `alongside` it (sessions, events) in
    /// the same transaction, then return `value`.
    Write {
        /// Session writes and events to commit with the account.
        alongside: Change,
        /// What the caller gets once the write succeeded.
        value: T,
    },
    /// Write nothing; return `value`.
    Skip(T),
}

/// Why an update did not happen.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError<E> {
    /// The change function refused; nothing was written.
    #[error("refused")]
    Refused(E),
    /// The account does not exist.
    #[error("no such account")]
    NotFound,
    /// Conflicts every time, [`MAX_ATTEMPTS`] times.
    #[error("too many conflicting changes")]
    Busy,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DynamoStore {
    /// Applies `change` to the account of `user` until it commits without a
    /// conflict. `loaded` is a copy the caller already read (saves a round
    /// trip on the first attempt). `change` may run several times: it must
    /// decide from the account it is given, nothing else that changes.
    pub async fn update_account<T, E>(
        &self,
        user: &UserId,
        loaded: Option<Versioned<Account>>,
        mut change: impl FnMut(&mut Account) -> Result<Apply<T>, E>,
    ) -> Result<T, UpdateError<E>> {
        self.update_account_after(
            user,
            loaded,
            || async { Ok(()) },
            |account, ()| change(account),
        )
        .await
    }

    /// [`DynamoStore::update_account`], with `read` run after each load of
    /// the account and its result given to `change`. What `read` returns
    /// is as fresh as the account: anything that changes the account
    /// afterwards makes the write conflict, and both are read again. (A new
    /// personal access token, for one, always moves the account's version.)
    pub async fn update_account_after<T, E, R, Fut>(
        &self,
        user: &UserId,
        loaded: Option<Versioned<Account>>,
        mut read: impl FnMut() -> Fut,
        mut change: impl FnMut(&mut Account, &R) -> Result<Apply<T>, E>,
    ) -> Result<T, UpdateError<E>>
    where
        Fut: Future<Output = Result<R, StoreError>>,
    {
        let mut current = loaded;
        for attempt in 0..MAX_ATTEMPTS {
            let Versioned {
                value: mut account,
                version,
            } = match current.take() {
                Some(loaded) => loaded,
                None => self
                    .load_account(user)
                    .await?
                    .ok_or(UpdateError::NotFound)?,
            };
            let read = read().await?;
            let hash_before = account.password_hash.clone();
            match change(&mut account, &read).map_err(UpdateError::Refused)? {
                Apply::Skip(value) => return Ok(value),
                Apply::Write { alongside, value } => {
                    let password_changed = account.password_hash != hash_before;
                    let write = Change {
                        account: Some(crate::AccountWrite::Update {
                            account,
                            expected: version,
                            password_changed,
                        }),
                        ..alongside
                    };
                    match self.commit(write).await {
                        Ok(()) => return Ok(value),
                        Err(StoreError::Conflict) => {
                            // Back off a little, with jitter, so racers spread out.
                            let ceiling = 2 + u64::from(attempt.min(20));
                            let pause = rand::thread_rng().gen_range(0..ceiling);
                            tokio::time::sleep(Duration::from_millis(pause)).await;
                        }
                        Err(other) => return Err(UpdateError::Store(other)),
                    }
                }
            }
        }
        Err(UpdateError::Busy)
    }
}

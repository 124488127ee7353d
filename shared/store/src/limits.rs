//! Throttle counters, per window: failed password checks per login, per
//! client address, per trusted device and per signed-in session; successful
//! password checks per login; sign-ups per client address.
//!
//! Sign-ups take a slot before any work, with a conditional increment, so
//! concurrent sign-ups never exceed the limit. A password check *reserves*
//! a slot in each of its counters before the hash (a conditional increment
//! of `count`, and of `pending` beside it), and settles it after: a wrong
//! password leaves the slot taken (only `pending` goes down), a right one
//! gives it back. So at most `limit` wrong passwords are ever checked in a
//! window, however many arrive at once and on however many instances; and a
//! caller who finds a counter full while some of its slots are still
//! `pending` knows that checks in flight may yet give theirs back, and can
//! wait for them instead of being refused (the service does).
use aws_sdk_dynamodb::{
    error::SdkError,
    operation::update_item::UpdateItemError,
    types::{Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem},
};
use futures_util::future::join_all;
use twofold_auth::{Login, ThrottleWindow};

use crate::{
    item::{get_n_or_zero, get_s, key, n, Item},
    keys::{
        address_limit_pk, device_limit_pk, event_sk, login_limit_pk, login_pk, passkey_limit_pk,
        session_limit_pk, sign_up_limit_pk, success_limit_pk, unknown_login_pk, COUNT, LIMIT_SK,
        LOGIN_SK, PENDING, PK, TTL,
    },
    reads::lookup_from,
    DynamoStore, SignInLookup, StoreError,
};

/// What a throttle counter counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitKey {
    /// Failed password checks for one login (whether or not it exists),
    /// from clients it does not know.
    Login(Login),
    /// Failed password checks from one client address bucket, from clients
    /// the login does not know.
    Address(String),
    /// Failed password checks from one trusted device (a device cookie).
    Device(String),
    /// Failed password checks asked again of one signed-in session (its
    /// public id).
    Session(String),
    /// Successful password checks of one login.
    Successes(Login),
    /// Sign-ups from one client address bucket.
    SignUp(String),
    /// Passkey sign-ins started from one client address bucket.
    PasskeySignIn(String),
}

impl LimitKey {
    fn pk(&self, window: &ThrottleWindow) -> String {
        match self {
            LimitKey::Login(login) => login_limit_pk(login, window.index),
            LimitKey::Address(address) => address_limit_pk(address, window.index),
            LimitKey::Device(device) => device_limit_pk(device, window.index),
            LimitKey::Session(session) => session_limit_pk(session, window.index),
            LimitKey::Successes(login) => success_limit_pk(login, window.index),
            LimitKey::SignUp(address) => sign_up_limit_pk(address, window.index),
            LimitKey::PasskeySignIn(address) => passkey_limit_pk(address, window.index),
        }
    }
}

/// Slots taken in some counters of one window, to settle once the password
/// was checked ([`DynamoStore::settle`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a reservation is settled once the password was checked"]
pub struct Reservation {
    keys: Vec<LimitKey>,
    window: ThrottleWindow,
}

/// What [`DynamoStore::reserve`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reserved {
    /// A slot in every counter.
    Taken(Reservation),
    /// Some counter is full; nothing is held. `pending` when some of its
    /// slots belong to checks still in flight, which may give them back.
    Full {
        /// Checks in flight hold slots of a full counter.
        pending: bool,
    },
}

/// How a reserved check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// The password was wrong: the slots stay taken.
    Failure,
    /// The password was right: the slots are given back.
    Success,
}

/// One counter's answer to a reservation.
enum Taken {
    Yes,
    No { pending: bool },
}

impl DynamoStore {
    /// Takes one slot in `limit`'s counter for `window`, or
    /// [`StoreError::LimitReached`] when it already holds `max`. Counters
    /// expire with the window.
    pub async fn take_slot(
        &self,
        limit: &LimitKey,
        max: u32,
        window: ThrottleWindow,
    ) -> Result<(), StoreError> {
        self.add(limit, &window, Some(max)).await
    }

    /// Takes a slot in each of `limits` (a counter and its maximum) for
    /// `window`, or none of them: each counter is one conditional update,
    /// all sent at once (one round trip), and those taken are given back
    /// when another is full.
    pub async fn reserve(
        &self,
        limits: &[(LimitKey, u32)],
        window: ThrottleWindow,
    ) -> Result<Reserved, StoreError> {
        let attempts = join_all(
            limits
                .iter()
                .map(|(key, max)| self.take_pending(key, &window, *max)),
        )
        .await;
        let mut taken = Vec::with_capacity(limits.len());
        let mut full = None;
        for ((key, _), attempt) in limits.iter().zip(attempts) {
            match attempt? {
                Taken::Yes => taken.push(key.clone()),
                Taken::No { pending } => full = Some(full.unwrap_or(false) || pending),
            }
        }
        let reservation = Reservation {
            keys: taken,
            window,
        };
        match full {
            None => Ok(Reserved::Taken(reservation)),
            Some(pending) => {
                self.settle(&reservation, Settled::Success).await?;
                Ok(Reserved::Full { pending })
            }
        }
    }

    /// Settles a reservation: after a wrong password its slots stay taken,
    /// after a right one they are given back. All counters at once.
    pub async fn settle(
        &self,
        reservation: &Reservation,
        outcome: Settled,
    ) -> Result<(), StoreError> {
        let expression = match outcome {
            Settled::Failure => "ADD #p :minus",
            Settled::Success => "ADD #c :minus, #p :minus",
        };
        join_all(reservation.keys.iter().map(|key| {
            let mut request = self
                .client
                .update_item()
                .table_name(&self.table)
                .set_key(Some(crate::item::key(
                    key.pk(&reservation.window),
                    LIMIT_SK,
                )))
                .update_expression(expression)
                .expression_attribute_names("#p", PENDING)
                .expression_attribute_values(
                    ":minus",
                    aws_sdk_dynamodb::types::AttributeValue::N("-1".to_owned()),
                );
            if outcome == Settled::Success {
                request = request.expression_attribute_names("#c", COUNT);
            }
            async move {
                request
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| StoreError::sdk("UpdateItem", e))
            }
        }))
        .await
        .into_iter()
        .collect()
    }

    /// Adds one to a counter for `window` with no limit: a successful
    /// password check, counted for the ceiling on them.
    pub async fn count(&self, limit: &LimitKey, window: ThrottleWindow) -> Result<(), StoreError> {
        self.add(limit, &window, None).await
    }

    /// Whether any counter holds its maximum for `window`, all read in one
    /// strongly consistent BatchGetItem.
    pub async fn any_full(
        &self,
        limits: &[(LimitKey, u32)],
        window: ThrottleWindow,
    ) -> Result<bool, StoreError> {
        let (full, _) = self.read_limits(limits, window, None).await?;
        Ok(full)
    }

    /// [`DynamoStore::any_full`] and [`DynamoStore::find_login`] in the same
    /// one request: SignIn's first read.
    pub async fn any_full_and_find_login(
        &self,
        limits: &[(LimitKey, u32)],
        window: ThrottleWindow,
        login: &Login,
    ) -> Result<(bool, SignInLookup), StoreError> {
        let (full, login_item) = self.read_limits(limits, window, Some(login)).await?;
        Ok((full, lookup_from(login_item.as_ref())?))
    }

    /// Whether any of `limits` is full in `window`, and `login`'s item when
    /// asked for and it exists, in one strongly consistent BatchGetItem.
    async fn read_limits(
        &self,
        limits: &[(LimitKey, u32)],
        window: ThrottleWindow,
        login: Option<&Login>,
    ) -> Result<(bool, Option<Item>), StoreError> {
        let counter_pks: Vec<String> = limits.iter().map(|(limit, _)| limit.pk(&window)).collect();
        let login_pk = login.map(login_pk);
        // BatchGetItem refuses an empty or a repeated key.
        let mut keys: Vec<Item> = Vec::with_capacity(limits.len() + 1);
        for pk in &counter_pks {
            let counter = key(pk.clone(), LIMIT_SK);
            if !keys.contains(&counter) {
                keys.push(counter);
            }
        }
        keys.extend(login_pk.clone().map(|pk| key(pk, LOGIN_SK)));
        if keys.is_empty() {
            return Ok((false, None));
        }
        let items = self.batch_get(keys).await?;
        let find = |pk: &str| {
            items
                .iter()
                .find(|item| get_s(item, PK).is_ok_and(|p| p == pk))
        };
        let mut full = false;
        for ((_, max), pk) in limits.iter().zip(&counter_pks) {
            if get_n_or_zero(find(pk), COUNT)? >= u64::from(*max) {
                full = true;
            }
        }
        let login_item = login_pk.and_then(|pk| find(&pk).cloned());
        Ok((full, login_item))
    }

    /// Records a failed sign-in for a login that has no account (kept a day):
    /// the write a known login's `signInFailed` event costs, so the two
    /// answers take the same time, and a trace for operators.
    pub async fn record_unknown_login_failure(
        &self,
        login: &Login,
        now: u64,
    ) -> Result<(), StoreError> {
        let mut item = key(
            unknown_login_pk(login),
            event_sk(now, &format!("{:016x}", rand::random::<u64>())),
        );
        item.insert(TTL.to_owned(), n(now + 24 * 3600));
        // A one-item transaction, like the event write it stands in for.
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .build()
            .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
        self.client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(put).build())
            .client_request_token(format!("{:032x}", rand::random::<u128>()))
            .send()
            .await
            .map_err(|e| StoreError::sdk("TransactWriteItems", e))?;
        Ok(())
    }

    /// Empties the counter of `limit` in `window` (an operator lifting a
    /// throttle).
    pub async fn clear_limit(
        &self,
        limit: &LimitKey,
        window: &ThrottleWindow,
    ) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(limit.pk(window), LIMIT_SK)))
            .send()
            .await
            .map_err(|e| StoreError::sdk("DeleteItem", e))?;
        Ok(())
    }

    /// The count of `limit` in `window`: failed sign-ins, or sign-ups.
    pub async fn slots_taken(
        &self,
        limit: &LimitKey,
        window: &ThrottleWindow,
    ) -> Result<u64, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(limit.pk(window), LIMIT_SK)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| StoreError::sdk("GetItem", e))?;
        crate::item::get_n_or_zero(output.item(), COUNT)
    }

    /// One slot of a reservation: `count` and `pending` up by one while
    /// `count` is below `max`; when it is not, whether some of its slots
    /// are pending (read from the item the failed condition saw).
    async fn take_pending(
        &self,
        limit: &LimitKey,
        window: &ThrottleWindow,
        max: u32,
    ) -> Result<Taken, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(limit.pk(window), LIMIT_SK)))
            .update_expression("ADD #c :one, #p :one SET #ttl = :ttl")
            .condition_expression("attribute_not_exists(#c) OR #c < :max")
            .expression_attribute_names("#c", COUNT)
            .expression_attribute_names("#p", PENDING)
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":ttl", n(window.ends_at))
            .expression_attribute_values(":max", n(u64::from(max)))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(Taken::Yes),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                // The item as the failed condition saw it.
                let seen = match e.err() {
                    UpdateItemError::ConditionalCheckFailedException(failed) => failed.item(),
                    _ => None,
                };
                Ok(Taken::No {
                    pending: get_n_or_zero(seen, PENDING)? > 0,
                })
            }
            Err(e) => Err(StoreError::sdk("UpdateItem", e)),
        }
    }

    /// Adds one to `limit`'s counter; with `max`, only while it is below.
    async fn add(
        &self,
        limit: &LimitKey,
        window: &ThrottleWindow,
        max: Option<u32>,
    ) -> Result<(), StoreError> {
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(limit.pk(window), LIMIT_SK)))
            .update_expression("ADD #c :one SET #ttl = :ttl")
            .expression_attribute_names("#c", COUNT)
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":ttl", n(window.ends_at));
        if let Some(max) = max {
            request = request
                .condition_expression("attribute_not_exists(#c) OR #c < :max")
                .expression_attribute_values(":max", n(u64::from(max)));
        }
        match request.send().await {
            Ok(_) => Ok(()),
            Err(SdkError::ServiceError(e))
                if matches!(e.err(), UpdateItemError::ConditionalCheckFailedException(_)) =>
            {
                Err(StoreError::LimitReached)
            }
            Err(e) => Err(StoreError::sdk("UpdateItem", e)),
        }
    }
}

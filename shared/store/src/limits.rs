//! Throttle counters, per window: failed sign-ins per login and per client
//! address, and sign-ups per client address.
//!
//! Sign-ups take a slot before any work, with a conditional increment, so
//! concurrent sign-ups never exceed the limit. Sign-ins read their counters
//! before the password check and add to them only after a wrong password:
//! a correct password is never refused because other checks were in flight,
//! and concurrent wrong guesses stop at the limit plus the checks in flight.

use aws_sdk_dynamodb::{
    error::SdkError,
    operation::update_item::UpdateItemError,
    types::{Put, TransactWriteItem},
};
use futures_util::future::join_all;
use twofold_auth::{Login, ThrottleWindow};

use crate::{
    item::{get_n_or_zero, get_s, key, n, Item},
    keys::{
        address_limit_pk, event_sk, login_limit_pk, login_pk, sign_up_limit_pk, unknown_login_pk,
        COUNT, LIMIT_SK, LOGIN_SK, PK, TTL,
    },
    reads::lookup_from,
    DynamoStore, SignInLookup, StoreError,
};

/// What a throttle counter counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitKey {
    /// Failed sign-ins for one login (whether or not it exists).
    Login(Login),
    /// Failed sign-ins from one client address bucket.
    Address(String),
    /// Sign-ups from one client address bucket.
    SignUp(String),
}

impl LimitKey {
    fn pk(&self, window: &ThrottleWindow) -> String {
        match self {
            LimitKey::Login(login) => login_limit_pk(login, window.index),
            LimitKey::Address(address) => address_limit_pk(address, window.index),
            LimitKey::SignUp(address) => sign_up_limit_pk(address, window.index),
        }
    }
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

    /// Adds one to each counter for `window` (a wrong password), all at
    /// once: one round trip of latency.
    pub async fn count_failure(
        &self,
        limits: &[LimitKey],
        window: ThrottleWindow,
    ) -> Result<(), StoreError> {
        join_all(limits.iter().map(|limit| self.add(limit, &window, None)))
            .await
            .into_iter()
            .collect()
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

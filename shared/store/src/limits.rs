//! Counters of failed sign-ins, per login and per client address, per
//! window. A sign-in reserves a slot in each counter *before* the password
//! is checked, with a conditional increment, so concurrent guesses can never
//! exceed the limit; a successful sign-in gives its slots back.

use aws_sdk_dynamodb::{
    error::SdkError,
    operation::update_item::UpdateItemError,
    types::{AttributeValue, Put, TransactWriteItem},
};
use futures_util::future::join_all;
use twofold_auth::{Login, ThrottleWindow};

use crate::{
    item::{key, n},
    keys::{address_limit_pk, event_sk, login_limit_pk, unknown_login_pk, COUNT, LIMIT_SK, TTL},
    DynamoStore, StoreError,
};

/// What a failure counter counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitKey {
    /// Failed sign-ins for one login (whether or not it exists).
    Login(Login),
    /// Failed sign-ins from one client address.
    Address(String),
}

impl LimitKey {
    fn pk(&self, window: &ThrottleWindow) -> String {
        match self {
            LimitKey::Login(login) => login_limit_pk(login, window.index),
            LimitKey::Address(address) => address_limit_pk(address, window.index),
        }
    }
}

/// Slots a sign-in took in its counters, to give back if the password turns
/// out right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    slots: Vec<LimitKey>,
    window: ThrottleWindow,
}

impl DynamoStore {
    /// Takes one slot in each counter for `window`, or none of them:
    /// [`StoreError::LimitReached`] when any counter already holds its
    /// maximum. Counters expire with the window.
    pub async fn reserve_sign_in(
        &self,
        limits: &[(LimitKey, u32)],
        window: ThrottleWindow,
    ) -> Result<Reservation, StoreError> {
        // All counters at once: one round trip of latency, not one each.
        let attempts = join_all(
            limits
                .iter()
                .map(|(limit, max)| self.add(limit, &window, 1, Some(*max))),
        )
        .await;
        let mut outcome = Ok(());
        let mut taken = Reservation {
            slots: Vec::new(),
            window,
        };
        for ((limit, _), attempt) in limits.iter().zip(attempts) {
            match attempt {
                Ok(()) => taken.slots.push(limit.clone()),
                Err(error) if outcome.is_ok() => outcome = Err(error),
                Err(_) => {}
            }
        }
        match outcome {
            Ok(()) => Ok(taken),
            Err(error) => {
                self.refund_sign_in(taken).await?;
                Err(error)
            }
        }
    }

    /// Gives back the slots a successful sign-in reserved: only failures count.
    pub async fn refund_sign_in(&self, reservation: Reservation) -> Result<(), StoreError> {
        let Reservation { slots, window } = reservation;
        join_all(slots.iter().map(|limit| self.add(limit, &window, -1, None)))
            .await
            .into_iter()
            .collect()
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
            .send()
            .await
            .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
        Ok(())
    }

    /// Failed sign-ins counted for `limit` in `window`.
    pub async fn sign_in_failures(
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
            .map_err(|e| StoreError::backend("GetItem", e))?;
        crate::item::get_n_or_zero(output.item(), COUNT)
    }

    async fn add(
        &self,
        limit: &LimitKey,
        window: &ThrottleWindow,
        delta: i64,
        max: Option<u32>,
    ) -> Result<(), StoreError> {
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(limit.pk(window), LIMIT_SK)))
            .update_expression("ADD #c :delta SET #ttl = :ttl")
            .expression_attribute_names("#c", COUNT)
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":delta", AttributeValue::N(delta.to_string()))
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
            Err(e) => Err(StoreError::backend("UpdateItem", e)),
        }
    }
}

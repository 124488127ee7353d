//! Events kept once per window, however often they happen in it: the
//! window's first occurrence holds the entry and counts the rest. For what
//! a password holder can repeat at will (the right password, asked for a
//! code), so repeating it cannot bury the owner's log, nor flood the mail.

use aws_sdk_dynamodb::types::{TransactWriteItem, Update};
use twofold_auth::SecurityEvent;

use crate::{
    change::PendingWrite,
    item::{get_s, key, n, s, Item},
    keys::{event_sk, tally_sk, user_pk, DATA, FIRST, TALLY, TTL},
    DynamoStore, StoreError,
};

/// An event kept once per window, however often it happens in it: the
/// window's first occurrence, in its place in the log, with how many there
/// were. For what a password holder can repeat at will (the right password,
/// asked for a code), so repeating it cannot bury the owner's log.
#[derive(Debug, Clone)]
pub struct Tally {
    /// This occurrence (its words stand in for the first's if it lands
    /// first).
    pub event: SecurityEvent,
    /// Where the window's entry is ([`DynamoStore::tally_position`]).
    pub position: TallyPosition,
}

/// The log entry of an event's window: the sort key of its first
/// occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyPosition(String);

impl Tally {
    /// True for the window's first occurrence: the one whose notice is
    /// mailed.
    pub(crate) fn is_first(&self) -> bool {
        self.position.0 == event_sk(self.event.at, &self.event.id)
    }
}

impl DynamoStore {
    /// Counting one more occurrence in its window's entry, written with the
    /// first occurrence when there is none yet.
    pub(crate) fn tally_write(&self, tally: &Tally) -> Result<PendingWrite, StoreError> {
        let event = &tally.event;
        let json =
            serde_json::to_string(event).map_err(|e| StoreError::Malformed(e.to_string()))?;
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(user_pk(&event.user_id), tally.position.0.clone())))
            .update_expression("SET #data = if_not_exists(#data, :data), #ttl = :ttl ADD #n :one")
            .expression_attribute_names("#data", DATA)
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_names("#n", TALLY)
            .expression_attribute_values(":data", s(json))
            .expression_attribute_values(":ttl", n(event.at + self.event_retention))
            .expression_attribute_values(":one", n(1))
            .build()
            .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
        Ok(PendingWrite::Ready(Box::new(
            TransactWriteItem::builder().update(update).build(),
        )))
    }

    /// Where `event`'s entry of window `window` (ending at `ends_at`) is in
    /// the log: at the first occurrence's time, which the first caller of
    /// the window sets (one conditional update of a pointer the log does not
    /// list). Concurrent callers of one window agree on it.
    pub async fn tally_position(
        &self,
        event: &SecurityEvent,
        window: u64,
        ends_at: u64,
    ) -> Result<TallyPosition, StoreError> {
        let mine = event_sk(event.at, &event.id);
        let pointer = key(
            user_pk(&event.user_id),
            tally_sk(&format!("{:?}", event.kind), window),
        );
        let first = self.first_of_window(pointer, &mine, ends_at).await?;
        Ok(TallyPosition(first))
    }

    /// The window's first claimant of the pointer item `pointer`: the
    /// first caller's `mine` is kept (one conditional update) and every
    /// caller is told who that was. The pointer outlives its window by a
    /// day.
    pub(crate) async fn first_of_window(
        &self,
        pointer: Item,
        mine: &str,
        ends_at: u64,
    ) -> Result<String, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(pointer))
            .update_expression("SET #first = if_not_exists(#first, :mine), #ttl = :ttl")
            .expression_attribute_names("#first", FIRST)
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":mine", s(mine))
            .expression_attribute_values(":ttl", n(ends_at.saturating_add(24 * 3600)))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(|e| StoreError::sdk("UpdateItem", e))?;
        output
            .attributes()
            .map(|item| get_s(item, FIRST).map(str::to_owned))
            .transpose()?
            .ok_or_else(|| StoreError::Malformed("a window's pointer without its first".to_owned()))
    }
}

//! The state of each "This wasn't me" link, one item per notice beside the
//! log (`USER#<id>`, `NOTME#<time>#<event>`): the credentials before a
//! change it can undo (sealed, written in the change's own transaction),
//! when it was reported and undone, and the wrong codes it took. The item
//! lives as long as the link (TTL), so the credentials are not kept longer.

use aws_sdk_dynamodb::{
    error::SdkError,
    operation::update_item::UpdateItemError,
    types::{TransactWriteItem, Update},
};
use twofold_auth::{
    not_me::{NotMeLink, UndoPoint},
    Sealed, SecurityEvent,
};

use crate::{
    change::PendingWrite,
    item::{data, get_n_or_zero, key, n, s, Item},
    keys::{event_sk, not_me_sk, user_pk, TTL},
    DynamoStore, StoreError,
};

/// The sealed credentials before the change.
const BEFORE: &str = "before";
/// When the link ended every session.
const REPORTED_AT: &str = "reported_at";
/// When the link put the account back.
const UNDONE_AT: &str = "undone_at";
/// Wrong codes the undo took (each reserved before it is checked).
const TRIES: &str = "tries";

/// What a link has done so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkState {
    /// The credentials before the change, while the link can undo it.
    pub before: Option<Sealed>,
    /// When it was reported.
    pub reported_at: Option<u64>,
    /// When it undid the change.
    pub undone_at: Option<u64>,
    /// Codes tried to undo it (reserved, right or wrong).
    pub tries: u32,
}

/// A link's use, written in the transaction of its change to the account.
#[derive(Debug, Clone)]
pub enum LinkWrite {
    /// Every session ended: fails if the link was reported or undone
    /// already (a conflict: the caller reads again).
    Report {
        /// The link.
        link: NotMeLink,
        /// When.
        at: u64,
    },
    /// The change undone: the credentials go; fails unless they are there.
    Undo {
        /// The link.
        link: NotMeLink,
        /// When.
        at: u64,
    },
}

fn link_key(link: &NotMeLink) -> Item {
    key(user_pk(&link.user_id), not_me_sk(&link.key()))
}

/// The item of an undo point: put with the change it can undo.
pub(crate) fn undo_point_item(point: &UndoPoint) -> Item {
    let mut item = link_key(&point.link);
    item.insert(BEFORE.to_owned(), s(point.before.as_str()));
    item.insert(TTL.to_owned(), n(point.link.expires_at()));
    item
}

/// The transaction's write for `write`.
pub(crate) fn link_write(table: &str, write: &LinkWrite) -> Result<PendingWrite, StoreError> {
    let (link, update, condition, at) = match write {
        LinkWrite::Report { link, at } => (
            link,
            "SET #reported = :at, #ttl = :expires",
            "attribute_not_exists(#reported) AND attribute_not_exists(#undone)",
            at,
        ),
        LinkWrite::Undo { link, at } => (
            link,
            "SET #undone = :at, #reported = if_not_exists(#reported, :at), #ttl = :expires REMOVE #before",
            "attribute_exists(#before) AND attribute_not_exists(#undone)",
            at,
        ),
    };
    let mut builder = Update::builder()
        .table_name(table)
        .set_key(Some(link_key(link)))
        .update_expression(update)
        .condition_expression(condition)
        .expression_attribute_names("#reported", REPORTED_AT)
        .expression_attribute_names("#undone", UNDONE_AT)
        .expression_attribute_names("#ttl", TTL)
        .expression_attribute_values(":at", n(*at))
        .expression_attribute_values(":expires", n(link.expires_at()));
    if matches!(write, LinkWrite::Undo { .. }) {
        builder = builder.expression_attribute_names("#before", BEFORE);
    }
    let update = builder
        .build()
        .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
    Ok(PendingWrite::Ready(Box::new(
        TransactWriteItem::builder().update(update).build(),
    )))
}

impl DynamoStore {
    /// What `link` has done so far (strongly consistent); the default state
    /// when it never did anything and undoes nothing.
    pub async fn link_state(&self, link: &NotMeLink) -> Result<LinkState, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(link_key(link)))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| StoreError::sdk("GetItem", e))?;
        let Some(item) = output.item() else {
            return Ok(LinkState::default());
        };
        let optional = |name: &str| -> Result<Option<u64>, StoreError> {
            item.get(name)
                .map(|_| get_n_or_zero(Some(item), name))
                .transpose()
        };
        Ok(LinkState {
            before: item
                .get(BEFORE)
                .and_then(|value| value.as_s().ok())
                .map(|text| Sealed::from_stored(text.clone())),
            reported_at: optional(REPORTED_AT)?,
            undone_at: optional(UNDONE_AT)?,
            tries: u32::try_from(get_n_or_zero(Some(item), TRIES)?).unwrap_or(u32::MAX),
        })
    }

    /// Takes one of the `max` tries of `link`'s undo, before its code is
    /// checked, so that racing guesses never get more than `max` checks:
    /// false when they are used up or the link undoes nothing (any more).
    pub async fn reserve_undo_try(&self, link: &NotMeLink, max: u32) -> Result<bool, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(link_key(link)))
            .update_expression("ADD #tries :one")
            .condition_expression(
                "attribute_exists(#before) AND attribute_not_exists(#undone) \
                 AND (attribute_not_exists(#tries) OR #tries < :max)",
            )
            .expression_attribute_names("#before", BEFORE)
            .expression_attribute_names("#undone", UNDONE_AT)
            .expression_attribute_names("#tries", TRIES)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":max", n(u64::from(max)))
            .send()
            .await;
        match output {
            Ok(_) => Ok(true),
            Err(SdkError::ServiceError(failed))
                if matches!(
                    failed.err(),
                    UpdateItemError::ConditionalCheckFailedException(_)
                ) =>
            {
                Ok(false)
            }
            Err(other) => Err(StoreError::sdk("UpdateItem", other)),
        }
    }

    /// The log entry `link` tells of, while the log keeps it.
    pub async fn linked_event(
        &self,
        link: &NotMeLink,
    ) -> Result<Option<SecurityEvent>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(
                user_pk(&link.user_id),
                event_sk(link.event_at, &link.event_id),
            )))
            .send()
            .await
            .map_err(|e| StoreError::sdk("GetItem", e))?;
        output.item().map(data).transpose()
    }
}

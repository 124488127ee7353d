//! Reading the security log.

use aws_sdk_dynamodb::types::AttributeValue;
use twofold_api::events::EventKind;
use twofold_auth::{SecurityEvent, UserId};

use crate::{
    item::{data, key, s},
    keys::{user_pk, EventCursor, EVENT_PREFIX, MAILED_AT, PK, SK, TALLY},
    reads::optional_n,
    DynamoStore, StoreError,
};

/// Events one filtered page reads at most before it answers with what it
/// found and where to go on: a rare kind in a long log costs a bounded
/// number of reads per call, never the whole log at once.
pub const FILTERED_READ_LIMIT: usize = 1000;

/// Events one query of a filtered page reads.
const FILTERED_QUERY_SIZE: i32 = 100;

/// One query's answer: the events with their sort keys, and whether the
/// log goes on after them.
struct Page {
    events: Vec<(SecurityEvent, String)>,
    more: bool,
}

impl DynamoStore {
    /// Up to `limit` events of `user`, newest first, starting after the
    /// cursor `after` (from a previous page). Returns the page and the cursor
    /// of the next one.
    pub async fn events(
        &self,
        user: &UserId,
        limit: u32,
        after: Option<&EventCursor>,
    ) -> Result<(Vec<SecurityEvent>, Option<EventCursor>), StoreError> {
        let size = i32::try_from(limit).unwrap_or(100);
        let page = self.event_page(user, size, after).await?;
        let next = page
            .events
            .last()
            .filter(|_| page.more)
            .map(|(_, sk)| EventCursor::from_sort_key(sk));
        Ok((
            page.events.into_iter().map(|(event, _)| event).collect(),
            next,
        ))
    }

    /// Up to `limit` events of `user` of the given `kinds`, newest first,
    /// after `after`. Reads at most [`FILTERED_READ_LIMIT`] events per
    /// call: a page may hold fewer than `limit` and still have a next one.
    pub async fn events_of_kinds(
        &self,
        user: &UserId,
        limit: u32,
        after: Option<&EventCursor>,
        kinds: &[EventKind],
    ) -> Result<(Vec<SecurityEvent>, Option<EventCursor>), StoreError> {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut found = Vec::new();
        let mut cursor = after.cloned();
        let mut read = 0;
        loop {
            let page = self
                .event_page(user, FILTERED_QUERY_SIZE, cursor.as_ref())
                .await?;
            let mut rest = page.events.len();
            for (event, sk) in page.events {
                rest -= 1;
                read += 1;
                cursor = Some(EventCursor::from_sort_key(&sk));
                if kinds.contains(&event.kind) {
                    found.push(event);
                }
                let more = page.more || rest > 0;
                if found.len() == limit || (read >= FILTERED_READ_LIMIT && more) {
                    return Ok((found, cursor.filter(|_| more)));
                }
            }
            if !page.more {
                return Ok((found, None));
            }
        }
    }

    /// How many times events of `kind` happened in `user`'s log from
    /// `from` up to (not including) `to`, in seconds: each entry once, an
    /// entry kept once per window as often as it counts.
    pub async fn count_events(
        &self,
        user: &UserId,
        kind: EventKind,
        from: u64,
        to: u64,
    ) -> Result<u64, StoreError> {
        let pk = user_pk(user);
        let mut total = 0;
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(pk.clone()))
                .expression_attribute_values(":from", s(format!("{EVENT_PREFIX}{from:020}")))
                .expression_attribute_values(
                    ":to",
                    s(format!("{EVENT_PREFIX}{:020}#~", to.saturating_sub(1))),
                )
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(|e| StoreError::sdk("Query", e))?;
            for item in output.items() {
                let event: SecurityEvent = data(item)?;
                if event.kind == kind {
                    total += optional_n(item, TALLY)?.unwrap_or(1);
                }
            }
            match output.last_evaluated_key() {
                Some(last) => start = Some(last.clone()),
                None => return Ok(total),
            }
        }
    }

    /// One query of the log, newest first, after `after`.
    async fn event_page(
        &self,
        user: &UserId,
        size: i32,
        after: Option<&EventCursor>,
    ) -> Result<Page, StoreError> {
        let pk = user_pk(user);
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#sk", SK)
            .expression_attribute_values(":pk", s(pk.clone()))
            .expression_attribute_values(":prefix", s(EVENT_PREFIX))
            .scan_index_forward(false)
            .limit(size);
        if let Some(cursor) = after {
            query = query.set_exclusive_start_key(Some(key(pk, cursor.as_str())));
        }
        let output = query
            .send()
            .await
            .map_err(|e| StoreError::sdk("Query", e))?;
        let events = output
            .items()
            .iter()
            .map(|item| {
                let mut event: SecurityEvent = data(item)?;
                // An entry kept once per window says how often it happened.
                if let Some(times) = optional_n(item, TALLY)? {
                    event.count = Some(u32::try_from(times).unwrap_or(u32::MAX));
                }
                // The deliverer's mark: when its notice was mailed.
                event.mailed_at = optional_n(item, MAILED_AT)?;
                let sk = match item.get(SK) {
                    Some(AttributeValue::S(sk)) => sk.clone(),
                    _ => String::new(),
                };
                Ok((event, sk))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Page {
            events,
            more: output.last_evaluated_key().is_some(),
        })
    }
}

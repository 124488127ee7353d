//! Reading the security log.

use aws_sdk_dynamodb::types::AttributeValue;
use twofold_auth::{SecurityEvent, UserId};

use crate::{
    item::{data, key, s},
    keys::{user_pk, EventCursor, EVENT_PREFIX, PK, SK, TALLY},
    reads::optional_n,
    DynamoStore, StoreError,
};

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
            .limit(i32::try_from(limit).unwrap_or(100));
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
                Ok(event)
            })
            .collect::<Result<Vec<SecurityEvent>, StoreError>>()?;
        let next = output.last_evaluated_key().and_then(|k| match k.get(SK) {
            Some(AttributeValue::S(sk)) => Some(EventCursor::from_sort_key(sk)),
            _ => None,
        });
        Ok((events, next))
    }
}

//! WebAuthn ceremonies between their start and their finish (see
//! [`twofold_auth::ceremony`]): written once, taken once.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::ReturnValue;
use twofold_auth::{Ceremony, CeremonyId};

use crate::item::{data, key, n, with_data};
use crate::keys::{ceremony_pk, CEREMONY_SK, TTL};
use crate::{DynamoStore, StoreError};

impl DynamoStore {
    /// Keeps `ceremony` until it is taken or expires (the table's TTL
    /// deletes it some time after; [`Self::take_ceremony`] checks the time
    /// itself). A handle already in use is a conflict: handles are random,
    /// so it never happens by chance.
    pub async fn put_ceremony(&self, ceremony: &Ceremony) -> Result<(), StoreError> {
        let mut item = with_data(ceremony_pk(&ceremony.id), CEREMONY_SK, ceremony)?;
        item.insert(TTL.to_owned(), n(ceremony.expires_at));
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await
            .map_err(|e| match e {
                SdkError::ServiceError(failed)
                    if matches!(
                        failed.err(),
                        PutItemError::ConditionalCheckFailedException(_)
                    ) =>
                {
                    StoreError::Conflict
                }
                other => StoreError::sdk("PutItem", other),
            })?;
        Ok(())
    }

    /// Removes the ceremony `id` and returns it if it was there and still
    /// open at `now`; `None` when it never was, was taken already, or
    /// expired. One delete decides: of any number of calls at once, one
    /// gets it.
    pub async fn take_ceremony(
        &self,
        id: &CeremonyId,
        now: u64,
    ) -> Result<Option<Ceremony>, StoreError> {
        let output = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(ceremony_pk(id), CEREMONY_SK)))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(|e| StoreError::sdk("DeleteItem", e))?;
        let Some(item) = output.attributes() else {
            return Ok(None);
        };
        let ceremony: Ceremony = data(item)?;
        Ok((ceremony.id == *id && ceremony.is_open(now)).then_some(ceremony))
    }
}

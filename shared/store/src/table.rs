//! Creating the table, for local runs and tests (in AWS the SAM template
//! does it).

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
    TimeToLiveSpecification,
};

use crate::{
    keys::{PK, SK, TTL},
    DynamoStore, StoreError,
};

impl DynamoStore {
    /// Creates the table with TTL on `expires_at`, unless it exists.
    pub async fn ensure_table(&self) -> Result<(), StoreError> {
        let exists = self
            .client
            .list_tables()
            .send()
            .await
            .map_err(|e| StoreError::sdk("ListTables", e))?
            .table_names()
            .iter()
            .any(|name| name == &self.table);
        if exists {
            return Ok(());
        }
        let attribute = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
                .map_err(|e| StoreError::backend("CreateTable", e))
        };
        let key = |name: &str, kind: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(kind)
                .build()
                .map_err(|e| StoreError::backend("CreateTable", e))
        };
        self.client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(attribute(PK)?)
            .attribute_definitions(attribute(SK)?)
            .key_schema(key(PK, KeyType::Hash)?)
            .key_schema(key(SK, KeyType::Range)?)
            .send()
            .await
            .map_err(|e| StoreError::sdk("CreateTable", e))?;
        let ttl = TimeToLiveSpecification::builder()
            .enabled(true)
            .attribute_name(TTL)
            .build()
            .map_err(|e| StoreError::backend("UpdateTimeToLive", e))?;
        self.client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(ttl)
            .send()
            .await
            .map_err(|e| StoreError::sdk("UpdateTimeToLive", e))?;
        Ok(())
    }
}

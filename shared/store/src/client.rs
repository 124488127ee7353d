//! Building the SDK client and the store.

use aws_sdk_dynamodb::{
    config::{Credentials, Region},
    Client,
};

/// Where the table is.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// The table's name.
    pub table: String,
    /// A DynamoDB-compatible endpoint (`http://127.0.0.1:8000`); `None` means
    /// AWS's own DynamoDB, with the usual AWS credential and region lookup.
    pub endpoint: Option<String>,
}

/// The Twofold store. Cheap to clone: the SDK client is shared.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    pub(crate) client: Client,
    pub(crate) table: String,
    /// Seconds a security-log event is kept before TTL deletes it.
    pub(crate) event_retention: u64,
}

/// Security-log events are kept this long unless configured otherwise.
pub const DEFAULT_EVENT_RETENTION_SECONDS: u64 = 365 * 24 * 3600;

impl DynamoStore {
    /// A store over an SDK client the caller built.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoStore {
            client,
            table: table.into(),
            event_retention: DEFAULT_EVENT_RETENTION_SECONDS,
        }
    }

    /// The store, keeping security-log events `seconds` before TTL deletes
    /// them.
    pub fn with_event_retention(mut self, seconds: u64) -> Self {
        self.event_retention = seconds;
        self
    }

    /// Builds the SDK client for `config`. With an explicit endpoint (a local
    /// engine), credentials and region are fixed test values, so the SDK never
    /// probes the instance-metadata address; without one, the standard AWS
    /// chain applies (in Lambda: the function's role and region).
    pub async fn connect(config: &StoreConfig) -> Self {
        let client = match &config.endpoint {
            Some(endpoint) => {
                let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".to_owned());
                let sdk_config = aws_sdk_dynamodb::Config::builder()
                    .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
                    .endpoint_url(endpoint)
                    .region(Region::new(region))
                    .credentials_provider(Credentials::new(
                        "local",
                        "local",
                        None,
                        None,
                        "twofold-local",
                    ))
                    .build();
                Client::from_conf(sdk_config)
            }
            None => Client::new(&aws_config::load_from_env().await),
        };
        DynamoStore::new(client, config.table.clone())
    }

    /// The table's name.
    pub fn table(&self) -> &str {
        &self.table
    }
}

//! What a fresh instance does before its first request, in a process of its
//! own (the dummy hash is process-wide state).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use rand::rngs::OsRng;
use twofold_auth::{password, SealingKey};
use twofold_functions::{Config, Service, SystemClock};
use twofold_store::{DynamoStore, StoreConfig};

#[tokio::test]
async fn the_dummy_password_hash_is_made_at_start_so_the_first_unknown_login_costs_one_verification(
) {
    // Arrange: a store client (never called here) and a configuration.
    let store = DynamoStore::connect(&StoreConfig {
        table: "twofold".into(),
        endpoint: Some("http://127.0.0.1:9".into()),
    })
    .await;
    assert!(!password::dummy_prepared(), "nothing made it yet");

    // Act
    let _service = Service::new(
        Config::defaults(SealingKey::generate(&mut OsRng)),
        store,
        Arc::new(SystemClock),
    );

    // Assert
    assert!(password::dummy_prepared());
}

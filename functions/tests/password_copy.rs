//! SignIn checks the password against the copy of the account's hash kept
//! on the login's item, while it reads the account (two sequential store
//! round trips instead of three; `round_trips.rs`). The account's own hash
//! is the one that counts: a copy left behind by a password change that
//! raced the sign-in, or an item written before copies were kept, never
//! lets the old password in nor keeps the new one out.

// Test helpers outside #[test] functions may fail loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use aws_sdk_dynamodb::{
    config::{BehaviorVersion, Credentials, Region},
    types::AttributeValue,
    Client,
};
use twofold_api::{account::ChangePasswordRequest, Method, ResultCode};
use twofold_auth::{password, Login, Password, UserId};

use support::{sign_in, sign_up, Harness, PASSWORD};

const NEW_PASSWORD: &str = "battery staple";

/// A client of the harness's embedded store, for writing what a racing
/// request or an older release would have left.
fn raw_client(harness: &Harness) -> Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(harness.store_endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .build();
    Client::from_conf(config)
}

/// Ada, signed up with [`PASSWORD`] and then changed to [`NEW_PASSWORD`].
async fn ada_changed_her_password(harness: &Harness) -> UserId {
    let signed_up = harness.ok(Method::SignUp, None, &sign_up("ada")).await;
    let session = signed_up["session"].as_str().unwrap().to_owned();
    let change = ChangePasswordRequest {
        old_password: PASSWORD.into(),
        new_password: NEW_PASSWORD.into(),
        code: None,
        keep_tokens: None,
    };
    harness
        .ok(Method::ChangePassword, Some(&session), &change)
        .await;
    let login = Login::parse("ada").unwrap();
    harness
        .store()
        .find_login(&login)
        .await
        .unwrap()
        .user_id
        .unwrap()
}

/// The login item's attribute `password_hash` set to `value`, or removed.
async fn set_copy(harness: &Harness, value: Option<String>) {
    let update = raw_client(harness)
        .update_item()
        .table_name("twofold")
        .key("pk", AttributeValue::S("LOGIN#ada".into()))
        .key("sk", AttributeValue::S("LOGIN".into()));
    let update = match value {
        Some(phc) => update
            .update_expression("SET password_hash = :h")
            .expression_attribute_values(":h", AttributeValue::S(phc)),
        None => update.update_expression("REMOVE password_hash"),
    };
    update.send().await.unwrap();
}

#[tokio::test]
async fn a_password_change_moves_the_login_s_copy_with_the_account() {
    let harness = Harness::new().await;
    let user = ada_changed_her_password(&harness).await;

    let login = Login::parse("ada").unwrap();
    let copy = harness.store().find_login(&login).await.unwrap();
    let account = harness.store().load_account(&user).await.unwrap().unwrap();

    assert_eq!(copy.password_hash, Some(account.value.password_hash));
}

#[tokio::test]
async fn a_stale_copy_never_lets_the_old_password_in_nor_keeps_the_new_one_out() {
    // Arrange: the copy holds the hash of the old password, as a sign-in
    // that read the login just before the change would have seen it.
    let harness = Harness::new().await;
    ada_changed_her_password(&harness).await;
    let old = password::hash(&Password::parse(PASSWORD).unwrap(), &mut rand::rngs::OsRng);
    set_copy(&harness, Some(old.as_stored().to_owned())).await;

    // Act
    let (_, with_old) = harness
        .call(Method::SignIn, None, &sign_in("ada", PASSWORD))
        .await;
    let (_, with_new) = harness
        .call(Method::SignIn, None, &sign_in("ada", NEW_PASSWORD))
        .await;

    // Assert
    assert_eq!(
        with_old["result"].as_u64(),
        Some(u64::from(ResultCode::InvalidCredentials.code())),
        "{with_old}"
    );
    assert_eq!(with_new["result"].as_u64(), Some(0), "{with_new}");
}

#[tokio::test]
async fn a_login_without_a_copy_signs_in_by_the_account_s_hash() {
    // Arrange: an item written before copies were kept.
    let harness = Harness::new().await;
    ada_changed_her_password(&harness).await;
    set_copy(&harness, None).await;

    // Act
    let (_, wrong) = harness
        .call(Method::SignIn, None, &sign_in("ada", PASSWORD))
        .await;
    let (_, right) = harness
        .call(Method::SignIn, None, &sign_in("ada", NEW_PASSWORD))
        .await;

    // Assert
    assert_eq!(
        wrong["result"].as_u64(),
        Some(u64::from(ResultCode::InvalidCredentials.code())),
        "{wrong}"
    );
    assert_eq!(right["result"].as_u64(), Some(0), "{right}");
}

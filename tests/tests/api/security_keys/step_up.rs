//! The key at a step-up (CheckPassword with a key's answer to a check the
//! full session started), and what it opens: renaming and removing keys.
//! The key a session signed in with does not count for its step-up, as a
//! code does not.

use twofold_api::{events::EventKind, security_keys::KeyKind, ResultCode};
use twofold_e2e::{Proof, Refused, TestApp, PASSWORD};

use super::{logged, password};

/// Signed in with the key, the owner renames it: the password alone is not
/// enough; a step-up with the key is, and then nothing more is asked.
#[tokio::test]
async fn a_step_up_with_the_key_confirms_a_second_factor_and_the_key_is_renamed() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let session = app.signed_in_with_key("ada", PASSWORD, &mut ada.key).await;
    let id = ada.info.id;

    // Act
    let with_the_password = app
        .rename_2fa_key(&session, id, "Work key", password())
        .await;
    let check = app
        .start_2fa_key_check(&session)
        .await
        .expect("Start2FAKeyCheck with a full session");
    let credential = ada.key.get(&check.options).await;
    let confirmed = app
        .step_up_with_key(&session, PASSWORD, &check.ceremony, &credential)
        .await
        .expect("CheckPassword with the key");
    let renamed = app
        .rename_2fa_key(&session, id, "Work key", Proof::default())
        .await;

    // Assert
    let error = with_the_password.refused(ResultCode::SecondFactorConfirmationRequired);
    assert_eq!(error.parameter.as_deref(), Some("code"), "{error:?}");
    assert!(confirmed.second_factor_confirmed);
    renamed.expect("Rename2FAKey on the step-up");
    let account = app.get_account(&session).await.expect("GetAccount");
    assert!(account.elevated_with_second_factor);
    assert_eq!(account.two_factor.security_keys[0].name, "Work key");
    assert_eq!(
        logged(&app, &session, EventKind::SecurityKeyRenamed)
            .await
            .as_deref(),
        Some("Work key")
    );
}

/// A step-up with the key wants the password too: a key in a thief's hand
/// with a stolen session is not enough.
#[tokio::test]
async fn a_step_up_with_the_key_and_a_wrong_password_confirms_nothing() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let session = app.signed_in_with_key("ada", PASSWORD, &mut ada.key).await;
    let check = app
        .start_2fa_key_check(&session)
        .await
        .expect("Start2FAKeyCheck");
    let credential = ada.key.get(&check.options).await;

    // Act
    let refused = app
        .step_up_with_key(&session, "not the password", &check.ceremony, &credential)
        .await;

    // Assert
    refused.refused(ResultCode::InvalidCredentials);
    let account = app.get_account(&session).await.expect("GetAccount");
    assert!(!account.elevated_with_second_factor);
}

/// Names are 1 to 64 characters, and only the account's own keys are
/// renamed.
#[tokio::test]
async fn a_rename_wants_a_name_and_a_key_of_the_account() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    app.stepped_up_with_key(&ada.session, PASSWORD, &mut ada.key)
        .await;
    let id = ada.info.id;

    // Act
    let empty = app
        .rename_2fa_key(&ada.session, id, "", Proof::default())
        .await;
    let too_long = app
        .rename_2fa_key(&ada.session, id, &"k".repeat(65), Proof::default())
        .await;
    let unknown = app
        .rename_2fa_key(&ada.session, id + 100, "Nobody's key", Proof::default())
        .await;

    // Assert
    for refused in [empty, too_long] {
        let error = refused.refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("name"), "{error:?}");
    }
    unknown.refused(ResultCode::SecurityKeyNotFound);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert_eq!(account.two_factor.security_keys[0].name, "Blue key");
}

/// The owner lost one of two keys and removes it: it no longer signs in;
/// the last key cannot be removed this way (that is turning 2FA off).
#[tokio::test]
async fn one_of_two_keys_is_removed_and_the_last_factor_stays() {
    // Arrange: a second key, added on a step-up with the first.
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    app.stepped_up_with_key(&ada.session, PASSWORD, &mut ada.key)
        .await;
    let mut spare = app.soft_key();
    let spare_info = app
        .add_key(
            &ada.session,
            &mut spare,
            KeyKind::SecurityKey,
            Proof::default(),
            "Spare key",
        )
        .await
        .expect("a second key")
        .key;

    // Act
    let removed = app
        .remove_2fa_key(&ada.session, ada.info.id, Proof::default())
        .await;
    let last = app
        .remove_2fa_key(&ada.session, spare_info.id, Proof::default())
        .await;

    // Assert
    removed.expect("Remove2FAKey");
    last.refused(ResultCode::LastSecondFactor);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert!(account.two_factor.enabled);
    assert_eq!(account.two_factor.security_keys, vec![spare_info]);
    assert_eq!(
        logged(&app, &ada.session, EventKind::SecurityKeyRemoved)
            .await
            .as_deref(),
        Some("Blue key")
    );
    // The removed key, asked by a page that names its credential (as a
    // script could), answers; the answer is refused.
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = offered.session.expect("the pending session");
    let mut check = offered.security_key.expect("the spare key is offered");
    check.options["allowCredentials"] = serde_json::json!(ada
        .key
        .credential_ids()
        .iter()
        .map(|id| serde_json::json!({ "type": "public-key", "id": id }))
        .collect::<Vec<_>>());
    let credential = ada.key.get(&check.options).await;
    app.verify_2fa_key(&pending, &check.ceremony, &credential)
        .await
        .refused(ResultCode::KeyRefused);
    app.signed_in_with_key("ada", PASSWORD, &mut spare).await;
}

/// Removing a key wants a second factor: a thief with a session and the
/// password cannot strip the owner's keys.
#[tokio::test]
async fn removing_a_key_wants_a_second_factor() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let stolen = app.signed_in_with_key("ada", PASSWORD, &mut ada.key).await;

    // Act
    let refused = app.remove_2fa_key(&stolen, ada.info.id, password()).await;

    // Assert
    refused.refused(ResultCode::SecondFactorConfirmationRequired);
    let account = app.get_account(&stolen).await.expect("GetAccount");
    assert_eq!(account.two_factor.security_keys.len(), 1);
}

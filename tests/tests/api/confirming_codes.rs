//! Confirm2FABackupCodes: the server remembers whether the owner confirmed
//! saving the current recovery codes, so every browser and device shows
//! the same "not confirmed" notice until they do, and a confirmation of a
//! replaced set never confirms the new one.

use twofold_api::{Method, ResultCode};
use twofold_e2e::{Refused, TestApp, PASSWORD};

async fn confirmed(app: &TestApp, session: &str) -> bool {
    app.get_account(session)
        .await
        .expect("GetAccount")
        .two_factor
        .recovery_codes_confirmed
}

#[tokio::test]
async fn codes_are_unconfirmed_after_enable_and_confirmed_after_confirm2fabackupcodes() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let before = confirmed(&app, &ada.session).await;

    // Act
    app.confirm_backup_codes(&ada.session, ada.codes_version)
        .await
        .expect("Confirm2FABackupCodes");

    // Assert
    assert!(!before, "new codes are not confirmed yet");
    assert!(confirmed(&app, &ada.session).await);
    // Confirming again changes nothing and is no error.
    app.confirm_backup_codes(&ada.session, ada.codes_version)
        .await
        .expect("a second confirmation");
    assert!(confirmed(&app, &ada.session).await);
}

#[tokio::test]
async fn regenerating_makes_the_codes_unconfirmed_again_under_a_new_version() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    app.confirm_backup_codes(&ada.session, ada.codes_version)
        .await
        .expect("confirm the first set");

    // Act
    let new = app
        .regenerate_backup_codes(&ada.session)
        .await
        .expect("Regenerate2FABackupCodes");

    // Assert
    assert!(new.version > ada.codes_version, "{new:?}");
    assert!(!confirmed(&app, &ada.session).await);
    let viewed = app
        .get_backup_codes(&ada.session)
        .await
        .expect("Get2FABackupCodes");
    assert_eq!(viewed.version, new.version, "viewing names the same set");
    app.confirm_backup_codes(&ada.session, new.version)
        .await
        .expect("confirm the new set");
    assert!(confirmed(&app, &ada.session).await);
}

#[tokio::test]
async fn a_confirmation_of_a_replaced_set_does_not_confirm_the_new_one() {
    // Arrange: the owner regenerates in one tab while another still shows
    // the first set.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    app.regenerate_backup_codes(&ada.session)
        .await
        .expect("Regenerate2FABackupCodes");

    // Act
    let stale = app
        .confirm_backup_codes(&ada.session, ada.codes_version)
        .await;

    // Assert
    stale.refused(ResultCode::RecoveryCodesReplaced);
    assert!(!confirmed(&app, &ada.session).await);
}

#[tokio::test]
async fn a_set_from_before_disable_cannot_confirm_the_set_after_enabling_again() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    app.disable_2fa(&ada.session).await.expect("Disable2FA");
    let setup = app.setup_2fa(&ada.session).await.expect("Setup2FA");
    let mut phone = twofold_e2e::Authenticator::from_uri(&setup.otpauth_uri);
    let again = app
        .enable_2fa(&ada.session, &phone.next_code().await)
        .await
        .expect("Enable2FA again");

    // Act
    let stale = app
        .confirm_backup_codes(&ada.session, ada.codes_version)
        .await;

    // Assert
    assert_ne!(again.version, ada.codes_version);
    stale.refused(ResultCode::RecoveryCodesReplaced);
    assert!(!confirmed(&app, &ada.session).await);
}

#[tokio::test]
async fn confirming_without_2fa_or_without_a_version_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let bob = app.signed_up("bob", PASSWORD).await;
    let ada = app.enrolled("ada", PASSWORD).await;

    // Act
    let off = app.confirm_backup_codes(&bob, 0).await;
    let missing = app
        .post_json(
            Method::Confirm2FABackupCodes,
            Some(&ada.session),
            &serde_json::json!({}),
        )
        .await;
    let from_form = app
        .post_form(
            Method::Confirm2FABackupCodes,
            &[
                ("session", &ada.session),
                ("version", &ada.codes_version.to_string()),
            ],
        )
        .await;

    // Assert
    off.refused(ResultCode::TwoFactorNotEnabled);
    assert_eq!(
        missing.assert_refused(ResultCode::MissingParameter),
        Some("version".to_owned())
    );
    from_form.assert_ok();
    assert!(confirmed(&app, &ada.session).await);
}

#[tokio::test]
async fn a_personal_access_token_cannot_confirm_the_codes() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let token = app
        .token(&ada.session, "ci", &["GetAccount", "GetEvents"])
        .await;
    let key = token.key.expect("the new token's value");

    // Act
    let refused = app.confirm_backup_codes(&key, ada.codes_version).await;

    // Assert
    refused.refused_method("Confirm2FABackupCodes");
    assert!(!confirmed(&app, &ada.session).await);
}

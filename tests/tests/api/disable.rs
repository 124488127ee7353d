//! Disable2FA: other sessions end, the codes are gone, sign-in asks for
//! the password alone again, and 2FA can be set up anew.

use twofold_api::ResultCode;
use twofold_e2e::{Authenticator, Refused, TestApp, PASSWORD};

#[tokio::test]
async fn disabling_2fa_ends_other_sessions_deletes_the_codes_and_sign_in_asks_for_no_code() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let pending = app.pending("ada", PASSWORD).await;

    // Act
    app.disable_2fa(&ada.session).await.expect("Disable2FA");

    // Assert
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    app.verify_2fa_code(&pending, &ada.recovery_codes[1])
        .await
        .refused(ResultCode::NotSignedIn);
    let account = app
        .get_account(&ada.session)
        .await
        .expect("this session stays");
    assert!(!account.two_factor.enabled);
    assert_eq!(account.two_factor.enabled_at, None);
    assert_eq!(account.two_factor.recovery_codes_left, 0);
    app.get_backup_codes(&ada.session)
        .await
        .refused(ResultCode::TwoFactorNotEnabled);
    app.disable_2fa(&ada.session)
        .await
        .refused(ResultCode::TwoFactorNotEnabled);
    let signed_in = app.sign_in("ada", PASSWORD).await.expect("sign in");
    assert!(!signed_in.two_factor_required);
    assert_eq!(signed_in.attempts_left, None);
    app.get_account(&signed_in.session.expect("a full session"))
        .await
        .expect("GetAccount");
}

#[tokio::test]
async fn after_disabling_2fa_can_be_set_up_again_with_a_new_secret() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    app.disable_2fa(&ada.session).await.expect("Disable2FA");

    // Act
    let setup = app.setup_2fa(&ada.session).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);
    let codes = app
        .enable_2fa(&ada.session, &phone.next_code().await)
        .await
        .expect("Enable2FA")
        .unused_codes();

    // Assert
    assert_ne!(setup.secret, ada.setup.secret);
    assert!(codes.iter().all(|code| !ada.recovery_codes.contains(code)));
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .refused(ResultCode::InvalidCode);
    app.verify_2fa_code(&pending, &codes[0])
        .await
        .expect("a code of the new set");
}

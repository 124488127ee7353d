//! Data survives a restart of twofold-local: the account, its 2FA secret
//! and recovery codes (sealed under the key kept in the data folder),
//! sessions, the replay rule and the security log.

use twofold_api::ResultCode;
use twofold_e2e::{Refused, TestApp, PASSWORD};

#[tokio::test]
async fn the_seed_flows_pass_with_restarts_between_the_steps() {
    // Sign up and confirm the password; the elevation survives a restart.
    let mut app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");
    app.restart();

    // Set up, restart, enable with the pending secret.
    let setup = app
        .setup_2fa(&session)
        .await
        .expect("Setup2FA after a restart");
    app.restart();
    let mut phone = twofold_e2e::Authenticator::from_uri(&setup.otpauth_uri);
    let codes = app
        .enable_2fa(&session, &phone.next_code().await)
        .await
        .expect("Enable2FA")
        .unused_codes();
    app.restart();

    // Sign in with a TOTP code across a restart; its replay is still refused.
    let account = app
        .get_account(&session)
        .await
        .expect("the session survives");
    assert!(account.two_factor.enabled);
    assert_eq!(account.two_factor.recovery_codes_left, 10);
    let pending = app.pending("ada", PASSWORD).await;
    app.restart();
    let code = phone.next_code().await;
    let totp = app
        .verify_2fa_code(&pending, &code)
        .await
        .expect("the pending sign-in survives");
    let totp_session = totp.session.session.expect("a full session");
    app.restart();
    let replay = app
        .verify_2fa_code(&app.pending("ada", PASSWORD).await, &code)
        .await;
    replay.refused(ResultCode::CodeJustUsed);

    // A recovery code works once, also after a restart, and shows as used.
    let recovery_session = app
        .signed_in_with_recovery_code("ada", PASSWORD, &codes[0])
        .await;
    app.restart();
    app.verify_2fa_code(&app.pending("ada", PASSWORD).await, &codes[0])
        .await
        .refused(ResultCode::InvalidCode);
    let view = app
        .get_backup_codes(&session)
        .await
        .expect("the sealed codes open after a restart");
    assert_eq!(
        view.codes.iter().map(|c| &c.code).collect::<Vec<_>>(),
        codes.iter().collect::<Vec<_>>()
    );
    assert!(view.codes[0].used_at.is_some());
    assert_eq!(view.left, 9);

    // Regenerate; after a restart the old codes stay refused, the other sessions ended.
    let fresh = app
        .regenerate_backup_codes(&session)
        .await
        .expect("Regenerate2FABackupCodes")
        .unused_codes();
    app.restart();
    app.get_account(&totp_session)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&recovery_session)
        .await
        .refused(ResultCode::NotSignedIn);
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &codes[1])
        .await
        .refused(ResultCode::InvalidCode);
    app.verify_2fa_code(&pending, &fresh[0])
        .await
        .expect("a new code");

    // Disable; after a restart sign-in asks for the password alone.
    app.disable_2fa(&session).await.expect("Disable2FA");
    app.restart();
    let signed_in = app.sign_in("ada", PASSWORD).await.expect("sign in");
    assert!(!signed_in.two_factor_required);
    let account = app
        .get_account(&session)
        .await
        .expect("the disabling session stays");
    assert!(!account.two_factor.enabled);
    let events = app.state(&session).await.events;
    assert!(
        events.len() >= 12,
        "the log survives: {} events",
        events.len()
    );
}

#[tokio::test]
async fn a_signed_out_session_stays_ended_after_a_restart() {
    // Arrange
    let mut app = TestApp::spawn();
    let kept = app.signed_up("ada", PASSWORD).await;
    let ended = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("token");
    app.sign_out(&ended).await.expect("SignOut");

    // Act
    app.restart();

    // Assert
    app.get_account(&ended)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&kept)
        .await
        .expect("the other session survives");
}

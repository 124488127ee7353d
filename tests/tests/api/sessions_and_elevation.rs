//! What each kind of session may do: sensitive methods need a fresh
//! step-up (the password, and with 2FA on a second factor), a pending
//! session only reaches Verify2FACode, and Verify2FACode only takes a
//! pending session.

use twofold_api::ResultCode;
use twofold_e2e::{api::unix_now, Refused, ServerOptions, TestApp, PASSWORD};

/// Calls every method that needs an elevated session and asserts that each
/// is refused with `code`.
async fn assert_sensitive_methods_refused(app: &TestApp, session: &str, code: ResultCode) {
    app.setup_2fa(session).await.refused(code);
    app.get_backup_codes(session).await.refused(code);
    app.regenerate_backup_codes(session).await.refused(code);
    app.disable_2fa(session).await.refused(code);
}

#[tokio::test]
async fn sensitive_methods_are_refused_until_the_password_is_confirmed() {
    // Arrange: a new session (from a recovery code) has not confirmed the password.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let session = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let bob = app.signed_up("bob", PASSWORD).await;

    // Act + Assert
    assert_sensitive_methods_refused(&app, &session, ResultCode::PasswordConfirmationRequired)
        .await;
    app.setup_2fa(&bob)
        .await
        .refused(ResultCode::PasswordConfirmationRequired);
    assert_eq!(
        app.get_account(&session)
            .await
            .expect("GetAccount")
            .elevated_until,
        None
    );
    let confirmed = app
        .check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");
    assert!(confirmed.elevated_until > unix_now());
    assert_eq!(
        app.get_account(&session)
            .await
            .expect("GetAccount")
            .elevated_until,
        Some(confirmed.elevated_until)
    );
    // With 2FA on, the password alone is not enough for these.
    assert_sensitive_methods_refused(&app, &session, ResultCode::SecondFactorConfirmationRequired)
        .await;
    app.step_up(&session, PASSWORD, Some(&ada.recovery_codes[1]))
        .await
        .expect("CheckPassword with a code");
    app.get_backup_codes(&session)
        .await
        .expect("allowed once confirmed");
    assert!(
        app.get_account(&session)
            .await
            .expect("GetAccount")
            .two_factor
            .enabled,
        "nothing was switched off"
    );
}

#[tokio::test]
async fn a_wrong_password_does_not_elevate_the_session() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let session = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;

    // Act
    let wrong = app.check_password(&session, "not the password").await;

    // Assert
    wrong.refused(ResultCode::InvalidCredentials);
    assert_sensitive_methods_refused(&app, &session, ResultCode::PasswordConfirmationRequired)
        .await;
    assert_eq!(
        app.get_account(&session)
            .await
            .expect("GetAccount")
            .elevated_until,
        None
    );
    // Logged as what it was: a confirmation, not a sign-in.
    let events = app.state(&session).await.events;
    assert!(events
        .iter()
        .any(|e| e.kind == twofold_api::events::EventKind::PasswordConfirmationFailed));
    assert!(!events
        .iter()
        .any(|e| e.kind == twofold_api::events::EventKind::SignInFailed));
}

#[tokio::test]
async fn a_pending_session_is_refused_by_every_method_but_verify_2fa_code() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let refused = ResultCode::SecondFactorRequired;

    // Act + Assert
    app.check_password(&pending, PASSWORD)
        .await
        .refused(refused);
    app.get_account(&pending).await.refused(refused);
    app.setup_2fa(&pending).await.refused(refused);
    app.enable_2fa(&pending, "123456").await.refused(refused);
    app.get_backup_codes(&pending).await.refused(refused);
    app.regenerate_backup_codes(&pending).await.refused(refused);
    app.disable_2fa(&pending).await.refused(refused);
    app.get_events(&pending, None, None).await.refused(refused);
    let as_form_field = format!("session={pending}");
    let path = twofold_api::Method::GetAccount.path();
    let raw = app
        .raw(
            &path,
            Some("application/x-www-form-urlencoded"),
            as_form_field.into_bytes(),
            &[],
        )
        .await;
    raw.assert_refused(refused);
    let verified = app
        .verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .expect("still good for its one use");
    assert_eq!(verified.recovery_codes_left, 9);
}

#[tokio::test]
async fn signing_out_a_pending_session_ends_the_sign_in() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;

    // Act
    app.sign_out(&pending).await.expect("SignOut");

    // Assert
    app.verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .refused(ResultCode::NotSignedIn);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert_eq!(
        account.two_factor.recovery_codes_left, 10,
        "the code was not spent"
    );
}

#[tokio::test]
async fn verify_2fa_code_refuses_a_full_session() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;

    // Act
    let answer = app
        .verify_2fa_code(&ada.session, &ada.recovery_codes[0])
        .await;

    // Assert
    answer.refused(ResultCode::NotAPendingSession);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert_eq!(
        account.two_factor.recovery_codes_left, 10,
        "the code was not spent"
    );
}

#[tokio::test]
async fn a_password_confirmation_ends_when_its_time_is_up() {
    // Arrange: confirmations that last no time at all.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_ELEVATION_SECONDS",
        "0",
    )]));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    app.check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");

    // Assert
    app.setup_2fa(&session)
        .await
        .refused(ResultCode::PasswordConfirmationRequired);
}

#[tokio::test]
async fn an_expired_session_is_refused_before_the_store_deletes_it() {
    // Arrange: sessions that end as they begin.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[("TWOFOLD_SESSION_SECONDS", "0")]));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let answer = app.get_account(&session).await;

    // Assert
    answer.refused(ResultCode::NotSignedIn);
}

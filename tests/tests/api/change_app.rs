//! A new phone without switching 2FA off: Setup2FA while 2FA is on starts
//! a set-up for a new authenticator app behind a step-up with a second
//! factor, and Change2FAApp, with a code from the new app, replaces the old
//! one. Until then the old app signs in; the recovery codes stay; other
//! sessions end; tokens stay; the change is logged.
//!
//! Attacker stories: a thief with a stolen session (no password, no code),
//! or with the session and the password but no code, cannot bind their own
//! app; another session cannot finish the owner's set-up; wrong codes are
//! counted and the fifth discards the set-up.

use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{Authenticator, Refused, TestApp, PASSWORD};

#[tokio::test]
async fn a_new_app_replaces_the_old_one_and_recovery_codes_and_tokens_stay() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let token = app
        .token(&ada.session, "ci", &["GetAccount"])
        .await
        .key
        .expect("the key");
    let old_code = ada.phone.next_code().await;
    app.step_up(&ada.session, PASSWORD, Some(&old_code))
        .await
        .expect("a step-up with a code from the old app");

    // Act
    let setup = app
        .setup_2fa(&ada.session)
        .await
        .expect("Setup2FA with 2FA on");
    let mut new_phone = Authenticator::from_uri(&setup.otpauth_uri);
    let pending = app.pending("ada", PASSWORD).await;
    let still_old = app
        .verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await;
    let changed = app
        .change_2fa_app(&ada.session, &new_phone.next_code().await)
        .await;

    // Assert
    still_old.expect("until the change, the old app signs in");
    changed.expect("Change2FAApp");
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    let account = app
        .get_account(&ada.session)
        .await
        .expect("this session stays");
    assert!(account.two_factor.enabled);
    assert_eq!(account.two_factor.recovery_codes_left, 9, "the codes stay");
    app.get_account(&token).await.expect("tokens stay");
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .refused(ResultCode::InvalidCode);
    let signed_in = app
        .verify_2fa_code(&pending, &new_phone.next_code().await)
        .await
        .expect("the new app signs in");
    assert!(!signed_in.recovery_code_used);
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.recovery_codes[1])
        .await
        .expect("a recovery code from before still signs in");
    let events = app
        .get_events(&ada.session, Some(100), None)
        .await
        .expect("the log")
        .events;
    assert!(events
        .iter()
        .any(|e| e.kind == EventKind::TwoFactorAppChanged));
}

#[tokio::test]
async fn a_thief_without_a_code_cannot_bind_their_own_app() {
    // Arrange: the thief holds a session and the password, not the phone.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let stolen = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let before = app.state(&ada.session).await;

    // Act
    let without_anything = app.setup_2fa(&stolen).await;
    let with_the_password = app
        .call::<_, twofold_api::account::Setup2FAResponse>(
            twofold_api::Method::Setup2FA,
            Some(&stolen),
            &twofold_api::account::Setup2FARequest {
                password: Some(PASSWORD.into()),
                code: None,
            },
        )
        .await;
    let without_a_setup = app.change_2fa_app(&stolen, "123456").await;

    // Assert
    without_anything.refused(ResultCode::PasswordConfirmationRequired);
    with_the_password.refused(ResultCode::SecondFactorConfirmationRequired);
    without_a_setup.refused(ResultCode::NoPendingSetup);
    let after = app.state(&ada.session).await;
    assert_eq!(after.account, before.account, "nothing changed");
}

#[tokio::test]
async fn only_the_session_that_started_the_change_finishes_it_and_wrong_codes_discard_it() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let code = ada.phone.next_code().await;
    app.step_up(&ada.session, PASSWORD, Some(&code))
        .await
        .expect("step-up");
    let setup = app.setup_2fa(&ada.session).await.expect("Setup2FA");
    let mut new_phone = Authenticator::from_uri(&setup.otpauth_uri);
    let another = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;

    // Act
    let from_another_session = app
        .change_2fa_app(&another, &new_phone.next_code().await)
        .await;
    let mut wrong = Vec::new();
    for _ in 0..5 {
        wrong.push(
            app.change_2fa_app(&ada.session, &new_phone.wrong_code())
                .await,
        );
    }
    let too_late = app
        .change_2fa_app(&ada.session, &new_phone.next_code().await)
        .await;

    // Assert
    from_another_session.refused(ResultCode::NoPendingSetup);
    let mut wrong = wrong.into_iter();
    let discarding = wrong.next_back().expect("the fifth");
    let left: Vec<Option<u32>> = wrong
        .map(|r| r.refused(ResultCode::InvalidCode).attempts_left)
        .collect();
    assert_eq!(left, [Some(4), Some(3), Some(2), Some(1)]);
    // The fifth discards the set-up, and says so.
    discarding.refused(ResultCode::NoPendingSetup);
    too_late.refused(ResultCode::NoPendingSetup);
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .expect("the old app still signs in");
    let kinds: Vec<EventKind> = app
        .get_events(&ada.session, Some(100), None)
        .await
        .expect("log")
        .events
        .iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&EventKind::TwoFactorSetupDiscarded));
    assert!(!kinds.contains(&EventKind::TwoFactorAppChanged));
}

#[tokio::test]
async fn with_2fa_off_there_is_no_app_to_change() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("step-up");
    let setup = app.setup_2fa(&session).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);

    // Act
    let changed = app.change_2fa_app(&session, &phone.next_code().await).await;

    // Assert
    changed.refused(ResultCode::TwoFactorNotEnabled);
    app.enable_2fa(&session, &phone.next_code().await)
        .await
        .expect("the set-up is still there for Enable2FA");
}

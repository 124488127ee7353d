//! ChangePassword: it evicts whoever else holds the password (every other
//! session ends, the old password stops signing in), and it asks for what
//! signing in asks for, on the call itself: the old password, under the
//! session's own throttle, and with 2FA on a second factor that is not the
//! one that signed in. No confirmation pop-up comes before it.

use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

const NEW_PASSWORD: &str = "a brand new passphrase";

/// A signed-up account's session, which never confirmed the password.
async fn signed_up(app: &TestApp, login: &str) -> String {
    app.signed_up(login, PASSWORD).await
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_only_the_new_password_signs_in() {
    // Arrange
    let app = TestApp::spawn();
    let session = signed_up(&app, "ada").await;
    let other = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session in the body");

    // Act
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("ChangePassword");

    // Assert
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    let events = app.state(&session).await.events;
    assert_eq!(events[0].kind, EventKind::PasswordChanged);
    app.sign_in("ada", PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    let signed_in = app
        .sign_in("ada", NEW_PASSWORD)
        .await
        .expect("new password");
    app.get_account(&signed_in.session.expect("a full session"))
        .await
        .expect("the new session works");
}

#[tokio::test]
async fn without_2fa_a_code_sent_along_is_ignored_but_must_be_shaped_like_one() {
    // Arrange
    let app = TestApp::spawn();
    let session = signed_up(&app, "ada").await;

    // Act: a malformed code is refused as any malformed parameter is (the
    // description says what a code looks like); a well-formed one is not
    // needed, and not looked at.
    let malformed = app
        .change_password(&session, PASSWORD, NEW_PASSWORD, Some("not a code"))
        .await;
    let changed = app
        .change_password(&session, PASSWORD, NEW_PASSWORD, Some("123 456"))
        .await;

    // Assert
    let refused = malformed.refused(ResultCode::InvalidParameter);
    assert_eq!(refused.parameter.as_deref(), Some("code"));
    changed.expect("ChangePassword");
    app.sign_in("ada", NEW_PASSWORD)
        .await
        .expect("new password");
}

#[tokio::test]
async fn the_current_password_goes_on_the_call_and_no_confirmation_comes_before_it() {
    // Arrange: a session that never called CheckPassword.
    let app = TestApp::spawn();
    let session = signed_up(&app, "ada").await;

    // Act: without the current password, then with it.
    let missing = app
        .post_json(
            twofold_api::Method::ChangePassword,
            Some(&session),
            &serde_json::json!({"newPassword": NEW_PASSWORD}),
        )
        .await;
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("the current password on the call is the step-up");

    // Assert
    assert_eq!(
        missing
            .assert_refused(ResultCode::MissingParameter)
            .as_deref(),
        Some("oldPassword")
    );
    app.sign_in("ada", NEW_PASSWORD)
        .await
        .expect("new password");
}

#[tokio::test]
async fn a_wrong_old_password_is_counted_in_the_session_s_own_budget_and_never_locks_the_login() {
    // Arrange: three failures per login (and per session) in a window.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    let session = signed_up(&app, "ada").await;
    let other = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session in the body");

    // Act
    for _ in 0..3 {
        app.change_password(&session, "not the password", NEW_PASSWORD, None)
            .await
            .refused(ResultCode::InvalidCredentials);
    }
    let spent = app
        .change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .refused(ResultCode::TooManySignInAttempts);

    // Assert: nothing changed, each try is logged, this session's budget is
    // spent (even the right password waits), and the login is not locked:
    // a session guessing is not everyone else signing in.
    assert!(spent.retry_after.is_some());
    app.get_account(&other)
        .await
        .expect("the other session is still live");
    let kinds: Vec<EventKind> = app
        .state(&session)
        .await
        .events
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds[..3],
        [EventKind::PasswordConfirmationFailed; 3],
        "{kinds:?}"
    );
    assert!(!kinds.contains(&EventKind::PasswordChanged));
    app.sign_in("ada", PASSWORD)
        .await
        .expect("the login still signs in");
    app.change_password(&other, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("another session has a budget of its own");
}

#[tokio::test]
async fn with_2fa_on_a_code_is_required_a_wrong_one_is_counted_and_a_recovery_code_works_once() {
    // Arrange: the owner signs in with a code from the app (a session with
    // no step-up), and another session signs in with a recovery code.
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let signed_in_with = ada.phone.next_code().await;
    let pending = app.pending("ada", PASSWORD).await;
    ada.session = app
        .verify_2fa_code(&pending, &signed_in_with)
        .await
        .expect("sign in")
        .session
        .session
        .expect("a full session");
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;

    // Act + Assert: no code, and the code that signed in.
    let missing = app
        .change_password(&ada.session, PASSWORD, NEW_PASSWORD, None)
        .await
        .refused(ResultCode::SecondFactorConfirmationRequired);
    assert_eq!(missing.parameter.as_deref(), Some("code"));
    app.change_password(&ada.session, PASSWORD, NEW_PASSWORD, Some(&signed_in_with))
        .await
        .refused(ResultCode::CodeJustUsed);

    // A wrong code: counted and logged, nothing else changes.
    let wrong = app
        .change_password(
            &ada.session,
            PASSWORD,
            NEW_PASSWORD,
            Some(&ada.phone.wrong_code()),
        )
        .await
        .refused(ResultCode::InvalidCode);
    assert_eq!(wrong.attempts_left, Some(4));
    app.get_account(&other)
        .await
        .expect("the other session is still live");
    let events = app.state(&ada.session).await.events;
    assert_eq!(events[0].kind, EventKind::SecondFactorFailed);
    assert!(events.iter().all(|e| e.kind != EventKind::PasswordChanged));
    let pending = app.sign_in("ada", PASSWORD).await.expect("old password");
    assert_eq!(
        pending.attempts_left,
        Some(4),
        "the wrong code counts as at sign-in"
    );

    // A recovery code: the password changes, the code is spent.
    app.change_password(
        &ada.session,
        PASSWORD,
        NEW_PASSWORD,
        Some(&ada.recovery_codes[1]),
    )
    .await
    .expect("ChangePassword with a recovery code");
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    let account = app
        .get_account(&ada.session)
        .await
        .expect("this session stays");
    assert_eq!(account.two_factor.recovery_codes_left, 8);
    // The code is spent at the step-up, logged with the codes left; then
    // the change.
    let events = app.state(&ada.session).await.events;
    let newest: Vec<_> = events[..2]
        .iter()
        .map(|e| (e.kind, e.recovery_codes_left))
        .collect();
    assert_eq!(
        newest,
        [
            (EventKind::PasswordChanged, None),
            (EventKind::PasswordAndCodeConfirmed, Some(8))
        ]
    );
    app.change_password(
        &ada.session,
        NEW_PASSWORD,
        "yet another passphrase",
        Some(&ada.recovery_codes[1]),
    )
    .await
    .refused(ResultCode::InvalidCode);

    // A code from the app works too, and its step is spent.
    let code = ada.phone.next_code().await;
    app.change_password(
        &ada.session,
        NEW_PASSWORD,
        "yet another passphrase",
        Some(&code),
    )
    .await
    .expect("ChangePassword with a code from the app");
    let pending = app.pending("ada", "yet another passphrase").await;
    app.verify_2fa_code(&pending, &code)
        .await
        .refused(ResultCode::CodeJustUsed);
}

#[tokio::test]
async fn a_too_short_or_unchanged_new_password_is_refused_naming_new_password() {
    // Arrange
    let app = TestApp::spawn();
    let session = signed_up(&app, "ada").await;

    // Act
    let short = app
        .change_password(&session, PASSWORD, "short", None)
        .await
        .refused(ResultCode::InvalidParameter);
    let same = app
        .change_password(&session, PASSWORD, PASSWORD, None)
        .await
        .refused(ResultCode::InvalidParameter);

    // Assert
    assert_eq!(short.parameter.as_deref(), Some("newPassword"));
    assert_eq!(same.parameter.as_deref(), Some("newPassword"));
    app.sign_in("ada", "short")
        .await
        .refused(ResultCode::InvalidCredentials);
    app.sign_in("ada", PASSWORD)
        .await
        .expect("the old password still signs in");
}

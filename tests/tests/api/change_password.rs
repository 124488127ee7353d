//! ChangePassword: it evicts whoever else holds the password (every other
//! session ends, the old password stops signing in), and it asks for what
//! signing in asks for: a fresh confirmation, the old password under the
//! sign-in throttle and, with 2FA on, a code.

use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

const NEW_PASSWORD: &str = "a brand new passphrase";

/// A signed-up account whose session has just confirmed the password.
async fn confirmed(app: &TestApp, login: &str) -> String {
    let session = app.signed_up(login, PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");
    session
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_only_the_new_password_signs_in() {
    // Arrange
    let app = TestApp::spawn();
    let session = confirmed(&app, "ada").await;
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
async fn without_2fa_a_code_sent_along_is_ignored() {
    // Arrange
    let app = TestApp::spawn();
    let session = confirmed(&app, "ada").await;

    // Act
    let changed = app
        .change_password(&session, PASSWORD, NEW_PASSWORD, Some("not a code"))
        .await;

    // Assert
    changed.expect("ChangePassword");
    app.sign_in("ada", NEW_PASSWORD)
        .await
        .expect("new password");
}

#[tokio::test]
async fn changing_the_password_needs_a_password_confirmation_first() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let unconfirmed = app
        .change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await;

    // Assert
    unconfirmed.refused(ResultCode::PasswordConfirmationRequired);
    app.sign_in("ada", NEW_PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    app.sign_in("ada", PASSWORD)
        .await
        .expect("the old password still signs in");
}

#[tokio::test]
async fn a_wrong_old_password_is_refused_counted_by_the_sign_in_throttle_and_changes_nothing() {
    // Arrange: three failed sign-ins per login in a window.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    let session = confirmed(&app, "ada").await;
    let other = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session in the body");

    // Act
    let mut refusals = Vec::new();
    for _ in 0..2 {
        refusals.push(
            app.change_password(&session, "not the password", NEW_PASSWORD, None)
                .await
                .refused(ResultCode::InvalidCredentials),
        );
    }

    // Assert: nothing changed...
    assert!(refusals.iter().all(|e| e.attempts_left.is_none()));
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
        kinds[..2],
        [
            EventKind::PasswordConfirmationFailed,
            EventKind::PasswordConfirmationFailed
        ]
    );
    assert!(!kinds.contains(&EventKind::PasswordChanged));
    app.sign_in("ada", PASSWORD)
        .await
        .expect("the old password still signs in");
    // ...and both wrong passwords count: one more failure fills the
    // login's three.
    app.sign_in("ada", NEW_PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    app.sign_in("ada", PASSWORD)
        .await
        .refused(ResultCode::TooManySignInAttempts);
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .refused(ResultCode::TooManySignInAttempts);
}

#[tokio::test]
async fn with_2fa_on_a_code_is_required_a_wrong_one_is_counted_and_a_recovery_code_works_once() {
    // Arrange: `enrolled` leaves its session confirmed.
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;

    // Act + Assert: no code.
    let missing = app
        .change_password(&ada.session, PASSWORD, NEW_PASSWORD, None)
        .await
        .refused(ResultCode::MissingParameter);
    assert_eq!(missing.parameter.as_deref(), Some("code"));

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
    let changed = &app.state(&ada.session).await.events[0];
    assert_eq!(
        (changed.kind, changed.recovery_codes_left),
        (EventKind::PasswordChanged, Some(8))
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
    let session = confirmed(&app, "ada").await;

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

//! Brute-force limits: the second factor locks after N wrong codes (even
//! for a right one, and signing in again does not help), and failed
//! sign-ins are throttled per login while successful ones never are.

use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

/// Three wrong codes lock; three failed sign-ins per login per hour.
fn strict_app() -> TestApp {
    TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_CODE_MAX_FAILURES", "3"),
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        // A long window, so that the test never straddles two.
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]))
}

#[tokio::test]
async fn three_wrong_codes_lock_the_second_factor_even_for_the_right_code() {
    // Arrange
    let app = strict_app();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let signed_in = app.sign_in("ada", PASSWORD).await.expect("sign in");
    assert_eq!(signed_in.attempts_left, Some(3));
    let pending = signed_in.session.expect("pending token");

    // Act
    let first = app
        .verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);
    let second = app
        .verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);
    let third = app
        .verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::SecondFactorLocked);

    // Assert
    assert_eq!(
        (first.attempts_left, second.attempts_left),
        (Some(2), Some(1))
    );
    let retry_after = third.retry_after.expect("retryAfter");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    let right_code = ada.phone.next_code().await;
    let locked = app
        .verify_2fa_code(&pending, &right_code)
        .await
        .refused(ResultCode::SecondFactorLocked);
    assert!(locked.retry_after.is_some());
    let again = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("the password still signs in");
    assert_eq!(again.attempts_left, Some(0));
    assert!(again.retry_after.is_some());
    let fresh = again.session.expect("pending token");
    app.verify_2fa_code(&fresh, &right_code)
        .await
        .refused(ResultCode::SecondFactorLocked);
    let kinds: Vec<EventKind> = app
        .state(&ada.session)
        .await
        .events
        .iter()
        .map(|e| e.kind)
        .take(6)
        .collect();
    // The refusals while locked are logged once per lock, and the second
    // right password in the window adds to the first's entry.
    assert_eq!(
        kinds,
        [
            EventKind::SecondFactorRefusedWhileLocked,
            EventKind::SecondFactorLocked,
            EventKind::SecondFactorFailed,
            EventKind::SecondFactorFailed,
            EventKind::SecondFactorFailed,
            EventKind::PasswordAccepted
        ],
        "refusals while locked are logged as refusals, not counted as failures"
    );
}

#[tokio::test]
async fn signing_in_again_does_not_reset_the_failure_count() {
    // Arrange
    let app = strict_app();
    let ada = app.enrolled("ada", PASSWORD).await;
    let first = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&first, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);
    app.verify_2fa_code(&first, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);

    // Act
    let again = app.sign_in("ada", PASSWORD).await.expect("sign in");

    // Assert
    assert_eq!(again.attempts_left, Some(1));
    let second = again.session.expect("pending token");
    let error = app.verify_2fa_code(&second, &ada.phone.wrong_code()).await;
    error.refused(ResultCode::SecondFactorLocked);
}

#[tokio::test]
async fn a_right_code_resets_the_failure_count() {
    // Arrange
    let app = strict_app();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);
    app.verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);

    // Act
    app.verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .expect("a right code");

    // Assert
    assert_eq!(
        app.sign_in("ada", PASSWORD)
            .await
            .expect("sign in")
            .attempts_left,
        Some(3)
    );
}

#[tokio::test]
async fn three_wrong_passwords_throttle_the_login_even_for_the_right_password() {
    // Arrange
    let app = strict_app();
    app.signed_up("ada", PASSWORD).await;
    app.signed_up("bob", PASSWORD).await;
    for _ in 0..3 {
        app.sign_in("ada", "not the password")
            .await
            .refused(ResultCode::InvalidCredentials);
    }

    // Act
    let throttled = app.sign_in("ada", PASSWORD).await;

    // Assert
    let error = throttled.refused(ResultCode::TooManySignInAttempts);
    assert!(
        error.retry_after.is_some_and(|s| (1..=3600).contains(&s)),
        "{error:?}"
    );
    app.sign_in("bob", PASSWORD)
        .await
        .expect("another login is not throttled");
}

#[tokio::test]
async fn successful_sign_ins_never_count_towards_the_throttle() {
    // Arrange
    let app = strict_app();
    app.signed_up("ada", PASSWORD).await;
    app.sign_in("ada", "not the password")
        .await
        .refused(ResultCode::InvalidCredentials);

    // Act
    for _ in 0..4 {
        app.sign_in("ada", PASSWORD)
            .await
            .expect("the right password");
    }

    // Assert: two more failures are still allowed, then even the right password waits.
    app.sign_in("ada", "not the password")
        .await
        .refused(ResultCode::InvalidCredentials);
    app.sign_in("ada", "not the password")
        .await
        .refused(ResultCode::InvalidCredentials);
    app.sign_in("ada", PASSWORD)
        .await
        .refused(ResultCode::TooManySignInAttempts);
}

#[tokio::test]
async fn an_unknown_login_gets_the_same_answer_as_a_wrong_password() {
    // Arrange
    let app = strict_app();
    app.signed_up("ada", PASSWORD).await;

    // Act
    let wrong_password = app
        .sign_in("ada", "not the password")
        .await
        .refused(ResultCode::InvalidCredentials);
    let unknown_login = app
        .sign_in("nobody", "not the password")
        .await
        .refused(ResultCode::InvalidCredentials);

    // Assert
    assert_eq!(wrong_password, unknown_login);
}

#[tokio::test]
async fn wrong_passwords_at_check_password_count_in_the_session_s_own_budget() {
    // Arrange
    let app = strict_app();
    let session = app.signed_up("ada", PASSWORD).await;
    for _ in 0..3 {
        app.check_password(&session, "not the password")
            .await
            .refused(ResultCode::InvalidCredentials);
    }

    // Act
    let confirm = app.check_password(&session, PASSWORD).await;
    let sign_in = app.sign_in("ada", PASSWORD).await;

    // Assert: the guessing session is stopped; the login is not (a
    // session's guesses never lock its owner out of signing in).
    confirm.refused(ResultCode::TooManySignInAttempts);
    app.setup_2fa(&session)
        .await
        .refused(ResultCode::PasswordConfirmationRequired);
    let fresh = sign_in
        .expect("the login still signs in")
        .session
        .expect("a full session");
    app.check_password(&fresh, PASSWORD)
        .await
        .expect("a new session has a budget of its own");
}

#[tokio::test]
async fn failed_sign_ins_from_one_address_are_throttled_across_logins() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    app.signed_up("ada", PASSWORD).await;
    for login in ["bob", "carol", "dave"] {
        app.sign_in(login, "not the password")
            .await
            .refused(ResultCode::InvalidCredentials);
    }

    // Act
    let answer = app.sign_in("ada", PASSWORD).await;

    // Assert
    answer.refused(ResultCode::TooManySignInAttempts);
}

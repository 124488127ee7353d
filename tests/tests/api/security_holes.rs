//! The holes a security review found, each as the attack that used to work:
//! who holds what, what they try, and what now stops them.

use std::sync::Arc;

use tokio::sync::Barrier;
use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{Authenticator, Refused, ServerOptions, TestApp, PASSWORD};

/// Kinds in `session`'s security log, oldest first.
async fn event_kinds(app: &TestApp, session: &str) -> Vec<EventKind> {
    let mut kinds: Vec<EventKind> = app
        .state(session)
        .await
        .events
        .into_iter()
        .map(|e| e.kind)
        .collect();
    kinds.reverse();
    kinds
}

/// Two full sessions of `ada`, who has no 2FA yet: the owner's from
/// SignUp, and another opened with the password.
async fn two_sessions(app: &TestApp) -> (String, String) {
    let owner = app.signed_up("ada", PASSWORD).await;
    let other = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session");
    (owner, other)
}

#[tokio::test]
async fn enabling_2fa_ends_a_session_opened_with_a_phished_password_before() {
    // Arrange: the thief signed in with the password before the owner
    // turned 2FA on.
    let app = TestApp::spawn();
    let (owner, thief) = two_sessions(&app).await;

    // Act
    app.check_password(&owner, PASSWORD).await.expect("confirm");
    let setup = app.setup_2fa(&owner).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);
    app.enable_2fa(&owner, &phone.next_code().await)
        .await
        .expect("Enable2FA");

    // Assert: the thief cannot even ask for the password pop-up, let alone
    // read the recovery codes; the owner's session goes on.
    app.check_password(&thief, PASSWORD)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_backup_codes(&thief)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&owner).await.expect("the owner stays");
}

#[tokio::test]
async fn only_the_session_that_started_the_setup_can_enable_it() {
    // Arrange
    let app = TestApp::spawn();
    let (owner, other) = two_sessions(&app).await;
    app.check_password(&owner, PASSWORD).await.expect("confirm");
    let setup = app.setup_2fa(&owner).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);

    // Act: even with the right code, another session is refused.
    let refused = app
        .enable_2fa(&other, &phone.next_code().await)
        .await
        .refused(ResultCode::NoPendingSetup);

    // Assert
    assert!(refused.error.contains("another session"), "{refused}");
    assert!(!app.get_account(&owner).await.unwrap().two_factor.enabled);
    app.enable_2fa(&owner, &phone.next_code().await)
        .await
        .expect("the owner's own session enables it");
}

#[tokio::test]
async fn wrong_codes_at_enabling_are_counted_logged_and_the_fifth_needs_the_password_again() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("confirm");
    let setup = app.setup_2fa(&session).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);

    // Act
    let mut left = Vec::new();
    for _ in 0..4 {
        let error = app
            .enable_2fa(&session, &phone.wrong_code())
            .await
            .refused(ResultCode::InvalidCode);
        left.push(error.attempts_left);
    }
    let fifth = app
        .enable_2fa(&session, &phone.wrong_code())
        .await
        .refused(ResultCode::NoPendingSetup);

    // Assert
    assert_eq!(left, [Some(4), Some(3), Some(2), Some(1)]);
    assert!(fifth.error.contains("discarded"), "{fifth}");
    app.enable_2fa(&session, &phone.next_code().await)
        .await
        .refused(ResultCode::NoPendingSetup);
    app.setup_2fa(&session)
        .await
        .refused(ResultCode::PasswordConfirmationRequired);
    let kinds = event_kinds(&app, &session).await;
    let failed = kinds
        .iter()
        .filter(|k| **k == EventKind::TwoFactorSetupCodeFailed)
        .count();
    assert_eq!(failed, 5, "{kinds:?}");
    assert!(kinds.contains(&EventKind::TwoFactorSetupDiscarded));
}

#[tokio::test]
async fn a_session_that_a_racing_change_ended_never_wins_its_retry() {
    // Two sessions of one owner, both with the password confirmed, send
    // Regenerate2FABackupCodes (A) and Disable2FA (B) at the same moment.
    // Each ends the other sessions, so exactly one may succeed: the loser
    // retries on the winner's account, where its session is over.
    for round in 0..12 {
        // Arrange
        let app = Arc::new(TestApp::spawn());
        let ada = app.enrolled("ada", PASSWORD).await;
        let a = ada.session.clone();
        let b = app
            .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
            .await;
        app.check_password(&b, PASSWORD).await.expect("confirm B");
        let barrier = Arc::new(Barrier::new(2));

        // Act
        let regenerate = {
            let (app, barrier) = (app.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                app.regenerate_backup_codes(&a).await.is_ok()
            })
        };
        let disable = {
            let (app, barrier, b) = (app.clone(), barrier.clone(), b.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                app.disable_2fa(&b).await.is_ok()
            })
        };
        let regenerated = regenerate.await.expect("task");
        let disabled = disable.await.expect("task");

        // Assert
        assert!(
            regenerated ^ disabled,
            "round {round}: regenerated {regenerated}, disabled {disabled}"
        );
        let winner = if regenerated { &ada.session } else { &b };
        let loser = if regenerated { &b } else { &ada.session };
        app.get_account(loser)
            .await
            .refused(ResultCode::NotSignedIn);
        let account = app.get_account(winner).await.expect("the winner stays");
        assert_eq!(account.two_factor.enabled, regenerated, "round {round}");
    }
}

#[tokio::test]
async fn a_lock_on_app_codes_never_keeps_the_owner_s_recovery_codes_out() {
    // Arrange: someone with the password locks the app codes.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    for _ in 0..5 {
        let _ = app.verify_2fa_code(&pending, &ada.phone.wrong_code()).await;
    }
    let locked = app
        .verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::SecondFactorLocked);
    assert!(locked.retry_after.is_some());

    // Act: the owner uses a recovery code.
    let answer = app
        .verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .expect("a recovery code works while app codes are locked");

    // Assert: the refusal while locked was logged.
    let session = answer.session.session.expect("a session");
    let kinds = event_kinds(&app, &session).await;
    assert!(
        kinds.contains(&EventKind::SecondFactorRefusedWhileLocked),
        "{kinds:?}"
    );
    assert!(kinds.contains(&EventKind::SecondFactorLocked));
}

#[tokio::test]
async fn after_the_stop_only_a_recovery_code_signs_in_and_it_switches_app_codes_back_on() {
    // Arrange: a stop after three wrong app codes in a row.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_CODE_MAX_FAILURES", "5"),
        ("TWOFOLD_CODE_STOP_AFTER", "3"),
    ]));
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    for _ in 0..2 {
        app.verify_2fa_code(&pending, &ada.phone.wrong_code())
            .await
            .refused(ResultCode::InvalidCode);
    }

    // Act
    app.verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::TotpStopped);

    // Assert: even the right code is refused, and a new sign-in says so.
    app.verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .refused(ResultCode::TotpStopped);
    let again = app.sign_in("ada", PASSWORD).await.expect("sign in");
    assert!(again.totp_stopped);
    assert_eq!(again.attempts_left, Some(0));
    let pending = again.session.expect("pending");
    app.verify_2fa_code(&pending, &ada.recovery_codes[0])
        .await
        .expect("a recovery code signs in");
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .expect("app codes work again");
}

#[tokio::test]
async fn the_right_password_on_a_2fa_account_shows_in_the_owner_s_log() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;

    // Act: someone with the password stops at the code step.
    app.pending("ada", PASSWORD).await;

    // Assert
    let kinds = event_kinds(&app, &ada.session).await;
    assert_eq!(
        kinds.last(),
        Some(&EventKind::PasswordAccepted),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn sign_ups_are_throttled_per_address() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS",
        "3",
    )]));
    for login in ["ada", "bob", "cyd"] {
        app.sign_up(login, PASSWORD).await.expect("sign up");
    }

    // Act
    let refused = app
        .sign_up("dee", PASSWORD)
        .await
        .refused(ResultCode::TooManySignUps);

    // Assert: probing taken logins counts too.
    assert!(refused.retry_after.is_some_and(|s| s > 0 && s <= 900));
    app.sign_up("ada", PASSWORD)
        .await
        .refused(ResultCode::TooManySignUps);
}

#[tokio::test]
async fn correct_sign_ins_from_one_address_all_succeed_however_many_are_in_flight() {
    // Arrange: 180 people behind one address, and one of them in 20 tabs.
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS",
        "1000",
    )])));
    for i in 0..180 {
        app.sign_up(&format!("user{i}"), PASSWORD)
            .await
            .expect("sign up");
    }
    let logins: Vec<String> = (0..180)
        .map(|i| format!("user{i}"))
        .chain((0..20).map(|_| "user0".to_owned()))
        .collect();
    let barrier = Arc::new(Barrier::new(logins.len()));

    // Act
    let tasks: Vec<_> = logins
        .into_iter()
        .map(|login| {
            let (app, barrier) = (app.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                app.sign_in(&login, PASSWORD).await
            })
        })
        .collect();

    // Assert
    for task in tasks {
        task.await
            .expect("task")
            .expect("a correct password is never throttled");
    }
}

/// Sends `count` wrong passwords for `login` at once; returns how many were
/// checked (the others were refused unchecked by the throttle).
async fn wrong_guesses_at_once(app: &Arc<TestApp>, login: &str, count: usize) -> usize {
    let barrier = Arc::new(Barrier::new(count));
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let (app, barrier, login) = (app.clone(), barrier.clone(), login.to_owned());
            tokio::spawn(async move {
                barrier.wait().await;
                app.sign_in(&login, &format!("wrong guess {i}")).await
            })
        })
        .collect();
    let mut checked = 0;
    for task in tasks {
        match task.await.expect("task") {
            Err(error) if error.result == ResultCode::InvalidCredentials => checked += 1,
            Err(error) => assert_eq!(error.result, ResultCode::TooManySignInAttempts),
            Ok(_) => panic!("a wrong password signed in"),
        }
    }
    checked
}

#[tokio::test]
async fn concurrent_wrong_guesses_stop_at_the_limit() {
    // Arrange: the per-login limit is 10 (default).
    const LIMIT: usize = 10;
    const IN_FLIGHT: usize = 30;
    let app = Arc::new(TestApp::spawn());
    app.sign_up("ada", PASSWORD).await.expect("sign up");

    // Act: two waves of 30 guesses at once.
    let first = wrong_guesses_at_once(&app, "ada", IN_FLIGHT).await;
    let second = wrong_guesses_at_once(&app, "ada", IN_FLIGHT).await;

    // Assert: of 60 guesses, exactly the limit was checked (each reserves
    // its slot before the hash), and now even the right password waits for
    // the window.
    assert_eq!((first, second), (LIMIT, 0));
    app.sign_in("ada", PASSWORD)
        .await
        .refused(ResultCode::TooManySignInAttempts);
}

#[tokio::test]
async fn a_time_or_step_sent_by_the_client_is_ignored() {
    // Arrange: a code from an hour ago, with the time it was made.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let then = twofold_e2e::api::unix_now() - 3600;
    let old_code = ada.phone.code_at(then);
    let body = serde_json::json!({
        "session": pending,
        "code": old_code,
        "time": then,
        "timestamp": then,
        "step": then / 30,
        "now": then,
    });

    // Act
    let answer = app
        .raw(
            &twofold_api::Method::Verify2FACode.path(),
            Some("application/json"),
            body.to_string().into_bytes(),
            &[],
        )
        .await;

    // Assert: checked against the server's clock, the code is an hour old.
    answer.assert_refused(ResultCode::InvalidCode);
}

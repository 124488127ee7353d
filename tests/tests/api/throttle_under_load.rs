//! The password throttle under concurrency and behind shared addresses: at
//! most `limit` wrong passwords are checked per window however many arrive
//! at once, right ones in flight are waited for rather than counted; a
//! browser that signed in before is not refused because of others' failures
//! (device cookies); a trusted proxy's clients are told apart; and even the
//! right password has a ceiling.

use std::sync::Arc;

use twofold_api::{events::EventKind, Method, ResultCode, CLIENT_HEADER, CLIENT_WEB};
use twofold_e2e::{Raw, Refused, ServerOptions, TestApp, PASSWORD};

const JSON: Option<&str> = Some("application/json");

/// SignIn as JSON with extra headers, the raw answer.
async fn sign_in_raw(app: &TestApp, login: &str, password: &str, headers: &[(&str, &str)]) -> Raw {
    let body = serde_json::json!({ "login": login, "password": password })
        .to_string()
        .into_bytes();
    app.raw(&Method::SignIn.path(), JSON, body, headers).await
}

/// The `name=value` of the device cookie an answer set.
fn device_cookie(answer: &Raw) -> String {
    answer
        .cookie("twofold_device")
        .unwrap_or_else(|| panic!("a device cookie in {:?}", answer.headers))
}

/// Runs `count` calls of `call` at once and returns their answers.
async fn all_at_once<T, F, Fut>(count: usize, call: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..count {
        calls.spawn(call(i));
    }
    calls.join_all().await
}

/// How many of `answers` have each result.
fn tally(answers: &[Raw], code: ResultCode) -> usize {
    answers.iter().filter(|a| a.result() == Some(code)).count()
}

#[tokio::test]
async fn sixty_four_concurrent_wrong_passwords_for_one_login_check_at_most_ten() {
    // Arrange: 32 hash threads, so all 64 could be checked at once.
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_PASSWORD_HASH_CONCURRENCY", "32"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ])));
    let owner = app.signed_up("ada", PASSWORD).await;

    // Act
    let answers = all_at_once(64, |i| {
        let app = app.clone();
        async move { sign_in_raw(&app, "ada", &format!("guess number {i}"), &[]).await }
    })
    .await;

    // Assert: ten checked (and logged), every other refused unchecked.
    assert_eq!(tally(&answers, ResultCode::InvalidCredentials), 10);
    assert_eq!(tally(&answers, ResultCode::TooManySignInAttempts), 54);
    let failed = app
        .state(&owner)
        .await
        .events
        .iter()
        .filter(|e| e.kind == EventKind::SignInFailed)
        .count();
    assert_eq!(failed, 10, "exactly the checked ones are logged");
}

#[tokio::test]
async fn sixty_four_concurrent_wrong_passwords_from_one_address_check_at_most_its_limit() {
    // Arrange
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_PASSWORD_HASH_CONCURRENCY", "32"),
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "20"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ])));

    // Act: made-up logins, one address.
    let answers = all_at_once(64, |i| {
        let app = app.clone();
        async move { sign_in_raw(&app, &format!("nobody{i}"), "a wrong password", &[]).await }
    })
    .await;

    // Assert
    assert_eq!(tally(&answers, ResultCode::InvalidCredentials), 20);
    assert_eq!(tally(&answers, ResultCode::TooManySignInAttempts), 44);
}

#[tokio::test]
async fn twenty_concurrent_right_passwords_for_one_login_all_sign_in() {
    // Arrange: more right sign-ins at once than the per-login limit.
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_PASSWORD_HASH_CONCURRENCY",
        "32",
    )])));
    app.signed_up("ada", PASSWORD).await;

    // Act
    let answers = all_at_once(20, |_| {
        let app = app.clone();
        async move { app.sign_in("ada", PASSWORD).await }
    })
    .await;

    // Assert: slots held by right passwords in flight are waited for,
    // never counted as failures.
    for answer in answers {
        answer.expect("a right password is never refused for others in flight");
    }
}

#[tokio::test]
async fn a_browser_that_signed_in_before_is_not_locked_out_by_its_neighbours_or_a_guesser() {
    // Arrange: the owner's browser signed in once and holds its cookie.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SIGN_IN_WINDOW_SECONDS",
        "3600",
    )]));
    app.signed_up("ada", PASSWORD).await;
    let web = [(CLIENT_HEADER, CLIENT_WEB)];
    let first = sign_in_raw(&app, "ada", PASSWORD, &web).await;
    first.assert_ok();
    let device = device_cookie(&first);
    let live = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("a script's session");
    let live = live.session.expect("a full session");

    // Act: ten wrong passwords on the owner's login from a new client, then
    // seventy from the same address against made-up logins.
    for i in 0..10 {
        sign_in_raw(&app, "ada", &format!("wrong {i}"), &[])
            .await
            .assert_refused(ResultCode::InvalidCredentials);
    }
    for i in 0..70 {
        let answer = sign_in_raw(&app, &format!("made-up-{i}"), "wrong", &[]).await;
        assert!(answer.result() != Some(ResultCode::Ok));
    }

    // Assert: a new client is refused (the control)...
    sign_in_raw(&app, "ada", PASSWORD, &[])
        .await
        .assert_refused(ResultCode::TooManySignInAttempts);
    // ...the browser that signed in before is not...
    let cookie = [(CLIENT_HEADER, CLIENT_WEB), ("cookie", device.as_str())];
    sign_in_raw(&app, "ada", PASSWORD, &cookie)
        .await
        .assert_ok();
    // ...nor is the password asked again of a live session.
    app.check_password(&live, PASSWORD)
        .await
        .expect("CheckPassword from a live session");
    app.create_token(&live, PASSWORD, "ci", &["GetAccount"], None)
        .await
        .expect("CreateToken from a live session");
}

#[tokio::test]
async fn a_device_cookie_vouches_for_the_logins_that_signed_in_with_it_only() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SIGN_IN_WINDOW_SECONDS",
        "3600",
    )]));
    app.signed_up("ada", PASSWORD).await;
    app.signed_up("bob", PASSWORD).await;
    let web = [(CLIENT_HEADER, CLIENT_WEB)];
    let device = device_cookie(&sign_in_raw(&app, "ada", PASSWORD, &web).await);
    let cookie = [(CLIENT_HEADER, CLIENT_WEB), ("cookie", device.as_str())];

    // Act: bob's login is guessed full.
    for i in 0..10 {
        sign_in_raw(&app, "bob", &format!("wrong {i}"), &[])
            .await
            .assert_refused(ResultCode::InvalidCredentials);
    }

    // Assert: ada's device is nobody to bob's login, nor is a forged one.
    sign_in_raw(&app, "bob", PASSWORD, &cookie)
        .await
        .assert_refused(ResultCode::TooManySignInAttempts);
    let forged = format!("{device}x");
    let forged = [(CLIENT_HEADER, CLIENT_WEB), ("cookie", forged.as_str())];
    sign_in_raw(&app, "bob", PASSWORD, &forged)
        .await
        .assert_refused(ResultCode::TooManySignInAttempts);
}

#[tokio::test]
async fn a_device_that_spends_its_own_budget_is_counted_like_anyone_else() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_DEVICE", "2"),
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    app.signed_up("ada", PASSWORD).await;
    let web = [(CLIENT_HEADER, CLIENT_WEB)];
    let device = device_cookie(&sign_in_raw(&app, "ada", PASSWORD, &web).await);
    let cookie = [(CLIENT_HEADER, CLIENT_WEB), ("cookie", device.as_str())];

    // Act: the device's two, then the login's three, then refused.
    let mut codes = Vec::new();
    for i in 0..6 {
        let answer = sign_in_raw(&app, "ada", &format!("typo {i}"), &cookie).await;
        codes.push(answer.result());
    }

    // Assert
    let wrong = Some(ResultCode::InvalidCredentials);
    let throttled = Some(ResultCode::TooManySignInAttempts);
    assert_eq!(codes, [wrong, wrong, wrong, wrong, wrong, throttled]);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_address_bucket() {
    // Arrange: twofold-local trusts the loopback proxy in front of it.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_TRUSTED_PROXIES", "127.0.0.1"),
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "5"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    app.signed_up("ada", PASSWORD).await;
    let guesser = [("x-forwarded-for", "198.51.100.9, 203.0.113.1")];
    let neighbour = [("x-forwarded-for", "203.0.113.2")];

    // Act
    for i in 0..5 {
        sign_in_raw(&app, &format!("made-up-{i}"), "wrong", &guesser)
            .await
            .assert_refused(ResultCode::InvalidCredentials);
    }

    // Assert
    sign_in_raw(&app, "ada", PASSWORD, &guesser)
        .await
        .assert_refused(ResultCode::TooManySignInAttempts);
    sign_in_raw(&app, "ada", PASSWORD, &neighbour)
        .await
        .assert_ok();
    let events = app
        .state(&app.signed_up("bob", PASSWORD).await)
        .await
        .events;
    assert_eq!(
        events[0].ip.as_deref(),
        Some("127.0.0.1"),
        "bob's own sign-up, unforwarded"
    );
}

#[tokio::test]
async fn without_a_trusted_proxy_a_forwarded_address_changes_nothing() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "5"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    app.signed_up("ada", PASSWORD).await;

    // Act: every guess claims another address.
    for i in 0..5 {
        let forged = format!("203.0.113.{i}");
        sign_in_raw(
            &app,
            &format!("made-up-{i}"),
            "wrong",
            &[("x-forwarded-for", forged.as_str())],
        )
        .await
        .assert_refused(ResultCode::InvalidCredentials);
    }

    // Assert
    sign_in_raw(
        &app,
        "ada",
        PASSWORD,
        &[("x-forwarded-for", "198.51.100.1")],
    )
    .await
    .assert_refused(ResultCode::TooManySignInAttempts);
}

#[tokio::test]
async fn even_the_right_password_waits_past_the_ceiling_on_successes() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    app.signed_up("ada", PASSWORD).await;

    // Act
    for _ in 0..3 {
        app.sign_in("ada", PASSWORD)
            .await
            .expect("under the ceiling");
    }
    let refused = app
        .sign_in("ada", PASSWORD)
        .await
        .refused(ResultCode::TooManySignInAttempts);

    // Assert
    assert!(refused.retry_after.is_some_and(|s| s > 0 && s <= 3600));
    app.sign_in("bob-is-not-here", PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
}

#[tokio::test]
async fn password_checks_past_the_queue_are_refused_as_busy_with_retry_after() {
    // Arrange: one hash thread (two checks admitted) and a queue of one.
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_PASSWORD_HASH_CONCURRENCY", "1"),
        ("TWOFOLD_PASSWORD_QUEUE", "1"),
    ])));
    app.signed_up("ada", PASSWORD).await;

    // Act
    let answers = all_at_once(40, |_| {
        let app = app.clone();
        async move { sign_in_raw(&app, "ada", PASSWORD, &[]).await }
    })
    .await;

    // Assert: some got in, the rest were told to come back.
    let busy: Vec<&Raw> = answers
        .iter()
        .filter(|a| a.result() == Some(ResultCode::Unavailable))
        .collect();
    assert!(!busy.is_empty(), "forty at once overflow a queue of one");
    assert!(tally(&answers, ResultCode::Ok) >= 3);
    for answer in busy {
        answer.assert_refused(ResultCode::Unavailable);
        assert!(answer.headers.get("retry-after").is_some());
    }
}

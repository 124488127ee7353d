//! Races over HTTP: twenty pending sign-ins submit the same valid code at
//! the same moment; exactly one wins. A lost race with a recovery code is
//! counted once; with a code from the app it is "just used", not counted
//! (only the secret's holder can compute it).

use std::sync::Arc;

use tokio::sync::Barrier;
use twofold_api::{events::EventKind, ApiError, ResultCode};
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

const RACERS: usize = 20;

/// Enough attempts, of app codes and of recovery codes (each kind has its
/// own count), that none of the racers meets a lock, so each failure's
/// `attemptsLeft` shows it was counted exactly once. In an `Arc`: the
/// racing tasks share it.
fn roomy_app() -> Arc<TestApp> {
    Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_CODE_MAX_FAILURES", "20"),
        ("TWOFOLD_RECOVERY_MAX_FAILURES", "20"),
    ])))
}

/// `count` pending sign-ins. A sign-in holds a slot of the failed sign-in
/// throttle until its password is checked, so they go a few at a time.
async fn pending_sign_ins(app: &Arc<TestApp>, count: usize) -> Vec<String> {
    let mut pending = Vec::with_capacity(count);
    while pending.len() < count {
        let mut batch = tokio::task::JoinSet::new();
        for _ in 0..(count - pending.len()).min(4) {
            let app = app.clone();
            batch.spawn(async move { app.pending("ada", PASSWORD).await });
        }
        pending.extend(batch.join_all().await);
    }
    pending
}

/// Every pending session submits `code` once all are ready.
async fn race(app: &Arc<TestApp>, pending: Vec<String>, code: &str) -> Vec<Result<u32, ApiError>> {
    let barrier = Arc::new(Barrier::new(pending.len()));
    let racers: Vec<_> = pending
        .into_iter()
        .map(|token| {
            let (app, barrier, code) = (app.clone(), barrier.clone(), code.to_owned());
            tokio::spawn(async move {
                barrier.wait().await;
                app.verify_2fa_code(&token, &code)
                    .await
                    .map(|ok| ok.recovery_codes_left)
            })
        })
        .collect();
    let mut outcomes = Vec::with_capacity(racers.len());
    for racer in racers {
        outcomes.push(racer.await.expect("racer finished"));
    }
    outcomes
}

/// Asserts one winner and that the losers saw 19, 18, ... 1 attempts left.
fn assert_one_winner(outcomes: &[Result<u32, ApiError>]) {
    let winners = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(winners, 1, "{outcomes:?}");
    let mut attempts_left: Vec<u32> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().err())
        .map(|error| {
            assert_eq!(error.result, ResultCode::InvalidCode, "{error}");
            error.attempts_left.expect("attemptsLeft")
        })
        .collect();
    attempts_left.sort_unstable();
    assert_eq!(
        attempts_left,
        (1..RACERS as u32).collect::<Vec<_>>(),
        "each failure counted once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_sign_ins_with_the_same_totp_code_let_exactly_one_in() {
    // Arrange
    let app = roomy_app();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let pending = pending_sign_ins(&app, RACERS).await;
    let code = ada.phone.next_code().await;

    // Act
    let outcomes = race(&app, pending, &code).await;

    // Assert
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
    for error in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert_eq!(error.result, ResultCode::CodeJustUsed, "{error}");
        assert_eq!(error.attempts_left, Some(RACERS as u32), "not counted");
        assert!(error.retry_after.is_some_and(|s| (1..=60).contains(&s)));
    }
    let events = app.state(&ada.session).await.events;
    let count = |kind| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(count(EventKind::SignedInWithTotp), 1);
    assert_eq!(count(EventKind::SecondFactorFailed), 0);
    assert_eq!(
        app.sign_in("ada", PASSWORD)
            .await
            .expect("sign in")
            .attempts_left,
        Some(RACERS as u32)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_sign_ins_with_the_same_recovery_code_let_exactly_one_in() {
    // Arrange
    let app = roomy_app();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = pending_sign_ins(&app, RACERS).await;

    // Act
    let outcomes = race(&app, pending, &ada.recovery_codes[0]).await;

    // Assert
    assert_one_winner(&outcomes);
    assert_eq!(outcomes.iter().find_map(|o| o.as_ref().ok()), Some(&9));
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert_eq!(account.two_factor.recovery_codes_left, 9);
}

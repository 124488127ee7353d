//! The most tokens an account holds, alone and under CreateToken calls that
//! race for the last places.

use twofold_api::{events::EventKind, tokens::Selection, ResultCode};
use twofold_e2e::{Proof, Refused, ServerOptions, TestApp, PASSWORD};

use super::events;

/// The most tokens an account holds (docs/API.md: 50, so that DeleteTokens
/// `*` fits one transaction with its event).
const MAX_TOKENS: usize = 50;

#[tokio::test]
async fn concurrent_create_token_calls_never_pass_the_token_limit() {
    use std::sync::Arc;

    // Arrange: five places left, fifteen callers at once (the throttle
    // roomy enough that only the limit refuses them).
    const RACERS: usize = 15;
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "50"),
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "1000"),
        ("TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN", "1000"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ])));
    let session = app.signed_up("ada", PASSWORD).await;
    for i in 0..MAX_TOKENS - 5 {
        app.token(&session, &format!("t{i}"), &["GetAccount"]).await;
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(RACERS));

    // Act
    let racers: Vec<_> = (0..RACERS)
        .map(|i| {
            let (app, session, barrier) = (app.clone(), session.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                app.create_token(
                    &session,
                    PASSWORD,
                    &format!("racer {i}"),
                    &["GetAccount"],
                    None,
                )
                .await
                .map(|_| ())
                .map_err(|e| e.result)
            })
        })
        .collect();
    let mut made = 0;
    for racer in racers {
        match racer.await.expect("racer") {
            Ok(()) => made += 1,
            Err(code) => assert!(
                matches!(code, ResultCode::TooManyTokens | ResultCode::Busy),
                "{code:?}"
            ),
        }
    }

    // Assert
    let held = app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .len();
    assert!(made <= 5, "{made} made with 5 places left");
    assert!(held <= MAX_TOKENS, "{held} tokens held");
    assert_eq!(held, MAX_TOKENS - 5 + made);
}

#[tokio::test]
async fn an_account_holds_at_most_50_tokens() {
    // Arrange: one step-up covers every token made after it.
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("confirm");
    for i in 0..MAX_TOKENS {
        app.create_token_with(
            &session,
            Proof::default(),
            &format!("t{i}"),
            &["GetAccount"],
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("token {i}: {e}"));
    }

    // Act
    let answer = app
        .create_token_with(
            &session,
            Proof::default(),
            "one too many",
            &["GetAccount"],
            None,
        )
        .await;

    // Assert
    answer.refused(ResultCode::TooManyTokens);
    let all = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens * takes them all at once");
    assert_eq!(all.deleted as usize, MAX_TOKENS);
    let event = events(&app, &session)
        .await
        .into_iter()
        .find(|e| e.kind == EventKind::TokensDeleted)
        .expect("tokensDeleted logged");
    assert_eq!(event.count, Some(MAX_TOKENS as u32));
    app.token(&session, "room again", &["GetAccount"]).await;
}

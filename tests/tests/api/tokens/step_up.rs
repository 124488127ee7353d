//! Changing tokens takes a full session and the password: a wrong password
//! is refused, changes nothing and is counted in the session's own budget;
//! a pending session, no credential and a token as the caller are refused.

use serde_json::json;
use twofold_api::{events::EventKind, tokens::Selection, Method, ResultCode};
use twofold_e2e::{Refused, ServerOptions, TestApp, TokenChanges, PASSWORD};

use super::{events, key};

#[tokio::test]
async fn create_token_refuses_a_wrong_password_and_counts_it_in_the_session_s_budget() {
    // Arrange: three failures per login (and per session) per hour.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let mut wrong = Vec::new();
    for _ in 0..3 {
        wrong.push(
            app.create_token(&session, "not the password", "ci", &["GetAccount"], None)
                .await
                .refused(ResultCode::InvalidCredentials),
        );
    }
    let right = app
        .create_token(&session, PASSWORD, "ci", &["GetAccount"], None)
        .await;

    // Assert
    assert!(wrong
        .iter()
        .all(|e| e.error.to_lowercase().contains("password")));
    right.refused(ResultCode::TooManySignInAttempts);
    app.sign_in("ada", PASSWORD)
        .await
        .expect("a session's guesses never lock the login");
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    assert!(!events(&app, &session)
        .await
        .iter()
        .any(|e| e.kind == EventKind::TokenCreated));
}

#[tokio::test]
async fn edit_regenerate_and_delete_refuse_a_wrong_password_and_change_nothing() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    let before = app.get_tokens(&session).await.expect("GetTokens");
    let wrong = "not the password";

    // Act + Assert
    app.edit_token(&session, wrong, token.id, TokenChanges::description("x"))
        .await
        .refused(ResultCode::InvalidCredentials);
    app.regenerate_token(&session, wrong, token.id)
        .await
        .refused(ResultCode::InvalidCredentials);
    app.delete_tokens(&session, wrong, Selection::All)
        .await
        .refused(ResultCode::InvalidCredentials);

    // Assert
    assert_eq!(app.get_tokens(&session).await.expect("GetTokens"), before);
    app.get_account(&value)
        .await
        .expect("the token still works");
    let kinds: Vec<EventKind> = events(&app, &session)
        .await
        .iter()
        .map(|e| e.kind)
        .collect();
    for kind in [
        EventKind::TokenEdited,
        EventKind::TokenRegenerated,
        EventKind::TokensDeleted,
    ] {
        assert!(!kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
}

#[tokio::test]
async fn the_token_methods_refuse_a_pending_session_and_no_credential() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let token = app.token(&ada.session, "ci", &["GetAccount"]).await;
    let pending = app.pending("ada", PASSWORD).await;
    let pending_code = ResultCode::SecondFactorRequired;

    // Act + Assert: a pending session.
    app.create_token(&pending, PASSWORD, "ci", &["GetAccount"], None)
        .await
        .refused(pending_code);
    app.get_tokens(&pending).await.refused(pending_code);
    app.edit_token(&pending, PASSWORD, token.id, TokenChanges::description("x"))
        .await
        .refused(pending_code);
    app.regenerate_token(&pending, PASSWORD, token.id)
        .await
        .refused(pending_code);
    app.delete_tokens(&pending, PASSWORD, Selection::All)
        .await
        .refused(pending_code);
    app.authorize(&pending, "GetAccount")
        .await
        .refused(pending_code);
    app.get_sessions(&pending).await.refused(pending_code);
    app.sign_out_sessions(&pending, Selection::All)
        .await
        .refused(pending_code);

    // No credential at all.
    for (method, body) in [
        (
            Method::CreateToken,
            json!({"password": PASSWORD, "description": "ci", "apiList": ["GetAccount"]}),
        ),
        (Method::GetTokens, json!({})),
        (
            Method::DeleteTokens,
            json!({"password": PASSWORD, "ids": "*"}),
        ),
        (Method::Authorize, json!({"method": "GetAccount"})),
        (Method::GetSessions, json!({})),
        (Method::SignOutSessions, json!({"ids": "*"})),
    ] {
        app.post_json(method, None, &body)
            .await
            .assert_refused(ResultCode::NotSignedIn);
    }

    // Assert
    let tokens = app
        .get_tokens(&ada.session)
        .await
        .expect("GetTokens")
        .tokens;
    assert_eq!(tokens.len(), 1);
    app.get_account(&key(&token)).await.expect("untouched");
}

#[tokio::test]
async fn create_token_refuses_a_token_as_the_caller() {
    // Arrange: a token allowed everything a token may call.
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app
        .token(&session, "ci", &["GetAccount", "GetEvents", "Authorize"])
        .await);

    // Act
    let answer = app
        .create_token(&value, PASSWORD, "child", &["GetAccount"], None)
        .await;

    // Assert
    answer.refused_method("CreateToken");
    assert_eq!(
        app.get_tokens(&session)
            .await
            .expect("GetTokens")
            .tokens
            .len(),
        1
    );
}

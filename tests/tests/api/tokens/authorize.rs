//! Authorize: yes for a session and any valid method name, for a token
//! within its list (and no further); never for a pending or ended session.

use serde_json::json;
use twofold_api::{tokens::Via, Method, ResultCode};
use twofold_e2e::{Refused, TestApp, PASSWORD};

use super::key;

#[tokio::test]
async fn authorize_answers_yes_for_a_session_and_any_valid_method_name() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let own_id = app
        .authorize(&session, "GetAccount")
        .await
        .expect("Authorize");

    // Act + Assert
    assert_eq!(own_id.login, "ada");
    assert!(!own_id.user_id.is_empty());
    assert_eq!(own_id.via, Via::Session);
    assert_eq!(own_id.token_id, None);
    for method in ["env.control.CreateEnvironment", "Disable2FA", "CreateToken"] {
        let answer = app.authorize(&session, method).await.expect(method);
        assert_eq!(answer, own_id, "{method}");
    }
    let raw = app
        .post_json(
            Method::Authorize,
            Some(&session),
            &json!({"method": "GetAccount"}),
        )
        .await;
    raw.assert_ok();
    assert!(raw.body.get("tokenId").is_none(), "{}", raw.body);
    for bad in ["Nope", "getaccount", "env.control.", ""] {
        let error = app
            .authorize(&session, bad)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("method"), "{bad:?}");
    }
}

#[tokio::test]
async fn authorize_answers_for_a_token_within_its_list_and_refuses_outside_it() {
    // Arrange: Authorize itself need not be in the list.
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let by_session = app
        .authorize(&session, "GetAccount")
        .await
        .expect("Authorize");
    app.token(&session, "first", &["GetEvents"]).await;
    let token = app
        .token(
            &session,
            "deploy",
            &["GetAccount", "env.control.CreateEnvironment"],
        )
        .await;
    let value = key(&token);

    // Act
    let platform = app
        .authorize(&value, "env.control.CreateEnvironment")
        .await
        .expect("in its list");
    let own = app
        .authorize(&value, "GetAccount")
        .await
        .expect("in its list");
    let by_parameter: Result<twofold_api::tokens::AuthorizeResponse, _> = app
        .call_with_session_parameter(
            Method::Authorize,
            &value,
            &json!({"method": "env.control.CreateEnvironment"}),
        )
        .await;

    // Assert
    assert_eq!(platform.login, "ada");
    assert_eq!(platform.user_id, by_session.user_id);
    assert_eq!(platform.via, Via::Token);
    assert_eq!(platform.token_id, Some(token.id));
    assert_eq!(own, platform);
    assert_eq!(by_parameter.expect("by parameter"), platform);
    for outside in [
        "env.control.DeleteEnvironment",
        "GetEvents",
        "Disable2FA",
        "CreateToken",
        "GetSessions",
    ] {
        app.authorize(&value, outside).await.refused_method(outside);
    }
    let raw = app
        .post_json(
            Method::Authorize,
            Some(&value),
            &json!({"method": "env.control.DeleteEnvironment"}),
        )
        .await;
    raw.assert_refused(ResultCode::TokenMethodRefused);
    assert_eq!(raw.status.as_u16(), 403);
}

#[tokio::test]
async fn authorize_refuses_a_pending_session_and_an_ended_one() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let bob = app.signed_up("bob", PASSWORD).await;
    app.sign_out(&bob).await.expect("SignOut");

    // Act + Assert
    app.authorize(&pending, "GetAccount")
        .await
        .refused(ResultCode::SecondFactorRequired);
    app.authorize(&bob, "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    app.authorize("", "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    assert_eq!(
        app.authorize(&ada.session, "GetAccount")
            .await
            .expect("the full session")
            .via,
        Via::Session
    );
}

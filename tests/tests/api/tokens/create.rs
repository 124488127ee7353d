//! CreateToken: the key shown once with the token's fields, ids never
//! reused, and what it accepts (method names, description, expiry), each
//! refusal naming its parameter.

use serde_json::json;
use twofold_api::{
    events::EventKind,
    tokens::{Selection, DEFAULT_TOKEN_DAYS, MAX_API_LIST, MAX_TOKEN_DAYS},
    Method, ResultCode,
};
use twofold_e2e::{api::unix_now, Refused, TestApp, PASSWORD};

use super::{events, key, DAY};

#[tokio::test]
async fn create_token_shows_the_key_once_with_the_token_s_fields() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let before = unix_now();
    let first = app
        .create_token(
            &session,
            PASSWORD,
            "  deploy bot  ",
            &["GetAccount", "env.control.CreateEnvironment", "GetAccount"],
            None,
        )
        .await
        .expect("CreateToken")
        .token;
    let after = unix_now();
    let second = app.token(&session, "backup", &["GetEvents"]).await;

    // Assert
    let value = key(&first);
    let random = value.strip_prefix("tft_").expect("tft_ prefix");
    assert!(
        random.len() >= 43,
        "at least 256 bits in base64url: {value}"
    );
    assert!(
        random
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "base64url: {value}"
    );
    assert_ne!(key(&second), value);
    assert_eq!((first.id, second.id), (1, 2));
    assert_eq!(first.description, "deploy bot");
    assert!((before..=after).contains(&first.created_at));
    assert_eq!(
        first.expires_at,
        first.created_at + DEFAULT_TOKEN_DAYS * DAY
    );
    assert_eq!(
        first.api_list,
        ["GetAccount", "env.control.CreateEnvironment"],
        "duplicates are kept once"
    );
    assert_eq!(first.last_used, None);
    assert_eq!(
        app.authorize(&value, "env.control.CreateEnvironment")
            .await
            .expect("a platform method in its list")
            .token_id,
        Some(1)
    );
}

#[tokio::test]
async fn token_ids_are_never_reused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.token(&session, "one", &["GetAccount"]).await;
    app.token(&session, "two", &["GetAccount"]).await;
    app.delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens");

    // Act
    let third = app.token(&session, "three", &["GetAccount"]).await;

    // Assert
    assert_eq!(third.id, 3);
}

#[tokio::test]
async fn create_token_refuses_every_method_tokens_may_never_call_naming_api_list() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let never: Vec<Method> = Method::ALL
        .iter()
        .copied()
        .filter(|m| !m.token_may_call())
        .collect();
    for name in [
        "SignUp",
        "SignIn",
        "Verify2FACode",
        "CheckPassword",
        "Setup2FA",
        "Enable2FA",
        "Get2FABackupCodes",
        "Regenerate2FABackupCodes",
        "Disable2FA",
        "CreateToken",
        "GetTokens",
        "EditToken",
        "RegenerateToken",
        "DeleteTokens",
        "GetSessions",
        "SignOutSessions",
    ] {
        assert!(
            never.iter().any(|m| m.name() == name),
            "the issue forbids {name}"
        );
    }

    // Act + Assert
    for method in &never {
        let name = method.name();
        let error = app
            .create_token(&session, PASSWORD, "wide", &["GetAccount", name], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{name}");
        assert!(error.error.contains(name), "{name} named in: {error}");
    }
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
async fn create_token_refuses_unknown_names_empty_and_overlong_lists_naming_api_list() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let unknown = [
        "GetEverything",
        "getaccount",
        "GETACCOUNT",
        "Get Account",
        "env.CreateEnvironment",
        "Env.Control.CreateEnvironment",
        "env.control.",
        "env..control.CreateEnvironment",
        "env.control.createEnvironment",
        "../../admin",
    ];
    let too_many: Vec<String> = (0..=MAX_API_LIST)
        .map(|i| format!("env.control.Method{i}"))
        .collect();
    let just_enough: Vec<&str> = too_many
        .iter()
        .take(MAX_API_LIST)
        .map(String::as_str)
        .collect();
    let too_many: Vec<&str> = too_many.iter().map(String::as_str).collect();

    // Act + Assert
    for name in unknown {
        let error = app
            .create_token(&session, PASSWORD, "odd", &["GetAccount", name], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{name:?}");
        assert!(
            error.error.contains(name.trim()),
            "{name:?} named in: {error}"
        );
    }
    for list in [&[][..], &["", " "][..], &too_many[..]] {
        let error = app
            .create_token(&session, PASSWORD, "odd", list, None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{list:?}");
    }
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    let full = app
        .create_token(&session, PASSWORD, "all of them", &just_enough, None)
        .await
        .expect("200 names are allowed")
        .token;
    assert_eq!(full.api_list.len(), MAX_API_LIST);
}

#[tokio::test]
async fn create_token_refuses_a_bad_description_or_expiry_naming_it() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let now = unix_now();
    let long = "d".repeat(101);

    // Act + Assert: descriptions.
    for description in ["", "   ", long.as_str(), "two\nlines"] {
        let error = app
            .create_token(&session, PASSWORD, description, &["GetAccount"], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(
            error.parameter.as_deref(),
            Some("description"),
            "{description:?}"
        );
    }
    // Expiries: past, now, beyond 366 days.
    for expires_at in [now - 1, now - DAY, now + MAX_TOKEN_DAYS * DAY + 3600] {
        let error = app
            .create_token(&session, PASSWORD, "ci", &["GetAccount"], Some(expires_at))
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(
            error.parameter.as_deref(),
            Some("expiresAt"),
            "{expires_at}"
        );
    }
    let raw = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &json!({"password": PASSWORD, "description": "ci", "apiList": ["GetAccount"], "expiresAt": "soon"}),
        )
        .await;
    assert_eq!(
        raw.assert_refused(ResultCode::InvalidParameter).as_deref(),
        Some("expiresAt")
    );
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());

    // The limits themselves are allowed: 100 characters (not bytes), 366 days.
    let hundred = "é".repeat(100);
    let at_the_limit = unix_now() + MAX_TOKEN_DAYS * DAY - 60;
    let token = app
        .create_token(
            &session,
            PASSWORD,
            &hundred,
            &["GetAccount"],
            Some(at_the_limit),
        )
        .await
        .expect("100 characters, 366 days")
        .token;
    assert_eq!(token.description, hundred);
    assert_eq!(token.expires_at, at_the_limit);
}

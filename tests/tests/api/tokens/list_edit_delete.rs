//! GetTokens (never a key, newest first), EditToken (what is sent changes,
//! from the next request; what is refused changes nothing) and DeleteTokens
//! (ids, unknown ones skipped, `*`, never an empty selection).

use serde_json::json;
use twofold_api::{
    tokens::{AccessToken, Selection},
    Method, ResultCode,
};
use twofold_e2e::{api::unix_now, Refused, TestApp, TokenChanges, PASSWORD};

use super::{key, listed, DAY};

#[tokio::test]
async fn get_tokens_never_returns_a_key_and_lists_the_newest_first() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let first = app.token(&session, "first", &["GetAccount"]).await;
    let second = app.token(&session, "second", &["GetEvents"]).await;
    let keys = [key(&first), key(&second)];
    app.get_account(&keys[0]).await.expect("used once");

    // Act
    let raw = app
        .post_json(Method::GetTokens, Some(&session), &json!({}))
        .await;
    let typed = app.get_tokens(&session).await.expect("GetTokens");

    // Assert
    raw.assert_ok();
    let listed = raw.body["tokens"].as_array().expect("tokens");
    assert_eq!(listed.len(), 2);
    for token in listed {
        assert!(token.get("key").is_none(), "no key: {token}");
    }
    let text = raw.body.to_string();
    for value in &keys {
        let random = value.trim_start_matches("tft_");
        assert!(!text.contains(random), "a key in GetTokens: {text}");
    }
    assert_eq!(
        typed.tokens.iter().map(|t| t.id).collect::<Vec<_>>(),
        [2, 1],
        "newest first"
    );
    assert!(typed.tokens.iter().all(|t| t.key.is_none()));
    let newest = typed.tokens.first().expect("two");
    assert_eq!(newest.description, "second");
    assert_eq!(newest.api_list, ["GetEvents"]);
    assert_eq!(newest.expires_at, second.expires_at);
    assert_eq!(newest.created_at, second.created_at);
    assert_eq!(newest.last_used, None);
    assert!(typed.tokens.get(1).and_then(|t| t.last_used).is_some());
}

#[tokio::test]
async fn edit_token_changes_description_methods_and_expiry_from_the_next_request() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app
        .token(&session, "ci", &["GetAccount", "GetEvents"])
        .await;
    let value = key(&token);
    let later = unix_now() + 30 * DAY;

    // Act
    let raw = app
        .post_json(
            Method::EditToken,
            Some(&session),
            &json!({
                "password": PASSWORD,
                "id": token.id,
                "description": "ci, read only",
                "apiList": ["GetAccount"],
                "expiresAt": later,
            }),
        )
        .await;

    // Assert
    raw.assert_ok();
    assert!(raw.body["token"].get("key").is_none(), "{}", raw.body);
    assert_eq!(raw.body["token"]["description"], "ci, read only");
    assert_eq!(raw.body["token"]["apiList"], json!(["GetAccount"]));
    assert_eq!(raw.body["token"]["expiresAt"], later);
    app.get_events(&value, None, None)
        .await
        .refused_method("GetEvents");
    app.get_account(&value)
        .await
        .expect("the same value still works");
    let edited = listed(&app, &session, token.id).await;
    assert_eq!(edited.description, "ci, read only");
    assert_eq!(edited.api_list, ["GetAccount"]);
    assert_eq!(edited.expires_at, later);

    // Only what is sent changes; the owner may widen a list again.
    let widened = app
        .edit_token(
            &session,
            PASSWORD,
            token.id,
            TokenChanges::api_list(&["GetAccount", "GetEvents"]),
        )
        .await
        .expect("EditToken")
        .token;
    assert_eq!(widened.description, "ci, read only");
    assert_eq!(widened.expires_at, later);
    app.get_events(&value, None, None)
        .await
        .expect("widened by its owner");
}

#[tokio::test]
async fn edit_token_refuses_forbidden_and_unknown_names_and_bad_values_and_changes_nothing() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let before = listed(&app, &session, token.id).await;

    // Act + Assert
    for name in [
        "Disable2FA",
        "CreateToken",
        "GetSessions",
        "SignOutSessions",
        "Nope",
    ] {
        let error = app
            .edit_token(
                &session,
                PASSWORD,
                token.id,
                TokenChanges::api_list(&["GetAccount", name]),
            )
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{name}");
        assert!(error.error.contains(name), "{name} named in: {error}");
    }
    let error = app
        .edit_token(&session, PASSWORD, token.id, TokenChanges::description(" "))
        .await
        .refused(ResultCode::InvalidParameter);
    assert_eq!(error.parameter.as_deref(), Some("description"));
    let error = app
        .edit_token(
            &session,
            PASSWORD,
            token.id,
            TokenChanges::expires_at(unix_now() - 1),
        )
        .await
        .refused(ResultCode::InvalidParameter);
    assert_eq!(error.parameter.as_deref(), Some("expiresAt"));

    // Assert
    assert_eq!(listed(&app, &session, token.id).await, before);
    app.get_sessions(&key(&token))
        .await
        .refused_method("GetSessions");
}

#[tokio::test]
async fn delete_tokens_takes_ids_skips_unknown_ones_star_deletes_all_and_empty_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let tokens: Vec<AccessToken> = {
        let mut made = Vec::new();
        for name in ["one", "two", "three", "four"] {
            made.push(app.token(&session, name, &["GetAccount"]).await);
        }
        made
    };
    let values: Vec<String> = tokens.iter().map(key).collect();

    // Act + Assert: ids 1 and 99 (unknown).
    let deleted = app
        .delete_tokens(&session, PASSWORD, Selection::Only(vec![1, 99]))
        .await
        .expect("DeleteTokens");
    assert_eq!(deleted.deleted, 1);
    // An empty selection.
    let raw = app
        .post_json(
            Method::DeleteTokens,
            Some(&session),
            &json!({"password": PASSWORD, "ids": ""}),
        )
        .await;
    assert_eq!(
        raw.assert_refused(ResultCode::InvalidParameter).as_deref(),
        Some("ids")
    );
    let raw = app
        .post_json(
            Method::DeleteTokens,
            Some(&session),
            &json!({"password": PASSWORD, "ids": []}),
        )
        .await;
    assert_eq!(
        raw.assert_refused(ResultCode::InvalidParameter).as_deref(),
        Some("ids")
    );
    // A JSON array of ids.
    let raw = app
        .post_json(
            Method::DeleteTokens,
            Some(&session),
            &json!({"password": PASSWORD, "ids": [2]}),
        )
        .await;
    raw.assert_ok();
    assert_eq!(raw.body["deleted"], 1);
    // The rest with "*".
    let all = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens *");
    assert_eq!(all.deleted, 2);

    // Assert
    for value in &values {
        app.get_account(value)
            .await
            .refused(ResultCode::NotSignedIn);
    }
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    let none = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("nothing left to delete");
    assert_eq!(none.deleted, 0);
}

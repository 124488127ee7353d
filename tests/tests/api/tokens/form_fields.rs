//! Form fields, as the platform's forms send them: lists as separated
//! strings.

use serde_json::json;
use twofold_api::Method;
use twofold_e2e::{api::unix_now, TestApp, PASSWORD};

use super::DAY;

#[tokio::test]
async fn form_encoded_calls_take_lists_as_separated_strings() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let expires_at = (unix_now() + 7 * DAY).to_string();

    // Act
    let semicolons = app
        .post_form(
            Method::CreateToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("description", "from a form"),
                ("apiList", "GetAccount;GetEvents"),
                ("expiresAt", expires_at.as_str()),
            ],
        )
        .await;
    let commas = app
        .post_form(
            Method::CreateToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("description", "commas"),
                ("apiList", "GetAccount, env.control.CreateEnvironment"),
            ],
        )
        .await;
    let edited = app
        .post_form(
            Method::EditToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("id", "1"),
                ("apiList", "GetAccount"),
            ],
        )
        .await;
    let regenerated = app
        .post_form(
            Method::RegenerateToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("id", "2"),
            ],
        )
        .await;
    let authorized = app
        .post_form(
            Method::Authorize,
            &[("session", session.as_str()), ("method", "GetAccount")],
        )
        .await;
    let deleted = app
        .post_form(
            Method::DeleteTokens,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("ids", "1;2"),
            ],
        )
        .await;

    // Assert
    semicolons.assert_ok();
    assert_eq!(
        semicolons.body["token"]["apiList"],
        json!(["GetAccount", "GetEvents"])
    );
    assert_eq!(
        semicolons.body["token"]["expiresAt"]
            .as_u64()
            .map(|n| n.to_string()),
        Some(expires_at)
    );
    commas.assert_ok();
    assert_eq!(
        commas.body["token"]["apiList"],
        json!(["GetAccount", "env.control.CreateEnvironment"])
    );
    edited.assert_ok();
    assert_eq!(edited.body["token"]["apiList"], json!(["GetAccount"]));
    regenerated.assert_ok();
    assert!(regenerated.body["token"]["key"]
        .as_str()
        .is_some_and(|k| k.starts_with("tft_")));
    authorized.assert_ok();
    assert_eq!(authorized.body["via"], "session");
    deleted.assert_ok();
    assert_eq!(deleted.body["deleted"], 2);
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
}
